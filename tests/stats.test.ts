import { describe, expect, it } from 'vitest';
import { GET } from '@/app/api/v1/time-tracking/stats/route';
import type { PaymentStatus } from '@/lib/time-tracking/schemas';
import { problemSchema, statsSchema } from '@/lib/time-tracking/schemas';
import { newUserId } from './helpers/auth';
import { useTestDatabase } from './helpers/database';
import { centsToNumber, earnedCents, hoursOf, type Spec } from './helpers/expected-totals';
import { makeEntry, makeSettings } from './helpers/factories';
import { call } from './helpers/http';

const database = useTestDatabase();

// ---- calendar helpers of the test's own, from UTC fields only ----------------

const DAY_MS = 86_400_000;
const UTC = 0;
const PLUS_14 = 14 * 60;
const MINUS_12 = -12 * 60;

/** The calendar date of an instant at a fixed UTC offset (minutes). */
const dateAt = (ms: number, offsetMinutes: number) =>
  new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 10);

const shift = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** Monday of the ISO week that contains `date`. */
const mondayOf = (date: string) => shift(date, -((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7));

const firstOfMonth = (date: string) => `${date.slice(0, 7)}-01`;
const lastOfMonth = (date: string) => shift(firstOfMonth(shift(firstOfMonth(date), 31)), -1);

type Period = 'day' | 'week' | 'month' | 'year';

function inPeriod(date: string, today: string, period: Period): boolean {
  switch (period) {
    case 'day':
      return date === today;
    case 'week':
      return date >= mondayOf(today) && date <= shift(mondayOf(today), 6);
    case 'month':
      return date.slice(0, 7) === today.slice(0, 7);
    case 'year':
      return date.slice(0, 4) === today.slice(0, 4);
  }
}

// ---- a small model of the expected numbers, in integer arithmetic -----------

function expectedStats(specs: Spec[], today: string, period?: Period) {
  const done = specs.filter((s) => s.seconds !== null);
  const sumIn = (filter: (s: Spec) => boolean) => {
    const chosen = done.filter(filter);
    return {
      hours: hoursOf(chosen.reduce((n, s) => n + s.seconds!, 0)),
      earned: centsToNumber(chosen.reduce((n, s) => n + earnedCents(s), 0n)),
    };
  };
  const day = sumIn((s) => inPeriod(s.date, today, 'day'));
  const week = sumIn((s) => inPeriod(s.date, today, 'week'));
  const month = sumIn((s) => inPeriod(s.date, today, 'month'));
  const amount = (statuses: PaymentStatus[]) =>
    sumIn((s) => statuses.includes(s.status) && (!period || inPeriod(s.date, today, period))).earned;
  return {
    total_hours_today: day.hours,
    total_earned_today: day.earned,
    total_hours_week: week.hours,
    total_earned_week: week.earned,
    total_hours_month: month.hours,
    total_earned_month: month.earned,
    unpaid_amount: amount(['not_paid']),
    invoiced_amount: amount(['invoiced_not_approved', 'invoiced_approved']),
    paid_amount: amount(['paid']),
  };
}

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

const STATUSES: PaymentStatus[] = ['not_paid', 'invoiced_not_approved', 'invoiced_approved', 'paid'];

/** Entries on every date that sits on a period boundary around `today`, with varied amounts. */
function boundarySpecs(today: string): Spec[] {
  const monday = mondayOf(today);
  const dates = [
    today,
    today,
    shift(today, -1),
    shift(today, 1),
    monday,
    shift(monday, -1),
    shift(monday, 6),
    shift(monday, 7),
    firstOfMonth(today),
    shift(firstOfMonth(today), -1),
    lastOfMonth(today),
    shift(lastOfMonth(today), 1),
    `${today.slice(0, 4)}-01-01`,
    `${Number(today.slice(0, 4)) - 1}-12-31`,
    shift(today, -400),
  ];
  return dates.map((date, i) => ({
    date,
    seconds: 1200 * (i + 1) + (i % 3) * 7, // 20-minute steps, some with odd seconds
    rate: ['50', '72.125', '0.3333', '19.99'][i % 4]!,
    status: STATUSES[i % 4]!,
  }));
}

const getStats = (userId: number | undefined, query?: string) => call(GET, 'GET', { userId, query });

async function statsOf(userId: number, query?: string) {
  const res = await getStats(userId, query);
  expect(res.status, res.text).toBe(200);
  return statsSchema.strict().parse(res.body);
}

const ZERO = {
  total_hours_today: 0,
  total_earned_today: 0,
  total_hours_week: 0,
  total_earned_week: 0,
  total_hours_month: 0,
  total_earned_month: 0,
  unpaid_amount: 0,
  invoiced_amount: 0,
  paid_amount: 0,
};

describe('GET /stats', () => {
  it('answers exactly the nine numbers, all zero for a new user', async () => {
    const userId = newUserId();
    const res = await getStats(userId, '_t=1700000000000');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(statsSchema.strict().parse(res.body)).toEqual(ZERO);
    expect(Object.keys(res.body).sort()).toEqual(Object.keys(ZERO).sort());
  });

  it('counts today, this ISO week and this month on the date column (default timezone UTC)', async () => {
    const userId = newUserId();
    const now = Date.now();
    const today = dateAt(now, UTC);
    const specs = boundarySpecs(today);
    for (const spec of specs) await insert(userId, spec);

    const stats = await statsOf(userId);
    expect(stats).toEqual(expectedStats(specs, today));
    const todaysSeconds = specs.filter((s) => s.date === today).reduce((n, s) => n + s.seconds!, 0);
    expect(stats.total_hours_today).toBe(hoursOf(todaysSeconds));
    expect(stats.total_hours_week).toBeGreaterThan(stats.total_hours_today);
    expect(stats.total_earned_month).toBeGreaterThan(stats.total_earned_today);
  });

  it('sums earnings from the entries and rounds hours once', async () => {
    const userId = newUserId();
    const today = dateAt(Date.now(), UTC);
    for (let i = 0; i < 3; i++)
      await insert(userId, { date: today, seconds: 1200, rate: '50', status: 'not_paid' });
    const stats = await statsOf(userId);
    // Each 20-minute entry earns 16.67; the hours are the exact total.
    expect(stats).toMatchObject({
      total_hours_today: 1,
      total_earned_today: 50.01,
      total_hours_week: 1,
      total_earned_week: 50.01,
      total_hours_month: 1,
      total_earned_month: 50.01,
      unpaid_amount: 50.01,
      invoiced_amount: 0,
      paid_amount: 0,
    });
  });

  it('rounds the total hours half-up, once', async () => {
    const userId = newUserId();
    const today = dateAt(Date.now(), UTC);
    // 2 × 1809 s = 1.005 h: each entry alone is 0.50 h, the total is 1.01 h.
    await insert(userId, { date: today, seconds: 1809, rate: '0', status: 'paid' });
    await insert(userId, { date: today, seconds: 1809, rate: '0', status: 'paid' });
    const stats = await statsOf(userId);
    expect(stats.total_hours_today).toBe(1.01);
    expect(stats.total_earned_today).toBe(0);
  });

  it('adds money exactly, without float drift', async () => {
    const userId = newUserId();
    const today = dateAt(Date.now(), UTC);
    await insert(userId, { date: today, seconds: 360, rate: '1', status: 'invoiced_approved' }); // 0.10
    await insert(userId, { date: today, seconds: 720, rate: '1', status: 'invoiced_not_approved' }); // 0.20
    let stats = await statsOf(userId);
    expect(stats.total_earned_today).toBe(0.3);
    expect(stats.total_hours_today).toBe(0.3);
    expect(stats.invoiced_amount).toBe(0.3);

    const other = newUserId();
    for (let i = 0; i < 10; i++)
      await insert(other, { date: today, seconds: 360, rate: '1', status: 'paid' });
    stats = await statsOf(other);
    expect(stats.total_earned_today).toBe(1);
    expect(stats.paid_amount).toBe(1);
    expect(stats.total_hours_today).toBe(1);
  });

  it('ignores a running timer', async () => {
    const userId = newUserId();
    const now = Date.now();
    const today = dateAt(now, UTC);
    await makeEntry(database.db, userId, {
      date: today,
      startTime: new Date(Math.floor(now / 1000) * 1000 - 2 * 3_600_000),
      endTime: null,
      paymentStatus: 'not_paid',
    });
    expect(await statsOf(userId)).toEqual(ZERO);
    expect(await statsOf(userId, 'period=day')).toEqual(ZERO);

    await insert(userId, { date: today, seconds: 3600, rate: '50', status: 'not_paid' });
    expect(await statsOf(userId)).toMatchObject({
      total_hours_today: 1,
      total_earned_today: 50,
      unpaid_amount: 50,
    });
  });

  it('splits the payment amounts by status over all time', async () => {
    const userId = newUserId();
    const today = dateAt(Date.now(), UTC);
    const old = shift(today, -800);
    await insert(userId, { date: today, seconds: 3600, rate: '10', status: 'not_paid' });
    await insert(userId, { date: old, seconds: 3600, rate: '1', status: 'not_paid' });
    await insert(userId, { date: old, seconds: 3600, rate: '30', status: 'invoiced_not_approved' });
    await insert(userId, { date: today, seconds: 3600, rate: '40', status: 'invoiced_approved' });
    await insert(userId, { date: old, seconds: 3600, rate: '5', status: 'paid' });
    await insert(userId, { date: today, seconds: 3600, rate: '20', status: 'paid' });

    expect(await statsOf(userId)).toMatchObject({ unpaid_amount: 11, invoiced_amount: 70, paid_amount: 25 });
    expect(await statsOf(userId, 'period=day')).toMatchObject({
      unpaid_amount: 10,
      invoiced_amount: 40,
      paid_amount: 20,
      total_earned_today: 70,
    });
  });

  it.each(['day', 'week', 'month', 'year'] as const)(
    'limits the payment amounts to the current %s with period',
    async (period) => {
      const userId = newUserId();
      const today = dateAt(Date.now(), UTC);
      const specs = boundarySpecs(today);
      for (const spec of specs) await insert(userId, spec);
      const stats = await statsOf(userId, `period=${period}&_t=1`);
      expect(stats).toEqual(expectedStats(specs, today, period));
      // The period changes only the payment amounts.
      expect(stats).toMatchObject({
        total_hours_today: expectedStats(specs, today).total_hours_today,
        total_earned_month: expectedStats(specs, today).total_earned_month,
      });
    },
  );

  it.each([
    ['UTC+14', PLUS_14, 'UTC-12', MINUS_12],
    ['UTC-12', MINUS_12, 'UTC%2B14', PLUS_14],
  ])(
    "uses the user's timezone setting %s, and the timezone parameter %s over it",
    async (setting, settingOffset, parameter, parameterOffset) => {
      const userId = newUserId();
      await makeSettings(database.db, userId, { timezone: setting });
      const now = Date.now();
      const local = dateAt(now, settingOffset);
      const other = dateAt(now, parameterOffset);
      const utc = dateAt(now, UTC);
      // UTC+14 and UTC-12 are always on different dates (one or two days apart);
      // run in both orders, at least one of the settings is not on the UTC date.
      expect(local).not.toBe(other);
      const specs = [...boundarySpecs(local), ...boundarySpecs(other), ...boundarySpecs(utc)];
      for (const spec of specs) await insert(userId, spec);

      const bySetting = await statsOf(userId);
      expect(bySetting).toEqual(expectedStats(specs, local));
      const byParameter = await statsOf(userId, `timezone=${parameter}`);
      expect(byParameter).toEqual(expectedStats(specs, other));
      expect(byParameter.total_hours_today).not.toBe(bySetting.total_hours_today);

      for (const period of ['day', 'week', 'month', 'year'] as const) {
        expect(await statsOf(userId, `period=${period}`)).toEqual(expectedStats(specs, local, period));
        expect(await statsOf(userId, `timezone=${parameter}&period=${period}`)).toEqual(
          expectedStats(specs, other, period),
        );
      }
    },
  );

  it('accepts IANA and half-hour timezones as the parameter', async () => {
    const userId = newUserId();
    const now = Date.now();
    const kiritimati = dateAt(now, PLUS_14); // Pacific/Kiritimati is UTC+14 all year
    const utc = dateAt(now, UTC);
    const india = dateAt(now, 5 * 60 + 30);
    const specs = [
      ...boundarySpecs(kiritimati),
      { date: shift(utc, -1), seconds: 3600, rate: '3', status: 'paid' as const },
      { date: india, seconds: 7200, rate: '3', status: 'paid' as const },
    ];
    for (const spec of specs) await insert(userId, spec);
    expect(await statsOf(userId, 'timezone=Pacific/Kiritimati')).toEqual(expectedStats(specs, kiritimati));
    expect(await statsOf(userId, 'timezone=UTC%2B5:30')).toEqual(expectedStats(specs, india));
    expect(await statsOf(userId, 'timezone=UTC%2B05:30&period=week')).toEqual(
      expectedStats(specs, india, 'week'),
    );
    // Without settings or parameter the default timezone (UTC) applies.
    expect(await statsOf(userId)).toEqual(expectedStats(specs, utc));
  });

  it('uses the default timezone (UTC) for a user without settings', async () => {
    const userId = newUserId();
    const now = Date.now();
    const utc = dateAt(now, UTC);
    await insert(userId, { date: utc, seconds: 3600, rate: '10', status: 'not_paid' });
    await insert(userId, { date: shift(utc, 1), seconds: 7200, rate: '10', status: 'not_paid' });
    await insert(userId, { date: shift(utc, -1), seconds: 10800, rate: '10', status: 'not_paid' });
    const stats = await statsOf(userId);
    expect(stats.total_hours_today).toBe(1);
    expect(stats.total_earned_today).toBe(10);
    expect(stats.unpaid_amount).toBe(60);
  });

  it("never counts another user's entries", async () => {
    const userId = newUserId();
    const other = newUserId();
    const today = dateAt(Date.now(), UTC);
    for (const spec of boundarySpecs(today)) await insert(other, spec);
    await insert(userId, { date: today, seconds: 1800, rate: '40', status: 'paid' });
    expect(await statsOf(userId)).toEqual({
      ...ZERO,
      total_hours_today: 0.5,
      total_earned_today: 20,
      total_hours_week: 0.5,
      total_earned_week: 20,
      total_hours_month: 0.5,
      total_earned_month: 20,
      paid_amount: 20,
    });
    expect(await statsOf(userId, 'period=year')).toMatchObject({ paid_amount: 20, unpaid_amount: 0 });
    expect(await statsOf(newUserId())).toEqual(ZERO);
  });

  it.each([
    ['period=quarter', 'period'],
    ['period=DAY', 'period'],
    ['period=all', 'period'],
    ['timezone=UTC%2B15', 'timezone'],
    ['timezone=Mars/Olympus', 'timezone'],
    ['timezone=%2B05:30', 'timezone'],
    ['timezone=UTC%2B5:20', 'timezone'],
  ])('rejects %s with a 400 naming %s', async (query, path) => {
    const res = await getStats(newUserId(), query);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const problem = problemSchema.parse(res.body);
    expect(problem.errors?.map((e) => e.path)).toEqual([path]);
    expect(problem.detail).toContain(path);
  });

  it('ignores unknown query parameters', async () => {
    const userId = newUserId();
    const today = dateAt(Date.now(), UTC);
    await insert(userId, { date: today, seconds: 3600, rate: '12.5', status: 'not_paid' });
    const stats = await statsOf(userId, '_t=1700000000000&foo=bar&start_date=nonsense');
    expect(stats).toMatchObject({ total_earned_today: 12.5, unpaid_amount: 12.5 });
  });

  it('needs a token', async () => {
    const res = await getStats(undefined);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.headers.get('cache-control')).toBe('no-store');
    problemSchema.parse(res.body);
    const bad = await call(GET, 'GET', { token: 'x.y.z' });
    expect(bad.status).toBe(401);
  });
});
