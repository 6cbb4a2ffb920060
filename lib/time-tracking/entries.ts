import { and, eq, inArray, isNull, ne, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Database } from '@/db/client';
import { isActiveSessionViolation, retryCollisions } from '@/db/errors';
import {
  nowSql,
  type TimeEntryRow,
  timeEntries,
  timeEntryDailyTotals,
  timeEntryStatusTotals,
} from '@/db/schema';
import { ActiveEntryConflict, AppError, type FieldError, notFound, validationError } from '@/lib/errors';
import { checkEarned, checkedDate, checkRunningStart } from './bounds';
import type { PaymentStatus } from './constants';
import { preparedQuery } from './prepared-queries';
import type {
  batchUpdatePaymentStatusSchema,
  createEntrySchema,
  listEntriesQuerySchema,
  updateEntrySchema,
} from './schemas';
import { effectiveSettings, timezoneOf } from './settings';
import { daysBetween, localDate, type Timezone } from './timezone';

export type CreateEntryInput = z.output<typeof createEntrySchema>;
export type UpdateEntryInput = z.output<typeof updateEntrySchema>;
export type ListEntriesQuery = z.output<typeof listEntriesQuerySchema>;

/** Hand-made and hand-edited entries may span at most this long; the timer has no limit. */
export const MAX_MANUAL_SPAN_MS = 31 * 86_400_000;

export const ownedBy = (userId: number, id: number) =>
  and(eq(timeEntries.userId, userId), eq(timeEntries.id, id));

export async function getEntryOrThrow(db: Database, userId: number, id: number): Promise<TimeEntryRow> {
  const query = preparedQuery(db, 'get_entry', () =>
    db
      .select()
      .from(timeEntries)
      .where(
        and(eq(timeEntries.userId, sql.placeholder('userId')), eq(timeEntries.id, sql.placeholder('id'))),
      )
      .prepare('get_entry'),
  );
  const [row] = await query.execute({ userId, id });
  if (!row) throw notFound(`Time entry ${id}`);
  return row;
}

export async function findActiveEntry(db: Database, userId: number) {
  const query = preparedQuery(db, 'find_active_entry', () =>
    db
      .select()
      .from(timeEntries)
      .where(and(eq(timeEntries.userId, sql.placeholder('userId')), isNull(timeEntries.endTime)))
      .prepare('find_active_entry'),
  );
  const [row] = await query.execute({ userId });
  return row;
}

/** The 409 for a second running entry, naming the one already running. */
export async function activeSessionConflict(db: Database, userId: number): Promise<ActiveEntryConflict> {
  return new ActiveEntryConflict((await findActiveEntry(db, userId)) ?? null);
}

/**
 * Inserts an entry without an end time, relying on the partial unique index
 * for the one-running-timer rule, so that it holds across server instances.
 */
export async function insertActiveEntry(db: Database, values: typeof timeEntries.$inferInsert) {
  const [row] = await db
    .insert(timeEntries)
    .values({ ...values, endTime: null })
    .onConflictDoNothing({ target: timeEntries.userId, where: sql`end_time IS NULL` })
    .returning();
  if (!row) throw await activeSessionConflict(db, values.userId);
  return row;
}

function checkTimes(start: Date, end: Date | null, manual: boolean) {
  if (end === null) return;
  if (end.getTime() <= start.getTime()) {
    throw validationError([{ path: 'end_time', message: 'must be after start_time' }]);
  }
  if (manual && end.getTime() - start.getTime() > MAX_MANUAL_SPAN_MS) {
    throw validationError([
      {
        path: 'end_time',
        message: 'an entry may span at most 31 days; split longer work into several entries',
      },
    ]);
  }
}

/** An explicit date may differ from the start's local date by at most one day (timezone slack). */
function checkExplicitDate(date: string, derived: string) {
  if (Math.abs(daysBetween(derived, date)) > 1) {
    throw validationError([
      {
        path: 'date',
        message: `must be within one day of start_time's local date (${derived})`,
      },
    ]);
  }
}

/**
 * A page no larger than this (estimated) is read and sent as one string; a
 * larger one is streamed in pieces of about this size (lib/http/stream.ts).
 */
