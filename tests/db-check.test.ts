// npm run db:check (db/totals.ts, db/check.ts): the totals compared with a fresh
// recomputation from the entries, drift reported key by key with the numbers, and
// --repair rebuilding them without touching an entry. Also what the one trigger of
// migration 0007 writes: nothing for a notes-only edit, one row per moved key for a
// batch. tests/stats-rollup.test.ts is the property test of the trigger's sums.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { asc, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { type Database, openPglite } from '@/db/client';
import { timeEntries } from '@/db/schema';
import { checkTotals, repairTotals, type TotalsDrift } from '@/db/totals';
import { env } from '@/lib/env';
import { deleteEntry } from '@/lib/time-tracking/deleted-entries';
import { batchUpdatePaymentStatus, createEntry, updateEntry } from '@/lib/time-tracking/entries';
import {
  createEntrySchema,
  startSessionSchema,
  stopSessionSchema,
  updateEntrySchema,
} from '@/lib/time-tracking/schemas';
import { startSession, stopSession } from '@/lib/time-tracking/sessions';
import { newUserId } from './helpers/auth';
import { freshDatabase, useTestDatabase, usingPostgres } from './helpers/database';
import { makeEntry } from './helpers/factories';

// Ordinary writes only: the tests that tamper with the totals get databases of their own.
const database = useTestDatabase();

type Row = Record<string, unknown>;
const rowsOf = (result: unknown): Row[] =>
  Array.isArray(result) ? result : (result as { rows: Row[] }).rows;

/** A database of its own for one test, closed (and on Postgres dropped) afterwards. */
async function withOwnDatabase(test: (db: Database) => Promise<void>) {
  const { db, close } = await freshDatabase();
  try {
    await test(db);
  } finally {
    await close();
  }
}

const entriesOf = (db: Database) => db.select().from(timeEntries).orderBy(asc(timeEntries.id));

/**
 * Two entries of one user: 2024-01-22 09:00–17:00 at 50/h, not paid (8 h = 28,800 s,
 * earned 400), and 2024-01-23 10:00–11:30 at 33.3333/h, paid (5,400 s, earned
 * 49.99995 rounded to 50.00).
 */
async function twoEntries(db: Database) {
  const userId = newUserId();
  await makeEntry(db, userId);
  await makeEntry(db, userId, {
    date: '2024-01-23',
    startTime: new Date('2024-01-23T10:00:00Z'),
    endTime: new Date('2024-01-23T11:30:00Z'),
    hourlyRate: '33.3333',
    paymentStatus: 'paid',
  });
  return userId;
}

const daily = (
  userId: number,
  date: string,
  paymentStatus: string,
  expected: TotalsDrift['expected'],
  stored: TotalsDrift['stored'],
): TotalsDrift => ({ table: 'time_entry_daily_totals', userId, date, paymentStatus, expected, stored });

const status = (
  userId: number,
  paymentStatus: string,
  expected: TotalsDrift['expected'],
  stored: TotalsDrift['stored'],
): TotalsDrift => ({
  table: 'time_entry_status_totals',
  userId,
  date: null,
  paymentStatus,
  expected,
  stored,
});

/** Repairs, then checks that the totals match and that no entry changed. */
async function expectRepaired(db: Database, drift: TotalsDrift[]) {
  const before = await entriesOf(db);
  const repaired = await repairTotals(db);
  expect(repaired.drift).toEqual(drift);
  expect(repaired.driftCount).toBe(drift.length);
  expect(repaired.emptyRowsRemoved).toBe(0);
  const after = await checkTotals(db);
  expect(after.drift).toEqual([]);
  expect(after.driftCount).toBe(0);
  expect(await entriesOf(db)).toEqual(before);
  return after;
}

