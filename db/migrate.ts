// npm run db:migrate: applies db/migrations to DATABASE_URL, or to the embedded
// database in PGLITE_DIR when DATABASE_URL is unset (which migrates as it opens).
// Requests that meet a lock a migration holds fail after DB_LOCK_TIMEOUT with a
// 503 and change nothing.
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import { describeCause } from '@/lib/errors';
import { MIGRATIONS_FOLDER, openForTool } from './client';

async function main() {
  const { kind, db, close, where } = await openForTool();
  try {
    if (kind === 'postgres') {
      await migrate(db as Parameters<typeof migrate>[0], { migrationsFolder: MIGRATIONS_FOLDER });
    }
  } finally {
    await close();
  }
  console.log(`Migrated ${where}`);
}

main().catch((error: unknown) => {
  console.error('Migration failed:', describeCause(error).error);
  process.exit(1);
});
