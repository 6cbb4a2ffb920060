// npm run bench [-- --pglite] [-- --help]
// Seeds a realistic dataset, starts `next start` on it and measures every endpoint
// next to the framework's ceiling (GET /api/health/live) and the database floor
// (the same SQL straight through the driver). Prints the figures and writes
// bench/results/latest.json and latest.md (latest-pglite.* with --pglite).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build, buildIsFresh } from '../ensure-build';
import { type RunningServer, snapshotBuild, startServer } from '../next-server';
import { perRequest, sample } from './cpu';
import {
  BENCH_APPLICATION_NAME,
  type BenchDatabase,
  createPgliteDatabase,
  createPostgresDatabase,
  serverVersion,
} from './database';
import { measureFloor, record, type Script } from './floor';
import {
  benchRateLimits,
  HttpClient,
  type LoadResult,
  latencyStats,
  median,
  runLoad,
  sequentialSamples,
  summarize,
} from './load';
import { parseOptions } from './options';
import { explain, type Plan } from './plans';
import {
  type BenchResults,
  type CurvePoint,
  printPlans,
  printSummary,
  type ScenarioResult,
  type TargetCheck,
  writeResults,
} from './report';
import { buildScenarios, type Scenario, signTokens, sizeLabel } from './scenarios';
import { seed } from './seed';

const log = (message: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);

