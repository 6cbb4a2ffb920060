'use client';

import { useId, useRef, useState } from 'react';
import type { InvoiceLink } from '@/lib/client/api';
import { formatHours, formatMoney, PAYMENT_STATUS_LABELS } from '@/lib/client/format';
import {
  useEntries,
  useGenerateInvoiceLink,
  useInvoiceLinks,
  useRevokeInvoiceLink,
} from '@/lib/client/hooks';
import { buildInvoice } from '@/lib/client/invoice';
import { fromApiTimestamp, toWallClock, zoneLabel, zoneOf } from '@/lib/client/zoned-time';
import type { TimeTrackingSettings } from '@/lib/time-tracking/schemas';
import type { Timezone } from '@/lib/time-tracking/timezone';
import type { FilterValues } from './entries-filters';
import { formatDay, InvoiceLines } from './invoice-lines';
import { Modal } from './modal';
import { ProblemMessage } from './problem-message';

/** The most entries one list request returns: the dialog shows at most these. */
const MAX_SHOWN = 1000;

/** The Invoice dialog for the entries table's current filter. */
export function InvoiceDialog({
  open,
  filters,
  settings,
  onClose,
}: {
  open: boolean;
  filters: FilterValues;
  settings: TimeTrackingSettings;
  onClose: () => void;
}) {
  const headingId = useId();
  return (
    <Modal open={open} onClose={onClose} labelledBy={headingId}>
      <InvoiceContent headingId={headingId} filters={filters} settings={settings} onClose={onClose} />
    </Modal>
  );
}

function periodOf(filters: FilterValues): string {
  const from = filters.start_date ? formatDay(filters.start_date) : 'the first entry';
  const to = filters.end_date ? formatDay(filters.end_date) : 'the last entry';
  const status = filters.payment_status
    ? `, ${PAYMENT_STATUS_LABELS[filters.payment_status].toLowerCase()}`
    : '';
  return `From ${from} to ${to}${status}`;
}

function InvoiceContent({
  headingId,
  filters,
  settings,
  onClose,
}: {
  headingId: string;
  filters: FilterValues;
  settings: TimeTrackingSettings;
  onClose: () => void;
}) {
  const zone = zoneOf(settings.timezone);
  const filter = {
    start_date: filters.start_date || undefined,
    end_date: filters.end_date || undefined,
    payment_status: filters.payment_status || undefined,
  };
  const entries = useEntries({ ...filter, limit: MAX_SHOWN });
  const invoice = buildInvoice(entries.data?.entries ?? []);
  const generate = useGenerateInvoiceLink();

  return (
    <div className="invoice-dialog">
      <div className="section-head">
        <h2 id={headingId}>Invoice</h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      <p className="hint">
        {periodOf(filters)}. Completed entries only; times in {zoneLabel(settings.timezone)}.
      </p>

      {entries.isPending ? (
        <p className="muted" aria-busy="true">
          Loading entries…
        </p>
      ) : entries.isError ? (
        <ProblemMessage error={entries.error} />
      ) : invoice.entryCount === 0 ? (
        <p className="empty">No completed entries match these filters.</p>
      ) : (
        <>
          {(entries.data?.total ?? 0) > MAX_SHOWN && (
            <p className="notice">
              Only the newest {MAX_SHOWN.toLocaleString()} entries are shown; a share link covers them all.
            </p>
          )}
          <InvoiceLines invoice={invoice} zone={zone} currency={settings.currency} caption="Invoice lines" />
        </>
      )}

      <section className="invoice-share" aria-label="Share link">
        <div className="actions">
          <button
            type="button"
            className="primary"
            onClick={() => !generate.isPending && generate.mutate(filter)}
            aria-disabled={generate.isPending || invoice.entryCount === 0}
            disabled={invoice.entryCount === 0 && !entries.isPending}
          >
            {generate.isPending ? 'Creating link…' : 'Create share link'}
          </button>
        </div>
        <ProblemMessage error={generate.error} />
        {generate.data && <ShareUrl url={generate.data.public_url} />}
      </section>

      <InvoiceLinks zone={zone} />
    </div>
  );
}

/** The new link, read-only and selected on focus, with a Copy button. */
function ShareUrl({ url }: { url: string }) {
  const input = useRef<HTMLInputElement>(null);
  const [status, setStatus] = useState('');
  async function copy() {
    try {
      await navigator.clipboard.writeText(url);
      setStatus('Copied to the clipboard.');
    } catch {
      // No clipboard (an insecure origin, or permission refused): select it for the user to copy.
      input.current?.focus();
      input.current?.select();
      setStatus('Press Ctrl+C (⌘C) to copy the selected link.');
    }
  }
  return (
    <div className="share-url">
      <label className="field">
        <span>Anyone with this link can see the invoice</span>
        <input
          ref={input}
          type="text"
          readOnly
          value={url}
          onFocus={(e) => e.currentTarget.select()}
          data-testid="share-url"
        />
      </label>
      <button type="button" onClick={copy}>
        Copy
      </button>
      <p className="status-message" role="status">
        {status}
      </p>
    </div>
  );
}

const timeOf = (timestamp: string, zone: Timezone) =>
  toWallClock(fromApiTimestamp(timestamp), zone).slice(0, 16).replace('T', ' ');

function stateOf(link: InvoiceLink): 'Revoked' | 'Expired' | 'Active' {
  if (link.revoked) return 'Revoked';
  return fromApiTimestamp(link.expires_at).getTime() <= Date.now() ? 'Expired' : 'Active';
}

/** The user's links, with Revoke for the active ones. */
function InvoiceLinks({ zone }: { zone: Timezone }) {
  const links = useInvoiceLinks();
  const revoke = useRevokeInvoiceLink();
  return (
    <section className="invoice-links" aria-labelledby="invoice-links-heading">
      <h3 id="invoice-links-heading">Share links</h3>
      <ProblemMessage error={links.error ?? revoke.error} />
      {links.data && links.data.length === 0 && <p className="muted">No share links yet.</p>}
      {links.data && links.data.length > 0 && (
        <div className="table-wrap">
          <table className="entries-table">
            <thead>
              <tr>
                <th scope="col">Created</th>
                <th scope="col">Expires</th>
                <th scope="col">State</th>
                <th scope="col" className="num">
                  Entries
                </th>
                <th scope="col" className="num">
                  Hours
                </th>
                <th scope="col" className="num">
                  Total
                </th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {links.data.map((link) => {
                const state = stateOf(link);
                return (
                  <tr key={link.id} data-link-id={link.id}>
                    <td data-label="Created">{timeOf(link.created_at, zone)}</td>
                    <td data-label="Expires">{timeOf(link.expires_at, zone)}</td>
                    <td data-label="State">
                      <span className={`badge link-${state.toLowerCase()}`}>{state}</span>
                    </td>
                    <td data-label="Entries" className="num">
                      {link.entry_count}
                    </td>
                    <td data-label="Hours" className="num">
                      {formatHours(link.total_hours)}
                    </td>
                    <td data-label="Total" className="num">
                      {formatMoney(link.total_earned, link.currency)}
                    </td>
                    <td className="row-actions">
                      {state !== 'Revoked' && (
                        <button
                          type="button"
                          className="danger"
                          onClick={() => !revoke.isPending && revoke.mutate(link.id)}
                          aria-disabled={revoke.isPending}
                        >
                          Revoke
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
