import { desc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  GET as getOne,
  DELETE as remove,
  PUT as update,
} from '@/app/api/v1/time-tracking/entries/[entry_id]/route';
import { POST as create, GET as list } from '@/app/api/v1/time-tracking/entries/route';
import { timeEntries } from '@/db/schema';
import { PAYMENT_STATUSES, timeEntrySchema } from '@/lib/time-tracking/schemas';
import {
  expectEntry,
  expectProblem,
  expectSomeValidation,
  expectValidation,
  insertManyEntries,
  NAIVE_UTC,
} from './helpers/assertions';
import { newUserId, tokenFor } from './helpers/auth';
import { snapshot, useTestDatabase } from './helpers/database';
import { makeEntry, makeSettings } from './helpers/factories';
import { type CallOptions, call } from './helpers/http';

const database = useTestDatabase();

const HOUR = 3_600_000;
const DAY = 86_400_000;

const params = (id: number | string) => ({ entry_id: String(id) });

/** Naive UTC to the second, as the API writes it. */
const naive = (ms: number) => new Date(ms).toISOString().slice(0, 19);

const post = (userId: number, body: unknown, options: CallOptions = {}) =>
  call(create, 'POST', { userId, body, ...options });
const put = (userId: number, id: number | string, body: unknown, options: CallOptions = {}) =>
  call(update, 'PUT', { userId, params: params(id), body, ...options });
const get = (userId: number, id: number | string) => call(getOne, 'GET', { userId, params: params(id) });
const del = (userId: number, id: number | string) => call(remove, 'DELETE', { userId, params: params(id) });

async function rowOf(id: number) {
  const [row] = await database.db.select().from(timeEntries).where(eq(timeEntries.id, id));
  return row;
}

/** The ids of a list response, after checking that it is a bare array of entries. */
function idsOf(res: { status: number; text: string; body: unknown }) {
  expect(res.status, res.text).toBe(200);
  expect(Array.isArray(res.body)).toBe(true);
  return (res.body as unknown[]).map((e) => timeEntrySchema.strict().parse(e).id);
}

const BASE = { start_time: '2024-01-22T09:00:00Z', end_time: '2024-01-22T17:00:00Z' };

// ---------------------------------------------------------------------------

