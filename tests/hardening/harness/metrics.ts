import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

export const METRICS_DIR = path.resolve(import.meta.dirname, '../../../.data');

/** One file per run (set by the global setup), so runs side by side do not mix their figures. */
export const metricsFile = () =>
  process.env.HARDENING_METRICS_FILE ?? path.join(METRICS_DIR, 'hardening-metrics.jsonl');

export type Metric =
  | { kind: 'response'; status: number; allowed5xx?: boolean }
  | { kind: 'race'; name: string; rounds: number; requests: number }
  | { kind: 'fuzz'; name: string; cases: number }
  // scenario: the proxy cut (resets), or a blackhole (silence; see TcpProxy).
  | { kind: 'outage'; scenario?: 'cut' | 'blackhole'; recoveryMs: number; slowest503Ms: number }
  | { kind: 'hygiene'; where: string; excerpt: string };

/** Appends a figure for the summary that global teardown prints (one line per event). */
export function record(metric: Metric) {
  mkdirSync(path.dirname(metricsFile()), { recursive: true });
  appendFileSync(metricsFile(), `${JSON.stringify(metric)}\n`);
}
