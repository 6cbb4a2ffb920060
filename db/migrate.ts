// npm run db:migrate: applies db/migrations to DATABASE_URL, or to the embedded
// database in PGLITE_DIR when DATABASE_URL is unset.
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import { databaseConfig } from '@/lib/config';
import { connectPostgres, MIGRATIONS_FOLDER, openPglite } from './client';

async function main() {
  const config = databaseConfig();
  if (config.url) {
    // Migrations run as one session; poolers in transaction mode need prepare: false.
    const { db, close } = connectPostgres(config.url, { ...config, poolMax: 1 });
    try {
      await migrate(db as Parameters<typeof migrate>[0], { migrationsFolder: MIGRATIONS_FOLDER });
    } finally {
      await close();
    }
    console.log(`Migrated ${new URL(config.url).host}${new URL(config.url).pathname}`);
  } else {
    const { close } = await openPglite(config.pgliteDir);
    await close();
    console.log(`Migrated the embedded database in ${config.pgliteDir}`);
  }
}

main().catch((error: unknown) => {
  console.error('Migration failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
