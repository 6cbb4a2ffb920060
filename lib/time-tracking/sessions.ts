import { and, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import type { Database } from '@/db/client';
import { nowSql, timeEntries } from '@/db/schema';
import { AppError, validationError } from '@/lib/errors';
import { checkEarned, checkLateStart, checkStopEnd } from './bounds';
import { findActiveEntry, getEntryOrThrow, insertActiveEntry, ownedBy } from './entries';
import type { startSessionSchema, stopSessionSchema } from './schemas';
import { effectiveSettings, timezoneOf } from './settings';
import { formatUtc, localDate, nowToTheSecond, parseTimezone } from './timezone';

export { findActiveEntry as getActiveSession };

/**
 * Starts the timer now, or at an explicit `start_time` up to MAX_LATE_START_DAYS
 * back (checkLateStart); 409 (naming the running entry) when one is already running.
 */
export async function startSession(db: Database, userId: number, input: z.output<typeof startSessionSchema>) {
  const settings = await effectiveSettings(db, userId);
  const timezone = input.timezone ? parseTimezone(input.timezone)! : timezoneOf(settings);
  const now = nowToTheSecond();
  const startTime = input.start_time ? checkLateStart(input.start_time, now) : now;
  return insertActiveEntry(db, {
    userId,
    date: localDate(startTime, timezone),
    startTime,
    hourlyRate: input.hourly_rate ?? settings.defaultHourlyRate,
    notes: input.notes ?? null,
  });
}

/**
 * Stops the timer at `end_time` (default: now, but at least a second after the
 * start). Stopping a stopped entry returns it unchanged, unless it asks for a
 * different end time (409): two open tabs may both press "stop".
 */
export async function stopSession(
  db: Database,
  userId: number,
  id: number,
  input: z.output<typeof stopSessionSchema>,
) {
  const requested = input.end_time ?? undefined;
  let entry = await getEntryOrThrow(db, userId, id);

  if (entry.endTime === null) {
    const earliest = entry.startTime.getTime() + 1000;
    if (requested && requested.getTime() < earliest) {
      throw validationError([{ path: 'end_time', message: 'must be after start_time' }]);
    }
    const endTime = requested ?? new Date(Math.max(nowToTheSecond().getTime(), earliest));
    checkStopEnd(endTime, requested !== undefined);
    checkEarned(entry.startTime, endTime, entry.hourlyRate);
    const [stopped] = await db
      .update(timeEntries)
      .set({ endTime, updatedAt: nowSql })
      .where(and(ownedBy(userId, id), isNull(timeEntries.endTime)))
      .returning();
    if (stopped) return stopped;
    // Another request stopped it in the meantime; answer as for a stopped entry.
    entry = await getEntryOrThrow(db, userId, id);
  }

  const storedEnd = entry.endTime as Date;
  if (requested && requested.getTime() !== storedEnd.getTime()) {
    throw new AppError(
      'conflict',
      `Time entry ${id} was already stopped at ${formatUtc(storedEnd)} UTC; it cannot be stopped again at a different time. Edit the entry instead.`,
    );
  }
  return entry;
}