describe('POST /entries', () => {
  it('creates a completed entry: 201, every key, naive UTC timestamps, JSON numbers', async () => {
    const userId = newUserId();
    const res = await post(userId, { ...BASE, notes: 'Design review' }, { query: '_t=1700000000000' });
    const entry = expectEntry(res, 201);
    expect(entry).toMatchObject({
      user_id: userId,
      date: '2024-01-22',
      start_time: '2024-01-22T09:00:00',
      end_time: '2024-01-22T17:00:00',
      hourly_rate: 50,
      total_hours: 8,
      total_earned: 400,
      payment_status: 'not_paid',
      notes: 'Design review',
    });
    expect(Number.isInteger(entry.id)).toBe(true);
    // Numbers travel as JSON numbers, never strings.
    expect(res.text).toContain('"hourly_rate":50');
    expect(res.text).toContain('"total_hours":8');
    expect(res.text).toContain('"total_earned":400');
    expect(res.text).toContain(`"user_id":${userId}`);

    const row = await rowOf(entry.id);
    expect(row!.userId).toBe(userId);
    expect(row!.startTime.getTime()).toBe(Date.parse('2024-01-22T09:00:00Z'));
    expect(row!.endTime!.getTime()).toBe(Date.parse('2024-01-22T17:00:00Z'));

    expect((await get(userId, entry.id)).body).toEqual(res.body);
  });

  // Expected values are worked out by hand from the contract's definitions:
  // hours = duration rounded half-up to 2 decimals; earned = seconds × rate / 3600, half-up to cents.
  it.each([
    ['8 h at 50', '2024-01-22T09:00:00Z', '2024-01-22T17:00:00Z', 50, 8, 400],
    ['1 h 20 min at 50', '2024-01-22T09:00:00Z', '2024-01-22T10:20:00Z', 50, 1.33, 66.67],
    ['30 min at 2.01', '2024-01-22T09:00:00Z', '2024-01-22T09:30:00Z', 2.01, 0.5, 1.01],
    [
      '1 h at 1.005 (exactly half a cent, up)',
      '2024-01-22T09:00:00Z',
      '2024-01-22T10:00:00Z',
      1.005,
      1,
      1.01,
    ],
    ['18 s = 0.005 h (half-up)', '2024-01-22T09:00:00Z', '2024-01-22T09:00:18Z', 50, 0.01, 0.25],
    ['17 s at 50', '2024-01-22T09:00:00Z', '2024-01-22T09:00:17Z', 50, 0, 0.24],
    ['30 min 18 s = 0.505 h', '2024-01-22T09:00:00Z', '2024-01-22T09:30:18Z', 10, 0.51, 5.05],
    [
      '8 h at 123456789.1234',
      '2024-01-22T09:00:00Z',
      '2024-01-22T17:00:00Z',
      123456789.1234,
      8,
      987654312.99,
    ],
    ['1 h at 0.0001', '2024-01-22T09:00:00Z', '2024-01-22T10:00:00Z', 0.0001, 1, 0],
    ['1 h at 0.0050', '2024-01-22T09:00:00Z', '2024-01-22T10:00:00Z', 0.005, 1, 0.01],
    ['3 h at 0.1', '2024-01-22T09:00:00Z', '2024-01-22T12:00:00Z', 0.1, 3, 0.3],
    ['8 h at 0', '2024-01-22T09:00:00Z', '2024-01-22T17:00:00Z', 0, 8, 0],
  ])('computes totals: %s', async (_, start_time, end_time, hourly_rate, hours, earned) => {
    const userId = newUserId();
    const res = await post(userId, { start_time, end_time, hourly_rate });
    const entry = expectEntry(res, 201);
    expect(entry.hourly_rate).toBe(hourly_rate);
    expect(entry.total_hours).toBe(hours);
    expect(entry.total_earned).toBe(earned);
  });

  it('stores rates with up to 4 decimals exactly', async () => {
    const userId = newUserId();
    const res = await post(userId, { ...BASE, hourly_rate: 72.1255 });
    const entry = expectEntry(res, 201);
    expect(entry.hourly_rate).toBe(72.1255);
    expect(Number((await rowOf(entry.id))!.hourlyRate)).toBe(72.1255);
    // 8 h × 72.1255 = 577.004
    expect(entry.total_earned).toBe(577);
  });

  it("defaults hourly_rate to the user's settings", async () => {
    const userId = newUserId();
    await makeSettings(database.db, userId, { defaultHourlyRate: '72.1250' });
    const entry = expectEntry(await post(userId, BASE), 201);
    expect(entry.hourly_rate).toBe(72.125);
    expect(entry.total_earned).toBe(577);
  });

  it('defaults hourly_rate to the environment default (50) when the user has no settings', async () => {
    const userId = newUserId();
    const entry = expectEntry(await post(userId, BASE), 201);
    expect(entry.hourly_rate).toBe(50);
  });

  it('keeps an explicit hourly_rate of 0 instead of the default', async () => {
    const userId = newUserId();
    await makeSettings(database.db, userId, { defaultHourlyRate: '80' });
    const entry = expectEntry(await post(userId, { ...BASE, hourly_rate: 0 }), 201);
    expect(entry.hourly_rate).toBe(0);
    expect(entry.total_earned).toBe(0);
  });

  it.each(PAYMENT_STATUSES)('accepts payment_status %s', async (payment_status) => {
    const userId = newUserId();
    const entry = expectEntry(await post(userId, { ...BASE, payment_status }), 201);
    expect(entry.payment_status).toBe(payment_status);
  });

  it('defaults payment_status to not_paid and notes to null', async () => {
    const userId = newUserId();
    const entry = expectEntry(await post(userId, BASE), 201);
    expect(entry.payment_status).toBe('not_paid');
    expect(entry.notes).toBeNull();
  });

  it('accepts notes of exactly 10,000 characters', async () => {
    const userId = newUserId();
    const notes = 'n'.repeat(10_000);
    const entry = expectEntry(await post(userId, { ...BASE, notes }), 201);
    expect(entry.notes).toBe(notes);
  });

  describe('active entries', () => {
    it('without end_time creates an active entry with null totals', async () => {
      const userId = newUserId();
      const res = await post(userId, { start_time: '2024-01-22T09:00:00Z' });
      const entry = expectEntry(res, 201);
      expect(entry).toMatchObject({
        start_time: '2024-01-22T09:00:00',
        end_time: null,
        total_hours: null,
        total_earned: null,
        date: '2024-01-22',
      });
      expect(res.text).toContain('"end_time":null');
      expect(res.text).toContain('"total_hours":null');
      expect(res.text).toContain('"total_earned":null');
      expect((await rowOf(entry.id))!.endTime).toBeNull();
    });

    it('end_time: null also creates an active entry', async () => {
      const userId = newUserId();
      const entry = expectEntry(
        await post(userId, { start_time: '2024-01-22T09:00:00Z', end_time: null }),
        201,
      );
      expect(entry.end_time).toBeNull();
    });

    it.each([
      ['without end_time', { start_time: '2024-01-23T09:00:00Z' }],
      ['with end_time: null', { start_time: '2024-01-23T09:00:00Z', end_time: null }],
    ])('a second active entry (%s) is a 409 carrying active_entry, and changes nothing', async (_, body) => {
      const userId = newUserId();
      const first = expectEntry(
        await post(userId, { start_time: '2024-01-22T09:00:00Z', notes: 'first' }),
        201,
      );
      const before = await snapshot(database.db);
      const res = await post(userId, body);
      const problem = expectProblem(res, 409);
      expect(problem.active_entry).toEqual(first);
      expect(await snapshot(database.db)).toEqual(before);
    });

    it('a completed entry can be created while one is active', async () => {
      const userId = newUserId();
      expectEntry(await post(userId, { start_time: '2024-01-22T09:00:00Z' }), 201);
      const res = await post(userId, {
        start_time: '2024-01-20T09:00:00Z',
        end_time: '2024-01-20T10:00:00Z',
      });
      expect(expectEntry(res, 201).total_hours).toBe(1);
    });

    it("another user's active entry does not block this user's", async () => {
      const other = newUserId();
      expectEntry(await post(other, { start_time: '2024-01-22T09:00:00Z' }), 201);
      const userId = newUserId();
      expectEntry(await post(userId, { start_time: '2024-01-22T09:00:00Z' }), 201);
    });
  });

  describe('timestamps in requests', () => {
    it.each([
      ['Z', '2024-01-22T09:00:00Z'],
      ['Z with milliseconds', '2024-01-22T09:00:00.000Z'],
      ['a +05:30 offset', '2024-01-22T14:30:00+05:30'],
      ['a -03:00 offset', '2024-01-22T06:00:00-03:00'],
      ['a +00:00 offset', '2024-01-22T09:00:00+00:00'],
      ['no offset (UTC)', '2024-01-22T09:00:00'],
      ['no offset with fractional seconds', '2024-01-22T09:00:00.123456'],
      ['fractional seconds, truncated', '2024-01-22T09:00:00.999Z'],
      ['fractional seconds with an offset, truncated', '2024-01-22T14:30:00.999+05:30'],
    ])('accepts start_time with %s', async (_, start_time) => {
      const userId = newUserId();
      const res = await post(userId, { start_time, end_time: '2024-01-22T17:00:00.000Z' });
      const entry = expectEntry(res, 201);
      expect(entry.start_time).toBe('2024-01-22T09:00:00');
      expect(entry.end_time).toBe('2024-01-22T17:00:00');
      expect(entry.total_hours).toBe(8);
      expect((await rowOf(entry.id))!.startTime.getTime()).toBe(Date.parse('2024-01-22T09:00:00Z'));
    });

    it('truncates fractions of a second on end_time too', async () => {
      const userId = newUserId();
      const res = await post(userId, {
        start_time: '2024-01-22T09:00:00.999Z',
        end_time: '2024-01-22T10:00:00.999Z',
      });
      const entry = expectEntry(res, 201);
      expect(entry.start_time).toBe('2024-01-22T09:00:00');
      expect(entry.end_time).toBe('2024-01-22T10:00:00');
      expect(entry.total_hours).toBe(1);
      expect(entry.total_earned).toBe(50);
    });
  });

  describe("date in the user's timezone", () => {
    it.each([
      ['UTC', '2024-01-22T00:00:00Z', '2024-01-22'],
      ['UTC', '2024-01-22T23:59:59Z', '2024-01-22'],
      ['UTC-3', '2024-01-22T02:59:59Z', '2024-01-21'],
      ['UTC-3', '2024-01-22T03:00:00Z', '2024-01-22'],
      ['UTC+5:30', '2024-01-21T18:29:59Z', '2024-01-21'],
      ['UTC+5:30', '2024-01-21T18:30:00Z', '2024-01-22'],
      ['UTC+05:30', '2024-01-21T18:30:00Z', '2024-01-22'],
      // New York: EST (UTC-5) until 2024-03-10 07:00 UTC, EDT (UTC-4) until 2024-11-03 06:00 UTC.
      ['America/New_York', '2024-03-10T04:30:00Z', '2024-03-09'],
      ['America/New_York', '2024-03-11T04:30:00Z', '2024-03-11'],
      ['America/New_York', '2024-07-01T03:59:59Z', '2024-06-30'],
      ['America/New_York', '2024-07-01T04:00:00Z', '2024-07-01'],
      ['America/New_York', '2024-11-04T04:30:00Z', '2024-11-03'],
      ['America/New_York', '2024-11-04T05:00:00Z', '2024-11-04'],
      // Kiritimati is UTC+14 all year.
      ['Pacific/Kiritimati', '2024-01-22T09:59:59Z', '2024-01-22'],
      ['Pacific/Kiritimati', '2024-01-22T10:00:00Z', '2024-01-23'],
    ])('with timezone %s, start %s is on %s', async (timezone, start_time, date) => {
      const userId = newUserId();
      await makeSettings(database.db, userId, { timezone });
      const end_time = naive(Date.parse(start_time) + HOUR);
      const entry = expectEntry(await post(userId, { start_time, end_time }), 201);
      expect(entry.date).toBe(date);
      expect(entry.start_time).toBe(start_time.slice(0, 19));
    });

    it('uses the instant, not the date written in an offset timestamp', async () => {
      const userId = newUserId(); // no settings: UTC
      // 01:00 at +05:30 is 19:30 UTC on the previous day.
      const entry = expectEntry(await post(userId, { start_time: '2024-01-22T01:00:00+05:30' }), 201);
      expect(entry.start_time).toBe('2024-01-21T19:30:00');
      expect(entry.date).toBe('2024-01-21');
    });

    it('derives the date when date is null', async () => {
      const userId = newUserId();
      await makeSettings(database.db, userId, { timezone: 'UTC-3' });
      const entry = expectEntry(
        await post(userId, {
          start_time: '2024-01-22T01:00:00Z',
          end_time: '2024-01-22T02:00:00Z',
          date: null,
        }),
        201,
      );
      expect(entry.date).toBe('2024-01-21');
    });

    it.each([
      ['UTC', '2024-01-22T09:00:00Z', '2024-01-21'],
      ['UTC', '2024-01-22T09:00:00Z', '2024-01-22'],
      ['UTC', '2024-01-22T09:00:00Z', '2024-01-23'],
      // Local date 2024-01-23, two days after the UTC one.
      ['Pacific/Kiritimati', '2024-01-22T12:00:00Z', '2024-01-24'],
      ['UTC-3', '2024-01-22T01:00:00Z', '2024-01-20'],
    ])(
      'with timezone %s and start %s, accepts the explicit date %s (within one day)',
      async (timezone, start_time, date) => {
        const userId = newUserId();
        await makeSettings(database.db, userId, { timezone });
        const end_time = naive(Date.parse(start_time) + HOUR);
        const entry = expectEntry(await post(userId, { start_time, end_time, date }), 201);
        expect(entry.date).toBe(date);
      },
    );

    it.each([
      ['UTC', '2024-01-22T09:00:00Z', '2024-01-20'],
      ['UTC', '2024-01-22T09:00:00Z', '2024-01-24'],
      ['UTC', '2024-01-22T09:00:00Z', '2023-01-22'],
      // One day from the UTC date, but two from the local date (2024-01-23).
      ['Pacific/Kiritimati', '2024-01-22T12:00:00Z', '2024-01-21'],
      // Local date 2024-01-21.
      ['UTC-3', '2024-01-22T01:00:00Z', '2024-01-23'],
    ])(
      'with timezone %s and start %s, rejects the explicit date %s (more than a day away)',
      async (timezone, start_time, date) => {
        const userId = newUserId();
        await makeSettings(database.db, userId, { timezone });
        const end_time = naive(Date.parse(start_time) + HOUR);
        const before = await snapshot(database.db);
        expectValidation(await post(userId, { start_time, end_time, date }), ['date']);
        expect(await snapshot(database.db)).toEqual(before);
      },
    );
  });

  describe('times', () => {
    it.each([
      ['equal to start_time', '2024-01-22T09:00:00Z', '2024-01-22T09:00:00Z'],
      ['equal after truncation', '2024-01-22T09:00:00.100Z', '2024-01-22T09:00:00.900Z'],
      ['before start_time', '2024-01-22T09:00:00Z', '2024-01-22T08:59:59Z'],
      ['the same instant in another offset', '2024-01-22T09:00:00Z', '2024-01-22T14:30:00+05:30'],
    ])('rejects an end_time %s', async (_, start_time, end_time) => {
      const userId = newUserId();
      const before = await snapshot(database.db);
      expectValidation(await post(userId, { start_time, end_time }), ['end_time']);
      expect(await snapshot(database.db)).toEqual(before);
    });

    it('accepts an end_time one second after start_time', async () => {
      const userId = newUserId();
      const res = await post(userId, {
        start_time: '2024-01-22T09:00:00Z',
        end_time: '2024-01-22T09:00:01Z',
      });
      const entry = expectEntry(res, 201);
      expect(entry.total_hours).toBe(0);
      expect(entry.total_earned).toBe(0.01); // 50 / 3600 = 0.0138…
    });

    it('accepts a span of exactly 31 days', async () => {
      const userId = newUserId();
      const res = await post(userId, {
        start_time: '2024-01-01T00:00:00Z',
        end_time: '2024-02-01T00:00:00Z',
      });
      const entry = expectEntry(res, 201);
      expect(entry.total_hours).toBe(744);
      expect(entry.total_earned).toBe(37_200);
    });

    it('rejects a span of 31 days and one second', async () => {
      const userId = newUserId();
      const before = await snapshot(database.db);
      const res = await post(userId, {
        start_time: '2024-01-01T00:00:00Z',
        end_time: '2024-02-01T00:00:01Z',
      });
      expectSomeValidation(res);
      expect(await snapshot(database.db)).toEqual(before);
    });
  });

  describe('validation', () => {
    it.each([
      [{ hourly_rate: '50' }, 'hourly_rate'],
      [{ hourly_rate: '50.00' }, 'hourly_rate'],
      [{ hourly_rate: 1.23456 }, 'hourly_rate'],
      [{ hourly_rate: 0.1 + 0.2 }, 'hourly_rate'],
      [{ hourly_rate: -1 }, 'hourly_rate'],
      [{ hourly_rate: -0.0001 }, 'hourly_rate'],
      [{ hourly_rate: true }, 'hourly_rate'],
      [{ hourly_rate: {} }, 'hourly_rate'],
      [{ payment_status: 'PAID' }, 'payment_status'],
      [{ payment_status: 'unpaid' }, 'payment_status'],
      [{ payment_status: '' }, 'payment_status'],
      [{ payment_status: 1 }, 'payment_status'],
      [{ notes: 'x'.repeat(10_001) }, 'notes'],
      [{ notes: 42 }, 'notes'],
      [{ notes: ['a'] }, 'notes'],
      [{ start_time: '2024-13-01T00:00:00' }, 'start_time'],
      [{ start_time: '2024-02-30T09:00:00Z' }, 'start_time'],
      [{ start_time: '2024-01-22T25:00:00Z' }, 'start_time'],
      [{ start_time: 'yesterday' }, 'start_time'],
      [{ start_time: '2024-01-22' }, 'start_time'],
      [{ start_time: '' }, 'start_time'],
      [{ start_time: 1705914000000 }, 'start_time'],
      [{ start_time: null }, 'start_time'],
      [{ end_time: '2024-13-01T00:00:00' }, 'end_time'],
      [{ end_time: 'tomorrow' }, 'end_time'],
      [{ end_time: '2024-01-22' }, 'end_time'],
      [{ end_time: 1705942800000 }, 'end_time'],
      [{ date: '2024-02-30' }, 'date'],
      [{ date: '22.01.2024' }, 'date'],
      [{ date: '2024-1-22' }, 'date'],
      [{ date: 20240122 }, 'date'],
    ])('rejects %j with a 400 naming %s and changes nothing', async (override, path) => {
      const userId = newUserId();
      await makeSettings(database.db, userId);
      await makeEntry(database.db, userId);
      const before = await snapshot(database.db);
      const res = await post(userId, { ...BASE, ...override });
      const problem = expectValidation(res, [path]);
      expect(problem.detail).toContain(path);
      expect(await snapshot(database.db)).toEqual(before);
    });

    it('reports every invalid field at once', async () => {
      const userId = newUserId();
      const before = await snapshot(database.db);
      const res = await post(userId, { start_time: 'yesterday', hourly_rate: '50', payment_status: 'x' });
      expectValidation(res, ['start_time', 'hourly_rate', 'payment_status']);
      expect(await snapshot(database.db)).toEqual(before);
    });

    it.each([
      ['no start_time', { end_time: '2024-01-22T17:00:00Z', notes: 'x' }],
      ['an empty object', {}],
      ['an empty body', ''],
    ])('requires start_time: %s is a 400', async (_, body) => {
      const userId = newUserId();
      const before = await snapshot(database.db);
      expectValidation(await post(userId, body), ['start_time']);
      expect(await snapshot(database.db)).toEqual(before);
    });

    it('treats an empty body with a JSON content type as {} (start_time still required)', async () => {
      const userId = newUserId();
      const before = await snapshot(database.db);
      const res = await post(userId, '', { headers: { 'content-type': 'application/json' } });
      expectValidation(res, ['start_time']);
      expect(await snapshot(database.db)).toEqual(before);
    });

    it.each([
      '[]',
      JSON.stringify([BASE]),
      '"2024-01-22T09:00:00Z"',
      'null',
      '42',
      'true',
      '{"start_time":',
      "{start_time: '2024-01-22T09:00:00Z'}",
    ])('rejects the body %s (not a JSON object) with a 400 and changes nothing', async (body) => {
      const userId = newUserId();
      const before = await snapshot(database.db);
      const res = await post(userId, body, { headers: { 'content-type': 'application/json' } });
      expectProblem(res, 400);
      expect(await snapshot(database.db)).toEqual(before);
    });
  });

  it('ignores unknown and read-only fields, even with wrong types', async () => {
    const userId = newUserId();
    const other = newUserId();
    const res = await post(userId, {
      ...BASE,
      id: 999_999,
      user_id: other,
      total_hours: 'lots',
      total_earned: -1,
      created_at: 'garbage',
      updated_at: 12,
      foo: { bar: [1] },
    });
    const entry = expectEntry(res, 201);
    expect(entry.id).not.toBe(999_999);
    expect(entry.user_id).toBe(userId);
    expect(entry.total_hours).toBe(8);
    expect(entry.total_earned).toBe(400);
    expect(entry.created_at).toMatch(NAIVE_UTC);
    expect(entry.updated_at).toMatch(NAIVE_UTC);
    expect(res.body).not.toHaveProperty('foo');
    const otherRows = await database.db.select().from(timeEntries).where(eq(timeEntries.userId, other));
    expect(otherRows).toHaveLength(0);
    expect((await rowOf(entry.id))!.userId).toBe(userId);
  });

  it.each([
    ['no token', {}],
    ['a malformed token', { token: 'not-a-jwt' }],
    ['a non-bearer header', { headers: { authorization: 'Basic dXNlcjpwYXNz' } }],
  ])('needs a token: %s is a 401 and creates nothing', async (_, options) => {
    const before = await snapshot(database.db);
    const res = await call(create, 'POST', { body: BASE, ...options });
    expectProblem(res, 401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await snapshot(database.db)).toEqual(before);
  });
});

