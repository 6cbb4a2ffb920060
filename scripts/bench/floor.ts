// The database floor: the exact statements an endpoint sends, recorded by calling
// the same domain functions the route calls (Drizzle's logger sees every statement),
// then replayed straight through the driver. What the server adds on top of this is
// framework, auth, validation and serialisation.
import type { Database } from '@/db/client';
import type { Executor, RecordedStatement, Session } from './database';
import { type LatencyStats, timeConcurrent, timeSequential } from './load';

export type Statement = RecordedStatement;

export interface Script {
  statements: Statement[];
  /** Ids of the rows the recorded run created; replays map them to the ids their own inserts return. */
  createdIds: number[];
}

/** Calls domain functions on `db`; returns the ids of the entries it created (if any). */
export type Capture = (db: Database, worker: number, variant: number) => Promise<number[] | undefined>;

class Recorder {
  statements: Statement[] = [];
  record = (statement: Statement) => {
    this.statements.push(statement);
  };
}

/**
 * A database whose transactions show up in the recording as BEGIN and COMMIT,
 * as the server sends them (postgres.js sends each as its own round trip).
 */
function recording(db: Database, recorder: Recorder): Database {
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'transaction') {
        return async (callback: (tx: Database) => Promise<unknown>) => {
          recorder.statements.push({ text: 'BEGIN', params: [], prepare: false });
          try {
            const result = await target.transaction((tx) => callback(tx as unknown as Database));
            recorder.statements.push({ text: 'COMMIT', params: [], prepare: false });
            return result;
          } catch (error) {
            recorder.statements.push({ text: 'ROLLBACK', params: [], prepare: false });
            throw error;
          }
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

export async function record(executor: Executor, capture: Capture, worker = 0, variant = 0): Promise<Script> {
  const recorder = new Recorder();
  const createdIds =
    (await capture(recording(executor.database(recorder.record), recorder), worker, variant)) ?? [];
  return { statements: recorder.statements, createdIds };
}

const isInsert = (text: string) => /^\s*insert\s+into\s+"time_entries"/i.test(text);

/** Runs a recorded script once on a session, mapping created ids to the new ones. */
export async function replay(session: Session, script: Script): Promise<void> {
  const ids = new Map<number, number>();
  let inserts = 0;
  for (const { text, params, prepare } of script.statements) {
    const mapped = params.map((p) => (typeof p === 'number' && ids.has(p) ? ids.get(p)! : p));
    const rows = await session.query(text, mapped, prepare);
    if (isInsert(text) && script.createdIds[inserts] !== undefined) {
      const id = Number(rows[0]?.id);
      if (!Number.isInteger(id))
        throw new Error(`floor replay: the insert returned no id (${text.slice(0, 80)}…)`);
      ids.set(script.createdIds[inserts]!, id);
      inserts++;
    }
  }
}

export interface FloorResult {
  /** Statements per unit, as recorded. */
  roundTrips: number;
  /**
   * Network round trips per unit on Postgres: postgres.js sends a statement with
   * parameters that is not prepared as Parse/Describe, waits for the parameter
   * types, then Bind/Execute — two round trips; a prepared one takes one.
   */
  networkRoundTrips?: number;
  statements: { text: string; prepared: boolean }[];
  latency: LatencyStats;
  /** Units per second with `concurrency` sessions. */
  throughput: number;
  concurrency: number;
}

/**
 * Times the floor: one session back to back (latency), then `concurrency`
 * sessions at once (throughput). `scripts[worker][variant]`; variants alternate.
 */
export async function measureFloor(
  executor: Executor,
  scripts: Script[][],
  seconds: number,
  concurrency: number,
): Promise<FloorResult> {
  const sessions = await Promise.all(
    Array.from({ length: Math.min(concurrency, scripts.length) }, () => executor.session()),
  );
  try {
    const turn = scripts.map(() => 0);
    const unit = (worker: number) => {
      const variants = scripts[worker]!;
      const script = variants[turn[worker]!++ % variants.length]!;
      return replay(sessions[worker]!, script);
    };
    const latency = await timeSequential(() => unit(0), seconds);
    const throughput = await timeConcurrent(unit, sessions.length, seconds);
    const first = scripts[0]![0]!;
    return {
      roundTrips: first.statements.length,
      networkRoundTrips:
        executor.kind === 'postgres'
          ? first.statements.reduce((n, st) => n + (st.prepare || st.params.length === 0 ? 1 : 2), 0)
          : undefined,
      statements: first.statements.map((s) => ({ text: s.text, prepared: s.prepare })),
      latency,
      throughput,
      concurrency: sessions.length,
    };
  } finally {
    for (const session of sessions) session.release();
  }
}
