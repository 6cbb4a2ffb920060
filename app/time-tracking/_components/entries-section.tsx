'use client';

import { useEffect, useId, useState } from 'react';
import { formatHours, formatMoney, PAYMENT_STATUS_LABELS, PAYMENT_STATUS_OPTIONS } from '@/lib/client/format';
import { useBatchUpdatePaymentStatus, useDeleteEntry, useEntries } from '@/lib/client/hooks';
import { fromApiTimestamp, toWallClock, zoneLabel, zoneOf } from '@/lib/client/zoned-time';
import type { PaymentStatus, TimeEntry, TimeTrackingSettings } from '@/lib/time-tracking/schemas';
import type { Timezone } from '@/lib/time-tracking/timezone';
import { EntryDialog } from './entry-dialog';
import { Modal } from './modal';
import { ProblemMessage } from './problem-message';

export const PAGE_SIZE = 10;

type Dialog = { kind: 'create' } | { kind: 'edit'; entry: TimeEntry } | { kind: 'delete'; entry: TimeEntry };

interface Filters {
  start_date: string;
  end_date: string;
  payment_status: PaymentStatus | '';
}

const NO_FILTERS: Filters = { start_date: '', end_date: '', payment_status: '' };

const dateFormatter = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  timeZone: 'UTC',
});

/** "Tue, Mar 5, 2024" for "2024-03-05" (a calendar date: no timezone arithmetic). */
function formatCalendarDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return dateFormatter.format(new Date(Date.UTC(y, m - 1, d)));
}

/** Start and end as shown in the user's timezone: "09:15", or "2024-03-06 02:00" on another day. */
function times(entry: TimeEntry, zone: Timezone) {
  const start = toWallClock(fromApiTimestamp(entry.start_time), zone);
  const end = entry.end_time ? toWallClock(fromApiTimestamp(entry.end_time), zone) : null;
  return {
    start: start.slice(11, 16),
    startDate: start.slice(0, 10),
    end: end
      ? end.slice(0, 10) === start.slice(0, 10)
        ? end.slice(11, 16)
        : end.slice(0, 16).replace('T', ' ')
      : null,
  };
}

