// Undo (issue 14): a deleted entry is moved to deleted_time_entries (db/schema.ts)
// and can be moved back for DELETED_ENTRY_RETENTION_DAYS. Each move is one
// statement: the row leaves one table and enters the other together or not at
// all, with its id and every column as it was. The triggers on time_entries
// take it out of (and put it back into) the per-day and per-status totals in
// the same statement, so the list, stats, reports, exports and invoice links,
// which read only time_entries and the totals, lose and regain it at once.
//
// Expired rows are purged without a cron: every delete also removes up to
// PURGE_BATCH expired rows (of any user), skipping rows other transactions
// hold, as the idempotency keys are purged (lib/http/idempotency.ts). Until it
// is purged, an expired row is neither listed nor restorable: expiry is always
// compared with the database's clock.
import { and, desc, eq, getTableColumns, type SQL, sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import { type Database, rowsOf } from '@/db/client';
import { isActiveSessionViolation, retryCollisions } from '@/db/errors';
import { type DeletedTimeEntryRow, deletedTimeEntries, type TimeEntryRow, timeEntries } from '@/db/schema';
import { ActiveEntryConflict, AppError, notFound } from '@/lib/errors';
import { DELETED_ENTRY_RETENTION_DAYS } from './constants';
import { activeSessionConflict, entriesNotFound } from './entries';

/** Exact hours (not calendar days, which a session timezone's DST would stretch). */
const RETENTION_HOURS = DELETED_ENTRY_RETENTION_DAYS * 24;
export const RETENTION_MS = RETENTION_HOURS * 3_600_000;
/** At most this many expired rows are purged by one delete. */
const PURGE_BATCH = 100;

/** Still restorable: deleted less than the retention ago, by the database's clock. */
const restorable = sql`deleted_at > now() - ${RETENTION_HOURS} * interval '1 hour'`;
const expired = sql`deleted_at <= now() - ${RETENTION_HOURS} * interval '1 hour'`;

/** The columns a move carries: every column of an entry but the generated totals (db/schema.ts entryColumns). */
const COLUMNS = sql.join(
  Object.values(getTableColumns(timeEntries))
    .filter((column) => !column.generated)
    .map((column) => sql.identifier(column.name)),
  sql`, `,
);

/** One array parameter: the statement's text is the same for any number of ids. */
const idsParam = (ids: number[]) => sql`${sql.param(ids)}::int[]`;

/**
 * Moves the user's entries with these ids to deleted_time_entries, all or
 * nothing: the rows are locked in id order (as the batch update locks them) and
 * moved only if every id was found; otherwise a 404 naming the missing ids, and
 * nothing changed. The same statement purges a few expired deleted rows.
 * Returns how many entries were deleted (distinct ids).
 */
export async function deleteEntries(db: Database, userId: number, entryIds: number[]): Promise<number> {
  const ids = [...new Set(entryIds)];
  const move = async () =>
    rowsOf(
      await db.execute(sql`with targets as (
          select id from time_entries where user_id = ${userId} and id = any(${idsParam(ids)})
          order by id for update),
        purged as (
          -- Only with a delete that happens: a 404 leaves every table as it was.
          delete from deleted_time_entries where (select count(*) from targets) = ${ids.length}
            and ctid = any(array(
              select ctid from deleted_time_entries where ${expired}
              limit ${PURGE_BATCH} for update skip locked))),
        moved as (
          delete from time_entries
          where id in (select id from targets) and (select count(*) from targets) = ${ids.length}
          returning ${COLUMNS})
        insert into deleted_time_entries (${COLUMNS}, deleted_at)
        select ${COLUMNS}, date_trunc('second', now()) from moved
        returning id`),
    );
  for (let attempt = 1; ; attempt++) {
    const moved = await retryCollisions(db, move);
    if (moved.length === ids.length) return moved.length;
    const found = new Set((await liveEntries(db, userId, ids)).map((r) => r.id));
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length > 0) throw entriesNotFound(missing);
    // Every id is live now: a concurrent restore brought some back after this statement began.
    if (attempt >= RACE_ATTEMPTS) throw raced();
  }
}

/**
 * How many times a move runs in all when it missed rows that a concurrent
 * move committed after it began (found when the ids are read again).
 */
const RACE_ATTEMPTS = 3;
const raced = () =>
  new AppError(
    'conflict',
    'The change collided with concurrent changes to the same entries and was not applied, even after retrying; please retry.',
  );

