// Invoice links (issue 13, section 1): creating one freezes the selection of
// completed entries; the public endpoint shows them as they are now, to anyone
// with the token and without Authorization; every bad token gets the same 401.
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GET as publicInvoice } from '@/app/api/v1/public/invoice/[token]/route';
import { POST as batchUpdate } from '@/app/api/v1/time-tracking/batch-update-payment-status/route';
import {
  DELETE as deleteEntry,
  PUT as updateEntry,
} from '@/app/api/v1/time-tracking/entries/[entry_id]/route';
import { GET as listEntries } from '@/app/api/v1/time-tracking/entries/route';
import { POST as generate } from '@/app/api/v1/time-tracking/generate-invoice-link/route';
import { DELETE as revoke } from '@/app/api/v1/time-tracking/invoice-links/[link_id]/route';
import { GET as listLinks } from '@/app/api/v1/time-tracking/invoice-links/route';
import { invoiceLinkEntries, invoiceLinks, timeEntries } from '@/db/schema';
import { hashToken } from '@/lib/time-tracking/invoices';
import {
  invoiceLinkCreatedSchema,
  invoiceLinkSchema,
  problemSchema,
  timeEntrySchema,
} from '@/lib/time-tracking/schemas';
import { newUserId, tokenFor } from './helpers/auth';
import { useTestDatabase } from './helpers/database';
import { makeEntry, makeSettings } from './helpers/factories';
import { type CallOptions, call } from './helpers/http';

const database = useTestDatabase();

afterEach(() => {
  vi.useRealTimers();
});

const tokenOf = (publicUrl: string) => publicUrl.split('/').pop()!;

/** A user (UTC-3, EUR) with three 20-minute entries at 50/h in January, and entries the filters leave out. */
async function contractor() {
  const userId = newUserId();
  await makeSettings(database.db, userId, { currency: 'EUR', timezone: 'UTC-3' });
  const at = (day: string, hour: number) =>
    new Date(`2024-01-${day}T${String(hour).padStart(2, '0')}:00:00Z`);
  const twenty = (day: string, hour: number, extra = {}) =>
    makeEntry(database.db, userId, {
      date: `2024-01-${day}`,
      startTime: at(day, hour),
      endTime: new Date(at(day, hour).getTime() + 20 * 60_000),
      ...extra,
    });
  const entries = [await twenty('10', 12), await twenty('10', 14), await twenty('11', 12)];
  // Left out: another month, another status, and the running timer (in range, not_paid).
  await twenty('02', 12, { date: '2024-02-02', startTime: at('02', 12), endTime: at('02', 13) });
  await twenty('12', 12, { paymentStatus: 'paid' });
  await makeEntry(database.db, userId, { date: '2024-01-15', startTime: at('15', 12), endTime: null });
  return { userId, entries };
}

const JANUARY = { start_date: '2024-01-01', end_date: '2024-01-31', payment_status: 'not_paid' };

async function createLink(userId: number, body: unknown = JANUARY, options: CallOptions = {}) {
  const res = await call(generate, 'POST', { userId, body, path: 'generate-invoice-link', ...options });
  return res;
}

const openInvoice = (token: string, options: CallOptions = {}) =>
  call(publicInvoice, 'GET', { token: null, params: { token }, ...options });

