// Shareable invoice links (docs/API.md, "Invoice links"). A link freezes the
// selection of completed entries that matched its filters when it was made
// (invoice_link_entries) and shows those entries as they are now. Its token is
// 32 bytes from the CSPRNG, shown once (in `public_url`); only its sha256 is
// stored. Every bad token (unknown, malformed, expired, revoked) gets the same
// 401 after the same work: one hash and one indexed lookup (docs/SECURITY.md).
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNotNull, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type Database, rowsOf } from '@/db/client';
import { invoiceLinkEntries, invoiceLinks, timeEntries } from '@/db/schema';
import { env } from '@/lib/env';
import { AppError, notFound } from '@/lib/errors';
import { type PaymentStatus, PUBLIC_INVOICE_PAGE_PATH } from './constants';
import { dateRangeOf } from './entries';
import { preparedQuery } from './prepared-queries';
import { DEFAULT_INVOICE_LINK_DAYS, type generateInvoiceLinkSchema } from './schemas';
import { effectiveSettings, timezoneOf } from './settings';

export type GenerateInvoiceLinkInput = z.output<typeof generateInvoiceLinkSchema>;

/** Bytes of randomness in a token: 256 bits, 43 base64url characters. */
const TOKEN_BYTES = 32;
/** The owner's list shows at most this many links, newest first. */
export const MAX_LISTED_LINKS = 500;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/** The same answer for every token that does not open an invoice now. */
export const invalidInvoiceLink = () =>
  new AppError('invoice_link_invalid', 'This invoice link has expired or is invalid.', {
    // RFC 9110 asks a 401 for a challenge; this one names no scheme a client
    // could answer with a credential (the token is in the URL, not a header).
    headers: { 'WWW-Authenticate': 'InvoiceLink realm="public-invoice"' },
  });

/** Entry count, hours (exact seconds, rounded once) and earnings (sum of total_earned), as decimals. */
export interface LinkTotals {
  entryCount: number;
  hours: string;
  earned: string;
}

// The link's entries as they are now: completed (a reopened entry is left out
// until it is stopped again) and still the owner's; a deleted one is gone.
const LINKED_ENTRIES_TEXT = `invoice_link_entries le
  join time_entries e on e.id = le.entry_id and e.user_id = l.user_id and e.end_time is not null
  where le.link_id = l.id`;
const LINKED_ENTRIES = sql.raw(LINKED_ENTRIES_TEXT);
// The totals of link `l`, as columns of `t`.
const TOTALS = sql.raw(`cross join lateral (select count(e.id)::int as entry_count,
    round(coalesce(sum(extract(epoch from e.end_time - e.start_time)), 0) / 3600, 2)::text as hours,
    coalesce(sum(e.total_earned), 0)::text as earned
  from ${LINKED_ENTRIES_TEXT}) as t`);

// Timestamps read by hand-written SQL come as whole seconds since the epoch
// (text), the same from either driver; stored timestamps are whole seconds.
const EPOCH = (column: string) => sql.raw(`extract(epoch from ${column})::bigint::text`);
const fromEpoch = (seconds: string) => new Date(Number(seconds) * 1000);

export interface CreatedInvoiceLink extends LinkTotals {
  id: string;
  token: string;
  expiresAt: Date;
  currency: string;
}

/**
 * Creates a link for the user's completed entries matching the filters now, in
 * one transaction: the link row, its frozen selection (INSERT … SELECT) and the
 * totals. No entry matches: a 400, and nothing is kept.
 */
export async function createInvoiceLink(
  db: Database,
  userId: number,
  input: GenerateInvoiceLinkInput,
  now: Date = new Date(),
): Promise<CreatedInvoiceLink> {
  const settings = await effectiveSettings(db, userId);
  const { startDate, endDate } = dateRangeOf(input, timezoneOf(settings));
  const days = input.expires_in_days ?? DEFAULT_INVOICE_LINK_DAYS;
  const expiresAt = new Date(Math.floor(now.getTime() / 1000) * 1000 + days * 86_400_000);
  const token = randomBytes(TOKEN_BYTES).toString('base64url');
  const paymentStatus = input.payment_status ?? null;

  return db.transaction(async (tx) => {
    const [link] = await tx
      .insert(invoiceLinks)
      .values({
        userId,
        tokenHash: hashToken(token),
        startDate: startDate ?? null,
        endDate: endDate ?? null,
        paymentStatus,
        currency: settings.currency,
        timezone: settings.timezone,
        expiresAt,
      })
      .returning({ id: invoiceLinks.id });
    const matching = and(
      ...[
        eq(timeEntries.userId, userId),
        isNotNull(timeEntries.endTime),
        startDate && sql`${timeEntries.date} >= ${startDate}::date`,
        endDate && sql`${timeEntries.date} <= ${endDate}::date`,
        paymentStatus && eq(timeEntries.paymentStatus, paymentStatus),
      ].filter((f): f is SQL => Boolean(f)),
    );
    await tx.insert(invoiceLinkEntries).select(
      tx
        .select({ linkId: sql<string>`${link!.id}::uuid`.as('link_id'), entryId: timeEntries.id })
        .from(timeEntries)
        .where(matching),
    );
    const totals = await linkTotals(tx, link!.id);
    if (totals.entryCount === 0) {
      throw new AppError(
        'validation_failed',
        'There are no completed entries for these filters, so there is nothing to invoice: change the dates or the payment status.',
      );
    }
    return { id: link!.id, token, expiresAt, currency: settings.currency, ...totals };
  });
}