// ---------------------------------------------------------------------------

describe('GET /entries/{id}', () => {
  it('returns the entry with every key', async () => {
    const userId = newUserId();
    const created = expectEntry(await post(userId, { ...BASE, notes: 'n' }), 201);
    const res = await call(getOne, 'GET', { userId, params: params(created.id), query: '_t=123' });
    expect(expectEntry(res, 200)).toEqual(created);
  });

  it('returns an entry made in the database, with totals', async () => {
    const userId = newUserId();
    const row = await makeEntry(database.db, userId, {
      startTime: new Date('2024-01-22T09:00:00Z'),
      endTime: new Date('2024-01-22T10:20:00Z'),
      hourlyRate: '50.0000',
      paymentStatus: 'invoiced_approved',
      notes: null,
    });
    const entry = expectEntry(await get(userId, row.id), 200);
    expect(entry).toEqual({
      id: row.id,
      user_id: userId,
      date: '2024-01-22',
      start_time: '2024-01-22T09:00:00',
      end_time: '2024-01-22T10:20:00',
      hourly_rate: 50,
      total_hours: 1.33,
      total_earned: 66.67,
      payment_status: 'invoiced_approved',
      notes: null,
      created_at: entry.created_at,
      updated_at: entry.updated_at,
    });
  });

  it('returns an active entry with null end_time and totals', async () => {
    const userId = newUserId();
    const row = await makeEntry(database.db, userId, { endTime: null });
    const entry = expectEntry(await get(userId, row.id), 200);
    expect(entry).toMatchObject({ end_time: null, total_hours: null, total_earned: null });
  });

  it('is a 404 for a missing id', async () => {
    const userId = newUserId();
    const row = await makeEntry(database.db, userId);
    expectProblem(await get(userId, 2147483647), 404);
    await database.db.delete(timeEntries).where(eq(timeEntries.id, row.id));
    expectProblem(await get(userId, row.id), 404);
  });

  it("is a 404 for another user's entry, like a missing one", async () => {
    const owner = newUserId();
    const row = await makeEntry(database.db, owner);
    const userId = newUserId();
    const res = await get(userId, row.id);
    expectProblem(res, 404);
    expect(res.text).not.toContain(String(owner));
    expect(res.body).not.toHaveProperty('active_entry');
  });
});

