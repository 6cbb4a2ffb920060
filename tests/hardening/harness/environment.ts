import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { type RunningServer, startServer } from '@/scripts/next-server';
import { createPostgresDatabase, openMigratedPglite } from '../../helpers/migrated-database';
import { type Api, createClient } from './client';
import { TcpProxy } from './tcp-proxy';

export const HARDENING_SECRET = process.env.AUTH_JWT_SECRET as string;
export const onPostgres = Boolean(process.env.DATABASE_URL);

export interface Environment {
  kind: 'postgres' | 'pglite';
  server: RunningServer;
  api: Api;
  /** Postgres only: a direct connection to the app's database, for before/after comparisons. */
  sql?: postgres.Sql;
  /** Postgres only: the proxy the app reaches the database through. */
  proxy?: TcpProxy;
  close: () => Promise<void>;
}

export interface EnvironmentOptions {
  /** Extra server environment (say, another key configuration). */
  env?: Record<string, string | undefined>;
  /** The server process's TZ (default HARDENING_SERVER_TZ, else UTC). */
  tz?: string;
}

/**
 * A production server (`next start`) on a database of its own with every
 * migration applied (tests/helpers/migrated-database.ts): a new Postgres
 * database reached through a TcpProxy when DATABASE_URL is set, otherwise an
 * embedded PGlite in a temporary directory.
 */
export async function startEnvironment(options: EnvironmentOptions = {}): Promise<Environment> {
  const base = {
    AUTH_JWT_SECRET: HARDENING_SECRET,
    TZ: options.tz ?? process.env.HARDENING_SERVER_TZ ?? 'UTC',
    // Off, but in the tests of the limits themselves (they pass their own).
    RATE_LIMIT_USER_PER_MINUTE: '0',
    RATE_LIMIT_ADDRESS_PER_MINUTE: '0',
    RATE_LIMIT_USER_IN_FLIGHT: '0',
    ...options.env,
  };
  if (!onPostgres) {
    const dir = mkdtempSync(path.join(tmpdir(), 'tt-hardening-'));
    // Only one process may open the directory: the server, once this copy is closed.
    await (await openMigratedPglite(dir)).close();
    const server = await startServer({ env: { ...base, PGLITE_DIR: dir } });
    return {
      kind: 'pglite',
      server,
      api: createClient(server.url),
      close: async () => {
        await server.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }

  const database = await createPostgresDatabase();
  const direct = new URL(database.url);
  const proxy = await new TcpProxy(direct.hostname, Number(direct.port || 5432)).listen();
  const viaProxy = new URL(direct);
  viaProxy.hostname = '127.0.0.1';
  viaProxy.port = String(proxy.port);
  const server = await startServer({ env: { ...base, DATABASE_URL: viaProxy.toString() } });
  const sql = postgres(database.url, { max: 2, onnotice: () => {} });
  return {
    kind: 'postgres',
    server,
    api: createClient(server.url),
    sql,
    proxy,
    close: async () => {
      await server.stop();
      await sql.end();
      await proxy.close();
      await database.drop();
    },
  };
}

/**
 * Every row of both tables as text, in a stable order (Postgres), to compare
 * before and after a request that must change nothing.
 */
export async function databaseDump(sql: postgres.Sql): Promise<string> {
  const [row] = await sql`
    select
      (select coalesce(string_agg(t::text, E'\n' order by t.id), '') from time_entries t) as entries,
      (select coalesce(string_agg(s::text, E'\n' order by s.user_id), '') from user_settings s) as settings,
      (select coalesce(string_agg(d::text, E'\n' order by d.id), '') from deleted_time_entries d) as deleted`;
  return `${row?.entries}\n--\n${row?.settings}\n--\n${row?.deleted}`;
}