export function EntriesSection({ settings }: { settings: TimeTrackingSettings }) {
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [page, setPage] = useState(0);
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [message, setMessage] = useState('');
  const [batchStatus, setBatchStatus] = useState<PaymentStatus>('paid');
  const ids = { from: useId(), to: useId(), status: useId(), batch: useId(), deleteHeading: useId() };

  const query = useEntries({
    start_date: filters.start_date || undefined,
    end_date: filters.end_date || undefined,
    payment_status: filters.payment_status || undefined,
    skip: page * PAGE_SIZE,
    limit: PAGE_SIZE,
  });
  const batch = useBatchUpdatePaymentStatus();
  const remove = useDeleteEntry();
  const zone = zoneOf(settings.timezone);
  const money = (amount: number) => formatMoney(amount, settings.currency);

  const entries = query.data?.entries ?? [];
  const total = query.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const shownFrom = query.data?.skip ?? 0;
  const filtered = Boolean(filters.start_date || filters.end_date || filters.payment_status);

  // After deleting the last entry of the last page, show the page before it.
  useEffect(() => {
    if (query.data && !query.isPlaceholderData && page > 0 && page >= pages) setPage(pages - 1);
  }, [query.data, query.isPlaceholderData, page, pages]);

  function changeFilter(field: keyof Filters, value: string) {
    setFilters((f) => ({ ...f, [field]: value }));
    setPage(0);
    setSelected(new Set());
    setMessage('');
  }

  function toggle(id: number, on: boolean) {
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  const pageIds = entries.map((e) => e.id);
  const allOnPageSelected = pageIds.length > 0 && pageIds.every((id) => selected.has(id));

  function applyBatch() {
    setMessage('');
    batch.mutate(
      { entry_ids: [...selected], payment_status: batchStatus },
      {
        onSuccess: (result) => {
          setMessage(result.message);
          setSelected(new Set());
          // The bar (and the button that had focus) goes away with the selection.
          document.getElementById('entries-heading')?.focus();
        },
      },
    );
  }

  function confirmDelete(entry: TimeEntry) {
    setMessage('');
    remove.mutate(entry.id, {
      onSuccess: () => {
        toggle(entry.id, false);
        setDialog(null);
        setMessage('The entry was deleted.');
      },
    });
  }

  const deleting = dialog?.kind === 'delete' ? dialog.entry : null;

  return (
    <section className="card entries" aria-labelledby="entries-heading">
      <div className="section-head">
        <h2 id="entries-heading" tabIndex={-1}>
          Entries
        </h2>
        <button type="button" className="primary" onClick={() => setDialog({ kind: 'create' })}>
          New entry
        </button>
      </div>

      <fieldset className="filters">
        <legend>Filter</legend>
        <div className="field">
          <label htmlFor={ids.from}>From</label>
          <input
            id={ids.from}
            type="date"
            value={filters.start_date}
            onChange={(e) => changeFilter('start_date', e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.to}>To</label>
          <input
            id={ids.to}
            type="date"
            value={filters.end_date}
            onChange={(e) => changeFilter('end_date', e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.status}>Payment status</label>
          <select
            id={ids.status}
            value={filters.payment_status}
            onChange={(e) => changeFilter('payment_status', e.target.value)}
          >
            <option value="">All</option>
            {PAYMENT_STATUS_OPTIONS.map((status) => (
              <option key={status} value={status}>
                {PAYMENT_STATUS_LABELS[status]}
              </option>
            ))}
          </select>
        </div>
        {filtered && (
          <button
            type="button"
            onClick={() => {
              setFilters(NO_FILTERS);
              setPage(0);
              setSelected(new Set());
            }}
          >
            Clear filters
          </button>
        )}
      </fieldset>

      {selected.size > 0 && (
        // biome-ignore lint/a11y/useSemanticElements: a toolbar of batch actions, not a fieldset of inputs
        <div
          className="batch-bar"
          role="group"
          aria-label="Change the payment status of the selected entries"
        >
          <span>{selected.size} selected</span>
          <label htmlFor={ids.batch}>Set status to</label>
          <select
            id={ids.batch}
            value={batchStatus}
            onChange={(e) => setBatchStatus(e.target.value as PaymentStatus)}
          >
            {PAYMENT_STATUS_OPTIONS.map((status) => (
              <option key={status} value={status}>
                {PAYMENT_STATUS_LABELS[status]}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="primary"
            onClick={() => !batch.isPending && applyBatch()}
            aria-disabled={batch.isPending}
          >
            {batch.isPending ? 'Applying…' : 'Apply'}
          </button>
          <button type="button" onClick={() => setSelected(new Set())}>
            Clear selection
          </button>
        </div>
      )}
      <ProblemMessage error={batch.error} />
      <p className="status-message" role="status">
        {message}
      </p>

      {query.isPending ? (
        <p className="muted" aria-busy="true">
          Loading entries…
        </p>
      ) : query.isError ? (
        <ProblemMessage error={query.error} />
      ) : entries.length === 0 ? (
        <p className="empty">
          {filtered
            ? 'No entries match these filters.'
            : 'No entries yet. Start the timer, or add the work you did with “New entry”.'}
        </p>
      ) : (
        <>
          <p className="hint">Times are shown in {zoneLabel(settings.timezone)}.</p>
          <div className="table-wrap">
            <table className="entries-table" aria-busy={query.isFetching}>
              <caption className="visually-hidden">Your time entries, newest first</caption>
              <thead>
                <tr>
                  <th scope="col" className="select-col">
                    <input
                      type="checkbox"
                      aria-label="Select all entries on this page"
                      checked={allOnPageSelected}
                      onChange={(e) =>
                        setSelected((current) => {
                          const next = new Set(current);
                          for (const id of pageIds) {
                            if (e.target.checked) next.add(id);
                            else next.delete(id);
                          }
                          return next;
                        })
                      }
                    />
                  </th>
                  <th scope="col">Date</th>
                  <th scope="col">Start</th>
                  <th scope="col">End</th>
                  <th scope="col" className="num">
                    Hours
                  </th>
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
                  const t = times(entry, zone);
                  const name = `${formatCalendarDate(entry.date)}, ${t.start}${t.end ? `–${t.end}` : ''}`;
                  return (
                    <tr key={entry.id} data-entry-id={entry.id}>
                      <td className="select-col">
                        <input
                          type="checkbox"
                          aria-label={`Select the entry of ${name}`}
                          checked={selected.has(entry.id)}
                          onChange={(e) => toggle(entry.id, e.target.checked)}
                        />
                      </td>
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
                        <button
                          type="button"
                          aria-label={`Edit the entry of ${name}`}
                          onClick={() => setDialog({ kind: 'edit', entry })}
                        >
                          Edit
                        </button>
                        <button
                          type="button"
                          className="danger-text"
                          aria-label={`Delete the entry of ${name}`}
                          onClick={() => {
                            remove.reset();
                            setDialog({ kind: 'delete', entry });
                          }}
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
          <nav className="pagination" aria-label="Entry pages">
            <p data-testid="entries-range">
              {/* From the page on screen, which stays until the next one has arrived. */}
              Showing {shownFrom + 1}–{shownFrom + entries.length} of {total}
            </p>
            <button
              type="button"
              onClick={() => page > 0 && setPage((p) => p - 1)}
              aria-disabled={page === 0}
            >
              Previous
            </button>
            <span>
              Page {Math.min(page + 1, pages)} of {pages}
            </span>
            <button
              type="button"
              onClick={() => page + 1 < pages && setPage((p) => p + 1)}
              aria-disabled={page + 1 >= pages}
            >
              Next
            </button>
          </nav>
        </>
      )}

      <EntryDialog
        open={dialog?.kind === 'create' || dialog?.kind === 'edit'}
        entry={dialog?.kind === 'edit' ? dialog.entry : undefined}
        settings={settings}
        onClose={() => setDialog(null)}
      />
      <Modal
        open={deleting !== null}
        onClose={() => setDialog(null)}
        labelledBy={ids.deleteHeading}
        fallbackFocusId="entries-heading"
      >
        {deleting && (
          <div className="confirm">
            <h2 id={ids.deleteHeading}>Delete this entry?</h2>
            <p>
              The entry of {formatCalendarDate(deleting.date)}, {times(deleting, zone).start}
              {times(deleting, zone).end ? `–${times(deleting, zone).end}` : ''}
              {deleting.notes ? ` (“${deleting.notes}”)` : ''} will be deleted. This cannot be undone.
            </p>
            <ProblemMessage error={remove.error} />
            <div className="actions">
              <button
                type="button"
                className="danger"
                onClick={() => !remove.isPending && confirmDelete(deleting)}
                aria-disabled={remove.isPending}
              >
                {remove.isPending ? 'Deleting…' : 'Delete entry'}
              </button>
              <button type="button" data-autofocus onClick={() => setDialog(null)}>
                Cancel
              </button>
            </div>
          </div>
        )}
      </Modal>
    </section>
  );
}
