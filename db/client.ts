import path from 'node:path';
import type { PGlite, PGliteOptions } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { type Env, env } from '@/lib/env';
import { lockEmbeddedDatabase } from './embedded-lock';
import { createPglite } from './pglite';
import * as schema from './schema';

/** Rows of `db.execute`: postgres.js gives an array, PGlite an object with `rows`. */
export const rowsOf = (result: unknown): Record<string, unknown>[] =>
  Array.isArray(result) ? result : (result as { rows: Record<string, unknown>[] }).rows;

/** Either driver: domain code only uses what both have in common. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export const MIGRATIONS_FOLDER = path.join(process.cwd(), 'db', 'migrations');

/** Limits Postgres itself enforces on every statement of a connection, in milliseconds. */
export interface StatementLimits {
  statementMs: number;
  lockMs: number;
  idleInTransactionMs: number;
}

export interface PoolOptions {
  poolMax: number;
  connectTimeoutMs: number;
  /** false behind a transaction-mode pooler that cannot keep prepared statements. */
  prepare: boolean;
  /** The server's pool has them; tools such as the migrator, whose statements may run long, do not. */
  limits?: StatementLimits;
}

/**
 * How much longer than `statement_timeout` the driver waits for an answer
 * before it presumes the connection lost: Postgres answers a statement it
 * cancelled at once, so silence past this point means nothing is listening.
 */
const LOST_CONNECTION_MARGIN_MS = 2000;
/** How long a cancel request may go unanswered before its connection is closed. */
const CANCEL_TIMEOUT_SECONDS = 2;

/**
 * The longest a query can wait on a connection that stopped answering before
 * it fails: the driver's query_timeout, then its unanswered cancel request.
 */
export const lostConnectionDeadlineMs = (limits: StatementLimits) =>
  limits.statementMs + LOST_CONNECTION_MARGIN_MS + CANCEL_TIMEOUT_SECONDS * 1000;

/** The limits of the server's pool, from DB_STATEMENT_TIMEOUT, DB_LOCK_TIMEOUT and DB_IDLE_IN_TRANSACTION_TIMEOUT. */
export const serverLimits = (config: Env): StatementLimits => ({
  statementMs: config.DB_STATEMENT_TIMEOUT,
  lockMs: config.DB_LOCK_TIMEOUT,
  idleInTransactionMs: config.DB_IDLE_IN_TRANSACTION_TIMEOUT,
});

/**
 * A pool of postgres.js connections with Drizzle on top, configured with the
 * driver's documented options only.
 *
 * With `limits`, Postgres bounds every statement (statement_timeout,
 * lock_timeout, idle_in_transaction_session_timeout, sent as startup
 * parameters): a statement past them is cancelled by the database, so its
 * request fails with nothing applied. The driver's `query_timeout`, set above
 * statement_timeout, is only the detector for a connection that stopped
 * answering (a network that drops packets): it cancels the query, and when the
 * cancel goes unanswered too (`cancel_timeout`) the driver closes that one
 * connection and the pool connects again for the next query.
 */
export function connectPostgres(url: string, options: PoolOptions) {
  const { limits } = options;
  const client = postgres(url, {
    max: options.poolMax,
    // The driver's default is 30 s; an outage must become a prompt 503.
    connect_timeout: options.connectTimeoutMs / 1000,
    // Reconnect at once: a growing back-off would make every request of an
    // outage wait for it before its 503.
    backoff: () => 0,
    idle_timeout: 20,
    prepare: options.prepare,
    connection: {
      // Every statement here is a lookup by user or id, for which the generic
      // plan is the one a custom plan would choose; re-planning each execution
      // cost more than running it (docs/PERFORMANCE.md). Only prepared statements
      // have plans to keep.
      ...(options.prepare && { plan_cache_mode: 'force_generic_plan' }),
      ...(limits && {
        statement_timeout: limits.statementMs,
        lock_timeout: limits.lockMs,
        idle_in_transaction_session_timeout: limits.idleInTransactionMs,
      }),
    },
    ...(limits && {
      query_timeout: (limits.statementMs + LOST_CONNECTION_MARGIN_MS) / 1000,
      cancel_timeout: CANCEL_TIMEOUT_SECONDS,
    }),
    onnotice: false,
  });
  return {
    db: drizzlePostgres(client, { schema }) as Database,
    close: () => client.end(),
  };
}

