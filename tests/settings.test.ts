import { describe, expect, it } from 'vitest';
import { POST as createEntry } from '@/app/api/v1/time-tracking/entries/route';
import { GET, PUT } from '@/app/api/v1/time-tracking/settings/route';
import { problemSchema, settingsSchema } from '@/lib/time-tracking/schemas';
import { newUserId } from './helpers/auth';
import { snapshot, useTestDatabase } from './helpers/database';
import { makeSettings } from './helpers/factories';
import { call } from './helpers/http';

const database = useTestDatabase();

describe('GET /settings', () => {
  it('creates the defaults on first access', async () => {
    const userId = newUserId();
    const res = await call(GET, 'GET', { userId, query: '_t=1700000000000' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(settingsSchema.strict().parse(res.body)).toEqual({
      default_hourly_rate: 50,
      currency: 'USD',
      timezone: 'UTC',
    });
    const after = await snapshot(database.db);
    expect(after.settings.filter((s) => s.userId === userId)).toHaveLength(1);
  });

  it('returns saved settings unchanged', async () => {
    const userId = newUserId();
    await makeSettings(database.db, userId, {
      defaultHourlyRate: '72.1250',
      currency: 'EUR',
      timezone: 'UTC-3',
    });
    const res = await call(GET, 'GET', { userId });
    expect(res.body).toEqual({ default_hourly_rate: 72.125, currency: 'EUR', timezone: 'UTC-3' });
  });

  it('is safe under concurrent first requests', async () => {
    const userId = newUserId();
    const results = await Promise.all(Array.from({ length: 8 }, () => call(GET, 'GET', { userId })));
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(200));
    const rows = (await snapshot(database.db)).settings.filter((s) => s.userId === userId);
    expect(rows).toHaveLength(1);
  });

  it('needs a token', async () => {
    const res = await call(GET, 'GET');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    problemSchema.parse(res.body);
  });
});

describe('PUT /settings', () => {
  it('changes any subset and returns the full settings', async () => {
    const userId = newUserId();
    let res = await call(PUT, 'PUT', { userId, body: { currency: 'eur' } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ default_hourly_rate: 50, currency: 'EUR', timezone: 'UTC' });

    res = await call(PUT, 'PUT', {
      userId,
      body: { default_hourly_rate: 0.1234, timezone: 'America/New_York' },
    });
    expect(res.body).toEqual({ default_hourly_rate: 0.1234, currency: 'EUR', timezone: 'America/New_York' });

    res = await call(PUT, 'PUT', { userId, body: { timezone: 'UTC+05:30', default_hourly_rate: 0 } });
    expect(res.body).toEqual({ default_hourly_rate: 0, currency: 'EUR', timezone: 'UTC+05:30' });

    expect((await call(GET, 'GET', { userId })).body).toEqual(res.body);
  });

  it('ignores unknown and read-only fields, and treats an empty body as {}', async () => {
    const userId = newUserId();
    const res = await call(PUT, 'PUT', { userId, body: { user_id: 1, theme: 'dark', currency: 'GBP' } });
    expect(res.body).toEqual({ default_hourly_rate: 50, currency: 'GBP', timezone: 'UTC' });
    const empty = await call(PUT, 'PUT', { userId, body: '' });
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual(res.body);
  });

  it.each([
    [{ default_hourly_rate: -1 }, 'default_hourly_rate'],
    [{ default_hourly_rate: '50' }, 'default_hourly_rate'],
    [{ default_hourly_rate: 1.23456 }, 'default_hourly_rate'],
    [{ default_hourly_rate: null }, 'default_hourly_rate'],
    [{ currency: 'ZZZ' }, 'currency'],
    [{ currency: 'dollars' }, 'currency'],
    [{ timezone: 'UTC+15' }, 'timezone'],
    [{ timezone: 'UTC+5:20' }, 'timezone'],
    [{ timezone: 'Mars/Olympus' }, 'timezone'],
    [{ timezone: '+05:30' }, 'timezone'],
  ])('rejects %j with a 400 naming %s and changes nothing', async (body, path) => {
    const userId = newUserId();
    await makeSettings(database.db, userId, { currency: 'CAD' });
    const before = await snapshot(database.db);
    const res = await call(PUT, 'PUT', { userId, body });
    expect(res.status).toBe(400);
    const problem = problemSchema.parse(res.body);
    expect(problem.errors?.map((e) => e.path)).toEqual([path]);
    expect(problem.detail).toContain(path);
    expect(await snapshot(database.db)).toEqual(before);
  });

  it('rejects a body that is not a JSON object', async () => {
    const userId = newUserId();
    for (const body of ['[1]', '"x"', 'null', '{"currency":']) {
      const res = await call(PUT, 'PUT', { userId, body, headers: { 'content-type': 'application/json' } });
      expect(res.status, body).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    }
  });
});

describe('X-Settings-Saved', () => {
  const saved = async (userId: number) =>
    (await call(GET, 'GET', { userId })).headers.get('x-settings-saved');

  it('is false while the settings are the defaults a first GET stored, and true once any PUT saved them', async () => {
    const userId = newUserId();
    expect(await saved(userId)).toBe('false');
    expect(await saved(userId)).toBe('false');
    expect((await call(PUT, 'PUT', { userId, body: { currency: 'EUR' } })).status).toBe(200);
    expect(await saved(userId)).toBe('true');
  });

  it('becomes true on a PUT that changes nothing (the user accepted the defaults), without a change of values', async () => {
    const userId = newUserId();
    const before = await call(GET, 'GET', { userId });
    expect(before.headers.get('x-settings-saved')).toBe('false');
    const res = await call(PUT, 'PUT', { userId, body: {} });
    expect(res.body).toEqual(before.body);
    expect(await saved(userId)).toBe('true');
  });

  it('is true after a first PUT without any GET before it', async () => {
    const userId = newUserId();
    expect((await call(PUT, 'PUT', { userId, body: { timezone: 'UTC-3' } })).status).toBe(200);
    expect(await saved(userId)).toBe('true');
  });

  it('does not answer an unauthenticated request', async () => {
    const res = await call(GET, 'GET');
    expect(res.status).toBe(401);
    expect(res.headers.get('x-settings-saved')).toBeNull();
  });
});

// The existing frontend's settings dialog offers UTC-12 … UTC+0 … UTC+12 and
// UTC+5:30; wherever settings carry no timezone it assumes UTC-3.
describe("every timezone the existing frontend's dialog offers", () => {
  const offered = [
    ...Array.from({ length: 12 }, (_, i) => [`UTC-${12 - i}`, -(12 - i) * 60] as const),
    ['UTC+0', 0] as const,
    ...Array.from({ length: 12 }, (_, i) => [`UTC+${i + 1}`, (i + 1) * 60] as const),
    ['UTC+5:30', 330] as const,
  ];

  it.each(offered)('accepts %s, returns it as given, and dates entries by it', async (timezone, minutes) => {
    const userId = newUserId();
    const res = await call(PUT, 'PUT', { userId, body: { timezone } });
    expect(res.status).toBe(200);
    expect((res.body as { timezone: string }).timezone).toBe(timezone);

    // 11:45Z on Jan 1 is 23:45 on Dec 31 in UTC-12, and Jan 1 from UTC-11 (00:45) to UTC+12 (23:45).
    const start = Date.UTC(2024, 0, 1, 11, 45);
    const local = new Date(start + minutes * 60_000);
    const expected = local.toISOString().slice(0, 10);
    const created = await call(createEntry, 'POST', {
      userId,
      path: 'entries',
      body: { start_time: '2024-01-01T11:45:00Z', end_time: '2024-01-01T12:45:00Z' },
    });
    expect(created.status).toBe(201);
    expect((created.body as { date: string }).date).toBe(expected);
  });

  it('treats UTC+0 exactly as UTC', async () => {
    const [plus, utc] = [newUserId(), newUserId()];
    await call(PUT, 'PUT', { userId: plus, body: { timezone: 'UTC+0' } });
    await call(PUT, 'PUT', { userId: utc, body: { timezone: 'UTC' } });
    const body = { start_time: '2024-01-01T23:59:59Z', end_time: '2024-01-02T00:30:00Z' };
    const a = await call(createEntry, 'POST', { userId: plus, path: 'entries', body });
    const b = await call(createEntry, 'POST', { userId: utc, path: 'entries', body });
    expect((a.body as { date: string }).date).toBe('2024-01-01');
    expect((b.body as { date: string }).date).toBe('2024-01-01');
  });
});
