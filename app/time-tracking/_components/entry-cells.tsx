import { formatHours } from '@/lib/client/format';
import type { TimeEntry } from '@/lib/time-tracking/schemas';
import type { Timezone } from '@/lib/time-tracking/timezone';
import { entryTimes, formatCalendarDate } from './entry-label';

/** The column headers of EntryTimeCells. */
export function EntryTimeHeaders() {
  return (
    <>
      <th scope="col">Date</th>
      <th scope="col">Start</th>
      <th scope="col">End</th>
      <th scope="col" className="num">
        Hours
      </th>
    </>
  );
}

/**
 * An entry's Date, Start, End and Hours cells, in the user's timezone: the
 * entries table and the Recently deleted dialog show an entry the same way.
 */
export function EntryTimeCells({ entry, zone }: { entry: TimeEntry; zone: Timezone }) {
  const t = entryTimes(entry, zone);
  return (
    <>
      <td data-label="Date">
        <time dateTime={entry.date}>{formatCalendarDate(entry.date)}</time>
      </td>
      <td data-label="Start" data-testid="entry-start">
        <time dateTime={`${entry.start_time}Z`}>{t.start}</time>
      </td>
      <td data-label="End" data-testid="entry-end">
        {entry.end_time ? (
          <time dateTime={`${entry.end_time}Z`}>{t.end}</time>
        ) : (
          <span className="badge running">Running</span>
        )}
      </td>
      <td data-label="Hours" className="num" data-testid="entry-hours">
        {entry.total_hours === null ? '—' : formatHours(entry.total_hours)}
      </td>
    </>
  );
}
