// Idempotency-Key on the POSTs that create or change entries (lib/http/idempotency.ts),
// through the exported route handlers, on PGlite and on Postgres.
import { and, eq, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { POST as batch } from '@/app/api/v1/time-tracking/batch-update-payment-status/route';
import { GET as getEntry } from '@/app/api/v1/time-tracking/entries/[entry_id]/route';
import { POST as createEntry } from '@/app/api/v1/time-tracking/entries/route';
import { POST as stop } from '@/app/api/v1/time-tracking/sessions/[entry_id]/stop/route';
import { POST as start } from '@/app/api/v1/time-tracking/sessions/start/route';
import { timeEntries } from '@/db/schema';
import { expectProblem as expectAnyProblem } from './helpers/assertions';
import { newUserId } from './helpers/auth';
import { useTestDatabase, usingPostgres } from './helpers/database';
import { makeEntry } from './helpers/factories';
import { call } from './helpers/http';

const database = useTestDatabase();

const ENTRY = {
  start_time: '2024-03-04T09:00:00Z',
  end_time: '2024-03-04T10:30:00Z',
  hourly_rate: 40,
  notes: 'retried',
};

const create = (userId: number, key: string | undefined, body: unknown = ENTRY) =>
  call(createEntry, 'POST', {
    userId,
    body,
    path: 'entries',
    headers: key === undefined ? {} : { 'Idempotency-Key': key },
  });

const entriesOf = (userId: number) =>
  database.db.select().from(timeEntries).where(eq(timeEntries.userId, userId));

async function storedKeys(userId?: number) {
  const rows = await database.db.execute(
    userId === undefined
      ? sql`select user_id, key, created_at from idempotency_keys`
      : sql`select user_id, key, created_at from idempotency_keys where user_id = ${userId}`,
  );
  return (Array.isArray(rows) ? rows : (rows as unknown as { rows: unknown[] }).rows) as {
    user_id: number;
    key: string;
  }[];
}

function expectProblem(res: Parameters<typeof expectAnyProblem>[0], status: number, code: string) {
  expect(expectAnyProblem(res, status).code).toBe(code);
}

afterEach(() => {
  vi.useRealTimers();
});

describe('Idempotency-Key on POST /entries', () => {
  it('replays the stored status and body, with Idempotent-Replayed, and creates one entry', async () => {
    const userId = newUserId();
    const first = await create(userId, 'create-1');
    expect(first.status, first.text).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();

    const again = await create(userId, 'create-1');
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.headers.get('content-type')).toContain('application/json');
    expect(again.headers.get('cache-control')).toBe('no-store');
    expect(again.text).toBe(first.text);
    expect(await entriesOf(userId)).toHaveLength(1);

    // Without a key the same body is a new request, as before.
    expect((await create(userId, undefined)).status).toBe(201);
    expect(await entriesOf(userId)).toHaveLength(2);
  });

  it('takes the key bare or as a structured-field string, and ignores the query string', async () => {
    const userId = newUserId();
    const first = await create(userId, 'k-quoted');
    const quoted = await call(createEntry, 'POST', {
      userId,
      body: ENTRY,
      path: 'entries',
      query: '_t=1700000000000',
      headers: { 'Idempotency-Key': '"k-quoted"' },
    });
    expect(quoted.status).toBe(201);
    expect(quoted.headers.get('idempotent-replayed')).toBe('true');
    expect(quoted.body.id).toBe(first.body.id);
    expect(await entriesOf(userId)).toHaveLength(1);
  });

  it('answers 422 for the same key with another body or on another path, and changes nothing', async () => {
    const userId = newUserId();
    expect((await create(userId, 'k-reused')).status).toBe(201);

    const otherBody = await create(userId, 'k-reused', { ...ENTRY, notes: 'different' });
    expectProblem(otherBody, 422, 'idempotency_key_reused');
    // The bytes count: the same JSON with other spacing is another request.
    const respaced = await create(userId, 'k-reused', JSON.stringify(ENTRY, null, 2));
    expectProblem(respaced, 422, 'idempotency_key_reused');
    const otherPath = await call(start, 'POST', {
      userId,
      body: ENTRY,
      path: 'sessions/start',
      headers: { 'Idempotency-Key': 'k-reused' },
    });
    expectProblem(otherPath, 422, 'idempotency_key_reused');
    expect(await entriesOf(userId)).toHaveLength(1);
  });

  it.each([
    ['256 characters', 'k'.repeat(256)],
    ['empty', ''],
    ['an empty quoted string', '""'],
    ['a control character', 'a\u0001b'],
    ['a non-ASCII character', 'clé'],
  ])('answers 400 for a key that is %s, before anything runs', async (_, key) => {
    const userId = newUserId();
    const headers = new Headers();
    // Headers refuses some of these byte strings itself; those never reach a server either.
    try {
      headers.set('Idempotency-Key', key);
    } catch {
      return;
    }
    const res = await create(userId, key);
    expectProblem(res, 400, 'validation_failed');
    expect(res.body.errors?.[0]?.path).toBe('Idempotency-Key');
    expect(await entriesOf(userId)).toHaveLength(0);
    expect(await storedKeys(userId)).toHaveLength(0);
  });

  it('accepts a key of exactly 255 printable characters', async () => {
    const userId = newUserId();
    const key = `${'a'.repeat(200)} ~!@#$%^&*()${'z'.repeat(43)}`;
    expect(key).toHaveLength(255);
    expect((await create(userId, key)).status).toBe(201);
    expect((await create(userId, key)).headers.get('idempotent-replayed')).toBe('true');
  });

  it('keeps keys per user: the same key and body of another user runs for that user', async () => {
    const alice = newUserId();
    const bob = newUserId();
    const mine = await create(alice, 'shared-key');
    const theirs = await create(bob, 'shared-key');
    expect(theirs.status).toBe(201);
    expect(theirs.headers.get('idempotent-replayed')).toBeNull();
    expect(theirs.body.user_id).toBe(bob);
    expect(theirs.body.id).not.toBe(mine.body.id);
    expect(await entriesOf(alice)).toHaveLength(1);
    expect(await entriesOf(bob)).toHaveLength(1);
  });

  it('stores no failure: a 4xx with a key leaves the key free, and the retry runs', async () => {
    const userId = newUserId();
    const invalid = await create(userId, 'after-400', { ...ENTRY, end_time: ENTRY.start_time });
    expectProblem(invalid, 400, 'validation_failed');
    expect(await storedKeys(userId)).toHaveLength(0);
    // Not a 422: the failed request left nothing behind.
    expect((await create(userId, 'after-400')).status).toBe(201);

    const running = await makeEntry(database.db, userId, { endTime: null, date: '2024-03-05' });
    const conflict = await call(start, 'POST', { userId, headers: { 'Idempotency-Key': 'after-409' } });
    expectProblem(conflict, 409, 'conflict');
    await database.db.update(timeEntries).set({ endTime: new Date() }).where(eq(timeEntries.id, running.id));
    const retried = await call(start, 'POST', { userId, headers: { 'Idempotency-Key': 'after-409' } });
    expect(retried.status, retried.text).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
  });
});