export const LIST_CHUNK_BYTES = 256 * 1024;

/**
 * A page of the user's entries, as the API sends it, and how many match the
 * filters. A page of up to LIST_CHUNK_BYTES (estimated) comes whole, `json`, a
 * JSON array written by Postgres (time_entry_json(), migration 0006):
 * serialising the rows here instead cost twice the server's CPU per request
 * (docs/PERFORMANCE.md). A larger one (1,000 entries with long notes can be
 * 38 MB) comes as its ids in page order with each one's estimated size, and
 * `read` fetches the JSON of some of them, so that the server never holds more
 * than a piece of it (docs/SECURITY.md, "Bounded cost per user").
 */
export type EntryPage = { total: number } & (
  | { json: string }
  | { ids: number[]; sizes: number[]; read: (ids: number[]) => Promise<string> }
);

type DateFilter = ListEntriesQuery['start_date'] | null;
interface DateFilters {
  start_date?: DateFilter;
  end_date?: DateFilter;
}

/** A date filter given as a date-time needs the user's timezone for its local date. */
export const needsTimezone = (filters: DateFilters) =>
  Boolean(filters.start_date?.instant || filters.end_date?.instant);

/**
 * The inclusive `date` range of the list's date filters (also the invoice
 * links'); `timezone` is needed when `needsTimezone`. Start after end is a 400.
 */
export function dateRangeOf(filters: DateFilters, timezone: Timezone | undefined) {
  const toDate = (filter: DateFilter | undefined) =>
    filter ? (filter.date ?? localDate(filter.instant as Date, timezone!)) : undefined;
  const startDate = toDate(filters.start_date);
  const endDate = toDate(filters.end_date);
  if (startDate && endDate && startDate > endDate) {
    throw validationError([{ path: 'start_date', message: `must not be after end_date (${endDate})` }]);
  }
  return { startDate, endDate };
}

export async function listEntries(db: Database, userId: number, query: ListEntriesQuery): Promise<EntryPage> {
  const timezone = needsTimezone(query) ? timezoneOf(await effectiveSettings(db, userId)) : undefined;
  const { startDate, endDate } = dateRangeOf(query, timezone);

  const rows = await listQuery(db, {
    startDate: Boolean(startDate),
    endDate: Boolean(endDate),
    status: Boolean(query.payment_status),
  }).execute({
    userId,
    startDate,
    endDate,
    status: query.payment_status,
    limit: query.limit,
    skip: query.skip,
    wholeBytes: LIST_CHUNK_BYTES,
  });
  const { json, sizes, total } = rows[0] ?? { json: '[]', sizes: null, total: 0 };
  if (json !== null || !sizes) return { json: json ?? '[]', total: Number(total) };
  const pairs = sizes.split(',').map((pair) => pair.split(':').map(Number) as [number, number]);
  return {
    total: Number(total),
    ids: pairs.map(([id]) => id),
    sizes: pairs.map(([, size]) => size),
    read: async (ids) => {
      const [row] = await entriesJsonQuery(db).execute({ userId, ids: ids.join(',') });
      return row?.json ?? '';
    },
  };
}

/** A row's JSON is its notes (escaped, or more for control characters) and at most this much more. */
const ENTRY_JSON_OVERHEAD = 320;

/**
 * A page of entries and the number that match, for one combination of
 * filters: one prepared statement that always answers exactly one row (a page
 * past the end still carries the count). The page is `json` when its estimated
 * size is at most `wholeBytes`; otherwise `sizes`, "id:bytes" for each entry in
 * page order, for entriesJsonQuery to read in pieces.
 *
 * The count comes from the per-day (or, unfiltered by date, per-status) totals
 * that triggers keep beside the entries (db/migrations/0002): counting the
 * entries themselves would read every matching row (all 100,000 of a heavy
 * user) to show 100. The page walks the (user_id, date, start_time, id) index
 * in order and stops after skip + limit rows.
 */
