import { and, eq, isNull } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { POST as createEntry, GET as listEntries } from '@/app/api/v1/time-tracking/entries/route';
import { POST as stop } from '@/app/api/v1/time-tracking/sessions/[entry_id]/stop/route';
import { GET as active } from '@/app/api/v1/time-tracking/sessions/active/route';
import { POST as start } from '@/app/api/v1/time-tracking/sessions/start/route';
import { GET as getStats } from '@/app/api/v1/time-tracking/stats/route';
import { timeEntries } from '@/db/schema';
import { CLOCK_TOLERANCE_SECONDS, MAX_LATE_START_DAYS } from '@/lib/time-tracking/constants';
import { problemSchema, statsSchema, timeEntrySchema } from '@/lib/time-tracking/schemas';
import { expectEntry, expectProblem, expectValidation } from './helpers/assertions';
import { newUserId } from './helpers/auth';
import { snapshot, useTestDatabase, usingPostgres } from './helpers/database';
import { makeEntry, makeSettings } from './helpers/factories';
import { call } from './helpers/http';

const database = useTestDatabase();

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** The instant of a response timestamp (naive UTC, to the second). */
const instantOf = (naive: string) => {
  expect(naive).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
  return Date.parse(`${naive}Z`);
};

/** Naive UTC to the second, as the API writes it. */
const naive = (ms: number) => new Date(ms).toISOString().slice(0, 19);

/** A whole-second instant `ms` milliseconds before now. */
const secondsAgo = (ms: number) => new Date(Math.floor((Date.now() - ms) / 1000) * 1000);

/** The calendar date of an instant at a fixed UTC offset, from UTC fields only. */
const dateAtOffset = (ms: number, offsetMinutes: number) =>
  new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 10);

/** Half-up rounding to cents of a non-negative amount given as an exact fraction. */
const roundHalfUp2 = (numerator: number, denominator: number) =>
  Math.floor((numerator * 100 * 2 + denominator) / (denominator * 2)) / 100;

async function activeRows(userId: number) {
  return database.db
    .select()
    .from(timeEntries)
    .where(and(eq(timeEntries.userId, userId), isNull(timeEntries.endTime)));
}