describe('Idempotency-Key on the other POSTs', () => {
  it('replays a timer start and a stop without starting or stopping again', async () => {
    const userId = newUserId();
    const started = await call(start, 'POST', { userId, headers: { 'Idempotency-Key': 'start-1' } });
    expect(started.status, started.text).toBe(201);
    const replayedStart = await call(start, 'POST', { userId, headers: { 'Idempotency-Key': 'start-1' } });
    expect(replayedStart.status).toBe(201);
    expect(replayedStart.headers.get('idempotent-replayed')).toBe('true');
    expect(replayedStart.text).toBe(started.text);

    const id = started.body.id as number;
    const stopOnce = () =>
      call(stop, 'POST', {
        userId,
        params: { entry_id: String(id) },
        path: `sessions/${id}/stop`,
        headers: { 'Idempotency-Key': 'stop-1' },
      });
    const stopped = await stopOnce();
    expect(stopped.status, stopped.text).toBe(200);
    const replayedStop = await stopOnce();
    expect(replayedStop.headers.get('idempotent-replayed')).toBe('true');
    expect(replayedStop.text).toBe(stopped.text);
    expect(await entriesOf(userId)).toHaveLength(1);
  });

  it('replays a batch update without applying it again', async () => {
    const userId = newUserId();
    const entry = await makeEntry(database.db, userId);
    const paid = { entry_ids: [entry.id], payment_status: 'paid' };
    const send = (body: unknown, key?: string) =>
      call(batch, 'POST', { userId, body, headers: key ? { 'Idempotency-Key': key } : {} });
    const first = await send(paid, 'batch-1');
    expect(first.status, first.text).toBe(200);
    expect((await send({ ...paid, payment_status: 'not_paid' })).status).toBe(200);

    const replayed = await send(paid, 'batch-1');
    expect(replayed.status).toBe(200);
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    expect(replayed.text).toBe(first.text);
    const now = await call(getEntry, 'GET', { userId, params: { entry_id: String(entry.id) } });
    expect(now.body.payment_status).toBe('not_paid');
  });
});

