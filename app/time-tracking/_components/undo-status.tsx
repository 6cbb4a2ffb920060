'use client';

import { useEffect, useRef } from 'react';
import { useBatchRestoreEntries, useRestoreEntry } from '@/lib/client/hooks';
import { ProblemMessage } from './problem-message';

/** What the last delete can undo: the deleted ids and the line that says so. */
export interface UndoOffer {
  ids: number[];
  text: string;
}

/** How long "Entry deleted · Undo" stays (the next action in the section dismisses it sooner). */
export const UNDO_OFFER_MS = 12_000;

export const deletedText = (count: number) => (count === 1 ? 'Entry deleted' : `${count} entries deleted`);

interface UndoStatusProps {
  /** The section's status line when there is nothing to undo. */
  message: string;
  offer: UndoOffer | null;
  /** The restore worked: the line to show instead. */
  onUndone: (message: string) => void;
  onDismiss: () => void;
}

/**
 * The entries section's status line (a live region): its message, or after a
 * delete "Entry deleted · Undo" with an Undo button that restores the entries
 * (POST /entries/{id}/restore, or /entries/batch-restore for several). The
 * offer goes away after UNDO_OFFER_MS, or when the section replaces it; a
 * failed undo (a 409 when a timer was restored while another runs) shows the
 * server's problem and keeps the offer, so it can be tried again.
 */
export function UndoStatus({ message, offer, onUndone, onDismiss }: UndoStatusProps) {
  const restoreOne = useRestoreEntry();
  const restoreMany = useBatchRestoreEntries();
  const pending = restoreOne.isPending || restoreMany.isPending;
  const dismiss = useRef(onDismiss);
  dismiss.current = onDismiss;
  const resetOne = restoreOne.reset;
  const resetMany = restoreMany.reset;

  // A new offer (or none): the previous undo's failure is no longer relevant.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs for each new offer
  useEffect(() => {
    resetOne();
    resetMany();
  }, [offer, resetOne, resetMany]);

  useEffect(() => {
    if (!offer || pending) return;
    const timer = setTimeout(() => dismiss.current(), UNDO_OFFER_MS);
    return () => clearTimeout(timer);
  }, [offer, pending]);

  function undo() {
    if (!offer || pending) return;
    const count = offer.ids.length;
    const done = () => {
      onUndone(count === 1 ? 'Entry restored.' : `${count} entries restored.`);
      // The button goes away with the offer.
      document.getElementById('entries-heading')?.focus();
    };
    if (count === 1) restoreOne.mutate(offer.ids[0]!, { onSuccess: done });
    else restoreMany.mutate(offer.ids, { onSuccess: done });
  }

  return (
    <>
      <p className="status-message" role="status">
        {offer ? (
          <>
            {offer.text} ·{' '}
            <button type="button" className="undo" onClick={undo} aria-disabled={pending}>
              {pending ? 'Undoing…' : 'Undo'}
            </button>
          </>
        ) : (
          message
        )}
      </p>
      {offer && <ProblemMessage error={restoreOne.error ?? restoreMany.error} />}
    </>
  );
}
