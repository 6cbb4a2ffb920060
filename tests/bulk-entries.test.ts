import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { POST as bulk } from '@/app/api/v1/time-tracking/entries/bulk/route';
import { GET as stats } from '@/app/api/v1/time-tracking/stats/route';
import { timeEntries } from '@/db/schema';
import { timeEntrySchema } from '@/lib/time-tracking/schemas';
import { expectEntry, expectProblem, expectValidation } from './helpers/assertions';
import { newUserId } from './helpers/auth';
import { snapshot, useTestDatabase } from './helpers/database';
import { makeSettings } from './helpers/factories';
import { type CallOptions, call } from './helpers/http';

const database = useTestDatabase();

const post = (userId: number, body: unknown, options: CallOptions = {}) =>
  call(bulk, 'POST', { userId, body, path: 'entries/bulk', ...options });

/** `count` valid completed entries, one a day, an hour each, going back from 2024-06-30. */
function items(count: number) {
  return Array.from({ length: count }, (_, i) => {
    const start = Date.parse('2024-06-30T09:00:00Z') - i * 86_400_000;
    return {
      start_time: new Date(start).toISOString(),
      end_time: new Date(start + 3_600_000).toISOString(),
      notes: `item ${i}`,
    };
  });
}

const countOf = async (userId: number) =>
  (await database.db.select().from(timeEntries).where(eq(timeEntries.userId, userId))).length;

