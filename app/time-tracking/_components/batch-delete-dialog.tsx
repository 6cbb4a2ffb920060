import { useId } from 'react';
import { Modal } from './modal';
import { ProblemMessage } from './problem-message';

interface BatchDeleteDialogProps {
  /** How many entries are selected; 0 keeps the dialog closed. */
  count: number;
  open: boolean;
  pending: boolean;
  error: unknown;
  onConfirm: () => void;
  onClose: () => void;
}

/** "Delete N entries?" for the selection; Cancel has the focus. */
export function BatchDeleteDialog({
  count,
  open,
  pending,
  error,
  onConfirm,
  onClose,
}: BatchDeleteDialogProps) {
  const headingId = useId();
  const what = count === 1 ? 'the selected entry' : `the ${count} selected entries`;
  return (
    <Modal open={open} onClose={onClose} labelledBy={headingId} fallbackFocusId="entries-heading">
      <div className="confirm">
        <h2 id={headingId}>Delete {count === 1 ? 'this entry' : `${count} entries`}?</h2>
        <p>Delete {what}? You can undo it right afterwards.</p>
        <ProblemMessage error={error} />
        <div className="actions">
          <button
            type="button"
            className="danger"
            onClick={() => !pending && onConfirm()}
            aria-disabled={pending}
          >
            {pending ? 'Deleting…' : count === 1 ? 'Delete entry' : `Delete ${count} entries`}
          </button>
          <button type="button" data-autofocus onClick={onClose}>
            Cancel
          </button>
        </div>
      </div>
    </Modal>
  );
}
