// Calendar boundaries across daylight-saving changes, with the clock fixed.
//
// getStats(db, userId, options, now) takes the current instant, so every case
// here runs at a chosen instant, never at the wall clock. The expected local
// dates, ISO weeks and months are worked out by hand (the reasoning is in the
// comments and tables below) from the contract: "today", "this week" (Monday to
// Sunday) and "this month" are the user's current ones in the user's timezone,
// matched on each entry's `date`. None of the implementation's timezone helpers
// is used to compute an expectation. The results must not depend on the test
// process's own TZ either (run it with TZ=America/New_York too).
//
// Offsets used in the hand calculations (2024):
//   America/New_York  EST −5 until 2024-03-10 07:00Z (02:00 EST → 03:00 EDT),
//                     EDT −4 until 2024-11-03 06:00Z (02:00 EDT → 01:00 EST), then EST −5.
//   Europe/Berlin     CET +1 until 2024-03-31 01:00Z (02:00 CET → 03:00 CEST),
//                     CEST +2 until 2024-10-27 01:00Z (03:00 CEST → 02:00 CET), then CET +1.
//   Australia/Sydney  AEDT +11 until 2024-04-06 16:00Z (03:00 AEDT → 02:00 AEST),
//                     AEST +10 until 2024-10-05 16:00Z (02:00 AEST → 03:00 AEDT), then AEDT +11.
// Weekdays: 2024-01-01 is a Monday; 2024-03-10, 03-31, 04-07, 10-06, 10-27 and
// 11-03 are Sundays; 2024-12-31 is a Tuesday; 2025-01-01 a Wednesday.

import { beforeAll, describe, expect, it } from 'vitest';
import { PUT as updateEntry } from '@/app/api/v1/time-tracking/entries/[entry_id]/route';
import { POST as createEntry, GET as listEntries } from '@/app/api/v1/time-tracking/entries/route';
import { PUT as putSettings } from '@/app/api/v1/time-tracking/settings/route';
import type { PaymentStatus, StatsPeriod, TimeEntryStats } from '@/lib/time-tracking/schemas';
import { statsSchema, timeEntrySchema } from '@/lib/time-tracking/schemas';
import { serializeStats } from '@/lib/time-tracking/serialize';
import { getStats } from '@/lib/time-tracking/stats';
import { expectEntry, expectValidation } from './helpers/assertions';
import { newUserId } from './helpers/auth';
import { useTestDatabase } from './helpers/database';
import { makeEntry, makeSettings } from './helpers/factories';
import { call } from './helpers/http';

const database = useTestDatabase();

const PERIODS: StatsPeriod[] = ['day', 'week', 'month', 'year'];

async function statsAt(
  userId: number,
  now: string,
  options: { period?: StatsPeriod; timezone?: string } = {},
): Promise<TimeEntryStats> {
  const result = serializeStats(await getStats(database.db, userId, options, new Date(now)));
  return statsSchema.strict().parse(result);
}

interface LadderEntry {
  date: string;
  rate: string;
  status: PaymentStatus;
}

/** One completed one-hour entry per rung (noon UTC of its date; stats match on `date`). */
async function insertLadder(userId: number, ladder: LadderEntry[]) {
  for (const { date, rate, status } of ladder) {
    await makeEntry(database.db, userId, {
      date,
      startTime: new Date(`${date}T12:00:00Z`),
      endTime: new Date(`${date}T13:00:00Z`),
      hourlyRate: rate,
      paymentStatus: status,
    });
  }
}

type Amounts = Pick<TimeEntryStats, 'unpaid_amount' | 'invoiced_amount' | 'paid_amount'>;

const amounts = (unpaid: number, invoiced: number, paid: number): Amounts => ({
  unpaid_amount: unpaid,
  invoiced_amount: invoiced,
  paid_amount: paid,
});

interface Outcome {
  /** Stats without a period: payment amounts over all time. */
  stats: TimeEntryStats;
  /** Payment amounts with period=day|week|month|year. */
  byPeriod: Record<StatsPeriod, Amounts>;
}

/** Asserts the stats of `userId` at `now`, without and with each period. */
async function expectOutcome(
  userId: number,
  now: string,
  options: { timezone?: string },
  outcome: Outcome,
  label: string,
) {
  expect(await statsAt(userId, now, options), `${label}, no period`).toEqual(outcome.stats);
  for (const period of PERIODS) {
    expect(await statsAt(userId, now, { ...options, period }), `${label}, period=${period}`).toEqual({
      ...outcome.stats,
      ...outcome.byPeriod[period],
    });
  }
}

// =============================================================================
// 1. Worked examples: small ladders whose every number is written out.
// =============================================================================

// Each rung is one hour, so hours count the rungs, and the rates are powers of
// two, so an amount names exactly which dates were counted.
const MONTH_END_LADDER: LadderEntry[] = [
  { date: '2023-12-31', rate: '128', status: 'not_paid' }, // the previous year
  { date: '2024-02-29', rate: '1', status: 'paid' }, // the previous month
  { date: '2024-03-24', rate: '2', status: 'paid' }, // Sunday: the week before 03-25..03-31
  { date: '2024-03-25', rate: '4', status: 'invoiced_not_approved' }, // Monday
  { date: '2024-03-31', rate: '8', status: 'not_paid' }, // Sunday, last day of March
  { date: '2024-04-01', rate: '16', status: 'invoiced_approved' }, // Monday, first day of April
  { date: '2024-04-07', rate: '32', status: 'not_paid' }, // Sunday, end of the week 04-01..04-07
  { date: '2024-04-08', rate: '64', status: 'paid' }, // Monday of the week after
];
// All time: not_paid 128 + 8 + 32 = 168; invoiced 4 + 16 = 20; paid 1 + 2 + 64 = 67.
// Year 2024 (without 2023-12-31): not_paid 8 + 32 = 40; invoiced 20; paid 67.

/** Local time Sunday 2024-03-31, 23:59:59: the last second of March and of the week 03-25..03-31. */
const ON_MARCH_31: Outcome = {
  stats: {
    total_hours_today: 1, // 03-31
    total_earned_today: 8,
    total_hours_week: 2, // 03-25 + 03-31
    total_earned_week: 12,
    total_hours_month: 3, // 03-24 + 03-25 + 03-31
    total_earned_month: 14,
    ...amounts(168, 20, 67),
  },
  byPeriod: {
    day: amounts(8, 0, 0),
    week: amounts(8, 4, 0),
    month: amounts(8, 4, 2),
    year: amounts(40, 20, 67),
  },
};

/** Local time Monday 2024-04-01, 00:00:00: a new day, a new ISO week and a new month. */
const ON_APRIL_1: Outcome = {
  stats: {
    total_hours_today: 1, // 04-01
    total_earned_today: 16,
    total_hours_week: 2, // 04-01 + 04-07
    total_earned_week: 48,
    total_hours_month: 3, // 04-01 + 04-07 + 04-08
    total_earned_month: 112,
    ...amounts(168, 20, 67),
  },
  byPeriod: {
    day: amounts(0, 16, 0),
    week: amounts(32, 16, 0),
    month: amounts(32, 16, 64),
    year: amounts(40, 20, 67),
  },
};

