import type { DeletedTimeEntryRow, TimeEntryRow, UserSettingsRow } from '@/db/schema';
import type { PaymentStatus } from './constants';
import type { CreatedInvoiceLink, InvoiceLinkSummary } from './invoices';
import type { SummaryReport } from './reports';
import type {
  BatchUpdateResult,
  DeletedTimeEntry,
  InvoiceLink,
  InvoiceLinkCreated,
  Report,
  TimeEntry,
  TimeEntryStats,
  TimeTrackingSettings,
} from './schemas';
import type { Stats } from './stats';
import { formatUtc } from './timezone';

// Domain values → wire objects: how an entry, the settings and the statistics
// look on the wire is decided here. One exception, for speed: the list's page
// of entries is joined by Postgres from time_entry_json() (db/migrations/0006),
// which tests/entries-json.test.ts holds byte for byte equal to serializeEntry.

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

export function serializeStats(stats: Stats): TimeEntryStats {
  return {
    total_hours_today: decimalToNumber(stats.today.hours),
    total_earned_today: decimalToNumber(stats.today.earned),
    total_hours_week: decimalToNumber(stats.week.hours),
    total_earned_week: decimalToNumber(stats.week.earned),
    total_hours_month: decimalToNumber(stats.month.hours),
    total_earned_month: decimalToNumber(stats.month.earned),
    unpaid_amount: decimalToNumber(stats.unpaid),
    invoiced_amount: decimalToNumber(stats.invoiced),
    paid_amount: decimalToNumber(stats.paid),
  };
}

export function serializeBatchUpdate(result: {
  updatedCount: number;
  paymentStatus: PaymentStatus;
}): BatchUpdateResult {
  const n = result.updatedCount;
  return {
    message: `Updated ${n} ${n === 1 ? 'entry' : 'entries'} to ${result.paymentStatus}.`,
    updated_count: n,
  };
}

export function serializeCreatedInvoiceLink(link: CreatedInvoiceLink, publicUrl: string): InvoiceLinkCreated {
  return {
    id: link.id,
    public_url: publicUrl,
    expires_at: formatUtc(link.expiresAt),
    entry_count: link.entryCount,
    total_hours: decimalToNumber(link.hours),
    total_earned: decimalToNumber(link.earned),
    currency: link.currency,
  };
}

export function serializeInvoiceLink(link: InvoiceLinkSummary): InvoiceLink {
  return {
    id: link.id,
    created_at: formatUtc(link.createdAt),
    expires_at: formatUtc(link.expiresAt),
    revoked: link.revoked,
    filters: { start_date: link.startDate, end_date: link.endDate, payment_status: link.paymentStatus },
    entry_count: link.entryCount,
    total_hours: decimalToNumber(link.hours),
    total_earned: decimalToNumber(link.earned),
    currency: link.currency,
  };
}

/** A deleted entry (GET /entries/deleted): the entry as it was, and its deletion. */
export function serializeDeletedEntry(row: DeletedTimeEntryRow, retentionMs: number): DeletedTimeEntry {
  return {
    ...serializeEntry(row),
    deleted_at: formatUtc(row.deletedAt),
    restorable_until: formatUtc(new Date(row.deletedAt.getTime() + retentionMs)),
  };
}

export function serializeReport(report: SummaryReport): Report {
  return {
    start_date: report.startDate,
    end_date: report.endDate,
    group_by: report.groupBy,
    rows: report.rows.map((row) => ({
      period_start: row.periodStart,
      period_end: row.periodEnd,
      entries: row.entries,
      hours: decimalToNumber(row.hours),
      earned: decimalToNumber(row.earned),
      unpaid: decimalToNumber(row.unpaid),
      invoiced: decimalToNumber(row.invoiced),
      paid: decimalToNumber(row.paid),
    })),
  };
}
