import { useId, useState } from 'react';
import { useBatchDeleteEntries, useBatchUpdatePaymentStatus } from '@/lib/client/hooks';
import type { PaymentStatus } from '@/lib/time-tracking/schemas';
import { BatchDeleteDialog } from './batch-delete-dialog';
import { PaymentStatusOptions } from './inputs';
import { ProblemMessage } from './problem-message';

interface BatchBarProps {
  selected: ReadonlySet<number>;
  onClearSelection: () => void;
  /** The section's status line: cleared when a change starts, the server's summary when it is done. */
  onMessage: (message: string) => void;
  /** The selected entries were deleted (the section offers to undo it). */
  onDeleted: (ids: number[]) => void;
}

/**
 * The selection and one payment status for all of it. Rendered for as long as
 * the section is, so the chosen status and a failed request's problem outlive
 * the bar, which shows only while something is selected.
 */
export function BatchBar({ selected, onClearSelection, onMessage, onDeleted }: BatchBarProps) {
  const batch = useBatchUpdatePaymentStatus();
  const remove = useBatchDeleteEntries();
  const [confirming, setConfirming] = useState(false);
  const [status, setStatus] = useState<PaymentStatus>('paid');
  const statusId = useId();

  function apply() {
    onMessage('');
    batch.mutate(
      { entry_ids: [...selected], payment_status: status },
      {
        onSuccess: (result) => {
          onMessage(result.message);
          onClearSelection();
          // The bar (and the button that had focus) goes away with the selection.
          document.getElementById('entries-heading')?.focus();
        },
      },
    );
  }

  function confirmDelete() {
    const ids = [...selected];
    remove.mutate(ids, {
      onSuccess: () => {
        setConfirming(false);
        onClearSelection();
        onDeleted(ids);
      },
    });
  }

  return (
    <>
      {selected.size > 0 && (
        // biome-ignore lint/a11y/useSemanticElements: a toolbar of batch actions, not a fieldset of inputs
        <div
          className="batch-bar"
          role="group"
          aria-label="Change the payment status of the selected entries"
        >
          <span>{selected.size} selected</span>
          <label htmlFor={statusId}>Set status to</label>
          <select id={statusId} value={status} onChange={(e) => setStatus(e.target.value as PaymentStatus)}>
            <PaymentStatusOptions />
          </select>
          <button
            type="button"
            className="primary"
            onClick={() => !batch.isPending && apply()}
            aria-disabled={batch.isPending}
          >
            {batch.isPending ? 'Applying…' : 'Apply'}
          </button>
          <button type="button" onClick={onClearSelection}>
            Clear selection
          </button>
          <button
            type="button"
            className="danger"
            onClick={() => {
              onMessage('');
              remove.reset();
              setConfirming(true);
            }}
          >
            Delete selected
          </button>
        </div>
      )}
      <ProblemMessage error={batch.error} />
      <BatchDeleteDialog
        count={selected.size}
        open={confirming && selected.size > 0}
        pending={remove.isPending}
        error={remove.error}
        onConfirm={confirmDelete}
        onClose={() => setConfirming(false)}
      />
    </>
  );
}
