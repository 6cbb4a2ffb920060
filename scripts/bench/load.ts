// Load generation: autocannon for throughput at N connections, and a one-connection
// client with microsecond timing for latencies (autocannon's histogram has 1 ms steps).
import http from 'node:http';
import autocannon from 'autocannon';
import type { CpuPerRequest } from './cpu';

export interface LatencyStats {
  n: number;
  p50: number;
  p90: number;
  p99: number;
  mean: number;
}

export function latencyStats(samplesMs: number[]): LatencyStats {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  const mean = sorted.reduce((n, v) => n + v, 0) / Math.max(1, sorted.length);
  return { n: sorted.length, p50: at(0.5), p90: at(0.9), p99: at(0.99), mean };
}

/** Runs `unit` back to back for `seconds` (after a short warm-up); the time of each call in ms. */
export async function sequentialSamples(
  unit: () => Promise<unknown>,
  seconds: number,
  warmupUnits = 20,
): Promise<number[]> {
  for (let i = 0; i < warmupUnits; i++) await unit();
  const samples: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  while (performance.now() < deadline) {
    const start = performance.now();
    await unit();
    samples.push(performance.now() - start);
  }
  return samples;
}

export const timeSequential = async (unit: () => Promise<unknown>, seconds: number, warmupUnits = 20) =>
  latencyStats(await sequentialSamples(unit, seconds, warmupUnits));

/** Runs `unit` from `workers` loops at once for `seconds`; returns completed units per second. */
export async function timeConcurrent(
  unit: (worker: number) => Promise<unknown>,
  workers: number,
  seconds: number,
): Promise<number> {
  let done = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      while (performance.now() < deadline) {
        await unit(worker);
        done++;
      }
    }),
  );
  return done / ((performance.now() - started) / 1000);
}

export interface HttpResult {
  status: number;
  body: string;
}

/** A keep-alive HTTP/1.1 client on one socket: what a browser tab does, without the browser. */
export class HttpClient {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

  constructor(private readonly base: URL) {}

  request(method: string, path: string, token?: string, body?: string): Promise<HttpResult> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = {};
      if (token) headers.authorization = `Bearer ${token}`;
      if (body !== undefined) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = String(Buffer.byteLength(body));
      }
      const req = http.request(
        { host: this.base.hostname, port: this.base.port, method, path, headers, agent: this.agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  /** A request that must answer with `expected`; anything else stops the bench with the answer. */
  async expect(expected: number, method: string, path: string, token?: string, body?: string) {
    const res = await this.request(method, path, token, body);
    if (res.status !== expected) {
      throw new Error(
        `${method} ${path} answered ${res.status} (expected ${expected}): ${res.body.slice(0, 300)}`,
      );
    }
    return res;
  }

  close() {
    this.agent.destroy();
  }
}

export interface LoadResult {
  connections: number;
  seconds: number;
  requests: number;
  /** Requests per second (completed, any status). */
  rps: number;
  latency: { p50: number; p90: number; p99: number; mean: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** The machine's one-minute load average just before the run. */
  loadAverage?: number;
  cpu?: CpuPerRequest;
  /** Which round of the bench (runs of every endpoint interleaved with the ceiling). */
  round?: number;
}

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? sorted[mid]!
    : ((sorted[mid - 1] ?? Number.NaN) + (sorted[mid] ?? Number.NaN)) / 2;
};

/** Several rounds of one endpoint at one connection count: the medians, the spread, and every run. */
export interface LoadSummary extends LoadResult {
  /** Median over the rounds of (this run's throughput ÷ the ceiling's in the same round). */
  ratioToCeiling: number;
  ratioMin: number;
  ratioMax: number;
  runs: (LoadResult & { ratioToCeiling: number })[];
}

export function summarize(runs: (LoadResult & { ratioToCeiling: number })[]): LoadSummary | undefined {
  const first = runs[0];
  if (!first) return undefined;
  const med = (pick: (r: LoadResult) => number | undefined) =>
    median(runs.map(pick).filter((v): v is number => v !== undefined));
  const ratios = runs.map((r) => r.ratioToCeiling);
  const statusCodes: Record<string, number> = {};
  for (const r of runs)
    for (const [code, n] of Object.entries(r.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + n;
  return {
    connections: first.connections,
    seconds: runs.reduce((n, r) => n + r.seconds, 0),
    requests: runs.reduce((n, r) => n + r.requests, 0),
    rps: med((r) => r.rps),
    latency: {
      p50: med((r) => r.latency.p50),
      p90: med((r) => r.latency.p90),
      p99: med((r) => r.latency.p99),
      mean: med((r) => r.latency.mean),
    },
    non2xx: runs.reduce((n, r) => n + r.non2xx, 0),
    errors: runs.reduce((n, r) => n + r.errors, 0),
    timeouts: runs.reduce((n, r) => n + r.timeouts, 0),
    statusCodes,
    loadAverage: Math.max(...runs.map((r) => r.loadAverage ?? 0)),
    cpu: first.cpu && {
      serverMs: med((r) => r.cpu?.serverMs),
      databaseMs: med((r) => r.cpu?.databaseMs),
      loadGeneratorMs: med((r) => r.cpu?.loadGeneratorMs),
      busyCores: med((r) => r.cpu?.busyCores),
    },
    ratioToCeiling: median(ratios),
    ratioMin: Math.min(...ratios),
    ratioMax: Math.max(...ratios),
    runs,
  };
}

export async function runLoad(
  url: string,
  requests: autocannon.Request[],
  connections: number,
  seconds: number,
): Promise<LoadResult> {
  const result = await autocannon({ url, connections, duration: seconds, requests, pipelining: 1 });
  const statusCodes: Record<string, number> = {};
  for (const [code, stats] of Object.entries(
    (result as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {},
  )) {
    statusCodes[code] = stats.count;
  }
  return {
    connections,
    seconds: result.duration,
    requests: result.requests.total,
    rps: result.requests.total / result.duration,
    latency: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      mean: result.latency.average,
    },
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
  };
}

/**
 * The bench's few users send far more than a person would, so the per-user
 * limits (lib/http/rate-limit.ts) are set out of reach: the limiter still runs
 * on every request (its cost is in the figures) but never refuses one.
 * BENCH_RATE_LIMIT=0 turns it off instead.
 */
export function benchRateLimits(): Record<string, string> {
  if (process.env.BENCH_RATE_LIMIT === '0') {
    return {
      RATE_LIMIT_USER_PER_MINUTE: '0',
      RATE_LIMIT_ADDRESS_PER_MINUTE: '0',
      RATE_LIMIT_USER_IN_FLIGHT: '0',
    };
  }
  return {
    RATE_LIMIT_USER_PER_MINUTE: '1000000',
    RATE_LIMIT_ADDRESS_PER_MINUTE: '1000000',
    RATE_LIMIT_USER_IN_FLIGHT: '10000',
  };
}
