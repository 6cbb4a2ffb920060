'use client';

import { useEffect, useState } from 'react';
import { useDeleteEntry, useEntries, useStartSession } from '@/lib/client/hooks';
import { zoneLabel, zoneOf } from '@/lib/client/zoned-time';
import type { TimeEntry, TimeTrackingSettings } from '@/lib/time-tracking/schemas';
import { BatchBar } from './batch-bar';
import { DeleteEntryDialog } from './delete-entry-dialog';
import { EntriesFilters, type FilterValues, isFiltered, NO_FILTERS } from './entries-filters';
import { EntriesPager } from './entries-pager';
import { EntriesTable } from './entries-table';
import { EntryDialog } from './entry-dialog';
import { ExportCsvButton } from './export-csv-button';
import { ImportButton } from './import-dialog';
import { InvoiceDialog } from './invoice-dialog';
import { ProblemMessage } from './problem-message';
import { RecentlyDeletedDialog } from './recently-deleted-dialog';
import { deletedText, type UndoOffer, UndoStatus } from './undo-status';

export const PAGE_SIZE = 10;

type Dialog =
  | { kind: 'create' }
  | { kind: 'edit'; entry: TimeEntry }
  | { kind: 'delete'; entry: TimeEntry }
  | { kind: 'invoice' }
  | { kind: 'deleted' };

/** The entries: filters, a page of them with a selection, the pager and the dialogs that change them. */
export function EntriesSection({ settings }: { settings: TimeTrackingSettings }) {
  const [filters, setFilters] = useState<FilterValues>(NO_FILTERS);
  const [page, setPage] = useState(0);
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [message, setMessage] = useState('');
  // After a delete: "Entry deleted · Undo" instead of the message, until the next action.
  const [undo, setUndo] = useState<UndoOffer | null>(null);
  /** The status line says `text`; whatever it offered to undo is gone. */
  const say = (text: string) => {
    setMessage(text);
    setUndo(null);
  };

  const query = useEntries({
    start_date: filters.start_date || undefined,
    end_date: filters.end_date || undefined,
    payment_status: filters.payment_status || undefined,
    skip: page * PAGE_SIZE,
    limit: PAGE_SIZE,
  });
  const remove = useDeleteEntry();
  // "Continue" on a row (issue 14): the same start as the timer card's.
  const continueTimer = useStartSession();
  const zone = zoneOf(settings.timezone);

  const entries = query.data?.entries ?? [];
  const total = query.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));

  // After deleting the last entry of the last page, show the page before it.
  useEffect(() => {
    if (query.data && !query.isPlaceholderData && page > 0 && page >= pages) setPage(pages - 1);
  }, [query.data, query.isPlaceholderData, page, pages]);

  function changeFilter(field: keyof FilterValues, value: string) {
    setFilters((f) => ({ ...f, [field]: value }));
    setPage(0);
    setSelected(new Set());
    say('');
  }

  function clearFilters() {
    setFilters(NO_FILTERS);
    setPage(0);
    setSelected(new Set());
  }

  function select(ids: number[], on: boolean) {
    setSelected((current) => {
      const next = new Set(current);
      for (const id of ids) {
        if (on) next.add(id);
        else next.delete(id);
      }
      return next;
    });
  }

  function confirmDelete(entry: TimeEntry) {
    say('');
    remove.mutate(entry.id, {
      onSuccess: () => {
        select([entry.id], false);
        setDialog(null);
        setUndo({ ids: [entry.id], text: deletedText(1) });
      },
    });
  }

  function continueEntry(entry: TimeEntry) {
    if (continueTimer.isPending) return;
    say('');
    continueTimer.mutate(
      { notes: entry.notes, hourly_rate: entry.hourly_rate },
      {
        onSuccess: () => say(entry.notes ? `The timer started: ${entry.notes}` : 'The timer started.'),
      },
    );
  }

  return (
    <section className="card entries" aria-labelledby="entries-heading">
      <div className="section-head">
        <h2 id="entries-heading" tabIndex={-1}>
          Entries
        </h2>
        <div className="section-actions">
          <button type="button" onClick={() => setDialog({ kind: 'invoice' })}>
            Invoice
          </button>
          <ExportCsvButton filters={filters} />
          <ImportButton settings={settings} />
          {/* Undo (issue 14): what can still be restored, for 30 days. */}
          <button type="button" onClick={() => setDialog({ kind: 'deleted' })}>
            Recently deleted
          </button>
          <button type="button" className="primary" onClick={() => setDialog({ kind: 'create' })}>
            New entry
          </button>
        </div>
      </div>

      <EntriesFilters filters={filters} onChange={changeFilter} onClear={clearFilters} />
      <BatchBar
        selected={selected}
        onClearSelection={() => setSelected(new Set())}
        onMessage={say}
        onDeleted={(ids) => {
          setMessage('');
          setUndo({ ids, text: deletedText(ids.length) });
        }}
      />
      <UndoStatus message={message} offer={undo} onUndone={say} onDismiss={() => setUndo(null)} />
      <ProblemMessage error={continueTimer.error} />

      {query.isPending ? (
        <p className="muted" aria-busy="true">
          Loading entries…
        </p>
      ) : query.isError ? (
        <ProblemMessage error={query.error} />
      ) : entries.length === 0 ? (
        <p className="empty">
          {isFiltered(filters)
            ? 'No entries match these filters.'
            : 'No entries yet. Start the timer, or add the work you did with “New entry”.'}
        </p>
      ) : (
        <>
          <p className="hint">Times are shown in {zoneLabel(settings.timezone)}.</p>
          <EntriesTable
            entries={entries}
            zone={zone}
            currency={settings.currency}
            busy={query.isFetching}
            selected={selected}
            onSelect={select}
            onEdit={(entry) => setDialog({ kind: 'edit', entry })}
            onDelete={(entry) => {
              remove.reset();
              setDialog({ kind: 'delete', entry });
            }}
            onContinue={continueEntry}
          />
          <EntriesPager
            page={page}
            pages={pages}
            shownFrom={query.data?.skip ?? 0}
            shownCount={entries.length}
            total={total}
            onPrevious={() => setPage((p) => p - 1)}
            onNext={() => setPage((p) => p + 1)}
          />
        </>
      )}

      <EntryDialog
        open={dialog?.kind === 'create' || dialog?.kind === 'edit'}
        entry={dialog?.kind === 'edit' ? dialog.entry : undefined}
        settings={settings}
        onClose={() => setDialog(null)}
      />
      <InvoiceDialog
        open={dialog?.kind === 'invoice'}
        filters={filters}
        settings={settings}
        onClose={() => setDialog(null)}
      />
      <RecentlyDeletedDialog
        open={dialog?.kind === 'deleted'}
        settings={settings}
        onClose={() => setDialog(null)}
      />
      <DeleteEntryDialog
        entry={dialog?.kind === 'delete' ? dialog.entry : null}
        zone={zone}
        pending={remove.isPending}
        error={remove.error}
        onConfirm={confirmDelete}
        onClose={() => setDialog(null)}
      />
    </section>
  );
}
