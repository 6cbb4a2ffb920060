// Turns the measurements into the printed table, bench/results/latest.json and a
// markdown summary.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FloorResult } from './floor';
import type { LatencyStats, LoadResult, LoadSummary } from './load';
import type { Plan } from './plans';

export interface ScenarioResult {
  key: string;
  label: string;
  kind: 'ceiling' | 'read' | 'write';
  target?: number;
  requestsPerUnit: number;
  /** autocannon rounds by connection count, with the throughput as a share of the ceiling. */
  load: LoadSummary[];
  /** One connection, back to back: the server-side time of one unit of work (ms). */
  sequential?: LatencyStats;
  floor?: FloorResult;
  /** sequential p50 − floor p50 (ms), and their ratio. */
  overFloor?: { ms: number; ratio: number };
}

export interface CurvePoint {
  endpoint: 'list' | 'stats' | 'report';
  entries: number;
  userId: number;
  p50: number;
  floorP50?: number;
  executionMs?: number;
}

export interface TargetCheck {
  name: string;
  target: string;
  measured: string;
  met: boolean;
}

export interface BenchResults {
  meta: Record<string, unknown> & { date: string; database: string };
  /** Every ceiling run, and the median throughput per connection count. */
  ceiling: { runs: LoadResult[]; rps: Record<string, number> };
  scenarios: ScenarioResult[];
  curve: CurvePoint[];
  plans: Record<string, Plan[]>;
  targets: TargetCheck[];
}

const f = (value: number | undefined, digits = 1) =>
  value === undefined || Number.isNaN(value) ? '–' : value.toFixed(digits);
const pct = (value: number | undefined) => (value === undefined ? '–' : `${Math.round(value * 100)}%`);

