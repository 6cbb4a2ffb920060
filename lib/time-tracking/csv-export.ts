// GET /entries/export: the user's completed entries as a CSV file (RFC 4180),
// written page by page as the client reads it, so a user with 100,000 entries
// costs the server one page of rows at a time (docs/PERFORMANCE.md).
//
// The file: a UTF-8 byte-order mark (spreadsheet programs then read accents and
// emoji right), a header row, one row per entry, CRLF line ends. A field that
// holds `"`, `,`, CR or LF is quoted, its quotes doubled. A field that a
// spreadsheet would run as a formula (starting with =, +, -, @, tab or CR) gets
// a leading `'` (OWASP, "CSV Injection"); only `notes` can start so, as every
// other column is a date, a time, an id, a non-negative number or a fixed word.
// Importing our own format strips that `'` again (lib/client/csv-import.ts).
import { and, desc, eq, isNotNull, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Database } from '@/db/client';
import { timeEntries } from '@/db/schema';
import { log } from '@/lib/log';
import { dateRangeOf } from './entries';
import type { exportEntriesQuerySchema } from './schemas';
import { effectiveSettings, timezoneOf } from './settings';
import { formatUtc, type Timezone, wallClock } from './timezone';

export type ExportEntriesQuery = z.output<typeof exportEntriesQuerySchema>;

/** The columns, in order; docs/API.md ("CSV export") describes each. */
export const CSV_EXPORT_COLUMNS = [
  'id',
  'date',
  'start_local',
  'end_local',
  'timezone',
  'start_utc',
  'end_utc',
  'hours',
  'hourly_rate',
  'earned',
  'currency',
  'payment_status',
  'notes',
] as const;

/** Rows read per page (one query each, as the client takes the previous page). */
export const EXPORT_PAGE_ROWS = 1000;

const BOM = '\uFEFF';
const FORMULA_START = /^[=+\-@\t\r]/;

/** One field as RFC 4180 writes it, neutralised first if a spreadsheet would run it as a formula. */
export function csvField(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** "2024-01-22 06:00:00": the wall-clock time as spreadsheets read a date-time. */
const localDateTime = (instant: Date, timezone: Timezone) => wallClock(instant, timezone).replace('T', ' ');

const csvRow = (fields: string[]) => `${fields.map(csvField).join(',')}\r\n`;

/** A safe ASCII filename for the selection: time-entries-2024-01-01-2024-01-31.csv. */
export function exportFilename(startDate?: string, endDate?: string): string {
  return `time-entries-${startDate ?? 'all'}-${endDate ?? 'all'}.csv`;
}

const pageColumns = {
  id: timeEntries.id,
  date: timeEntries.date,
  startTime: timeEntries.startTime,
  endTime: timeEntries.endTime,
  // 50.0000 → 50: the stored scale is 4, most rates have fewer decimals.
  hourlyRate: sql<string>`trim_scale(${timeEntries.hourlyRate})::text`,
  totalHours: timeEntries.totalHours,
  totalEarned: timeEntries.totalEarned,
  paymentStatus: timeEntries.paymentStatus,
  notes: timeEntries.notes,
};

interface ExportCursor {
  date: string;
  startTime: Date;
  id: number;
}

/**
 * The CSV of the user's completed entries that match the filters, newest first
 * (as the list), and its filename. Running timers are left out: they have no
 * end, hours or earnings yet, and a bookkeeper's file holds finished work.
 *
 * The stream reads one page at a time by keyset over the (user_id, date,
 * start_time, id) index, each page after the client has taken the previous
 * one; the file is therefore not one snapshot (an entry changed between two
 * pages may show its new values, or move across the page boundary). If a page
 * cannot be read, the stream errors: the connection is cut, never a shorter
 * file that looks complete.
 */
export async function exportEntriesCsv(
  db: Database,
  userId: number,
  query: ExportEntriesQuery,
): Promise<{ filename: string; body: ReadableStream<Uint8Array> }> {
  const settings = await effectiveSettings(db, userId);
  const timezone = timezoneOf(settings);
  const { startDate, endDate } = dateRangeOf(query, timezone);
  const filters: SQL[] = [eq(timeEntries.userId, userId), isNotNull(timeEntries.endTime)];
  if (startDate) filters.push(sql`${timeEntries.date} >= ${startDate}::date`);
  if (endDate) filters.push(sql`${timeEntries.date} <= ${endDate}::date`);
  if (query.payment_status) filters.push(eq(timeEntries.paymentStatus, query.payment_status));

  const readPage = (after: ExportCursor | undefined) =>
    db
      .select(pageColumns)
      .from(timeEntries)
      .where(
        and(
          ...filters,
          after &&
            sql`(${timeEntries.date}, ${timeEntries.startTime}, ${timeEntries.id}) < (${after.date}::date, ${after.startTime.toISOString()}::timestamptz, ${after.id}::int)`,
        ),
      )
      .orderBy(desc(timeEntries.date), desc(timeEntries.startTime), desc(timeEntries.id))
      .limit(EXPORT_PAGE_ROWS);

  const encoder = new TextEncoder();
  let cursor: ExportCursor | undefined;
  let finished = false;
  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(encoder.encode(BOM + csvRow([...CSV_EXPORT_COLUMNS])));
      },
      async pull(controller) {
        if (finished) return;
        let rows: Awaited<ReturnType<typeof readPage>>;
        try {
          rows = await readPage(cursor);
        } catch (error) {
          log().error(
            { route: 'exportEntries', error: error instanceof Error ? error.message : String(error) },
            'CSV export aborted: a page could not be read',
          );
          controller.error(error);
          return;
        }
        const text = rows
          .map((row) =>
            csvRow([
              String(row.id),
              row.date,
              localDateTime(row.startTime, timezone),
              row.endTime ? localDateTime(row.endTime, timezone) : '',
              settings.timezone,
              `${formatUtc(row.startTime)}Z`,
              row.endTime ? `${formatUtc(row.endTime)}Z` : '',
              row.totalHours ?? '',
              row.hourlyRate,
              row.totalEarned ?? '',
              settings.currency,
              row.paymentStatus,
              row.notes ?? '',
            ]),
          )
          .join('');
        const last = rows.at(-1);
        if (last) cursor = { date: last.date, startTime: last.startTime, id: last.id };
        if (text) controller.enqueue(encoder.encode(text));
        if (rows.length < EXPORT_PAGE_ROWS) {
          finished = true;
          controller.close();
        }
      },
    },
    // Read the next page only once the client has taken the previous one.
    { highWaterMark: 0 },
  );
  return { filename: exportFilename(startDate, endDate), body };
}
