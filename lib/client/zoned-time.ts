// Wall-clock times in the user's timezone setting ("UTC", "UTC-3", "UTC+05:30"
// or an IANA name), independent of the browser's own timezone. The API speaks
// UTC instants; the page shows and reads times in the setting's zone.
import { parseInstant, parseTimezone, type Timezone, wallClock } from '@/lib/time-tracking/timezone';

const UTC: Timezone = { kind: 'offset', minutes: 0 };

/** The setting as a Timezone; an unknown value falls back to UTC rather than breaking the page. */
export function zoneOf(setting: string | undefined): Timezone {
  return (setting && parseTimezone(setting)) || UTC;
}

const partFormatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(name: string): Intl.DateTimeFormat {
  let formatter = partFormatters.get(name);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partFormatters.set(name, formatter);
  }
  return formatter;
}

/** Minutes east of UTC in the zone at that instant (DST-aware for IANA names). */
export function offsetMinutesAt(instant: Date, zone: Timezone): number {
  if (zone.kind === 'offset') return zone.minutes;
  const parts = partsFormatter(zone.name).formatToParts(instant);
  const field = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(
    field('year'),
    field('month') - 1,
    field('day'),
    field('hour'),
    field('minute'),
    field('second'),
  );
  const wholeSeconds = Math.floor(instant.getTime() / 1000) * 1000;
  return Math.round((asUtc - wholeSeconds) / 60_000);
}

/** "YYYY-MM-DDTHH:mm:ss", the wall-clock time of an instant in the zone. */
export const toWallClock = wallClock;

/** The value a <input type="datetime-local"> shows for the instant: "YYYY-MM-DDTHH:mm". */
export const toDateTimeLocalValue = (instant: Date, zone: Timezone) =>
  toWallClock(instant, zone).slice(0, 16);

const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * The instant at which the zone's clocks show this wall-clock time
 * ("YYYY-MM-DDTHH:mm[:ss]"). In a DST gap the time is read with the offset
 * from before the change; in an overlap, the earlier of the two instants.
 */
export function fromWallClock(value: string, zone: Timezone): Date | undefined {
  const match = WALL_CLOCK.exec(value);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s = '0'] = match;
  const naive = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(naive) || toWallClock(new Date(naive), UTC).slice(0, 10) !== `${y}-${mo}-${d}`) {
    return undefined;
  }
  if (zone.kind === 'offset') return new Date(naive - zone.minutes * 60_000);
  // Try the offsets in force a day either side: they cover every DST change.
  const candidates = [-1, 0, 1]
    .map((days) => offsetMinutesAt(new Date(naive + days * 86_400_000), zone))
    .map((offset) => naive - offset * 60_000)
    .filter((ms) => toWallClock(new Date(ms), zone) === toWallClock(new Date(naive), UTC));
  if (candidates.length > 0) return new Date(Math.min(...candidates));
  const before = offsetMinutesAt(new Date(naive - 86_400_000), zone);
  return new Date(naive - before * 60_000);
}

/** A timestamp from the API ("2024-01-22T09:00:00", UTC) as a Date. */
export function fromApiTimestamp(value: string): Date {
  return parseInstant(value) ?? new Date(Number.NaN);
}

/** A Date as the API should receive it: an explicit UTC instant to the second, "2024-01-22T12:00:00Z". */
export const toApiTimestamp = (instant: Date) => `${instant.toISOString().slice(0, 19)}Z`;

/** A short label for the zone, such as "UTC-3" or "America/Sao_Paulo". */
export function zoneLabel(setting: string | undefined): string {
  return setting && parseTimezone(setting) ? setting : 'UTC';
}
