// EXPLAIN (ANALYZE, BUFFERS) of the recorded read statements, with the plan the
// server's prepared statements use (generic: db/client.ts sets plan_cache_mode)
// and the one Postgres would make for the values at hand (custom), e.g. with
// DB_PREPARE=false.
import type { Executor } from './database';
import type { Script } from './floor';

export interface Plan {
  statement: string;
  mode: 'custom' | 'generic';
  text: string;
  planningMs: number;
  executionMs: number;
  /** A sequential scan on time_entries anywhere in the plan. */
  seqScanOnEntries: boolean;
  /** Tables the plan reads, as named in scan nodes. */
  tables: string[];
}

function parse(statement: string, mode: Plan['mode'], lines: string[]): Plan {
  const text = lines.join('\n');
  const ms = (label: string) => Number(new RegExp(`${label}: ([0-9.]+) ms`).exec(text)?.[1] ?? Number.NaN);
  const tables = [...new Set([...text.matchAll(/ on ([a-z_]+)/g)].map((m) => m[1]!))];
  return {
    statement,
    mode,
    text,
    planningMs: ms('Planning Time'),
    executionMs: ms('Execution Time'),
    seqScanOnEntries: /Seq Scan on time_entries\b/.test(text),
    tables,
  };
}

const literal = (value: unknown): string => {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = value instanceof Date ? value.toISOString() : String(value);
  return `'${text.replace(/'/g, "''")}'`;
};

/**
 * Prepares each read statement and explains its execution under both plan cache
 * modes, as postgres.js runs it (a named prepared statement).
 */
export async function explain(executor: Executor, script: Script): Promise<Plan[]> {
  const plans: Plan[] = [];
  const session = await executor.session();
  try {
    for (const { text, params } of script.statements) {
      if (!/^\s*(select|with)\b/i.test(text)) continue;
      await session.query(`PREPARE bench_plan AS ${text}`);
      const execute = `EXECUTE bench_plan${params.length ? `(${params.map(literal).join(', ')})` : ''}`;
      for (const mode of ['custom', 'generic'] as const) {
        await session.query(`SET plan_cache_mode = force_${mode}_plan`);
        // Twice: the first run warms the cache, as on a live server.
        await session.query(`EXPLAIN (ANALYZE, BUFFERS) ${execute}`);
        const rows = await session.query<Record<string, string>>(`EXPLAIN (ANALYZE, BUFFERS) ${execute}`);
        plans.push(
          parse(
            text,
            mode,
            rows.map((r) => String(Object.values(r)[0])),
          ),
        );
      }
      await session.query('RESET plan_cache_mode');
      await session.query('DEALLOCATE bench_plan');
    }
  } finally {
    session.release();
  }
  return plans;
}
