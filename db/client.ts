import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { type DatabaseConfig, databaseConfig } from '@/lib/config';
import { arrayParameterTypes, guardQueries, openSocket } from './postgres-workarounds';
import * as schema from './schema';

/** Either driver: domain code only uses what both have in common. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export const MIGRATIONS_FOLDER = path.join(process.cwd(), 'db', 'migrations');

export interface QueryGuard {
  /** How long a query may go unanswered before it fails with a 503. */
  deadlineMs: number;
  /** Called when a query's connection is presumed lost: the pool must be replaced. */
  onConnectionLost: () => void;
}

/**
 * A pool of `poolMax` connections with Drizzle on top. The work-arounds of
 * ./postgres-workarounds.ts apply to every pool; the server's (getDb) also
 * holds every query to a deadline (`guard`), which tools such as the migrator
 * must not have.
 */
export function connectPostgres(
  url: string,
  config: Pick<DatabaseConfig, 'poolMax' | 'connectTimeoutSeconds' | 'prepare'>,
  guard?: QueryGuard,
) {
  const client = postgres(url, {
    max: config.poolMax,
    // The driver's default is 30 s; an outage must become a prompt 503.
    connect_timeout: config.connectTimeoutSeconds,
    // Reconnect at once: the default backoff grows to 20 s during an outage, and
    // every request would sit through it before its 503.
    backoff: () => 0,
    idle_timeout: 20,
    // A connection that dies mid-query must fail its queries and leave the pool
    // at once, and no promise of the driver's may go unhandled: see
    // ./postgres-workarounds.ts for why these three are set. (`socket` is
    // documented, under "Custom socket", but missing from the driver's types.)
    ...({ socket: openSocket } as object),
    fetch_types: false,
    types: arrayParameterTypes,
    prepare: config.prepare,
    // Postgres re-plans a prepared statement on every execution as long as its
    // generic plan looks dearer than a custom one, which the list's LIMIT and
    // OFFSET parameters always make it look: planning then cost more than running
    // it. Every statement here is a lookup by user or id, for which the generic
    // plan is the one a custom plan would choose (the bench prints both). Sent in
    // the startup packet, which transaction-mode poolers (DB_PREPARE=false) may
    // refuse, and which only matters for prepared statements anyway.
    ...(config.prepare && { connection: { plan_cache_mode: 'force_generic_plan' } }),
    onnotice: () => {},
  });
  if (config.prepare) prepareEveryStatement(client);
  if (guard) guardQueries(client, guard);
  return {
    db: drizzlePostgres(client, { schema }) as Database,
    close: () => client.end(),
    /** Lets queries under way finish for up to `seconds`, then drops every connection. */
    retire: (seconds: number) => client.end({ timeout: seconds }),
  };
}

/**
 * Drizzle asks postgres.js to prepare only the queries it was given a name for
 * (`.prepare(name)`); every other statement with parameters then costs two
 * network round trips (Parse/Describe, wait for the parameter types, then
 * Bind/Execute) and a parse and plan in Postgres each time. postgres.js keeps a
 * per-connection cache of prepared statements keyed by their text, so this turns
 * it on for every statement. The cache grows with the number of distinct
 * statement texts, which is small and fixed here: every value is a parameter, and
 * the only list (batch ids) is one array parameter.
 */
function prepareEveryStatement(client: postgres.Sql) {
  const unsafe = client.unsafe.bind(client);
  client.unsafe = ((query, parameters, options) =>
    unsafe(query, parameters, { ...options, prepare: true })) as typeof client.unsafe;
}

/** Opens (creating if needed) a PGlite database and applies the migrations. */
export async function openPglite(dataDir: string) {
  if (!dataDir.includes('://')) mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create(dataDir);
  const db = drizzlePglite(client, { schema });
  await migratePglite(db, { migrationsFolder: MIGRATIONS_FOLDER });
  return { db: db as Database, close: () => client.close() };
}

/**
 * How long the server lets a query go unanswered (at least the connect
 * timeout, which covers connecting): past it the request gets its 503.
 */
const queryDeadlineMs = (connectTimeoutSeconds: number) => Math.max(5, connectTimeoutSeconds) * 1000;

async function connect(self: () => Promise<Database> | undefined): Promise<Database> {
  const config = databaseConfig();
  if (!config.url) return (await openPglite(config.pgliteDir)).db;
  const deadlineMs = queryDeadlineMs(config.connectTimeoutSeconds);
  const pool = connectPostgres(config.url, config, {
    deadlineMs,
    onConnectionLost() {
      // The next request opens a fresh pool; this one finishes what it can and
      // closes, which also fails whatever the lost connection still held.
      if (cache.__timeTrackingDb !== self()) return;
      cache.__timeTrackingDb = undefined;
      console.error('Database connection lost; replacing the connection pool');
      pool.retire(deadlineMs / 1000).catch(() => {});
    },
  });
  return pool.db;
}

// Cached on globalThis so that hot reloads in development reuse one pool (and
// one PGlite instance, which must not be opened twice).
const cache = globalThis as typeof globalThis & { __timeTrackingDb?: Promise<Database> };

export function getDb(): Promise<Database> {
  if (!cache.__timeTrackingDb) {
    const pending: Promise<Database> = connect(() => pending);
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
