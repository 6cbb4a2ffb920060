// The bench's own database: a fresh Postgres database per run (or a fresh PGlite
// directory), migrated like production, behind one small interface for the seed,
// the floor and the query plans.
import { rmSync } from 'node:fs';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { createOwnedPglite, type Database, MIGRATIONS_FOLDER } from '@/db/client';
import * as schema from '@/db/schema';

export type Row = Record<string, unknown>;

export const BENCH_APPLICATION_NAME = 'tt-bench';

/** What the seed, the floor and the plans need from either database. */
export interface Executor {
  kind: 'postgres' | 'pglite';
  /** One statement, with parameters. */
  query<T extends Row = Row>(text: string, params?: unknown[]): Promise<T[]>;
  /** A script of statements without parameters. */
  exec(script: string): Promise<void>;
  /** A session of its own (Postgres: a reserved connection), for transactions and timing. */
  session(): Promise<Session>;
  /**
   * A Drizzle database on the same client, for calling the domain functions;
   * `record` sees every statement as the driver gets it, with whether Drizzle
   * asked for a prepared statement.
   */
  database(record?: (statement: RecordedStatement) => void): Database;
  close(): Promise<void>;
}

export interface RecordedStatement {
  text: string;
  params: unknown[];
  /** Sent as a named prepared statement (parsed and planned once per connection). */
  prepare: boolean;
}

export interface Session {
  /** `prepare` defaults to: when there are parameters. */
  query<T extends Row = Row>(text: string, params?: unknown[], prepare?: boolean): Promise<T[]>;
  release(): void;
}

export interface BenchDatabase {
  executor: Executor;
  /** Environment for `next start` that points it at this database. */
  serverEnv: Record<string, string>;
  /** Human-readable location, for the report. */
  label: string;
  /** A connection string for the floor's driver (Postgres only). */
  url?: string;
  drop(): Promise<void>;
}

/**
 * The postgres.js client, with every `unsafe` call (Drizzle's only way in) reported,
 * transactions included, with whether Drizzle asked for a prepared statement (its
 * named queries, `.prepare(name)`), as the server's client sends them.
 */
function recording(sql: postgres.Sql, record: (statement: RecordedStatement) => void): postgres.Sql {
  return new Proxy(sql, {
    get(target, prop) {
      if (prop === 'unsafe') {
        return (text: string, params: unknown[] = [], options?: { prepare?: boolean }) => {
          record({ text, params: [...params], prepare: options?.prepare ?? false });
          return target.unsafe(text, params as postgres.ParameterOrJSON<never>[], options);
        };
      }
      if (prop === 'begin') {
        return (callback: (tx: postgres.Sql) => unknown) =>
          target.begin((tx) => callback(recording(tx as unknown as postgres.Sql, record)));
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function postgresExecutor(url: string, max = 20): Executor {
  // Named, so that the CPU accounting can tell the bench's own backends from the server's.
  const sql = postgres(url, {
    max,
    onnotice: () => {},
    prepare: true,
    // As the server's pool does (db/client.ts), so that the floor plans as the server does.
    connection: { application_name: BENCH_APPLICATION_NAME, plan_cache_mode: 'force_generic_plan' },
  });
  return {
    kind: 'postgres',
    query: async <T extends Row>(text: string, params: unknown[] = []) =>
      (await sql.unsafe(text, params as postgres.ParameterOrJSON<never>[], {
        prepare: true,
      })) as unknown as T[],
    exec: async (script) => {
      await sql.unsafe(script);
    },
    session: async () => {
      const reserved = await sql.reserve();
      return {
        // Statements without parameters (BEGIN, PREPARE, EXPLAIN EXECUTE) go unprepared.
        query: async <T extends Row>(text: string, params: unknown[] = [], prepare = params.length > 0) =>
          (await reserved.unsafe(text, params as postgres.ParameterOrJSON<never>[], {
            prepare,
          })) as unknown as T[],
        release: () => reserved.release(),
      };
    },
    database: (record) =>
      drizzlePostgres(record ? recording(sql, record) : sql, { schema }) as unknown as Database,
    close: () => sql.end({ timeout: 5 }),
  };
}

function pgliteExecutor(client: PGlite): Executor {
  const query = async <T extends Row>(text: string, params: unknown[] = []) =>
    (await client.query<T>(text, params)).rows;
  return {
    kind: 'pglite',
    query,
    exec: async (script) => {
      await client.exec(script);
    },
    // PGlite has exactly one session; "concurrent" sessions take turns on it.
    session: async () => ({ query, release: () => {} }),
    database: (record) =>
      drizzlePglite(client, {
        schema,
        logger: record && {
          logQuery: (text, params) => record({ text, params: [...params], prepare: false }),
        },
      }) as unknown as Database,
    close: () => client.close(),
  };
}

export async function createPostgresDatabase(adminUrl: string, name: string): Promise<BenchDatabase> {
  const admin = () => postgres(adminUrl, { max: 1, onnotice: () => {} });
  const creator = admin();
  await creator.unsafe(`CREATE DATABASE "${name}"`);
  await creator.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const migrator = postgres(url.toString(), { max: 1, onnotice: () => {} });
  await migratePostgres(drizzlePostgres(migrator, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
  await migrator.end();
  const executor = postgresExecutor(url.toString());
  return {
    executor,
    url: url.toString(),
    label: `Postgres ${url.host}/${name}`,
    serverEnv: { DATABASE_URL: url.toString() },
    drop: async () => {
      const dropper = admin();
      await dropper.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await dropper.end();
    },
  };
}

/**
 * A PGlite directory. The server must be the only process that opens it (it
 * refuses to start otherwise, db/embedded-lock.ts), so the bench closes its own handle (`executor.close()`) before starting the server.
 */
export async function createPgliteDatabase(dir: string): Promise<BenchDatabase> {
  // Creates the folder (and .data, missing on a fresh clone) and takes its lock until close().
  const client = await createOwnedPglite(dir);
  await migratePglite(drizzlePglite(client, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
  return {
    executor: pgliteExecutor(client),
    label: `PGlite ${path.relative(process.cwd(), dir)}`,
    serverEnv: { PGLITE_DIR: dir },
    drop: async () => {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Re-opens a PGlite directory after the server is gone (for the plans). */
export async function reopenPglite(dir: string): Promise<Executor> {
  return pgliteExecutor(await createOwnedPglite(dir));
}

/** The server version, for the report. */
export async function serverVersion(executor: Executor): Promise<string> {
  const [row] = await executor.query<{ v: string }>('select version() as v');
  return String(row?.v ?? 'unknown');
}
