// npm run db:migrate: applies db/migrations to DATABASE_URL, or to the embedded
// database in PGLITE_DIR when DATABASE_URL is unset.
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import { env } from '@/lib/env';
import { connectPostgres, MIGRATIONS_FOLDER, openPglite } from './client';

async function main() {
  const config = env();
  if (config.DATABASE_URL) {
    // One session without the server's statement limits: a migration may
    // rewrite a table. Requests that meet its locks fail after DB_LOCK_TIMEOUT
    // with a 503 and change nothing.
    const { db, close } = connectPostgres(config.DATABASE_URL, {
      poolMax: 1,
      connectTimeoutMs: config.DB_CONNECT_TIMEOUT,
      prepare: config.DB_PREPARE,
    });
    try {
      await migrate(db as Parameters<typeof migrate>[0], { migrationsFolder: MIGRATIONS_FOLDER });
    } finally {
      await close();
    }
    const url = new URL(config.DATABASE_URL);
    console.log(`Migrated ${url.host}${url.pathname}`);
  } else {
    const { close } = await openPglite(config.PGLITE_DIR);
    await close();
    console.log(`Migrated the embedded database in ${config.PGLITE_DIR}`);
  }
}

main().catch((error: unknown) => {
  console.error('Migration failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
