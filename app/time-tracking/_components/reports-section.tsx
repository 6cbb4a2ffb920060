'use client';

import { useState } from 'react';
import type { ReportQuery, SummaryReport } from '@/lib/client/api';
import { formatHours, formatMoney, formatMoneyCompact } from '@/lib/client/format';
import { useSummaryReport } from '@/lib/client/hooks';
import { zoneOf } from '@/lib/client/zoned-time';
import type { TimeTrackingSettings } from '@/lib/time-tracking/schemas';
import { addDays, localDate, periodRange } from '@/lib/time-tracking/timezone';
import { ProblemMessage } from './problem-message';

// The "Reports" card: earnings per day of a week, per week of 12 weeks or per
// month of a year (GET /reports/summary), as stacked bars split by payment
// status, in plain SVG (no chart library), each with its data table.

type View = 'week' | 'weeks' | 'year';
type Row = SummaryReport['rows'][number];

const VIEWS: { id: View; label: string }[] = [
  { id: 'week', label: 'Week' },
  { id: 'weeks', label: '12 weeks' },
  { id: 'year', label: 'Year' },
];

/** The report a view asks for, `offset` steps (weeks, 12 weeks, years) back from the one with `today`. */
function queryOf(view: View, today: string, offset: number): ReportQuery {
  switch (view) {
    case 'week': {
      const { from, to } = periodRange(addDays(today, 7 * offset), 'week');
      return { start_date: from, end_date: to, group_by: 'day' };
    }
    case 'weeks': {
      const end = addDays(periodRange(today, 'week').to, 84 * offset);
      return { start_date: addDays(end, -83), end_date: end, group_by: 'week' };
    }
    case 'year': {
      const year = String(Number(today.slice(0, 4)) + offset).padStart(4, '0');
      return { start_date: `${year}-01-01`, end_date: `${year}-12-31`, group_by: 'month' };
    }
  }
}

