// Turns the measurements into the printed table, bench/results/latest.json and a
// markdown summary.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FloorResult } from './floor';
import type { LatencyStats, LoadResult } from './load';
import type { Plan } from './plans';

export interface ScenarioResult {
  key: string;
  label: string;
  kind: 'ceiling' | 'read' | 'write';
  target?: number;
  requestsPerUnit: number;
  /** autocannon runs by connection count, with the throughput as a share of the ceiling. */
  load: (LoadResult & { ratioToCeiling: number })[];
  /** One connection, back to back: the server-side time of one unit of work (ms). */
  sequential?: LatencyStats;
  floor?: FloorResult;
  /** sequential p50 − floor p50 (ms), and their ratio. */
  overFloor?: { ms: number; ratio: number };
}

export interface CurvePoint {
  endpoint: 'list' | 'stats';
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
  ceiling: { start: LoadResult[]; end: LoadResult[]; rps: Record<string, number> };
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
    'round trips',
    ...counts.flatMap((c) => [`req/s @${c}`, `vs ceiling @${c}`]),
    'target @10',
    `p50 / p99 @${counts[0]} (ms)`,
    'server p50 (ms)',
    'floor p50 (ms)',
    'server − floor (ms)',
    'floor units/s',
    'non-2xx',
  ];
  const rows = results.scenarios.map((s) => {
    const first = s.load.find((l) => l.connections === counts[0]);
    return [
      s.label,
      s.floor ? String(s.floor.roundTrips) : s.kind === 'ceiling' ? '0' : '–',
      ...counts.flatMap((c) => {
        const run = s.load.find((l) => l.connections === c);
        return [run ? f(run.rps, 0) : '–', run ? pct(run.ratioToCeiling) : '–'];
      }),
      s.target ? `≥ ${pct(s.target)}` : '',
      first ? `${first.latency.p50} / ${first.latency.p99}` : '–',
      f(s.sequential?.p50, 2),
      f(s.floor?.latency.p50, 2),
      f(s.overFloor?.ms, 2),
      s.floor ? f(s.floor.throughput, 0) : '–',
      String(s.load.reduce((n, l) => n + l.non2xx + l.errors + l.timeouts, 0)),
    ];
  });
  return table(head, rows, markdown);
}

export function curveTable(results: BenchResults, markdown: boolean): string {
  const sizes = [...new Set(results.curve.map((p) => p.entries))].sort((a, b) => a - b);
  const head = [
    'endpoint',
    ...sizes.map((n) => `p50 @${n.toLocaleString('en-US')} (ms)`),
    `${sizes.at(-1)?.toLocaleString('en-US')} ÷ ${sizes[0]?.toLocaleString('en-US')}`,
    ...sizes.map((n) => `floor p50 @${n.toLocaleString('en-US')}`),
    ...sizes.map((n) => `EXPLAIN exec @${n.toLocaleString('en-US')}`),
  ];
  const rows = (['list', 'stats'] as const).map((endpoint) => {
    const points = sizes.map((n) => results.curve.find((p) => p.endpoint === endpoint && p.entries === n));
    const ratio = (points.at(-1)?.p50 ?? Number.NaN) / (points[0]?.p50 ?? Number.NaN);
    return [
      endpoint === 'list' ? 'GET /entries?limit=100' : 'GET /stats',
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
    'Throughput ratios are against the ceiling (`GET /api/health/live`) at the same connection count, averaged over a run at the start and one at the end. "server p50" is one keep-alive connection, back to back (no queueing); "floor p50" is the same statements replayed through the driver on one connection. A start/stop cycle counts as one unit of two requests.',
    '',
    mainTable(results, true),
    '',
    '## Growth with data (one connection, p50)',
    '',
    curveTable(results, true),
    '',
    '## Targets',
    '',
    targetTable(results, true),
    '',
    '## Query plans',
    '',
    planSection(results),
    '',
  ].join('\n');
}

export function printSummary(results: BenchResults): void {
  console.log(`\n${mainTable(results, false)}\n`);
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
