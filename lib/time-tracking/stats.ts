import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { timeEntryDailyTotals, timeEntryStatusTotals, userSettings } from '@/db/schema';
import { preparedQuery } from './prepared-queries';
import type { StatsPeriod } from './schemas';
import { defaultSettings } from './settings';
import { addDays, localDate, type Period, parseTimezone, periodRange } from './timezone';

/** Hours (rounded once, to 2 decimals) and earnings of completed entries, as exact decimals. */
export interface PeriodTotals {
  hours: string;
  earned: string;
}

/** The user's statistics, as exact decimal strings. */
export interface Stats {
  today: PeriodTotals;
  week: PeriodTotals;
  month: PeriodTotals;
  /** Earnings by payment status, over all time or the requested period. */
  unpaid: string;
  invoiced: string;
  paid: string;
}

interface DateRange {
  from: string;
  to: string;
}

const rangeKey = (range: DateRange) => `${range.from}/${range.to}`;

/** One row per date range (n ≥ 1), and the all-time payment amounts as n = 0. */
interface StatsRow {
  n: number;
  hours: string | null;
  earned: string | null;
  unpaid: string;
  invoiced: string;
  paid: string;
  timezone: string | null;
}

// Earnings are sums of the entries' own total_earned (so they equal the sum of
// the invoice lines); the amounts split them by payment status.
export const AMOUNTS =
  sql.raw(`coalesce(sum(earned) filter (where payment_status = 'not_paid'), 0)::text as unpaid,
  coalesce(sum(earned) filter (where payment_status in ('invoiced_not_approved', 'invoiced_approved')), 0)::text as invoiced,
  coalesce(sum(earned) filter (where payment_status = 'paid'), 0)::text as paid`);

/**
 * The sums for `count` date ranges (placeholders from0/to0 …) and, with
 * `allTime`, the all-time amounts, in one prepared statement. It reads the
 * per-day and per-status totals that triggers keep beside the entries
 * (db/migrations/0002), never the entries themselves: the cost depends on the
 * number of days asked about, not on how many entries a user has. The totals
 * hold completed entries' exact seconds and total_earned (a running timer adds
 * nothing), so the numbers are the same as summing the entries.
 *
 * One small SQL text with few columns: building and mapping a wide Drizzle
 * select cost more CPU per request than the database spends on it.
 */
function statsQuery(db: Database, count: number, allTime: boolean) {
  const name = `stats_${count}_${allTime ? 'all_time' : 'period'}`;
  return preparedQuery(db, name, () => {
    const userId = sql.placeholder('userId');
    const ranges = Array.from(
      { length: count },
      (_, i) =>
        sql`(${sql.placeholder(`from${i}`)}::date, ${sql.placeholder(`to${i}`)}::date, ${sql.raw(String(i + 1))})`,
    );
    const perRange = sql`select r.n,
        round(coalesce(sum(t.seconds), 0) / 3600, 2)::text as hours,
        coalesce(sum(t.earned), 0)::text as earned,
        ${AMOUNTS},
        (select timezone from ${userSettings} where user_id = ${userId}) as timezone
      from (values ${sql.join(ranges, sql`, `)}) as r(date_from, date_to, n)
      left join ${timeEntryDailyTotals} t on t.user_id = ${userId} and t.date between r.date_from and r.date_to
      group by r.n`;
    const statement = allTime
      ? sql`${perRange}
        union all
        select 0, null, null, ${AMOUNTS}, null from ${timeEntryStatusTotals} where user_id = ${userId}`
      : perRange;
    return db
      .select({
        n: sql<number>`n`,
        hours: sql<string | null>`hours`,
        earned: sql<string | null>`earned`,
        unpaid: sql<string>`unpaid`,
        invoiced: sql<string>`invoiced`,
        paid: sql<string>`paid`,
        timezone: sql<string | null>`timezone`,
      })
      .from(sql`(${statement}) as stats`)
      .prepare(name);
  });
}

/**
 * Statistics in one round trip. Which day is "today" depends on the user's
 * timezone, which is read in the same query; so the query sums every range
 * that today could fall in (UTC today ± 1 day covers every offset) and the
 * answer picks the right ones once the timezone is known.
 */
export async function getStats(
  db: Database,
  userId: number,
  options: { period?: StatsPeriod; timezone?: string },
  now: Date = new Date(),
): Promise<Stats> {
  const override = options.timezone ? parseTimezone(options.timezone) : undefined;
  const utcToday = localDate(now, { kind: 'offset', minutes: 0 });
  const candidateTodays = override
    ? [localDate(now, override)]
    : [addDays(utcToday, -1), utcToday, addDays(utcToday, 1)];

  const ranges = new Map<string, DateRange>();
  const periodsNeeded: Period[] = ['day', 'week', 'month', ...(options.period ? [options.period] : [])];
  for (const today of candidateTodays) {
    for (const period of periodsNeeded) {
      const range = periodRange(today, period);
      ranges.set(rangeKey(range), range);
    }
  }
  const rangeList = [...ranges.values()];

  const parameters: Record<string, unknown> = { userId };
  rangeList.forEach((range, i) => {
    parameters[`from${i}`] = range.from;
    parameters[`to${i}`] = range.to;
  });
  const rows: StatsRow[] = await statsQuery(db, rangeList.length, !options.period).execute(parameters);
  const byRange = new Map(rows.map((row) => [Number(row.n), row]));
  const first = rows.find((row) => Number(row.n) > 0);

  const timezone = override ??
    parseTimezone(first?.timezone ?? defaultSettings().timezone) ?? { kind: 'offset', minutes: 0 };
  const today = localDate(now, timezone);
  const sums = (period: Period) => {
    const n = rangeList.findIndex((r) => rangeKey(r) === rangeKey(periodRange(today, period))) + 1;
    const row = byRange.get(n);
    if (!row) throw new Error(`the stats query returned no row for ${period}`);
    return row;
  };
  const totals = (row: StatsRow): PeriodTotals => ({ hours: row.hours ?? '0', earned: row.earned ?? '0' });
  const amounts = options.period ? sums(options.period) : byRange.get(0);
  if (!amounts) throw new Error('the stats query returned no all-time row');

  return {
    today: totals(sums('day')),
    week: totals(sums('week')),
    month: totals(sums('month')),
    unpaid: amounts.unpaid,
    invoiced: amounts.invoiced,
    paid: amounts.paid,
  };
}
