// GET /reports/summary: one row per day, ISO week or month, with the stats'
// rounding. Every expected number is worked out here, from the entries the test
// made, with integer arithmetic of its own (never the implementation's SQL or
// timezone helpers); the week and month boundaries are written out by hand.
import { describe, expect, it } from 'vitest';
import { POST as createEntry } from '@/app/api/v1/time-tracking/entries/route';
import { GET, POST } from '@/app/api/v1/time-tracking/reports/summary/route';
import type { PaymentStatus, ReportRow } from '@/lib/time-tracking/schemas';
import { MAX_REPORT_ROWS, reportSchema } from '@/lib/time-tracking/schemas';
import { expectProblem, expectValidation } from './helpers/assertions';
import { newUserId } from './helpers/auth';
import { useTestDatabase } from './helpers/database';
import { centsToNumber, earnedCents, hoursOf, type Spec } from './helpers/expected-totals';
import { makeEntry, makeSettings } from './helpers/factories';
import { call } from './helpers/http';

const database = useTestDatabase();

// ---- the test's own model of the numbers ------------------------------------

/** The row the contract asks for: `specs` dated from `from` to `to`. */
function expectedRow(specs: Spec[], from: string, to: string): ReportRow {
  const inRow = specs.filter((s) => s.date >= from && s.date <= to);
  const done = inRow.filter((s) => s.seconds !== null);
  const cents = (statuses: PaymentStatus[]) =>
    centsToNumber(done.filter((s) => statuses.includes(s.status)).reduce((n, s) => n + earnedCents(s), 0n));
  return {
    period_start: from,
    period_end: to,
    entries: inRow.length,
    hours: hoursOf(done.reduce((n, s) => n + s.seconds!, 0)),
    earned: cents(['not_paid', 'invoiced_not_approved', 'invoiced_approved', 'paid']),
    unpaid: cents(['not_paid']),
    invoiced: cents(['invoiced_not_approved', 'invoiced_approved']),
    paid: cents(['paid']),
  };
}

const emptyRow = (from: string, to: string): ReportRow => expectedRow([], from, to);

async function insert(userId: number, spec: Spec) {
  const startTime = new Date(`${spec.date}T09:00:00Z`);
  return makeEntry(database.db, userId, {
    date: spec.date,
    startTime,
    endTime: spec.seconds === null ? null : new Date(startTime.getTime() + spec.seconds * 1000),
    hourlyRate: spec.rate,
    paymentStatus: spec.status,
  });
}

const getReport = (userId: number | undefined, query: string) => call(GET, 'GET', { userId, query });

async function reportOf(userId: number, query: string) {
  const res = await getReport(userId, query);
  expect(res.status, res.text).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-store');
  return reportSchema.strict().parse(res.body);
}

// 2024-01-01 is a Monday. Dates with work, some twice, one running timer.
const JANUARY: Spec[] = [
  { date: '2024-01-01', seconds: 1200, rate: '50', status: 'not_paid' },
  { date: '2024-01-01', seconds: 1200, rate: '50', status: 'not_paid' },
  { date: '2024-01-01', seconds: 1200, rate: '50', status: 'paid' },
  { date: '2024-01-02', seconds: 3661, rate: '72.125', status: 'invoiced_not_approved' },
  { date: '2024-01-02', seconds: 7, rate: '0.3333', status: 'invoiced_approved' },
  { date: '2024-01-04', seconds: 28_800, rate: '19.99', status: 'paid' },
  { date: '2024-01-07', seconds: 5399, rate: '33.3333', status: 'not_paid' },
  { date: '2024-01-08', seconds: 1800, rate: '100', status: 'invoiced_approved' },
  { date: '2024-01-08', seconds: null, rate: '50', status: 'not_paid' },
  { date: '2024-01-31', seconds: 60, rate: '60', status: 'paid' },
  { date: '2024-02-01', seconds: 3600, rate: '10', status: 'not_paid' },
];

