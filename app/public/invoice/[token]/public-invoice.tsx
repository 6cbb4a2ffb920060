'use client';

import { useEffect, useState } from 'react';
import { formatDay, InvoiceLines } from '@/app/time-tracking/_components/invoice-lines';
import { ApiProblemError, getPublicInvoice, type PublicInvoice as Shared } from '@/lib/client/api';
import { buildInvoice } from '@/lib/client/invoice';
import { zoneLabel, zoneOf } from '@/lib/client/zoned-time';

type State =
  | { kind: 'loading' }
  | { kind: 'invalid' }
  | { kind: 'failed'; detail: string }
  | { kind: 'ready'; shared: Shared };

export const INVALID_LINK_MESSAGE = 'This link has expired or is invalid.';

/**
 * The public invoice. It reads the invoice with getPublicInvoice, which sends
 * no Authorization header and never touches the signed-in user's token store
 * (lib/client/token-store.ts): the token in the URL is the only credential,
 * and nothing of whoever is signed in in this browser is shown or sent.
 */
export function PublicInvoice({ token }: { token: string }) {
  const [state, setState] = useState<State>({ kind: 'loading' });

  useEffect(() => {
    let current = true;
    getPublicInvoice(token).then(
      (shared) => current && setState({ kind: 'ready', shared }),
      (error: unknown) => {
        if (!current) return;
        if (error instanceof ApiProblemError && error.status === 401) setState({ kind: 'invalid' });
        else
          setState({
            kind: 'failed',
            detail: error instanceof ApiProblemError ? error.detail : 'The invoice could not be loaded.',
          });
      },
    );
    return () => {
      current = false;
    };
  }, [token]);

  if (state.kind === 'loading') {
    return (
      <main className="invoice-page" aria-busy="true">
        <p className="muted">Loading the invoice…</p>
      </main>
    );
  }
  if (state.kind !== 'ready') {
    return (
      <main className="invoice-page">
        <h1>Invoice</h1>
        <div className="problem" role="alert">
          <p>{state.kind === 'invalid' ? INVALID_LINK_MESSAGE : state.detail}</p>
        </div>
      </main>
    );
  }

  const { shared } = state;
  const invoice = buildInvoice(shared.entries);
  const from = shared.startDate ?? invoice.firstDate;
  const to = shared.endDate ?? invoice.lastDate;
  return (
    <main className="invoice-page">
      <header className="invoice-head">
        <div>
          <h1>Invoice</h1>
          {from && to && (
            <p className="invoice-period">
              {formatDay(from)} – {formatDay(to)}
            </p>
          )}
          <p className="hint">Times in {zoneLabel(shared.timezone)}.</p>
        </div>
        <button type="button" className="primary no-print" onClick={() => window.print()}>
          Print
        </button>
      </header>
      {invoice.entryCount === 0 ? (
        <p className="empty">This invoice has no entries any more.</p>
      ) : (
        <InvoiceLines
          invoice={invoice}
          zone={zoneOf(shared.timezone)}
          currency={shared.currency}
          caption="Invoice lines"
        />
      )}
    </main>
  );
}
