// Concurrent writes of one user (issue 12, item 2): 24 clients send one user's
// overlapping batch payment-status updates (2–120 ids in random order), edits and
// deletes (and creates, to keep the pool of entries full) against `next start` on
// a fresh Postgres database for 20 s, then print the throughput, latency, the
// answers by status and whether the totals still equal the sums over the entries.
//
//   npx tsx scripts/bench/contention.ts [--app=DIR] [--seconds=20] [--clients=24] [--entries=600]
//
// --app serves (and migrates the database with) another checkout's build, e.g. a
// `git worktree` of the code before the change: that is how docs/PERFORMANCE.md's
// "before" figures were taken. The admin URL is BENCH_ADMIN_URL, default
// postgres://postgres@127.0.0.1:5432/postgres. Not a test: it asserts nothing.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import { SignJWT } from 'jose';
import postgres from 'postgres';
import { ROOT } from '../ensure-build';
import { startServer } from '../next-server';
import { benchRateLimits, HttpClient, latencyStats } from './load';

const arg = (name: string, fallback: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;

const appDir = path.resolve(arg('app', ROOT));
const seconds = Number(arg('seconds', '20'));
const clients = Number(arg('clients', '24'));
const entryCount = Number(arg('entries', '600'));
const adminUrl = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const BASE = '/api/v1/time-tracking';
const USER_ID = 1;

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;
const randomInt = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));
const STATUSES = ['not_paid', 'invoiced_not_approved', 'invoiced_approved', 'paid'] as const;

function shuffled<T>(items: T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/** A start time in the 60 days before 2026-11-30, on the hour, with its end 1–8 h later. */
function randomTimes() {
  const start = Date.UTC(2026, 9, 1, 8) + randomInt(0, 59) * 86_400_000 + randomInt(0, 8) * 3_600_000;
  const end = start + randomInt(1, 8) * 3_600_000;
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19);
  return { start_time: iso(start), end_time: iso(end) };
}