// The last second of 2024-03-31 and the first of 2024-04-01, local time, in UTC.
const MARCH_TO_APRIL: [zone: string, lastSecond: string, firstSecond: string, why: string][] = [
  [
    'America/New_York',
    '2024-04-01T03:59:59Z',
    '2024-04-01T04:00:00Z',
    'EDT, −4 since the DST change of 03-10; an EST (−5) reading would still be 03-31 at 04:00Z',
  ],
  [
    'Europe/Berlin',
    '2024-03-31T21:59:59Z',
    '2024-03-31T22:00:00Z',
    'CEST +2 since 01:00Z the same day (a 23-hour day); a CET (+1) reading would say 23:00 on 03-31',
  ],
  [
    'Australia/Sydney',
    '2024-03-31T12:59:59Z',
    '2024-03-31T13:00:00Z',
    'AEDT +11 (southern summer, DST ends on 04-07)',
  ],
  ['Asia/Kolkata', '2024-03-31T18:29:59Z', '2024-03-31T18:30:00Z', 'IST +5:30, no DST'],
  ['UTC', '2024-03-31T23:59:59Z', '2024-04-01T00:00:00Z', 'UTC'],
  ['UTC+14', '2024-03-31T09:59:59Z', '2024-03-31T10:00:00Z', '+14: local midnight is 10:00Z the day before'],
  ['UTC-12', '2024-04-01T11:59:59Z', '2024-04-01T12:00:00Z', '−12: local midnight is 12:00Z the same day'],
  ['UTC+5:45', '2024-03-31T18:14:59Z', '2024-03-31T18:15:00Z', '+5:45: local midnight is 18:15Z'],
  ['UTC+05:45', '2024-03-31T18:14:59Z', '2024-03-31T18:15:00Z', 'the same offset, two-digit hours'],
];

describe('worked example: the midnight from Sunday 2024-03-31 to Monday 2024-04-01 (day, week and month change)', () => {
  // Users whose own setting is far from every zone under test: their setting
  // must lose to the timezone parameter. UTC+14 and UTC-12 are 26 hours apart,
  // so at any instant at least one of them is on a different date than the zone.
  const overrideUsers = { plus14: 0, minus12: 0 };

  beforeAll(async () => {
    overrideUsers.plus14 = newUserId();
    overrideUsers.minus12 = newUserId();
    await makeSettings(database.db, overrideUsers.plus14, { timezone: 'UTC+14' });
    await makeSettings(database.db, overrideUsers.minus12, { timezone: 'UTC-12' });
    await insertLadder(overrideUsers.plus14, MONTH_END_LADDER);
    await insertLadder(overrideUsers.minus12, MONTH_END_LADDER);
  });

  it.each(MARCH_TO_APRIL)('%s: %s is still 03-31, %s is already 04-01 (%s)', async (zone, last, first) => {
    const userId = newUserId();
    await makeSettings(database.db, userId, { timezone: zone });
    await insertLadder(userId, MONTH_END_LADDER);
    // A running timer dated on either day adds nothing.
    await makeEntry(database.db, userId, {
      date: '2024-03-31',
      startTime: new Date('2024-03-31T08:00:00Z'),
      endTime: null,
      hourlyRate: '1000',
    });

    await expectOutcome(userId, last, {}, ON_MARCH_31, `setting ${zone} at ${last}`);
    await expectOutcome(userId, first, {}, ON_APRIL_1, `setting ${zone} at ${first}`);
    for (const [name, other] of Object.entries(overrideUsers)) {
      await expectOutcome(other, last, { timezone: zone }, ON_MARCH_31, `${name} user, timezone=${zone}`);
      await expectOutcome(other, first, { timezone: zone }, ON_APRIL_1, `${name} user, timezone=${zone}`);
    }
  });

  it('without a setting the default timezone (UTC) decides', async () => {
    const userId = newUserId();
    await insertLadder(userId, MONTH_END_LADDER);
    await expectOutcome(userId, '2024-03-31T23:59:59Z', {}, ON_MARCH_31, 'default UTC, 23:59:59Z');
    await expectOutcome(userId, '2024-04-01T00:00:00Z', {}, ON_APRIL_1, 'default UTC, 00:00:00Z');
    // At the same instants, America/New_York is still on 03-31 (20:00 EDT).
    await expectOutcome(
      userId,
      '2024-04-01T00:00:00Z',
      { timezone: 'America/New_York' },
      ON_MARCH_31,
      'timezone=America/New_York at 00:00Z',
    );
  });

  it('a leap day: New York at the last second of 2024-02-29 and the first of 2024-03-01 (EST, −5)', async () => {
    const userId = newUserId();
    await makeSettings(database.db, userId, { timezone: 'America/New_York' });
    await insertLadder(userId, MONTH_END_LADDER);
    // 2024-03-01T04:59:59Z = Thursday 02-29 23:59:59 EST: week 02-26..03-03 holds only 02-29.
    await expectOutcome(
      userId,
      '2024-03-01T04:59:59Z',
      {},
      {
        stats: {
          total_hours_today: 1,
          total_earned_today: 1,
          total_hours_week: 1,
          total_earned_week: 1,
          total_hours_month: 1,
          total_earned_month: 1,
          ...amounts(168, 20, 67),
        },
        byPeriod: {
          day: amounts(0, 0, 1),
          week: amounts(0, 0, 1),
          month: amounts(0, 0, 1),
          year: amounts(40, 20, 67),
        },
      },
      'New York, 02-29 23:59:59',
    );
    // 2024-03-01T05:00:00Z = Friday 03-01 00:00 EST: same week, new month (03-24, 03-25, 03-31).
    await expectOutcome(
      userId,
      '2024-03-01T05:00:00Z',
      {},
      {
        stats: {
          total_hours_today: 0,
          total_earned_today: 0,
          total_hours_week: 1,
          total_earned_week: 1,
          total_hours_month: 3,
          total_earned_month: 14,
          ...amounts(168, 20, 67),
        },
        byPeriod: {
          day: amounts(0, 0, 0),
          week: amounts(0, 0, 1),
          month: amounts(8, 4, 2),
          year: amounts(40, 20, 67),
        },
      },
      'New York, 03-01 00:00',
    );
  });
});

