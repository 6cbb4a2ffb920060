// The server's Postgres pool holds every query to a deadline (db/postgres-workarounds.ts,
// guardQueries). These check that guarded pool directly: what Drizzle and the
// driver call on it still works, and a query past its deadline fails with a 503
// and has the pool replaced. Only with a Postgres server (DATABASE_URL): the
// embedded database has no pool and no guard. The outage behaviour end to end
// is in tests/hardening/outage.test.ts.
import { eq, sql } from 'drizzle-orm';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectPostgres, type Database, MIGRATIONS_FOLDER } from '@/db/client';
import { DatabaseConnectionError } from '@/db/postgres-workarounds';
import { userSettings } from '@/db/schema';
import { mapDatabaseError } from '@/lib/http/database-errors';
import { newUserId } from './helpers/auth';
import { createPostgresDatabase, usingPostgres } from './helpers/database';

describe.runIf(usingPostgres)('the guarded Postgres pool', () => {
  let db: Database;
  let close: () => Promise<void>;
  let lost = 0;

  beforeAll(async () => {
    const created = await createPostgresDatabase();
    const pool = connectPostgres(
      created.url,
      { poolMax: 2, connectTimeoutSeconds: 5, prepare: true },
      { deadlineMs: 300, onConnectionLost: () => lost++ },
    );
    db = pool.db;
    close = async () => {
      await pool.close();
      await created.drop();
    };
    // The migrator runs in a transaction: the first use of db.transaction() on a guarded pool.
    await migrate(db as Parameters<typeof migrate>[0], { migrationsFolder: MIGRATIONS_FOLDER });
  });

  afterAll(async () => {
    await close?.();
  });

  it('runs queries', async () => {
    const rows = await db.execute(sql`select ${41}::int + 1 as n`);
    expect([...(rows as unknown as { n: number }[])]).toEqual([{ n: 42 }]);
  });

  it('runs transactions: committed work stays, a failed transaction leaves nothing', async () => {
    const [kept, rolledBack] = [newUserId(), newUserId()];
    await db.transaction(async (tx) => {
      await tx
        .insert(userSettings)
        .values({ userId: kept, defaultHourlyRate: '10', currency: 'EUR', timezone: 'UTC' });
    });
    await expect(
      db.transaction(async (tx) => {
        await tx
          .insert(userSettings)
          .values({ userId: rolledBack, defaultHourlyRate: '10', currency: 'EUR', timezone: 'UTC' });
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await db.select().from(userSettings).where(eq(userSettings.userId, kept))).toHaveLength(1);
    expect(await db.select().from(userSettings).where(eq(userSettings.userId, rolledBack))).toHaveLength(0);
  });

  it('fails a query that outlives its deadline with a 503 and reports the connection lost', async () => {
    const before = lost;
    const error = await db.execute(sql`select pg_sleep(2)`).then(
      () => undefined,
      (e: unknown) => e,
    );
    // Drizzle wraps what the driver rejects with (DrizzleQueryError); the guard's error is the cause.
    const cause = (error as Error).cause;
    expect(cause).toBeInstanceOf(DatabaseConnectionError);
    expect((cause as DatabaseConnectionError).code).toBe('QUERY_TIMEOUT');
    expect(mapDatabaseError(error)?.status).toBe(503);
    expect(lost).toBe(before + 1);
  });
});
