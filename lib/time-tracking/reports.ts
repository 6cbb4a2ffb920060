import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { timeEntryDailyTotals } from '@/db/schema';
import { validationError } from '@/lib/errors';
import { dateRangeOf, needsTimezone } from './entries';
import { preparedQuery } from './prepared-queries';
import { MAX_REPORT_ROWS, type ReportGroup, type ReportQuery } from './schemas';
import { effectiveSettings, timezoneOf } from './settings';
import { AMOUNTS } from './stats';
import { daysBetween, parseTimezone, periodRange } from './timezone';

/** One period of a report, as exact decimal strings. */
export interface ReportRowTotals {
  periodStart: string;
  periodEnd: string;
  entries: number;
  hours: string;
  earned: string;
  unpaid: string;
  invoiced: string;
  paid: string;
}

export interface SummaryReport {
  startDate: string;
  endDate: string;
  groupBy: ReportGroup;
  rows: ReportRowTotals[];
}

/** How many day, ISO-week or month periods the inclusive range touches. */
export function periodCount(startDate: string, endDate: string, groupBy: ReportGroup): number {
  switch (groupBy) {
    case 'day':
      return daysBetween(startDate, endDate) + 1;
    case 'week':
      return daysBetween(periodRange(startDate, 'week').from, periodRange(endDate, 'week').from) / 7 + 1;
    case 'month': {
      const months = (date: string) => Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7));
      return months(endDate) - months(startDate) + 1;
    }
  }
}

/**
 * The report in one prepared statement: Postgres generates the periods
 * (date_trunc and generate_series on `timestamp`, never `timestamptz`, so the
 * session's TimeZone plays no part; date_trunc('week') starts ISO weeks on
 * Monday), clips the first and last to the range, and sums the per-day totals
 * (db/migrations/0002) of each: at most 4 rows per day and status, whatever
 * the number of entries. Hours are rounded once per row and earnings summed
 * exactly, with the stats' own expressions.
 */
function reportQuery(db: Database, byStatus: boolean) {
  const name = `report_summary_${byStatus ? 'status' : 'all'}`;
  return preparedQuery(db, name, () => {
    const from = sql`${sql.placeholder('startDate')}::date`;
    const to = sql`${sql.placeholder('endDate')}::date`;
    const unit = sql`${sql.placeholder('unit')}::text`;
    const statusFilter = byStatus ? sql`and t.payment_status = ${sql.placeholder('status')}::text` : sql``;
    const statement = sql`select p.period_start::text as period_start, p.period_end::text as period_end,
        coalesce(sum(t.entry_count), 0)::int as entries,
        round(coalesce(sum(t.seconds), 0) / 3600, 2)::text as hours,
        coalesce(sum(t.earned), 0)::text as earned,
        ${AMOUNTS}
      from (
        select greatest(g::date, ${from}) as period_start,
          least((g + ('1 ' || ${unit})::interval)::date - 1, ${to}) as period_end
        from generate_series(date_trunc(${unit}, ${from}::timestamp), ${to}::timestamp, ('1 ' || ${unit})::interval) as g
      ) as p
      left join ${timeEntryDailyTotals} t on t.user_id = ${sql.placeholder('userId')}
        and t.date between p.period_start and p.period_end ${statusFilter}
      group by p.period_start, p.period_end
      order by p.period_start`;
    return db
      .select({
        periodStart: sql<string>`period_start`,
        periodEnd: sql<string>`period_end`,
        entries: sql<number>`entries`,
        hours: sql<string>`hours`,
        earned: sql<string>`earned`,
        unpaid: sql<string>`unpaid`,
        invoiced: sql<string>`invoiced`,
        paid: sql<string>`paid`,
      })
      .from(sql`(${statement}) as report`)
      .prepare(name);
  });
}

/**
 * Hours and earnings per day, ISO week or month of an inclusive date range,
 * one row per period (empty ones too). Entries are grouped by their `date`,
 * which is already their local date in the user's timezone; the timezone
 * (`timezone`, else the user's setting, read only then) only turns a
 * date-time bound into a date, as for the list.
 */
export async function getSummaryReport(
  db: Database,
  userId: number,
  query: ReportQuery,
): Promise<SummaryReport> {
  const timezone = needsTimezone(query)
    ? query.timezone
      ? parseTimezone(query.timezone)
      : timezoneOf(await effectiveSettings(db, userId))
    : undefined;
  const { startDate, endDate } = dateRangeOf(query, timezone) as { startDate: string; endDate: string };
  const count = periodCount(startDate, endDate, query.group_by);
  if (count > MAX_REPORT_ROWS) {
    throw validationError([
      {
        path: 'end_date',
        message: `the range has ${count} ${query.group_by}s; a report has at most ${MAX_REPORT_ROWS} rows (choose a shorter range or a longer group_by)`,
      },
    ]);
  }
  const rows = await reportQuery(db, Boolean(query.payment_status)).execute({
    userId,
    startDate,
    endDate,
    unit: query.group_by,
    status: query.payment_status,
  });
  return {
    startDate,
    endDate,
    groupBy: query.group_by,
    rows: rows.map((row) => ({ ...row, entries: Number(row.entries) })),
  };
}
