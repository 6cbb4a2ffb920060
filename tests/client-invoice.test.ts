// The page's side of invoice links: the browser client's calls against the real
// handlers (routeFetch), the public read that never sends a token, and the
// grouping and totals the dialog and the public page show.
import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { ApiProblemError, createApiClient, getPublicInvoice, type TimeEntry } from '@/lib/client/api';
import { buildInvoice, hoursOfSeconds } from '@/lib/client/invoice';
import { timeTrackingKeys, timeTrackingMutations } from '@/lib/client/queries';
import { newUserId, tokenFor } from './helpers/auth';
import { useTestDatabase } from './helpers/database';
import { makeEntry, makeSettings } from './helpers/factories';
import { routeFetch } from './helpers/route-fetch';

const database = useTestDatabase();

async function clientFor(userId: number) {
  const token = await tokenFor(userId);
  return createApiClient({ baseUrl: 'http://localhost', fetch: routeFetch, getToken: () => token });
}

/** routeFetch, remembering the headers of every request. */
function recordingFetch() {
  const seen: Headers[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input instanceof Request ? input : new URL(String(input)), init);
    seen.push(new Headers(request.headers));
    return routeFetch(request);
  };
  return { seen, fetch };
}

const entry = (overrides: Partial<TimeEntry>): TimeEntry => ({
  id: 1,
  date: '2024-01-10',
  start_time: '2024-01-10T12:00:00',
  end_time: '2024-01-10T12:20:00',
  hourly_rate: 50,
  total_hours: 0.33,
  total_earned: 16.67,
  payment_status: 'not_paid',
  notes: null,
  created_at: '2024-01-10T12:20:00',
  updated_at: '2024-01-10T12:20:00',
  user_id: 7,
  ...overrides,
});

describe('buildInvoice', () => {
  it('groups completed entries by date, oldest first, with exact day and grand totals', () => {
    const invoice = buildInvoice([
      entry({
        id: 3,
        date: '2024-01-11',
        start_time: '2024-01-11T12:00:00',
        end_time: '2024-01-11T12:20:00',
      }),
      entry({ id: 2, start_time: '2024-01-10T14:00:00', end_time: '2024-01-10T14:20:00' }),
      entry({ id: 1 }),
      // A running timer is left out.
      entry({ id: 4, end_time: null, total_hours: null, total_earned: null }),
      // 0.1 + 0.2 in cents, not floats.
      entry({
        id: 5,
        date: '2024-01-12',
        start_time: '2024-01-12T09:00:00',
        end_time: '2024-01-12T09:00:07',
        total_earned: 0.1,
      }),
      entry({
        id: 6,
        date: '2024-01-12',
        start_time: '2024-01-12T10:00:00',
        end_time: '2024-01-12T10:00:14',
        total_earned: 0.2,
      }),
    ]);
    expect(invoice.days.map((d) => [d.date, d.entries.map((e) => e.id)])).toEqual([
      ['2024-01-10', [1, 2]],
      ['2024-01-11', [3]],
      ['2024-01-12', [5, 6]],
    ]);
    // Two 20-minute entries: 0.67 h (exact 40 minutes, rounded once), not 0.33 + 0.33.
    expect(invoice.days[0]).toMatchObject({ seconds: 2400, hours: 0.67, cents: 3334 });
    expect(invoice.days[2]).toMatchObject({ seconds: 21, hours: 0.01, cents: 30 });
    // Three 20-minute entries and 21 s: exactly 1 h 0 min 21 s → 1.01 h; 16.67 × 3 + 0.30 = 50.31.
    expect(invoice).toMatchObject({
      entryCount: 5,
      seconds: 3621,
      hours: 1.01,
      cents: 5031,
      firstDate: '2024-01-10',
      lastDate: '2024-01-12',
    });
  });

  it('rounds hours half-up once', () => {
    expect(hoursOfSeconds(18)).toBe(0.01); // 0.005 h
    expect(hoursOfSeconds(17)).toBe(0);
    expect(hoursOfSeconds(4800)).toBe(1.33);
    expect(hoursOfSeconds(5 * 3600 + 54)).toBe(5.02); // 5.015 h
    expect(buildInvoice([])).toMatchObject({ days: [], entryCount: 0, hours: 0, cents: 0, firstDate: null });
  });
});

describe('the browser client and invoice links', () => {
  it('creates, lists and revokes links; the mutations refresh the links list', async () => {
    const userId = newUserId();
    await makeSettings(database.db, userId, { currency: 'EUR', timezone: 'UTC-3' });
    await makeEntry(database.db, userId);
    const api = await clientFor(userId);
    const queryClient = new QueryClient();
    queryClient.setQueryData(timeTrackingKeys.invoiceLinks(), []);

    const created = await queryClient
      .getMutationCache()
      .build(queryClient, timeTrackingMutations.generateInvoiceLink(api, queryClient))
      .execute({ start_date: '2024-01-01', end_date: '2024-01-31' });
    expect(created).toMatchObject({ entry_count: 1, total_hours: 8, total_earned: 400, currency: 'EUR' });
    expect(queryClient.getQueryState(timeTrackingKeys.invoiceLinks())?.isInvalidated).toBe(true);

    const links = await api.listInvoiceLinks();
    expect(links.map((l) => l.id)).toEqual([created.id]);

    queryClient.setQueryData(timeTrackingKeys.invoiceLinks(), links);
    await queryClient
      .getMutationCache()
      .build(queryClient, timeTrackingMutations.revokeInvoiceLink(api, queryClient))
      .execute(created.id);
    expect(queryClient.getQueryState(timeTrackingKeys.invoiceLinks())?.isInvalidated).toBe(true);
    expect((await api.listInvoiceLinks())[0]!.revoked).toBe(true);

    const error = await api.generateInvoiceLink({ start_date: '2030-01-01' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiProblemError);
    expect((error as ApiProblemError).status).toBe(400);
  });

  it('reads a shared invoice without any Authorization header, and a bad link as a 401', async () => {
    const userId = newUserId();
    await makeSettings(database.db, userId, { currency: 'BRL', timezone: 'UTC-3' });
    await makeEntry(database.db, userId);
    const api = await clientFor(userId);
    const link = await api.generateInvoiceLink({ start_date: '2024-01-22', end_date: '2024-01-22' });
    const token = link.public_url.split('/').pop()!;

    const { seen, fetch } = recordingFetch();
    const shared = await getPublicInvoice(token, { baseUrl: 'http://localhost', fetch });
    expect(shared).toMatchObject({
      currency: 'BRL',
      timezone: 'UTC-3',
      startDate: '2024-01-22',
      endDate: '2024-01-22',
      expiresAt: link.expires_at,
    });
    expect(shared.entries.map((e) => e.total_earned)).toEqual([400]);

    const failure = await getPublicInvoice('tampered', { baseUrl: 'http://localhost', fetch }).catch(
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(ApiProblemError);
    expect(failure).toMatchObject({ status: 401, code: 'invoice_link_invalid' });

    expect(seen).toHaveLength(2);
    for (const headers of seen) {
      expect(headers.get('authorization')).toBeNull();
      expect(headers.get('cookie')).toBeNull();
    }
  });
});
