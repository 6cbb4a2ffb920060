import type postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TimeEntry } from '@/lib/time-tracking/schemas';
import { expectEntry, expectProblem } from '../helpers/assertions';
import { newUserId } from '../helpers/auth';
import type { ApiResponse, RequestOptions } from './harness/client';
import { databaseDump, type Environment, onPostgres, startEnvironment } from './harness/environment';
import { record } from './harness/metrics';

// A request answered with a 4xx or 5xx changed nothing, also when the database
// is slow: another session holds a lock the request needs (as a psql session or
// a migration rewriting a table would) for longer than the server waits. The
// server's statements run under lock_timeout and statement_timeout, so Postgres
// itself cancels them: the 503 comes within seconds, and nothing is written
// later when the lock is released. The server closes none of its connections
// (a slow statement is not a lost connection) and sends no cancel request. Postgres only: the embedded
// database has no second session that could hold a lock.

const BASE = '/api/v1/time-tracking';
const HOLD_MS = 12_000;
/**
 * Twice DB_LOCK_TIMEOUT's default (2 s), with room for a loaded machine: the
 * driver sends a statement again, once, when it failed before it ran, as one
 * whose preparation met the lock does (docs/SECURITY.md, "The driver").
 */
const LOCK_BOUND_MS = 5500;

interface Attempt {
  name: string;
  method: string;
  path: string;
  options: RequestOptions;
}

