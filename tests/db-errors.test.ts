// A real deadlock on Postgres (issue 12, item 2): what db/errors.ts makes of
// SQLSTATE 40P01, and that retryCollisions runs such a write again.
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectPostgres } from '@/db/client';
import { isTransactionCollision, mapDatabaseError, retryCollisions } from '@/db/errors';
import { usingPostgres } from './helpers/database';
import { createPostgresDatabase } from './helpers/migrated-database';

describe.runIf(usingPostgres)('a deadlock', () => {
  let drop: () => Promise<void>;
  let pool: ReturnType<typeof connectPostgres>;
  let other: postgres.Sql;

  beforeAll(async () => {
    const created = await createPostgresDatabase();
    drop = created.drop;
    pool = connectPostgres(created.url, { poolMax: 2, connectTimeoutMs: 5000, prepare: true });
    other = postgres(created.url, { max: 2, onnotice: false });
    await other`CREATE TABLE pair (id int PRIMARY KEY, n int NOT NULL)`;
    await other`INSERT INTO pair VALUES (1, 0), (2, 0)`;
  });

  afterAll(async () => {
    await pool?.close();
    await other?.end();
    await drop?.();
  });

  /**
   * `other` locks row 2, then the write under test locks row 1 and wants row 2,
   * and `other` then wants row 1: Postgres ends one of the two (40P01). The
   * write under test is made the victim by giving `other` the longer
   * deadlock_timeout, so its check runs last.
   */
  async function deadlockOnce(write: () => Promise<unknown>) {
    const session = await other.reserve();
    try {
      await session`BEGIN`;
      await session`SET LOCAL deadlock_timeout = '5s'`;
      await session`UPDATE pair SET n = n + 1 WHERE id = 2`;
      const pending = write();
      // The write holds row 1 and waits for row 2.
      for (let i = 0; i < 200; i++) {
        const [row] = await other<{ n: number }[]>`
          SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity a USING (pid)
          WHERE NOT l.granted AND a.datname = current_database()`;
        if (Number(row?.n) > 0) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      const closing = session`UPDATE pair SET n = n + 1 WHERE id = 1`.then(() => session`COMMIT`);
      const outcome = await pending.then(
        (value) => ({ value, error: undefined }),
        (error: unknown) => ({ value: undefined, error }),
      );
      await closing;
      return outcome;
    } finally {
      session.release();
    }
  }

  const lockBoth = () =>
    pool.db.transaction(async (tx) => {
      await tx.execute(sql`UPDATE pair SET n = n + 10 WHERE id = 1`);
      await tx.execute(sql`UPDATE pair SET n = n + 10 WHERE id = 2`);
      return 'written';
    });

  it('is a collision, answered as a 409 that says nothing was applied', async () => {
    const { error } = await deadlockOnce(lockBoth);
    expect(isTransactionCollision(error)).toBe(true);
    const mapped = mapDatabaseError(error);
    expect(mapped?.status).toBe(409);
    expect(mapped?.code).toBe('conflict');
    expect(mapped?.detail).toMatch(/was not applied/);
  });

  it('is run again by retryCollisions, and then succeeds', async () => {
    let attempts = 0;
    const { value, error } = await deadlockOnce(() =>
      retryCollisions(pool.db, () => {
        attempts++;
        return lockBoth();
      }),
    );
    expect(error).toBeUndefined();
    expect(value).toBe('written');
    expect(attempts).toBe(2);
  });
});
