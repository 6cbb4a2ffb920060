// The per-day and per-status totals (db/migrations/0002) that the stats and the
// list's X-Total-Count read must always equal a from-scratch recomputation over
// the entries: after any mix of inserts, edits, stops, deletes and batch updates,
// through the domain functions or raw multi-row SQL, one after another or at once.
import { and, eq, inArray, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { mapDatabaseError } from '@/db/errors';
import { timeEntries } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { deleteEntry } from '@/lib/time-tracking/deleted-entries';
import { batchUpdatePaymentStatus, createEntry, listEntries, updateEntry } from '@/lib/time-tracking/entries';
import {
  createEntrySchema,
  listEntriesQuerySchema,
  PAYMENT_STATUSES,
  type PaymentStatus,
  startSessionSchema,
  stopSessionSchema,
  updateEntrySchema,
} from '@/lib/time-tracking/schemas';
import { serializeStats } from '@/lib/time-tracking/serialize';
import { startSession, stopSession } from '@/lib/time-tracking/sessions';
import { getStats as getStatsOf } from '@/lib/time-tracking/stats';

/** The statistics as GET /stats answers them. */
const getStats = async (...args: Parameters<typeof getStatsOf>) => serializeStats(await getStatsOf(...args));

import { newUserId } from './helpers/auth';
import { freshDatabase, useTestDatabase, usingPostgres } from './helpers/database';

const database = useTestDatabase();

const DAY = 86_400;

// ---- recomputation from scratch ---------------------------------------------

type Rows = Record<string, unknown>[];
const rowsOf = (result: unknown): Rows => (Array.isArray(result) ? result : (result as { rows: Rows }).rows);

/**
 * Rows where the totals and a recomputation over the entries disagree (exact
 * numeric comparison), for the given users. Totals rows left at zero by deletes
 * are fine, as long as everything in them is zero.
 */
async function mismatches(db: Database, userIds: number[]) {
  const ids = sql.join(
    userIds.map((id) => sql`${id}`),
    sql`, `,
  );
  const daily = await db.execute(sql`
    WITH fresh AS (
      SELECT user_id, date, payment_status, count(*)::int AS entry_count,
             coalesce(sum(extract(epoch FROM end_time - start_time)), 0) AS seconds,
             coalesce(sum(total_earned), 0) AS earned
      FROM time_entries WHERE user_id IN (${ids})
      GROUP BY user_id, date, payment_status
    ), kept AS (
      SELECT * FROM time_entry_daily_totals WHERE user_id IN (${ids})
    )
    SELECT 'daily' AS level, coalesce(f.user_id, k.user_id) AS user_id, coalesce(f.date, k.date)::text AS date,
           coalesce(f.payment_status, k.payment_status) AS status,
           f.entry_count AS fresh_count, k.entry_count AS kept_count,
           f.seconds::text AS fresh_seconds, k.seconds::text AS kept_seconds,
           f.earned::text AS fresh_earned, k.earned::text AS kept_earned
    FROM fresh f FULL JOIN kept k USING (user_id, date, payment_status)
    WHERE coalesce(f.entry_count, 0) <> coalesce(k.entry_count, 0)
       OR coalesce(f.seconds, 0) <> coalesce(k.seconds, 0)
       OR coalesce(f.earned, 0) <> coalesce(k.earned, 0)`);
  const byStatus = await db.execute(sql`
    WITH fresh AS (
      SELECT user_id, payment_status, count(*)::int AS entry_count,
             coalesce(sum(extract(epoch FROM end_time - start_time)), 0) AS seconds,
             coalesce(sum(total_earned), 0) AS earned
      FROM time_entries WHERE user_id IN (${ids})
      GROUP BY user_id, payment_status
    ), kept AS (
      -- A key's total is the sum of its shards (migration 0008).
      SELECT user_id, payment_status, sum(entry_count)::int AS entry_count,
             sum(seconds) AS seconds, sum(earned) AS earned
      FROM time_entry_status_totals WHERE user_id IN (${ids})
      GROUP BY user_id, payment_status
    )
    SELECT 'status' AS level, coalesce(f.user_id, k.user_id) AS user_id,
           coalesce(f.payment_status, k.payment_status) AS status,
           f.entry_count AS fresh_count, k.entry_count AS kept_count,
           f.seconds::text AS fresh_seconds, k.seconds::text AS kept_seconds,
           f.earned::text AS fresh_earned, k.earned::text AS kept_earned
    FROM fresh f FULL JOIN kept k USING (user_id, payment_status)
    WHERE coalesce(f.entry_count, 0) <> coalesce(k.entry_count, 0)
       OR coalesce(f.seconds, 0) <> coalesce(k.seconds, 0)
       OR coalesce(f.earned, 0) <> coalesce(k.earned, 0)`);
  return [...rowsOf(daily), ...rowsOf(byStatus)];
}

// ---- the contract's numbers, recomputed in integer arithmetic from the entries -

const utcDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const shiftDate = (date: string, days: number) =>
  utcDate(Date.parse(`${date}T00:00:00Z`) + days * DAY * 1000);
const mondayOf = (date: string) => shiftDate(date, -((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7));
const cents = (decimal: string) => {
  const [whole, fraction = ''] = decimal.split('.');
  const value = BigInt(whole!.replace('-', '')) * 100n + BigInt(fraction.padEnd(2, '0').slice(0, 2));
  return decimal.startsWith('-') ? -value : value;
};

/** What GET /stats must answer for these entries (users without settings: UTC). */
function expectedStats(
  entries: (typeof timeEntries.$inferSelect)[],
  today: string,
  period?: 'week' | 'year',
) {
  const done = entries.filter((e) => e.endTime !== null);
  const inWeek = (d: string) => d >= mondayOf(today) && d <= shiftDate(mondayOf(today), 6);
  const inMonth = (d: string) => d.slice(0, 7) === today.slice(0, 7);
  const inPeriod = (d: string) =>
    period === 'week' ? inWeek(d) : period === 'year' ? d.slice(0, 4) === today.slice(0, 4) : true;
  const sum = (keep: (e: (typeof done)[number]) => boolean) => {
    const chosen = done.filter(keep);
    const seconds = chosen.reduce((n, e) => n + (e.endTime!.getTime() - e.startTime.getTime()) / 1000, 0);
    const earned = chosen.reduce((n, e) => n + cents(e.totalEarned!), 0n);
    return { hours: Math.floor((seconds * 200 + 3600) / 7200) / 100, earned: Number(earned) / 100 };
  };
  const amount = (statuses: PaymentStatus[]) =>
    sum((e) => statuses.includes(e.paymentStatus) && inPeriod(e.date)).earned;
  const day = sum((e) => e.date === today);
  const week = sum((e) => inWeek(e.date));
  const month = sum((e) => inMonth(e.date));
  return {
    total_hours_today: day.hours,
    total_earned_today: day.earned,
    total_hours_week: week.hours,
    total_earned_week: week.earned,
    total_hours_month: month.hours,
    total_earned_month: month.earned,
    unpaid_amount: amount(['not_paid']),
    invoiced_amount: amount(['invoiced_not_approved', 'invoiced_approved']),
    paid_amount: amount(['paid']),
  };
}

async function expectConsistent(db: Database, userIds: number[], now: Date) {
  expect(await mismatches(db, userIds)).toEqual([]);
  const today = utcDate(now.getTime());
  for (const userId of userIds) {
    const entries = await db.select().from(timeEntries).where(eq(timeEntries.userId, userId));
    expect(await getStats(db, userId, {}, now)).toEqual(expectedStats(entries, today));
    expect(await getStats(db, userId, { period: 'week' }, now)).toEqual(
      expectedStats(entries, today, 'week'),
    );
    expect(await getStats(db, userId, { period: 'year' }, now)).toEqual(
      expectedStats(entries, today, 'year'),
    );
    // The list's X-Total-Count, unfiltered and filtered, past the end too.
    const month = { from: `${today.slice(0, 7)}-01`, to: shiftDate(today, 3) };
    for (const [query, keep] of [
      [{}, () => true],
      [{ payment_status: 'paid' }, (e: (typeof entries)[number]) => e.paymentStatus === 'paid'],
      [
        { start_date: month.from, end_date: month.to, skip: '5000' },
        (e: (typeof entries)[number]) => e.date >= month.from && e.date <= month.to,
      ],
      [
        { start_date: month.from, payment_status: 'not_paid', limit: '1' },
        (e: (typeof entries)[number]) => e.date >= month.from && e.paymentStatus === 'not_paid',
      ],
    ] as const) {
      const { total } = await listEntries(db, userId, listEntriesQuerySchema.parse(query));
      expect(total, JSON.stringify(query)).toBe(entries.filter(keep).length);
    }
  }
}

// ---- random operations --------------------------------------------------------

const statusArb = fc.constantFrom(...PAYMENT_STATUSES);
/** A rate with up to 4 decimals, as a JSON number. */
const rateArb = fc.integer({ min: 0, max: 3_000_000 }).map((n) => n / 10_000);
/** Seconds from "today 00:00 UTC": mostly within this and last month, so the periods see them. */
const offsetArb = fc.integer({ min: -45 * DAY, max: 3 * DAY });
const durationArb = fc.oneof(fc.integer({ min: 1, max: 10 * 3600 }), fc.integer({ min: 1, max: 31 * DAY }));
const pickArb = fc.nat();

type Op =
  | { kind: 'create'; offset: number; seconds: number | null; rate: number; status: PaymentStatus }
  | { kind: 'start'; rate: number }
  | { kind: 'stop'; pick: number; after: number | null }
  | {
      kind: 'update';
      pick: number;
      offset?: number;
      seconds?: number | null;
      rate?: number;
      status?: PaymentStatus;
      dateShift?: number;
      notes?: string;
    }
  | { kind: 'delete'; pick: number }
  | { kind: 'batch'; picks: number[]; status: PaymentStatus }
  | { kind: 'sql-shift-dates'; modulo: number }
  | { kind: 'sql-delete'; modulo: number }
  | { kind: 'sql-insert-many'; offsets: number[]; rate: number }
  | { kind: 'sql-move'; modulo: number }
  | { kind: 'sql-rate'; modulo: number; rate: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('create' as const),
      offset: offsetArb,
      seconds: fc.option(durationArb, { freq: 5 }),
      rate: rateArb,
      status: statusArb,
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('start' as const), rate: rateArb }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('stop' as const),
      pick: pickArb,
      after: fc.option(fc.integer({ min: 1, max: 5 * DAY }), { freq: 2 }),
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record(
      {
        kind: fc.constant('update' as const),
        pick: pickArb,
        offset: offsetArb,
        seconds: fc.option(durationArb, { freq: 6 }),
        rate: rateArb,
        status: statusArb,
        dateShift: fc.integer({ min: -1, max: 1 }),
        notes: fc.string({ maxLength: 20 }),
      },
      { requiredKeys: ['kind', 'pick'] },
    ),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), pick: pickArb }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('batch' as const),
      picks: fc.array(pickArb, { minLength: 1, maxLength: 8 }),
      status: statusArb,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('sql-shift-dates' as const),
      modulo: fc.integer({ min: 1, max: 4 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('sql-delete' as const),
      modulo: fc.integer({ min: 2, max: 6 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('sql-insert-many' as const),
      offsets: fc.array(offsetArb, { minLength: 1, maxLength: 5 }),
      rate: rateArb,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('sql-move' as const), modulo: fc.integer({ min: 2, max: 5 }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('sql-rate' as const),
      modulo: fc.integer({ min: 1, max: 3 }),
      rate: rateArb,
    }),
  },
);

const iso = (ms: number) => new Date(ms).toISOString();

/** Applies one operation for `userId`; refusals the API would answer with 4xx are part of the game. */
async function apply(db: Database, userId: number, other: number, base: number, op: Op): Promise<void> {
  const ids = (
    await db
      .select({ id: timeEntries.id })
      .from(timeEntries)
      .where(eq(timeEntries.userId, userId))
      .orderBy(timeEntries.id)
  ).map((r) => r.id);
  const pick = (n: number) => ids[n % Math.max(1, ids.length)];
  try {
    switch (op.kind) {
      case 'create': {
        const start = base + op.offset * 1000;
        await createEntry(
          db,
          userId,
          createEntrySchema.parse({
            start_time: iso(start),
            end_time: op.seconds === null ? null : iso(start + op.seconds * 1000),
            hourly_rate: op.rate,
            payment_status: op.status,
          }),
        );
        return;
      }
      case 'start':
        await startSession(db, userId, startSessionSchema.parse({ hourly_rate: op.rate }));
        return;
      case 'stop': {
        const id = pick(op.pick);
        if (id === undefined) return;
        const [entry] = await db.select().from(timeEntries).where(eq(timeEntries.id, id));
        // Deleted by a concurrent writer since the ids were read: what the API answers with a 404.
        if (!entry) return;
        const end = op.after === null ? undefined : iso(entry.startTime.getTime() + op.after * 1000);
        await stopSession(db, userId, id, stopSessionSchema.parse({ end_time: end }));
        return;
      }
      case 'update': {
        const id = pick(op.pick);
        if (id === undefined) return;
        const [entry] = await db.select().from(timeEntries).where(eq(timeEntries.id, id));
        if (!entry) return; // as for stop
        const start = op.offset === undefined ? entry.startTime.getTime() : base + op.offset * 1000;
        const input: Record<string, unknown> = {};
        if (op.offset !== undefined) input.start_time = iso(start);
        if (op.seconds !== undefined)
          input.end_time = op.seconds === null ? null : iso(start + op.seconds * 1000);
        if (op.rate !== undefined) input.hourly_rate = op.rate;
        if (op.status !== undefined) input.payment_status = op.status;
        if (op.notes !== undefined) input.notes = op.notes;
        if (op.dateShift !== undefined) input.date = shiftDate(utcDate(start), op.dateShift);
        await updateEntry(db, userId, id, updateEntrySchema.parse(input));
        return;
      }
      case 'delete': {
        const id = pick(op.pick);
        if (id !== undefined) await deleteEntry(db, userId, id);
        return;
      }
      case 'batch': {
        const chosen = op.picks.map(pick).filter((id): id is number => id !== undefined);
        if (chosen.length === 0) return;
        await batchUpdatePaymentStatus(db, userId, { entry_ids: chosen, payment_status: op.status });
        return;
      }
      // Multi-row statements straight in SQL: the triggers see many rows at once.
      case 'sql-shift-dates':
        await db
          .update(timeEntries)
          .set({ date: sql`${timeEntries.date} + 1` })
          .where(and(eq(timeEntries.userId, userId), sql`${timeEntries.id} % ${op.modulo} = 0`));
        return;
      case 'sql-delete':
        await db
          .delete(timeEntries)
          .where(and(eq(timeEntries.userId, userId), sql`${timeEntries.id} % ${op.modulo} = 0`));
        return;
      case 'sql-insert-many':
        await db.insert(timeEntries).values(
          op.offsets.map((offset, i) => {
            const start = new Date(Math.floor((base + offset * 1000) / 1000) * 1000);
            return {
              userId,
              date: utcDate(start.getTime()),
              startTime: start,
              endTime: new Date(start.getTime() + (i + 1) * 1234_000),
              hourlyRate: String(op.rate),
              paymentStatus: PAYMENT_STATUSES[i % 4]!,
            };
          }),
        );
        return;
      case 'sql-move':
        // Completed entries only: the other user may have a timer running.
        await db
          .update(timeEntries)
          .set({ userId: other })
          .where(
            and(
              eq(timeEntries.userId, userId),
              sql`${timeEntries.id} % ${op.modulo} = 0`,
              sql`${timeEntries.endTime} IS NOT NULL`,
            ),
          );
        return;
      case 'sql-rate':
        await db
          .update(timeEntries)
          .set({ hourlyRate: String(op.rate) })
          .where(and(eq(timeEntries.userId, userId), sql`${timeEntries.id} % ${op.modulo} = 0`));
        return;
    }
  } catch (error) {
    // As the API answers it: a race for the one running timer is the index's 409.
    const refusal = error instanceof AppError ? error : mapDatabaseError(error);
    if (refusal && ['validation_failed', 'conflict', 'not_found'].includes(refusal.code)) return;
    throw error;
  }
}

const todayStart = (now: Date) => Date.parse(`${utcDate(now.getTime())}T00:00:00Z`);

describe('the stats totals kept by triggers', () => {
  it('equal a recomputation after any sequence of writes', async () => {
    const now = new Date();
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 30 }), async (ops) => {
        const [userId, other] = [newUserId(), newUserId()];
        for (const op of ops) await apply(database.db, userId, other, todayStart(now), op);
        await expectConsistent(database.db, [userId, other], now);
      }),
      { numRuns: usingPostgres ? 40 : 25 },
    );
  }, 240_000);

  it('stay exact under concurrent writes by one user', async () => {
    const now = new Date();
    // Without the raw multi-row UPDATE/DELETEs: two of those over overlapping rows can
    // deadlock on the entries themselves, whatever the totals do.
    const concurrentOp = opArb.filter(
      (op) => !['sql-shift-dates', 'sql-delete', 'sql-move', 'sql-rate'].includes(op.kind),
    );
    const ops = fc.sample(fc.array(concurrentOp, { minLength: 25, maxLength: 25 }), {
      numRuns: 8,
      seed: 4242,
    });
    const [userId, other] = [newUserId(), newUserId()];
    // A starting set, so that concurrent edits meet on the same days and statuses.
    for (let i = 0; i < 40; i++) {
      await apply(database.db, userId, other, todayStart(now), {
        kind: 'create',
        offset: -(i % 10) * DAY + i * 60,
        seconds: 1800 + i,
        rate: 12.3456,
        status: PAYMENT_STATUSES[i % 4]!,
      });
    }
    // Eight writers at once (on Postgres, eight connections and transactions).
    await Promise.all(
      ops.map(async (sequence) => {
        for (const op of sequence) await apply(database.db, userId, other, todayStart(now), op);
      }),
    );
    await expectConsistent(database.db, [userId, other], now);
  }, 240_000);

  it('stay exact when many first writes for the same day and status race', async () => {
    const now = new Date();
    const userId = newUserId();
    const start = todayStart(now) + 9 * 3600_000;
    // Twenty transactions insert into a (user, date, status) total that does not exist yet.
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        createEntry(
          database.db,
          userId,
          createEntrySchema.parse({
            start_time: iso(start + i * 1000),
            end_time: iso(start + 3600_000 + i * 1000),
            hourly_rate: 33.3333,
          }),
        ),
      ),
    );
    const ids = (
      await database.db.select({ id: timeEntries.id }).from(timeEntries).where(eq(timeEntries.userId, userId))
    ).map((r) => r.id);
    // Then conflicting batch updates move them between statuses at once.
    await Promise.all(
      PAYMENT_STATUSES.map((status, i) =>
        batchUpdatePaymentStatus(database.db, userId, {
          entry_ids: ids.filter((_, j) => j % 4 !== i),
          payment_status: status,
        }),
      ),
    );
    await expectConsistent(database.db, [userId], now);
    const { total } = await listEntries(database.db, userId, listEntriesQuerySchema.parse({}));
    expect(total).toBe(20);
  });

  it('count running timers in the list total but add nothing for them to the stats', async () => {
    const now = new Date();
    const userId = newUserId();
    const running = await startSession(database.db, userId, startSessionSchema.parse({ hourly_rate: 50 }));
    await expectConsistent(database.db, [userId], now);
    const { total } = await listEntries(database.db, userId, listEntriesQuerySchema.parse({}));
    expect(total).toBe(1);
    expect((await getStats(database.db, userId, {}, now)).total_hours_today).toBe(0);
    // Stopped now (an explicit end_time in the future is a 400).
    await stopSession(database.db, userId, running.id, stopSessionSchema.parse({}));
    await expectConsistent(database.db, [userId], now);
  });

  it('write nothing for an edit that moves no total (notes only)', async () => {
    const now = new Date();
    const userId = newUserId();
    const entry = await createEntry(
      database.db,
      userId,
      createEntrySchema.parse({
        start_time: iso(todayStart(now)),
        end_time: iso(todayStart(now) + 3600_000),
      }),
    );
    const before = rowsOf(
      await database.db.execute(
        sql`SELECT xmin::text AS v FROM time_entry_status_totals WHERE user_id = ${userId}`,
      ),
    );
    await updateEntry(database.db, userId, entry.id, updateEntrySchema.parse({ notes: 'only the notes' }));
    const after = rowsOf(
      await database.db.execute(
        sql`SELECT xmin::text AS v FROM time_entry_status_totals WHERE user_id = ${userId}`,
      ),
    );
    expect(after).toEqual(before);
    await expectConsistent(database.db, [userId], now);
  });

  it('are emptied with the entries by TRUNCATE', async () => {
    // Its own database: a TRUNCATE would empty the other tests' tables.
    const { db, close } = await freshDatabase();
    try {
      const userId = newUserId();
      await apply(db, userId, userId + 1, todayStart(new Date()), {
        kind: 'create',
        offset: 0,
        seconds: 60,
        rate: 1,
        status: 'paid',
      });
      await db.execute(sql`TRUNCATE time_entries`);
      expect(rowsOf(await db.execute(sql`SELECT count(*)::int AS n FROM time_entry_daily_totals`))).toEqual([
        { n: 0 },
      ]);
      expect(rowsOf(await db.execute(sql`SELECT count(*)::int AS n FROM time_entry_status_totals`))).toEqual([
        { n: 0 },
      ]);
    } finally {
      await close();
    }
  });

  it('are filled in for the entries that exist when the migration runs', async () => {
    // Migrate up to 0000 only, write entries the old way, then apply the rest.
    const { db, close, migrateAll } = await freshDatabase({ migrations: 1 });
    try {
      const now = new Date();
      const [userId, other] = [newUserId(), newUserId()];
      await db.execute(sql`
        INSERT INTO time_entries (user_id, date, start_time, end_time, hourly_rate, payment_status)
        SELECT CASE WHEN i % 3 = 0 THEN ${other}::int ELSE ${userId}::int END,
               (timestamptz '2024-01-01T08:00:00Z' + i * interval '7 hours')::date,
               timestamptz '2024-01-01T08:00:00Z' + i * interval '7 hours',
               CASE WHEN i = 0 THEN NULL ELSE timestamptz '2024-01-01T08:00:00Z' + i * interval '7 hours' + (i * 37) * interval '1 second' END,
               (i % 97) + 0.1234,
               (ARRAY['not_paid', 'invoiced_not_approved', 'invoiced_approved', 'paid'])[1 + i % 4]
        FROM generate_series(0, 499) AS i`);
      await migrateAll();
      await expectConsistent(db, [userId, other], now);
      await db.delete(timeEntries).where(inArray(timeEntries.userId, [userId]));
      await expectConsistent(db, [userId, other], now);
    } finally {
      await close();
    }
  });
});
