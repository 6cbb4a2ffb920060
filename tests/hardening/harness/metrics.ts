import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

export const METRICS_FILE = path.resolve(import.meta.dirname, '../../../.data/hardening-metrics.jsonl');

export type Metric =
  | { kind: 'response'; status: number; allowed5xx?: boolean }
  | { kind: 'race'; name: string; rounds: number; requests: number }
  | { kind: 'fuzz'; name: string; cases: number }
  | { kind: 'outage'; recoveryMs: number; slowest503Ms: number }
  | { kind: 'hygiene'; where: string; excerpt: string };

/** Appends a figure for the summary that global teardown prints (one line per event). */
export function record(metric: Metric) {
  mkdirSync(path.dirname(METRICS_FILE), { recursive: true });
  appendFileSync(METRICS_FILE, `${JSON.stringify(metric)}\n`);
}
