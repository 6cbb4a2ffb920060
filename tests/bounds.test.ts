// Issue 12, item 6: every stored instant and derived date stays inside years
// 1900–9999, an explicit stop is not in the future, and every amount the API
// sends is exact. Each case gave a 500, a row that could not be sent back, or a
// number that was not the stored one before.
import { describe, expect, it } from 'vitest';
import { GET as getEntry, PUT as update } from '@/app/api/v1/time-tracking/entries/[entry_id]/route';
import { POST as create, GET as list } from '@/app/api/v1/time-tracking/entries/route';
import { POST as stop } from '@/app/api/v1/time-tracking/sessions/[entry_id]/stop/route';
import { POST as start } from '@/app/api/v1/time-tracking/sessions/start/route';
import { MAX_EXACT_AMOUNT } from '@/lib/time-tracking/constants';
import { expectProblem } from './helpers/assertions';
import { newUserId } from './helpers/auth';
import { snapshot, useTestDatabase } from './helpers/database';
import { makeEntry, makeSettings } from './helpers/factories';
import { call } from './helpers/http';

const database = useTestDatabase();

const entryPath = (id: number) => ({ path: `entries/${id}`, params: { entry_id: String(id) } });
const stopPath = (id: number) => ({ path: `sessions/${id}/stop`, params: { entry_id: String(id) } });
const naive = (ms: number) => new Date(ms).toISOString().slice(0, 19);

function expectInvalid(res: { status: number; body: unknown; headers: Headers }, path: string) {
  expectProblem(res, 400);
  expect((res.body as { errors: { path: string }[] }).errors.map((e) => e.path)).toContain(path);
}

describe('instants at the end of the range', () => {
  it('a running timer cannot start at the last supported second, since it could never be stopped', async () => {
    const userId = newUserId();
    const before = await snapshot(database.db);
    const res = await call(create, 'POST', { userId, body: { start_time: '9999-12-31T23:59:59Z' } });
    expectInvalid(res, 'start_time');
    expect(await snapshot(database.db)).toEqual(before);
  });

  it('a timer started a second earlier stops at the last second, and the next timer starts', async () => {
    const userId = newUserId();
    const created = await call(create, 'POST', { userId, body: { start_time: '9999-12-31T23:59:58Z' } });
    expect(created.status).toBe(201);
    const stopped = await call(stop, 'POST', { userId, ...stopPath(created.body.id) });
    expect(stopped.status, stopped.text).toBe(200);
    expect(stopped.body).toMatchObject({ end_time: '9999-12-31T23:59:59', date: '9999-12-31' });
    expect((await call(start, 'POST', { userId })).status).toBe(201);
  });

  it('a stored timer at the last second (made before this check) gets a 400 on stop, not a 500', async () => {
    const userId = newUserId();
    const row = await makeEntry(database.db, userId, {
      date: '9999-12-31',
      startTime: new Date('9999-12-31T23:59:59Z'),
      endTime: null,
    });
    const res = await call(stop, 'POST', { userId, ...stopPath(row.id) });
    expectInvalid(res, 'end_time');
    expect(res.body.detail).toMatch(/change its start_time or delete it/);
  });

  it('reopening (end_time: null) an entry that starts at the last second is a 400', async () => {
    const userId = newUserId();
    const row = await makeEntry(database.db, userId, {
      date: '9999-12-31',
      startTime: new Date('9999-12-31T23:59:58Z'),
      endTime: new Date('9999-12-31T23:59:59Z'),
    });
    const moved = await call(update, 'PUT', {
      userId,
      ...entryPath(row.id),
      body: { start_time: '9999-12-31T23:59:59Z', end_time: null },
    });
    expectInvalid(moved, 'start_time');
  });
});

describe('dates shifted by the zone', () => {
  for (const [timezone, startTime, endTime, shifted] of [
    ['UTC+14', '9999-12-31T12:00:00Z', '9999-12-31T13:00:00Z', '10000-01-01'],
    ['UTC-3', '1900-01-01T01:00:00Z', '1900-01-01T02:00:00Z', '1899-12-31'],
    ['Pacific/Kiritimati', '9999-12-31T11:00:00Z', null, '10000-01-01'],
  ] as const) {
    it(`an entry whose local date in ${timezone} would be ${shifted} is a 400 at create`, async () => {
      const userId = newUserId();
      await makeSettings(database.db, userId, { timezone });
      const before = await snapshot(database.db);
      const res = await call(create, 'POST', {
        userId,
        body: { start_time: startTime, end_time: endTime },
      });
      expectInvalid(res, 'start_time');
      expect(res.body.detail).toContain(shifted);
      expect(await snapshot(database.db)).toEqual(before);
    });
  }

  it('with an explicit date inside the range it is accepted, and sending it back unchanged is a 200', async () => {
    const userId = newUserId();
    await makeSettings(database.db, userId, { timezone: 'UTC+14' });
    const body = { start_time: '9999-12-31T12:00:00Z', end_time: '9999-12-31T13:00:00Z', date: '9999-12-31' };
    const created = await call(create, 'POST', { userId, body });
    expect(created.status, created.text).toBe(201);
    const again = await call(update, 'PUT', { userId, ...entryPath(created.body.id), body: created.body });
    expect(again.status, again.text).toBe(200);
    expect(again.body.date).toBe('9999-12-31');
  });

  it('moving start_time so that the derived date leaves the range is a 400', async () => {
    const userId = newUserId();
    await makeSettings(database.db, userId, { timezone: 'UTC-3' });
    const row = await makeEntry(database.db, userId, {
      date: '1900-01-01',
      startTime: new Date('1900-01-01T05:00:00Z'),
      endTime: new Date('1900-01-01T06:00:00Z'),
    });
    const res = await call(update, 'PUT', {
      userId,
      ...entryPath(row.id),
      body: { start_time: '1900-01-01T01:00:00Z' },
    });
    expectInvalid(res, 'start_time');
  });
});

