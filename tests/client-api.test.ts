import { describe, expect, it, vi } from 'vitest';
import { ApiProblemError, createApiClient } from '@/lib/client/api';
import { timeEntrySchema } from '@/lib/time-tracking/schemas';
import { newUserId, tokenFor } from './helpers/auth';
import { useTestDatabase } from './helpers/database';
import { makeEntry } from './helpers/factories';
import { routeFetch } from './helpers/route-fetch';

const database = useTestDatabase();

async function clientFor(userId: number, onUnauthorized?: (e: ApiProblemError) => void) {
  const token = await tokenFor(userId);
  return createApiClient({
    baseUrl: 'http://localhost',
    fetch: routeFetch,
    getToken: () => token,
    onUnauthorized,
  });
}

async function problemOf(promise: Promise<unknown>): Promise<ApiProblemError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiProblemError);
  return error as ApiProblemError;
}

describe('the browser API client', () => {
  it("reads from X-Settings-Saved whether the user's settings are only the defaults", async () => {
    const api = await clientFor(newUserId());
    expect(await api.getSettingsState()).toEqual({
      default_hourly_rate: 50,
      currency: 'USD',
      timezone: 'UTC',
      saved: false,
    });
    await api.updateSettings({ timezone: 'America/Sao_Paulo' });
    expect(await api.getSettingsState()).toMatchObject({ timezone: 'America/Sao_Paulo', saved: true });
  });

  it('lists a page of entries with the total from X-Total-Count and the filters applied', async () => {
    const userId = newUserId();
    for (const day of ['2024-01-20', '2024-01-21', '2024-01-22']) {
      await makeEntry(database.db, userId, {
        date: day,
        startTime: new Date(`${day}T09:00:00Z`),
        endTime: new Date(`${day}T10:00:00Z`),
      });
    }
    await makeEntry(database.db, userId, { paymentStatus: 'paid' });
    const api = await clientFor(userId);

    const page = await api.listEntries({ limit: 2, skip: 1 });
    expect(page.total).toBe(4);
    expect(page.entries.map((e) => e.date)).toEqual(['2024-01-22', '2024-01-21']);

    const filtered = await api.listEntries({
      start_date: '2024-01-21',
      end_date: '2024-01-22',
      payment_status: 'not_paid',
    });
    expect(filtered.total).toBe(2);
    expect(filtered.entries.every((e) => timeEntrySchema.parse(e).payment_status === 'not_paid')).toBe(true);
  });

  it('sends explicit UTC instants and reads entries back', async () => {
    const api = await clientFor(newUserId());
    const created = await api.createEntry({
      start_time: '2024-03-05T12:15:00Z',
      end_time: '2024-03-05T20:45:00Z',
      hourly_rate: 40,
      notes: 'workshop',
    });
    expect(created).toMatchObject({ start_time: '2024-03-05T12:15:00', total_hours: 8.5, total_earned: 340 });
    expect(await api.getEntry(created.id)).toEqual(created);
    const updated = await api.updateEntry(created.id, { end_time: '2024-03-05T21:00:00Z' });
    expect(updated.total_earned).toBe(350);
    await expect(api.deleteEntry(created.id)).resolves.toBeUndefined();
    const gone = await problemOf(api.getEntry(created.id));
    expect(gone).toMatchObject({ status: 404, code: 'not_found' });
    expect(gone.detail).toMatch(/not found/i);
  });

  it('runs the timer: start, active, stop, and a second start carries the running entry', async () => {
    const api = await clientFor(newUserId());
    expect(await api.getActiveSession()).toBeNull();
    const started = await api.startSession({ notes: 'timer' });
    expect(started.end_time).toBeNull();
    expect(await api.getActiveSession()).toEqual(started);

    const conflict = await problemOf(api.startSession());
    expect(conflict.status).toBe(409);
    expect(conflict.code).toBe('conflict');
    expect(conflict.activeEntry?.id).toBe(started.id);

    const stopped = await api.stopSession(started.id);
    expect(stopped.end_time).not.toBeNull();
    expect(await api.getActiveSession()).toBeNull();
  });

  it('reads stats, settings and batch results', async () => {
    const userId = newUserId();
    const a = await makeEntry(database.db, userId);
    const b = await makeEntry(database.db, userId);
    const api = await clientFor(userId);
    expect(await api.updateSettings({ currency: 'eur', timezone: 'UTC-3' })).toEqual({
      default_hourly_rate: 50,
      currency: 'EUR',
      timezone: 'UTC-3',
    });
    expect((await api.getSettings()).currency).toBe('EUR');
    const result = await api.batchUpdatePaymentStatus({ entry_ids: [a.id, b.id], payment_status: 'paid' });
    expect(result.updated_count).toBe(2);
    const stats = await api.getStats({ period: 'day', timezone: 'UTC' });
    expect(stats.paid_amount).toBe(0); // the entries are from 2024-01-22, not today
    expect((await api.getStats()).paid_amount).toBe(800);
  });

  it('turns a validation problem into a typed error with the field errors', async () => {
    const api = await clientFor(newUserId());
    const error = await problemOf(
      api.createEntry({ start_time: '2024-01-22T10:00:00Z', end_time: '2024-01-22T09:00:00Z' }),
    );
    expect(error.status).toBe(400);
    expect(error.code).toBe('validation_failed');
    expect(error.detail).toBe('Invalid end_time: must be after start_time');
    expect(error.fieldError('end_time')).toBe('must be after start_time');
    expect(error.errors).toEqual([{ path: 'end_time', message: 'must be after start_time' }]);
  });

  it('reports a 401 to onUnauthorized and never sends a header without a token', async () => {
    const onUnauthorized = vi.fn();
    const api = createApiClient({
      baseUrl: 'http://localhost',
      fetch: routeFetch,
      getToken: () => null,
      onUnauthorized,
    });
    const error = await problemOf(api.getSettings());
    expect(error.status).toBe(401);
    expect(error.code).toBe('unauthorized');
    expect(onUnauthorized).toHaveBeenCalledWith(error);

    const bad = createApiClient({
      baseUrl: 'http://localhost',
      fetch: routeFetch,
      getToken: () => 'not-a-jwt',
    });
    expect((await problemOf(bad.getStats())).detail).toMatch(/not a valid JWT/);
  });

  it('reports a response that is not problem+json, and an unreachable server, in words', async () => {
    const api = await clientFor(newUserId());
    const html = createApiClient({
      baseUrl: 'http://localhost',
      getToken: () => 'x',
      fetch: async () => new Response('<h1>Bad gateway</h1>', { status: 502, statusText: 'Bad Gateway' }),
    });
    expect(await problemOf(html.getSettings())).toMatchObject({
      status: 502,
      code: 'http_error',
      detail: 'The server answered 502 Bad Gateway',
    });
    const offline = createApiClient({
      // openapi-fetch builds a Request first, which needs an absolute URL outside a browser.
      baseUrl: 'http://localhost',
      getToken: () => 'x',
      fetch: async () => {
        throw new TypeError('fetch failed');
      },
    });
    expect(await problemOf(offline.getActiveSession())).toMatchObject({ status: 0, code: 'network_error' });
    // And the normal client still works.
    expect((await api.getSettings()).currency).toBe('USD');
  });

  it('sends the bearer token only when there is one, and keeps the request id of a problem', async () => {
    const seen: (string | null)[] = [];
    const unavailable: typeof fetch = async (input) => {
      seen.push(new Request(input).headers.get('authorization'));
      return Response.json(
        {
          type: 'about:blank',
          title: 'Service Unavailable',
          status: 503,
          detail: 'The database is unavailable.',
          code: 'database_unavailable',
          request_id: 'req-42',
        },
        { status: 503, headers: { 'content-type': 'application/problem+json' } },
      );
    };
    const client = (token: string | null) =>
      createApiClient({ baseUrl: 'http://localhost', getToken: async () => token, fetch: unavailable });

    const problem = await problemOf(client('t0ken').getSettings());
    await problemOf(client(null).getSettings());
    expect(seen).toEqual(['Bearer t0ken', null]);
    expect(problem).toMatchObject({
      status: 503,
      code: 'database_unavailable',
      detail: 'The database is unavailable.',
      requestId: 'req-42',
    });
  });
});