describe('POST /sessions/start', () => {
  it('starts an active entry now, with the default rate and the UTC date', async () => {
    const userId = newUserId();
    const before = Date.now();
    const res = await call(start, 'POST', { userId, query: '_t=1700000000000' });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-type')).toContain('application/json');
    const entry = timeEntrySchema.strict().parse(res.body);
    expect(entry).toMatchObject({
      user_id: userId,
      end_time: null,
      total_hours: null,
      total_earned: null,
      hourly_rate: 50,
      payment_status: 'not_paid',
      notes: null,
    });
    const started = instantOf(entry.start_time);
    expect(Math.abs(started - before)).toBeLessThanOrEqual(1000);
    expect(Math.abs(instantOf(entry.created_at) - before)).toBeLessThanOrEqual(1000);
    expect(Math.abs(instantOf(entry.updated_at) - before)).toBeLessThanOrEqual(1000);
    // No settings: DEFAULT_TIMEZONE (UTC) decides the date.
    expect(entry.date).toBe(dateAtOffset(started, 0));

    const rows = await activeRows(userId);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).toBe(entry.id);
    expect(rows[0]!.startTime.getTime()).toBe(started);
  });

  it.each([
    ['no body', {}],
    ['an empty body without a content type', { body: '' }],
    ['an empty body with a JSON content type', { body: '', headers: { 'content-type': 'application/json' } }],
    ['an empty object', { body: {} }],
  ])('accepts %s', async (_, options) => {
    const userId = newUserId();
    const res = await call(start, 'POST', { userId, ...options });
    expect(res.status).toBe(201);
    const entry = timeEntrySchema.parse(res.body);
    expect(entry.end_time).toBeNull();
    expect(entry.user_id).toBe(userId);
  });

  it('takes the default rate from the settings', async () => {
    const userId = newUserId();
    await makeSettings(database.db, userId, { defaultHourlyRate: '72.1250' });
    const res = await call(start, 'POST', { userId });
    expect(res.status).toBe(201);
    expect(res.body.hourly_rate).toBe(72.125);
    const [row] = await activeRows(userId);
    expect(row!.hourlyRate).toBe('72.1250');
  });

  it('uses hourly_rate and notes from the body', async () => {
    const userId = newUserId();
    await makeSettings(database.db, userId, { defaultHourlyRate: '80' });
    const res = await call(start, 'POST', { userId, body: { hourly_rate: 0.1234, notes: 'Client call ☎' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ hourly_rate: 0.1234, notes: 'Client call ☎', end_time: null });

    const zeroUser = newUserId();
    const zero = await call(start, 'POST', { userId: zeroUser, body: { hourly_rate: 0, notes: null } });
    expect(zero.status).toBe(201);
    expect(zero.body).toMatchObject({ hourly_rate: 0, notes: null });
  });

  it('ignores unknown and read-only fields', async () => {
    const userId = newUserId();
    const other = newUserId();
    const res = await call(start, 'POST', {
      userId,
      body: { id: 999_999, user_id: other, total_hours: 5, created_at: '2020-01-01T00:00:00', theme: 'dark' },
    });
    expect(res.status).toBe(201);
    expect(res.body.user_id).toBe(userId);
    expect(res.body.id).not.toBe(999_999);
    expect(res.body.total_hours).toBeNull();
    expect(res.body.created_at).not.toBe('2020-01-01T00:00:00');
    expect(await activeRows(other)).toHaveLength(0);
  });

  it.each([
    ['UTC+14', 14 * 60],
    ['UTC-12', -12 * 60],
    ['UTC+5:45', 5 * 60 + 45],
  ])("dates the entry in the user's timezone setting %s", async (timezone, offset) => {
    // UTC+14 is on the next date from 10:00 UTC on, UTC-12 on the previous one
    // until 12:00 UTC: at any time at least one of them is not on the UTC date.
    const userId = newUserId();
    await makeSettings(database.db, userId, { timezone });
    const res = await call(start, 'POST', { userId });
    expect(res.status).toBe(201);
    expect(res.body.date).toBe(dateAtOffset(instantOf(res.body.start_time), offset));
  });

  it('dates the entry in the timezone given in the body, over the setting', async () => {
    // At every moment UTC+14 and UTC-12 are on different dates, and at least one
    // of them differs from the UTC date, so the override is always visible.
    const east = newUserId();
    await makeSettings(database.db, east, { timezone: 'UTC-12' });
    const eastRes = await call(start, 'POST', { userId: east, body: { timezone: 'UTC+14' } });
    expect(eastRes.status).toBe(201);
    const eastStart = instantOf(eastRes.body.start_time);
    expect(eastRes.body.date).toBe(dateAtOffset(eastStart, 14 * 60));
    expect(eastRes.body.date).not.toBe(dateAtOffset(eastStart, -12 * 60));

    const west = newUserId();
    await makeSettings(database.db, west, { timezone: 'UTC+14' });
    const westRes = await call(start, 'POST', { userId: west, body: { timezone: 'UTC-12' } });
    expect(westRes.status).toBe(201);
    const westStart = instantOf(westRes.body.start_time);
    expect(westRes.body.date).toBe(dateAtOffset(westStart, -12 * 60));
    expect(westRes.body.date).not.toBe(dateAtOffset(westStart, 14 * 60));

    // The override is for this entry only: the setting is unchanged.
    const settings = (await snapshot(database.db)).settings.find((s) => s.userId === west);
    expect(settings?.timezone).toBe('UTC+14');
  });

  it('accepts an IANA timezone in the body', async () => {
    const userId = newUserId();
    const res = await call(start, 'POST', { userId, body: { timezone: 'Pacific/Kiritimati' } });
    expect(res.status).toBe(201);
    // Kiritimati is UTC+14 all year.
    expect(res.body.date).toBe(dateAtOffset(instantOf(res.body.start_time), 14 * 60));
  });

  it.each([
    [{ timezone: 'UTC+15' }, 'timezone'],
    [{ timezone: 'Mars/Olympus' }, 'timezone'],
    [{ timezone: '+05:30' }, 'timezone'],
    [{ timezone: 14 }, 'timezone'],
    [{ hourly_rate: '50' }, 'hourly_rate'],
    [{ hourly_rate: -1 }, 'hourly_rate'],
    [{ hourly_rate: 1.23456 }, 'hourly_rate'],
    [{ notes: 42 }, 'notes'],
    [{ notes: 'x'.repeat(10_001) }, 'notes'],
  ])('rejects %j with a 400 naming %s and starts nothing', async (body, path) => {
    const userId = newUserId();
    const before = await snapshot(database.db);
    const res = await call(start, 'POST', { userId, body });
    const problem = expectProblem(res, 400);
    expect(problem.errors?.map((e) => e.path)).toEqual([path]);
    expect(problem.detail).toContain(path);
    expect(await snapshot(database.db)).toEqual(before);
  });

  it('rejects a body that is not a JSON object', async () => {
    const userId = newUserId();
    for (const body of ['[]', '"x"', 'null', '{"notes":']) {
      const res = await call(start, 'POST', {
        userId,
        body,
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status, body).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    }
    expect(await activeRows(userId)).toHaveLength(0);
  });

  it('answers a second start with 409 carrying the running entry', async () => {
    const userId = newUserId();
    const first = await call(start, 'POST', { userId, body: { notes: 'first' } });
    expect(first.status).toBe(201);
    const before = await snapshot(database.db);

    const second = await call(start, 'POST', { userId, body: { notes: 'second' } });
    const problem = expectProblem(second, 409);
    expect(timeEntrySchema.parse(problem.active_entry)).toEqual(first.body);
    expect(await snapshot(database.db)).toEqual(before);
  });

  it('counts an entry created without end_time as the running one', async () => {
    const userId = newUserId();
    const created = await call(createEntry, 'POST', {
      userId,
      body: { start_time: naive(Date.now() - HOUR), notes: 'by hand' },
    });
    expect(created.status).toBe(201);
    expect(created.body.end_time).toBeNull();

    const res = await call(start, 'POST', { userId });
    const problem = expectProblem(res, 409);
    expect(timeEntrySchema.parse(problem.active_entry)).toEqual(created.body);
    expect(await activeRows(userId)).toHaveLength(1);
  });

  it('makes POST /entries without end_time a 409 while the timer runs', async () => {
    const userId = newUserId();
    const started = await call(start, 'POST', { userId });
    const res = await call(createEntry, 'POST', {
      userId,
      body: { start_time: naive(Date.now() - HOUR) },
    });
    const problem = expectProblem(res, 409);
    expect(timeEntrySchema.parse(problem.active_entry)).toEqual(started.body);
  });

  it('is not blocked by completed entries or by other users', async () => {
    const userId = newUserId();
    await makeEntry(database.db, userId);
    const other = newUserId();
    expect((await call(start, 'POST', { userId: other })).status).toBe(201);
    expect((await call(start, 'POST', { userId })).status).toBe(201);
  });

  it('starts again once the running entry is stopped', async () => {
    const userId = newUserId();
    const first = await call(start, 'POST', { userId });
    expect((await call(stop, 'POST', { userId, params: { entry_id: String(first.body.id) } })).status).toBe(
      200,
    );
    const second = await call(start, 'POST', { userId });
    expect(second.status).toBe(201);
    expect(second.body.id).not.toBe(first.body.id);
  });

  it(`lets exactly one of many concurrent starts win (${usingPostgres ? 'Postgres pool' : 'PGlite'})`, async () => {
    const userId = newUserId();
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => call(start, 'POST', { userId, body: { notes: `tab ${i}` } })),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, ...Array(11).fill(409)]);
    const winner = results.find((r) => r.status === 201)!;
    for (const loser of results.filter((r) => r.status === 409)) {
      const problem = problemSchema.parse(loser.body);
      expect(problem.active_entry?.id).toBe(winner.body.id);
    }
    const rows = await activeRows(userId);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).toBe(winner.body.id);
    const all = (await snapshot(database.db)).entries.filter((e) => e.userId === userId);
    expect(all).toHaveLength(1);
  });

  it('needs a token', async () => {
    const res = await call(start, 'POST', {});
    expectProblem(res, 401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const bad = await call(start, 'POST', { token: 'not-a-jwt' });
    expectProblem(bad, 401);
  });
});