describe('POST /generate-invoice-link', () => {
  it('answers 201 with the link, its exact totals and a public URL on the request origin', async () => {
    const { userId } = await contractor();
    const before = Date.now();
    const res = await createLink(userId);
    expect(res.status).toBe(201);
    const body = invoiceLinkCreatedSchema.strict().parse(res.body);
    expect(body.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // 256 random bits, base64url, on the origin the request came to.
    expect(body.public_url).toMatch(/^http:\/\/localhost\/public\/invoice\/[A-Za-z0-9_-]{43}$/);
    // Three entries of 20 minutes: 0.33 h each when rounded, but exactly 1 h together;
    // earnings are the sum of the entries' own 16.67.
    expect(body).toMatchObject({ entry_count: 3, total_hours: 1, total_earned: 50.01, currency: 'EUR' });
    const expires = Date.parse(`${body.expires_at}Z`);
    expect(expires).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 30 * 86_400_000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 30 * 86_400_000);
    expect(res.headers.get('cache-control')).toBe('no-store');

    // Only the hash is stored.
    const [row] = await database.db.select().from(invoiceLinks).where(sql`${invoiceLinks.id} = ${body.id}`);
    expect(row!.tokenHash).toBe(hashToken(tokenOf(body.public_url)));
    expect(JSON.stringify(row)).not.toContain(tokenOf(body.public_url));
    expect(row).toMatchObject({ currency: 'EUR', timezone: 'UTC-3', paymentStatus: 'not_paid' });
  });

  it('takes an empty body as {} (every completed entry, 30 days) and expires_in_days from 1 to 365', async () => {
    const { userId } = await contractor();
    const all = await createLink(userId, '');
    expect(all.status).toBe(201);
    // Every completed entry: the three, February's and the paid one; never the running timer.
    expect(all.body).toMatchObject({ entry_count: 5, total_hours: 2.33 });
    for (const days of [1, 365]) {
      const res = await createLink(userId, { expires_in_days: days, start_date: null, payment_status: null });
      expect(res.status, String(days)).toBe(201);
      const lifetime = Date.parse(`${res.body.expires_at}Z`) - Date.now();
      expect(lifetime).toBeGreaterThan(days * 86_400_000 - 60_000);
      expect(lifetime).toBeLessThanOrEqual(days * 86_400_000);
    }
  });

  it('reads a date-time filter as its local date in the user timezone, as the list does', async () => {
    const { userId } = await contractor();
    // 2024-01-11T01:00Z is still 2024-01-10 in UTC-3: only the 10th's two entries.
    const res = await createLink(userId, {
      start_date: '2024-01-10',
      end_date: '2024-01-11T01:00:00Z',
      payment_status: 'not_paid',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ entry_count: 2, total_hours: 0.67, total_earned: 33.34 });
  });

  it('ignores unknown and read-only fields', async () => {
    const { userId } = await contractor();
    const res = await createLink(userId, {
      ...JANUARY,
      id: 'x',
      user_id: 1,
      public_url: 'https://evil.test',
    });
    expect(res.status).toBe(201);
    expect(res.body.public_url).toMatch(/^http:\/\/localhost\//);
  });

  it('answers 400 for bad filters and lifetimes, and keeps nothing', async () => {
    const { userId } = await contractor();
    const cases: [unknown, string][] = [
      [{ start_date: '2024-13-01' }, 'start_date'],
      [{ end_date: 'yesterday' }, 'end_date'],
      [{ start_date: '2024-02-01', end_date: '2024-01-01' }, 'start_date'],
      [{ payment_status: 'unpaid' }, 'payment_status'],
      [{ expires_in_days: 0 }, 'expires_in_days'],
      [{ expires_in_days: 366 }, 'expires_in_days'],
      [{ expires_in_days: 1.5 }, 'expires_in_days'],
      [{ expires_in_days: '30' }, 'expires_in_days'],
    ];
    for (const [body, path] of cases) {
      const res = await createLink(userId, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const problem = problemSchema.parse(res.body);
      expect(problem.code).toBe('validation_failed');
      expect(problem.errors?.map((e) => e.path)).toEqual([path]);
    }
    const notJson = await createLink(userId, '{"start_date":');
    expect(notJson.status).toBe(400);
    expect(notJson.body.code).toBe('invalid_json');
    const rows = await database.db.select().from(invoiceLinks).where(sql`${invoiceLinks.userId} = ${userId}`);
    expect(rows).toEqual([]);
  });

  it('answers 400 with a clear detail when no completed entry matches, and keeps no link', async () => {
    const { userId } = await contractor();
    const res = await createLink(userId, { start_date: '2023-01-01', end_date: '2023-12-31' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.detail).toBe(
      'There are no completed entries for these filters, so there is nothing to invoice: change the dates or the payment status.',
    );
    expect(res.body.errors).toBeUndefined();
    // Only a running timer in the range is nothing to invoice too.
    const running = await createLink(userId, { start_date: '2024-01-15', end_date: '2024-01-15' });
    expect(running.status).toBe(400);
    const stored = await database.db
      .select()
      .from(invoiceLinks)
      .where(sql`${invoiceLinks.userId} = ${userId}`);
    expect(stored).toEqual([]);
    const selections = await database.db.select().from(invoiceLinkEntries);
    expect(selections.every((s) => typeof s.entryId === 'number')).toBe(true);
  });

  it('answers 401 without a token or with a bad one', async () => {
    for (const token of [null, 'not-a-jwt']) {
      const res = await call(generate, 'POST', { token, body: JANUARY });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('unauthorized');
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
  });

  it('honours Idempotency-Key: the replay is the same answer (the same link and URL), and one link is made', async () => {
    const { userId } = await contractor();
    const headers = { 'Idempotency-Key': 'invoice-1' };
    const first = await createLink(userId, JANUARY, { headers });
    const again = await createLink(userId, JANUARY, { headers });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.text).toBe(first.text);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const list = await call(listLinks, 'GET', { userId });
    expect(list.body).toHaveLength(1);
    const other = await createLink(userId, { ...JANUARY, expires_in_days: 2 }, { headers });
    expect(other.status).toBe(422);
  });
});

describe('GET /api/v1/public/invoice/{token}', () => {
  it('shows the frozen selection, oldest first, as GET /entries shows the entries, with the headers the page needs', async () => {
    const { userId, entries } = await contractor();
    const link = await createLink(userId);
    const res = await openInvoice(tokenOf(link.body.public_url));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('x-invoice-currency')).toBe('EUR');
    expect(res.headers.get('x-invoice-timezone')).toBe('UTC-3');
    expect(res.headers.get('x-invoice-start-date')).toBe('2024-01-01');
    expect(res.headers.get('x-invoice-end-date')).toBe('2024-01-31');
    expect(res.headers.get('x-invoice-expires-at')).toBe(link.body.expires_at);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const shown = res.body.map((e: unknown) => timeEntrySchema.strict().parse(e));
    expect(shown.map((e: { id: number }) => e.id)).toEqual(entries.map((e) => e.id));

    const list = await call(listEntries, 'GET', { userId, query: 'limit=1000' });
    const byId = new Map(list.body.map((e: { id: number }) => [e.id, e]));
    for (const entry of shown) expect(entry).toEqual(byId.get(entry.id));
  });

  it('has no period headers for a link without dates', async () => {
    const { userId } = await contractor();
    const link = await createLink(userId, {});
    const res = await openInvoice(tokenOf(link.body.public_url));
    expect(res.status).toBe(200);
    expect(res.headers.get('x-invoice-start-date')).toBeNull();
    expect(res.headers.get('x-invoice-end-date')).toBeNull();
    expect(res.body).toHaveLength(5);
  });

  it('shows the entries as they are now: corrected, deleted, paid, reopened; never a later one', async () => {
    const { userId, entries } = await contractor();
    const link = await createLink(userId);
    const token = tokenOf(link.body.public_url);
    const [first, second, third] = entries as [(typeof entries)[0], (typeof entries)[0], (typeof entries)[0]];

    const corrected = await call(updateEntry, 'PUT', {
      userId,
      params: { entry_id: String(first.id) },
      body: { end_time: '2024-01-10T13:00:00Z' },
    });
    expect(corrected.status).toBe(200);
    expect(
      (await call(deleteEntry, 'DELETE', { userId, params: { entry_id: String(second.id) } })).status,
    ).toBe(204);
    const paid = await call(batchUpdate, 'POST', {
      userId,
      body: { entry_ids: [third.id], payment_status: 'paid' },
    });
    expect(paid.status).toBe(200);
    // A new entry that matches the filters is not part of the frozen selection.
    await makeEntry(database.db, userId, {
      date: '2024-01-20',
      startTime: new Date('2024-01-20T12:00:00Z'),
      endTime: new Date('2024-01-20T13:00:00Z'),
    });

    let res = await openInvoice(token);
    expect(res.status).toBe(200);
    expect(res.body.map((e: { id: number }) => e.id)).toEqual([first.id, third.id]);
    expect(res.body[0]).toMatchObject({ end_time: '2024-01-10T13:00:00', total_hours: 1, total_earned: 50 });
    expect(res.body[1]).toMatchObject({ payment_status: 'paid' });

    // The owner's list counts them as they are now too.
    const list = await call(listLinks, 'GET', { userId });
    expect(list.body[0]).toMatchObject({ entry_count: 2, total_hours: 1.33, total_earned: 66.67 });

    // Reopened as a running timer (once the other timer is gone): left out while it runs.
    await database.db
      .delete(timeEntries)
      .where(sql`${timeEntries.userId} = ${userId} and ${timeEntries.endTime} is null`);
    const reopened = await call(updateEntry, 'PUT', {
      userId,
      params: { entry_id: String(third.id) },
      body: { end_time: null },
    });
    expect(reopened.status).toBe(200);
    res = await openInvoice(token);
    expect(res.body.map((e: { id: number }) => e.id)).toEqual([first.id]);
  });

  it('needs no Authorization and ignores one: another user or a garbage token sees the same invoice', async () => {
    const { userId } = await contractor();
    const link = await createLink(userId);
    const token = tokenOf(link.body.public_url);
    const plain = await openInvoice(token);
    const other = await openInvoice(token, { token: await tokenFor(newUserId()) });
    const garbage = await openInvoice(token, { token: 'garbage' });
    expect(other.status).toBe(200);
    expect(garbage.status).toBe(200);
    expect(other.text).toBe(plain.text);
    expect(garbage.text).toBe(plain.text);
    expect(plain.body.every((e: { user_id: number }) => e.user_id === userId)).toBe(true);
  });

  it('answers every bad token with the same 401: unknown, malformed, tampered, expired, revoked', async () => {
    const { userId } = await contractor();
    const link = await createLink(userId, { ...JANUARY, expires_in_days: 1 });
    const token = tokenOf(link.body.public_url);
    const flipped = token.slice(0, 10) + (token[10] === 'A' ? 'B' : 'A') + token.slice(11);
    const answers = new Map<string, Awaited<ReturnType<typeof openInvoice>>>();
    answers.set('unknown', await openInvoice('q2xv1T0rj8cUu0b2jRk3bq0pWcK5wJ7mH1Ykq8yKq6E'));
    answers.set('short', await openInvoice('abc'));
    answers.set('long', await openInvoice('a'.repeat(1000)));
    answers.set('not base64url', await openInvoice('%%%/+== ünïcödé'));
    answers.set('empty', await openInvoice(''));
    answers.set('tampered', await openInvoice(flipped));

    // Expiry against the clock: valid a second before expires_at, 401 from it on.
    const expiresAt = Date.parse(`${link.body.expires_at}Z`);
    vi.setSystemTime(expiresAt - 1000);
    expect((await openInvoice(token)).status).toBe(200);
    vi.setSystemTime(expiresAt);
    answers.set('expired', await openInvoice(token));
    vi.setSystemTime(expiresAt + 86_400_000);
    answers.set('long expired', await openInvoice(token));
    vi.useRealTimers();
    expect((await openInvoice(token)).status).toBe(200);

    expect((await call(revoke, 'DELETE', { userId, params: { link_id: link.body.id } })).status).toBe(204);
    answers.set('revoked', await openInvoice(token));

    const shapes = [...answers].map(([name, res]) => {
      expect(res.status, name).toBe(401);
      const { request_id, ...rest } = problemSchema.strict().parse(res.body);
      expect(request_id).toBeTruthy();
      return {
        body: rest,
        type: res.headers.get('content-type'),
        challenge: res.headers.get('www-authenticate'),
        cache: res.headers.get('cache-control'),
      };
    });
    expect(shapes[0]).toEqual({
      body: {
        type: 'about:blank',
        title: 'Unauthorized',
        status: 401,
        code: 'invoice_link_invalid',
        detail: 'This invoice link has expired or is invalid.',
      },
      type: 'application/problem+json',
      challenge: 'InvoiceLink realm="public-invoice"',
      cache: 'no-store',
    });
    for (const shape of shapes) expect(shape).toEqual(shapes[0]);
  });
});

describe('GET /invoice-links', () => {
  it("lists the user's links newest first, with filters and totals, never a token or hash", async () => {
    const { userId } = await contractor();
    const older = await createLink(userId, {});
    const newer = await createLink(userId, { ...JANUARY, expires_in_days: 7 });
    // Another user's link is not listed.
    await createLink((await contractor()).userId);
    expect((await call(revoke, 'DELETE', { userId, params: { link_id: older.body.id } })).status).toBe(204);

    const res = await call(listLinks, 'GET', { userId, query: '_t=1' });
    expect(res.status).toBe(200);
    const links = res.body.map((l: unknown) => invoiceLinkSchema.strict().parse(l));
    expect(links.map((l: { id: string }) => l.id).sort()).toEqual([older.body.id, newer.body.id].sort());
    const byId = new Map(links.map((l: { id: string }) => [l.id, l]));
    expect(byId.get(newer.body.id)).toMatchObject({
      revoked: false,
      expires_at: newer.body.expires_at,
      filters: JANUARY,
      entry_count: 3,
      total_hours: 1,
      total_earned: 50.01,
      currency: 'EUR',
    });
    expect(byId.get(older.body.id)).toMatchObject({
      revoked: true,
      filters: { start_date: null, end_date: null, payment_status: null },
      entry_count: 5,
    });
    for (const created of [older, newer]) {
      const token = tokenOf(created.body.public_url);
      expect(res.text).not.toContain(token);
      expect(res.text).not.toContain(hashToken(token));
    }
    expect(res.text).not.toContain('token');
  });

  it('is an empty array for a user without links, and 401 without a token', async () => {
    expect((await call(listLinks, 'GET', { userId: newUserId() })).body).toEqual([]);
    const res = await call(listLinks, 'GET', { token: null });
    expect(res.status).toBe(401);
    expect((await call(listLinks, 'GET', { token: 'x.y.z' })).status).toBe(401);
  });
});

describe('DELETE /invoice-links/{link_id}', () => {
  it('revokes with 204, again with 204, and keeps the first revocation time', async () => {
    const { userId } = await contractor();
    const link = await createLink(userId);
    const first = await call(revoke, 'DELETE', { userId, params: { link_id: link.body.id } });
    expect(first.status).toBe(204);
    expect(first.text).toBe('');
    const [row] = await database.db
      .select()
      .from(invoiceLinks)
      .where(sql`${invoiceLinks.id} = ${link.body.id}`);
    const again = await call(revoke, 'DELETE', { userId, params: { link_id: link.body.id } });
    expect(again.status).toBe(204);
    const [after] = await database.db
      .select()
      .from(invoiceLinks)
      .where(sql`${invoiceLinks.id} = ${link.body.id}`);
    expect(after!.revokedAt).toEqual(row!.revokedAt);
  });

  it("answers 404 for another user's link (which stays valid), an unknown id and a malformed one", async () => {
    const { userId } = await contractor();
    const link = await createLink(userId);
    const stranger = newUserId();
    for (const id of [link.body.id, '00000000-0000-4000-8000-000000000000', '1', 'not-a-uuid', "'; drop"]) {
      const res = await call(revoke, 'DELETE', { userId: stranger, params: { link_id: id } });
      expect(res.status, id).toBe(404);
      expect(res.body.code).toBe('not_found');
    }
    expect((await openInvoice(tokenOf(link.body.public_url))).status).toBe(200);
  });

  it('answers 401 without a token', async () => {
    const res = await call(revoke, 'DELETE', { token: null, params: { link_id: 'x' } });
    expect(res.status).toBe(401);
  });
});
