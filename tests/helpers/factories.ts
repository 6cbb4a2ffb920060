import type { Database } from '@/db/client';
import { timeEntries, userSettings } from '@/db/schema';

type EntryOverrides = Partial<typeof timeEntries.$inferInsert>;

/** Inserts a completed entry (09:00–17:00 UTC on 2024-01-22 at 50/h unless overridden). */
export async function makeEntry(db: Database, userId: number, overrides: EntryOverrides = {}) {
  const [row] = await db
    .insert(timeEntries)
    .values({
      userId,
      date: '2024-01-22',
      startTime: new Date('2024-01-22T09:00:00Z'),
      endTime: new Date('2024-01-22T17:00:00Z'),
      hourlyRate: '50',
      ...overrides,
    })
    .returning();
  return row!;
}

export async function makeSettings(
  db: Database,
  userId: number,
  values: { defaultHourlyRate?: string; currency?: string; timezone?: string } = {},
) {
  const [row] = await db
    .insert(userSettings)
    .values({ userId, defaultHourlyRate: '50', currency: 'USD', timezone: 'UTC', ...values })
    .returning();
  return row!;
}
