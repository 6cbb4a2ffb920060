import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TimeEntry } from '@/lib/time-tracking/schemas';
import { expectEntry } from '../helpers/assertions';
import { newUserId } from '../helpers/auth';
import type { ApiResponse } from './harness/client';
import { type Environment, onPostgres, startEnvironment } from './harness/environment';
import { record } from './harness/metrics';

// Item 2 of issue 12: contention is not an outage. One user's overlapping batch
// updates (ids in random order, small and large batches), edits and deletes, all
// at once against `next start`: no 5xx (no deadlock, no lock timeout), no 409,
// and the totals still equal the sums over the entries. On Postgres the entries'
// rows are first laid out in the table in the reverse of their id order, as
// updates leave a real table: a batch that locked its rows in the order it
// found them (the table's order for a large batch, id order for a small one)
// deadlocked with another.

const BASE = '/api/v1/time-tracking';
const STATUSES = ['not_paid', 'invoiced_not_approved', 'invoiced_approved', 'paid'] as const;
const CLIENTS = 24;
const SECONDS = 6;

let env: Environment;
beforeAll(async () => {
  env = await startEnvironment();
});
afterAll(async () => {
  await env?.close();
});

const randomInt = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19);
function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/** A manual entry on one of 30 days in March 2024, 1–8 hours long. */
function randomTimes() {
  const start = Date.UTC(2024, 2, randomInt(1, 30), randomInt(6, 14));
  return { start_time: iso(start), end_time: iso(start + randomInt(1, 8) * 3_600_000) };
}

async function createEntries(userId: number, count: number): Promise<TimeEntry[]> {
  const created: TimeEntry[] = [];
  for (let i = 0; i < count; i += 20) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(20, count - i) }, () =>
        env.api('POST', `${BASE}/entries`, {
          userId,
          body: { ...randomTimes(), hourly_rate: randomInt(20, 90), notes: 'contention' },
        }),
      ),
    );
    created.push(...batch.map((r) => expectEntry(r, 201)));
  }
  return created;
}

/** Postgres: rewrites the user's rows into the table in descending id order (ids, values and totals unchanged). */
async function reverseHeapOrder(userId: number) {
  const sql = env.sql!;
  await sql.begin(async (tx) => {
    await tx`CREATE TEMP TABLE kept ON COMMIT DROP AS SELECT * FROM time_entries WHERE user_id = ${userId}`;
    await tx`DELETE FROM time_entries WHERE user_id = ${userId}`;
    await tx`
      INSERT INTO time_entries (id, user_id, date, start_time, end_time, hourly_rate, payment_status, notes, created_at, updated_at)
      OVERRIDING SYSTEM VALUE
      SELECT id, user_id, date, start_time, end_time, hourly_rate, payment_status, notes, created_at, updated_at
      FROM kept ORDER BY id DESC`;
  });
  await sql`VACUUM ANALYZE time_entries`;
}

/** The totals as the API reports them equal the sums over the user's entries as the API lists them. */
async function expectConsistentTotals(userId: number) {
  const list = await env.api('GET', `${BASE}/entries?limit=1000`, { userId });
  expect(list.status).toBe(200);
  const entries = list.body as TimeEntry[];
  expect(Number(list.headers.get('x-total-count'))).toBe(entries.length);
  const sum = (statuses: string[]) =>
    entries
      .filter((e) => statuses.includes(e.payment_status))
      .reduce((n, e) => n + Math.round((e.total_earned ?? 0) * 100), 0) / 100;
  const stats = await env.api('GET', `${BASE}/stats`, { userId });
  expect(stats.status).toBe(200);
  const body = stats.body as Record<string, number>;
  expect(body.unpaid_amount).toBe(sum(['not_paid']));
  expect(body.invoiced_amount).toBe(sum(['invoiced_not_approved', 'invoiced_approved']));
  expect(body.paid_amount).toBe(sum(['paid']));
  for (const status of STATUSES) {
    const filtered = await env.api('GET', `${BASE}/entries?limit=1000&payment_status=${status}`, { userId });
    expect(Number(filtered.headers.get('x-total-count')), status).toBe(
      entries.filter((e) => e.payment_status === status).length,
    );
  }
  if (env.sql) {
    // Exactly, in the database: every per-day and per-status total against a recomputation.
    const [drift] = await env.sql<{ n: number }[]>`
      WITH fresh AS (
        SELECT (time_entry_delta(e, 1)).* FROM time_entries e WHERE user_id = ${userId}
      ), daily AS (
        SELECT date, payment_status, sum(entry_count) AS c, sum(seconds) AS s, sum(earned) AS e
        FROM fresh GROUP BY 1, 2
      ), stored_daily AS (
        SELECT date, payment_status, sum(entry_count) AS c, sum(seconds) AS s, sum(earned) AS e
        FROM time_entry_daily_totals WHERE user_id = ${userId} GROUP BY 1, 2
      ), status AS (
        SELECT payment_status, sum(entry_count) AS c, sum(seconds) AS s, sum(earned) AS e FROM fresh GROUP BY 1
      ), stored_status AS (
        SELECT payment_status, sum(entry_count) AS c, sum(seconds) AS s, sum(earned) AS e
        FROM time_entry_status_totals WHERE user_id = ${userId} GROUP BY 1
      )
      SELECT (SELECT count(*) FROM daily f FULL JOIN stored_daily s USING (date, payment_status)
              WHERE (coalesce(f.c, 0), coalesce(f.s, 0), coalesce(f.e, 0))
                    IS DISTINCT FROM (coalesce(s.c, 0), coalesce(s.s, 0), coalesce(s.e, 0)))
           + (SELECT count(*) FROM status f FULL JOIN stored_status s USING (payment_status)
              WHERE (coalesce(f.c, 0), coalesce(f.s, 0), coalesce(f.e, 0))
                    IS DISTINCT FROM (coalesce(s.c, 0), coalesce(s.s, 0), coalesce(s.e, 0)))::int AS n`;
    expect(Number(drift?.n)).toBe(0);
  }
}