async function main() {
  const name = `tt_contention_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const sql = postgres(url.toString(), { max: 2, onnotice: () => {} });
  const secret = randomBytes(32).toString('base64url');
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    await migrate(drizzle(sql), { migrationsFolder: path.join(appDir, 'db', 'migrations') });
    // Entries over 60 days, 1–8 h each, in random statuses.
    await sql`
      INSERT INTO time_entries (user_id, date, start_time, end_time, hourly_rate, payment_status, notes)
      SELECT ${USER_ID}, (t.start AT TIME ZONE 'UTC')::date, t.start, t.start + (1 + i % 8) * interval '1 hour',
             50 + i % 7, (ARRAY['not_paid','invoiced_not_approved','invoiced_approved','paid'])[1 + i % 4], 'seeded'
      FROM generate_series(1, ${entryCount}) AS i
      CROSS JOIN LATERAL (SELECT timestamptz '2026-10-01 08:00Z' + (i % 60) * interval '1 day'
                                 + (i % 9) * interval '1 hour' AS start) AS t`;
    // A table that has seen updates: rows no longer lie in id order in the heap
    // (an updated row's new version is written elsewhere), as in real use.
    await sql`UPDATE time_entries SET notes = 'seeded, edited' WHERE random() < 0.5`;
    await sql`VACUUM ANALYZE time_entries`;
    const ids = (await sql<{ id: number }[]>`SELECT id FROM time_entries ORDER BY id`).map((r) => r.id);

    server = await startServer({
      appDir,
      env: { DATABASE_URL: url.toString(), AUTH_JWT_SECRET: secret, ...benchRateLimits() },
    });
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(String(USER_ID))
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(secret));
    const base = new URL(server.url);

    const counts = new Map<string, number>();
    const latencies: number[] = [];
    const fivexx: string[] = [];
    const count = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);

    const operations: [number, () => [string, string, string | undefined]][] = [
      // Overlapping batches: 2–120 of the known ids, in random order.
      [
        45,
        () => [
          'POST',
          `${BASE}/batch-update-payment-status`,
          JSON.stringify({
            entry_ids: shuffled(ids).slice(0, randomInt(2, Math.min(120, ids.length))),
            payment_status: pick(STATUSES),
          }),
        ],
      ],
      // Edits: rate, status or notes only, or the times.
      [
        15,
        () => [
          'PUT',
          `${BASE}/entries/${pick(ids)}`,
          JSON.stringify(
            pick([
              { hourly_rate: randomInt(10, 200) },
              { payment_status: pick(STATUSES) },
              { notes: `edited ${Math.random()}` },
            ]),
          ),
        ],
      ],
      [15, () => ['PUT', `${BASE}/entries/${pick(ids)}`, JSON.stringify(randomTimes())]],
      [12, () => ['DELETE', `${BASE}/entries/${pick(ids)}`, undefined]],
      [13, () => ['POST', `${BASE}/entries`, JSON.stringify({ ...randomTimes(), hourly_rate: 60 })]],
    ];
    const totalWeight = operations.reduce((n, [w]) => n + w, 0);
    const nextOperation = () => {
      let r = Math.random() * totalWeight;
      for (const [weight, make] of operations) {
        r -= weight;
        if (r < 0) return make();
      }
      return operations[0]![1]();
    };

    // What the database's sessions of the server are doing, every 100 ms: running,
    // or waiting for a lock another transaction holds (a row of an entry or of
    // the totals). Unlike req/s, this does not depend on how busy the machine is.
    const activity = { samples: 0, waiting: 0, active: 0 };
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const [row] = await sql<{ waiting: number; active: number }[]>`
          SELECT count(*) FILTER (WHERE wait_event_type = 'Lock')::int AS waiting,
                 count(*) FILTER (WHERE state = 'active')::int AS active
          FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`;
        activity.samples++;
        activity.waiting += Number(row?.waiting);
        activity.active += Number(row?.active);
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const deadline = performance.now() + seconds * 1000;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: clients }, async () => {
        const client = new HttpClient(base);
        while (performance.now() < deadline) {
          const [method, route, body] = nextOperation();
          const t0 = performance.now();
          const res = await client.request(method, route, token, body);
          latencies.push(performance.now() - t0);
          const kind = route.includes('batch') ? 'batch' : `${method} ${route.split('/')[4]}`;
          count(`${kind} ${res.status}`);
          count(String(res.status));
          if (method === 'POST' && route.endsWith('/entries') && res.status === 201) {
            ids.push((JSON.parse(res.body) as { id: number }).id);
          }
          if (method === 'DELETE' && res.status === 204) {
            const gone = Number(route.split('/').pop());
            const at = ids.indexOf(gone);
            if (at >= 0) ids.splice(at, 1);
          }
          if (res.status >= 500) fivexx.push(`${method} ${route}: ${res.status} ${res.body.slice(0, 200)}`);
        }
        client.close();
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    sampling = false;
    await sampler;

    const [drift] = await sql<{ n: number }[]>`
      WITH fresh AS (
        SELECT user_id, payment_status, count(*)::int AS entry_count,
               coalesce(sum(total_earned), 0) AS earned
        FROM time_entries GROUP BY user_id, payment_status
      ), stored AS (
        SELECT user_id, payment_status, sum(entry_count)::int AS entry_count, sum(earned) AS earned
        FROM time_entry_status_totals GROUP BY user_id, payment_status
      )
      SELECT count(*)::int AS n FROM fresh FULL JOIN stored USING (user_id, payment_status)
      WHERE coalesce(fresh.entry_count, 0) <> coalesce(stored.entry_count, 0)
         OR coalesce(fresh.earned, 0) <> coalesce(stored.earned, 0)`;

    const lat = latencyStats(latencies);
    const byStatus = [...counts.entries()].filter(([k]) => /^\d+$/.test(k)).sort();
    const byOperation = [...counts.entries()].filter(([k]) => !/^\d+$/.test(k)).sort();
    const serverErrors = byStatus.filter(([k]) => k.startsWith('5')).reduce((n, [, v]) => n + v, 0);
    console.log(`app: ${appDir}`);
    console.log(`clients: ${clients}, seconds: ${elapsed.toFixed(1)}, seeded entries: ${entryCount}`);
    console.log(
      `requests: ${latencies.length}, req/s: ${(latencies.length / elapsed).toFixed(0)}, ` +
        `p50: ${lat.p50.toFixed(0)} ms, p99: ${lat.p99.toFixed(0)} ms, max: ${Math.max(...latencies).toFixed(0)} ms`,
    );
    console.log(`by status: ${byStatus.map(([k, v]) => `${k} × ${v}`).join(', ')}`);
    console.log(`by operation: ${byOperation.map(([k, v]) => `${k} × ${v}`).join(', ')}`);
    console.log(
      `server's database sessions, mean over the run: ${(activity.active / activity.samples).toFixed(1)} running a statement, ` +
        `${(activity.waiting / activity.samples).toFixed(1)} of them waiting for a lock`,
    );
    console.log(`5xx: ${serverErrors}; status totals that differ from the entries: ${drift?.n}`);
    for (const line of [...new Set(fivexx)].slice(0, 5)) console.log(`  ${line}`);
    // The server's log lines of the 5xx name the innermost cause (SQLSTATE and message).
    const causes = server
      .output()
      .split('\n')
      .filter((l) => /"status":5\d\d/.test(l))
      .map((l) => /"(?:cause|err)[^"]*":\s*"([^"]{0,160})/.exec(l)?.[1] ?? l.slice(0, 300));
    for (const line of [...new Set(causes)].slice(0, 5)) console.log(`  server log: ${line}`);
  } finally {
    await server?.stop();
    await sql.end();
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