describe('Idempotency-Key expiry', () => {
  it('counts a key for 24 hours; later a stored key is replaced, and expired keys are purged', async () => {
    const alice = newUserId();
    const bob = newUserId();
    const realNow = Date.now();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(realNow - 25 * 3_600_000);
    const old = await create(alice, 'old-key');
    expect(old.status).toBe(201);
    expect((await create(bob, 'bobs-old-key')).status).toBe(201);
    vi.setSystemTime(realNow - 23 * 3_600_000);
    expect((await create(alice, 'recent-key')).status).toBe(201);
    vi.setSystemTime(realNow);

    // 23 hours on: still replayed.
    expect((await create(alice, 'recent-key')).headers.get('idempotent-replayed')).toBe('true');
    // 25 hours on: the key no longer counts, so the request runs again (a new entry).
    const renewed = await create(alice, 'old-key');
    expect(renewed.status).toBe(201);
    expect(renewed.headers.get('idempotent-replayed')).toBeNull();
    expect(renewed.body.id).not.toBe(old.body.id);
    // That insert purged the other expired key (another user's) and kept the rest.
    expect((await storedKeys(bob)).map((r) => r.key)).toEqual([]);
    expect((await storedKeys(alice)).map((r) => r.key).sort()).toEqual(['old-key', 'recent-key']);
  });
});

describe.skipIf(!usingPostgres)('Idempotency-Key while the first request still runs (Postgres)', () => {
  it('answers a second request with the same key 409 with Retry-After, then replays the first', async () => {
    const userId = newUserId();
    const send = () => call(start, 'POST', { userId, headers: { 'Idempotency-Key': 'slow-start' } });
    let first: Promise<Awaited<ReturnType<typeof send>>> | undefined;
    // An uncommitted running entry of this user makes the first start wait on the
    // one-running-timer index, holding its key, until this transaction rolls back.
    await database.db
      .transaction(async (tx) => {
        const [blocker] = await tx
          .insert(timeEntries)
          .values({ userId, date: '2024-03-04', startTime: new Date(), hourlyRate: '1' })
          .returning();
        first = send();
        for (let i = 0; i < 100; i++) {
          const waiting = await database.db.execute(
            sql`select 1 from pg_locks where locktype = 'advisory' and granted and objsubid = 2`,
          );
          if ((waiting as unknown as unknown[]).length > 0) break;
          await new Promise((r) => setTimeout(r, 20));
        }
        const second = await send();
        expectProblem(second, 409, 'idempotency_key_in_use');
        expect(second.headers.get('retry-after')).toBe('1');
        expect(blocker).toBeDefined();
        throw new Error('rollback');
      })
      .catch((error: Error) => {
        if (error.message !== 'rollback') throw error;
      });
    const answered = await first!;
    expect(answered.status, answered.text).toBe(201);
    const retried = await send();
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect(retried.text).toBe(answered.text);
    expect(
      await database.db
        .select()
        .from(timeEntries)
        .where(and(eq(timeEntries.userId, userId))),
    ).toHaveLength(1);
  });
});