function listQuery(db: Database, filters: { startDate: boolean; endDate: boolean; status: boolean }) {
  const name = `list_entries_${Number(filters.startDate)}${Number(filters.endDate)}${Number(filters.status)}`;
  return preparedQuery(db, name, () => {
    const where = (table: typeof timeEntries | typeof timeEntryDailyTotals | typeof timeEntryStatusTotals) =>
      and(
        ...[
          eq(table.userId, sql.placeholder('userId')),
          filters.startDate && 'date' in table && sql`${table.date} >= ${sql.placeholder('startDate')}::date`,
          filters.endDate && 'date' in table && sql`${table.date} <= ${sql.placeholder('endDate')}::date`,
          filters.status && eq(table.paymentStatus, sql.placeholder('status')),
        ].filter((f): f is SQL => Boolean(f)),
      );
    const totals = filters.startDate || filters.endDate ? timeEntryDailyTotals : timeEntryStatusTotals;
    // The CASE runs only the subquery it chooses: a large page's JSON is never built here.
    const statement = sql`with page as materialized (
        select * from ${timeEntries} where ${where(timeEntries)}
        order by date desc, start_time desc, id desc
        limit ${sql.placeholder('limit')} offset ${sql.placeholder('skip')}),
      sized as (select coalesce(sum(coalesce(octet_length(notes), 0) + ${ENTRY_JSON_OVERHEAD}), 0) as bytes from page)
      select
        case when sized.bytes <= ${sql.placeholder('wholeBytes')}::bigint then
          (select '[' || coalesce(string_agg(time_entry_json(p), ',' order by p.date desc, p.start_time desc, p.id desc), '') || ']'
             from page as p)
        end as json,
        case when sized.bytes > ${sql.placeholder('wholeBytes')}::bigint then
          (select string_agg(p.id || ':' || (coalesce(octet_length(p.notes), 0) + ${ENTRY_JSON_OVERHEAD}), ',' order by p.date desc, p.start_time desc, p.id desc)
             from page as p)
        end as sizes,
        (select coalesce(sum(entry_count), 0)::int from ${totals} where ${where(totals)}) as total
      from sized`;
    return db
      .select({ json: sql<string | null>`json`, sizes: sql<string | null>`sizes`, total: sql<number>`total` })
      .from(sql`(${statement}) as list`)
      .prepare(name);
  });
}

/**
 * The JSON of the given entries of the user, comma-separated, in the order
 * given (`ids` is "1,2,3"): a piece of a large page. An entry deleted since the
 * page was chosen is left out.
 */
function entriesJsonQuery(db: Database) {
  return preparedQuery(db, 'list_entries_piece', () => {
    const statement = sql`select coalesce(string_agg(time_entry_json(e), ',' order by wanted.position), '') as json
      from unnest(string_to_array(${sql.placeholder('ids')}::text, ',')::int[]) with ordinality as wanted(id, position)
      join ${timeEntries} as e on e.id = wanted.id and e.user_id = ${sql.placeholder('userId')}`;
    return db
      .select({ json: sql<string>`json` })
      .from(sql`(${statement}) as piece`)
      .prepare('list_entries_piece');
  });
}

/**
 * A create body turned into the row to insert, with every check POST /entries
 * makes (end after start, the 31-day span, an explicit date within a day, the
 * earnings bound, dates in range): a 400 naming the field otherwise.
 */
export function checkedNewEntry(
  userId: number,
  input: CreateEntryInput,
  settings: { defaultHourlyRate: string; timezone: Timezone },
): typeof timeEntries.$inferInsert & { endTime: Date | null } {
  const derivedDate = localDate(input.start_time, settings.timezone);
  if (input.date) checkExplicitDate(input.date, derivedDate);
  const endTime = input.end_time ?? null;
  checkTimes(input.start_time, endTime, true);
  const hourlyRate = input.hourly_rate ?? settings.defaultHourlyRate;
  if (endTime === null) checkRunningStart(input.start_time);
  checkEarned(input.start_time, endTime, hourlyRate);
  return {
    userId,
    date: input.date ?? checkedDate(derivedDate),
    startTime: input.start_time,
    endTime,
    hourlyRate,
    paymentStatus: input.payment_status ?? 'not_paid',
    notes: input.notes ?? null,
  };
}

