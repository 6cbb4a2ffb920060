// npm run db:migrate: applies db/migrations to DATABASE_URL, or to the embedded
// database in PGLITE_DIR when DATABASE_URL is unset (which migrates as it opens).
// An embedded database that a running server (or another tool) has open is
// refused at once, exit 1: that server migrates its folder itself as it opens it.
// Requests that meet a lock a migration holds fail after DB_LOCK_TIMEOUT with a
// 503 and change nothing.
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import { describeCause } from '@/lib/errors';
import { MIGRATIONS_FOLDER, openForTool } from './client';
import { EmbeddedDatabaseLockedError } from './embedded-lock';

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
  if (error instanceof EmbeddedDatabaseLockedError) {
    console.error(
      `Migration refused: ${error.message} A server migrates its embedded database itself when it opens it: ` +
        'restart it to apply new migrations.',
    );
    process.exit(1);
  }
  console.error('Migration failed:', describeCause(error).error);
  process.exit(1);
});
