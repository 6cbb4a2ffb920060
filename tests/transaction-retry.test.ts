// A request that Postgres picks as a deadlock victim (40P01) or aborts as a
// serialization failure (40001) is run again by the server (retryCollisions in
// lib/http/route.ts), instead of answering 500.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { POST as batch } from '@/app/api/v1/time-tracking/batch-update-payment-status/route';
import { isTransactionCollision, mapDatabaseError } from '@/db/errors';
import { newUserId } from './helpers/auth';
import { useTestDatabase, usingPostgres } from './helpers/database';
import { makeEntry } from './helpers/factories';
import { call } from './helpers/http';

const database = useTestDatabase();

describe('isTransactionCollision', () => {
  const wrapped = (code: string) =>
    new Error('Failed query: update …', { cause: Object.assign(new Error('deadlock detected'), { code }) });

  it('finds 40P01 and 40001 anywhere in the cause chain, and nothing else', () => {
    expect(isTransactionCollision(wrapped('40P01'))).toBe(true);
    expect(isTransactionCollision(new Error('outer', { cause: wrapped('40001') }))).toBe(true);
    expect(isTransactionCollision(wrapped('23505'))).toBe(false);
    expect(isTransactionCollision(wrapped('57014'))).toBe(false);
    expect(isTransactionCollision(new Error('plain'))).toBe(false);
    expect(isTransactionCollision(undefined)).toBe(false);
    // Not an outage: once retrying gave up, it is answered as a 409 conflict.
    expect(mapDatabaseError(wrapped('40P01'))?.code).toBe('conflict');
    expect(mapDatabaseError(wrapped('40001'))?.code).toBe('conflict');
  });
});

describe.skipIf(!usingPostgres)('a deadlock victim is run again (Postgres)', () => {
  it('answers 200 for a batch update that Postgres aborted as a deadlock victim', async () => {
    const userId = newUserId();
    const low = await makeEntry(database.db, userId);
    const high = await makeEntry(database.db, userId);
    expect(low.id).toBeLessThan(high.id);

    let request: ReturnType<typeof call> | undefined;
    await database.db.transaction(async (tx) => {
      // This session detects deadlocks late, so the request (default 1 s) is the victim.
      await tx.execute(sql`set local deadlock_timeout = '10s'`);
      await tx.execute(sql`update time_entries set notes = 'held' where id = ${high.id}`);
      // The batch locks `low`, then waits for `high`, held here.
      request = call(batch, 'POST', {
        userId,
        body: { entry_ids: [low.id, high.id], payment_status: 'paid' },
      });
      for (let i = 0; i < 100; i++) {
        const rows = (await database.db.execute(
          sql`select 1 from pg_locks where not granted and locktype = 'transactionid'`,
        )) as unknown as unknown[];
        if (rows.length > 0) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      // Now this transaction waits for `low`, held by the request: a deadlock.
      await tx.execute(sql`update time_entries set notes = 'held' where id = ${low.id}`);
    });
    const res = await request!;
    expect(res.status, res.text).toBe(200);
    expect(res.body.updated_count).toBe(2);
    const rows = (await database.db.execute(
      sql`select payment_status, notes from time_entries where user_id = ${userId} order by id`,
    )) as unknown as { payment_status: string; notes: string }[];
    expect(rows).toEqual([
      { payment_status: 'paid', notes: 'held' },
      { payment_status: 'paid', notes: 'held' },
    ]);
  });
});