/** Cleanups run last-in first-out, also on Ctrl-C. */
const cleanups: (() => Promise<void> | void)[] = [];
async function cleanUp() {
  while (cleanups.length) {
    try {
      await cleanups.pop()!();
    } catch (error) {
      console.error('cleanup failed:', error instanceof Error ? error.message : error);
    }
  }
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: cleaning up`);
    void cleanUp().finally(() => process.exit(130));
  });
}

function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

/** The write scenarios may leave a timer running when a run stops mid-cycle. */
async function stopRunningTimers(client: HttpClient, users: number[], tokens: Map<number, string>) {
  for (const user of users) {
    const active = await client.expect(200, 'GET', '/api/v1/time-tracking/sessions/active', tokens.get(user));
    const entry = JSON.parse(active.body) as { id: number } | null;
    if (entry)
      await client.expect(200, 'POST', `/api/v1/time-tracking/sessions/${entry.id}/stop`, tokens.get(user));
  }
}

/** Other people's test runs on this machine skew every figure: wait (a while) until the load settles. */
async function waitForQuiet(maxSeconds: number) {
  const deadline = Date.now() + maxSeconds * 1000;
  let warned = false;
  while (os.loadavg()[0]! > QUIET_LOAD && Date.now() < deadline) {
    if (!warned)
      log(
        `waiting up to ${maxSeconds} s for the load average (${os.loadavg()[0]!.toFixed(2)}) to fall below ${QUIET_LOAD}…`,
      );
    warned = true;
    await new Promise((r) => setTimeout(r, 5000));
  }
  if (os.loadavg()[0]! > QUIET_LOAD)
    log(`warning: load average ${os.loadavg()[0]!.toFixed(2)}: something else is using the CPUs`);
}

const QUIET_LOAD = 1;
// What must not get worse (issue 11): stats' database time at 100k entries, and
// how much slower list, stats and the report may be at 100k entries than at 1k.
const STATS_DB_MS = 2;
const MAX_GROWTH = 1.5;

async function main() {
  const options = parseOptions(process.argv.slice(2));
  const started = performance.now();
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const loadBefore = os.loadavg();
  log(
    `${options.pglite ? 'PGlite' : 'Postgres'}; ${options.users} users, ${options.entries.toLocaleString('en-US')} entries; load ${options.duration}s × ${options.connections.join('/')} connections; machine load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')}`,
  );
  if (loadBefore[0]! > 0.7)
    log('warning: the machine is busy with something else; figures will be lower than they could be');

  // 1. The build.
  let buildSeconds = 0;
  if (options.build === 'always' || (options.build === 'auto' && !buildIsFresh())) {
    log('building (npm run build)…');
    const t = performance.now();
    await build();
    buildSeconds = (performance.now() - t) / 1000;
  } else if (!buildIsFresh()) {
    log('warning: --no-build with sources newer than the build');
  } else {
    log('reusing the build in .next (newer than every source file)');
  }
  const appDir = snapshotBuild(path.join(os.tmpdir(), `tt-bench-${stamp}-${process.pid}`));
  cleanups.push(() => {
    if (!options.keep) rmSync(appDir, { recursive: true, force: true });
  });

  // 2. The database and the data.
  let database: BenchDatabase;
  if (options.pglite) {
    database = await createPgliteDatabase(path.resolve('.data', `bench-pglite-${stamp}`));
  } else {
    database = await createPostgresDatabase(options.adminUrl, `tt_bench_${stamp}`);
  }
  const executor = database.executor;
  let executorOpen = true;
  cleanups.push(async () => {
    if (executorOpen) await executor.close();
    if (options.keep) log(`kept ${database.label}`);
    else await database.drop();
  });
  const dbVersion = await serverVersion(executor);
  log(`seeding ${database.label}…`);
  const now = new Date();
  const info = await seed(executor, options, now);
  log(
    `seeded ${info.entries.toLocaleString('en-US')} entries for ${info.users} users in ${info.seconds.toFixed(1)} s (date check: ${info.dateMismatches} mismatches)`,
  );
  if (info.dateMismatches > 0) throw new Error('Seeded dates disagree with the app’s local-date function.');

  const secret = randomBytes(48).toString('base64url');
  const tokens = await signTokens(secret, [
    info.heavyUser,
    ...info.curveUsers.map((c) => c.userId),
    ...info.writeUsers,
  ]);
  const { main: allMain, curve } = buildScenarios(info, tokens);
  const main = allMain.filter((s) => s.kind === 'ceiling' || !options.only || options.only.includes(s.key));

  // 3. The floor and the plans, before the server opens the database (PGlite allows one process).
  log('measuring the database floor and the query plans…');
  const floors = new Map<string, Awaited<ReturnType<typeof measureFloor>>>();
  const plans: Record<string, Plan[]> = {};
  for (const scenario of [...main, ...curve]) {
    if (!scenario.floor) continue;
    const { capture, perWorker, variants } = scenario.floor;
    const workers = perWorker ? options.floorConcurrency : 1;
    const scripts: Script[][] = [];
    for (let w = 0; w < workers; w++) {
      const forms: Script[] = [];
      for (let v = 0; v < variants; v++) forms.push(await record(executor, capture, w, v));
      scripts.push(forms);
    }
    // Reads: every worker replays the same statements.
    while (scripts.length < options.floorConcurrency) scripts.push(scripts[0]!);
    floors.set(
      scenario.key,
      await measureFloor(executor, scripts, options.floorSeconds, options.floorConcurrency),
    );
    if (scenario.kind === 'read') plans[scenario.key] = await explain(executor, scripts[0]![0]!);
  }
  if (options.pglite) {
    await executor.close();
    executorOpen = false;
  }

  // 4. The server.
  log('starting next start…');
  const server: RunningServer = await startServer({
    appDir,
    env: { ...database.serverEnv, AUTH_JWT_SECRET: secret, ...benchRateLimits() },
  });
  cleanups.push(() => server.stop());
  log(`server pid ${server.pid} on ${server.url}`);
  const client = new HttpClient(new URL(server.url));
  cleanups.push(() => client.close());

  await waitForQuiet(options.waitIdle);

  // 5. One connection, back to back: server-side time per unit, and the growth curve.
  // In rounds, so that a burst of someone else's work on the machine hits every endpoint alike.
  log(`one-connection latencies (${options.rounds} rounds)…`);
  const latencySamples = new Map<string, number[]>();
  for (let round = 0; round < options.rounds; round++) {
    for (const scenario of [...main, ...curve]) {
      const samples = await sequentialSamples(
        () => scenario.once(client),
        options.latencySeconds / options.rounds,
      );
      latencySamples.set(scenario.key, [...(latencySamples.get(scenario.key) ?? []), ...samples]);
    }
    await stopRunningTimers(client, info.writeUsers, tokens);
  }
  const sequential = new Map([...latencySamples].map(([key, samples]) => [key, latencyStats(samples)]));

  // 6. autocannon: a warm-up per endpoint, then rounds of (ceiling, every endpoint) at each
  // connection count; each run's throughput is compared with the ceiling of its own round.
  // The Postgres backends that serve the server's pool (PGlite runs inside the server process);
  // autovacuum workers are left out: their work is not any one request's.
  const databasePids = async () =>
    options.pglite
      ? []
      : (
          await executor.query<{ pid: number }>(
            `SELECT pid FROM pg_stat_activity
             WHERE datname = current_database() AND backend_type = 'client backend' AND application_name <> $1`,
            [BENCH_APPLICATION_NAME],
          )
        ).map((r) => Number(r.pid));
  const countsFor = (scenario: Scenario) =>
    scenario.target === undefined && scenario.kind === 'read'
      ? options.connections.slice(0, 1)
      : options.connections;
  const measure = async (scenario: Scenario, connections: number, round: number): Promise<LoadResult> => {
    const loadAverage = os.loadavg()[0]!;
    const backends = await databasePids();
    const before = sample(server.pid, backends);
    const run = await runLoad(server.url, scenario.requests(), connections, options.duration);
    const after = sample(server.pid, [...new Set([...backends, ...(await databasePids())])]);
    const result = { ...run, round, loadAverage, cpu: perRequest(before, after, run.requests, run.seconds) };
    const failures = result.non2xx + result.errors + result.timeouts;
    log(
      `round ${round + 1} ${scenario.label} @${connections}: ${result.rps.toFixed(0)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms${failures ? `, ${result.non2xx} non-2xx ${JSON.stringify(result.statusCodes)}, ${result.errors} errors, ${result.timeouts} timeouts` : ''}`,
    );
    if (scenario.kind === 'write') await stopRunningTimers(client, info.writeUsers, tokens);
    return result;
  };
  if (options.warmup > 0) {
    log('warming up…');
    for (const scenario of main) {
      await runLoad(server.url, scenario.requests(), countsFor(scenario)[0]!, options.warmup);
      if (scenario.kind === 'write') await stopRunningTimers(client, info.writeUsers, tokens);
    }
  }
  const runs = new Map<string, LoadResult[]>();
  for (let round = 0; round < options.rounds; round++) {
    for (const connections of options.connections) {
      for (const scenario of main) {
        if (!countsFor(scenario).includes(connections)) continue;
        const result = await measure(scenario, connections, round);
        runs.set(scenario.key, [...(runs.get(scenario.key) ?? []), result]);
      }
    }
  }
  await server.stop();

  // 7. Results.
  const ceilingOf = (connections: number, round: number) =>
    runs.get('live')!.find((r) => r.connections === connections && r.round === round)!.rps;
  const ceilingRps: Record<string, number> = {};
  for (const connections of options.connections) {
    ceilingRps[connections] = median(
      runs
        .get('live')!
        .filter((r) => r.connections === connections)
        .map((r) => r.rps),
    );
  }
  const scenarioResult = (scenario: Scenario): ScenarioResult => {
    const floor = floors.get(scenario.key);
    const seq = sequential.get(scenario.key);
    return {
      key: scenario.key,
      label: scenario.label,
      kind: scenario.kind,
      target: scenario.target,
      requestsPerUnit: scenario.requestsPerUnit,
      load: options.connections
        .map((connections) =>
          summarize(
            (runs.get(scenario.key) ?? [])
              .filter((r) => r.connections === connections)
              .map((r) => ({ ...r, ratioToCeiling: r.rps / ceilingOf(connections, r.round!) })),
          ),
        )
        .filter((l): l is NonNullable<typeof l> => l !== undefined),
      sequential: seq,
      floor,
      overFloor:
        floor && seq ? { ms: seq.p50 - floor.latency.p50, ratio: seq.p50 / floor.latency.p50 } : undefined,
    };
  };
  const scenarios = main.map(scenarioResult);
  const curvePoints: CurvePoint[] = info.curveUsers.flatMap(({ entries, userId }) =>
    (['list', 'stats', 'report'] as const).map((endpoint) => {
      const key = `${endpoint}@${sizeLabel(entries)}`;
      return {
        endpoint,
        entries,
        userId,
        p50: sequential.get(key)!.p50,
        floorP50: floors.get(key)?.latency.p50,
        executionMs: plans[key]?.find((p) => p.mode === 'custom')?.executionMs,
      };
    }),
  );

  const targets: TargetCheck[] = [];
  const at10 = (s: ScenarioResult) => s.load.find((l) => l.connections === 10) ?? s.load[0];
  for (const s of scenarios) {
    if (s.target === undefined) continue;
    const run = at10(s);
    if (!run) continue;
    targets.push({
      name: `${s.label}: throughput vs ceiling @${run.connections}`,
      target: `≥ ${Math.round(s.target * 100)}%`,
      measured: `${Math.round(run.ratioToCeiling * 100)}% (rounds ${Math.round(run.ratioMin * 100)}–${Math.round(run.ratioMax * 100)}%; ${run.rps.toFixed(0)} of ${ceilingRps[run.connections]!.toFixed(0)} req/s)`,
      met: run.ratioToCeiling >= s.target,
    });
  }
  const stats = scenarios.find((s) => s.key === 'stats');
  const statsPlan = plans.stats?.find((p) => p.mode === 'custom');
  if (stats?.floor) {
    const dbMs = stats.floor.latency.p50;
    targets.push({
      name: `${stats.label}: database time`,
      target: `≤ ${STATS_DB_MS} ms`,
      measured: `${dbMs.toFixed(2)} ms p50 through the driver (EXPLAIN: planning ${statsPlan?.planningMs.toFixed(3)} ms + execution ${statsPlan?.executionMs.toFixed(3)} ms)`,
      met: dbMs <= STATS_DB_MS,
    });
  }
  for (const endpoint of ['list', 'stats', 'report'] as const) {
    const points = curvePoints.filter((p) => p.endpoint === endpoint).sort((a, b) => a.entries - b.entries);
    const [small, large] = [points[0], points.at(-1)];
    if (!small || !large) continue;
    targets.push({
      name: `${endpoint} p50 at ${large.entries.toLocaleString('en-US')} vs ${small.entries.toLocaleString('en-US')} entries`,
      target: `< ${MAX_GROWTH}×`,
      measured: `${(large.p50 / small.p50).toFixed(2)}× (${large.p50.toFixed(2)} vs ${small.p50.toFixed(2)} ms)`,
      met: large.p50 < MAX_GROWTH * small.p50,
    });
  }
  const seqScans = Object.entries(plans).filter(([, ps]) => ps.some((p) => p.seqScanOnEntries));
  targets.push({
    name: 'no sequential scan on time_entries (list, month, stats, report, active; custom and generic plans)',
    target: 'none',
    measured: seqScans.length ? `seq scan in: ${seqScans.map(([k]) => k).join(', ')}` : 'none',
    met: seqScans.length === 0,
  });

  const cpus = os.cpus();
  const results: BenchResults = {
    meta: {
      date: new Date().toISOString(),
      command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
      database: options.pglite ? 'pglite' : 'postgres',
      databaseVersion: dbVersion,
      machine: `${cpus.length} × ${cpus[0]?.model.trim()}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}`,
      node: process.version,
      commit: commit(),
      loadAverageBefore: loadBefore.map((l) => l.toFixed(2)).join(' '),
      loadAverageAfter: os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' '),
      users: info.users,
      entries: info.entries,
      heavyUserTimezone: info.heavyTimezone,
      monthView: `${info.month.from}..${info.month.to}`,
      seedSeconds: Number(info.seconds.toFixed(1)),
      buildSeconds: Number(buildSeconds.toFixed(1)),
      totalSeconds: Number(((performance.now() - started) / 1000).toFixed(0)),
      options: { ...options },
      seed: { curveUsers: info.curveUsers, heavyUser: info.heavyUser, writeUsers: info.writeUsers.length },
    },
    ceiling: { runs: runs.get('live') ?? [], rps: ceilingRps },
    scenarios,
    curve: curvePoints,
    plans,
    targets,
  };
  printPlans(results);
  printSummary(results);
  const files = writeResults(results, options.outDir, options.pglite ? '-pglite' : '');
  log(`wrote ${files.join(', ')} in ${results.meta.totalSeconds} s`);
}

main()
  .catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 1;
  })
  .finally(cleanUp);