describe('checkTotals', () => {
  it('finds no drift after ordinary writes through the domain functions', async () => {
    const db = database.db;
    const [userId, other] = [newUserId(), newUserId()];
    const made = [];
    for (const [i, paymentStatus] of (
      ['not_paid', 'invoiced_not_approved', 'paid', 'not_paid'] as const
    ).entries()) {
      made.push(
        await createEntry(
          db,
          userId,
          createEntrySchema.parse({
            start_time: `2024-03-0${i + 1}T08:00:00Z`,
            end_time: `2024-03-0${i + 1}T09:17:13Z`,
            hourly_rate: 61.2345,
            payment_status: paymentStatus,
          }),
        ),
      );
    }
    await createEntry(
      db,
      other,
      createEntrySchema.parse({ start_time: '2024-03-01T08:00:00Z', end_time: '2024-03-01T10:00:00Z' }),
    );
    const running = await startSession(db, userId, startSessionSchema.parse({ hourly_rate: 40 }));
    expect((await checkTotals(db)).drift).toEqual([]);
    // Started two hours earlier, so that an explicit stop 1.5 h after the start is not in the future.
    const startTime = new Date(running.startTime.getTime() - 7_200_000);
    await updateEntry(
      db,
      userId,
      running.id,
      updateEntrySchema.parse({ start_time: startTime.toISOString() }),
    );
    await stopSession(
      db,
      userId,
      running.id,
      stopSessionSchema.parse({ end_time: new Date(startTime.getTime() + 5_400_000).toISOString() }),
    );
    await updateEntry(db, userId, made[0]!.id, updateEntrySchema.parse({ notes: 'notes only' }));
    await updateEntry(
      db,
      userId,
      made[1]!.id,
      updateEntrySchema.parse({ hourly_rate: 75, date: '2024-03-01' }),
    );
    await updateEntry(db, userId, made[2]!.id, updateEntrySchema.parse({ end_time: '2024-03-03T12:00:00Z' }));
    await batchUpdatePaymentStatus(db, userId, {
      entry_ids: [made[0]!.id, made[1]!.id, made[3]!.id],
      payment_status: 'invoiced_approved',
    });
    await deleteEntry(db, userId, made[3]!.id);

    const result = await checkTotals(db);
    expect(result.drift).toEqual([]);
    expect(result.driftCount).toBe(0);
    const [counted] = rowsOf(await db.execute(sql`SELECT count(*)::int AS n FROM time_entries`));
    expect(result.entries).toBe(counted?.n);
    expect(result.entries).toBeGreaterThanOrEqual(5);
    expect(result.dailyRows).toBeGreaterThan(0);
    expect(result.statusRows).toBeGreaterThan(0);
  });

  it('reports a tampered totals row with what it should hold and what it holds', async () => {
    await withOwnDatabase(async (db) => {
      const userId = await twoEntries(db);
      expect((await checkTotals(db)).drift).toEqual([]);
      await db.execute(sql`
        UPDATE time_entry_daily_totals SET earned = earned + 0.01, entry_count = entry_count + 1
        WHERE user_id = ${userId} AND date = '2024-01-22'`);
      await db.execute(sql`
        UPDATE time_entry_status_totals SET seconds = seconds - 1
        WHERE user_id = ${userId} AND payment_status = 'paid'`);

      const drift = [
        daily(
          userId,
          '2024-01-22',
          'not_paid',
          { entryCount: 1, seconds: '28800', earned: '400' },
          { entryCount: 2, seconds: '28800', earned: '400.01' },
        ),
        status(
          userId,
          'paid',
          { entryCount: 1, seconds: '5400', earned: '50' },
          { entryCount: 1, seconds: '5399', earned: '50' },
        ),
      ];
      const result = await checkTotals(db);
      expect(result.drift).toEqual(drift);
      expect(result.driftCount).toBe(2);
      expect(result).toMatchObject({ entries: 2, dailyRows: 2, statusRows: 2 });
      await expectRepaired(db, drift);
    });
  });

  it('reports a deleted totals row as missing', async () => {
    await withOwnDatabase(async (db) => {
      const userId = await twoEntries(db);
      await db.execute(
        sql`DELETE FROM time_entry_daily_totals WHERE user_id = ${userId} AND date = '2024-01-23'`,
      );
      await db.execute(
        sql`DELETE FROM time_entry_status_totals WHERE user_id = ${userId} AND payment_status = 'not_paid'`,
      );

      const drift = [
        daily(userId, '2024-01-23', 'paid', { entryCount: 1, seconds: '5400', earned: '50' }, null),
        status(userId, 'not_paid', { entryCount: 1, seconds: '28800', earned: '400' }, null),
      ];
      const result = await checkTotals(db);
      expect(result.drift).toEqual(drift);
      expect(result).toMatchObject({ entries: 2, dailyRows: 1, statusRows: 1 });
      const after = await expectRepaired(db, drift);
      expect(after).toMatchObject({ entries: 2, dailyRows: 2, statusRows: 2 });
    });
  });

  it('reports a stray totals row for a key without entries', async () => {
    await withOwnDatabase(async (db) => {
      const userId = await twoEntries(db);
      const stranger = newUserId();
      await db.execute(sql`
        INSERT INTO time_entry_daily_totals (user_id, date, payment_status, entry_count, seconds, earned)
        VALUES (${userId}, '2024-01-24', 'invoiced_approved', 3, 10800.5, 150.25),
               (${stranger}, '2024-01-22', 'not_paid', 0, 0, 0.01)`);
      await db.execute(sql`
        INSERT INTO time_entry_status_totals (user_id, payment_status, entry_count, seconds, earned)
        VALUES (${stranger}, 'paid', 1, 60, 1)`);

      // In key order: the user, then the table, then the date and status.
      const drift = [
        daily(userId, '2024-01-24', 'invoiced_approved', null, {
          entryCount: 3,
          seconds: '10800.5',
          earned: '150.25',
        }),
        daily(stranger, '2024-01-22', 'not_paid', null, { entryCount: 0, seconds: '0', earned: '0.01' }),
        status(stranger, 'paid', null, { entryCount: 1, seconds: '60', earned: '1' }),
      ];
      const result = await checkTotals(db);
      expect(result.drift).toEqual(drift);
      const after = await expectRepaired(db, drift);
      expect(after).toMatchObject({ entries: 2, dailyRows: 2, statusRows: 2 });
    });
  });

  it('returns the first drifted keys up to the limit and counts them all', async () => {
    await withOwnDatabase(async (db) => {
      const userId = await twoEntries(db);
      await db.execute(sql`DELETE FROM time_entry_daily_totals`);
      await db.execute(sql`DELETE FROM time_entry_status_totals`);
      const result = await checkTotals(db, { limit: 1 });
      expect(result.driftCount).toBe(4);
      expect(result.drift).toEqual([
        daily(userId, '2024-01-22', 'not_paid', { entryCount: 1, seconds: '28800', earned: '400' }, null),
      ]);
      const repaired = await repairTotals(db, { limit: 1 });
      expect(repaired.driftCount).toBe(4);
      expect((await checkTotals(db)).driftCount).toBe(0);
    });
  });

  it('takes rows of zeros left by deletes for no drift, and a repair removes them', async () => {
    await withOwnDatabase(async (db) => {
      const userId = newUserId();
      const kept = await makeEntry(db, userId);
      const gone = await makeEntry(db, userId, { date: '2024-01-25', paymentStatus: 'paid' });
      await deleteEntry(db, userId, gone.id);
      const [zeros] = rowsOf(
        await db.execute(sql`
          SELECT (SELECT count(*) FROM time_entry_daily_totals WHERE entry_count = 0 AND seconds = 0 AND earned = 0)::int
               + (SELECT count(*) FROM time_entry_status_totals WHERE entry_count = 0 AND seconds = 0 AND earned = 0)::int AS n`),
      );
      expect(zeros?.n).toBe(2);
      expect(await checkTotals(db)).toMatchObject({ drift: [], entries: 1, dailyRows: 2, statusRows: 2 });

      const repaired = await repairTotals(db);
      expect(repaired).toMatchObject({ drift: [], driftCount: 0, emptyRowsRemoved: 2 });
      expect(await checkTotals(db)).toMatchObject({ drift: [], entries: 1, dailyRows: 1, statusRows: 1 });
      expect((await entriesOf(db)).map((e) => e.id)).toEqual([kept.id]);
    });
  });

  it('sees no drift, and a repair leaves none, while writers carry on', async () => {
    await withOwnDatabase(async (db) => {
      const userId = newUserId();
      const ids = await Promise.all(
        Array.from(
          { length: 20 },
          async (_, i) => (await makeEntry(db, userId, { hourlyRate: `${10 + i}.5` })).id,
        ),
      );
      let writing = true;
      const writers = Array.from({ length: 4 }, async (_, w) => {
        for (let i = 0; writing; i++) {
          const entry = await makeEntry(db, userId, { date: `2024-02-0${1 + ((w + i) % 9)}` });
          await updateEntry(
            db,
            userId,
            ids[(w * 5 + i) % ids.length]!,
            updateEntrySchema.parse({ hourly_rate: i }),
          );
          if (i % 2) await deleteEntry(db, userId, entry.id);
        }
      });
      try {
        for (let round = 0; round < 3; round++) {
          expect((await checkTotals(db)).drift).toEqual([]);
          expect((await repairTotals(db)).drift).toEqual([]);
        }
      } finally {
        writing = false;
        await Promise.all(writers);
      }
      expect((await checkTotals(db)).drift).toEqual([]);
    });
  }, 120_000);
});

