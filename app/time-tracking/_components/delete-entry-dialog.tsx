import { useId } from 'react';
import type { TimeEntry } from '@/lib/time-tracking/schemas';
import type { Timezone } from '@/lib/time-tracking/timezone';
import { entryName } from './entry-label';
import { Modal } from './modal';
import { ProblemMessage } from './problem-message';

interface DeleteEntryDialogProps {
  /** The entry to confirm; null keeps the dialog closed. */
  entry: TimeEntry | null;
  zone: Timezone;
  pending: boolean;
  error: unknown;
  onConfirm: (entry: TimeEntry) => void;
  onClose: () => void;
}

/** "Delete this entry?", naming the entry; Cancel has the focus. */
export function DeleteEntryDialog({
  entry,
  zone,
  pending,
  error,
  onConfirm,
  onClose,
}: DeleteEntryDialogProps) {
  const headingId = useId();
  return (
    <Modal open={entry !== null} onClose={onClose} labelledBy={headingId} fallbackFocusId="entries-heading">
      {entry && (
        <div className="confirm">
          <h2 id={headingId}>Delete this entry?</h2>
          <p>
            The entry of {entryName(entry, zone)}
            {entry.notes ? ` (“${entry.notes}”)` : ''} will be deleted. You can undo it right afterwards.
          </p>
          <ProblemMessage error={error} />
          <div className="actions">
            <button
              type="button"
              className="danger"
              onClick={() => !pending && onConfirm(entry)}
              aria-disabled={pending}
            >
              {pending ? 'Deleting…' : 'Delete entry'}
            </button>
            <button type="button" data-autofocus onClick={onClose}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </Modal>
  );
}
