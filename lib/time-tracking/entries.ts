import { and, count, desc, eq, gte, inArray, isNull, lte, ne, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Database } from '@/db/client';
import { type TimeEntryRow, timeEntries } from '@/db/schema';
import { ApiError, notFound, validationError } from '@/lib/http/errors';
import type {
  batchUpdatePaymentStatusSchema,
  createEntrySchema,
  listEntriesQuerySchema,
  PaymentStatus,
  updateEntrySchema,
} from './schemas';
import { serializeEntry } from './serialize';
import { effectiveSettings, timezoneOf } from './settings';
import { daysBetween, formatUtc, localDate } from './timezone';

export type CreateEntryInput = z.output<typeof createEntrySchema>;
export type UpdateEntryInput = z.output<typeof updateEntrySchema>;
export type ListEntriesQuery = z.output<typeof listEntriesQuerySchema>;

/** Hand-made and hand-edited entries may span at most this long; the timer has no limit. */
export const MAX_MANUAL_SPAN_MS = 31 * 86_400_000;

export const ownedBy = (userId: number, id: number) =>
  and(eq(timeEntries.userId, userId), eq(timeEntries.id, id));

export const nowSql = sql`date_trunc('second', now())`;

export async function getEntryOrThrow(db: Database, userId: number, id: number): Promise<TimeEntryRow> {
  const [row] = await db.select().from(timeEntries).where(ownedBy(userId, id));
  if (!row) throw notFound(`Time entry ${id}`);
  return row;
}

export async function findActiveEntry(db: Database, userId: number) {
  const [row] = await db
    .select()
    .from(timeEntries)
    .where(and(eq(timeEntries.userId, userId), isNull(timeEntries.endTime)));
  return row;
}

