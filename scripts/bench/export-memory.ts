// The CSV export's memory: a user with 100,000 entries and one with 1,000 each
// download GET /entries/export from a real `next start` on Postgres, while the
// server's resident memory (VmRSS in /proc/<pid>/status) is sampled every 20 ms.
// If the export is streamed, the peak hardly moves with the size of the file.
//
//   npx tsx scripts/bench/export-memory.ts [--database-url postgres://…/postgres]
//     [--max-old-space <MiB>] [--no-build]
//
// Figures: docs/PERFORMANCE.md, "CSV export memory".
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ensureBuild } from '../ensure-build';
import { startServer } from '../next-server';
import { createPostgresDatabase } from './database';
import { benchRateLimits } from './load';
import { signTokens } from './scenarios';

const option = (name: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const adminUrl = option('database-url') ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** The server's V8 heap cap in MiB: a buffered export of 100,000 entries would not fit in a small one. */
const maxOldSpace = option('max-old-space');

const rssMiB = (pid: number) => {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match?.[1] ?? 0) / 1024;
};

const USERS = [
  { userId: 1, entries: 100_000 },
  { userId: 2, entries: 10_000 },
  { userId: 3, entries: 1_000 },
];
/** Smallest first, then the largest twice more: a buffered export would grow with the file, a streamed one levels off. */
const RUNS = [3, 2, 1, 1, 1];

async function main() {
  if (!process.argv.includes('--no-build')) await ensureBuild();
  const database = await createPostgresDatabase(adminUrl, `tt_export_memory_${Date.now()}`);
  try {
    for (const { userId, entries } of USERS) {
      // One entry an hour going back from 2024-06-30, notes of about 60 characters, some to be quoted.
      await database.executor.exec(`
        INSERT INTO time_entries (user_id, date, start_time, end_time, hourly_rate, notes)
        SELECT ${userId}, (t AT TIME ZONE 'UTC')::date, t, t + interval '45 minutes', 50,
               'Work item ' || n || ', "client" review and follow-up notes for the week'
        FROM generate_series(1, ${entries}) AS n,
             LATERAL (SELECT timestamptz '2024-06-30 09:00:00+00' - n * interval '1 hour') AS s(t)`);
    }
    const secret = randomBytes(48).toString('base64url');
    const tokens = await signTokens(
      secret,
      USERS.map((u) => u.userId),
    );
    const server = await startServer({
      env: {
        ...database.serverEnv,
        AUTH_JWT_SECRET: secret,
        ...benchRateLimits(),
        ...(maxOldSpace && {
          NODE_OPTIONS: `--max-http-header-size=65536 --max-old-space-size=${maxOldSpace}`,
        }),
      },
    });
    try {
      // Warm up the route (compiles nothing in production, but opens the pool and loads the modules).
      await (
        await fetch(`${server.url}/api/v1/time-tracking/entries/export?payment_status=paid`, {
          headers: { authorization: `Bearer ${tokens.get(3)}` },
        })
      ).arrayBuffer();
      console.log('| entries | bytes | seconds | RSS before (MiB) | RSS peak (MiB) | RSS after (MiB) |');
      console.log('|---:|---:|---:|---:|---:|---:|');
      for (const userId of RUNS) {
        const { entries } = USERS.find((u) => u.userId === userId)!;
        const before = rssMiB(server.pid);
        let peak = before;
        const sampler = setInterval(() => {
          peak = Math.max(peak, rssMiB(server.pid));
        }, 20);
        const started = performance.now();
        const response = await fetch(`${server.url}/api/v1/time-tracking/entries/export`, {
          headers: { authorization: `Bearer ${tokens.get(userId)}` },
        });
        let bytes = 0;
        const reader = response.body!.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          bytes += value.byteLength;
        }
        const seconds = (performance.now() - started) / 1000;
        clearInterval(sampler);
        peak = Math.max(peak, rssMiB(server.pid));
        await new Promise((resolve) => setTimeout(resolve, 1000));
        const after = rssMiB(server.pid);
        if (response.status !== 200) throw new Error(`export answered ${response.status}`);
        console.log(
          `| ${entries.toLocaleString('en-US')} | ${bytes.toLocaleString('en-US')} | ${seconds.toFixed(2)} | ${before.toFixed(0)} | ${peak.toFixed(0)} | ${after.toFixed(0)} |`,
        );
      }
    } finally {
      await server.stop();
    }
  } finally {
    await database.executor.close();
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