describe('GET /sessions/active', () => {
  it('returns the JSON null when no timer runs', async () => {
    const userId = newUserId();
    await makeEntry(database.db, userId);
    const res = await call(active, 'GET', { userId, query: '_t=1700000000000' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(res.text).toBe('null');
    expect(res.body).toBeNull();
  });

  it('returns the running entry, and null again once it is stopped', async () => {
    const userId = newUserId();
    const started = await call(start, 'POST', { userId, body: { notes: 'running' } });
    const res = await call(active, 'GET', { userId });
    expect(res.status).toBe(200);
    expect(timeEntrySchema.strict().parse(res.body)).toEqual(started.body);

    await call(stop, 'POST', { userId, params: { entry_id: String(started.body.id) } });
    const after = await call(active, 'GET', { userId });
    expect(after.status).toBe(200);
    expect(after.text).toBe('null');
  });

  it("never shows another user's running entry", async () => {
    const owner = newUserId();
    await call(start, 'POST', { userId: owner });
    const res = await call(active, 'GET', { userId: newUserId() });
    expect(res.status).toBe(200);
    expect(res.text).toBe('null');
  });

  it('needs a token', async () => {
    const res = await call(active, 'GET', {});
    expectProblem(res, 401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });
});

describe('POST /sessions/{id}/stop', () => {
  const stopCall = (userId: number | undefined, id: number | string, options: { body?: unknown } = {}) =>
    call(stop, 'POST', { userId, params: { entry_id: String(id) }, ...options });

  it('stops at now and computes the totals', async () => {
    const userId = newUserId();
    const entry = await makeEntry(database.db, userId, {
      date: dateAtOffset(Date.now() - 2 * HOUR, 0),
      startTime: secondsAgo(2 * HOUR),
      endTime: null,
      hourlyRate: '36',
      createdAt: secondsAgo(2 * HOUR),
      updatedAt: secondsAgo(2 * HOUR),
    });
    const before = Date.now();
    const res = await stopCall(userId, entry.id, { body: '' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const stopped = timeEntrySchema.strict().parse(res.body);
    const end = instantOf(stopped.end_time!);
    expect(Math.abs(end - before)).toBeLessThanOrEqual(1000);
    expect(Math.abs(instantOf(stopped.updated_at) - before)).toBeLessThanOrEqual(1000);
    expect(stopped.created_at).toBe(naive(entry.createdAt.getTime()));
    const seconds = (end - entry.startTime.getTime()) / 1000;
    expect(stopped).toMatchObject({
      id: entry.id,
      start_time: naive(entry.startTime.getTime()),
      total_hours: roundHalfUp2(seconds, 3600),
      total_earned: roundHalfUp2(seconds * 36, 3600),
      hourly_rate: 36,
    });
    expect(stopped.total_hours).toBeCloseTo(2, 1);

    const [row] = (await snapshot(database.db)).entries.filter((e) => e.id === entry.id);
    expect(row!.endTime!.getTime()).toBe(end);
    expect(await activeRows(userId)).toHaveLength(0);
  });

  it.each([
    ['no body', {}],
    ['an empty body with a JSON content type', { body: '', headers: { 'content-type': 'application/json' } }],
    ['an empty object', { body: {} }],
  ])('stops a timer started the same second, given %s', async (_, options) => {
    const userId = newUserId();
    const started = await call(start, 'POST', { userId });
    expect(started.status).toBe(201);
    const res = await call(stop, 'POST', {
      userId,
      params: { entry_id: String(started.body.id) },
      ...options,
    });
    expect(res.status).toBe(200);
    const stopped = timeEntrySchema.parse(res.body);
    const seconds = (instantOf(stopped.end_time!) - instantOf(stopped.start_time)) / 1000;
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect(stopped.total_hours).toBe(roundHalfUp2(seconds, 3600));
    expect(stopped.total_earned).toBe(roundHalfUp2(seconds * 50, 3600));
    expect(await activeRows(userId)).toHaveLength(0);
  });

  it.each([
    ['naive UTC', (ms: number) => naive(ms)],
    ['with Z and a fraction', (ms: number) => `${naive(ms)}.999Z`],
    ['with an offset', (ms: number) => `${naive(ms + 5.5 * HOUR)}+05:30`],
  ])('stops at an explicit earlier end_time (%s)', async (_, format) => {
    const userId = newUserId();
    const startTime = secondsAgo(3 * HOUR);
    const entry = await makeEntry(database.db, userId, {
      date: dateAtOffset(startTime.getTime(), 0),
      startTime,
      endTime: null,
      hourlyRate: '50',
    });
    const endMs = startTime.getTime() + 80 * 60_000;
    const res = await stopCall(userId, entry.id, { body: { end_time: format(endMs) } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      end_time: naive(endMs),
      total_hours: 1.33,
      total_earned: 66.67,
    });
  });

  it('stops one second after the start', async () => {
    const userId = newUserId();
    const startTime = secondsAgo(HOUR);
    const entry = await makeEntry(database.db, userId, { startTime, endTime: null });
    const res = await stopCall(userId, entry.id, { body: { end_time: naive(startTime.getTime() + 1000) } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total_hours: 0, total_earned: 0.01 });
  });

  it.each([
    ['equal to start_time', 0],
    ['within the start second', 500],
    ['before start_time', -60_000],
  ])('rejects an end_time %s with a 400 and keeps it running', async (_, delta) => {
    const userId = newUserId();
    const startTime = secondsAgo(HOUR);
    const entry = await makeEntry(database.db, userId, { startTime, endTime: null });
    const before = await snapshot(database.db);
    const res = await stopCall(userId, entry.id, {
      body: { end_time: new Date(startTime.getTime() + delta).toISOString() },
    });
    const problem = expectProblem(res, 400);
    expect(problem.errors?.map((e) => e.path)).toEqual(['end_time']);
    expect(await snapshot(database.db)).toEqual(before);
  });

  it.each([
    [{ end_time: 'yesterday' }],
    [{ end_time: 1_700_000_000_000 }],
    [{ end_time: '2024-02-30T10:00:00' }],
  ])('rejects an invalid end_time %j', async (body) => {
    const userId = newUserId();
    const entry = await makeEntry(database.db, userId, { startTime: secondsAgo(HOUR), endTime: null });
    const before = await snapshot(database.db);
    const problem = expectProblem(await stopCall(userId, entry.id, { body }), 400);
    expect(problem.errors?.map((e) => e.path)).toEqual(['end_time']);
    expect(await snapshot(database.db)).toEqual(before);
  });

  it('has no 31-day limit for the timer', async () => {
    const userId = newUserId();
    const startTime = secondsAgo(40 * DAY);
    const entry = await makeEntry(database.db, userId, {
      date: dateAtOffset(startTime.getTime(), 0),
      startTime,
      endTime: null,
      hourlyRate: '10',
    });
    const res = await stopCall(userId, entry.id);
    expect(res.status).toBe(200);
    const seconds = (instantOf(res.body.end_time) - startTime.getTime()) / 1000;
    expect(res.body.total_hours).toBe(roundHalfUp2(seconds, 3600));
    expect(res.body.total_earned).toBe(roundHalfUp2(seconds * 10, 3600));
    expect(res.body.total_hours).toBeGreaterThanOrEqual(960);
  });

  it('has no 31-day limit for an explicit end_time either', async () => {
    const userId = newUserId();
    const startTime = secondsAgo(40 * DAY);
    const entry = await makeEntry(database.db, userId, { startTime, endTime: null, hourlyRate: '10' });
    const end = startTime.getTime() + 35 * DAY;
    const res = await stopCall(userId, entry.id, { body: { end_time: naive(end) } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ end_time: naive(end), total_hours: 840, total_earned: 8400 });
  });

  it('returns a stopped entry unchanged when stopped again without a body', async () => {
    const userId = newUserId();
    const entry = await makeEntry(database.db, userId, {
      createdAt: new Date('2024-01-22T09:00:00Z'),
      updatedAt: new Date('2024-01-22T17:00:05Z'),
    });
    const before = await snapshot(database.db);
    for (const options of [{}, { body: '' }, { body: {} }]) {
      const res = await stopCall(userId, entry.id, options);
      expect(res.status).toBe(200);
      expect(timeEntrySchema.strict().parse(res.body)).toEqual({
        id: entry.id,
        date: '2024-01-22',
        start_time: '2024-01-22T09:00:00',
        end_time: '2024-01-22T17:00:00',
        hourly_rate: 50,
        total_hours: 8,
        total_earned: 400,
        payment_status: 'not_paid',
        notes: null,
        created_at: '2024-01-22T09:00:00',
        updated_at: '2024-01-22T17:00:05',
        user_id: userId,
      });
    }
    expect(await snapshot(database.db)).toEqual(before);
  });

  it('keeps the same end_time and updated_at when a just-stopped timer is stopped again', async () => {
    const userId = newUserId();
    const started = await call(start, 'POST', { userId });
    const first = await stopCall(userId, started.body.id);
    expect(first.status).toBe(200);
    const again = await stopCall(userId, started.body.id, { body: '' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(again.body.updated_at).toBe(first.body.updated_at);
    expect(again.body.end_time).toBe(first.body.end_time);
  });

  it.each([
    '2024-01-22T17:00:00',
    '2024-01-22T17:00:00Z',
    '2024-01-22T17:00:00.750Z',
    '2024-01-22T18:00:00+01:00',
  ])('accepts the same end_time %s on a stopped entry', async (endTime) => {
    const userId = newUserId();
    const entry = await makeEntry(database.db, userId, { updatedAt: new Date('2024-01-22T17:00:05Z') });
    const before = await snapshot(database.db);
    const res = await stopCall(userId, entry.id, { body: { end_time: endTime } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ end_time: '2024-01-22T17:00:00', updated_at: '2024-01-22T17:00:05' });
    expect(await snapshot(database.db)).toEqual(before);
  });

  it.each(['2024-01-22T16:00:00', '2024-01-22T17:00:01Z'])(
    'answers a different end_time %s on a stopped entry with 409',
    async (endTime) => {
      const userId = newUserId();
      const entry = await makeEntry(database.db, userId);
      const before = await snapshot(database.db);
      expectProblem(await stopCall(userId, entry.id, { body: { end_time: endTime } }), 409);
      expect(await snapshot(database.db)).toEqual(before);
    },
  );

  it('returns 404 for a missing entry', async () => {
    const userId = newUserId();
    const entry = await makeEntry(database.db, userId, { startTime: secondsAgo(HOUR), endTime: null });
    await database.db.delete(timeEntries).where(eq(timeEntries.id, entry.id));
    expectProblem(await stopCall(userId, entry.id), 404);
    expectProblem(await stopCall(userId, 2147483647), 404);
  });

  it("returns 404 for another user's entry and leaves it running", async () => {
    const owner = newUserId();
    const started = await call(start, 'POST', { userId: owner });
    const completed = await makeEntry(database.db, owner);
    const intruder = newUserId();
    const before = await snapshot(database.db);

    const res = await stopCall(intruder, started.body.id);
    const problem = expectProblem(res, 404);
    expect(problem.active_entry).toBeUndefined();
    expect(res.text).not.toContain(String(owner));
    expectProblem(await stopCall(intruder, started.body.id, { body: { end_time: naive(Date.now()) } }), 404);
    expectProblem(await stopCall(intruder, completed.id), 404);

    expect(await snapshot(database.db)).toEqual(before);
    const stillRunning = await call(active, 'GET', { userId: owner });
    expect(stillRunning.body).toEqual(started.body);
  });

  it.each(['abc', '0', '-1', '1.5', '1e3', '2147483648', ''])('rejects the id %j with a 400', async (id) => {
    const userId = newUserId();
    const res = await stopCall(userId, id);
    const problem = expectProblem(res, 400);
    expect(problem.detail.length).toBeGreaterThan(0);
  });

  it('gives both of two concurrent stops the same end_time', async () => {
    const userId = newUserId();
    const startTime = secondsAgo(HOUR);
    const entry = await makeEntry(database.db, userId, { startTime, endTime: null });
    const results = await Promise.all([
      stopCall(userId, entry.id, { body: '' }),
      stopCall(userId, entry.id, { body: '' }),
    ]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    expect(results[0]!.body.end_time).not.toBeNull();
    expect(results[1]!.body.end_time).toBe(results[0]!.body.end_time);
    expect(results[1]!.body.total_earned).toBe(results[0]!.body.total_earned);
    const [row] = (await snapshot(database.db)).entries.filter((e) => e.id === entry.id);
    expect(naive(row!.endTime!.getTime())).toBe(results[0]!.body.end_time);
  });

  it('lets only one of two concurrent stops with different end_times win', async () => {
    const userId = newUserId();
    const startTime = secondsAgo(3 * HOUR);
    const entry = await makeEntry(database.db, userId, { startTime, endTime: null });
    const ends = [naive(startTime.getTime() + HOUR), naive(startTime.getTime() + 2 * HOUR)];
    const results = await Promise.all(
      ends.map((end_time) => stopCall(userId, entry.id, { body: { end_time } })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = results.find((r) => r.status === 200)!;
    expectProblem(results.find((r) => r.status === 409)!, 409);
    const [row] = (await snapshot(database.db)).entries.filter((e) => e.id === entry.id);
    expect(naive(row!.endTime!.getTime())).toBe(winner.body.end_time);
  });

  it('gives many concurrent stops one end_time', async () => {
    const userId = newUserId();
    const started = await call(start, 'POST', { userId });
    const results = await Promise.all(Array.from({ length: 6 }, () => stopCall(userId, started.body.id)));
    expect(results.map((r) => r.status)).toEqual(Array(6).fill(200));
    expect(new Set(results.map((r) => r.body.end_time)).size).toBe(1);
    expect(await activeRows(userId)).toHaveLength(0);
  });

  it('needs a token', async () => {
    const userId = newUserId();
    const entry = await makeEntry(database.db, userId, { startTime: secondsAgo(HOUR), endTime: null });
    const before = await snapshot(database.db);
    const res = await stopCall(undefined, entry.id);
    expectProblem(res, 401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await snapshot(database.db)).toEqual(before);
  });
});

describe('POST /sessions/start with start_time (a timer started late)', () => {
  // A fixed clock (Date only; the database keeps its own): 00:20:00.400 UTC, so
  // that a start 30 minutes back is on the previous UTC date.
  const NOW = Date.UTC(2026, 2, 10, 0, 20, 0) + 400;
  const NOW_S = NOW - 400;
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const startAt = (userId: number, body: Record<string, unknown>) => call(start, 'POST', { userId, body });

  it.each([
    ['naive UTC', naive(NOW_S - 15 * 60_000)],
    ['with Z and a fraction (truncated)', `${naive(NOW_S - 15 * 60_000)}.987Z`],
    ['with an offset', `${naive(NOW_S - 15 * 60_000 + 5.5 * HOUR)}+05:30`],
  ])('starts the timer 15 minutes ago (%s)', async (_, startTime) => {
    const userId = newUserId();
    const res = await startAt(userId, { start_time: startTime, notes: 'forgot to start' });
    const entry = expectEntry(res, 201);
    expect(entry).toMatchObject({
      start_time: naive(NOW_S - 15 * 60_000),
      end_time: null,
      date: '2026-03-10',
      notes: 'forgot to start',
    });
    const [row] = await activeRows(userId);
    expect(row!.startTime.getTime()).toBe(NOW_S - 15 * 60_000);
  });

  it("derives date from start_time in the user's timezone, or the body's", async () => {
    const thirtyAgo = naive(NOW_S - 30 * 60_000); // 2026-03-09T23:50:00 UTC
    const utcUser = newUserId();
    expect((await startAt(utcUser, { start_time: thirtyAgo })).body.date).toBe('2026-03-09');

    const berlin = newUserId();
    await makeSettings(database.db, berlin, { timezone: 'Europe/Berlin' }); // 00:50 local
    expect((await startAt(berlin, { start_time: thirtyAgo })).body.date).toBe('2026-03-10');

    const override = newUserId();
    await makeSettings(database.db, override, { timezone: 'UTC+1' });
    const res = await startAt(override, { start_time: thirtyAgo, timezone: 'America/New_York' });
    expect(res.body.date).toBe('2026-03-09'); // 18:50 local
  });

  it(`accepts exactly ${MAX_LATE_START_DAYS} days back and refuses a second more`, async () => {
    const limit = NOW_S - MAX_LATE_START_DAYS * DAY;
    const userId = newUserId();
    const ok = await startAt(userId, { start_time: naive(limit) });
    expect(expectEntry(ok, 201).start_time).toBe(naive(limit));

    const other = newUserId();
    const before = await snapshot(database.db);
    const res = await startAt(other, { start_time: naive(limit - 1000) });
    const problem = expectValidation(res, ['start_time']);
    expect(problem.errors![0]!.message).toContain(`${MAX_LATE_START_DAYS} days`);
    expect(await snapshot(database.db)).toEqual(before);
  });

  it(`takes a start up to ${CLOCK_TOLERANCE_SECONDS} s ahead (another clock) as now, and refuses one further ahead`, async () => {
    const userId = newUserId();
    const ahead = await startAt(userId, { start_time: naive(NOW_S + CLOCK_TOLERANCE_SECONDS * 1000) });
    expect(expectEntry(ahead, 201).start_time).toBe(naive(NOW_S));

    const other = newUserId();
    const before = await snapshot(database.db);
    const res = await startAt(other, { start_time: naive(NOW_S + (CLOCK_TOLERANCE_SECONDS + 1) * 1000) });
    const problem = expectValidation(res, ['start_time']);
    expect(problem.errors![0]!.message).toContain('future');
    expect(await snapshot(database.db)).toEqual(before);
  });

  it('starts now when start_time is null', async () => {
    const res = await startAt(newUserId(), { start_time: null });
    expect(expectEntry(res, 201).start_time).toBe(naive(NOW_S));
  });

  it.each([
    ['not a date-time', 'yesterday'],
    ['a number', 1_700_000_000],
    ['a date without a time', '2026-03-09'],
    ['an impossible date', '2026-02-30T10:00:00Z'],
  ])('rejects start_time that is %s with a 400 and starts nothing', async (_, value) => {
    const userId = newUserId();
    const before = await snapshot(database.db);
    expectValidation(await startAt(userId, { start_time: value }), ['start_time']);
    expect(await snapshot(database.db)).toEqual(before);
  });

  it('answers 409 with the running entry when a timer runs, and 400 first for a bad start_time', async () => {
    const userId = newUserId();
    const first = await startAt(userId, { start_time: naive(NOW_S - HOUR) });
    expect(first.status).toBe(201);
    const before = await snapshot(database.db);
    const second = await startAt(userId, { start_time: naive(NOW_S - 10 * 60_000) });
    const problem = expectProblem(second, 409);
    expect(timeEntrySchema.parse(problem.active_entry)).toEqual(first.body);
    expectValidation(await startAt(userId, { start_time: naive(NOW_S - 40 * DAY) }), ['start_time']);
    expect(await snapshot(database.db)).toEqual(before);
  });

  it('is counted from its start once stopped: list and stats', async () => {
    const userId = newUserId();
    const started = await startAt(userId, { start_time: naive(NOW_S - 15 * 60_000), hourly_rate: 60 });
    expect(started.status).toBe(201);
    // Stopped five minutes later: 20 minutes of work.
    vi.setSystemTime(NOW + 5 * 60_000);
    const stopped = await call(stop, 'POST', { userId, params: { entry_id: String(started.body.id) } });
    expect(stopped.status).toBe(200);
    expect(stopped.body).toMatchObject({
      start_time: naive(NOW_S - 15 * 60_000),
      end_time: naive(NOW_S + 5 * 60_000),
      total_hours: 0.33,
      total_earned: 20,
    });

    const list = await call(listEntries, 'GET', { userId });
    expect(list.status).toBe(200);
    expect(list.body).toEqual([stopped.body]);

    const stats = await call(getStats, 'GET', { userId });
    expect(stats.status).toBe(200);
    expect(statsSchema.parse(stats.body)).toMatchObject({
      total_hours_today: 0.33,
      total_earned_today: 20,
      total_hours_week: 0.33,
      total_hours_month: 0.33,
      unpaid_amount: 20,
    });
  });
});
