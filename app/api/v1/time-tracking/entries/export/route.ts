import { z } from 'zod';
import { defineRoute, operation } from '@/lib/http/route';
import { streamedBody } from '@/lib/http/stream';
import { API_BASE_PATH } from '@/lib/time-tracking/constants';
import { CSV_EXPORT_COLUMNS, exportEntriesCsv } from '@/lib/time-tracking/csv-export';
import { exportEntriesQuerySchema } from '@/lib/time-tracking/schemas';

const EXAMPLE = `${CSV_EXPORT_COLUMNS.join(',')}\r\n42,2024-01-22,2024-01-22 06:00:00,2024-01-22 14:00:00,UTC-3,2024-01-22T09:00:00Z,2024-01-22T17:00:00Z,8.00,50,400.00,USD,not_paid,"Design review, part 1"\r\n`;

export const { GET, POST, PUT, DELETE, PATCH, OPTIONS } = defineRoute(`${API_BASE_PATH}/entries/export`, {
  // GET /api/v1/time-tracking/entries/export – the user's completed entries as a CSV file
  GET: operation({
    operationId: 'exportEntries',
    tags: ['Entries'],
    summary: "Export the user's entries as CSV",
    description:
      "Every completed entry matching the list's filters (no row limit), newest first, as RFC 4180 CSV: a UTF-8 byte-order mark, a header row, CRLF line ends. Running timers are left out. Columns: `id`, `date`, `start_local` and `end_local` (\"YYYY-MM-DD HH:MM:SS\" in the user's timezone now), `timezone`, `start_utc` and `end_utc` (ISO 8601 with `Z`), `hours`, `hourly_rate`, `earned` (exact decimals), `currency`, `payment_status`, `notes`. A cell starting with `=`, `+`, `-`, `@`, tab or carriage return is prefixed with `'` so that spreadsheets do not run it as a formula. The file is streamed page by page, so it is not one snapshot: an entry changed during the download may show old or new values. A failure mid-file cuts the connection.",
    query: exportEntriesQuerySchema,
    response: {
      status: 200,
      description: 'The CSV file (`text/csv; charset=utf-8`), as an attachment.',
      mediaType: 'text/csv',
      schema: z
        .string()
        .meta({ description: 'RFC 4180 CSV, starting with a UTF-8 BOM.', examples: [EXAMPLE] }),
      headers: z.object({
        'Content-Disposition': z.string().meta({
          description: 'An attachment with a filename naming the date range.',
          examples: ['attachment; filename="time-entries-2024-01-01-2024-01-31.csv"'],
        }),
      }),
    },
    async handle({ db, userId, query }) {
      const { filename, body } = await exportEntriesCsv(db, userId, query);
      return new Response(streamedBody(body), {
        headers: {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': `attachment; filename="${filename}"`,
        },
      });
    },
  }),
});