// Calendar dates are shown through UTC so that the browser's own zone plays no part.
const dateFormat = (options: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat(undefined, { ...options, timeZone: 'UTC' });
const WEEKDAY = dateFormat({ weekday: 'short' });
const DAY = dateFormat({ weekday: 'short', month: 'short', day: 'numeric' });
const SHORT_DAY = dateFormat({ month: 'short', day: 'numeric' });
const NUMERIC_DAY = dateFormat({ month: 'numeric', day: 'numeric' });
const MONTH = dateFormat({ month: 'short' });
const LONG_MONTH = dateFormat({ month: 'long', year: 'numeric' });
const utc = (date: string) => new Date(`${date}T00:00:00Z`);

/** The bar's short label and the table's full one. */
function labelsOf(view: View, row: Row): { short: string; long: string } {
  const start = utc(row.period_start);
  if (view === 'week') return { short: WEEKDAY.format(start), long: DAY.format(start) };
  if (view === 'year') return { short: MONTH.format(start), long: LONG_MONTH.format(start) };
  return {
    short: NUMERIC_DAY.format(start),
    long: `${SHORT_DAY.format(start)} – ${SHORT_DAY.format(utc(row.period_end))}`,
  };
}

function titleOf(view: View, range: { start_date: string; end_date: string }): string {
  if (view === 'year') return range.start_date.slice(0, 4);
  const [from, to] = [utc(range.start_date), utc(range.end_date)];
  return `${SHORT_DAY.format(from)} – ${SHORT_DAY.format(to)}, ${range.end_date.slice(0, 4)}`;
}

/** The view a report's rows belong to (while the next one loads, the previous one stays shown). */
const VIEW_OF_GROUP: Record<SummaryReport['group_by'], View> = { day: 'week', week: 'weeks', month: 'year' };

const STACK = [
  { key: 'unpaid', label: 'Unpaid' },
  { key: 'invoiced', label: 'Invoiced' },
  { key: 'paid', label: 'Paid' },
] as const;

/** Exact cents of an amount the API sent (at most 2 decimals), so totals are summed in integers. */
const cents = (amount: number) => Math.round(amount * 100);

export function ReportsSection({ settings }: { settings: TimeTrackingSettings }) {
  const [view, setView] = useState<View>('week');
  const [offset, setOffset] = useState(0);
  const [tableOpen, setTableOpen] = useState(false);
  const today = localDate(new Date(), zoneOf(settings.timezone));
  const query = queryOf(view, today, offset);
  const report = useSummaryReport(query);
  const money = (amount: number) => formatMoney(amount, settings.currency);
  const step = view === 'year' ? 'year' : view === 'week' ? 'week' : '12 weeks';
  const title = titleOf(view, query);

  return (
    <section className="card reports" aria-labelledby="reports-heading" aria-busy={report.isFetching}>
      <div className="section-head reports-head">
        <h2 id="reports-heading">Reports</h2>
        <fieldset className="segmented">
          <legend className="visually-hidden">Report period</legend>
          {VIEWS.map((v) => (
            <button
              key={v.id}
              type="button"
              aria-pressed={view === v.id}
              onClick={() => {
                setView(v.id);
                setOffset(0);
              }}
            >
              {v.label}
            </button>
          ))}
        </fieldset>
      </div>
      <div className="reports-nav">
        <button type="button" onClick={() => setOffset(offset - 1)} aria-label={`Earlier ${step}`}>
          ‹
        </button>
        <span className="reports-range" aria-live="polite" data-testid="reports-range">
          {title}
        </span>
        <button
          type="button"
          onClick={() => offset < 0 && setOffset(offset + 1)}
          aria-label={`Later ${step}`}
          aria-disabled={offset >= 0}
        >
          ›
        </button>
      </div>
      {report.isPending ? (
        <p className="muted">Loading…</p>
      ) : report.isError ? (
        <ProblemMessage error={report.error} />
      ) : (
        <ReportBody
          report={report.data}
          stale={report.isPlaceholderData}
          currency={settings.currency}
          money={money}
          tableOpen={tableOpen}
          onTableToggle={setTableOpen}
        />
      )}
    </section>
  );
}

function ReportBody({
  report,
  stale,
  currency,
  money,
  tableOpen,
  onTableToggle,
}: {
  report: SummaryReport;
  stale: boolean;
  currency: string;
  money: (amount: number) => string;
  tableOpen: boolean;
  onTableToggle: (open: boolean) => void;
}) {
  const view = VIEW_OF_GROUP[report.group_by];
  const rows = report.rows;
  const title = titleOf(view, report);
  const labels = rows.map((row) => labelsOf(view, row));
  const totalCents = rows.reduce((sum, row) => sum + cents(row.earned), 0);
  const per = view === 'week' ? 'day' : view === 'weeks' ? 'week' : 'month';
  const caption = `Hours and earnings per ${per}, ${title}`;
  return (
    <div className={stale ? 'reports-body reports-stale' : 'reports-body'}>
      <p className="reports-total" data-testid="reports-total">
        {money(totalCents / 100)} earned
      </p>
      <BarChart rows={rows} labels={labels.map((l) => l.short)} currency={currency} caption={caption} />
      <ul className="chart-legend" aria-hidden="true">
        {STACK.map((s) => (
          <li key={s.key}>
            <span className={`swatch swatch-${s.key}`} /> {s.label}
          </li>
        ))}
        <li>Over each bar: its hours</li>
      </ul>
      {/* The table is rendered while open only: closed, it is hidden from everyone anyway. */}
      <details
        className="reports-table"
        open={tableOpen}
        onToggle={(event) => onTableToggle(event.currentTarget.open)}
      >
        <summary>Data table</summary>
        {tableOpen && (
          <div className="table-scroll">
            <table data-testid="reports-table">
              <caption>{caption}</caption>
              <thead>
                <tr>
                  <th scope="col">{per[0]!.toUpperCase() + per.slice(1)}</th>
                  <th scope="col">Hours</th>
                  <th scope="col">Earned</th>
                  <th scope="col">Unpaid</th>
                  <th scope="col">Invoiced</th>
                  <th scope="col">Paid</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row, i) => (
                  <tr key={row.period_start} data-period={row.period_start}>
                    <th scope="row">{labels[i]!.long}</th>
                    <td>{formatHours(row.hours)}</td>
                    <td>{money(row.earned)}</td>
                    <td>{money(row.unpaid)}</td>
                    <td>{money(row.invoiced)}</td>
                    <td>{money(row.paid)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </details>
    </div>
  );
}

// The chart's own coordinate system: the SVG scales to its box (viewBox), so it
// fits a phone and a desktop alike.
const WIDTH = 480;
const HEIGHT = 220;
const MARGIN = { top: 18, right: 6, bottom: 24, left: 52 };
const PLOT_W = WIDTH - MARGIN.left - MARGIN.right;
const PLOT_H = HEIGHT - MARGIN.top - MARGIN.bottom;

/** A round axis maximum ≥ max and its step: 1, 2 or 5 × 10^k, in 4 steps or fewer. */
function axisOf(max: number): { top: number; step: number } {
  if (max <= 0) return { top: 1, step: 1 };
  const rough = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough)!;
  return { top: Math.ceil(max / step) * step, step };
}

function BarChart({
  rows,
  labels,
  currency,
  caption,
}: {
  rows: Row[];
  labels: string[];
  currency: string;
  caption: string;
}) {
  const { top, step } = axisOf(Math.max(0, ...rows.map((row) => row.earned)));
  const y = (amount: number) => MARGIN.top + PLOT_H - (amount / top) * PLOT_H;
  const band = PLOT_W / Math.max(1, rows.length);
  const barWidth = Math.min(36, band * 0.62);
  const ticks = Array.from({ length: Math.round(top / step) + 1 }, (_, i) => i * step);
  const empty = rows.every((row) => row.earned <= 0);
  return (
    <svg
      className="chart"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-label={`${caption}: a bar chart; the data table below has its numbers.`}
      data-testid="reports-chart"
    >
      {ticks.map((tick) => (
        <g key={tick} className="chart-grid">
          <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(tick)} y2={y(tick)} />
          <text x={MARGIN.left - 6} y={y(tick)} dy="0.32em" textAnchor="end">
            {formatMoneyCompact(tick, currency)}
          </text>
        </g>
      ))}
      {empty && (
        <text
          className="chart-empty"
          x={MARGIN.left + PLOT_W / 2}
          y={MARGIN.top + PLOT_H / 2}
          textAnchor="middle"
        >
          No earnings in this period
        </text>
      )}
      {rows.map((row, i) => {
        const x = MARGIN.left + band * i + (band - barWidth) / 2;
        let base = 0;
        return (
          <g key={row.period_start} className="chart-bar">
            {STACK.map(({ key }) => {
              const amount = row[key];
              if (amount <= 0) return null;
              const from = base;
              base += amount;
              return (
                <rect
                  key={key}
                  className={`bar-${key}`}
                  x={x}
                  width={barWidth}
                  y={y(base)}
                  height={Math.max(0.5, y(from) - y(base))}
                />
              );
            })}
            {row.hours > 0 && (
              <text className="chart-hours" x={x + barWidth / 2} y={y(row.earned) - 4} textAnchor="middle">
                {`${row.hours}h`}
              </text>
            )}
            <text
              // Every other label of a long axis gives way on a phone (globals.css).
              className={rows.length > 7 && i % 2 === 1 ? 'chart-label chart-label-minor' : 'chart-label'}
              x={x + barWidth / 2}
              y={HEIGHT - 8}
              textAnchor="middle"
            >
              {labels[i]}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