async function linkTotals(db: Database, linkId: string): Promise<LinkTotals> {
  const rows = await db.execute(sql`select t.* from invoice_links l ${TOTALS} where l.id = ${linkId}`);
  const row = rowsOf(rows)[0] as { entry_count: number; hours: string; earned: string };
  return { entryCount: Number(row.entry_count), hours: row.hours, earned: row.earned };
}

/**
 * Where the invoice is shown: `<PUBLIC_APP_URL>/public/invoice/<token>`, or on
 * `origin`, the one the creating request came to, when PUBLIC_APP_URL is unset.
 */
export function publicInvoiceUrl(token: string, origin: string): string {
  const base = (env().PUBLIC_APP_URL ?? origin).replace(/\/+$/, '');
  return `${base}${PUBLIC_INVOICE_PAGE_PATH}/${token}`;
}

export interface InvoiceLinkSummary extends LinkTotals {
  id: string;
  createdAt: Date;
  expiresAt: Date;
  revoked: boolean;
  startDate: string | null;
  endDate: string | null;
  paymentStatus: PaymentStatus | null;
  currency: string;
}

/** The user's links, newest first (at most MAX_LISTED_LINKS), with the totals of their entries now. */
export async function listInvoiceLinks(db: Database, userId: number): Promise<InvoiceLinkSummary[]> {
  const rows =
    await db.execute(sql`select l.id, ${EPOCH('l.created_at')} as created_at, ${EPOCH('l.expires_at')} as expires_at, l.revoked_at is not null as revoked,
      to_char(l.start_date, 'YYYY-MM-DD') as start_date, to_char(l.end_date, 'YYYY-MM-DD') as end_date,
      l.payment_status, l.currency, t.*
    from (select * from invoice_links where user_id = ${userId}
          order by created_at desc, id limit ${MAX_LISTED_LINKS}) as l
    ${TOTALS}
    order by l.created_at desc, l.id`);
  return (
    rowsOf(rows) as {
      id: string;
      created_at: string;
      expires_at: string;
      revoked: boolean;
      start_date: string | null;
      end_date: string | null;
      payment_status: PaymentStatus | null;
      currency: string;
      entry_count: number;
      hours: string;
      earned: string;
    }[]
  ).map((row) => ({
    id: row.id,
    createdAt: fromEpoch(row.created_at),
    expiresAt: fromEpoch(row.expires_at),
    revoked: Boolean(row.revoked),
    startDate: row.start_date,
    endDate: row.end_date,
    paymentStatus: row.payment_status,
    currency: row.currency,
    entryCount: Number(row.entry_count),
    hours: row.hours,
    earned: row.earned,
  }));
}

/**
 * Revokes one of the user's links: from then on its token is a 401. Revoking
 * a revoked link again changes nothing and succeeds (the first revocation time
 * is kept). Unknown, malformed or another user's id: 404.
 */
export async function revokeInvoiceLink(db: Database, userId: number, id: string, now: Date = new Date()) {
  if (!UUID.test(id)) throw notFound(`Invoice link ${id}`);
  const revokedAt = new Date(Math.floor(now.getTime() / 1000) * 1000);
  const [row] = await db
    .update(invoiceLinks)
    .set({ revokedAt: sql`coalesce(${invoiceLinks.revokedAt}, ${revokedAt.toISOString()}::timestamptz)` })
    .where(and(eq(invoiceLinks.userId, userId), eq(invoiceLinks.id, id)))
    .returning({ id: invoiceLinks.id });
  if (!row) throw notFound(`Invoice link ${id}`);
}

export interface PublicInvoice {
  /** The entries as a JSON array, written by Postgres (time_entry_json()). */
  json: string;
  currency: string;
  timezone: string;
  startDate: string | null;
  endDate: string | null;
  expiresAt: Date;
}

/**
 * The invoice behind a token, at `now` (the caller's clock: `new Date()` by
 * default, so tests fix it with vi.setSystemTime). Whatever the token looks
 * like, it is hashed and looked up once by the unique index, with expiry and
 * revocation checked in the same statement: no early answer for a malformed
 * one. Entries in chronological order (date, start_time, id), as an invoice reads.
 */
export async function readPublicInvoice(db: Database, token: string, now: Date = new Date()) {
  const query = preparedQuery(db, 'read_public_invoice', () =>
    db
      .select({
        json: sql<string>`(select '[' || coalesce(string_agg(time_entry_json(e), ',' order by e.date, e.start_time, e.id), '') || ']'
          from ${LINKED_ENTRIES})`,
        currency: sql<string>`l.currency`,
        timezone: sql<string>`l.timezone`,
        startDate: sql<string | null>`to_char(l.start_date, 'YYYY-MM-DD')`,
        endDate: sql<string | null>`to_char(l.end_date, 'YYYY-MM-DD')`,
        expiresAt: sql<string>`${EPOCH('l.expires_at')}`,
      })
      .from(sql`invoice_links as l`)
      .where(
        sql`l.token_hash = ${sql.placeholder('hash')} and l.revoked_at is null and l.expires_at > ${sql.placeholder('now')}::timestamptz`,
      )
      .prepare('read_public_invoice'),
  );
  const [row] = await query.execute({ hash: hashToken(token), now: now.toISOString() });
  if (!row) throw invalidInvoiceLink();
  return { ...row, expiresAt: fromEpoch(row.expiresAt) } satisfies PublicInvoice;
}