describe('worked example: New York on its 23-hour day, Sunday 2024-03-10 (spring forward)', () => {
  const LADDER: LadderEntry[] = [
    { date: '2024-02-29', rate: '16', status: 'paid' }, // the previous month
    { date: '2024-03-03', rate: '1', status: 'paid' }, // Sunday of the week before
    { date: '2024-03-09', rate: '2', status: 'not_paid' }, // Saturday
    { date: '2024-03-10', rate: '4', status: 'invoiced_approved' }, // Sunday, the DST day
    { date: '2024-03-11', rate: '8', status: 'not_paid' }, // Monday
  ];
  // All time: not_paid 2 + 8 = 10; invoiced 4; paid 1 + 16 = 17 (all in 2024).
  // March: 03-03, 03-09, 03-10, 03-11 → 4 h, 1 + 2 + 4 + 8 = 15; not_paid 10, invoiced 4, paid 1.
  const ALL = amounts(10, 4, 17);
  const MARCH = { total_hours_month: 4, total_earned_month: 15 };

  const SATURDAY: Outcome = {
    stats: {
      total_hours_today: 1, // 03-09
      total_earned_today: 2,
      total_hours_week: 2, // week 03-04..03-10: 03-09 + 03-10
      total_earned_week: 6,
      ...MARCH,
      ...ALL,
    },
    byPeriod: { day: amounts(2, 0, 0), week: amounts(2, 4, 0), month: amounts(10, 4, 1), year: ALL },
  };
  const SUNDAY: Outcome = {
    stats: {
      total_hours_today: 1, // 03-10
      total_earned_today: 4,
      total_hours_week: 2,
      total_earned_week: 6,
      ...MARCH,
      ...ALL,
    },
    byPeriod: { day: amounts(0, 4, 0), week: amounts(2, 4, 0), month: amounts(10, 4, 1), year: ALL },
  };
  const MONDAY: Outcome = {
    stats: {
      total_hours_today: 1, // 03-11
      total_earned_today: 8,
      total_hours_week: 1, // week 03-11..03-17: only 03-11
      total_earned_week: 8,
      ...MARCH,
      ...ALL,
    },
    byPeriod: { day: amounts(8, 0, 0), week: amounts(8, 0, 0), month: amounts(10, 4, 1), year: ALL },
  };

  it.each([
    ['2024-03-10T04:59:59Z', 'Saturday 03-09 23:59:59 EST', SATURDAY],
    ['2024-03-10T05:00:00Z', 'Sunday 03-10 00:00:00 EST', SUNDAY],
    ['2024-03-10T06:59:59Z', 'Sunday 01:59:59 EST, the last second before the gap', SUNDAY],
    ['2024-03-10T07:00:00Z', 'Sunday 03:00:00 EDT, the first second after the gap', SUNDAY],
    // Only 23 hours after local midnight: a "midnight + 24 h" reading would already say Monday.
    ['2024-03-11T03:59:59Z', 'Sunday 03-10 23:59:59 EDT', SUNDAY],
    // A fixed EST (−5) reading would still say Sunday 23:00.
    ['2024-03-11T04:00:00Z', 'Monday 03-11 00:00:00 EDT', MONDAY],
  ] as const)('at %s (%s)', async (now, _, outcome) => {
    const userId = newUserId();
    await makeSettings(database.db, userId, { timezone: 'America/New_York' });
    await insertLadder(userId, LADDER);
    await expectOutcome(userId, now, {}, outcome, `setting America/New_York at ${now}`);
    const other = newUserId();
    await makeSettings(database.db, other, { timezone: 'Asia/Kolkata' });
    await insertLadder(other, LADDER);
    await expectOutcome(other, now, { timezone: 'America/New_York' }, outcome, `override at ${now}`);
  });
});

describe('worked example: New York on its 25-hour day, Sunday 2024-11-03 (fall back)', () => {
  const LADDER: LadderEntry[] = [
    { date: '2024-10-27', rate: '1', status: 'paid' }, // Sunday of the week before
    { date: '2024-10-31', rate: '16', status: 'not_paid' }, // Thursday: same week, previous month
    { date: '2024-11-02', rate: '2', status: 'invoiced_not_approved' }, // Saturday
    { date: '2024-11-03', rate: '4', status: 'not_paid' }, // Sunday, the DST day
    { date: '2024-11-04', rate: '8', status: 'paid' }, // Monday
  ];
  // All time (= 2024): not_paid 4 + 16 = 20; invoiced 2; paid 1 + 8 = 9.
  // Week 10-28..11-03: 10-31, 11-02, 11-03 → 3 h, 22; not_paid 20, invoiced 2, paid 0.
  // November: 11-02, 11-03, 11-04 → 3 h, 14; not_paid 4, invoiced 2, paid 8.
  const ALL = amounts(20, 2, 9);
  const NOVEMBER = { total_hours_month: 3, total_earned_month: 14 };
  const OLD_WEEK = { total_hours_week: 3, total_earned_week: 22 };

  const SATURDAY: Outcome = {
    stats: { total_hours_today: 1, total_earned_today: 2, ...OLD_WEEK, ...NOVEMBER, ...ALL },
    byPeriod: { day: amounts(0, 2, 0), week: amounts(20, 2, 0), month: amounts(4, 2, 8), year: ALL },
  };
  const SUNDAY: Outcome = {
    stats: { total_hours_today: 1, total_earned_today: 4, ...OLD_WEEK, ...NOVEMBER, ...ALL },
    byPeriod: { day: amounts(4, 0, 0), week: amounts(20, 2, 0), month: amounts(4, 2, 8), year: ALL },
  };
  const MONDAY: Outcome = {
    stats: {
      total_hours_today: 1, // 11-04
      total_earned_today: 8,
      total_hours_week: 1, // week 11-04..11-10: only 11-04
      total_earned_week: 8,
      ...NOVEMBER,
      ...ALL,
    },
    byPeriod: { day: amounts(0, 0, 8), week: amounts(0, 0, 8), month: amounts(4, 2, 8), year: ALL },
  };

  it.each([
    ['2024-11-03T03:59:59Z', 'Saturday 11-02 23:59:59 EDT', SATURDAY],
    ['2024-11-03T04:00:00Z', 'Sunday 11-03 00:00:00 EDT', SUNDAY],
    ['2024-11-03T05:30:00Z', 'Sunday 01:30 EDT, the first pass through the repeated hour', SUNDAY],
    ['2024-11-03T06:30:00Z', 'Sunday 01:30 EST, the second pass', SUNDAY],
    // 25 hours after local midnight: a fixed EDT (−4) reading would say Monday 00:59:59.
    ['2024-11-04T04:59:59Z', 'Sunday 11-03 23:59:59 EST', SUNDAY],
    ['2024-11-04T05:00:00Z', 'Monday 11-04 00:00:00 EST', MONDAY],
  ] as const)('at %s (%s)', async (now, _, outcome) => {
    const userId = newUserId();
    await makeSettings(database.db, userId, { timezone: 'America/New_York' });
    await insertLadder(userId, LADDER);
    await expectOutcome(userId, now, {}, outcome, `setting America/New_York at ${now}`);
    const other = newUserId();
    await makeSettings(database.db, other, { timezone: 'UTC+14' });
    await insertLadder(other, LADDER);
    await expectOutcome(other, now, { timezone: 'America/New_York' }, outcome, `override at ${now}`);
  });
});

// =============================================================================
// 2. A boundary table: many instants × six zones on one dense fixture.
// =============================================================================

// Every date from 2024-02-01 to 2024-04-30 and from 2024-09-23 to 2025-01-31
// has one completed entry, at 60/h, lasting (its position + 1) minutes: the
// durations strictly increase, so a day, week or month shifted by a day always
// sums differently, and each entry earns exactly its minutes in money. Two
// anchors outside (2023-06-15, 2025-06-15) tell "this year" from "all time".

interface DenseEntry {
  date: string;
  minutes: number;
  status: PaymentStatus;
}

const STATUS_CYCLE: PaymentStatus[] = ['not_paid', 'invoiced_not_approved', 'invoiced_approved', 'paid'];

function datesFrom(first: string, last: string): string[] {
  const dates: string[] = [];
  for (let t = Date.parse(`${first}T00:00:00Z`); t <= Date.parse(`${last}T00:00:00Z`); t += 86_400_000) {
    dates.push(new Date(t).toISOString().slice(0, 10));
  }
  return dates;
}

const DENSE: DenseEntry[] = [
  '2023-06-15',
  ...datesFrom('2024-02-01', '2024-04-30'),
  ...datesFrom('2024-09-23', '2025-01-31'),
  '2025-06-15',
].map((date, i) => ({ date, minutes: i + 1, status: STATUS_CYCLE[i % 4]! }));

/** Hours of a number of minutes, rounded half-up to 2 decimals, in integers. */
const hoursOfMinutes = (minutes: number) => Math.floor((minutes * 200 + 60) / 120) / 100;