/** DELETE /entries/{entry_id}: one entry, 404 when the user has no such entry. */
export async function deleteEntry(db: Database, userId: number, id: number): Promise<void> {
  try {
    await deleteEntries(db, userId, [id]);
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') throw notFound(`Time entry ${id}`);
    throw error;
  }
}

const NOT_RESTORABLE = ` among the entries deleted in the last ${DELETED_ENTRY_RETENTION_DAYS} days`;

/**
 * Moves the user's deleted entries with these ids back, all or nothing, in one
 * statement, with their ids and every column as they were (`updated_at` too:
 * restoring undoes the delete, it does not edit the entry). An id that is
 * already a live entry of the user counts as restored (a retried restore).
 * 404 naming the ids that are neither (unknown, another user's, or deleted
 * more than the retention ago); 409 when it would make a second running timer
 * (naming the running one). Returns the entries in id order.
 */
export async function restoreEntries(
  db: Database,
  userId: number,
  entryIds: number[],
): Promise<TimeEntryRow[]> {
  const ids = [...new Set(entryIds)];
  const write = async () => {
    const [result] = rowsOf(
      await db.execute(sql`with source as (
          select * from deleted_time_entries
          where user_id = ${userId} and id = any(${idsParam(ids)}) and ${restorable}
          order by id for update),
        live as (select id from time_entries where user_id = ${userId} and id = any(${idsParam(ids)})),
        checks as (select
          (select count(*) from source) + (select count(*) from live) = ${ids.length} as all_found,
          (select count(*) from source where end_time is null) = 0
            or ((select count(*) from source where end_time is null) = 1
              and not exists (select 1 from time_entries where user_id = ${userId} and end_time is null))
            as one_running),
        restored as (
          insert into time_entries (${COLUMNS}) overriding system value
          select ${COLUMNS} from source where (select all_found and one_running from checks)
          returning id),
        removed as (delete from deleted_time_entries where id in (select id from restored))
        select all_found, one_running from checks`),
    );
    return result as { all_found: boolean; one_running: boolean };
  };

  for (let attempt = 1; ; attempt++) {
    let checks: { all_found: boolean; one_running: boolean };
    try {
      checks = await retryCollisions(db, write);
    } catch (error) {
      // A timer started between the statement's snapshot and its insert: the
      // running-timer index refused the row and the statement changed nothing.
      // Inside a transaction (an Idempotency-Key) nothing more can be read.
      if (!isActiveSessionViolation(error)) throw error;
      throw db instanceof PgTransaction
        ? new ActiveEntryConflict(null)
        : await activeSessionConflict(db, userId);
    }
    if (checks.all_found) {
      if (!checks.one_running) throw await activeSessionConflict(db, userId);
      return liveEntries(db, userId, ids);
    }
    const found = new Set([
      ...(
        await db
          .select({ id: deletedTimeEntries.id })
          .from(deletedTimeEntries)
          .where(and(ownedDeleted(userId, ids), restorable))
      ).map((r) => r.id),
      ...(await liveEntries(db, userId, ids)).map((r) => r.id),
    ]);
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length > 0) throw entriesNotFound(missing, NOT_RESTORABLE);
    // All there now: a concurrent restore or delete moved some after this statement began.
    if (attempt >= RACE_ATTEMPTS) throw raced();
  }
}

/** POST /entries/{entry_id}/restore: one entry; see restoreEntries. */
export async function restoreEntry(db: Database, userId: number, id: number): Promise<TimeEntryRow> {
  try {
    const [row] = await restoreEntries(db, userId, [id]);
    return row!;
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') {
      throw new AppError('not_found', `Time entry ${id} was not found${NOT_RESTORABLE}.`);
    }
    throw error;
  }
}

const ownedDeleted = (userId: number, ids: number[]): SQL =>
  and(eq(deletedTimeEntries.userId, userId), sql`${deletedTimeEntries.id} = any(${idsParam(ids)})`)!;

function liveEntries(db: Database, userId: number, ids: number[]) {
  return db
    .select()
    .from(timeEntries)
    .where(and(eq(timeEntries.userId, userId), sql`${timeEntries.id} = any(${idsParam(ids)})`))
    .orderBy(timeEntries.id);
}

/** A page of the user's restorable entries, newest deletion first. */
export function listDeletedEntries(
  db: Database,
  userId: number,
  page: { skip: number; limit: number },
): Promise<DeletedTimeEntryRow[]> {
  return db
    .select()
    .from(deletedTimeEntries)
    .where(and(eq(deletedTimeEntries.userId, userId), restorable))
    .orderBy(desc(deletedTimeEntries.deletedAt), desc(deletedTimeEntries.id))
    .limit(page.limit)
    .offset(page.skip);
}
