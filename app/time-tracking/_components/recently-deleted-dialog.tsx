'use client';

import { useEffect, useId, useRef, useState } from 'react';
import type { DeletedTimeEntry } from '@/lib/client/api';
import { formatMoney } from '@/lib/client/format';
import { useDeletedEntries, useRestoreEntry } from '@/lib/client/hooks';
import { fromApiTimestamp, toWallClock, zoneLabel, zoneOf } from '@/lib/client/zoned-time';
import { DELETED_ENTRY_RETENTION_DAYS } from '@/lib/time-tracking/constants';
import type { TimeTrackingSettings } from '@/lib/time-tracking/schemas';
import type { Timezone } from '@/lib/time-tracking/timezone';
import { EntryTimeCells, EntryTimeHeaders } from './entry-cells';
import { entryName, formatCalendarDate } from './entry-label';
import { Modal } from './modal';
import { ProblemMessage } from './problem-message';

/** Deleted entries per page of the dialog (one more is asked for, to know whether there is a next page). */
export const DELETED_PAGE_SIZE = 50;

/**
 * "Recently deleted" (issue 14, Undo): what GET /entries/deleted lists, newest
 * deletion first, each with a Restore button (the same restore as the status
 * line's Undo). Opened from the entries section's header actions.
 */
export function RecentlyDeletedDialog({
  open,
  settings,
  onClose,
}: {
  open: boolean;
  settings: TimeTrackingSettings;
  onClose: () => void;
}) {
  const headingId = useId();
  return (
    <Modal open={open} onClose={onClose} labelledBy={headingId} fallbackFocusId="entries-heading">
      <RecentlyDeletedContent headingId={headingId} settings={settings} onClose={onClose} />
    </Modal>
  );
}

/** A UTC timestamp from the API in the settings zone: "Tue, Mar 5, 2024, 09:15". */
function formatInstant(value: string, zone: Timezone): string {
  const wall = toWallClock(fromApiTimestamp(value), zone);
  return `${formatCalendarDate(wall.slice(0, 10))}, ${wall.slice(11, 16)}`;
}

function RecentlyDeletedContent({
  headingId,
  settings,
  onClose,
}: {
  headingId: string;
  settings: TimeTrackingSettings;
  onClose: () => void;
}) {
  const zone = zoneOf(settings.timezone);
  const [page, setPage] = useState(0);
  const [message, setMessage] = useState('');
  const headingRef = useRef<HTMLHeadingElement>(null);
  const query = useDeletedEntries({ skip: page * DELETED_PAGE_SIZE, limit: DELETED_PAGE_SIZE + 1 });
  const restore = useRestoreEntry();

  const rows = query.data ?? [];
  const entries = rows.slice(0, DELETED_PAGE_SIZE);
  const hasOlder = rows.length > DELETED_PAGE_SIZE;
  const from = page * DELETED_PAGE_SIZE;

  // After restoring the last entry of a later page, show the page before it.
  useEffect(() => {
    if (query.data && !query.isPlaceholderData && page > 0 && query.data.length === 0) setPage((p) => p - 1);
  }, [query.data, query.isPlaceholderData, page]);

  function restoreEntry(entry: DeletedTimeEntry) {
    if (restore.isPending) return;
    setMessage('');
    const name = entryName(entry, zone);
    restore.mutate(entry.id, {
      onSuccess: () => {
        setMessage(`The entry of ${name} is restored.`);
        // Its row (and the button that had focus) goes away.
        headingRef.current?.focus();
      },
    });
  }

  return (
    <div className="recently-deleted">
      <div className="section-head">
        <h2 id={headingId} ref={headingRef} tabIndex={-1}>
          Recently deleted
        </h2>
        <button type="button" data-autofocus onClick={onClose}>
          Close
        </button>
      </div>
      <p className="hint">
        Deleted entries can be restored for {DELETED_ENTRY_RETENTION_DAYS} days, newest deletion first; times
        in {zoneLabel(settings.timezone)}.
      </p>
      <p className="status-message" role="status">
        {message}
      </p>
      <ProblemMessage error={restore.error} />

      {query.isPending ? (
        <p className="muted" aria-busy="true">
          Loading deleted entries…
        </p>
      ) : query.isError ? (
        <ProblemMessage error={query.error} />
      ) : entries.length === 0 ? (
        <p className="empty">Nothing deleted in the last {DELETED_ENTRY_RETENTION_DAYS} days.</p>
      ) : (
        <>
          <div className="table-wrap">
            <table className="entries-table deleted-table" aria-busy={query.isFetching}>
              <caption className="visually-hidden">Deleted entries, newest deletion first</caption>
              <thead>
                <tr>
                  <EntryTimeHeaders />
                  <th scope="col" className="num">
                    Earned
                  </th>
                  <th scope="col">Notes</th>
                  <th scope="col">Deleted</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {entries.map((entry) => {
                  const name = entryName(entry, zone);
                  const restoring = restore.isPending && restore.variables === entry.id;
                  return (
                    <tr key={entry.id} data-deleted-entry-id={entry.id}>
                      <EntryTimeCells entry={entry} zone={zone} />
                      <td data-label="Earned" className="num">
                        {entry.total_earned === null
                          ? '—'
                          : formatMoney(entry.total_earned, settings.currency)}
                      </td>
                      <td data-label="Notes" className="notes">
                        {entry.notes}
                      </td>
                      {/* No data-label: its text says "Deleted …" on a phone's card already. */}
                      <td className="deleted-when">
                        <span>
                          Deleted{' '}
                          <time dateTime={`${entry.deleted_at}Z`}>
                            {formatInstant(entry.deleted_at, zone)}
                          </time>
                          <br />
                          <span className="muted">
                            Restorable until{' '}
                            <time dateTime={`${entry.restorable_until}Z`}>
                              {formatInstant(entry.restorable_until, zone)}
                            </time>
                          </span>
                        </span>
                      </td>
                      <td className="row-actions">
                        <button
                          type="button"
                          aria-label={`Restore the entry of ${name}`}
                          onClick={() => restoreEntry(entry)}
                          aria-disabled={restore.isPending}
                        >
                          {restoring ? 'Restoring…' : 'Restore'}
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {(page > 0 || hasOlder) && (
            <nav className="pagination" aria-label="Deleted entry pages">
              <p>
                Showing {from + 1}–{from + entries.length}
              </p>
              <button
                type="button"
                onClick={() => page > 0 && setPage((p) => p - 1)}
                aria-disabled={page === 0}
              >
                Newer deletions
              </button>
              <button
                type="button"
                onClick={() => hasOlder && setPage((p) => p + 1)}
                aria-disabled={!hasOlder}
              >
                Older deletions
              </button>
            </nav>
          )}
        </>
      )}
    </div>
  );
}
