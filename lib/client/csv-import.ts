import { PAYMENT_STATUSES, type PaymentStatus } from '@/lib/time-tracking/constants';
import type { CreateTimeEntryInput } from '@/lib/time-tracking/schemas';
import type { Timezone } from '@/lib/time-tracking/timezone';
import { fromWallClock, toApiTimestamp } from './zoned-time';

// A small RFC 4180 reader: fields separated by commas, records by CRLF or LF
// (a lone CR too), a field in double quotes may hold commas, line breaks and
// doubled quotes. A leading UTF-8 byte-order mark is skipped. Lenient where
// spreadsheets are: a quote inside an unquoted field is kept as it is.

/** The records of a CSV text, each an array of its fields; blank lines are left out. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.startsWith('\uFEFF') ? 1 : 0;
  const endRecord = () => {
    record.push(field);
    field = '';
    if (record.length > 1 || record[0] !== '') records.push(record);
    record = [];
  };
  for (; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += char;
    } else if (char === '"' && field === '') quoted = true;
    else if (char === ',') {
      record.push(field);
      field = '';
    } else if (char === '\r' || char === '\n') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      endRecord();
    } else field += char;
  }
  if (field !== '' || record.length > 0) endRecord();
  return records;
}

// ---- import formats --------------------------------------------------------
//
// Three CSV formats, told apart by their header row (case-insensitive):
// - ours (GET /entries/export): `id, date, start_local, …, start_utc, end_utc, …`;
//   the instants come from start_utc/end_utc, and the `'` the export puts before
//   a formula-like cell is taken off again.
// - Toggl Track's detailed report: `User, Email, Client, Project, Task,
//   Description, Billable, Start date, Start time, End date, End time, Duration,
//   Tags, Amount (…)`.
// - Clockify's detailed report: `Project, Client, Description, Task, User,
//   Group, Email, Tags, Billable, Start Date, Start Time, End Date, End Time,
//   Duration (h), Duration (decimal), Billable Rate (…), Billable Amount (…)`.
// Toggl and Clockify write wall-clock times in the exporting user's zone; they
// are read in the user's timezone setting here. Dates may be YYYY-MM-DD,
// MM/DD/YYYY (a slash: the US order both tools use by default; DD/MM/YYYY when
// a date in the file has a first part over 12) or DD.MM.YYYY; times
// HH:MM[:SS] or h:MM[:SS] AM/PM. A rate of 0 (Clockify's "no rate") or none
// leaves the user's default rate.

export type ImportFormat = 'ours' | 'toggl' | 'clockify';

export const IMPORT_FORMAT_NAMES: Record<ImportFormat, string> = {
  ours: 'this app’s CSV export',
  toggl: 'Toggl Track detailed report',
  clockify: 'Clockify detailed report',
};

export interface ImportRow {
  /** The record's line in the file (the header is line 1), for the preview. */
  line: number;
  /** What the preview shows, as read. */
  start: string;
  end: string;
  notes: string;
  /** The body for POST /entries/bulk, when the row could be read. */
  body?: CreateTimeEntryInput;
  error?: string;
}

export interface ParsedImport {
  format: ImportFormat;
  rows: ImportRow[];
}

const FORMULA_PREFIXED = /^'[=+\-@\t\r]/;

/** Our export's notes cell, with the `'` it added before a formula-like text taken off. */
export const unneutralise = (cell: string) => (FORMULA_PREFIXED.test(cell) ? cell.slice(1) : cell);

const pad = (n: number) => String(n).padStart(2, '0');

const SLASH_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/**
 * "2024-01-22", "01/22/2024" (month first, or day first with `dayFirst`) or
 * "22.01.2024" as YYYY-MM-DD.
 */
export function readDate(value: string, dayFirst = false): string | undefined {
  const v = value.trim();
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(v);
  if (match) return `${match[1]}-${pad(Number(match[2]))}-${pad(Number(match[3]))}`;
  match = SLASH_DATE.exec(v);
  if (match) {
    const [month, day] = dayFirst ? [match[2], match[1]] : [match[1], match[2]];
    return `${match[3]}-${pad(Number(month))}-${pad(Number(day))}`;
  }
  match = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(v);
  if (match) return `${match[3]}-${pad(Number(match[2]))}-${pad(Number(match[1]))}`;
  return undefined;
}

/** "09:05", "9:05:30", "09:05:30 PM" as HH:MM:SS (24-hour). */
export function readTime(value: string): string | undefined {
  const match = /^(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?$/.exec(value.trim());
  if (!match) return undefined;
  let hour = Number(match[1]);
  const [minute, second] = [Number(match[2]), Number(match[3] ?? '0')];
  const half = match[4]?.toUpperCase();
  if (half) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (half === 'PM' ? 12 : 0);
  }
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  return `${pad(hour)}:${pad(minute)}:${pad(second)}`;
}