/**
 * The contract's numbers for the dense fixture, given the local date (`today`)
 * and its ISO week, both written by hand in the tables below. The month and
 * year are the prefixes of `today`.
 */
function expectedDense(today: string, week: readonly [string, string], period?: StatsPeriod) {
  const inDay = (d: string) => d === today;
  const inWeek = (d: string) => d >= week[0] && d <= week[1];
  const inMonth = (d: string) => d.startsWith(today.slice(0, 7));
  const inYear = (d: string) => d.startsWith(today.slice(0, 4));
  const minutesWhere = (keep: (e: DenseEntry) => boolean) =>
    DENSE.filter(keep).reduce((n, e) => n + e.minutes, 0);
  const inPeriod = period ? { day: inDay, week: inWeek, month: inMonth, year: inYear }[period] : () => true;
  const amount = (statuses: PaymentStatus[]) =>
    minutesWhere((e) => statuses.includes(e.status) && inPeriod(e.date));
  return {
    total_hours_today: hoursOfMinutes(minutesWhere((e) => inDay(e.date))),
    total_earned_today: minutesWhere((e) => inDay(e.date)),
    total_hours_week: hoursOfMinutes(minutesWhere((e) => inWeek(e.date))),
    total_earned_week: minutesWhere((e) => inWeek(e.date)),
    total_hours_month: hoursOfMinutes(minutesWhere((e) => inMonth(e.date))),
    total_earned_month: minutesWhere((e) => inMonth(e.date)),
    unpaid_amount: amount(['not_paid']),
    invoiced_amount: amount(['invoiced_not_approved', 'invoiced_approved']),
    paid_amount: amount(['paid']),
  };
}

/** The ISO week (Monday, Sunday) of every local date that the table below reaches, by hand. */
const WEEK_OF: Record<string, readonly [string, string]> = {
  '2024-02-29': ['2024-02-26', '2024-03-03'], // Thursday
  '2024-03-01': ['2024-02-26', '2024-03-03'], // Friday
  '2024-03-09': ['2024-03-04', '2024-03-10'], // Saturday
  '2024-03-10': ['2024-03-04', '2024-03-10'], // Sunday
  '2024-03-11': ['2024-03-11', '2024-03-17'], // Monday
  '2024-03-30': ['2024-03-25', '2024-03-31'], // Saturday
  '2024-03-31': ['2024-03-25', '2024-03-31'], // Sunday
  '2024-04-01': ['2024-04-01', '2024-04-07'], // Monday
  '2024-04-02': ['2024-04-01', '2024-04-07'], // Tuesday
  '2024-04-06': ['2024-04-01', '2024-04-07'], // Saturday
  '2024-04-07': ['2024-04-01', '2024-04-07'], // Sunday
  '2024-04-08': ['2024-04-08', '2024-04-14'], // Monday
  '2024-10-05': ['2024-09-30', '2024-10-06'], // Saturday
  '2024-10-06': ['2024-09-30', '2024-10-06'], // Sunday
  '2024-10-07': ['2024-10-07', '2024-10-13'], // Monday
  '2024-10-26': ['2024-10-21', '2024-10-27'], // Saturday
  '2024-10-27': ['2024-10-21', '2024-10-27'], // Sunday
  '2024-10-28': ['2024-10-28', '2024-11-03'], // Monday
  '2024-10-31': ['2024-10-28', '2024-11-03'], // Thursday
  '2024-11-01': ['2024-10-28', '2024-11-03'], // Friday
  '2024-11-02': ['2024-10-28', '2024-11-03'], // Saturday
  '2024-11-03': ['2024-10-28', '2024-11-03'], // Sunday
  '2024-11-04': ['2024-11-04', '2024-11-10'], // Monday
  '2024-12-30': ['2024-12-30', '2025-01-05'], // Monday
  '2024-12-31': ['2024-12-30', '2025-01-05'], // Tuesday (the week spans two years)
  '2025-01-01': ['2024-12-30', '2025-01-05'], // Wednesday
  '2025-01-02': ['2024-12-30', '2025-01-05'], // Thursday
};

const ZONES = [
  'America/New_York',
  'Europe/Berlin',
  'Australia/Sydney',
  'UTC+14',
  'UTC-12',
  'UTC+5:45',
] as const;
type Zone = (typeof ZONES)[number];

/** The same zone as a parameter: the two-digit spelling for +5:45 exercises both forms. */
const OVERRIDE_SPELLING: Record<Zone, string> = {
  'America/New_York': 'America/New_York',
  'Europe/Berlin': 'Europe/Berlin',
  'Australia/Sydney': 'Australia/Sydney',
  'UTC+14': 'UTC+14',
  'UTC-12': 'UTC-12',
  'UTC+5:45': 'UTC+05:45',
};

// instant → the local date in each zone, worked out by hand with the offsets at
// the top of the file (local wall time in the comment where it is the point).
type Row = [
  instant: string,
  ny: string,
  berlin: string,
  sydney: string,
  p14: string,
  m12: string,
  p545: string,
];