describe('the totals trigger (migration 0007)', () => {
  /**
   * Rows written to each totals table by `write`, as Postgres counts them in its
   * transaction (pg_stat_xact_* also holds earlier transactions' counts until they
   * are flushed, so the difference is taken).
   */
  async function rowsWrittenBy(write: (tx: Database) => Promise<unknown>) {
    return database.db.transaction(async (tx) => {
      const counts = async () =>
        rowsOf(
          await tx.execute(sql`
            SELECT relname AS table, n_tup_ins::int AS inserted, n_tup_upd::int AS updated, n_tup_del::int AS deleted
            FROM pg_stat_xact_user_tables
            WHERE relname IN ('time_entry_daily_totals', 'time_entry_status_totals')
            ORDER BY relname`),
        );
      const before = await counts();
      await write(tx as unknown as Database);
      return (await counts()).map((row, i) => ({
        table: row.table,
        inserted: Number(row.inserted) - Number(before[i]?.inserted),
        updated: Number(row.updated) - Number(before[i]?.updated),
        deleted: Number(row.deleted) - Number(before[i]?.deleted),
      }));
    });
  }
  const written = (daily: [number, number], byStatus: [number, number]) => [
    { table: 'time_entry_daily_totals', inserted: daily[0], updated: daily[1], deleted: 0 },
    { table: 'time_entry_status_totals', inserted: byStatus[0], updated: byStatus[1], deleted: 0 },
  ];

  it('writes nothing to the totals for a notes-only edit, one row per moved key otherwise', async () => {
    const userId = newUserId();
    const entry = await makeEntry(database.db, userId);
    expect(
      await rowsWrittenBy((tx) =>
        updateEntry(tx, userId, entry.id, updateEntrySchema.parse({ notes: 'only notes' })),
      ),
    ).toEqual(written([0, 0], [0, 0]));
    // The same measurement sees a write that moves the totals.
    expect(
      await rowsWrittenBy((tx) =>
        updateEntry(tx, userId, entry.id, updateEntrySchema.parse({ hourly_rate: 51 })),
      ),
    ).toEqual(written([0, 1], [0, 1]));
    expect((await checkTotals(database.db)).drift).toEqual([]);
  });

  it('writes each moved key once for a batch of 1,000 entries (one upsert per table)', async () => {
    const userId = newUserId();
    // 1,000 entries on four days, not paid: four daily keys and one status key.
    const inserted = await database.db
      .insert(timeEntries)
      .values(
        Array.from({ length: 1000 }, (_, i) => {
          const start = Date.parse(`2024-05-0${1 + (i % 4)}T00:00:00Z`) + Math.floor(i / 4) * 60_000;
          return {
            userId,
            date: `2024-05-0${1 + (i % 4)}`,
            startTime: new Date(start),
            endTime: new Date(start + 45_000),
            hourlyRate: '12.3456',
          };
        }),
      )
      .returning({ id: timeEntries.id });
    const ids = inserted.map((row) => row.id);
    // Four not_paid keys go to zero, four paid keys appear; per status, one of each.
    expect(
      await rowsWrittenBy((tx) =>
        batchUpdatePaymentStatus(tx, userId, { entry_ids: ids, payment_status: 'paid' }),
      ),
    ).toEqual(written([4, 4], [1, 1]));
    const [totals] = rowsOf(
      await database.db.execute(sql`
        SELECT entry_count, seconds::text AS seconds FROM time_entry_status_totals
        WHERE user_id = ${userId} AND payment_status = 'paid'`),
    );
    expect(totals).toEqual({ entry_count: 1000, seconds: expect.stringMatching(/^45000(\.0+)?$/) });
    expect((await checkTotals(database.db)).drift).toEqual([]);
  });
});