const describeStatuses = (results: ApiResponse[]) => {
  const counts = new Map<string, number>();
  for (const r of results) counts.set(String(r.status), (counts.get(String(r.status)) ?? 0) + 1);
  return [...counts].map(([k, v]) => `${k} × ${v}`).join(', ');
};

describe('two batches that find their shared entries in different orders', () => {
  // The exact interleaving of a deadlock that the mix below hits now and then:
  // entry a was moved in the table (an update wrote its new version after c)
  // while the first batch was waiting for it, so the first batch, which started
  // before, finds a, b, c, and the second, started after, finds c before a. A
  // batch that locked rows in the order it found them took a then waited for b,
  // while the second took c and waited for a: when b came free, the first
  // wanted c, and Postgres ended one of them (40P01, a 500).
  it.runIf(onPostgres)('both succeed (no deadlock: rows are locked in id order)', async () => {
    const sql = env.sql!;
    const userId = newUserId();
    const [a, b, c] = [
      ...(await createEntries(userId, 1)),
      ...(await createEntries(userId, 1)),
      ...(await createEntries(userId, 1)),
    ].map((e) => e.id);
    await sql`VACUUM ANALYZE time_entries`;
    const batch = (ids: number[], status: string) =>
      env.api('POST', `${BASE}/batch-update-payment-status`, {
        userId,
        body: { entry_ids: ids, payment_status: status },
      });
    // A session of its own (outside any transaction, so that it sees the activity as it is now).
    const [current] = await sql<{ name: string }[]>`SELECT current_database() AS name`;
    const name = current!.name;
    const url = new URL(process.env.DATABASE_URL as string);
    url.pathname = `/${name}`;
    const watcher = postgres(url.toString(), { max: 1, onnotice: () => {} });
    /** Waits until `n` statements of this database wait for a lock. */
    const waiters = async (n: number) => {
      for (let i = 0; i < 100; i++) {
        const [row] = await watcher<{ n: number }[]>`
          SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity a USING (pid)
          WHERE NOT l.granted AND a.datname = ${name}`;
        if (Number(row?.n) >= n) return;
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error(`${n} lock waiters expected`);
    };

    const moving = await sql.reserve();
    const holding = await sql.reserve();
    try {
      await moving`BEGIN`;
      await moving`UPDATE time_entries SET notes = 'moved' WHERE id = ${a!}`;
      await holding`BEGIN`;
      await holding`SELECT 1 FROM time_entries WHERE id = ${b!} FOR UPDATE`;
      const first = batch([a!, b!, c!], 'paid');
      await waiters(1); // the first batch waits for a
      await moving`COMMIT`;
      await new Promise((r) => setTimeout(r, 100)); // it now holds a and waits for b
      const second = batch([c!, a!], 'invoiced_approved');
      await waiters(2);
      await holding`COMMIT`;
      const results = await Promise.all([first, second]);
      record({ kind: 'race', name: 'batch-lock-order', rounds: 1, requests: 2 });
      expect(results.map((r) => `${r.status} ${r.text.slice(0, 200)}`)).toEqual([
        expect.stringMatching(/^200 /),
        expect.stringMatching(/^200 /),
      ]);
    } finally {
      await moving`ROLLBACK`.catch(() => {});
      await holding`ROLLBACK`.catch(() => {});
      moving.release();
      holding.release();
      await watcher.end();
    }
    await expectConsistentTotals(userId);
  });
});

describe(`${CLIENTS} clients writing one user's entries at once for ${SECONDS} s`, () => {
  it('get no 5xx and no 409, and the totals stay equal to the sums over the entries', async () => {
    const userId = newUserId();
    const entries = await createEntries(userId, 160);
    if (env.sql) await reverseHeapOrder(userId);
    // Batches and edits use the first 120; deletes take the rest (and, now and
    // then, one of the first: a batch naming it then answers 404).
    const shared = entries.slice(0, 120).map((e) => e.id);
    const deletable = entries.slice(120).map((e) => e.id);

    const operations: [number, () => [string, string, unknown]][] = [
      [
        25,
        () => [
          'POST',
          `${BASE}/batch-update-payment-status`,
          { entry_ids: shuffled(shared).slice(0, randomInt(2, 6)), payment_status: pick(STATUSES) },
        ],
      ],
      [
        25,
        () => [
          'POST',
          `${BASE}/batch-update-payment-status`,
          { entry_ids: shuffled(shared).slice(0, randomInt(60, 120)), payment_status: pick(STATUSES) },
        ],
      ],
      [15, () => ['PUT', `${BASE}/entries/${pick(shared)}`, { hourly_rate: randomInt(10, 200) }]],
      [15, () => ['PUT', `${BASE}/entries/${pick(shared)}`, randomTimes()]],
      [10, () => ['DELETE', `${BASE}/entries/${deletable.pop() ?? pick(shared)}`, undefined]],
      [10, () => ['POST', `${BASE}/entries`, { ...randomTimes(), hourly_rate: 50 }]],
    ];
    const total = operations.reduce((n, [w]) => n + w, 0);
    const next = () => {
      let r = Math.random() * total;
      for (const [weight, make] of operations) {
        r -= weight;
        if (r < 0) return make();
      }
      return operations[0]![1]();
    };

    const results: ApiResponse[] = [];
    const deadline = Date.now() + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (Date.now() < deadline) {
          const [method, path, body] = next();
          results.push(await env.api(method, path, { userId, body }));
        }
      }),
    );
    record({ kind: 'race', name: 'contention-mix', rounds: 1, requests: results.length });

    const unexpected = results.filter((r) => r.status >= 500 || r.status === 409);
    expect(
      unexpected.map((r) => `${r.status} ${r.text.slice(0, 200)}`),
      describeStatuses(results),
    ).toEqual([]);
    expect(
      results.every((r) => [200, 201, 204, 404].includes(r.status)),
      describeStatuses(results),
    ).toBe(true);
    await expectConsistentTotals(userId);
  });
});