const TABLE: [story: string, rows: Row[]][] = [
  [
    'New York spring forward (Sunday 2024-03-10)',
    [
      // NY 03-09 23:59:59 EST | Berlin 05:59 | Sydney 15:59 | +14 18:59 | −12 03-09 16:59 | +5:45 10:44
      [
        '2024-03-10T04:59:59Z',
        '2024-03-09',
        '2024-03-10',
        '2024-03-10',
        '2024-03-10',
        '2024-03-09',
        '2024-03-10',
      ],
      // NY 03-10 00:00 EST
      [
        '2024-03-10T05:00:00Z',
        '2024-03-10',
        '2024-03-10',
        '2024-03-10',
        '2024-03-10',
        '2024-03-09',
        '2024-03-10',
      ],
      // NY 03-10 23:59:59 EDT | Berlin 03-11 04:59 | +14 03-11 17:59 | −12 03-10 15:59 | +5:45 03-11 09:44
      [
        '2024-03-11T03:59:59Z',
        '2024-03-10',
        '2024-03-11',
        '2024-03-11',
        '2024-03-11',
        '2024-03-10',
        '2024-03-11',
      ],
      // NY 03-11 00:00 EDT (Monday)
      [
        '2024-03-11T04:00:00Z',
        '2024-03-11',
        '2024-03-11',
        '2024-03-11',
        '2024-03-11',
        '2024-03-10',
        '2024-03-11',
      ],
    ],
  ],
  [
    'New York fall back (Sunday 2024-11-03)',
    [
      // NY 11-02 23:59:59 EDT | Berlin (CET) 11-03 04:59 | Sydney 14:59 | +14 17:59 | −12 11-02 15:59
      [
        '2024-11-03T03:59:59Z',
        '2024-11-02',
        '2024-11-03',
        '2024-11-03',
        '2024-11-03',
        '2024-11-02',
        '2024-11-03',
      ],
      // NY 11-03 00:00 EDT
      [
        '2024-11-03T04:00:00Z',
        '2024-11-03',
        '2024-11-03',
        '2024-11-03',
        '2024-11-03',
        '2024-11-02',
        '2024-11-03',
      ],
      // NY 11-03 23:59:59 EST | Berlin 11-04 05:59 | +14 11-04 18:59 | −12 11-03 16:59 | +5:45 11-04 10:44
      [
        '2024-11-04T04:59:59Z',
        '2024-11-03',
        '2024-11-04',
        '2024-11-04',
        '2024-11-04',
        '2024-11-03',
        '2024-11-04',
      ],
      // NY 11-04 00:00 EST (Monday)
      [
        '2024-11-04T05:00:00Z',
        '2024-11-04',
        '2024-11-04',
        '2024-11-04',
        '2024-11-04',
        '2024-11-03',
        '2024-11-04',
      ],
    ],
  ],
  [
    'New York month ends (leap day in EST, March and October in EDT)',
    [
      // NY 02-29 23:59:59 EST | Berlin 03-01 05:59 | −12 02-29 16:59
      [
        '2024-03-01T04:59:59Z',
        '2024-02-29',
        '2024-03-01',
        '2024-03-01',
        '2024-03-01',
        '2024-02-29',
        '2024-03-01',
      ],
      [
        '2024-03-01T05:00:00Z',
        '2024-03-01',
        '2024-03-01',
        '2024-03-01',
        '2024-03-01',
        '2024-02-29',
        '2024-03-01',
      ],
      // NY 03-31 23:59:59 EDT | Berlin (CEST) 04-01 05:59 | Sydney 04-01 14:59 | −12 03-31 15:59
      [
        '2024-04-01T03:59:59Z',
        '2024-03-31',
        '2024-04-01',
        '2024-04-01',
        '2024-04-01',
        '2024-03-31',
        '2024-04-01',
      ],
      [
        '2024-04-01T04:00:00Z',
        '2024-04-01',
        '2024-04-01',
        '2024-04-01',
        '2024-04-01',
        '2024-03-31',
        '2024-04-01',
      ],
      // NY 10-31 23:59:59 EDT | Berlin (CET) 11-01 04:59 | −12 10-31 15:59
      [
        '2024-11-01T03:59:59Z',
        '2024-10-31',
        '2024-11-01',
        '2024-11-01',
        '2024-11-01',
        '2024-10-31',
        '2024-11-01',
      ],
      [
        '2024-11-01T04:00:00Z',
        '2024-11-01',
        '2024-11-01',
        '2024-11-01',
        '2024-11-01',
        '2024-10-31',
        '2024-11-01',
      ],
    ],
  ],
  [
    'Berlin spring forward (Sunday 2024-03-31)',
    [
      // Berlin 03-30 23:59:59 CET | NY 18:59 | Sydney 03-31 09:59 | +14 03-31 12:59 | +5:45 03-31 04:44
      [
        '2024-03-30T22:59:59Z',
        '2024-03-30',
        '2024-03-30',
        '2024-03-31',
        '2024-03-31',
        '2024-03-30',
        '2024-03-31',
      ],
      // Berlin 03-31 00:00 CET
      [
        '2024-03-30T23:00:00Z',
        '2024-03-30',
        '2024-03-31',
        '2024-03-31',
        '2024-03-31',
        '2024-03-30',
        '2024-03-31',
      ],
      // Berlin 03-31 23:59:59 CEST | NY 17:59 | Sydney 04-01 08:59 | +14 04-01 11:59 | −12 09:59 | +5:45 04-01 03:44
      [
        '2024-03-31T21:59:59Z',
        '2024-03-31',
        '2024-03-31',
        '2024-04-01',
        '2024-04-01',
        '2024-03-31',
        '2024-04-01',
      ],
      // Berlin 04-01 00:00 CEST: new day, week and month
      [
        '2024-03-31T22:00:00Z',
        '2024-03-31',
        '2024-04-01',
        '2024-04-01',
        '2024-04-01',
        '2024-03-31',
        '2024-04-01',
      ],
    ],
  ],
  [
    'Berlin fall back (Sunday 2024-10-27) and the end of October',
    [
      // Berlin 10-26 23:59:59 CEST | NY 17:59 | Sydney 10-27 08:59 | +14 10-27 11:59 | +5:45 10-27 03:44
      [
        '2024-10-26T21:59:59Z',
        '2024-10-26',
        '2024-10-26',
        '2024-10-27',
        '2024-10-27',
        '2024-10-26',
        '2024-10-27',
      ],
      [
        '2024-10-26T22:00:00Z',
        '2024-10-26',
        '2024-10-27',
        '2024-10-27',
        '2024-10-27',
        '2024-10-26',
        '2024-10-27',
      ],
      // Berlin 10-27 23:59:59 CET (a 25-hour day) | NY 18:59 | Sydney 10-28 09:59 | −12 10:59
      [
        '2024-10-27T22:59:59Z',
        '2024-10-27',
        '2024-10-27',
        '2024-10-28',
        '2024-10-28',
        '2024-10-27',
        '2024-10-28',
      ],
      // Berlin 10-28 00:00 CET (Monday)
      [
        '2024-10-27T23:00:00Z',
        '2024-10-27',
        '2024-10-28',
        '2024-10-28',
        '2024-10-28',
        '2024-10-27',
        '2024-10-28',
      ],
      // Berlin 10-31 23:59:59 CET | Sydney 11-01 09:59 | +14 11-01 12:59 | +5:45 11-01 04:44
      [
        '2024-10-31T22:59:59Z',
        '2024-10-31',
        '2024-10-31',
        '2024-11-01',
        '2024-11-01',
        '2024-10-31',
        '2024-11-01',
      ],
      [
        '2024-10-31T23:00:00Z',
        '2024-10-31',
        '2024-11-01',
        '2024-11-01',
        '2024-11-01',
        '2024-10-31',
        '2024-11-01',
      ],
    ],
  ],
  [
    'Sydney (southern hemisphere): DST ends Sunday 2024-04-07, starts Sunday 2024-10-06',
    [
      // Sydney 04-06 23:59:59 AEDT | NY 08:59 | Berlin 14:59 | +14 04-07 02:59 | −12 00:59 | +5:45 18:44
      [
        '2024-04-06T12:59:59Z',
        '2024-04-06',
        '2024-04-06',
        '2024-04-06',
        '2024-04-07',
        '2024-04-06',
        '2024-04-06',
      ],
      [
        '2024-04-06T13:00:00Z',
        '2024-04-06',
        '2024-04-06',
        '2024-04-07',
        '2024-04-07',
        '2024-04-06',
        '2024-04-06',
      ],
      // Sydney 04-07 23:59:59 AEST (a 25-hour day) | +14 04-08 03:59 | −12 01:59 | +5:45 19:44
      [
        '2024-04-07T13:59:59Z',
        '2024-04-07',
        '2024-04-07',
        '2024-04-07',
        '2024-04-08',
        '2024-04-07',
        '2024-04-07',
      ],
      // Sydney 04-08 00:00 AEST (Monday)
      [
        '2024-04-07T14:00:00Z',
        '2024-04-07',
        '2024-04-07',
        '2024-04-08',
        '2024-04-08',
        '2024-04-07',
        '2024-04-07',
      ],
      // Sydney 10-05 23:59:59 AEST | NY 09:59 | Berlin 15:59 | +14 10-06 03:59 | −12 01:59
      [
        '2024-10-05T13:59:59Z',
        '2024-10-05',
        '2024-10-05',
        '2024-10-05',
        '2024-10-06',
        '2024-10-05',
        '2024-10-05',
      ],
      [
        '2024-10-05T14:00:00Z',
        '2024-10-05',
        '2024-10-05',
        '2024-10-06',
        '2024-10-06',
        '2024-10-05',
        '2024-10-05',
      ],
      // Sydney 10-06 23:59:59 AEDT (a 23-hour day) | +14 10-07 02:59 | −12 00:59 | +5:45 18:44
      [
        '2024-10-06T12:59:59Z',
        '2024-10-06',
        '2024-10-06',
        '2024-10-06',
        '2024-10-07',
        '2024-10-06',
        '2024-10-06',
      ],
      // Sydney 10-07 00:00 AEDT (Monday)
      [
        '2024-10-06T13:00:00Z',
        '2024-10-06',
        '2024-10-06',
        '2024-10-07',
        '2024-10-07',
        '2024-10-06',
        '2024-10-06',
      ],
    ],
  ],
  [
    'Sydney month and year ends',
    [
      // Sydney 03-31 23:59:59 AEDT | NY 08:59 | Berlin (CEST) 14:59 | +14 04-01 02:59 | −12 00:59
      [
        '2024-03-31T12:59:59Z',
        '2024-03-31',
        '2024-03-31',
        '2024-03-31',
        '2024-04-01',
        '2024-03-31',
        '2024-03-31',
      ],
      [
        '2024-03-31T13:00:00Z',
        '2024-03-31',
        '2024-03-31',
        '2024-04-01',
        '2024-04-01',
        '2024-03-31',
        '2024-03-31',
      ],
      // Sydney 12-31 23:59:59 AEDT | NY 07:59 | Berlin 13:59 | +14 2025-01-01 02:59 | −12 00:59
      [
        '2024-12-31T12:59:59Z',
        '2024-12-31',
        '2024-12-31',
        '2024-12-31',
        '2025-01-01',
        '2024-12-31',
        '2024-12-31',
      ],
      [
        '2024-12-31T13:00:00Z',
        '2024-12-31',
        '2024-12-31',
        '2025-01-01',
        '2025-01-01',
        '2024-12-31',
        '2024-12-31',
      ],
    ],
  ],
  [
    "The fixed offsets' own midnights",
    [
      // +14: 03-31 23:59:59 | NY 05:59 | Berlin 11:59 | Sydney 20:59 | −12 03-30 21:59 | +5:45 15:44
      [
        '2024-03-31T09:59:59Z',
        '2024-03-31',
        '2024-03-31',
        '2024-03-31',
        '2024-03-31',
        '2024-03-30',
        '2024-03-31',
      ],
      [
        '2024-03-31T10:00:00Z',
        '2024-03-31',
        '2024-03-31',
        '2024-03-31',
        '2024-04-01',
        '2024-03-30',
        '2024-03-31',
      ],
      // −12: 03-31 23:59:59 | NY 04-01 07:59 | Berlin 13:59 | Sydney 22:59 | +14 04-02 01:59 | +5:45 17:44
      [
        '2024-04-01T11:59:59Z',
        '2024-04-01',
        '2024-04-01',
        '2024-04-01',
        '2024-04-02',
        '2024-03-31',
        '2024-04-01',
      ],
      [
        '2024-04-01T12:00:00Z',
        '2024-04-01',
        '2024-04-01',
        '2024-04-01',
        '2024-04-02',
        '2024-04-01',
        '2024-04-01',
      ],
      // +5:45: 03-31 23:59:59 | NY 14:14 | Berlin 20:14 | Sydney 04-01 05:14 | +14 04-01 08:14 | −12 06:14
      [
        '2024-03-31T18:14:59Z',
        '2024-03-31',
        '2024-03-31',
        '2024-04-01',
        '2024-04-01',
        '2024-03-31',
        '2024-03-31',
      ],
      [
        '2024-03-31T18:15:00Z',
        '2024-03-31',
        '2024-03-31',
        '2024-04-01',
        '2024-04-01',
        '2024-03-31',
        '2024-04-01',
      ],
      // +14: 12-31 23:59:59 | NY 04:59 | Berlin 10:59 | Sydney 20:59 | −12 12-30 21:59 | +5:45 15:44
      [
        '2024-12-31T09:59:59Z',
        '2024-12-31',
        '2024-12-31',
        '2024-12-31',
        '2024-12-31',
        '2024-12-30',
        '2024-12-31',
      ],
      [
        '2024-12-31T10:00:00Z',
        '2024-12-31',
        '2024-12-31',
        '2024-12-31',
        '2025-01-01',
        '2024-12-30',
        '2024-12-31',
      ],
      // −12: 2024-12-31 23:59:59 | NY 01-01 06:59 | Berlin 12:59 | Sydney 22:59 | +14 01-02 01:59
      [
        '2025-01-01T11:59:59Z',
        '2025-01-01',
        '2025-01-01',
        '2025-01-01',
        '2025-01-02',
        '2024-12-31',
        '2025-01-01',
      ],
      [
        '2025-01-01T12:00:00Z',
        '2025-01-01',
        '2025-01-01',
        '2025-01-01',
        '2025-01-02',
        '2025-01-01',
        '2025-01-01',
      ],
    ],
  ],
];

