// What compression costs and saves on the frontend's big request (issue 14):
// GET /entries?limit=1000 for a user with 1,000 entries whose notes are
// 100–200 characters of varied text (./notes.ts), from a real `next start` on
// Postgres, sent with no Accept-Encoding (identity), `gzip`, `br`, and what a
// browser sends. For each: the body's bytes on the wire, and the server's CPU
// per request (utime + stime of the server process from /proc, over many
// requests one at a time, the variants interleaved in rounds). The client reads
// the raw bytes (node:http, no decompression) and checks, once per variant, that
// they decompress to the identity body. Then the compressors alone on that body,
// in this process: brotli 4 (what the server uses), 11 (the zlib default) and gzip 6.
//
//   npx tsx scripts/bench/compression.ts [--database-url postgres://…/postgres]
//     [--requests 40] [--rounds 5] [--no-build]
//
// Figures: docs/PERFORMANCE.md, "Compressed responses".
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import zlib from 'node:zlib';
import { ensureBuild } from '../ensure-build';
import { startServer } from '../next-server';
import { treeMs } from './cpu';
import { createPostgresDatabase } from './database';
import { benchRateLimits } from './load';
import { realisticNotes } from './notes';
import { signTokens } from './scenarios';

const option = (name: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const adminUrl = option('database-url') ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REQUESTS = Number(option('requests') ?? 40);
const ROUNDS = Number(option('rounds') ?? 5);
const ENTRIES = 1000;

const VARIANTS = [
  { name: 'none (identity)', accept: undefined },
  { name: 'gzip', accept: 'gzip' },
  { name: 'br', accept: 'br' },
  { name: 'browser: gzip, deflate, br, zstd', accept: 'gzip, deflate, br, zstd' },
] as const;

interface Raw {
  status: number;
  encoding: string | undefined;
  wire: Buffer;
}

function get(url: string, headers: Record<string, string>): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers, agent: keepAlive }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          encoding: res.headers['content-encoding'],
          wire: Buffer.concat(chunks),
        }),
      );
    });
    req.on('error', reject);
  });
}
const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 1 });

const decode = (raw: Raw) =>
  raw.encoding === 'br'
    ? zlib.brotliDecompressSync(raw.wire)
    : raw.encoding === 'gzip'
      ? zlib.gunzipSync(raw.wire)
      : raw.wire;

/** CPU ms of this process to run `work` `times` times, per run. */
function cpuPerRun(times: number, work: () => void): number {
  const before = process.cpuUsage();
  for (let i = 0; i < times; i++) work();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / times;
}

async function main() {
  if (!process.argv.includes('--no-build')) await ensureBuild();
  const database = await createPostgresDatabase(adminUrl, `tt_issue14_timer_compression_${Date.now()}`);
  try {
    const last = Date.parse('2026-06-30T09:00:00Z');
    const values = Array.from({ length: ENTRIES }, (_, i) => {
      const start = new Date(last - i * 3 * 3_600_000);
      const end = new Date(start.getTime() + (30 + (i % 7) * 15) * 60_000);
      // The notes are words, digits, '#' and spaces: nothing to escape in SQL.
      return `(1, '${start.toISOString().slice(0, 10)}', '${start.toISOString()}', '${end.toISOString()}', ${40 + (i % 5) * 5}, '${realisticNotes(i)}')`;
    });
    await database.executor.exec(
      `INSERT INTO time_entries (user_id, date, start_time, end_time, hourly_rate, notes) VALUES ${values.join(',')}`,
    );
    const secret = randomBytes(48).toString('base64url');
    const tokens = await signTokens(secret, [1]);
    const server = await startServer({
      env: { ...database.serverEnv, AUTH_JWT_SECRET: secret, ...benchRateLimits() },
    });
    try {
      const url = `${server.url}/api/v1/time-tracking/entries?limit=1000`;
      const auth = { authorization: `Bearer ${tokens.get(1)}` };
      const headersOf = (accept: string | undefined) =>
        accept ? { ...auth, 'accept-encoding': accept } : { ...auth };

      // Warm up, and check each variant's bytes once.
      const identity = await get(url, auth);
      if (identity.status !== 200 || identity.encoding)
        throw new Error('the identity page did not come back');
      if ((JSON.parse(identity.wire.toString('utf8')) as unknown[]).length !== ENTRIES) {
        throw new Error('the page does not hold every entry');
      }
      const results = new Map<string, { bytes: number; encoding: string; cpuMs: number[]; ms: number[] }>();
      for (const variant of VARIANTS) {
        for (let i = 0; i < 5; i++) await get(url, headersOf(variant.accept));
        const raw = await get(url, headersOf(variant.accept));
        if (!decode(raw).equals(identity.wire)) throw new Error(`${variant.name}: the body differs`);
        results.set(variant.name, {
          bytes: raw.wire.length,
          encoding: raw.encoding ?? 'identity',
          cpuMs: [],
          ms: [],
        });
      }
      for (let round = 0; round < ROUNDS; round++) {
        for (const variant of VARIANTS) {
          const result = results.get(variant.name)!;
          const cpuBefore = treeMs(server.pid);
          const started = performance.now();
          for (let i = 0; i < REQUESTS; i++) await get(url, headersOf(variant.accept));
          result.ms.push((performance.now() - started) / REQUESTS);
          result.cpuMs.push((treeMs(server.pid) - cpuBefore) / REQUESTS);
        }
      }
      const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
      console.log(
        `GET /entries?limit=1000, ${ENTRIES} entries, notes 100–200 characters; ${ROUNDS} rounds × ${REQUESTS} requests per variant, one at a time`,
      );
      console.log('');
      console.log(
        '| Accept-Encoding | Content-Encoding | body bytes on the wire | vs identity | server CPU per request (ms, median of rounds; range) | time per request (ms, median) |',
      );
      console.log('|---|---|---:|---:|---:|---:|');
      for (const [name, r] of results) {
        const cpu = median(r.cpuMs);
        console.log(
          `| ${name} | ${r.encoding} | ${r.bytes.toLocaleString('en-US')} | ${((r.bytes / identity.wire.length) * 100).toFixed(1)}% | ${cpu.toFixed(2)} (${Math.min(...r.cpuMs).toFixed(2)}–${Math.max(...r.cpuMs).toFixed(2)}) | ${median(r.ms).toFixed(2)} |`,
        );
      }

      console.log('');
      console.log(
        `The compressors alone on that ${identity.wire.length.toLocaleString('en-US')}-byte body, in this process:`,
      );
      console.log('');
      console.log('| compressor | bytes | CPU per body (ms) |');
      console.log('|---|---:|---:|');
      const body = identity.wire;
      const brotli = (quality: number) => () =>
        zlib.brotliCompressSync(body, {
          params: {
            [zlib.constants.BROTLI_PARAM_QUALITY]: quality,
            [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
            [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
          },
        });
      for (const [name, compress, times] of [
        ['brotli quality 4', brotli(4), 50],
        ['brotli quality 5 (the server)', brotli(5), 50],
        ['brotli quality 11 (zlib default)', brotli(11), 5],
        ['gzip level 6 (the server)', () => zlib.gzipSync(body, { level: 6 }), 50],
        ['gzip level 9', () => zlib.gzipSync(body, { level: 9 }), 50],
      ] as const) {
        const bytes = compress().length;
        console.log(
          `| ${name} | ${bytes.toLocaleString('en-US')} | ${cpuPerRun(times, compress).toFixed(2)} |`,
        );
      }
    } finally {
      keepAlive.destroy();
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
