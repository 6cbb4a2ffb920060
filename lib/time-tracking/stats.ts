import { and, eq, gte, isNotNull, lte, type SQL, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { timeEntries, userSettings } from '@/db/schema';
import type { StatsPeriod, TimeEntryStats } from './schemas';
import { decimalToNumber } from './serialize';
import { defaultSettings } from './settings';
import { addDays, localDate, type Period, parseTimezone, periodRange } from './timezone';

interface DateRange {
  from: string;
  to: string;
}

const rangeKey = (range: DateRange) => `${range.from}/${range.to}`;

const seconds = sql`extract(epoch from (${timeEntries.endTime} - ${timeEntries.startTime}))`;
const inRange = (range: DateRange) => sql`${timeEntries.date} BETWEEN ${range.from} AND ${range.to}`;

// Hours: the exact total duration, rounded once at the end. Earnings: the sum of
// the entries' own total_earned, so they equal the sum of the invoice lines.
const hoursIn = (filter: SQL) =>
  sql<string>`round(coalesce(sum(${seconds}) filter (where ${filter}), 0) / 3600, 2)::text`;
const earnedIn = (filter: SQL) =>
  sql<string>`coalesce(sum(${timeEntries.totalEarned}) filter (where ${filter}), 0)::text`;

const PAYMENT_GROUPS = {
  unpaid_amount: sql`${timeEntries.paymentStatus} = 'not_paid'`,
  invoiced_amount: sql`${timeEntries.paymentStatus} IN ('invoiced_not_approved', 'invoiced_approved')`,
  paid_amount: sql`${timeEntries.paymentStatus} = 'paid'`,
} as const;

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
): Promise<TimeEntryStats> {
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

  const fields: Record<string, SQL> = {
    timezone: sql<
      string | null
    >`(select ${userSettings.timezone} from ${userSettings} where ${userSettings.userId} = ${userId})`,
  };
  const rangeList = [...ranges.values()];
  rangeList.forEach((range, i) => {
    fields[`hours_${i}`] = hoursIn(inRange(range));
    fields[`earned_${i}`] = earnedIn(inRange(range));
    if (options.period) {
      for (const [name, condition] of Object.entries(PAYMENT_GROUPS)) {
        fields[`${name}_${i}`] = earnedIn(sql`${condition} AND ${inRange(range)}`);
      }
    }
  });
  if (!options.period) {
    for (const [name, condition] of Object.entries(PAYMENT_GROUPS)) fields[name] = earnedIn(condition);
  }

  // With a period every sum lies within the ranges, so the index bounds the scan.
  const conditions = [eq(timeEntries.userId, userId), isNotNull(timeEntries.endTime)];
  if (options.period) {
    const dates = rangeList.flatMap((r) => [r.from, r.to]).sort();
    conditions.push(gte(timeEntries.date, dates[0]!), lte(timeEntries.date, dates[dates.length - 1]!));
  }
  const [row] = (await db
    .select(fields)
    .from(timeEntries)
    .where(and(...conditions))) as Record<string, string | null>[];
  if (!row) throw new Error('an aggregate query returned no row');

  const timezone = override ??
    parseTimezone(row.timezone ?? defaultSettings().timezone) ?? { kind: 'offset', minutes: 0 };
  const today = localDate(now, timezone);
  const indexOf = (period: Period) =>
    rangeList.findIndex((r) => rangeKey(r) === rangeKey(periodRange(today, period)));
  const value = (name: string) => decimalToNumber(row[name] ?? '0');
  const [day, week, month] = [indexOf('day'), indexOf('week'), indexOf('month')];
  const paymentSuffix = options.period ? `_${indexOf(options.period)}` : '';

  return {
    total_hours_today: value(`hours_${day}`),
    total_earned_today: value(`earned_${day}`),
    total_hours_week: value(`hours_${week}`),
    total_earned_week: value(`earned_${week}`),
    total_hours_month: value(`hours_${month}`),
    total_earned_month: value(`earned_${month}`),
    unpaid_amount: value(`unpaid_amount${paymentSuffix}`),
    invoiced_amount: value(`invoiced_amount${paymentSuffix}`),
    paid_amount: value(`paid_amount${paymentSuffix}`),
  };
}