/** The 409 for a second running entry; the body names the one already running. */
export async function activeSessionConflict(db: Database, userId: number): Promise<ApiError> {
  const active = await findActiveEntry(db, userId);
  return new ApiError(
    'conflict',
    active
      ? `A timer is already running (entry ${active.id}, started ${formatUtc(active.startTime)} UTC); stop it first.`
      : 'Another timer is already running; stop it first.',
    { active_entry: active ? serializeEntry(active) : null },
  );
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

export async function listEntries(db: Database, userId: number, query: ListEntriesQuery) {
  const needsTimezone = Boolean(query.start_date?.instant || query.end_date?.instant);
  const timezone = needsTimezone ? timezoneOf(await effectiveSettings(db, userId)) : undefined;
  const toDate = (filter: ListEntriesQuery['start_date']) =>
    filter && (filter.date ?? localDate(filter.instant as Date, timezone!));
  const startDate = toDate(query.start_date);
  const endDate = toDate(query.end_date);
  if (startDate && endDate && startDate > endDate) {
    throw validationError([{ path: 'start_date', message: `must not be after end_date (${endDate})` }]);
  }

  const conditions: (SQL | undefined)[] = [eq(timeEntries.userId, userId)];
  if (startDate) conditions.push(gte(timeEntries.date, startDate));
  if (endDate) conditions.push(lte(timeEntries.date, endDate));
  if (query.payment_status) conditions.push(eq(timeEntries.paymentStatus, query.payment_status));
  const where = and(...conditions);

  // The window count rides along with the page; only a page past the end needs a second query.
  const rows = await db
    .select({ entry: timeEntries, total: sql<number>`(count(*) over ())::int` })
    .from(timeEntries)
    .where(where)
    .orderBy(desc(timeEntries.date), desc(timeEntries.startTime), desc(timeEntries.id))
    .limit(query.limit)
    .offset(query.skip);
  let total = rows[0]?.total;
  if (total === undefined) {
    total =
      query.skip === 0 ? 0 : ((await db.select({ n: count() }).from(timeEntries).where(where))[0]?.n ?? 0);
  }
  return { entries: rows.map((r) => r.entry), total: Number(total) };
}

export async function createEntry(db: Database, userId: number, input: CreateEntryInput) {
  const settings = await effectiveSettings(db, userId);
  const derivedDate = localDate(input.start_time, timezoneOf(settings));
  if (input.date) checkExplicitDate(input.date, derivedDate);
  const endTime = input.end_time ?? null;
  checkTimes(input.start_time, endTime, true);

  const values = {
    userId,
    date: input.date ?? derivedDate,
    startTime: input.start_time,
    endTime,
    hourlyRate: input.hourly_rate ?? settings.defaultHourlyRate,
    paymentStatus: input.payment_status ?? 'not_paid',
    notes: input.notes ?? null,
  };
  if (endTime === null) return insertActiveEntry(db, values);
  const [row] = await db.insert(timeEntries).values(values).returning();
  return row!;
}

export async function updateEntry(db: Database, userId: number, id: number, input: UpdateEntryInput) {
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(timeEntries).where(ownedBy(userId, id)).for('update');
    if (!current) throw notFound(`Time entry ${id}`);

    const startTime = input.start_time ?? current.startTime;
    const endTime = input.end_time === undefined ? current.endTime : input.end_time;
    const startChanged = startTime.getTime() !== current.startTime.getTime();
    const endChanged = endTime?.getTime() !== current.endTime?.getTime();
    // Only a change to the times is held to the 31-day limit: a stopped timer may
    // be longer, and a client may send the whole entry back with the same times.
    if (startChanged || endChanged) checkTimes(startTime, endTime, true);

    let date = current.date;
    if (input.date !== undefined || startChanged) {
      const derived = localDate(startTime, timezoneOf(await effectiveSettings(tx, userId)));
      if (input.date !== undefined) checkExplicitDate(input.date, derived);
      date = input.date ?? derived;
    }

    if (endTime === null && current.endTime !== null) {
      const [other] = await tx
        .select({ id: timeEntries.id })
        .from(timeEntries)
        .where(and(eq(timeEntries.userId, userId), isNull(timeEntries.endTime), ne(timeEntries.id, id)));
      if (other) throw await activeSessionConflict(tx, userId);
    }

    const [row] = await tx
      .update(timeEntries)
      .set({
        date,
        startTime,
        endTime,
        ...(input.hourly_rate !== undefined && { hourlyRate: input.hourly_rate }),
        ...(input.payment_status !== undefined && { paymentStatus: input.payment_status }),
        ...(input.notes !== undefined && { notes: input.notes }),
        updatedAt: nowSql,
      })
      .where(ownedBy(userId, id))
      .returning();
    return row!;
  });
}

export async function deleteEntry(db: Database, userId: number, id: number): Promise<void> {
  const deleted = await db.delete(timeEntries).where(ownedBy(userId, id)).returning({ id: timeEntries.id });
  if (deleted.length === 0) throw notFound(`Time entry ${id}`);
}

/** All or nothing: when any id is not the user's, nothing changes and the answer is 404. */
export async function batchUpdatePaymentStatus(
  db: Database,
  userId: number,
  input: z.output<typeof batchUpdatePaymentStatusSchema>,
): Promise<{ updatedCount: number; paymentStatus: PaymentStatus }> {
  const ids = [...new Set(input.entry_ids)];
  const updatedCount = await db.transaction(async (tx) => {
    const updated = await tx
      .update(timeEntries)
      .set({ paymentStatus: input.payment_status, updatedAt: nowSql })
      .where(and(eq(timeEntries.userId, userId), inArray(timeEntries.id, ids)))
      .returning({ id: timeEntries.id });
    if (updated.length !== ids.length) {
      const found = new Set(updated.map((r) => r.id));
      const missing = ids.filter((i) => !found.has(i));
      const shown = missing.slice(0, 10).join(', ') + (missing.length > 10 ? ', …' : '');
      throw new ApiError(
        'not_found',
        `Nothing was changed: ${missing.length === 1 ? 'time entry' : 'time entries'} ${shown} ${missing.length === 1 ? 'was' : 'were'} not found.`,
      );
    }
    return updated.length;
  });
  return { updatedCount, paymentStatus: input.payment_status };
}
