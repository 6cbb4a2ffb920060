// The page's client and Idempotency-Key: a fresh key per user action on the
// POSTs that honour it, the same key for every retry of that action.
import { MutationObserver, QueryClient } from '@tanstack/react-query';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { timeEntries } from '@/db/schema';
import { ApiProblemError, createApiClient, newIdempotencyKey } from '@/lib/client/api';
import { timeTrackingMutations as mutations, retryingWrite, WRITE_ATTEMPTS } from '@/lib/client/queries';
import { newUserId, tokenFor } from './helpers/auth';
import { useTestDatabase } from './helpers/database';
import { makeEntry } from './helpers/factories';
import { routeFetch } from './helpers/route-fetch';

const database = useTestDatabase();

interface Seen {
  method: string;
  path: string;
  key: string | null;
  status: number;
  replayed: string | null;
}

/** A client on the real handlers that records each request's key; `lose` turns chosen answers into 503s after the server ran them. */
async function clientFor(userId: number, lose: (n: number) => boolean = () => false) {
  const token = await tokenFor(userId);
  const seen: Seen[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input as Request, init);
    const response = await routeFetch(request);
    seen.push({
      method: request.method,
      path: new URL(request.url).pathname.replace('/api/v1/time-tracking', ''),
      key: request.headers.get('idempotency-key'),
      status: response.status,
      replayed: response.headers.get('idempotent-replayed'),
    });
    if (!lose(seen.length)) return response;
    return Response.json(
      {
        type: 'about:blank',
        title: 'Service Unavailable',
        status: 503,
        detail: 'lost',
        code: 'database_unavailable',
      },
      { status: 503, headers: { 'content-type': 'application/problem+json' } },
    );
  };
  const api = createApiClient({ baseUrl: 'http://localhost', fetch, getToken: () => token });
  return { api, seen };
}

const ENTRY = { start_time: '2024-02-01T09:00:00Z', end_time: '2024-02-01T10:00:00Z' };

describe('Idempotency-Key in the page client', () => {
  it('sends a fresh key with each POST that honours it, and none with a PUT', async () => {
    const userId = newUserId();
    const { api, seen } = await clientFor(userId);
    const entry = await api.createEntry(ENTRY);
    await api.createEntry(ENTRY);
    await api.batchUpdatePaymentStatus({ entry_ids: [entry.id], payment_status: 'paid' });
    const running = await api.startSession();
    await api.stopSession(running.id);
    await api.updateEntry(entry.id, { notes: 'x' });
    const keys = seen.filter((s) => s.method === 'POST').map((s) => s.key);
    expect(keys).toHaveLength(5);
    for (const key of keys)
      expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(keys).size).toBe(5);
    expect(seen.find((s) => s.method === 'PUT')?.key).toBeNull();
    // Two creates, two entries: each call is its own action.
    expect(await database.db.select().from(timeEntries).where(eq(timeEntries.userId, userId))).toHaveLength(
      3,
    );
  });

  it('retries a create whose answer was lost with the same key, creating one entry', async () => {
    const userId = newUserId();
    const { api, seen } = await clientFor(userId, (n) => n === 1);
    const queryClient = new QueryClient();
    const observer = new MutationObserver(queryClient, mutations.createEntry(api, queryClient));
    const entry = await observer.mutate(ENTRY);
    expect(seen.map((s) => [s.status, s.replayed])).toEqual([
      [201, null],
      [201, 'true'],
    ]);
    expect(seen[1]!.key).toBe(seen[0]!.key);
    const rows = await database.db.select().from(timeEntries).where(eq(timeEntries.userId, userId));
    expect(rows.map((r) => r.id)).toEqual([entry.id]);
  });

  it('retries a batch update and a stop the same way', async () => {
    const userId = newUserId();
    const { id } = await makeEntry(database.db, userId);
    const { api, seen } = await clientFor(userId, (n) => n === 1 || n === 3);
    const queryClient = new QueryClient();
    await new MutationObserver(queryClient, mutations.batchUpdatePaymentStatus(api, queryClient)).mutate({
      entry_ids: [id],
      payment_status: 'paid',
    });
    const running = await makeEntry(database.db, userId, { endTime: null, date: '2024-02-02' });
    const stopped = await new MutationObserver(queryClient, mutations.stopSession(api, queryClient)).mutate({
      id: running.id,
    });
    expect(stopped.end_time).not.toBeNull();
    expect(seen.map((s) => s.replayed)).toEqual([null, 'true', null, 'true']);
    expect(seen[1]!.key).toBe(seen[0]!.key);
    expect(seen[3]!.key).toBe(seen[2]!.key);
    expect(seen[2]!.key).not.toBe(seen[0]!.key);
  });

  it('retryingWrite: same key each attempt, at most WRITE_ATTEMPTS, never for a 4xx', async () => {
    const noWait = async () => {};
    const keys: string[] = [];
    const unavailable = new ApiProblemError({ status: 503, code: 'database_unavailable', detail: 'down' });
    await expect(
      retryingWrite(async (key) => {
        keys.push(key);
        throw unavailable;
      }, noWait),
    ).rejects.toBe(unavailable);
    expect(keys).toHaveLength(WRITE_ATTEMPTS);
    expect(new Set(keys).size).toBe(1);

    let calls = 0;
    const invalid = new ApiProblemError({ status: 400, code: 'validation_failed', detail: 'bad' });
    await expect(
      retryingWrite(async () => {
        calls++;
        throw invalid;
      }, noWait),
    ).rejects.toBe(invalid);
    expect(calls).toBe(1);
    expect(newIdempotencyKey()).not.toBe(newIdempotencyKey());
  });
});
