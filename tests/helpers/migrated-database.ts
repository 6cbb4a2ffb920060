// Databases with every migration applied, for test files and for the servers of
// the hardening suite, made fast: a suite's global setup migrates once per run
// (`prepareMigratedDatabases`), into a template database on the Postgres server
// named by DATABASE_URL or into a PGlite snapshot, and each database after that
// is a copy. Without the global setup (one server for the browser suite, say)
// each database is migrated where it is made. Every run makes its own template
// and every copy is new, so runs side by side share nothing.
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { connectPostgres, createOwnedPglite, MIGRATIONS_FOLDER } from '@/db/client';
import { createPglite } from '@/db/pglite';
import * as schema from '@/db/schema';

// Set by the global setup in the main vitest process; the test workers inherit them.
const TEMPLATE_VARIABLE = 'TEST_DATABASE_TEMPLATE';
const SNAPSHOT_VARIABLE = 'TEST_PGLITE_SNAPSHOT';

/** The server named by DATABASE_URL, for creating and dropping databases. */
function adminConnection() {
  const server = process.env.DATABASE_URL;
  if (!server) throw new Error('DATABASE_URL is not set');
  return { server, sql: postgres(server, { max: 1, onnotice: () => {} }) };
}

/** The URL of database `name` on the same server as `server`. */
function urlOf(server: string, name: string): string {
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Applies the migrations in `folder` (all of them unless given) to the Postgres database at `url`. */
export async function migratePostgres(url: string, folder = MIGRATIONS_FOLDER): Promise<void> {
  const { db, close } = connectPostgres(url, { poolMax: 1, connectTimeoutMs: 5000, prepare: true });
  try {
    await migrate(db as Parameters<typeof migrate>[0], { migrationsFolder: folder });
  } finally {
    await close();
  }
}

/** Applies the migrations in `folder` (all of them unless given) to a PGlite. */
export async function migrateInPglite(client: PGlite, folder = MIGRATIONS_FOLDER): Promise<void> {
  await migratePglite(drizzlePglite(client, { schema }), { migrationsFolder: folder });
}

/** A short hash of every file in db/migrations: what the template was made from. */
export function migrationsHash(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const file = path.join(dir, entry);
      if (statSync(file).isDirectory()) walk(file);
      else hash.update(`${path.relative(MIGRATIONS_FOLDER, file)}\0`).update(readFileSync(file));
    }
  };
  walk(MIGRATIONS_FOLDER);
  return hash.digest('hex').slice(0, 12);
}

/**
 * For a suite's global setup: migrates once, into a new template database on
 * DATABASE_URL's server (`tt_template_<hash of db/migrations>_<run>`) or into a
 * PGlite whose data directory is saved to a temporary file, and tells the test
 * workers where. Resolves to the teardown, which removes the template.
 */
export async function prepareMigratedDatabases(): Promise<() => Promise<void>> {
  const run = `${migrationsHash()}_${randomBytes(3).toString('hex')}`;
  if (process.env.DATABASE_URL) {
    const admin = adminConnection();
    const name = `tt_template_${run}`;
    const remove = async () => {
      delete process.env[TEMPLATE_VARIABLE];
      await admin.sql.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.sql.end();
    };
    await admin.sql.unsafe(`CREATE DATABASE "${name}"`);
    try {
      await migratePostgres(urlOf(admin.server, name));
      // Postgres copies a database only while nobody is connected to it: from now on nobody can.
      await admin.sql.unsafe(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS false`);
    } catch (error) {
      await remove();
      throw error;
    }
    process.env[TEMPLATE_VARIABLE] = name;
    return remove;
  }
  const client = await createPglite('memory://');
  await migrateInPglite(client);
  const tarball = await client.dumpDataDir('gzip');
  await client.close();
  const file = path.join(tmpdir(), `tt_pglite_${run}.tar.gz`);
  writeFileSync(file, Buffer.from(await tarball.arrayBuffer()));
  process.env[SNAPSHOT_VARIABLE] = file;
  return async () => {
    delete process.env[SNAPSHOT_VARIABLE];
    rmSync(file, { force: true });
  };
}

/**
 * A new database on the Postgres server named by DATABASE_URL: a copy of the
 * run's template, or migrated here when there is none; with `empty`, one with
 * no migration applied. `drop` removes it.
 */
export async function createPostgresDatabase({ empty = false } = {}) {
  const admin = adminConnection();
  const name = `tt_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const template = empty ? undefined : process.env[TEMPLATE_VARIABLE];
  await admin.sql.unsafe(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`);
  const url = urlOf(admin.server, name);
  const drop = async () => {
    await admin.sql.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.sql.end();
  };
  if (!empty && !template) {
    try {
      await migratePostgres(url);
    } catch (error) {
      await drop();
      throw error;
    }
  }
  return { url, drop };
}

/**
 * A PGlite with every migration applied, loaded from the run's snapshot, or
 * migrated here when there is none: in memory, or stored in `dataDir` (which
 * must not hold a database yet).
 */
export async function openMigratedPglite(dataDir = 'memory://'): Promise<PGlite> {
  const snapshot = process.env[SNAPSHOT_VARIABLE];
  // A folder is this process's until `close()` (db/embedded-lock.ts).
  if (snapshot) return createOwnedPglite(dataDir, { loadDataDir: new Blob([readFileSync(snapshot)]) });
  const client = await createOwnedPglite(dataDir);
  try {
    await migrateInPglite(client);
  } catch (error) {
    await client.close();
    throw error;
  }
  return client;
}