describe('POST /entries/bulk', () => {
  it('creates completed entries: 201 with the entries in request order, defaults and derived dates as POST /entries', async () => {
    const userId = newUserId();
    await makeSettings(database.db, userId, { timezone: 'UTC-3', defaultHourlyRate: '42.5' });
    const res = await post(userId, {
      entries: [
        { start_time: '2024-01-22T02:00:00Z', end_time: '2024-01-22T03:20:00Z', notes: 'late night' },
        {
          start_time: '2024-01-23T09:00:00',
          end_time: '2024-01-23T17:00:00',
          hourly_rate: 50,
          payment_status: 'paid',
        },
        {
          start_time: '2024-01-20T09:00:00Z',
          end_time: '2024-01-20T09:30:00Z',
          hourly_rate: 2.01,
          date: null,
        },
      ],
    });
    expect(res.status, res.text).toBe(201);
    const created = (res.body as unknown[]).map((e) => timeEntrySchema.strict().parse(e));
    expect(
      created.map((e) => [e.date, e.total_hours, e.total_earned, e.hourly_rate, e.payment_status, e.notes]),
    ).toEqual([
      ['2024-01-21', 1.33, 56.67, 42.5, 'not_paid', 'late night'],
      ['2024-01-23', 8, 400, 50, 'paid', null],
      ['2024-01-20', 0.5, 1.01, 2.01, 'not_paid', null],
    ]);
    expect(created[0]!.id).toBeLessThan(created[1]!.id);
    expect(await countOf(userId)).toBe(3);
  });

  it('accepts 1,000 entries and refuses 1,001 and an empty array', async () => {
    const userId = newUserId();
    const res = await post(userId, { entries: items(1000) });
    expect(res.status, res.text.slice(0, 300)).toBe(201);
    expect(res.body).toHaveLength(1000);
    expect((res.body as { notes: string }[]).map((e) => e.notes)).toEqual(items(1000).map((e) => e.notes));
    expectValidation(await post(userId, { entries: items(1001) }), ['entries']);
    expectValidation(await post(userId, { entries: [] }), ['entries']);
    expectValidation(await post(userId, {}), ['entries']);
    expectValidation(await post(userId, { entries: 'many' }), ['entries']);
    expect(await countOf(userId)).toBe(1000);
  });

  it('names the item and field of schema errors: entries.17.end_time', async () => {
    const userId = newUserId();
    const entries: unknown[] = items(20);
    entries[17] = { ...(entries[17] as object), end_time: 'tomorrow' };
    entries[3] = { ...(entries[3] as object), hourly_rate: '50' };
    expectValidation(await post(userId, { entries }), ['entries.17.end_time', 'entries.3.hourly_rate']);
    expect(await countOf(userId)).toBe(0);
  });

  it('names the item and field of the domain checks, for every failing item', async () => {
    const userId = newUserId();
    const entries: Record<string, unknown>[] = items(30);
    entries[17] = { start_time: '2024-01-22T10:00:00Z', end_time: '2024-01-22T09:00:00Z' };
    entries[20] = { start_time: '2024-01-01T00:00:00Z', end_time: '2024-02-15T00:00:00Z' };
    entries[21] = { start_time: '2024-01-22T10:00:00Z' };
    entries[22] = { start_time: '2024-01-22T10:00:00Z', end_time: null };
    entries[23] = {
      start_time: '2024-01-22T10:00:00Z',
      end_time: '2024-01-22T11:00:00Z',
      date: '2024-03-01',
    };
    const problem = expectValidation(await post(userId, { entries }), [
      'entries.17.end_time',
      'entries.20.end_time',
      'entries.21.end_time',
      'entries.22.end_time',
      'entries.23.date',
    ]);
    expect(problem.errors!.find((e) => e.path === 'entries.21.end_time')!.message).toBe(
      'bulk-created entries must be completed',
    );
    expect(problem.errors!.find((e) => e.path === 'entries.17.end_time')!.message).toBe(
      'must be after start_time',
    );
    expect(await countOf(userId)).toBe(0);
  });

  it('lists at most 100 errors for 1,000 bad items', async () => {
    const userId = newUserId();
    const entries = items(1000).map((e) => ({ start_time: e.start_time }));
    const problem = expectProblem(await post(userId, { entries }), 400);
    expect(problem.errors).toHaveLength(100);
    expect(problem.detail).toContain('1000 invalid fields');
  });

  it('is all or nothing: a failure at item 999 creates nothing and changes no totals', async () => {
    const userId = newUserId();
    await post(userId, { entries: items(5) });
    const before = await snapshot(database.db);
    const statsBefore = await call(stats, 'GET', { userId, path: 'stats' });
    const entries: Record<string, unknown>[] = items(1000);
    entries[999] = { ...entries[999], end_time: entries[999]!.start_time };
    expectValidation(await post(userId, { entries }), ['entries.999.end_time']);
    expect(await snapshot(database.db)).toEqual(before);
    const statsAfter = await call(stats, 'GET', { userId, path: 'stats' });
    expect(statsAfter.body).toEqual(statsBefore.body);
    expect(await countOf(userId)).toBe(5);
  });

  it('replays an Idempotency-Key: the same 201 body, inserted once', async () => {
    const userId = newUserId();
    const body = { entries: items(3) };
    const headers = { 'Idempotency-Key': 'import-batch-1' };
    const first = await post(userId, body, { headers });
    expect(first.status).toBe(201);
    const again = await post(userId, body, { headers });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await countOf(userId)).toBe(3);
    for (const entry of first.body as unknown[])
      expectEntry({ status: 201, headers: first.headers, body: entry, text: '' }, 201);
  });

  it('413 for a body over its 4 MiB cap, telling to split the batch; 400 for bad JSON; 401 without a token', async () => {
    const userId = newUserId();
    const entries = items(1000).map((e) => ({ ...e, notes: 'x'.repeat(5000) }));
    const problem = expectProblem(await post(userId, { entries }), 413);
    expect(problem.detail).toContain('4 MiB');
    expect(problem.detail).toContain('split');
    expect(await countOf(userId)).toBe(0);
    // Well over the 64 KiB of the other operations, well under the cap.
    const large = items(100).map((e) => ({ ...e, notes: 'y'.repeat(2000) }));
    expect((await post(userId, { entries: large })).status).toBe(201);
    expectProblem(await post(userId, '{"entries": ['), 400);
    expectProblem(await post(userId, { entries: items(1) }, { userId: undefined, token: null }), 401);
  });
});
