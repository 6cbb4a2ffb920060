// Command-line flags (and BENCH_* environment variables) of `npm run bench`.
// Every flag has an environment twin: --duration=5 or BENCH_DURATION=5.

export interface BenchOptions {
  /** Run against the embedded database (PGlite) instead of Postgres. */
  pglite: boolean;
  /** Keep the bench database (and the server's build snapshot) afterwards. */
  keep: boolean;
  /** Seconds of measured load per run; each endpoint runs once per round and connection count. */
  duration: number;
  /** Rounds of (ceiling, every endpoint), interleaved so that drift on a shared machine hits all alike. */
  rounds: number;
  /** Seconds of unmeasured load before each endpoint's first measured run. */
  warmup: number;
  /** Connection counts for the autocannon runs. */
  connections: number[];
  /** Seconds of one-connection requests per endpoint (server-side time, growth curve). */
  latencySeconds: number;
  /** Seconds per floor measurement (one connection, then `floorConcurrency`). */
  floorSeconds: number;
  floorConcurrency: number;
  /** auto: build when sources are newer than .next/BUILD_ID. */
  build: 'auto' | 'always' | 'never';
  users: number;
  entries: number;
  /** Entries of the heavy user (the other two curve users hold 1k and 10k). */
  heavy: number;
  /** Admin URL of the Postgres server; the bench creates its own database there. */
  adminUrl: string;
  /** Where latest.json and latest.md go. */
  outDir: string;
  /** Seconds to wait, at most, for the machine's load average to settle before measuring. */
  waitIdle: number;
  /** Only these scenario keys (plus the ceiling), for quick experiments. */
  only: string[] | undefined;
}

const USAGE = `npm run bench -- [flags]
  --pglite                 embedded database instead of Postgres (information only)
  --keep                   keep the bench database afterwards
  --duration=SECONDS       measured load per run (default 5)
  --rounds=N               rounds of ceiling + every endpoint, interleaved (default 3)
  --warmup=SECONDS         warm-up per endpoint (default 3)
  --connections=10,50      autocannon connection counts
  --latency=SECONDS        one-connection requests per endpoint, over all rounds (default 3)
  --floor=SECONDS          each floor measurement (default 2)
  --build | --no-build     always / never run npm run build (default: when sources changed)
  --users=N --entries=N --heavy=N   dataset (default 1000 users, 1000000 entries, heavy 100000)
  --database-url=URL       Postgres admin URL (default postgres://postgres@127.0.0.1:5432/postgres)
  --out=DIR                results directory (default bench/results)
  --wait-idle=SECONDS      wait at most this long for the load average to fall below 1 (default 180)
  --only=key,key           only these scenarios (ceiling always runs)
Each flag also reads BENCH_<NAME> from the environment (BENCH_DURATION=5).`;

function number(name: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min)
    throw new Error(`--${name} must be a number ≥ ${min}, got "${raw}"`);
  return value;
}

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): BenchOptions {
  const flags = new Map<string, string>();
  for (const arg of argv) {
    if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    }
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new Error(`Unknown argument "${arg}".\n${USAGE}`);
    flags.set(match[1]!, match[2] ?? 'true');
  }
  const known = [
    'pglite',
    'keep',
    'duration',
    'rounds',
    'warmup',
    'connections',
    'latency',
    'floor',
    'floor-concurrency',
    'build',
    'no-build',
    'users',
    'entries',
    'heavy',
    'database-url',
    'out',
    'only',
    'wait-idle',
  ];
  for (const name of flags.keys()) {
    if (!known.includes(name)) throw new Error(`Unknown flag --${name}.\n${USAGE}`);
  }
  const get = (name: string) => flags.get(name) ?? env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`];
  const bool = (name: string) => ['1', 'true', 'yes'].includes((get(name) ?? '').toLowerCase());

  const connections = (get('connections') ?? '10,50').split(',').map((c) => number('connections', c, 10, 1));
  const build = bool('no-build') ? 'never' : bool('build') ? 'always' : 'auto';
  const users = Math.round(number('users', get('users'), 1000, 300));
  return {
    pglite: bool('pglite'),
    keep: bool('keep'),
    duration: number('duration', get('duration'), 5, 1),
    rounds: Math.round(number('rounds', get('rounds'), 3, 1)),
    warmup: number('warmup', get('warmup'), 3, 0),
    connections,
    latencySeconds: number('latency', get('latency'), 3, 0.5),
    floorSeconds: number('floor', get('floor'), 2, 0.5),
    floorConcurrency: Math.round(number('floor-concurrency', get('floor-concurrency'), 10, 1)),
    build,
    users,
    entries: Math.round(number('entries', get('entries'), 1_000_000, 20_000)),
    heavy: Math.round(number('heavy', get('heavy'), 100_000, 10_000)),
    adminUrl: get('database-url') ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    outDir: get('out') ?? 'bench/results',
    waitIdle: number('wait-idle', get('wait-idle'), 180, 0),
    only: get('only')?.split(',').filter(Boolean),
  };
}