describe('stats at fixed instants around DST changes and month ends, in six zones', () => {
  const users = {} as Record<Zone, number>;

  beforeAll(async () => {
    for (const zone of ZONES) {
      const userId = newUserId();
      users[zone] = userId;
      await makeSettings(database.db, userId, { timezone: zone });
      for (const { date, minutes, status } of DENSE) {
        const start = Date.parse(`${date}T12:00:00Z`);
        await makeEntry(database.db, userId, {
          date,
          startTime: new Date(start),
          endTime: new Date(start + minutes * 60_000),
          hourlyRate: '60',
          paymentStatus: status,
        });
      }
      // A running timer adds nothing, whatever its date.
      await makeEntry(database.db, userId, {
        date: '2024-03-31',
        startTime: new Date('2024-03-31T12:00:00Z'),
        endTime: null,
        hourlyRate: '60',
      });
    }
  }, 120_000);

  it('the fixture is what the expectations assume', () => {
    expect(DENSE).toHaveLength(1 + 90 + 131 + 1);
    expect(Object.keys(WEEK_OF)).toHaveLength(27);
    // Sanity of the hand-written week table: a week is seven days from a Monday.
    for (const [date, [monday, sunday]] of Object.entries(WEEK_OF)) {
      expect(date >= monday && date <= sunday, date).toBe(true);
      expect((Date.parse(sunday) - Date.parse(monday)) / 86_400_000, date).toBe(6);
    }
  });

  describe.each(TABLE)('%s', (_, rows) => {
    it.each(rows)('at %s', async (instant, ...dates) => {
      for (const [i, zone] of ZONES.entries()) {
        const today = dates[i]!;
        const week = WEEK_OF[today];
        expect(week, `the week table lacks ${today}`).toBeDefined();
        const timezone = OVERRIDE_SPELLING[zone];
        // The user whose setting is this zone, then two users whose settings are
        // other zones, asking with the timezone parameter.
        const askers: [number, { timezone?: string }, string][] = [
          [users[zone], {}, `setting ${zone}`],
          [users['UTC+14'], { timezone }, `setting UTC+14, timezone=${timezone}`],
          [users['UTC-12'], { timezone }, `setting UTC-12, timezone=${timezone}`],
        ];
        for (const [userId, options, who] of askers) {
          const label = `${who} at ${instant} (local date ${today})`;
          expect(await statsAt(userId, instant, options), label).toEqual(expectedDense(today, week!));
          for (const period of PERIODS) {
            expect(
              await statsAt(userId, instant, { ...options, period }),
              `${label}, period=${period}`,
            ).toEqual(expectedDense(today, week!, period));
          }
        }
      }
    });
  });
});

// =============================================================================
// 3. Entry dates across DST, through the route handlers.
// =============================================================================

