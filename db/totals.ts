// The per-day and per-status totals (time_entry_daily_totals, time_entry_status_totals)
// compared with, and rebuilt from, a fresh recomputation over time_entries (npm run
// db:check). The recomputation sums time_entry_delta(entry, 1), the same per-entry
// definition the triggers add up (migration 0007), so the two cannot disagree about
// what a total is. A status total is the sum of its key's shards (migration 0008).
import { type SQL, sql } from 'drizzle-orm';
import { type Database, rowsOf } from './client';

type Executor = Pick<Database, 'execute'>;

/** One key's totals; numbers as exact decimal text, without trailing zeros. */
export interface TotalsValues {
  entryCount: number;
  seconds: string;
  earned: string;
}

/** A key whose stored totals differ from what the entries add up to. */
export interface TotalsDrift {
  table: 'time_entry_daily_totals' | 'time_entry_status_totals';
  userId: number;
  /** null for time_entry_status_totals, which has no date. */
  date: string | null;
  paymentStatus: string;
  /** null: no entry has this key (the stored row is stray). */
  expected: TotalsValues | null;
  /** null: the row is missing. */
  stored: TotalsValues | null;
}

export interface TotalsCheck {
  /** The keys that drifted, in key order: the first `limit` of them. */
  drift: TotalsDrift[];
  /** How many keys drifted in all. */
  driftCount: number;
  /** What was compared (after a repair: what now matches). */
  entries: number;
  dailyRows: number;
  /** Keys of the status totals (user, status): the shards of a key count once. */
  statusRows: number;
}

export interface TotalsRepair extends TotalsCheck {
  /** Rows that held only zeros for a key without entries (left by deletes, never drift), now removed. */
  emptyRowsRemoved: number;
}

/** How long --repair waits for writers that are mid-transaction before giving up. */
const REPAIR_LOCK_TIMEOUT = '5s';

export interface TotalsOptions {
  /** How many drifted keys to return (all are counted). */
  limit?: number;
}

const DEFAULT_LIMIT = 1000;

/** What the entries add up to per user, date and status: the daily totals as they should be. */
const freshDailySql = sql`
  SELECT d.user_id, d.date, d.payment_status, sum(d.entry_count)::int AS entry_count,
         sum(d.seconds) AS seconds, sum(d.earned) AS earned
  FROM time_entries e CROSS JOIN LATERAL (SELECT (time_entry_delta(e, 1)).*) d
  GROUP BY d.user_id, d.date, d.payment_status`;

/** The status totals as they should be, from the daily ones. */
const freshStatusSql = (freshDaily: SQL) => sql`
  SELECT user_id, payment_status, sum(entry_count)::int AS entry_count,
         sum(seconds) AS seconds, sum(earned) AS earned
  FROM ${freshDaily} AS daily
  GROUP BY user_id, payment_status`;

/** The stored status totals per key: the sum of its shards (migration 0008). */
const storedStatusSql = sql`(
  SELECT user_id, payment_status, sum(entry_count)::int AS entry_count,
         sum(seconds) AS seconds, sum(earned) AS earned
  FROM time_entry_status_totals
  GROUP BY user_id, payment_status)`;

/**
 * Every key where the stored totals and the fresh ones disagree, exactly (numeric
 * comparison). A stored row of zeros for a key without entries is what deletes
 * leave behind: not drift.
 */
async function findDrift(db: Executor, freshDaily: SQL, freshStatus: SQL, limit: number) {
  const differs = sql`coalesce(f.entry_count, 0) <> coalesce(s.entry_count, 0)
       OR coalesce(f.seconds, 0) <> coalesce(s.seconds, 0)
       OR coalesce(f.earned, 0) <> coalesce(s.earned, 0)`;
  const values = sql`
    f.entry_count AS expected_count, trim_scale(f.seconds)::text AS expected_seconds,
    trim_scale(f.earned)::text AS expected_earned, f.user_id IS NOT NULL AS has_expected,
    s.entry_count AS stored_count, trim_scale(s.seconds)::text AS stored_seconds,
    trim_scale(s.earned)::text AS stored_earned, s.user_id IS NOT NULL AS has_stored`;
  const rows = rowsOf(
    await db.execute(sql`
      WITH drift AS (
        SELECT 'time_entry_daily_totals' AS "table", user_id, date::text AS date, payment_status, ${values}
        FROM ${freshDaily} AS f FULL JOIN time_entry_daily_totals AS s USING (user_id, date, payment_status)
        WHERE ${differs}
        UNION ALL
        SELECT 'time_entry_status_totals', user_id, NULL, payment_status, ${values}
        FROM ${freshStatus} AS f FULL JOIN ${storedStatusSql} AS s USING (user_id, payment_status)
        WHERE ${differs}
      )
      SELECT *, count(*) OVER ()::int AS keys_drifted,
             (count(*) FILTER (WHERE has_stored) OVER ())::int AS rows_drifted
      FROM drift
      ORDER BY user_id, "table", date, payment_status
      LIMIT ${limit}`),
  );
  const drift = rows.map(
    (row): TotalsDrift => ({
      table: row.table as TotalsDrift['table'],
      userId: Number(row.user_id),
      date: (row.date as string | null) ?? null,
      paymentStatus: String(row.payment_status),
      expected: row.has_expected
        ? {
            entryCount: Number(row.expected_count),
            seconds: String(row.expected_seconds),
            earned: String(row.expected_earned),
          }
        : null,
      stored: row.has_stored
        ? {
            entryCount: Number(row.stored_count),
            seconds: String(row.stored_seconds),
            earned: String(row.stored_earned),
          }
        : null,
    }),
  );
  return {
    drift,
    driftCount: Number(rows[0]?.keys_drifted ?? 0),
    /** Drifted keys that have a stored row (wrong or stray), which a repair deletes. */
    storedCount: Number(rows[0]?.rows_drifted ?? 0),
  };
}