export async function createEntry(db: Database, userId: number, input: CreateEntryInput) {
  const settings = await effectiveSettings(db, userId);
  const values = checkedNewEntry(userId, input, {
    defaultHourlyRate: settings.defaultHourlyRate,
    timezone: timezoneOf(settings),
  });
  if (values.endTime === null) return insertActiveEntry(db, values);
  const [row] = await db.insert(timeEntries).values(values).returning();
  return row!;
}

/**
 * POST /entries/bulk: completed entries, all or nothing. Each item is checked
 * as POST /entries checks it, with its errors under `entries.<i>.`; the errors
 * of every item are collected into one 400 (the first MAX_REPORTED_ERRORS).
 * The rows go in with one multi-row INSERT, which is atomic; the created rows
 * come back in request order.
 */
export async function createEntries(db: Database, userId: number, inputs: CreateEntryInput[]) {
  const settings = await effectiveSettings(db, userId);
  const context = { defaultHourlyRate: settings.defaultHourlyRate, timezone: timezoneOf(settings) };
  const errors: FieldError[] = [];
  const rows = inputs.map((input, index) => {
    const prefix = `entries.${index}.`;
    if (input.end_time == null) {
      errors.push({ path: `${prefix}end_time`, message: 'bulk-created entries must be completed' });
      return undefined;
    }
    try {
      return checkedNewEntry(userId, input, context);
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'validation_failed') throw error;
      for (const e of error.errors ?? []) errors.push({ path: prefix + e.path, message: e.message });
      return undefined;
    }
  });
  if (errors.length > 0) throw validationError(errors);
  const created = await db
    .insert(timeEntries)
    .values(rows as (typeof timeEntries.$inferInsert)[])
    .returning();
  // Ids come from the sequence in the order of the VALUES rows.
  return created.sort((a, b) => a.id - b.id);
}

/**
 * A partial update, worked out from the stored row (the new times, date and
 * earnings are checked against it): it is first written with one statement
 * that applies only if the row's times and date are still what was read (no
 * lock held between the read and the write); if another request changed them
 * meanwhile, it runs again in one transaction that locks the row (SELECT … FOR
 * UPDATE) and then writes it, which cannot fail that way. So concurrent edits
 * of an entry all succeed, the last one winning per field; the only 409 is a
 * real conflict: reopening the entry (`end_time: null`) while another timer
 * runs. (A rate, status or notes edit goes the same way: its first statement
 * is the prepared read, which the driver times out cleanly on a connection
 * that stopped answering; see docs/SECURITY.md, "The driver".)
 */
export async function updateEntry(db: Database, userId: number, id: number, input: UpdateEntryInput) {
  const fields = {
    ...(input.hourly_rate !== undefined && { hourlyRate: input.hourly_rate }),
    ...(input.payment_status !== undefined && { paymentStatus: input.payment_status }),
    ...(input.notes !== undefined && { notes: input.notes }),
    updatedAt: nowSql,
  };
  // Read before any transaction, which holds its connection and must not wait for another.
  const timezone =
    input.start_time !== undefined || input.date !== undefined
      ? timezoneOf(await effectiveSettings(db, userId))
      : undefined;

  /** The new times and date from the stored row, checked; throws the 400s and the reopening 409. */
  async function newValues(executor: Database, current: TimeEntryRow) {
    const startTime = input.start_time ?? current.startTime;
    const endTime = input.end_time === undefined ? current.endTime : input.end_time;
    const startChanged = startTime.getTime() !== current.startTime.getTime();
    const endChanged = endTime?.getTime() !== current.endTime?.getTime();
    // Only a change to the times is held to the 31-day limit: a stopped timer may
    // be longer, and a client may send the whole entry back with the same times.
    if (startChanged || endChanged) checkTimes(startTime, endTime, true);
    if (endTime === null && (startChanged || endChanged)) checkRunningStart(startTime);
    const rateChanged =
      input.hourly_rate !== undefined && Number(input.hourly_rate) !== Number(current.hourlyRate);
    if (startChanged || endChanged || rateChanged) {
      checkEarned(startTime, endTime, input.hourly_rate ?? current.hourlyRate);
    }

    let date = current.date;
    if (input.date !== undefined || startChanged) {
      const derived = localDate(startTime, timezone!);
      if (input.date !== undefined) checkExplicitDate(input.date, derived);
      date = input.date ?? checkedDate(derived);
    }

    if (endTime === null && current.endTime !== null) {
      const [other] = await executor
        .select({ id: timeEntries.id })
        .from(timeEntries)
        .where(and(eq(timeEntries.userId, userId), isNull(timeEntries.endTime), ne(timeEntries.id, id)));
      if (other) throw new ActiveEntryConflict(null);
    }
    return { ...fields, date, startTime, endTime };
  }

  const write = async () => {
    const current = await getEntryOrThrow(db, userId, id);
    const unchangedSinceRead = and(
      ownedBy(userId, id),
      eq(timeEntries.startTime, current.startTime),
      current.endTime ? eq(timeEntries.endTime, current.endTime) : isNull(timeEntries.endTime),
      eq(timeEntries.date, current.date),
    );
    const [row] = await db
      .update(timeEntries)
      .set(await newValues(db, current))
      .where(unchangedSinceRead)
      .returning();
    if (row) return row;
    // Changed (or deleted) since the read: again, holding the row's lock.
    return db.transaction(async (tx) => {
      const [locked] = await tx.select().from(timeEntries).where(ownedBy(userId, id)).for('update');
      if (!locked) throw notFound(`Time entry ${id}`);
      const [updated] = await tx
        .update(timeEntries)
        .set(await newValues(tx, locked))
        .where(ownedBy(userId, id))
        .returning();
      return updated!;
    });
  };
  try {
    return await retryCollisions(db, write);
  } catch (error) {
    // Another timer is running (or started between the check and the write):
    // the 409 names it, read after any transaction was rolled back.
    if (error instanceof ActiveEntryConflict || isActiveSessionViolation(error)) {
      throw await activeSessionConflict(db, userId);
    }
    throw error;
  }
}