const post = (userId: number, body: unknown) => call(createEntry, 'POST', { userId, body });
const put = (userId: number, id: number, body: unknown) =>
  call(updateEntry, 'PUT', { userId, params: { entry_id: String(id) }, body });
const list = (userId: number, query: string) => call(listEntries, 'GET', { userId, query });

const plusOneHour = (naiveUtc: string) =>
  new Date(Date.parse(`${naiveUtc}Z`) + 3_600_000).toISOString().slice(0, 19);

describe('POST /entries derives date as the local date of start_time across DST', () => {
  // [timezone setting, start_time as sent, start_time as stored (naive UTC), expected date, why]
  it.each([
    ['America/New_York', '2024-03-10T04:59:59Z', '2024-03-10T04:59:59', '2024-03-09', 'Sat 23:59:59 EST'],
    ['America/New_York', '2024-03-10T05:00:00Z', '2024-03-10T05:00:00', '2024-03-10', 'Sun 00:00 EST'],
    ['America/New_York', '2024-03-10T06:59:59Z', '2024-03-10T06:59:59', '2024-03-10', '01:59:59 EST'],
    ['America/New_York', '2024-03-10T07:00:00Z', '2024-03-10T07:00:00', '2024-03-10', '03:00 EDT'],
    ['America/New_York', '2024-03-11T03:59:59Z', '2024-03-11T03:59:59', '2024-03-10', 'Sun 23:59:59 EDT'],
    ['America/New_York', '2024-03-11T04:00:00Z', '2024-03-11T04:00:00', '2024-03-11', 'Mon 00:00 EDT'],
    // Naive means UTC.
    ['America/New_York', '2024-03-11T03:59:59', '2024-03-11T03:59:59', '2024-03-10', 'naive = UTC'],
    ['America/New_York', '2024-03-11T04:00:00', '2024-03-11T04:00:00', '2024-03-11', 'naive = UTC'],
    // Fractions are truncated, not rounded: .999 s before midnight stays on Sunday.
    ['America/New_York', '2024-03-11T03:59:59.999Z', '2024-03-11T03:59:59', '2024-03-10', 'truncated'],
    // An offset is that instant. 23:59:59 at −05:00 on 03-10 is 04:59:59Z on 03-11,
    // which New York (EDT by then) calls 00:59:59 on Monday.
    [
      'America/New_York',
      '2024-03-10T23:59:59-05:00',
      '2024-03-11T04:59:59',
      '2024-03-11',
      'EST offset after DST',
    ],
    ['America/New_York', '2024-03-10T23:59:59-04:00', '2024-03-11T03:59:59', '2024-03-10', 'the EDT offset'],
    ['America/New_York', '2024-03-11T09:30:00+05:30', '2024-03-11T04:00:00', '2024-03-11', 'Kolkata offset'],
    ['America/New_York', '2024-11-03T03:59:59Z', '2024-11-03T03:59:59', '2024-11-02', 'Sat 23:59:59 EDT'],
    ['America/New_York', '2024-11-03T04:00:00Z', '2024-11-03T04:00:00', '2024-11-03', 'Sun 00:00 EDT'],
    ['America/New_York', '2024-11-03T01:30:00-04:00', '2024-11-03T05:30:00', '2024-11-03', '01:30 EDT'],
    ['America/New_York', '2024-11-03T01:30:00-05:00', '2024-11-03T06:30:00', '2024-11-03', '01:30 EST'],
    ['America/New_York', '2024-11-04T04:59:59Z', '2024-11-04T04:59:59', '2024-11-03', 'Sun 23:59:59 EST'],
    ['America/New_York', '2024-11-04T05:00:00Z', '2024-11-04T05:00:00', '2024-11-04', 'Mon 00:00 EST'],
    // 23:59:59 at −04:00 on 11-03 is 03:59:59Z on 11-04: 22:59:59 EST, still Sunday.
    [
      'America/New_York',
      '2024-11-03T23:59:59-04:00',
      '2024-11-04T03:59:59',
      '2024-11-03',
      'EDT offset after',
    ],
    ['America/New_York', '2024-11-04T05:30:00+05:30', '2024-11-04T00:00:00', '2024-11-03', 'Sun 19:00 EST'],
    ['Europe/Berlin', '2024-03-30T22:59:59Z', '2024-03-30T22:59:59', '2024-03-30', 'Sat 23:59:59 CET'],
    ['Europe/Berlin', '2024-03-30T23:00:00Z', '2024-03-30T23:00:00', '2024-03-31', 'Sun 00:00 CET'],
    ['Europe/Berlin', '2024-03-31T21:59:59Z', '2024-03-31T21:59:59', '2024-03-31', 'Sun 23:59:59 CEST'],
    ['Europe/Berlin', '2024-03-31T22:00:00Z', '2024-03-31T22:00:00', '2024-04-01', 'Mon 00:00 CEST'],
    ['Europe/Berlin', '2024-10-27T00:30:00Z', '2024-10-27T00:30:00', '2024-10-27', '02:30 CEST'],
    ['Europe/Berlin', '2024-10-27T01:30:00Z', '2024-10-27T01:30:00', '2024-10-27', '02:30 CET'],
    ['Europe/Berlin', '2024-10-27T22:59:59Z', '2024-10-27T22:59:59', '2024-10-27', 'Sun 23:59:59 CET'],
    ['Europe/Berlin', '2024-10-27T23:00:00Z', '2024-10-27T23:00:00', '2024-10-28', 'Mon 00:00 CET'],
    ['Australia/Sydney', '2024-04-07T13:59:59Z', '2024-04-07T13:59:59', '2024-04-07', 'Sun 23:59:59 AEST'],
    ['Australia/Sydney', '2024-04-07T14:00:00Z', '2024-04-07T14:00:00', '2024-04-08', 'Mon 00:00 AEST'],
    ['Australia/Sydney', '2024-10-06T12:59:59Z', '2024-10-06T12:59:59', '2024-10-06', 'Sun 23:59:59 AEDT'],
    ['Australia/Sydney', '2024-10-06T13:00:00Z', '2024-10-06T13:00:00', '2024-10-07', 'Mon 00:00 AEDT'],
    ['UTC+14', '2024-12-31T09:59:59Z', '2024-12-31T09:59:59', '2024-12-31', '23:59:59 at +14'],
    ['UTC+14', '2024-12-31T10:00:00Z', '2024-12-31T10:00:00', '2025-01-01', 'New Year at +14'],
    ['UTC-12', '2025-01-01T11:59:59Z', '2025-01-01T11:59:59', '2024-12-31', '23:59:59 at −12'],
    ['UTC-12', '2025-01-01T12:00:00Z', '2025-01-01T12:00:00', '2025-01-01', 'New Year at −12'],
    ['UTC+5:45', '2024-03-31T18:14:59Z', '2024-03-31T18:14:59', '2024-03-31', '23:59:59 at +5:45'],
    ['UTC+05:45', '2024-03-31T18:15:00Z', '2024-03-31T18:15:00', '2024-04-01', '00:00 at +05:45'],
  ])('%s: start_time %s (stored %s) → date %s (%s)', async (timezone, sent, stored, date) => {
    const userId = newUserId();
    await makeSettings(database.db, userId, { timezone });
    const entry = expectEntry(await post(userId, { start_time: sent, end_time: plusOneHour(stored) }), 201);
    expect(entry.start_time).toBe(stored);
    expect(entry.end_time).toBe(plusOneHour(stored));
    expect(entry.total_hours).toBe(1);
    expect(entry.date).toBe(date);
  });

  it('spans the spring-forward gap by its real length: 00:00 EST to 04:00 EDT is 3 hours', async () => {
    const userId = newUserId();
    await makeSettings(database.db, userId, { timezone: 'America/New_York' });
    const entry = expectEntry(
      await post(userId, {
        start_time: '2024-03-10T00:00:00-05:00',
        end_time: '2024-03-10T04:00:00-04:00',
        hourly_rate: 10,
      }),
      201,
    );
    expect(entry).toMatchObject({
      date: '2024-03-10',
      start_time: '2024-03-10T05:00:00',
      end_time: '2024-03-10T08:00:00',
      total_hours: 3,
      total_earned: 30,
    });
  });

  it('spans the repeated fall-back hour by its real length: 00:00 EDT to 02:00 EST is 3 hours', async () => {
    const userId = newUserId();
    await makeSettings(database.db, userId, { timezone: 'America/New_York' });
    const entry = expectEntry(
      await post(userId, {
        start_time: '2024-11-03T00:00:00-04:00',
        end_time: '2024-11-03T02:00:00-05:00',
        hourly_rate: 10,
      }),
      201,
    );
    expect(entry).toMatchObject({
      date: '2024-11-03',
      start_time: '2024-11-03T04:00:00',
      end_time: '2024-11-03T07:00:00',
      total_hours: 3,
      total_earned: 30,
    });
  });

  it('checks an explicit date against the local date, one day either way (New York, 2024-03-11T03:59:59Z is 03-10)', async () => {
    const userId = newUserId();
    await makeSettings(database.db, userId, { timezone: 'America/New_York' });
    const times = { start_time: '2024-03-11T03:59:59Z', end_time: '2024-03-11T04:59:59Z' };
    expect(expectEntry(await post(userId, { ...times, date: '2024-03-09' }), 201).date).toBe('2024-03-09');
    expect(expectEntry(await post(userId, { ...times, date: '2024-03-11' }), 201).date).toBe('2024-03-11');
    expect(expectEntry(await post(userId, { ...times, date: null }), 201).date).toBe('2024-03-10');
    expectValidation(await post(userId, { ...times, date: '2024-03-08' }), ['date']);
    expectValidation(await post(userId, { ...times, date: '2024-03-12' }), ['date']);
  });
});