/** The instant shown by a date and a time cell in the zone, as the API takes it. */
function instantOf(date: string, time: string, zone: Timezone, dayFirst: boolean): string | undefined {
  const day = readDate(date, dayFirst);
  const clock = readTime(time);
  const instant = day && clock ? fromWallClock(`${day}T${clock}`, zone) : undefined;
  return instant && toApiTimestamp(instant);
}

/** A non-negative decimal such as "50", "1,234.50" or "$65.00", as a number; undefined if it is none. */
function readRate(value: string | undefined): number | undefined {
  const cleaned = value?.replace(/[\s$€£,]/g, '') ?? '';
  return /^\d+(\.\d+)?$/.test(cleaned) ? Number(cleaned) : undefined;
}

/**
 * A file whose slash dates have a first part over 12 writes the day first
 * (DD/MM/YYYY, Clockify's other date format); otherwise month first (its default).
 */
function writesDayFirst(records: string[][]): boolean {
  return records.some((record) => record.some((cell) => Number(SLASH_DATE.exec(cell.trim())?.[1]) > 12));
}

type Record_ = (name: string) => string;

function detect(header: string[]): ImportFormat | undefined {
  const has = (name: string) => header.includes(name);
  if (has('start_utc') && has('end_utc')) return 'ours';
  if (!(has('start date') && has('start time') && has('end date') && has('end time'))) return undefined;
  return has('duration (decimal)') || has('duration (h)') || header.some((h) => h.startsWith('billable rate'))
    ? 'clockify'
    : 'toggl';
}

function ourRow(cell: Record_): Omit<ImportRow, 'line'> {
  const notes = unneutralise(cell('notes'));
  const start = cell('start_utc');
  const end = cell('end_utc');
  const shown = { start: cell('start_local') || start, end: cell('end_local') || end, notes };
  if (!start || !end)
    return { ...shown, error: 'start_utc and end_utc are required (running timers are not imported)' };
  const rate = readRate(cell('hourly_rate'));
  const status = cell('payment_status');
  if (status && !PAYMENT_STATUSES.includes(status as PaymentStatus)) {
    return { ...shown, error: `unknown payment_status "${status}"` };
  }
  return {
    ...shown,
    body: {
      start_time: start,
      end_time: end,
      ...(cell('date') && { date: cell('date') }),
      ...(rate !== undefined && { hourly_rate: rate }),
      ...(status && { payment_status: status as PaymentStatus }),
      notes: notes || null,
    },
  };
}

function reportRow(
  cell: Record_,
  header: string[],
  zone: Timezone,
  dayFirst: boolean,
): Omit<ImportRow, 'line'> {
  const description = cell('description');
  const context = [cell('project'), cell('task')].filter(Boolean).join(' / ');
  const notes = context ? (description ? `${context}: ${description}` : context) : description;
  const shown = {
    start: `${cell('start date')} ${cell('start time')}`.trim(),
    end: `${cell('end date')} ${cell('end time')}`.trim(),
    notes,
  };
  const start = instantOf(cell('start date'), cell('start time'), zone, dayFirst);
  if (!start) return { ...shown, error: 'unreadable start date or time' };
  const end = instantOf(cell('end date'), cell('end time'), zone, dayFirst);
  if (!end) return { ...shown, error: 'unreadable end date or time' };
  const rateColumn = header.find((h) => h.startsWith('billable rate') || h.startsWith('rate'));
  // A rate of 0 is Clockify's "no rate set": the user's default applies.
  const rate = rateColumn ? readRate(cell(rateColumn)) || undefined : undefined;
  return {
    ...shown,
    body: {
      start_time: start,
      end_time: end,
      ...(rate !== undefined && { hourly_rate: rate }),
      notes: notes || null,
    },
  };
}

/**
 * The rows of a CSV in one of the three formats, each with the body to send or
 * why it cannot be read. Wall-clock times (Toggl, Clockify) are read in `zone`.
 * Throws an Error naming the problem if the header is none of the formats.
 */
export function parseImport(text: string, zone: Timezone): ParsedImport {
  const [headerRow, ...records] = parseCsv(text);
  if (!headerRow) throw new Error('The file is empty.');
  const header = headerRow.map((h) => h.trim().toLowerCase());
  const format = detect(header);
  if (!format) {
    throw new Error(
      'Unrecognised columns: expected this app’s CSV export, or a Toggl Track or Clockify detailed report (CSV).',
    );
  }
  const dayFirst = format !== 'ours' && writesDayFirst(records);
  const rows = records.map((record, index) => {
    const cell: Record_ = (name) => record[header.indexOf(name)]?.trim() ?? '';
    const row = format === 'ours' ? ourRow(cell) : reportRow(cell, header, zone, dayFirst);
    return { line: index + 2, ...row };
  });
  return { format, rows };
}

/** The row a server error path (`entries.<i>.<field>`) of a batch points at: i within the batch. */
export function batchIndexOf(path: string): number | undefined {
  const match = /^entries\.(\d+)(?:\.|$)/.exec(path);
  return match ? Number(match[1]) : undefined;
}