/**
 * Opens (creating if needed) a PGlite database in a folder this process then
 * owns (db/embedded-lock.ts): it throws EmbeddedDatabaseLockedError at once
 * if another process has the folder (or this one has it open already).
 * `close()` closes it and gives the lock back. In-memory databases (`memory://`) need no lock.
 */
export async function createOwnedPglite(dataDir: string, options?: PGliteOptions): Promise<PGlite> {
  if (dataDir.includes('://')) return createPglite(dataDir, options);
  const lock = lockEmbeddedDatabase(dataDir, { open: true });
  let client: PGlite;
  try {
    client = await createPglite(dataDir, options);
  } catch (error) {
    lock.release();
    throw error;
  }
  const close = client.close.bind(client);
  client.close = async () => {
    try {
      await close();
    } finally {
      lock.release();
    }
  };
  return client;
}

/** Opens (creating if needed) a PGlite database this process owns and applies the migrations. */
export async function openPglite(dataDir: string) {
  const client = await createOwnedPglite(dataDir);
  const db = drizzlePglite(client, { schema });
  try {
    await migratePglite(db, { migrationsFolder: MIGRATIONS_FOLDER });
  } catch (error) {
    await client.close();
    throw error;
  }
  return { db: db as Database, close: () => client.close() };
}

/**
 * The configured database for a command-line tool (npm run db:migrate,
 * db:check): one Postgres session without the server's statement limits (a
 * tool may read or rewrite a whole table), or the embedded database, which
 * it then owns: if a server (or another tool) has the folder, this throws
 * EmbeddedDatabaseLockedError at once. `where` names it for the tool's output.
 */
export async function openForTool() {
  const config = env();
  if (config.DATABASE_URL) {
    const url = new URL(config.DATABASE_URL);
    const { db, close } = connectPostgres(config.DATABASE_URL, {
      poolMax: 1,
      connectTimeoutMs: config.DB_CONNECT_TIMEOUT,
      prepare: config.DB_PREPARE,
    });
    return { kind: 'postgres' as const, db, close, where: `${url.host}${url.pathname}` };
  }
  const { db, close } = await openPglite(config.PGLITE_DIR);
  return { kind: 'pglite' as const, db, close, where: `the embedded database in ${config.PGLITE_DIR}` };
}

async function connect(): Promise<Database> {
  const config = env();
  if (!config.DATABASE_URL) return (await openPglite(config.PGLITE_DIR)).db;
  return connectPostgres(config.DATABASE_URL, {
    poolMax: config.DB_POOL_MAX,
    connectTimeoutMs: config.DB_CONNECT_TIMEOUT,
    prepare: config.DB_PREPARE,
    limits: serverLimits(config),
  }).db;
}

// Cached on globalThis so that hot reloads in development reuse one pool (and
// one PGlite instance, which must not be opened twice).
const cache = globalThis as typeof globalThis & { __timeTrackingDb?: Promise<Database> };

export function getDb(): Promise<Database> {
  if (!cache.__timeTrackingDb) {
    const pending = connect();
    cache.__timeTrackingDb = pending;
    // A failed start (say, a locked PGlite directory) is retried by the next request.
    pending.catch(() => {
      if (cache.__timeTrackingDb === pending) cache.__timeTrackingDb = undefined;
    });
  }
  return cache.__timeTrackingDb;
}

/** Points every handler at the given database (tests hand in a fresh one per file). */
export function setDb(db: Database): void {
  cache.__timeTrackingDb = Promise.resolve(db);
}

/** A round trip to the database, for the readiness probe. */
export async function pingDatabase(db: Database): Promise<void> {
  await db.execute(sql`select 1`);
}
