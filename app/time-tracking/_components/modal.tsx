'use client';

import { type ReactNode, useEffect, useRef } from 'react';

/**
 * A native <dialog> opened with showModal (focus trap, Escape, inert
 * background for free). Its children mount only while it is open, so each
 * opening starts from a fresh form. On close, focus goes back to where it was,
 * or to `fallbackFocusId` when that element is gone (a deleted row's button).
 */
export function Modal({
  open,
  onClose,
  labelledBy,
  fallbackFocusId,
  children,
}: {
  open: boolean;
  onClose: () => void;
  labelledBy: string;
  fallbackFocusId?: string;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const returnFocus = useRef<HTMLElement | null>(null);
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      returnFocus.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      dialog.showModal();
      dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);

  function handleClose() {
    const target = returnFocus.current?.isConnected
      ? returnFocus.current
      : fallbackFocusId
        ? document.getElementById(fallbackFocusId)
        : null;
    target?.focus();
    returnFocus.current = null;
    onCloseRef.current();
  }

  return (
    <dialog ref={ref} className="modal" aria-labelledby={labelledBy} onClose={handleClose}>
      {open && children}
    </dialog>
  );
}
