import { fromApiTimestamp, toWallClock } from '@/lib/client/zoned-time';
import type { TimeEntry } from '@/lib/time-tracking/schemas';
import type { Timezone } from '@/lib/time-tracking/timezone';

const dateFormatter = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  timeZone: 'UTC',
});

/** "Tue, Mar 5, 2024" for "2024-03-05" (a calendar date: no timezone arithmetic). */
export function formatCalendarDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return dateFormatter.format(new Date(Date.UTC(y, m - 1, d)));
}

/** Start and end as shown in the user's timezone: "09:15", or "2024-03-06 02:00" on another day. */
export function entryTimes(entry: TimeEntry, zone: Timezone) {
  const start = toWallClock(fromApiTimestamp(entry.start_time), zone);
  const end = entry.end_time ? toWallClock(fromApiTimestamp(entry.end_time), zone) : null;
  return {
    start: start.slice(11, 16),
    end: end
      ? end.slice(0, 10) === start.slice(0, 10)
        ? end.slice(11, 16)
        : end.slice(0, 16).replace('T', ' ')
      : null,
  };
}

/** How the page names an entry to people: "Tue, Mar 5, 2024, 09:15–17:45" (no end while it runs). */
export function entryName(entry: TimeEntry, zone: Timezone): string {
  const { start, end } = entryTimes(entry, zone);
  return `${formatCalendarDate(entry.date)}, ${start}${end ? `–${end}` : ''}`;
}
