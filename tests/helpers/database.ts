import { randomBytes } from 'node:crypto';
import { asc } from 'drizzle-orm';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { afterAll, beforeAll } from 'vitest';
import { connectPostgres, type Database, MIGRATIONS_FOLDER, openPglite, setDb } from '@/db/client';
import { timeEntries, userSettings } from '@/db/schema';

export const usingPostgres = Boolean(process.env.DATABASE_URL);

/**
 * Gives the test file its own freshly migrated database and points the route
 * handlers at it: an in-memory PGlite by default, or a new database on the
 * server named by DATABASE_URL (dropped again after the file).
 */
export function useTestDatabase(): { readonly db: Database } {
  const holder = {} as { db: Database; close: () => Promise<void> };

  beforeAll(async () => {
    const url = process.env.DATABASE_URL;
    if (!url) {
      const { db, close } = await openPglite('memory://');
      Object.assign(holder, { db, close });
    } else {
      const name = `tt_test_${process.pid}_${randomBytes(4).toString('hex')}`;
      const admin = postgres(url, { max: 1, onnotice: () => {} });
      await admin.unsafe(`CREATE DATABASE "${name}"`);
      const testUrl = new URL(url);
      testUrl.pathname = `/${name}`;
      const { db, close } = connectPostgres(testUrl.toString(), {
        poolMax: 10,
        connectTimeoutSeconds: 5,
        prepare: true,
      });
      await migrate(db as Parameters<typeof migrate>[0], { migrationsFolder: MIGRATIONS_FOLDER });
      Object.assign(holder, {
        db,
        close: async () => {
          await close();
          await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
          await admin.end();
        },
      });
    }
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
  };
}