describe('concurrent PUT /entries/{id} of one entry', () => {
  it('rate-only edits all succeed, also while other requests change the times', async () => {
    const userId = newUserId();
    const [entry] = await createEntries(userId, 1);
    for (let round = 0; round < 5; round++) {
      const rates = Array.from({ length: 20 }, (_, i) => 100 + round * 20 + i);
      const results = await Promise.all([
        ...rates.map((rate) =>
          env.api('PUT', `${BASE}/entries/${entry!.id}`, { userId, body: { hourly_rate: rate } }),
        ),
        ...Array.from({ length: 20 }, (_, i) =>
          env.api('PUT', `${BASE}/entries/${entry!.id}`, {
            userId,
            body: {
              start_time: `2024-04-${String(1 + i).padStart(2, '0')}T09:00:00`,
              end_time: `2024-04-${String(1 + i).padStart(2, '0')}T${String(10 + (i % 8)).padStart(2, '0')}:00:00`,
            },
          }),
        ),
      ]);
      record({ kind: 'race', name: 'entries-put-one', rounds: 1, requests: results.length });
      expect(
        results.filter((r) => r.status !== 200).map((r) => `${r.status} ${r.text.slice(0, 200)}`),
      ).toEqual([]);
      const stored = expectEntry(await env.api('GET', `${BASE}/entries/${entry!.id}`, { userId }));
      expect(rates).toContain(stored.hourly_rate);
      // The stored entry is one of the edits' results: times, date and totals agree.
      expect(stored.date).toBe(stored.start_time.slice(0, 10));
      const hours = (Date.parse(`${stored.end_time}Z`) - Date.parse(`${stored.start_time}Z`)) / 3_600_000;
      expect(stored.total_hours).toBe(hours);
      expect(stored.total_earned).toBe(Math.round(hours * stored.hourly_rate * 100) / 100);
    }
    await expectConsistentTotals(userId);
  });
});