describe('PUT /entries derives date again when start_time changes', () => {
  it('follows the user timezone, across DST and after a change of setting', async () => {
    const userId = newUserId();
    await makeSettings(database.db, userId, { timezone: 'America/New_York' });
    const created = expectEntry(
      await post(userId, { start_time: '2024-03-10T04:59:59Z', end_time: '2024-03-10T06:00:00Z' }),
      201,
    );
    expect(created.date).toBe('2024-03-09');

    // One second later it is Sunday in New York.
    let entry = expectEntry(await put(userId, created.id, { start_time: '2024-03-10T05:00:00Z' }));
    expect(entry.date).toBe('2024-03-10');

    // Changing only the end keeps the date.
    entry = expectEntry(await put(userId, created.id, { end_time: '2024-03-11T04:30:00Z' }));
    expect(entry.date).toBe('2024-03-10');

    // Sending the entry back whole (as the frontend's edit dialog may), with a new start, re-derives.
    const { date: _date, ...rest } = entry;
    entry = expectEntry(
      await put(userId, created.id, {
        ...rest,
        start_time: '2024-03-11T04:00:00',
        end_time: '2024-03-11T05:00:00',
      }),
    );
    expect(entry.date).toBe('2024-03-11');

    entry = expectEntry(
      await put(userId, created.id, { start_time: '2024-11-04T04:59:59Z', end_time: '2024-11-04T06:00:00Z' }),
    );
    expect(entry.date).toBe('2024-11-03');

    // A new setting applies to the next derivation, not to stored dates.
    const settings = await call(putSettings, 'PUT', { userId, body: { timezone: 'Europe/Berlin' } });
    expect(settings.status, settings.text).toBe(200);
    expect(expectEntry(await put(userId, created.id, { notes: 'unchanged date' })).date).toBe('2024-11-03');
    // 2024-03-31T22:00:00Z is Monday 04-01 00:00 CEST in Berlin (17:00 EDT on 03-31 in New York).
    entry = expectEntry(
      await put(userId, created.id, { start_time: '2024-03-31T22:00:00Z', end_time: '2024-03-31T23:00:00Z' }),
    );
    expect(entry.date).toBe('2024-04-01');
    // An explicit date wins when it is within a day of the derived one.
    entry = expectEntry(
      await put(userId, created.id, { start_time: '2024-03-31T21:59:59Z', date: '2024-04-01' }),
    );
    expect(entry.date).toBe('2024-04-01');
    entry = expectEntry(await put(userId, created.id, { start_time: '2024-03-31T21:59:58Z' }));
    expect(entry.date).toBe('2024-03-31');
  });
});

describe('GET /entries with date-time filters uses the local date in the user timezone', () => {
  it('New York around the spring-forward midnight', async () => {
    const userId = newUserId();
    await makeSettings(database.db, userId, { timezone: 'America/New_York' });
    const ids: Record<string, number> = {};
    for (const [name, start] of [
      ['sat', '2024-03-10T04:59:59Z'], // 03-09
      ['sun', '2024-03-11T03:59:59Z'], // 03-10
      ['mon', '2024-03-11T04:00:00Z'], // 03-11
    ] as const) {
      const entry = expectEntry(
        await post(userId, { start_time: start, end_time: plusOneHour(start.slice(0, 19)) }),
        201,
      );
      ids[name] = entry.id;
    }
    const idsOf = (res: Awaited<ReturnType<typeof list>>) => {
      expect(res.status, res.text).toBe(200);
      return (res.body as unknown[]).map((e) => timeEntrySchema.strict().parse(e).id);
    };

    // Plain dates.
    expect(idsOf(await list(userId, 'start_date=2024-03-10&end_date=2024-03-10'))).toEqual([ids.sun]);
    // 2024-03-11T03:59:59Z is 03-10 in New York; 04:00:00Z is 03-11.
    expect(
      idsOf(await list(userId, 'start_date=2024-03-11T03:59:59Z&end_date=2024-03-11T03:59:59Z')),
    ).toEqual([ids.sun]);
    expect(idsOf(await list(userId, 'start_date=2024-03-11T04:00:00Z'))).toEqual([ids.mon]);
    // 2024-03-10T04:59:59Z is 03-09; the filter includes the whole local day.
    expect(idsOf(await list(userId, 'end_date=2024-03-10T04:59:59Z'))).toEqual([ids.sat]);
    // An offset in the query: 2024-03-10T23:59:59-04:00 is 03-10 23:59:59 EDT.
    expect(
      idsOf(await list(userId, 'start_date=2024-03-10T00:00:00-05:00&end_date=2024-03-10T23:59:59-04:00')),
    ).toEqual([ids.sun]);
    // Naive is UTC: 2024-03-11T03:59:59 → 03-10, so 03-10..03-11, newest first.
    expect(idsOf(await list(userId, 'start_date=2024-03-11T03:59:59&limit=1000&_t=1'))).toEqual([
      ids.mon,
      ids.sun,
    ]);
    // %2B for "+": 2024-03-11T09:29:59+05:30 = 03:59:59Z → 03-10.
    expect(idsOf(await list(userId, 'end_date=2024-03-11T09:29:59%2B05:30'))).toEqual([ids.sun, ids.sat]);
  });
});