describe('npm run db:check', () => {
  const run = promisify(execFile);
  const tsx = path.join(process.cwd(), 'node_modules', '.bin', 'tsx');

  /** Runs the CLI against the given database; resolves with its exit code and output. */
  async function cli(target: Record<string, string>, ...args: string[]) {
    try {
      const { stdout } = await run(tsx, ['db/check.ts', ...args], {
        env: { ...process.env, DATABASE_URL: '', PGLITE_DIR: '', ...target },
      });
      return { code: 0, stdout };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      return { code: failed.code, stdout: `${failed.stdout}${failed.stderr}` };
    }
  }

  /** A database the CLI can open from another process, with one tampered totals row. */
  async function tamperedDatabase(): Promise<{
    target: Record<string, string>;
    userId: number;
    done: () => Promise<void>;
  }> {
    const tamper = async (db: Database) => {
      const userId = await twoEntries(db);
      await db.execute(
        sql`UPDATE time_entry_daily_totals SET earned = 1 WHERE user_id = ${userId} AND date = '2024-01-22'`,
      );
      return userId;
    };
    if (usingPostgres) {
      const { db, close } = await freshDatabase();
      const userId = await tamper(db);
      const [row] = rowsOf(await db.execute(sql`SELECT current_database() AS name`));
      const url = new URL(env().DATABASE_URL!);
      url.pathname = `/${row?.name}`;
      return { target: { DATABASE_URL: url.toString() }, userId, done: close };
    }
    const dir = mkdtempSync(path.join(tmpdir(), 'tt-db-check-'));
    // One process at a time: closed before the CLI opens it.
    const { db, close } = await openPglite(dir);
    const userId = await tamper(db);
    await close();
    return {
      target: { PGLITE_DIR: dir },
      userId,
      done: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }

  it('exits 1 on drift, 0 after --repair, and 0 when the totals match', async () => {
    const { target, userId, done } = await tamperedDatabase();
    try {
      const drifted = await cli(target);
      expect(drifted.code, drifted.stdout).toBe(1);
      expect(drifted.stdout).toContain(
        `time_entry_daily_totals user ${userId} 2024-01-22 not_paid: expected 1 entry, 28800 s, earned 400; stored 1 entry, 28800 s, earned 1`,
      );
      expect(drifted.stdout).toContain('Drift in 1 totals rows');

      const repaired = await cli(target, '--repair');
      expect(repaired.code, repaired.stdout).toBe(0);
      expect(repaired.stdout).toContain('Repaired 1 drifted totals rows');

      const clean = await cli(target);
      expect(clean.code, clean.stdout).toBe(0);
      expect(clean.stdout).toMatch(
        /Totals match the entries: 2 entries, 2 daily and 2 status totals rows, no drift/,
      );

      const unknown = await cli(target, '--fix');
      expect(unknown.code).toBe(1);
      expect(unknown.stdout).toContain('Usage: npm run db:check [-- --repair]');
    } finally {
      await done();
    }
  }, 180_000);
});
