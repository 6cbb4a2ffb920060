import type { TimeEntryRow, UserSettingsRow } from '@/db/schema';
import type { TimeEntry, TimeTrackingSettings } from './schemas';
import { formatUtc } from './timezone';

/**
 * Numeric values travel from Postgres as exact decimal strings; this is the one
 * place they become JSON numbers, after all arithmetic is done.
 */
export const decimalToNumber = (value: string) => Number(value);

const nullableDecimal = (value: string | null) => (value === null ? null : decimalToNumber(value));

export function serializeEntry(row: TimeEntryRow): TimeEntry {
  return {
    id: row.id,
    date: row.date,
    start_time: formatUtc(row.startTime),
    end_time: row.endTime ? formatUtc(row.endTime) : null,
    hourly_rate: decimalToNumber(row.hourlyRate),
    total_hours: nullableDecimal(row.totalHours),
    total_earned: nullableDecimal(row.totalEarned),
    payment_status: row.paymentStatus,
    notes: row.notes,
    created_at: formatUtc(row.createdAt),
    updated_at: formatUtc(row.updatedAt),
    user_id: row.userId,
  };
}

export function serializeSettings(
  row: Pick<UserSettingsRow, 'defaultHourlyRate' | 'currency' | 'timezone'>,
): TimeTrackingSettings {
  return {
    default_hourly_rate: decimalToNumber(row.defaultHourlyRate),
    currency: row.currency,
    timezone: row.timezone,
  };
}