/**
 * All or nothing, in one statement: the user's rows among the ids are locked,
 * and they are updated only if every id was found; otherwise the answer is 404
 * and nothing changed.
 *
 * The rows are locked in id order (ORDER BY id FOR UPDATE: Postgres locks the
 * rows after sorting them), whatever the order of the ids in the request and of
 * the rows in the table: two batches that share entries then take their locks
 * in the same order, so one waits for the other instead of deadlocking.
 */
export async function batchUpdatePaymentStatus(
  db: Database,
  userId: number,
  input: z.output<typeof batchUpdatePaymentStatusSchema>,
): Promise<{ updatedCount: number; paymentStatus: PaymentStatus }> {
  const ids = [...new Set(input.entry_ids)];
  // One array parameter rather than a list of them: the statement's text is the
  // same for any number of ids, so it is prepared once per connection.
  const owned = and(eq(timeEntries.userId, userId), sql`${timeEntries.id} = any(${sql.param(ids)}::int[])`);
  const targets = db
    .$with('targets')
    .as(
      db.select({ id: timeEntries.id }).from(timeEntries).where(owned).orderBy(timeEntries.id).for('update'),
    );
  const updated = await retryCollisions(db, () =>
    db
      .with(targets)
      .update(timeEntries)
      .set({ paymentStatus: input.payment_status, updatedAt: nowSql })
      .where(
        and(
          inArray(timeEntries.id, db.select({ id: targets.id }).from(targets)),
          sql`(select count(*) from ${targets}) = ${ids.length}`,
        ),
      )
      .returning({ id: timeEntries.id }),
  );
  if (updated.length === ids.length)
    return { updatedCount: updated.length, paymentStatus: input.payment_status };

  const found = new Set(
    (await db.select({ id: timeEntries.id }).from(timeEntries).where(owned)).map((r) => r.id),
  );
  throw entriesNotFound(ids.filter((i) => !found.has(i)));
}

/** The 404 of an all-or-nothing batch: names the first ten missing ids; `where` says where they were looked for. */
export function entriesNotFound(missing: number[], where = ''): AppError {
  const shown = missing.slice(0, 10).join(', ') + (missing.length > 10 ? ', …' : '');
  return new AppError(
    'not_found',
    `Nothing was changed: ${missing.length === 1 ? 'time entry' : 'time entries'} ${shown} ${missing.length === 1 ? 'was' : 'were'} not found${where}.`,
  );
}