async function sizes(db: Executor) {
  const [row] = rowsOf(
    await db.execute(sql`
      SELECT (SELECT count(*) FROM time_entries)::int AS entries,
             (SELECT count(*) FROM time_entry_daily_totals)::int AS daily_rows,
             (SELECT count(*) FROM ${storedStatusSql} AS k)::int AS status_rows`),
  );
  return {
    entries: Number(row?.entries),
    dailyRows: Number(row?.daily_rows),
    statusRows: Number(row?.status_rows),
  };
}

/**
 * Compares both totals tables with a fresh recomputation from the entries, in one
 * REPEATABLE READ snapshot: writers may carry on meanwhile without causing false
 * drift, and nothing is locked or written.
 */
export async function checkTotals(db: Database, options: TotalsOptions = {}): Promise<TotalsCheck> {
  return db.transaction(
    async (tx) => {
      const freshDaily = sql`(${freshDailySql})`;
      const freshStatus = sql`(${freshStatusSql(freshDaily)})`;
      const { drift, driftCount } = await findDrift(
        tx,
        freshDaily,
        freshStatus,
        options.limit ?? DEFAULT_LIMIT,
      );
      return { drift, driftCount, ...(await sizes(tx)) };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

/**
 * Rebuilds both totals tables from the entries in one transaction: afterwards they
 * hold exactly the recomputation (no drift and no rows of zeros). Writers of
 * time_entries wait meanwhile (SHARE lock), so no write can fall between the
 * recomputation and the rebuild; readers, the stats included, carry on and see the
 * old totals until it commits. Only rows that differ are rewritten. Returns the drift
 * it fixed.
 */
export async function repairTotals(db: Database, options: TotalsOptions = {}): Promise<TotalsRepair> {
  return db.transaction(async (tx) => {
    await tx.execute(sql.raw(`SET LOCAL lock_timeout = '${REPAIR_LOCK_TIMEOUT}'`));
    await tx.execute(sql`LOCK TABLE time_entries IN SHARE MODE`);
    // Recomputed once, then compared and copied.
    await tx.execute(sql`CREATE TEMP TABLE fresh_daily_totals ON COMMIT DROP AS ${freshDailySql}`);
    await tx.execute(
      sql`CREATE TEMP TABLE fresh_status_totals ON COMMIT DROP AS ${freshStatusSql(sql`fresh_daily_totals`)}`,
    );
    await tx.execute(sql`ANALYZE fresh_daily_totals, fresh_status_totals`);
    const { drift, driftCount, storedCount } = await findDrift(
      tx,
      sql`fresh_daily_totals`,
      sql`fresh_status_totals`,
      options.limit ?? DEFAULT_LIMIT,
    );

    const same = sql`(s.entry_count, s.seconds, s.earned) = (f.entry_count, f.seconds, f.earned)`;
    const [removed] = rowsOf(
      await tx.execute(sql`
        WITH daily AS (
          DELETE FROM time_entry_daily_totals AS s
          WHERE NOT EXISTS (
            SELECT FROM fresh_daily_totals AS f
            WHERE (f.user_id, f.date, f.payment_status) = (s.user_id, s.date, s.payment_status) AND ${same})
          RETURNING 1
        ), status AS (
          -- Every shard of a key whose sum is wrong; the key is then written again whole.
          DELETE FROM time_entry_status_totals AS t
          WHERE NOT EXISTS (
            SELECT FROM fresh_status_totals AS f JOIN ${storedStatusSql} AS s USING (user_id, payment_status)
            WHERE (f.user_id, f.payment_status) = (t.user_id, t.payment_status) AND ${same})
          RETURNING t.user_id, t.payment_status
        )
        SELECT (SELECT count(*) FROM daily)::int
               + (SELECT count(*) FROM (SELECT DISTINCT user_id, payment_status FROM status) AS k)::int AS n`),
    );
    await tx.execute(sql`
      INSERT INTO time_entry_daily_totals (user_id, date, payment_status, entry_count, seconds, earned)
      SELECT * FROM fresh_daily_totals AS f
      WHERE NOT EXISTS (
        SELECT FROM time_entry_daily_totals AS s
        WHERE (s.user_id, s.date, s.payment_status) = (f.user_id, f.date, f.payment_status))
      ORDER BY user_id, date, payment_status`);
    await tx.execute(sql`
      INSERT INTO time_entry_status_totals (user_id, payment_status, entry_count, seconds, earned)
      SELECT * FROM fresh_status_totals AS f
      WHERE NOT EXISTS (
        SELECT FROM time_entry_status_totals AS s
        WHERE (s.user_id, s.payment_status) = (f.user_id, f.payment_status))
      ORDER BY user_id, payment_status`);

    // The rows deleted were the drifted ones and the rows of zeros.
    const emptyRowsRemoved = Number(removed?.n) - storedCount;
    return { drift, driftCount, emptyRowsRemoved, ...(await sizes(tx)) };
  });
}
