import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { asc } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { afterAll, beforeAll } from 'vitest';
import { connectPostgres, type Database, MIGRATIONS_FOLDER, setDb } from '@/db/client';
import { createPglite } from '@/db/pglite';
import * as schema from '@/db/schema';
import { deletedTimeEntries, timeEntries, userSettings } from '@/db/schema';
import {
  createPostgresDatabase,
  migrateInPglite,
  migratePostgres,
  openMigratedPglite,
} from './migrated-database';

export const usingPostgres = Boolean(process.env.DATABASE_URL);

/**
 * Gives the test file its own freshly migrated database and points the route
 * handlers at it: an in-memory PGlite by default, or a new database on the
 * server named by DATABASE_URL (dropped again after the file).
 */
export function useTestDatabase(): { readonly db: Database } {
  const holder = {} as { db: Database; close: () => Promise<void> };

  beforeAll(async () => {
    Object.assign(holder, await freshDatabase({ poolMax: 10 }));
    setDb(holder.db);
  });

  afterAll(async () => {
    await holder.close?.();
  });

  return {
    get db() {
      return holder.db;
    },
  };
}

/** Every row of every table, in a stable order: compare before and after a failed request. */
export async function snapshot(db: Database) {
  return {
    entries: await db.select().from(timeEntries).orderBy(asc(timeEntries.id)),
    settings: await db.select().from(userSettings).orderBy(asc(userSettings.userId)),
    deleted: await db.select().from(deletedTimeEntries).orderBy(asc(deletedTimeEntries.id)),
  };
}

/** A copy of the migrations folder that holds only the first `count` migrations. */
function firstMigrations(count: number) {
  const dir = mkdtempSync(path.join(tmpdir(), 'tt-migrations-'));
  cpSync(MIGRATIONS_FOLDER, dir, { recursive: true });
  const journalPath = path.join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8'));
  writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, count) }));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A freshly migrated database (tests/helpers/migrated-database.ts): an in-memory
 * PGlite, or a new database on the server named by DATABASE_URL (dropped by
 * `close`). With `migrations`, only the first that many migrations are applied,
 * and `migrateAll` applies the rest (for tests that start from an older schema).
 */
export async function freshDatabase({
  migrations,
  poolMax = 2,
}: {
  migrations?: number;
  poolMax?: number;
} = {}) {
  const folder = migrations === undefined ? undefined : firstMigrations(migrations);
  try {
    if (!usingPostgres) {
      const client = folder ? await createPglite('memory://') : await openMigratedPglite();
      if (folder) await migrateInPglite(client, folder.dir);
      const db = drizzlePglite(client, { schema });
      return {
        db: db as unknown as Database,
        migrateAll: () => migrateInPglite(client),
        close: () => client.close(),
      };
    }
    const created = await createPostgresDatabase({ empty: folder !== undefined });
    if (folder) await migratePostgres(created.url, folder.dir);
    const { db, close } = connectPostgres(created.url, { poolMax, connectTimeoutMs: 5000, prepare: true });
    return {
      db,
      migrateAll: () => migratePostgres(created.url),
      close: async () => {
        await close();
        await created.drop();
      },
    };
  } finally {
    folder?.remove();
  }
}
