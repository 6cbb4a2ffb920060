import { eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Database } from '@/db/client';
import { nowSql, userSettings } from '@/db/schema';
import { env } from '@/lib/env';
import { preparedQuery } from './prepared-queries';
import type { updateSettingsSchema } from './schemas';
import { parseTimezone, type Timezone } from './timezone';

export interface EffectiveSettings {
  defaultHourlyRate: string;
  currency: string;
  timezone: string;
}

/** Settings of a user who has never saved any (DEFAULT_HOURLY_RATE, DEFAULT_CURRENCY, DEFAULT_TIMEZONE). */
export function defaultSettings(): EffectiveSettings {
  const config = env();
  return {
    defaultHourlyRate: config.DEFAULT_HOURLY_RATE,
    currency: config.DEFAULT_CURRENCY,
    timezone: config.DEFAULT_TIMEZONE,
  };
}

export async function findSettings(db: Database, userId: number) {
  const query = preparedQuery(db, 'find_settings', () =>
    db
      .select()
      .from(userSettings)
      .where(eq(userSettings.userId, sql.placeholder('userId')))
      .prepare('find_settings'),
  );
  const [row] = await query.execute({ userId });
  return row;
}

/** The user's settings, or the defaults when none are saved (without saving them). */
export async function effectiveSettings(db: Database, userId: number): Promise<EffectiveSettings> {
  return (await findSettings(db, userId)) ?? defaultSettings();
}

/** The user's timezone, parsed. Stored values were validated on the way in. */
export function timezoneOf(settings: EffectiveSettings): Timezone {
  return parseTimezone(settings.timezone) ?? { kind: 'offset', minutes: 0 };
}

/** Reads the settings, creating them with the defaults on first access; safe under concurrent first requests. */
export async function getOrCreateSettings(db: Database, userId: number) {
  const existing = await findSettings(db, userId);
  if (existing) return existing;
  const [created] = await db
    .insert(userSettings)
    .values({ userId, ...defaultSettings() })
    .onConflictDoNothing({ target: userSettings.userId })
    .returning();
  // Lost the race to a concurrent first request: its row is committed by now.
  return created ?? (await findSettings(db, userId))!;
}

/**
 * Saves any of the three settings and returns the full settings. Saving, even
 * with nothing changed, marks the settings as the user's choice (`savedAt`):
 * from then on the page no longer proposes the browser's timezone.
 */
export async function updateSettings(
  db: Database,
  userId: number,
  input: z.output<typeof updateSettingsSchema>,
) {
  const changes = {
    ...(input.default_hourly_rate !== undefined && { defaultHourlyRate: input.default_hourly_rate }),
    ...(input.currency !== undefined && { currency: input.currency }),
    ...(input.timezone !== undefined && { timezone: input.timezone }),
  };
  const changed = Object.keys(changes).length > 0;
  const [row] = await db
    .insert(userSettings)
    .values({ userId, ...defaultSettings(), ...changes, savedAt: nowSql })
    .onConflictDoUpdate({
      target: userSettings.userId,
      set: { ...changes, ...(changed && { updatedAt: nowSql }), savedAt: nowSql },
    })
    .returning();
  return row!;
}