describe.each([
  ['GET', getOne, undefined],
  ['PUT', update, { notes: 'x' }],
  ['DELETE', remove, undefined],
])('%s /entries/{id} with a bad id', (method, handler, body) => {
  it.each(['abc', '0', '-1', '1.5', '2147483648', '1e3', '', '99999999999999999999'])(
    'rejects id "%s" with a 400 and changes nothing',
    async (id) => {
      const userId = newUserId();
      await makeEntry(database.db, userId);
      const before = await snapshot(database.db);
      const res = await call(handler, method, { userId, params: params(id), body });
      expectSomeValidation(res);
      expect(await snapshot(database.db)).toEqual(before);
    },
  );

  it('accepts the largest id (2147483647) as an id: 404, not 400', async () => {
    const userId = newUserId();
    const res = await call(handler, method, { userId, params: params('2147483647'), body });
    expectProblem(res, 404);
  });

  it.each([
    ['no token', {}],
    ['a malformed token', { token: 'not-a-jwt' }],
  ])('needs a token: %s is a 401 and changes nothing', async (_, options) => {
    const userId = newUserId();
    const row = await makeEntry(database.db, userId);
    const before = await snapshot(database.db);
    const res = await call(handler, method, { params: params(row.id), body, ...options });
    expectProblem(res, 401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(res.text).not.toContain('2024-01-22');
    expect(await snapshot(database.db)).toEqual(before);
  });
});

// ---------------------------------------------------------------------------

describe('PUT /entries/{id}', () => {
  it('changes only the fields sent and returns the whole entry', async () => {
    const userId = newUserId();
    const created = expectEntry(
      await post(userId, { ...BASE, notes: 'old', payment_status: 'invoiced_not_approved' }),
      201,
    );
    const res = await put(userId, created.id, { notes: 'new' }, { query: '_t=1700000000000' });
    const entry = expectEntry(res, 200);
    expect(entry).toEqual({ ...created, notes: 'new', updated_at: entry.updated_at });
    expect(entry.created_at).toBe(created.created_at);
    expect((await get(userId, created.id)).body).toEqual(entry);
  });

  it('an empty object changes nothing and returns the entry', async () => {
    const userId = newUserId();
    const created = expectEntry(await post(userId, { ...BASE, notes: 'keep' }), 201);
    const entry = expectEntry(await put(userId, created.id, {}), 200);
    expect(entry).toEqual({ ...created, updated_at: entry.updated_at });
  });

  it('recomputes the totals when the rate changes (30 min at 2.01 → 1.01)', async () => {
    const userId = newUserId();
    const created = expectEntry(
      await post(userId, { start_time: '2024-01-22T09:00:00Z', end_time: '2024-01-22T09:30:00Z' }),
      201,
    );
    expect(created.total_earned).toBe(25);
    const entry = expectEntry(await put(userId, created.id, { hourly_rate: 2.01 }), 200);
    expect(entry).toMatchObject({ hourly_rate: 2.01, total_hours: 0.5, total_earned: 1.01 });
  });

  it('recomputes the totals when start or end change', async () => {
    const userId = newUserId();
    const created = expectEntry(await post(userId, BASE), 201);
    let entry = expectEntry(await put(userId, created.id, { end_time: '2024-01-22T10:20:00Z' }), 200);
    expect(entry).toMatchObject({ end_time: '2024-01-22T10:20:00', total_hours: 1.33, total_earned: 66.67 });
    entry = expectEntry(await put(userId, created.id, { start_time: '2024-01-22T10:00:00Z' }), 200);
    expect(entry).toMatchObject({
      start_time: '2024-01-22T10:00:00',
      total_hours: 0.33,
      total_earned: 16.67,
    });
  });

  it('accepts the timestamps of a response sent back unchanged', async () => {
    const userId = newUserId();
    const created = expectEntry(await post(userId, BASE), 201);
    const entry = expectEntry(
      await put(userId, created.id, { start_time: created.start_time, end_time: created.end_time }),
      200,
    );
    expect(entry).toMatchObject({
      start_time: created.start_time,
      end_time: created.end_time,
      date: created.date,
      total_hours: 8,
    });
  });

  it.each([
    ['Z', '2024-01-22T08:00:00Z'],
    ['an offset', '2024-01-22T13:30:00+05:30'],
    ['no offset (UTC)', '2024-01-22T08:00:00'],
    ['fractional seconds', '2024-01-22T08:00:00.999Z'],
  ])('accepts a new start_time with %s', async (_, start_time) => {
    const userId = newUserId();
    const created = expectEntry(await post(userId, BASE), 201);
    const entry = expectEntry(await put(userId, created.id, { start_time }), 200);
    expect(entry.start_time).toBe('2024-01-22T08:00:00');
    expect(entry.total_hours).toBe(9);
    expect(entry.total_earned).toBe(450);
  });

  it('accepts the whole entry object sent back, applying only the editable fields', async () => {
    const userId = newUserId();
    const created = expectEntry(await post(userId, { ...BASE, notes: 'before' }), 201);
    const entry = expectEntry(await put(userId, created.id, { ...created, notes: 'after' }), 200);
    expect(entry).toEqual({ ...created, notes: 'after', updated_at: entry.updated_at });
  });

  it('accepts an active entry sent back whole (end_time and totals null)', async () => {
    const userId = newUserId();
    const created = expectEntry(await post(userId, { start_time: '2024-01-22T09:00:00Z' }), 201);
    const entry = expectEntry(await put(userId, created.id, { ...created, notes: 'running' }), 200);
    expect(entry).toEqual({ ...created, notes: 'running', updated_at: entry.updated_at });
  });

  it('ignores read-only and unknown fields, even with wrong types', async () => {
    const userId = newUserId();
    const other = newUserId();
    const created = expectEntry(await post(userId, BASE), 201);
    const victim = await makeEntry(database.db, other, { notes: 'theirs' });
    const res = await put(userId, created.id, {
      ...created,
      id: victim.id,
      user_id: other,
      total_hours: 'many',
      total_earned: null,
      created_at: 5,
      updated_at: 'garbage',
      foo: [1, 2],
      notes: 'mine',
    });
    const entry = expectEntry(res, 200);
    expect(entry).toMatchObject({
      id: created.id,
      user_id: userId,
      total_hours: 8,
      total_earned: 400,
      notes: 'mine',
    });
    expect(entry.created_at).toBe(created.created_at);
    expect(await rowOf(victim.id)).toEqual(victim);
    expect((await rowOf(created.id))!.userId).toBe(userId);
  });

  it('notes: null clears the notes', async () => {
    const userId = newUserId();
    const created = expectEntry(await post(userId, { ...BASE, notes: 'to be cleared' }), 201);
    const entry = expectEntry(await put(userId, created.id, { notes: null }), 200);
    expect(entry.notes).toBeNull();
    expect((await rowOf(created.id))!.notes).toBeNull();
  });

  it.each(PAYMENT_STATUSES)('sets payment_status %s', async (payment_status) => {
    const userId = newUserId();
    const created = expectEntry(await post(userId, BASE), 201);
    const entry = expectEntry(await put(userId, created.id, { payment_status }), 200);
    expect(entry.payment_status).toBe(payment_status);
  });

  describe('active entries', () => {
    it('end_time: null makes the entry active again', async () => {
      const userId = newUserId();
      const created = expectEntry(await post(userId, BASE), 201);
      const entry = expectEntry(await put(userId, created.id, { end_time: null }), 200);
      expect(entry).toMatchObject({ end_time: null, total_hours: null, total_earned: null });
      expect((await rowOf(created.id))!.endTime).toBeNull();
    });

    it('end_time: null is a 409 when another entry is active, and changes nothing', async () => {
      const userId = newUserId();
      const active = expectEntry(await post(userId, { start_time: '2024-01-23T09:00:00Z' }), 201);
      const done = expectEntry(await post(userId, BASE), 201);
      const before = await snapshot(database.db);
      const res = await put(userId, done.id, { end_time: null });
      const problem = expectProblem(res, 409);
      if (problem.active_entry) expect(problem.active_entry.id).toBe(active.id);
      expect(await snapshot(database.db)).toEqual(before);
    });

    it('end_time: null on the active entry itself is fine', async () => {
      const userId = newUserId();
      const active = expectEntry(await post(userId, { start_time: '2024-01-23T09:00:00Z' }), 201);
      const entry = expectEntry(
        await put(userId, active.id, { end_time: null, notes: 'still running' }),
        200,
      );
      expect(entry).toMatchObject({ end_time: null, notes: 'still running' });
    });

    it('an active entry can be completed with an end_time', async () => {
      const userId = newUserId();
      const active = expectEntry(await post(userId, { start_time: '2024-01-22T09:00:00Z' }), 201);
      const entry = expectEntry(await put(userId, active.id, { end_time: '2024-01-22T10:20:00Z' }), 200);
      expect(entry).toMatchObject({
        end_time: '2024-01-22T10:20:00',
        total_hours: 1.33,
        total_earned: 66.67,
      });
      // Now another active entry may be created.
      expectEntry(await post(userId, { start_time: '2024-01-23T09:00:00Z' }), 201);
    });
  });

  describe('date', () => {
    it('derives the date again when start_time changes and date is not sent', async () => {
      const userId = newUserId();
      await makeSettings(database.db, userId, { timezone: 'UTC-3' });
      const created = expectEntry(
        await post(userId, { start_time: '2024-01-22T12:00:00Z', end_time: '2024-01-22T13:00:00Z' }),
        201,
      );
      expect(created.date).toBe('2024-01-22');
      // 02:00 UTC on the 25th is 23:00 on the 24th at UTC-3.
      const entry = expectEntry(
        await put(userId, created.id, {
          start_time: '2024-01-25T02:00:00Z',
          end_time: '2024-01-25T04:00:00Z',
        }),
        200,
      );
      expect(entry.date).toBe('2024-01-24');
    });

    it('derives the date again across a DST change (America/New_York)', async () => {
      const userId = newUserId();
      await makeSettings(database.db, userId, { timezone: 'America/New_York' });
      const created = expectEntry(
        await post(userId, { start_time: '2024-03-09T15:00:00Z', end_time: '2024-03-09T16:00:00Z' }),
        201,
      );
      expect(created.date).toBe('2024-03-09');
      // 04:30 UTC on 2024-03-11 is 00:30 EDT on the 11th (it would be 23:30 on the 10th in EST).
      const entry = expectEntry(
        await put(userId, created.id, {
          start_time: '2024-03-11T04:30:00Z',
          end_time: '2024-03-11T05:30:00Z',
        }),
        200,
      );
      expect(entry.date).toBe('2024-03-11');
    });

    it('derives the date again when only start_time changes on an active entry', async () => {
      const userId = newUserId();
      await makeSettings(database.db, userId, { timezone: 'Pacific/Kiritimati' });
      const created = expectEntry(await post(userId, { start_time: '2024-01-22T01:00:00Z' }), 201);
      expect(created.date).toBe('2024-01-22');
      const entry = expectEntry(await put(userId, created.id, { start_time: '2024-01-22T10:00:00Z' }), 200);
      expect(entry.date).toBe('2024-01-23');
    });

    it('keeps the date when start_time does not change', async () => {
      const userId = newUserId();
      await makeSettings(database.db, userId, { timezone: 'UTC-3' });
      // Stored on the UTC date although the local date (UTC-3) of the start is the 21st.
      const row = await makeEntry(database.db, userId, {
        date: '2024-01-22',
        startTime: new Date('2024-01-22T01:00:00Z'),
        endTime: new Date('2024-01-22T02:00:00Z'),
      });
      let entry = expectEntry(await put(userId, row.id, { notes: 'n' }), 200);
      expect(entry.date).toBe('2024-01-22');
      entry = expectEntry(await put(userId, row.id, { end_time: '2024-01-22T03:00:00Z' }), 200);
      expect(entry.date).toBe('2024-01-22');
      entry = expectEntry(await put(userId, row.id, { start_time: '2024-01-22T01:00:00' }), 200);
      expect(entry.date).toBe('2024-01-22');
    });

    it('respects an explicit date within one day of the new local date', async () => {
      const userId = newUserId();
      const created = expectEntry(await post(userId, BASE), 201);
      const entry = expectEntry(
        await put(userId, created.id, {
          start_time: '2024-02-10T09:00:00Z',
          end_time: '2024-02-10T10:00:00Z',
          date: '2024-02-11',
        }),
        200,
      );
      expect(entry.date).toBe('2024-02-11');
    });

    it('accepts an explicit date alone within one day of the start', async () => {
      const userId = newUserId();
      const created = expectEntry(await post(userId, BASE), 201);
      const entry = expectEntry(await put(userId, created.id, { date: '2024-01-21' }), 200);
      expect(entry.date).toBe('2024-01-21');
      expect(entry.start_time).toBe('2024-01-22T09:00:00');
    });

    it.each([
      ['a date alone, three days from the start', { date: '2024-01-25' }],
      ['a date alone, two days before the start', { date: '2024-01-20' }],
      [
        'the old date with a start_time weeks later',
        { start_time: '2024-02-10T09:00:00Z', end_time: '2024-02-10T10:00:00Z', date: '2024-01-22' },
      ],
      ['date: null', { date: null }],
      ['an invalid calendar date', { date: '2024-02-30' }],
    ])('rejects %s with a 400 on date and changes nothing', async (_, body) => {
      const userId = newUserId();
      const created = expectEntry(await post(userId, BASE), 201);
      const before = await snapshot(database.db);
      expectValidation(await put(userId, created.id, body), ['date']);
      expect(await snapshot(database.db)).toEqual(before);
    });

    it('validates an explicit date in the user timezone', async () => {
      const userId = newUserId();
      await makeSettings(database.db, userId, { timezone: 'Pacific/Kiritimati' });
      const created = expectEntry(await post(userId, { ...BASE, start_time: '2024-01-22T12:00:00Z' }), 201);
      expect(created.date).toBe('2024-01-23');
      expect(expectEntry(await put(userId, created.id, { date: '2024-01-24' }), 200).date).toBe('2024-01-24');
      const before = await snapshot(database.db);
      expectValidation(await put(userId, created.id, { date: '2024-01-21' }), ['date']);
      expect(await snapshot(database.db)).toEqual(before);
    });
  });

  describe('times', () => {
    it.each([
      ['end_time equal to start_time', { end_time: '2024-01-22T09:00:00Z' }],
      ['end_time before start_time', { end_time: '2024-01-22T08:00:00Z' }],
      ['start_time after end_time', { start_time: '2024-01-22T18:00:00Z' }],
      ['start_time equal to end_time', { start_time: '2024-01-22T17:00:00Z' }],
    ])('rejects %s and changes nothing', async (_, body) => {
      const userId = newUserId();
      const created = expectEntry(await post(userId, BASE), 201);
      const before = await snapshot(database.db);
      expectSomeValidation(await put(userId, created.id, body));
      expect(await snapshot(database.db)).toEqual(before);
    });

    it('accepts an edit to a span of exactly 31 days', async () => {
      const userId = newUserId();
      const created = expectEntry(await post(userId, BASE), 201);
      const entry = expectEntry(await put(userId, created.id, { end_time: '2024-02-22T09:00:00Z' }), 200);
      expect(entry.total_hours).toBe(744);
    });

    it('rejects an edit to a span over 31 days and changes nothing', async () => {
      const userId = newUserId();
      const created = expectEntry(await post(userId, BASE), 201);
      const before = await snapshot(database.db);
      expectSomeValidation(await put(userId, created.id, { end_time: '2024-02-22T09:00:01Z' }));
      expectSomeValidation(await put(userId, created.id, { start_time: '2023-12-22T16:59:59Z' }));
      expect(await snapshot(database.db)).toEqual(before);
    });

    describe('an entry longer than 31 days from a stopped timer', () => {
      const longEntry = (userId: number) =>
        makeEntry(database.db, userId, {
          date: '2024-01-01',
          startTime: new Date('2024-01-01T00:00:00Z'),
          endTime: new Date('2024-02-10T00:00:00Z'), // 40 days
        });

      it('can have its notes and payment status edited', async () => {
        const userId = newUserId();
        const row = await longEntry(userId);
        let entry = expectEntry(await put(userId, row.id, { notes: 'long haul' }), 200);
        expect(entry).toMatchObject({ notes: 'long haul', total_hours: 960, total_earned: 48_000 });
        entry = expectEntry(await put(userId, row.id, { payment_status: 'paid', hourly_rate: 10 }), 200);
        expect(entry).toMatchObject({ payment_status: 'paid', total_hours: 960, total_earned: 9_600 });
      });

      it('can be sent back whole with only the notes changed', async () => {
        const userId = newUserId();
        const row = await longEntry(userId);
        const current = expectEntry(await get(userId, row.id), 200);
        const entry = expectEntry(
          await put(userId, row.id, { ...current, notes: 'edited in the dialog' }),
          200,
        );
        expect(entry).toEqual({ ...current, notes: 'edited in the dialog', updated_at: entry.updated_at });
      });
    });
  });

  describe('validation', () => {
    it.each([
      [{ hourly_rate: '50' }, 'hourly_rate'],
      [{ hourly_rate: 1.23456 }, 'hourly_rate'],
      [{ hourly_rate: -1 }, 'hourly_rate'],
      [{ hourly_rate: null }, 'hourly_rate'],
      [{ payment_status: 'bogus' }, 'payment_status'],
      [{ payment_status: null }, 'payment_status'],
      [{ start_time: null }, 'start_time'],
      [{ start_time: '2024-13-01T00:00:00' }, 'start_time'],
      [{ start_time: 'yesterday' }, 'start_time'],
      [{ start_time: '2024-01-22' }, 'start_time'],
      [{ end_time: 'yesterday' }, 'end_time'],
      [{ end_time: '2024-01-22' }, 'end_time'],
      [{ notes: 'x'.repeat(10_001) }, 'notes'],
      [{ notes: 7 }, 'notes'],
      [{ date: null }, 'date'],
      [{ date: '2024/01/22' }, 'date'],
    ])('rejects %j with a 400 naming %s and changes nothing', async (body, path) => {
      const userId = newUserId();
      const created = expectEntry(await post(userId, { ...BASE, notes: 'keep' }), 201);
      const before = await snapshot(database.db);
      const problem = expectValidation(await put(userId, created.id, body), [path]);
      expect(problem.detail).toContain(path);
      expect(await snapshot(database.db)).toEqual(before);
    });

    it('accepts notes of exactly 10,000 characters', async () => {
      const userId = newUserId();
      const created = expectEntry(await post(userId, BASE), 201);
      const notes = 'é'.repeat(10_000);
      expect(expectEntry(await put(userId, created.id, { notes }), 200).notes).toBe(notes);
    });

    it.each(['[]', '[{"notes":"x"}]', '"x"', 'null', '1', '{"notes":'])(
      'rejects the body %s (not a JSON object) and changes nothing',
      async (body) => {
        const userId = newUserId();
        const created = expectEntry(await post(userId, BASE), 201);
        const before = await snapshot(database.db);
        const res = await put(userId, created.id, body, { headers: { 'content-type': 'application/json' } });
        expectProblem(res, 400);
        expect(await snapshot(database.db)).toEqual(before);
      },
    );
  });

  it('is a 404 for a missing id', async () => {
    const userId = newUserId();
    const row = await makeEntry(database.db, userId);
    await database.db.delete(timeEntries).where(eq(timeEntries.id, row.id));
    const before = await snapshot(database.db);
    expectProblem(await put(userId, row.id, { notes: 'x' }), 404);
    expect(await snapshot(database.db)).toEqual(before);
  });

  it("is a 404 for another user's entry, which stays unchanged", async () => {
    const owner = newUserId();
    const row = await makeEntry(database.db, owner, { notes: 'theirs' });
    const userId = newUserId();
    const before = await snapshot(database.db);
    expectProblem(await put(userId, row.id, { notes: 'mine', payment_status: 'paid' }), 404);
    expectProblem(await put(userId, row.id, { end_time: null }), 404);
    expect(await snapshot(database.db)).toEqual(before);
  });

  it("a valid edit of another user's entry is a 404 and changes nothing", async () => {
    const owner = newUserId();
    const row = await makeEntry(database.db, owner);
    const userId = newUserId();
    const before = await snapshot(database.db);
    const res = await put(userId, row.id, { ...BASE, date: '2024-01-22' });
    expectProblem(res, 404);
    expect(await snapshot(database.db)).toEqual(before);
  });
});

// ---------------------------------------------------------------------------

describe('DELETE /entries/{id}', () => {
  it('deletes the entry: 204 with an empty body', async () => {
    const userId = newUserId();
    const keep = await makeEntry(database.db, userId);
    const row = await makeEntry(database.db, userId);
    const res = await call(remove, 'DELETE', { userId, params: params(row.id), query: '_t=1' });
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await rowOf(row.id)).toBeUndefined();
    expect(await rowOf(keep.id)).toEqual(keep);
    expectProblem(await get(userId, row.id), 404);
    expectProblem(await del(userId, row.id), 404);
  });

  it('deleting the active entry allows a new active one', async () => {
    const userId = newUserId();
    const active = expectEntry(await post(userId, { start_time: '2024-01-22T09:00:00Z' }), 201);
    expect((await del(userId, active.id)).status).toBe(204);
    expectEntry(await post(userId, { start_time: '2024-01-23T09:00:00Z' }), 201);
  });

  it('is a 404 for a missing id', async () => {
    const userId = newUserId();
    const before = await snapshot(database.db);
    expectProblem(await del(userId, 2147483646), 404);
    expect(await snapshot(database.db)).toEqual(before);
  });

  it("is a 404 for another user's entry, which is not deleted", async () => {
    const owner = newUserId();
    const row = await makeEntry(database.db, owner);
    const userId = newUserId();
    const before = await snapshot(database.db);
    expectProblem(await del(userId, row.id), 404);
    expect(await snapshot(database.db)).toEqual(before);
    expect(await rowOf(row.id)).toEqual(row);
  });
});