/** Holds `LOCK TABLE <table> IN ACCESS EXCLUSIVE MODE` in a transaction of its own for `ms`. */
function holdLock(sql: postgres.Sql, table: string, ms: number) {
  let locked!: () => void;
  const taken = new Promise<void>((resolve) => {
    locked = resolve;
  });
  const released = sql.begin(async (tx) => {
    await tx.unsafe(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
    locked();
    await new Promise((resolve) => setTimeout(resolve, ms));
  });
  return { taken, released };
}

async function timed(env: Environment, attempt: Attempt) {
  const started = Date.now();
  const res = await env.api(attempt.method, attempt.path, { ...attempt.options, allow503: true });
  return { attempt, res, ms: Date.now() - started };
}

function expectPromptUnavailable({ attempt, res, ms }: { attempt: Attempt; res: ApiResponse; ms: number }) {
  expect(res.status, `${attempt.name}: ${res.text}`).toBe(503);
  expectProblem(res, 503);
  expect(res.body.code).toBe('database_unavailable');
  expect(res.headers.get('retry-after'), attempt.name).toMatch(/^[1-9]\d*$/);
  expect(ms, `${attempt.name} took ${ms} ms`).toBeLessThan(LOCK_BOUND_MS);
}

it('runs where another session can hold a lock (Postgres)', () => {
  expect(typeof onPostgres).toBe('boolean');
});

describe.runIf(onPostgres)('a lock held by another session longer than the server waits', () => {
  let env: Environment;
  let userId: number;
  let stopped: TimeEntry;
  let other: TimeEntry;

  beforeAll(async () => {
    env = await startEnvironment();
    userId = newUserId();
    stopped = expectEntry(
      await env.api('POST', `${BASE}/entries`, {
        userId,
        body: { start_time: '2024-05-06T09:00:00Z', end_time: '2024-05-06T12:00:00Z', notes: 'before' },
      }),
      201,
    );
    other = expectEntry(
      await env.api('POST', `${BASE}/entries`, {
        userId,
        body: { start_time: '2024-05-07T09:00:00Z', end_time: '2024-05-07T12:00:00Z' },
      }),
      201,
    );
  });

  /**
   * Takes the lock right after using the pool, so that no connection is idle
   * long enough (idle_timeout, 20 s) to be let go while the lock is held: any
   * connection the app ends meanwhile was given up on, or carried a cancel.
   */
  async function lockAfterUse(table: string) {
    const warm = await Promise.all(
      Array.from({ length: 10 }, () => env.api('GET', `${BASE}/entries?limit=10`, { userId })),
    );
    expect(warm.map((r) => r.status)).toEqual(warm.map(() => 200));
    const closedBefore = env.proxy!.closedByApp;
    const lock = holdLock(env.sql!, table, HOLD_MS);
    await lock.taken;
    return { ...lock, closedByApp: () => env.proxy!.closedByApp - closedBefore };
  }

  afterAll(async () => {
    await env?.close();
  });

  const writes = (): Attempt[] => [
    {
      name: 'POST /entries',
      method: 'POST',
      path: `${BASE}/entries`,
      options: {
        userId,
        body: { start_time: '2024-05-08T09:00:00Z', end_time: '2024-05-08T10:00:00Z', notes: 'retried' },
      },
    },
    { name: 'POST /sessions/start', method: 'POST', path: `${BASE}/sessions/start`, options: { userId } },
    {
      name: 'PUT /entries/{id}',
      method: 'PUT',
      path: `${BASE}/entries/${stopped.id}`,
      options: { userId, body: { notes: 'during the lock', hourly_rate: 70 } },
    },
    {
      name: 'DELETE /entries/{id}',
      method: 'DELETE',
      path: `${BASE}/entries/${other.id}`,
      options: { userId },
    },
    {
      name: 'POST /batch-update-payment-status',
      method: 'POST',
      path: `${BASE}/batch-update-payment-status`,
      options: { userId, body: { entry_ids: [stopped.id, other.id], payment_status: 'paid' } },
    },
    {
      name: 'PUT /settings',
      method: 'PUT',
      path: `${BASE}/settings`,
      options: { userId, body: { currency: 'EUR' } },
    },
  ];

  it('time_entries: every request gets a prompt 503, nothing is written when the lock goes, and a retry writes once', async () => {
    const before = await databaseDump(env.sql!);
    const lock = await lockAfterUse('time_entries');

    const entryWrites = writes().filter((a) => a.name !== 'PUT /settings');
    const reads: Attempt[] = [
      { name: 'GET /entries', method: 'GET', path: `${BASE}/entries`, options: { userId } },
      { name: 'GET /stats', method: 'GET', path: `${BASE}/stats`, options: { userId } },
    ];
    const results = await Promise.all([...entryWrites, ...reads].map((a) => timed(env, a)));
    for (const result of results.filter((r) => r.attempt.name !== 'GET /stats'))
      expectPromptUnavailable(result);
    // The statistics read only the totals tables, which are not locked.
    expect(results.find((r) => r.attempt.name === 'GET /stats')!.res.status).toBe(200);
    // A client retrying while the lock is still held is refused again.
    expectPromptUnavailable(await timed(env, entryWrites[0]!));
    expect(lock.closedByApp(), 'connections the app ended while the lock was held').toBe(0);

    await lock.released;
    // Had any statement only been given up on by the client, it would run now.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await databaseDump(env.sql!)).toBe(before);

    // The client's retry, now that the lock is gone: the entry exists once.
    const [create] = writes();
    const retried = expectEntry(await env.api(create!.method, create!.path, create!.options), 201);
    const list = await env.api('GET', `${BASE}/entries?limit=1000`, { userId });
    expect((list.body as TimeEntry[]).filter((e) => e.notes === 'retried').map((e) => e.id)).toEqual([
      retried.id,
    ]);
    record({ kind: 'race', name: 'lock-time_entries', rounds: 1, requests: results.length + 1 });
  });

  it('user_settings: requests that need the settings get a prompt 503 and change nothing; the others are served', async () => {
    const before = await databaseDump(env.sql!);
    const lock = await lockAfterUse('user_settings');

    const needSettings = writes().filter((a) =>
      ['POST /entries', 'POST /sessions/start', 'PUT /settings'].includes(a.name),
    );
    needSettings.push({
      name: 'GET /settings',
      method: 'GET',
      path: `${BASE}/settings`,
      options: { userId },
    });
    const results = await Promise.all(needSettings.map((a) => timed(env, a)));
    for (const result of results) expectPromptUnavailable(result);
    // Reading the entries does not touch the settings.
    expect((await env.api('GET', `${BASE}/entries/${stopped.id}`, { userId })).status).toBe(200);
    expect(lock.closedByApp(), 'connections the app ended while the lock was held').toBe(0);

    await lock.released;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await databaseDump(env.sql!)).toBe(before);
    record({ kind: 'race', name: 'lock-user_settings', rounds: 1, requests: results.length });
  });
});

describe.runIf(onPostgres)('a statement that outlives statement_timeout (lock_timeout set higher)', () => {
  let env: Environment;

  beforeAll(async () => {
    env = await startEnvironment({ env: { DB_STATEMENT_TIMEOUT: '2', DB_LOCK_TIMEOUT: '60' } });
  });

  afterAll(async () => {
    await env?.close();
  });

  it('is cancelled by Postgres: a 503 after statement_timeout, and nothing written later', async () => {
    const userId = newUserId();
    expect((await env.api('GET', `${BASE}/settings`, { userId })).status).toBe(200);
    const before = await databaseDump(env.sql!);
    const lock = holdLock(env.sql!, 'time_entries', 6000);
    await lock.taken;
    const result = await timed(env, {
      name: 'POST /entries',
      method: 'POST',
      path: `${BASE}/entries`,
      options: { userId, body: { start_time: '2024-05-08T09:00:00Z', end_time: '2024-05-08T10:00:00Z' } },
    });
    expect(result.res.status, result.res.text).toBe(503);
    expect(result.ms).toBeGreaterThanOrEqual(1900);
    expect(result.ms).toBeLessThan(4000);
    await lock.released;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await databaseDump(env.sql!)).toBe(before);
  });
});