function table(head: string[], rows: string[][], markdown: boolean): string {
  if (markdown) {
    const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
    return [line(head), line(head.map((_, i) => (i === 0 ? '---' : '---:'))), ...rows.map(line)].join('\n');
  }
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function mainTable(results: BenchResults, markdown: boolean): string {
  const counts = [...new Set(results.scenarios.flatMap((s) => s.load.map((l) => l.connections)))];
  const head = [
    'endpoint',
    'statements / network round trips',
    ...counts.flatMap((c) => [`req/s @${c}`, `vs ceiling @${c}`]),
    'target @10',
    ...counts.map((c) => `p50 / p99 @${c} (ms)`),
    'non-2xx',
  ];
  const rows = results.scenarios.map((s) => [
    s.label,
    s.floor
      ? `${s.floor.roundTrips}${s.floor.networkRoundTrips === undefined ? '' : ` / ${s.floor.networkRoundTrips}`}`
      : s.kind === 'ceiling'
        ? '0'
        : '–',
    ...counts.flatMap((c) => {
      const run = s.load.find((l) => l.connections === c);
      const spread = run && run.runs.length > 1 ? ` (${pct(run.ratioMin)}–${pct(run.ratioMax)})` : '';
      return [run ? f(run.rps, 0) : '–', run ? `${pct(run.ratioToCeiling)}${spread}` : '–'];
    }),
    s.target ? `≥ ${pct(s.target)}` : '',
    ...counts.map((c) => {
      const run = s.load.find((l) => l.connections === c);
      return run ? `${run.latency.p50} / ${run.latency.p99}` : '–';
    }),
    String(s.load.reduce((n, l) => n + l.non2xx + l.errors + l.timeouts, 0)),
  ]);
  return table(head, rows, markdown);
}

/** Where each request's time goes: one-connection latency against the floor, CPU per request under load. */
export function costTable(results: BenchResults, markdown: boolean): string {
  const first = results.scenarios[0]?.load[0]?.connections ?? 10;
  const head = [
    'endpoint',
    'server p50 (ms)',
    'floor p50 (ms)',
    'server − floor (ms)',
    'server ÷ floor',
    `server CPU/req @${first} (ms)`,
    `DB CPU/req @${first} (ms)`,
    `busy cores @${first}`,
    `floor units/s (${results.scenarios.find((s) => s.floor)?.floor?.concurrency ?? '–'} sessions)`,
  ];
  const rows = results.scenarios.map((s) => {
    const run = s.load.find((l) => l.connections === first);
    return [
      s.label,
      f(s.sequential?.p50, 2),
      f(s.floor?.latency.p50, 2),
      f(s.overFloor?.ms, 2),
      s.overFloor ? `${f(s.overFloor.ratio, 1)}×` : '–',
      f(run?.cpu?.serverMs, 2),
      f(run?.cpu?.databaseMs, 2),
      f(run?.cpu?.busyCores, 2),
      s.floor ? f(s.floor.throughput, 0) : '–',
    ];
  });
  return table(head, rows, markdown);
}

const CURVE_LABELS: Record<CurvePoint['endpoint'], string> = {
  list: 'GET /entries?limit=100',
  stats: 'GET /stats',
  report: 'GET /reports/summary (a year by month)',
};

export function curveTable(results: BenchResults, markdown: boolean): string {
  const sizes = [...new Set(results.curve.map((p) => p.entries))].sort((a, b) => a - b);
  const head = [
    'endpoint',
    ...sizes.map((n) => `p50 @${n.toLocaleString('en-US')} (ms)`),
    `${sizes.at(-1)?.toLocaleString('en-US')} ÷ ${sizes[0]?.toLocaleString('en-US')}`,
    ...sizes.map((n) => `floor p50 @${n.toLocaleString('en-US')}`),
    ...sizes.map((n) => `EXPLAIN exec @${n.toLocaleString('en-US')}`),
  ];
  const rows = (['list', 'stats', 'report'] as const).map((endpoint) => {
    const points = sizes.map((n) => results.curve.find((p) => p.endpoint === endpoint && p.entries === n));
    const ratio = (points.at(-1)?.p50 ?? Number.NaN) / (points[0]?.p50 ?? Number.NaN);
    return [
      CURVE_LABELS[endpoint],
      ...points.map((p) => f(p?.p50, 2)),
      `${f(ratio, 2)}×`,
      ...points.map((p) => f(p?.floorP50, 2)),
      ...points.map((p) => f(p?.executionMs, 3)),
    ];
  });
  return table(head, rows, markdown);
}

export function targetTable(results: BenchResults, markdown: boolean): string {
  return table(
    ['target', 'required', 'measured', 'met'],
    results.targets.map((t) => [t.name, t.target, t.measured, t.met ? 'yes' : 'NO']),
    markdown,
  );
}

/** Each endpoint's statements, in order: its database round trips. */
function roundTripSection(results: BenchResults): string {
  return results.scenarios
    .filter((s) => s.floor)
    .map((s) => {
      const lines = s.floor!.statements.map(
        (st, i) =>
          `${i + 1}. ${s.floor!.networkRoundTrips === undefined ? '' : st.prepared ? '(prepared) ' : '(not prepared) '}\`${st.text.replace(/\s+/g, ' ').slice(0, 160)}${st.text.length > 160 ? '…' : ''}\``,
      );
      const network =
        s.floor!.networkRoundTrips === undefined ? '' : `, ${s.floor!.networkRoundTrips} network round trips`;
      return `**${s.label}** — ${s.floor!.roundTrips} statement${s.floor!.roundTrips === 1 ? '' : 's'}${network} per ${s.requestsPerUnit > 1 ? 'cycle' : 'request'}\n\n${lines.join('\n')}`;
    })
    .join('\n\n');
}

function planSection(results: BenchResults): string {
  const parts: string[] = [];
  for (const [key, plans] of Object.entries(results.plans)) {
    for (const plan of plans) {
      parts.push(
        `#### ${key} — ${plan.mode} plan (planning ${f(plan.planningMs, 3)} ms, execution ${f(plan.executionMs, 3)} ms${plan.seqScanOnEntries ? ', SEQ SCAN ON time_entries' : ''})\n\n\`\`\`sql\n${plan.statement}\n\`\`\`\n\n\`\`\`\n${plan.text}\n\`\`\``,
      );
    }
  }
  return parts.join('\n\n');
}

function metaLines(results: BenchResults): string[] {
  const m = results.meta as Record<string, unknown>;
  return Object.entries(m)
    .filter(([, v]) => typeof v !== 'object' || v === null)
    .map(([k, v]) => `- **${k}**: ${String(v)}`);
}

export function markdown(results: BenchResults): string {
  const m = results.meta as Record<string, unknown>;
  return [
    `# Benchmark results (${results.meta.database})`,
    '',
    `Generated by \`${String(m.command)}\` on ${results.meta.date}. Numbers from one run on this machine; the load generator runs on the same machine.`,
    '',
    ...metaLines(results),
    '',
    '## Throughput and server time',
    '',
    'Each endpoint ran once per round at each connection count, right after the ceiling (`GET /api/health/live`) at that count; a ratio is the median over the rounds of the endpoint’s throughput over the ceiling’s in the same round (range in brackets); req/s are medians. p50 / p99 are from autocannon (1 ms resolution, queueing included). A start/stop cycle is two requests.',
    '',
    mainTable(results, true),
    '',
    '## Where the time goes',
    '',
    '"server p50": one keep-alive connection, back to back (no queueing), per unit of work. "floor p50": the same statements replayed through the driver on one connection. CPU per request: the server process (Next.js, the app and the driver) and the Postgres backends of the bench database, read from /proc over the autocannon run; "busy cores" is the whole machine (load generator included).',
    '',
    costTable(results, true),
    '',
    '## Growth with data (one connection, p50)',
    '',
    curveTable(results, true),
    '',
    '## Targets',
    '',
    targetTable(results, true),
    '',
    '## Database round trips per endpoint',
    '',
    'Recorded from the domain functions the routes call, as the driver receives them. The hot reads are Drizzle prepared queries (lib/time-tracking/prepared-queries.ts): parsed and planned once per connection, then one network round trip each. Other statements (the writes) are sent unprepared: postgres.js sends a statement with parameters as Parse/Describe, waits for the parameter types, then Bind/Execute: two round trips, and a parse and plan each time. With DB_PREPARE=false (for transaction-mode poolers) every statement is sent that way.',
    '',
    roundTripSection(results),
    '',
    '## Query plans',
    '',
    planSection(results),
    '',
  ].join('\n');
}

export function printSummary(results: BenchResults): void {
  console.log(`\n${mainTable(results, false)}\n`);
  console.log(`Where the time goes:\n${costTable(results, false)}\n`);
  console.log(`Growth with data (one connection, p50):\n${curveTable(results, false)}\n`);
  console.log(`Targets:\n${targetTable(results, false)}\n`);
}

export function printPlans(results: BenchResults): void {
  for (const [key, plans] of Object.entries(results.plans)) {
    for (const plan of plans) {
      console.log(
        `--- ${key}: ${plan.mode} plan${plan.seqScanOnEntries ? '  ** SEQ SCAN ON time_entries **' : ''}`,
      );
      console.log(plan.text);
    }
  }
}

export function writeResults(results: BenchResults, outDir: string, suffix: string): string[] {
  mkdirSync(outDir, { recursive: true });
  const json = path.join(outDir, `latest${suffix}.json`);
  const md = path.join(outDir, `latest${suffix}.md`);
  writeFileSync(json, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(md, markdown(results));
  return [json, md];
}
