import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensureBuild } from '@/scripts/ensure-build';
import { prepareMigratedDatabases } from '../helpers/migrated-database';
import { METRICS_DIR, type Metric, metricsFile } from './harness/metrics';

let removeTemplate: (() => Promise<void>) | undefined;

/** The build (made when missing or stale), the run's migrated template, the metrics file. */
export async function setup() {
  await ensureBuild();
  removeTemplate = await prepareMigratedDatabases();
  // The test workers inherit this, so their figures land in this run's file.
  process.env.HARDENING_METRICS_FILE = path.join(METRICS_DIR, `hardening-metrics-${process.pid}.jsonl`);
  rmSync(metricsFile(), { force: true });
}

export async function teardown() {
  try {
    printSummary();
  } finally {
    await removeTemplate?.();
  }
}

/** Prints the figures the suite gathered and writes them to .data/hardening-summary.json. */
function printSummary() {
  const file = metricsFile();
  const metrics: Metric[] = existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line))
    : [];
  const responses = metrics.filter((m) => m.kind === 'response');
  const unexpected5xx = responses.filter((m) => m.status >= 500 && !m.allowed5xx).length;
  const races = metrics.filter((m) => m.kind === 'race');
  const fuzz = metrics.filter((m) => m.kind === 'fuzz');
  const allOutages = metrics.filter((m): m is Extract<Metric, { kind: 'outage' }> => m.kind === 'outage');
  const outages = allOutages.filter((o) => o.scenario !== 'blackhole');
  const blackholes = allOutages.filter((o) => o.scenario === 'blackhole');
  const leaks = metrics.filter((m) => m.kind === 'hygiene');
  const summary = {
    database: process.env.DATABASE_URL ? 'postgres' : 'pglite',
    serverTz: process.env.HARDENING_SERVER_TZ ?? 'UTC',
    responses: responses.length,
    racesRun: races.reduce((n, r) => n + r.rounds, 0),
    raceRequests: races.reduce((n, r) => n + r.requests, 0),
    fuzzCases: fuzz.reduce((n, f) => n + f.cases, 0),
    unexpected5xx,
    expected503: responses.filter((m) => m.allowed5xx).length,
    outageRecoveryMs: outages.length ? Math.max(...outages.map((o) => o.recoveryMs)) : null,
    slowestOutage503Ms: outages.length ? Math.max(...outages.map((o) => o.slowest503Ms)) : null,
    blackholeRecoveryMs: blackholes.length ? Math.max(...blackholes.map((o) => o.recoveryMs)) : null,
    slowestBlackhole503Ms: blackholes.length ? Math.max(...blackholes.map((o) => o.slowest503Ms)) : null,
    leaks: leaks.length,
  };
  rmSync(file, { force: true });
  writeFileSync(path.join(METRICS_DIR, 'hardening-summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  const lines = [
    `Hardening summary (${summary.database}, server TZ=${summary.serverTz})`,
    `  races run:              ${summary.racesRun} rounds, ${summary.raceRequests} concurrent requests`,
    `  fuzz cases tried:       ${summary.fuzzCases}`,
    `  responses checked:      ${summary.responses}`,
    `  5xx seen:               ${summary.unexpected5xx} (must be 0; ${summary.expected503} expected 503s during outages)`,
    `  leaks in responses:     ${summary.leaks}`,
    `  outage recovery time:   ${summary.outageRecoveryMs === null ? 'n/a (no outage test ran: it needs Postgres)' : `${summary.outageRecoveryMs} ms`}`,
    `  slowest 503 in outage:  ${summary.slowestOutage503Ms === null ? 'n/a' : `${summary.slowestOutage503Ms} ms`}`,
    `  blackhole (no resets):  ${summary.slowestBlackhole503Ms === null ? 'n/a' : `slowest 503 ${summary.slowestBlackhole503Ms} ms, recovery ${summary.blackholeRecoveryMs} ms`}`,
  ];
  console.log(`\n${lines.join('\n')}\n`);
  for (const leak of leaks) console.log(`  LEAK ${leak.where}: ${leak.excerpt}`);
  if (summary.unexpected5xx > 0 || summary.leaks > 0) {
    throw new Error(`Hardening suite saw ${summary.unexpected5xx} unexpected 5xx and ${summary.leaks} leaks`);
  }
}
