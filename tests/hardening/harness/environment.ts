import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { connectPostgres, MIGRATIONS_FOLDER } from '@/db/client';
import { type RunningServer, startServer } from '@/scripts/next-server';
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
 * A production server (`next start`) on a database of its own: a fresh,
 * migrated Postgres database reached through a TcpProxy when DATABASE_URL is
 * set, otherwise an embedded PGlite in a temporary directory.
 */
export async function startEnvironment(options: EnvironmentOptions = {}): Promise<Environment> {
  const base = {
    AUTH_JWT_SECRET: HARDENING_SECRET,
    TZ: options.tz ?? process.env.HARDENING_SERVER_TZ ?? 'UTC',
    ...options.env,
  };
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const dir = mkdtempSync(path.join(tmpdir(), 'tt-hardening-'));
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

  const name = `tt_hardening_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE "${name}"`);
  const direct = new URL(adminUrl);
  direct.pathname = `/${name}`;
  const migrator = connectPostgres(direct.toString(), {
    poolMax: 1,
    connectTimeoutMs: 5000,
    prepare: true,
  });
  await migrate(migrator.db as Parameters<typeof migrate>[0], { migrationsFolder: MIGRATIONS_FOLDER });
  await migrator.close();

  const proxy = await new TcpProxy(direct.hostname, Number(direct.port || 5432)).listen();
  const viaProxy = new URL(direct);
  viaProxy.hostname = '127.0.0.1';
  viaProxy.port = String(proxy.port);
  const server = await startServer({ env: { ...base, DATABASE_URL: viaProxy.toString() } });
  const sql = postgres(direct.toString(), { max: 2, onnotice: () => {} });
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
      await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
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
      (select coalesce(string_agg(s::text, E'\n' order by s.user_id), '') from user_settings s) as settings`;
  return `${row?.entries}\n--\n${row?.settings}`;
}
