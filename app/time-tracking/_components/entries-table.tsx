import { formatMoney, PAYMENT_STATUS_LABELS } from '@/lib/client/format';
import type { TimeEntry } from '@/lib/time-tracking/schemas';
import type { Timezone } from '@/lib/time-tracking/timezone';
import { EntryTimeCells, EntryTimeHeaders } from './entry-cells';
import { entryName } from './entry-label';

interface EntriesTableProps {
  entries: TimeEntry[];
  zone: Timezone;
  currency: string;
  /** True while a newer page is on its way (the rows on screen stay until it arrives). */
  busy: boolean;
  selected: ReadonlySet<number>;
  onSelect: (ids: number[], selected: boolean) => void;
  onEdit: (entry: TimeEntry) => void;
  onDelete: (entry: TimeEntry) => void;
  /** Starts a new timer with the entry's notes and rate ("Continue"); not offered on the running entry. */
  onContinue?: (entry: TimeEntry) => void;
}

/** One page of entries with a checkbox per row; below 640 px the CSS turns each row into a card. */
export function EntriesTable({
  entries,
  zone,
  currency,
  busy,
  selected,
  onSelect,
  onEdit,
  onDelete,
  onContinue,
}: EntriesTableProps) {
  const money = (amount: number) => formatMoney(amount, currency);
  const pageIds = entries.map((e) => e.id);
  const allOnPageSelected = pageIds.length > 0 && pageIds.every((id) => selected.has(id));

  return (
    <div className="table-wrap">
      <table className="entries-table" aria-busy={busy}>
        <caption className="visually-hidden">Your time entries, newest first</caption>
        <thead>
          <tr>
            <th scope="col" className="select-col">
              <input
                type="checkbox"
                aria-label="Select all entries on this page"
                checked={allOnPageSelected}
                onChange={(e) => onSelect(pageIds, e.target.checked)}
              />
            </th>
            <EntryTimeHeaders />
            <th scope="col" className="num">
              Rate
            </th>
            <th scope="col" className="num">
              Earned
            </th>
            <th scope="col">Status</th>
            <th scope="col">Notes</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => {
            const name = entryName(entry, zone);
            return (
              <tr key={entry.id} data-entry-id={entry.id}>
                <td className="select-col">
                  <input
                    type="checkbox"
                    aria-label={`Select the entry of ${name}`}
                    checked={selected.has(entry.id)}
                    onChange={(e) => onSelect([entry.id], e.target.checked)}
                  />
                </td>
                <EntryTimeCells entry={entry} zone={zone} />
                <td data-label="Rate" className="num">
                  {money(entry.hourly_rate)}/h
                </td>
                <td data-label="Earned" className="num" data-testid="entry-earned">
                  {entry.total_earned === null ? '—' : money(entry.total_earned)}
                </td>
                <td data-label="Status" data-testid="entry-status">
                  <span className={`badge status-${entry.payment_status}`}>
                    {PAYMENT_STATUS_LABELS[entry.payment_status]}
                  </span>
                </td>
                <td data-label="Notes" className="notes">
                  {entry.notes}
                </td>
                <td className="row-actions">
                  {onContinue && entry.end_time !== null && (
                    <button
                      type="button"
                      aria-label={`Continue the entry of ${name}`}
                      onClick={() => onContinue(entry)}
                    >
                      Continue
                    </button>
                  )}
                  <button
                    type="button"
                    aria-label={`Edit the entry of ${name}`}
                    onClick={() => onEdit(entry)}
                  >
                    Edit
                  </button>
                  <button
                    type="button"
                    className="danger-text"
                    aria-label={`Delete the entry of ${name}`}
                    onClick={() => onDelete(entry)}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