describe('an explicit stop end_time', () => {
  it('may not be in the future (beyond the clock tolerance)', async () => {
    const userId = newUserId();
    const created = await call(create, 'POST', {
      userId,
      body: { start_time: naive(Date.now() - 3_600_000) },
    });
    for (const end of ['9999-12-31T23:59:59Z', naive(Date.now() + 60_000)]) {
      const res = await call(stop, 'POST', { userId, ...stopPath(created.body.id), body: { end_time: end } });
      expectInvalid(res, 'end_time');
    }
    const soon = naive(Date.now() + 2000);
    const res = await call(stop, 'POST', { userId, ...stopPath(created.body.id), body: { end_time: soon } });
    expect(res.status, res.text).toBe(200);
    expect(res.body.end_time).toBe(soon);
  });
});

describe('amounts', () => {
  it('a timer from 1900 stopped in year 9999 is refused; stopped now, its earnings are exact everywhere', async () => {
    const userId = newUserId();
    await makeSettings(database.db, userId, { defaultHourlyRate: '999.9999' });
    const created = await call(create, 'POST', { userId, body: { start_time: '1900-01-01T00:00:00Z' } });
    expect(created.status).toBe(201);
    const far = await call(stop, 'POST', {
      userId,
      ...stopPath(created.body.id),
      body: { end_time: '9999-12-31T23:59:59Z' },
    });
    expectInvalid(far, 'end_time');

    const stopped = await call(stop, 'POST', { userId, ...stopPath(created.body.id) });
    expect(stopped.status, stopped.text).toBe(200);
    const earned = stopped.body.total_earned as number;
    expect(earned).toBeGreaterThan(1e9);
    expect(earned).toBeLessThan(MAX_EXACT_AMOUNT);
    const fetched = await call(getEntry, 'GET', { userId, ...entryPath(created.body.id) });
    const listed = await call(list, 'GET', { userId, path: 'entries' });
    // The list is JSON written by Postgres: its text is the stored decimal.
    const stored = /"total_earned":([0-9.]+)/.exec(listed.text)?.[1];
    expect(String(fetched.body.total_earned)).toBe(stored);
    expect(String(earned)).toBe(stored);
  });

  it('an entry that would earn MAX_EXACT_AMOUNT or more is a 400 at stop and at update (31 days at the top rate stay below it)', async () => {
    const userId = newUserId();
    await makeSettings(database.db, userId, { defaultHourlyRate: '1000000000' });
    const timer = await call(create, 'POST', { userId, body: { start_time: '1900-01-01T00:00:00Z' } });
    expect(timer.status).toBe(201);
    const before = await snapshot(database.db);
    expectInvalid(await call(stop, 'POST', { userId, ...stopPath(timer.body.id) }), 'end_time');
    expect(await snapshot(database.db)).toEqual(before);

    // A long stopped timer at a modest rate: raising the rate past the bound is a 400, a notes edit is fine.
    const row = await makeEntry(database.db, userId, {
      date: '1900-01-01',
      startTime: new Date('1900-01-01T00:00:00Z'),
      endTime: new Date('2000-01-01T00:00:00Z'),
      hourlyRate: '10',
    });
    expectInvalid(
      await call(update, 'PUT', { userId, ...entryPath(row.id), body: { hourly_rate: 1_000_000_000 } }),
      'end_time',
    );
    const notes = await call(update, 'PUT', {
      userId,
      ...entryPath(row.id),
      body: { notes: 'x', hourly_rate: 10 },
    });
    expect(notes.status, notes.text).toBe(200);

    // 31 days at the highest rate stays below the bound: a hand-made entry is never refused for it.
    const month = await call(create, 'POST', {
      userId,
      body: {
        start_time: '2024-01-01T00:00:00Z',
        end_time: '2024-02-01T00:00:00Z',
        hourly_rate: 1_000_000_000,
      },
    });
    expect(month.status, month.text).toBe(201);
    expect(month.body.total_earned).toBe(744_000_000_000);
  });
});