// ---------------------------------------------------------------------------

describe('GET /entries', () => {
  const listFor = (userId: number, query?: string) => call(list, 'GET', { userId, query });

  it('is an empty bare array with X-Total-Count 0 for a new user', async () => {
    const userId = newUserId();
    const res = await listFor(userId);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toEqual([]);
    expect(res.text).toBe('[]');
    expect(res.headers.get('x-total-count')).toBe('0');
  });

  /** Entries whose order by date, then start, then id differs from their order by start or id. */
  async function orderedFixture(userId: number) {
    const make = (date: string, start: string, more = {}) =>
      makeEntry(database.db, userId, {
        date,
        startTime: new Date(start),
        endTime: new Date(Date.parse(start) + HOUR),
        ...more,
      });
    const a = await make('2024-01-22', '2024-01-22T09:00:00Z', { paymentStatus: 'paid' });
    const e = await make('2024-01-20', '2024-01-20T09:00:00Z');
    const b = await make('2024-01-22', '2024-01-22T13:00:00Z', { paymentStatus: 'invoiced_approved' });
    // Dated the 23rd although it starts on the 22nd UTC (a timezone east of UTC).
    const d = await make('2024-01-23', '2024-01-22T23:30:00Z', { paymentStatus: 'paid' });
    // Same date and start as b, created later: a larger id.
    const c = await make('2024-01-22', '2024-01-22T13:00:00Z', { paymentStatus: 'invoiced_not_approved' });
    // Dated the 21st although it starts later on the 22nd UTC (a timezone west of UTC).
    const g = await make('2024-01-21', '2024-01-22T20:00:00Z', { endTime: null });
    expect(c.id).toBeGreaterThan(b.id);
    return { a, b, c, d, e, g };
  }

  it('lists newest first: date desc, start_time desc, id desc', async () => {
    const userId = newUserId();
    const { a, b, c, d, e, g } = await orderedFixture(userId);
    const res = await listFor(userId, '_t=1700000000000');
    expect(idsOf(res)).toEqual([d.id, c.id, b.id, a.id, g.id, e.id]);
    expect(res.headers.get('x-total-count')).toBe('6');
    for (const entry of res.body) expect(Object.keys(entry)).toHaveLength(12);
    expect(res.body[4]).toMatchObject({ end_time: null, total_hours: null, total_earned: null });
    expect(res.body[3]).toMatchObject({ total_hours: 1, total_earned: 50, payment_status: 'paid' });
  });

  it("never lists another user's entries", async () => {
    const userId = newUserId();
    const other = newUserId();
    const mine = await makeEntry(database.db, userId);
    await makeEntry(database.db, other);
    await makeEntry(database.db, other, { date: '2024-01-23' });
    const res = await listFor(userId, 'limit=1000');
    expect(idsOf(res)).toEqual([mine.id]);
    expect(res.headers.get('x-total-count')).toBe('1');
  });

  it.each([
    ['start_date=2024-01-21&end_date=2024-01-22', ['c', 'b', 'a', 'g']],
    ['start_date=2024-01-22&end_date=2024-01-22', ['c', 'b', 'a']],
    ['start_date=2024-01-22', ['d', 'c', 'b', 'a']],
    ['end_date=2024-01-21', ['g', 'e']],
    ['start_date=2024-01-24', []],
    ['end_date=2024-01-19', []],
    ['payment_status=paid', ['d', 'a']],
    ['payment_status=not_paid', ['g', 'e']],
    ['payment_status=invoiced_approved', ['b']],
    ['payment_status=invoiced_not_approved', ['c']],
    ['payment_status=paid&start_date=2024-01-21&end_date=2024-01-22', ['a']],
    ['_t=123&foo=bar&sort=asc', ['d', 'c', 'b', 'a', 'g', 'e']],
  ])('filters with %s (inclusive, on date)', async (query, names) => {
    const userId = newUserId();
    const fixture = await orderedFixture(userId);
    const res = await listFor(userId, query);
    expect(idsOf(res)).toEqual(names.map((n) => fixture[n as keyof typeof fixture].id));
    expect(res.headers.get('x-total-count')).toBe(String(names.length));
  });

  describe("date-time filters use the local date in the user's timezone", () => {
    async function threeDays(userId: number) {
      const make = (date: string) =>
        makeEntry(database.db, userId, {
          date,
          startTime: new Date(`${date}T15:00:00Z`),
          endTime: new Date(`${date}T16:00:00Z`),
        });
      return { d21: await make('2024-01-21'), d22: await make('2024-01-22'), d23: await make('2024-01-23') };
    }

    it.each([
      // UTC-3: 02:00 UTC on the 22nd is the 21st locally; 02:59:59 UTC on the 23rd is the 22nd.
      ['UTC-3', '2024-01-22T02:00:00Z', '2024-01-23T02:59:59Z', ['d22', 'd21']],
      // The frontend's local midnight: 03:00 UTC is 00:00 on the same date at UTC-3.
      ['UTC-3', '2024-01-22T03:00:00.000Z', '2024-01-23T03:00:00.000Z', ['d23', 'd22']],
      // An offset in the filter: 00:30 at +05:30 is 19:00 UTC on the 21st, 16:00 there at UTC-3.
      ['UTC-3', '2024-01-22T00:30:00+05:30', '2024-01-22T00:30:00+05:30', ['d21']],
      ['UTC+5:30', '2024-01-21T18:30:00Z', '2024-01-21T18:30:00Z', ['d22']],
      ['Pacific/Kiritimati', '2024-01-21T10:00:00Z', '2024-01-21T10:00:00Z', ['d22']],
      ['America/New_York', '2024-01-22T04:59:59Z', '2024-01-22T04:59:59Z', ['d21']],
      // Naive date-times are UTC.
      ['UTC', '2024-01-22T00:00:00', '2024-01-22T23:59:59', ['d22']],
      // A date-time on one side, a plain date on the other.
      ['UTC-3', '2024-01-22T02:00:00Z', '2024-01-21', ['d21']],
    ])('timezone %s, start_date %s, end_date %s', async (timezone, start, end, names) => {
      const userId = newUserId();
      await makeSettings(database.db, userId, { timezone });
      const fixture = await threeDays(userId);
      const query = new URLSearchParams({ start_date: start, end_date: end }).toString();
      const res = await listFor(userId, query);
      expect(idsOf(res)).toEqual(names.map((n) => fixture[n as keyof typeof fixture].id));
      expect(res.headers.get('x-total-count')).toBe(String(names.length));
    });

    it('uses UTC for a user without settings', async () => {
      const userId = newUserId();
      const fixture = await threeDays(userId);
      const query = new URLSearchParams({
        start_date: '2024-01-22T00:00:00Z',
        end_date: '2024-01-22T23:59:59Z',
      }).toString();
      expect(idsOf(await listFor(userId, query))).toEqual([fixture.d22.id]);
    });
  });

  it.each([
    ['start_date=2024-01-23&end_date=2024-01-22', 'start_date'],
    // At UTC-3 the start is locally the 22nd and the end the 21st.
    [
      new URLSearchParams({
        start_date: '2024-01-22T12:00:00Z',
        end_date: '2024-01-22T02:00:00Z',
      }).toString(),
      'start_date',
    ],
    ['start_date=yesterday', 'start_date'],
    ['start_date=2024-02-30', 'start_date'],
    ['end_date=2024-13-01T00:00:00', 'end_date'],
    ['end_date=22.01.2024', 'end_date'],
    ['payment_status=PAID', 'payment_status'],
    ['payment_status=unpaid', 'payment_status'],
    ['limit=0', 'limit'],
    ['limit=1001', 'limit'],
    ['limit=abc', 'limit'],
    ['limit=-1', 'limit'],
    ['limit=1.5', 'limit'],
    ['skip=-1', 'skip'],
    ['skip=abc', 'skip'],
    ['skip=1.5', 'skip'],
  ])('rejects %s with a 400 naming it', async (query, path) => {
    const userId = newUserId();
    await makeSettings(database.db, userId, { timezone: 'UTC-3' });
    await makeEntry(database.db, userId);
    const before = await snapshot(database.db);
    const res = await listFor(userId, query);
    expectValidation(res, [path]);
    expect(await snapshot(database.db)).toEqual(before);
  });

  it('accepts start_date equal to end_date', async () => {
    const userId = newUserId();
    const row = await makeEntry(database.db, userId);
    expect(idsOf(await listFor(userId, 'start_date=2024-01-22&end_date=2024-01-22'))).toEqual([row.id]);
  });

  describe('paging', () => {
    const pagingUser = newUserId();
    /** The user's 105 ids, newest first, from the database directly. */
    let all: number[] = [];

    beforeAll(async () => {
      await insertManyEntries(database.db, pagingUser, 105);
      const rows = await database.db
        .select({ id: timeEntries.id })
        .from(timeEntries)
        .where(eq(timeEntries.userId, pagingUser))
        .orderBy(desc(timeEntries.date), desc(timeEntries.startTime), desc(timeEntries.id));
      all = rows.map((r) => r.id);
    });

    it('returns 100 entries by default, with the full count in X-Total-Count', async () => {
      const full = await listFor(pagingUser, 'limit=1000');
      expect(idsOf(full)).toEqual(all);
      expect(all).toHaveLength(105);
      expect(full.headers.get('x-total-count')).toBe('105');
      // One entry per day going back from 2024-06-30, so newest first is by date.
      expect(full.body[0].date).toBe('2024-06-30');
      expect(full.body[104].date).toBe(
        new Date(Date.parse('2024-06-30') - 104 * DAY).toISOString().slice(0, 10),
      );

      const res = await listFor(pagingUser);
      expect(idsOf(res)).toEqual(all.slice(0, 100));
      expect(res.headers.get('x-total-count')).toBe('105');
    });

    it.each([
      ['limit=10', 0, 10],
      ['skip=10&limit=10', 10, 20],
      ['skip=100', 100, 105],
      ['skip=100&limit=10', 100, 105],
      ['skip=104&limit=1', 104, 105],
      ['limit=1', 0, 1],
      ['limit=1000&_t=1700000000000', 0, 105],
      ['skip=0&limit=105', 0, 105],
    ])('%s is a page of the same order, with X-Total-Count 105', async (query, from, to) => {
      const res = await listFor(pagingUser, query);
      expect(idsOf(res)).toEqual(all.slice(from, to));
      expect(res.headers.get('x-total-count')).toBe('105');
    });

    it.each(['skip=105', 'skip=106', 'skip=1000&limit=5', 'skip=2147483647'])(
      '%s (past the end) is an empty array, still with X-Total-Count 105',
      async (query) => {
        const res = await listFor(pagingUser, query);
        expect(idsOf(res)).toEqual([]);
        expect(res.headers.get('x-total-count')).toBe('105');
      },
    );

    it('pages past the end of a filtered list still count the matches', async () => {
      const userId = newUserId();
      await insertManyEntries(database.db, userId, 5, '2024-01-31');
      const res = await listFor(userId, 'start_date=2024-01-29&skip=10');
      expect(idsOf(res)).toEqual([]);
      expect(res.headers.get('x-total-count')).toBe('3');
      const none = await listFor(userId, 'payment_status=paid&skip=10');
      expect(idsOf(none)).toEqual([]);
      expect(none.headers.get('x-total-count')).toBe('0');
    });
  });

  it.each([
    ['no token', {}],
    ['a malformed token', { token: 'not-a-jwt' }],
  ])('needs a token: %s is a 401', async (_, options) => {
    const res = await call(list, 'GET', options);
    expectProblem(res, 401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('an expired token is a 401', async () => {
    const userId = newUserId();
    await makeEntry(database.db, userId);
    const token = await tokenFor(userId, { expiresIn: Math.floor(Date.now() / 1000) - 3600 });
    const res = await call(list, 'GET', { token });
    expectProblem(res, 401);
    expect(res.text).not.toContain('2024-01-22');
  });
});
