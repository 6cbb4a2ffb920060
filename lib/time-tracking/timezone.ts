// Timezones, calendar dates and instants, independent of the server's own TZ:
// every computation goes through UTC fields or an explicit Intl time zone.
import { MAX_INSTANT_MS, MIN_DATE, MIN_INSTANT_MS } from './constants';

export type Timezone = { kind: 'offset'; minutes: number } | { kind: 'iana'; name: string };

const OFFSET_PATTERN = /^UTC([+-])(\d{1,2})(?::(\d{2}))?$/;
const IANA_PATTERN = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/;
const MAX_OFFSET_MINUTES = 14 * 60;

/**
 * The syntax of every accepted timezone, for documentation (the OpenAPI
 * `pattern`). A superset: offsets are also range-checked and IANA names looked up.
 */
export const TIMEZONE_PATTERN = new RegExp(
  `^(?:${OFFSET_PATTERN.source.slice(1, -1)}|${IANA_PATTERN.source.slice(1, -1)})$`,
);

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(name: string): Intl.DateTimeFormat | undefined {
  let formatter = formatters.get(name);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone: name,
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
      });
    } catch {
      return undefined;
    }
    formatters.set(name, formatter);
  }
  return formatter;
}

/**
 * "UTC", a fixed offset as the frontend writes it ("UTC-3", "UTC+5:30",
 * "UTC+05:30"; hours 0–14, minutes 00/30/45) or an IANA name ("America/New_York").
 */
export function parseTimezone(value: string): Timezone | undefined {
  if (value === 'UTC') return { kind: 'offset', minutes: 0 };
  const offset = OFFSET_PATTERN.exec(value);
  if (offset) {
    const [, sign, hours, minutes = '00'] = offset;
    if (!['00', '30', '45'].includes(minutes)) return undefined;
    const total = Number(hours) * 60 + Number(minutes);
    if (total > MAX_OFFSET_MINUTES) return undefined;
    return { kind: 'offset', minutes: sign === '-' ? -total : total };
  }
  if (IANA_PATTERN.test(value) && formatterFor(value)) return { kind: 'iana', name: value };
  return undefined;
}

export const isValidTimezone = (value: string) => parseTimezone(value) !== undefined;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function formatDate(year: number, month: number, day: number): string {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** The calendar date ("YYYY-MM-DD") of an instant in the given timezone. */
export function localDate(instant: Date, timezone: Timezone): string {
  if (timezone.kind === 'offset') {
    const shifted = new Date(instant.getTime() + timezone.minutes * 60_000);
    return formatDate(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate());
  }
  const parts = (formatterFor(timezone.name) as Intl.DateTimeFormat).formatToParts(instant);
  const field = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return formatDate(field('year'), field('month'), field('day'));
}

const timeFormatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The wall-clock time of an instant in the given timezone, "YYYY-MM-DDTHH:MM:SS"
 * (to the second), independent of the process's TZ; the page's too (lib/client/zoned-time.ts).
 */
export function wallClock(instant: Date, timezone: Timezone): string {
  if (timezone.kind === 'offset') {
    return new Date(instant.getTime() + timezone.minutes * 60_000).toISOString().slice(0, 19);
  }
  let formatter = timeFormatters.get(timezone.name);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone.name,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      hourCycle: 'h23',
    });
    timeFormatters.set(timezone.name, formatter);
  }
  const parts = formatter.formatToParts(instant);
  const field = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return `${formatDate(field('year'), field('month'), field('day'))}T${pad(field('hour'))}:${pad(field('minute'))}:${pad(field('second'))}`;
}

const DAY_MS = 86_400_000;

function dayNumber(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

function fromDayNumber(days: number): string {
  const d = new Date(days * DAY_MS);
  return formatDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

export const addDays = (date: string, days: number) => fromDayNumber(dayNumber(date) + days);

/** Whole days from `a` to `b` (positive when b is later). */
export const daysBetween = (a: string, b: string) => dayNumber(b) - dayNumber(a);

/** True for a real calendar date written as YYYY-MM-DD. */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  if (value < MIN_DATE || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export type Period = 'day' | 'week' | 'month' | 'year';

/** First and last date (inclusive) of the period that contains `date`; weeks run Monday to Sunday. */
export function periodRange(date: string, period: Period): { from: string; to: string } {
  const [y, m] = date.split('-').map(Number) as [number, number];
  switch (period) {
    case 'day':
      return { from: date, to: date };
    case 'week': {
      const isoWeekday = (new Date(dayNumber(date) * DAY_MS).getUTCDay() + 6) % 7; // Monday = 0
      const from = addDays(date, -isoWeekday);
      return { from, to: addDays(from, 6) };
    }
    case 'month':
      return {
        from: formatDate(y, m, 1),
        to: formatDate(y, m, new Date(Date.UTC(y, m, 0)).getUTCDate()),
      };
    case 'year':
      return { from: formatDate(y, 1, 1), to: formatDate(y, 12, 31) };
  }
}

const INSTANT_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/;

/**
 * Any ISO 8601 date-time. With `Z` or an offset it is that instant; without one
 * it is UTC, so a timestamp from a response can be sent back unchanged.
 * Fractions of a second are truncated.
 */
export function parseInstant(value: string): Date | undefined {
  const match = INSTANT_PATTERN.exec(value);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s = '0', , sign, oh = '0', om = '0'] = match;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as number[];
  if (!isCalendarDate(`${y}-${mo}-${d}`) || hour! > 23 || minute! > 59 || second! > 59) {
    return undefined;
  }
  if (Number(oh) > 23 || Number(om) > 59) return undefined;
  const offsetMinutes = (Number(oh) * 60 + Number(om)) * (sign === '-' ? -1 : 1);
  const ms = Date.UTC(year!, month! - 1, day!, hour!, minute!, second!) - offsetMinutes * 60_000;
  if (ms < MIN_INSTANT_MS || ms > MAX_INSTANT_MS) return undefined;
  return new Date(ms);
}

/** Responses carry UTC to the second without an offset: "2024-01-22T09:00:00". */
export const formatUtc = (instant: Date) => instant.toISOString().slice(0, 19);

/** Now, truncated to whole seconds like every stored timestamp. */
export const nowToTheSecond = () => new Date(Math.floor(Date.now() / 1000) * 1000);