describe('GET /reports/summary', () => {
  it('answers one row per day, empty days included, with the stats rounding', async () => {
    const userId = newUserId();
    for (const spec of JANUARY) await insert(userId, spec);
    // Another user's work never counts.
    await insert(newUserId(), { date: '2024-01-03', seconds: 3600, rate: '50', status: 'not_paid' });

    const report = await reportOf(userId, 'start_date=2024-01-01&end_date=2024-01-08&group_by=day');
    expect(report).toMatchObject({ start_date: '2024-01-01', end_date: '2024-01-08', group_by: 'day' });
    const days = ['01', '02', '03', '04', '05', '06', '07', '08'].map((d) => `2024-01-${d}`);
    expect(report.rows).toEqual(days.map((day) => expectedRow(JANUARY, day, day)));

    // Numbers worked out by hand for two of the rows.
    expect(report.rows[0]).toEqual({
      period_start: '2024-01-01',
      period_end: '2024-01-01',
      entries: 3,
      hours: 1, // 3 × 20 minutes, rounded once
      earned: 50.01, // 3 × 16.67, each entry's own total_earned
      unpaid: 33.34,
      invoiced: 0,
      paid: 16.67,
    });
    // The running timer counts as an entry but adds no hours or earnings.
    expect(report.rows[7]).toEqual({
      period_start: '2024-01-08',
      period_end: '2024-01-08',
      entries: 2,
      hours: 0.5,
      earned: 50,
      unpaid: 0,
      invoiced: 50,
      paid: 0,
    });
    expect(report.rows[2]).toEqual(emptyRow('2024-01-03', '2024-01-03'));
  });

  it('defaults group_by to day and ignores unknown query parameters', async () => {
    const userId = newUserId();
    for (const spec of JANUARY) await insert(userId, spec);
    const report = await reportOf(userId, 'start_date=2024-01-02&end_date=2024-01-02&_t=123');
    expect(report.group_by).toBe('day');
    expect(report.rows).toEqual([expectedRow(JANUARY, '2024-01-02', '2024-01-02')]);
  });

  it('groups ISO weeks (Monday to Sunday) and clips the first and last week to the range', async () => {
    const userId = newUserId();
    for (const spec of JANUARY) await insert(userId, spec);
    const whole = await reportOf(userId, 'start_date=2024-01-01&end_date=2024-01-14&group_by=week');
    expect(whole.rows).toEqual([
      expectedRow(JANUARY, '2024-01-01', '2024-01-07'),
      expectedRow(JANUARY, '2024-01-08', '2024-01-14'),
    ]);
    // From a Tuesday to a Monday: the first week starts on the Tuesday, the last ends on the Monday.
    const clipped = await reportOf(userId, 'start_date=2024-01-02&end_date=2024-01-08&group_by=week');
    expect(clipped.rows).toEqual([
      expectedRow(JANUARY, '2024-01-02', '2024-01-07'),
      expectedRow(JANUARY, '2024-01-08', '2024-01-08'),
    ]);
    expect(clipped.rows[0]!.entries).toBe(4);
  });

  it('runs ISO weeks across a year end', async () => {
    const userId = newUserId();
    // 2020-12-28 is a Monday; ISO week 53 of 2020 runs to Sunday 2021-01-03.
    const specs: Spec[] = [
      { date: '2020-12-27', seconds: 3600, rate: '50', status: 'not_paid' }, // Sunday before: outside
      { date: '2020-12-28', seconds: 3600, rate: '50', status: 'not_paid' },
      { date: '2020-12-31', seconds: 1800, rate: '40', status: 'paid' },
      { date: '2021-01-03', seconds: 900, rate: '40', status: 'invoiced_approved' },
      { date: '2021-01-04', seconds: 7200, rate: '25', status: 'not_paid' },
      { date: '2021-01-10', seconds: 60, rate: '25', status: 'paid' },
      { date: '2021-01-11', seconds: 3600, rate: '25', status: 'paid' }, // Monday after: outside
    ];
    for (const spec of specs) await insert(userId, spec);
    const report = await reportOf(userId, 'start_date=2020-12-28&end_date=2021-01-10&group_by=week');
    expect(report.rows).toEqual([
      {
        period_start: '2020-12-28',
        period_end: '2021-01-03',
        entries: 3,
        hours: 1.75,
        earned: 80,
        unpaid: 50,
        invoiced: 10,
        paid: 20,
      },
      {
        period_start: '2021-01-04',
        period_end: '2021-01-10',
        entries: 2,
        hours: 2.02,
        earned: 50.42,
        unpaid: 50,
        invoiced: 0,
        paid: 0.42,
      },
    ]);
    // A range starting mid-week on the 30th and ending on the 5th is clipped on both sides.
    const clipped = await reportOf(userId, 'start_date=2020-12-30&end_date=2021-01-05&group_by=week');
    expect(clipped.rows).toEqual([
      expectedRow(specs, '2020-12-30', '2021-01-03'),
      expectedRow(specs, '2021-01-04', '2021-01-05'),
    ]);
  });

  it('groups calendar months, clipped to the range (leap February included)', async () => {
    const userId = newUserId();
    const specs: Spec[] = [
      { date: '2024-01-14', seconds: 3600, rate: '50', status: 'not_paid' }, // before the range
      { date: '2024-01-15', seconds: 3600, rate: '50', status: 'not_paid' },
      { date: '2024-01-31', seconds: 1234, rate: '72.125', status: 'invoiced_not_approved' },
      { date: '2024-02-29', seconds: 4321, rate: '19.99', status: 'paid' },
      { date: '2024-04-10', seconds: 60, rate: '33.3333', status: 'not_paid' },
      { date: '2024-04-11', seconds: 3600, rate: '50', status: 'not_paid' }, // after the range
    ];
    for (const spec of specs) await insert(userId, spec);
    const report = await reportOf(userId, 'start_date=2024-01-15&end_date=2024-04-10&group_by=month');
    expect(report.rows).toEqual([
      expectedRow(specs, '2024-01-15', '2024-01-31'),
      expectedRow(specs, '2024-02-01', '2024-02-29'),
      emptyRow('2024-03-01', '2024-03-31'),
      expectedRow(specs, '2024-04-01', '2024-04-10'),
    ]);
    expect(report.rows.map((row) => row.entries)).toEqual([2, 1, 0, 1]);
  });

  it('answers a row of zeros for every period of a user without entries', async () => {
    const userId = newUserId();
    const report = await reportOf(userId, 'start_date=2023-11-20&end_date=2024-02-10&group_by=month');
    expect(report.rows).toEqual([
      emptyRow('2023-11-20', '2023-11-30'),
      emptyRow('2023-12-01', '2023-12-31'),
      emptyRow('2024-01-01', '2024-01-31'),
      emptyRow('2024-02-01', '2024-02-10'),
    ]);
  });

  it('filters by payment_status', async () => {
    const userId = newUserId();
    for (const spec of JANUARY) await insert(userId, spec);
    const only = (status: PaymentStatus) => JANUARY.filter((s) => s.status === status);
    for (const status of ['not_paid', 'invoiced_approved', 'paid'] as const) {
      const report = await reportOf(
        userId,
        `start_date=2024-01-01&end_date=2024-01-31&group_by=week&payment_status=${status}`,
      );
      expect(report.rows).toEqual([
        expectedRow(only(status), '2024-01-01', '2024-01-07'),
        expectedRow(only(status), '2024-01-08', '2024-01-14'),
        emptyRow('2024-01-15', '2024-01-21'),
        emptyRow('2024-01-22', '2024-01-28'),
        expectedRow(only(status), '2024-01-29', '2024-01-31'),
      ]);
    }
    const paid = await reportOf(userId, 'start_date=2024-01-01&end_date=2024-01-01&payment_status=paid');
    expect(paid.rows[0]).toMatchObject({ entries: 1, hours: 0.33, earned: 16.67, unpaid: 0, paid: 16.67 });
  });

  // America/New_York: EST (−5) until 2024-03-10 07:00Z, EDT (−4) until
  // 2024-11-03 06:00Z, then EST. 2024-03-10 and 2024-11-03 are Sundays.
  it('puts entries near local midnight across DST changes in the right day and ISO week', async () => {
    const userId = newUserId();
    await makeSettings(database.db, userId, { timezone: 'America/New_York' });
    const entries: Array<{ start: string; localDate: string }> = [
      { start: '2024-03-10T04:30:00Z', localDate: '2024-03-09' }, // Sat 23:30 EST
      { start: '2024-03-10T05:30:00Z', localDate: '2024-03-10' }, // Sun 00:30 EST
      { start: '2024-03-11T03:30:00Z', localDate: '2024-03-10' }, // Sun 23:30 EDT
      { start: '2024-03-11T04:30:00Z', localDate: '2024-03-11' }, // Mon 00:30 EDT
      { start: '2024-11-03T03:30:00Z', localDate: '2024-11-02' }, // Sat 23:30 EDT
      { start: '2024-11-04T04:30:00Z', localDate: '2024-11-03' }, // Sun 23:30 EST
      { start: '2024-11-04T05:30:00Z', localDate: '2024-11-04' }, // Mon 00:30 EST
    ];
    const specs: Spec[] = [];
    for (const [i, { start, localDate }] of entries.entries()) {
      const seconds = 600 * (i + 1);
      const res = await call(createEntry, 'POST', {
        userId,
        path: 'entries',
        body: {
          start_time: start,
          end_time: new Date(Date.parse(start) + seconds * 1000).toISOString(),
          hourly_rate: 60,
        },
      });
      expect(res.status, res.text).toBe(201);
      expect(res.body.date).toBe(localDate);
      specs.push({ date: localDate, seconds, rate: '60', status: 'not_paid' });
    }

    const march = await reportOf(userId, 'start_date=2024-03-09&end_date=2024-03-11&group_by=day');
    expect(march.rows.map((row) => [row.period_start, row.entries, row.hours, row.earned])).toEqual([
      ['2024-03-09', 1, 0.17, 10],
      ['2024-03-10', 2, 0.83, 50], // 20 + 30 minutes
      ['2024-03-11', 1, 0.67, 40],
    ]);
    const weeks = await reportOf(userId, 'start_date=2024-03-04&end_date=2024-03-17&group_by=week');
    expect(weeks.rows).toEqual([
      expectedRow(specs, '2024-03-04', '2024-03-10'),
      expectedRow(specs, '2024-03-11', '2024-03-17'),
    ]);
    expect(weeks.rows.map((row) => row.entries)).toEqual([3, 1]);
    const november = await reportOf(userId, 'start_date=2024-10-28&end_date=2024-11-10&group_by=week');
    expect(november.rows.map((row) => row.entries)).toEqual([2, 1]);
    expect(november.rows).toEqual([
      expectedRow(specs, '2024-10-28', '2024-11-03'),
      expectedRow(specs, '2024-11-04', '2024-11-10'),
    ]);
  });

  it("reads a date-time bound's local date in timezone, else the user's timezone", async () => {
    const userId = newUserId();
    await makeSettings(database.db, userId, { timezone: 'UTC+05:30' });
    // 2024-01-07T20:00Z is 2024-01-08 01:30 at +05:30, 2024-01-07 15:00 in New York.
    const own = await reportOf(userId, 'start_date=2024-01-01&end_date=2024-01-07T20:00:00Z&group_by=week');
    expect(own.end_date).toBe('2024-01-08');
    expect(own.rows.map((row) => [row.period_start, row.period_end])).toEqual([
      ['2024-01-01', '2024-01-07'],
      ['2024-01-08', '2024-01-08'],
    ]);
    const override = await reportOf(
      userId,
      'start_date=2024-01-01&end_date=2024-01-07T20:00:00Z&group_by=week&timezone=America/New_York',
    );
    expect(override.end_date).toBe('2024-01-07');
    expect(override.rows).toHaveLength(1);
  });

  it(`answers up to ${MAX_REPORT_ROWS} rows and a 400 naming the limit beyond`, async () => {
    const userId = newUserId();
    // 2024-01-01 + 399 days = 2025-02-03: 400 days.
    const days = await reportOf(userId, 'start_date=2024-01-01&end_date=2025-02-03');
    expect(days.rows).toHaveLength(MAX_REPORT_ROWS);
    expect(days.rows.at(-1)).toEqual(emptyRow('2025-02-03', '2025-02-03'));
    const tooMany = await getReport(userId, 'start_date=2024-01-01&end_date=2025-02-04');
    const problem = expectValidation(tooMany, ['end_date']);
    expect(problem.detail).toContain(String(MAX_REPORT_ROWS));
    expect(problem.detail).toContain('401');

    // 400 ISO weeks from Monday 2024-01-01 end on Sunday 2031-08-31; one day more is a 401st week.
    const weeks = await reportOf(userId, 'start_date=2024-01-01&end_date=2031-08-31&group_by=week');
    expect(weeks.rows).toHaveLength(MAX_REPORT_ROWS);
    expect(weeks.rows.at(-1)).toMatchObject({ period_start: '2031-08-25', period_end: '2031-08-31' });
    expectValidation(await getReport(userId, 'start_date=2024-01-01&end_date=2031-09-01&group_by=week'), [
      'end_date',
    ]);
    // 400 months: 2000-01 to 2033-04.
    const months = await reportOf(userId, 'start_date=2000-01-31&end_date=2033-04-01&group_by=month');
    expect(months.rows).toHaveLength(MAX_REPORT_ROWS);
    expect(months.rows[0]).toMatchObject({ period_start: '2000-01-31', period_end: '2000-01-31' });
    expectValidation(await getReport(userId, 'start_date=2000-01-01&end_date=2033-05-01&group_by=month'), [
      'end_date',
    ]);
  });

  it('answers 400 for missing, impossible or reversed dates, a bad group_by, status or timezone', async () => {
    const userId = newUserId();
    const cases: Array<[string, string[]]> = [
      ['', ['start_date', 'end_date']],
      ['start_date=2024-01-01', ['end_date']],
      ['end_date=2024-01-01', ['start_date']],
      ['start_date=2024-02-30&end_date=2024-03-01', ['start_date']],
      ['start_date=2024-01-01&end_date=tomorrow', ['end_date']],
      ['start_date=2024-01-02&end_date=2024-01-01', ['start_date']],
      ['start_date=2024-01-01&end_date=2024-01-02&group_by=year', ['group_by']],
      ['start_date=2024-01-01&end_date=2024-01-02&group_by=WEEK', ['group_by']],
      ['start_date=2024-01-01&end_date=2024-01-02&payment_status=unpaid', ['payment_status']],
      ['start_date=2024-01-01&end_date=2024-01-02&timezone=Mars/Olympus', ['timezone']],
      ['start_date=2024-01-01&end_date=2024-01-02&timezone=UTC+15', ['timezone']],
    ];
    for (const [query, paths] of cases) {
      expectValidation(await getReport(userId, query), paths);
    }
  });

  it('answers 401 without a valid token and 405 for other methods', async () => {
    const query = 'start_date=2024-01-01&end_date=2024-01-02';
    expectProblem(await call(GET, 'GET', { token: null, query }), 401);
    expectProblem(await call(GET, 'GET', { token: 'not-a-jwt', query }), 401);
    const res = await call(POST, 'POST', { userId: newUserId(), query });
    expectProblem(res, 405);
    expect(res.headers.get('allow')).toBe('GET');
  });
});
