import { MutationObserver, QueryClient, type QueryKey } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { type ApiClient, ApiProblemError, createApiClient } from '@/lib/client/api';
import {
  timeTrackingKeys as keys,
  timeTrackingMutations as mutations,
  timeTrackingQueries as queries,
  shouldRetry,
} from '@/lib/client/queries';
import type { TimeEntry } from '@/lib/time-tracking/schemas';
import { newUserId, tokenFor } from './helpers/auth';
import { useTestDatabase } from './helpers/database';
import { makeEntry } from './helpers/factories';
import { routeFetch } from './helpers/route-fetch';

const database = useTestDatabase();

interface World {
  api: ApiClient;
  queryClient: QueryClient;
  /** Names of the cached queries that a mutation marked stale. */
  invalidated: () => string[];
  userId: number;
}

/**
 * A user with two entries and a query client holding every kind of query:
 * two entry lists, one entry, the active session, stats, settings and the
 * deleted entries ("Recently deleted").
 */
async function world(
  options: { running?: boolean } = {},
): Promise<World & { first: TimeEntry; second: TimeEntry }> {
  const userId = newUserId();
  await makeEntry(database.db, userId);
  await makeEntry(database.db, userId, {
    date: '2024-01-23',
    startTime: new Date('2024-01-23T09:00:00Z'),
    endTime: new Date('2024-01-23T10:00:00Z'),
  });
  const token = await tokenFor(userId);
  const api = createApiClient({ baseUrl: 'http://localhost', fetch: routeFetch, getToken: () => token });
  if (options.running) await api.startSession({ notes: 'running' });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  const list = await queryClient.fetchQuery(queries.entries(api, {}));
  await queryClient.fetchQuery(queries.entries(api, { payment_status: 'paid' }));
  const [first, second] = list.entries.filter((e) => e.end_time !== null) as [TimeEntry, TimeEntry];
  await queryClient.fetchQuery(queries.entry(api, first.id));
  await queryClient.fetchQuery(queries.entry(api, second.id));
  await queryClient.fetchQuery(queries.active(api));
  await queryClient.fetchQuery(queries.stats(api));
  await queryClient.fetchQuery(queries.settings(api));
  await queryClient.fetchQuery(queries.deletedEntries(api, { limit: 51 }));
  const names: [string, QueryKey][] = [
    ['lists', keys.entryList({})],
    ['lists', keys.entryList({ payment_status: 'paid' })],
    [`entry ${first.id}`, keys.entry(first.id)],
    [`entry ${second.id}`, keys.entry(second.id)],
    ['active', keys.active()],
    ['stats', keys.statsFor({})],
    ['settings', keys.settings()],
    ['deleted', keys.deletedEntryList({ limit: 51 })],
  ];
  const invalidated = () => [
    ...new Set(
      names.filter(([, key]) => queryClient.getQueryState(key)?.isInvalidated).map(([name]) => name),
    ),
  ];
  expect(invalidated()).toEqual([]);
  return { api, queryClient, invalidated, userId, first, second };
}

function run<TData, TVariables>(
  queryClient: QueryClient,
  // biome-ignore lint/suspicious/noExplicitAny: the options' error and context types vary per mutation
  options: any,
  variables: TVariables,
): Promise<TData> {
  return new MutationObserver<TData, Error, TVariables>(queryClient, options).mutate(variables);
}

describe('query keys', () => {
  it('share one cache entry for equal filters and nest under one prefix per resource', () => {
    expect(keys.entryList({ payment_status: undefined, start_date: '' })).toEqual(keys.entryList({}));
    expect(keys.entryList({}).slice(0, 2)).toEqual(keys.entries());
    expect(keys.entry(3).slice(0, 2)).toEqual(keys.entries());
    expect(keys.statsFor({ period: 'week' }).slice(0, 2)).toEqual(keys.stats());
    // Deleted entries sit outside entries(): invalidating every entry query leaves them be.
    expect(keys.deletedEntryList({ skip: 0 }).slice(0, 2)).toEqual(keys.deletedEntries());
    expect(keys.deletedEntryList({ skip: 0 }).slice(0, 2)).not.toEqual(keys.entries());
  });

  it('retry outages but not refusals', () => {
    const problem = (status: number) => new ApiProblemError({ status, code: 'x', detail: 'x' });
    expect(shouldRetry(0, problem(404))).toBe(false);
    expect(shouldRetry(0, problem(401))).toBe(false);
    expect(shouldRetry(0, problem(503))).toBe(true);
    expect(shouldRetry(0, problem(0))).toBe(true);
    expect(shouldRetry(2, problem(503))).toBe(false);
  });

  it('poll the active session every 30 seconds', () => {
    const api = createApiClient({ getToken: () => null });
    expect(queries.active(api).refetchInterval).toBe(30_000);
  });
});

describe('what each mutation invalidates', () => {
  it('create (completed): lists and stats', async () => {
    const w = await world();
    const entry = await run<TimeEntry, unknown>(w.queryClient, mutations.createEntry(w.api, w.queryClient), {
      start_time: '2024-02-01T09:00:00Z',
      end_time: '2024-02-01T10:00:00Z',
    });
    expect(w.invalidated()).toEqual(['lists', 'stats']);
    expect(w.queryClient.getQueryData(keys.entry(entry.id))).toEqual(entry);
  });

  it('import (one bulk batch): lists and stats', async () => {
    const w = await world();
    const created = await run<TimeEntry[], unknown>(
      w.queryClient,
      mutations.importEntries(w.api, w.queryClient),
      [
        { start_time: '2024-02-01T09:00:00Z', end_time: '2024-02-01T10:00:00Z' },
        { start_time: '2024-02-02T09:00:00Z', end_time: '2024-02-02T10:00:00Z' },
      ],
    );
    expect(created).toHaveLength(2);
    expect(w.invalidated()).toEqual(['lists', 'stats']);
  });

  it('create (running): lists and active, not stats', async () => {
    const w = await world();
    await run(w.queryClient, mutations.createEntry(w.api, w.queryClient), {
      start_time: '2024-02-01T09:00:00Z',
    });
    expect(w.invalidated()).toEqual(['lists', 'active']);
  });

  it('a 409 on create or start shows the running entry the server names', async () => {
    const w = await world({ running: true });
    w.queryClient.setQueryData(keys.active(), null); // stale: the timer was started elsewhere
    const error = await run(w.queryClient, mutations.startSession(w.api, w.queryClient), {}).catch((e) => e);
    expect(error).toBeInstanceOf(ApiProblemError);
    expect(w.queryClient.getQueryData<TimeEntry>(keys.active())?.notes).toBe('running');
    expect(w.invalidated()).toEqual(['lists']);
  });

  it('update (completed entry): lists and stats; the entry is set from the answer', async () => {
    const w = await world();
    const updated = await run<TimeEntry, unknown>(
      w.queryClient,
      mutations.updateEntry(w.api, w.queryClient),
      {
        id: w.first.id,
        input: { notes: 'changed' },
      },
    );
    expect(w.invalidated()).toEqual(['lists', 'stats']);
    expect(w.queryClient.getQueryData(keys.entry(w.first.id))).toEqual(updated);
  });

  it('update (the running entry, still running): lists and active, not stats', async () => {
    const w = await world({ running: true });
    const running = w.queryClient.getQueryData<TimeEntry>(keys.active())!;
    await run(w.queryClient, mutations.updateEntry(w.api, w.queryClient), {
      id: running.id,
      input: { notes: 'still going' },
    });
    expect(w.invalidated()).toEqual(['lists', 'active']);
  });

  it('update (stopping the running entry by its end_time): lists, active and stats', async () => {
    const w = await world({ running: true });
    const running = w.queryClient.getQueryData<TimeEntry>(keys.active())!;
    await run(w.queryClient, mutations.updateEntry(w.api, w.queryClient), {
      id: running.id,
      input: { end_time: `${new Date(Date.now() + 60_000).toISOString().slice(0, 19)}Z` },
    });
    expect(w.invalidated()).toEqual(['lists', 'active', 'stats']);
  });

  it('delete: lists, stats and the deleted list; the entry query is dropped', async () => {
    const w = await world();
    await run(w.queryClient, mutations.deleteEntry(w.api, w.queryClient), w.first.id);
    expect(w.invalidated()).toEqual(['lists', 'stats', 'deleted']);
    expect(w.queryClient.getQueryState(keys.entry(w.first.id))).toBeUndefined();
  });

  it('delete (the running entry): lists, active and the deleted list, not stats', async () => {
    const w = await world({ running: true });
    const running = w.queryClient.getQueryData<TimeEntry>(keys.active())!;
    await run(w.queryClient, mutations.deleteEntry(w.api, w.queryClient), running.id);
    expect(w.invalidated()).toEqual(['lists', 'active', 'deleted']);
  });

  it('batch: every entry query and stats, active only when the running entry is in it', async () => {
    let w = await world({ running: true });
    await run(w.queryClient, mutations.batchUpdatePaymentStatus(w.api, w.queryClient), {
      entry_ids: [w.first.id],
      payment_status: 'paid',
    });
    expect(w.invalidated()).toEqual(['lists', `entry ${w.first.id}`, `entry ${w.second.id}`, 'stats']);

    w = await world({ running: true });
    const running = w.queryClient.getQueryData<TimeEntry>(keys.active())!;
    await run(w.queryClient, mutations.batchUpdatePaymentStatus(w.api, w.queryClient), {
      entry_ids: [running.id],
      payment_status: 'invoiced_not_approved',
    });
    expect(w.invalidated()).toContain('active');
  });

  it('start: lists; active is set from the answer; stats stay', async () => {
    const w = await world();
    const started = await run<TimeEntry, unknown>(
      w.queryClient,
      mutations.startSession(w.api, w.queryClient),
      {},
    );
    expect(w.invalidated()).toEqual(['lists']);
    expect(w.queryClient.getQueryData(keys.active())).toEqual(started);
  });

  it('stop: active, lists and stats', async () => {
    const w = await world({ running: true });
    const running = w.queryClient.getQueryData<TimeEntry>(keys.active())!;
    const stopped = await run<TimeEntry, unknown>(
      w.queryClient,
      mutations.stopSession(w.api, w.queryClient),
      {
        id: running.id,
      },
    );
    expect(w.invalidated()).toEqual(['lists', 'active', 'stats']);
    expect(w.queryClient.getQueryData(keys.entry(running.id))).toEqual(stopped);
  });

  it('settings: set from the answer; stats only when the timezone changes', async () => {
    const w = await world();
    await run(w.queryClient, mutations.updateSettings(w.api, w.queryClient), {
      default_hourly_rate: 75,
      currency: 'eur',
    });
    expect(w.invalidated()).toEqual([]);
    expect(w.queryClient.getQueryData(keys.settings())).toEqual({
      default_hourly_rate: 75,
      currency: 'EUR',
      timezone: 'UTC',
      // Saved now: the page stops proposing the browser's timezone.
      saved: true,
    });
    await run(w.queryClient, mutations.updateSettings(w.api, w.queryClient), { timezone: 'UTC-3' });
    expect(w.invalidated()).toEqual(['stats']);
  });
});

describe('undo (issue 14)', () => {
  it('restore: lists, stats and the deleted list; the entry is set from the answer', async () => {
    const fresh = await world();
    await fresh.api.deleteEntry(fresh.first.id);
    const restored = await run<TimeEntry, number>(
      fresh.queryClient,
      mutations.restoreEntry(fresh.api, fresh.queryClient),
      fresh.first.id,
    );
    expect(restored).toEqual(fresh.first);
    expect(fresh.invalidated()).toEqual(['lists', 'stats', 'deleted']);
    expect(fresh.queryClient.getQueryData(keys.entry(fresh.first.id))).toEqual(fresh.first);
  });

  it('restore (a running timer): lists, stats, active and the deleted list; a 409 shows the running entry the server names', async () => {
    const w = await world({ running: true });
    const running = w.queryClient.getQueryData<TimeEntry>(keys.active())!;
    await w.api.deleteEntry(running.id);
    const other = await w.api.startSession({ notes: 'other' });
    const failed = run(w.queryClient, mutations.restoreEntry(w.api, w.queryClient), running.id);
    await expect(failed).rejects.toMatchObject({ status: 409 });
    expect(w.queryClient.getQueryData<TimeEntry>(keys.active())?.id).toBe(other.id);
    // The 409 changed no deleted entry: the list stays.
    expect(w.invalidated()).not.toContain('deleted');

    await w.api.deleteEntry(other.id);
    // A client whose caches are all fresh, to see what this restore alone marks stale.
    const v = await world();
    await run(v.queryClient, mutations.restoreEntry(w.api, v.queryClient), running.id);
    expect(v.invalidated()).toEqual(['lists', 'active', 'stats', 'deleted']);
  });

  it('batch delete: lists, stats and the deleted list, those entries dropped; active when the running entry is in it', async () => {
    let w = await world({ running: true });
    await run(w.queryClient, mutations.batchDeleteEntries(w.api, w.queryClient), [w.first.id, w.second.id]);
    expect(w.invalidated()).toEqual(['lists', 'stats', 'deleted']);
    expect(w.queryClient.getQueryState(keys.entry(w.first.id))).toBeUndefined();
    expect(w.queryClient.getQueryState(keys.entry(w.second.id))).toBeUndefined();

    w = await world({ running: true });
    const running = w.queryClient.getQueryData<TimeEntry>(keys.active())!;
    await run(w.queryClient, mutations.batchDeleteEntries(w.api, w.queryClient), [running.id, w.first.id]);
    expect(w.invalidated()).toEqual(['lists', 'active', 'stats', 'deleted']);
  });

  it('batch restore: every entry query, stats and the deleted list; active when a running timer comes back', async () => {
    let w = await world();
    await w.api.batchDeleteEntries({ entry_ids: [w.first.id, w.second.id] });
    const back = await run<TimeEntry[], number[]>(
      w.queryClient,
      mutations.batchRestoreEntries(w.api, w.queryClient),
      [w.second.id, w.first.id],
    );
    expect(back).toEqual([w.first, w.second].sort((a, b) => a.id - b.id));
    expect(w.invalidated()).toEqual([
      'lists',
      `entry ${w.first.id}`,
      `entry ${w.second.id}`,
      'stats',
      'deleted',
    ]);

    w = await world({ running: true });
    const running = w.queryClient.getQueryData<TimeEntry>(keys.active())!;
    await w.api.batchDeleteEntries({ entry_ids: [running.id] });
    await run(w.queryClient, mutations.batchRestoreEntries(w.api, w.queryClient), [running.id]);
    expect(w.invalidated()).toEqual([
      'lists',
      `entry ${w.first.id}`,
      `entry ${w.second.id}`,
      'active',
      'stats',
      'deleted',
    ]);
  });

  it('restore answered 404 (expired or unknown): only the deleted list, where it may still be shown', async () => {
    const w = await world();
    // An id nobody deleted (a live entry's restore is answered 200, as a retried restore).
    const failed = run(w.queryClient, mutations.restoreEntry(w.api, w.queryClient), w.second.id + 1_000_000);
    await expect(failed).rejects.toMatchObject({ status: 404 });
    expect(w.invalidated()).toEqual(['deleted']);
  });

  it('lists what can be restored', async () => {
    const w = await world();
    await w.api.deleteEntry(w.first.id);
    const deleted = await w.api.listDeletedEntries({ limit: 10 });
    expect(deleted.map((e) => e.id)).toEqual([w.first.id]);
    expect(deleted[0]).toMatchObject({ ...w.first, deleted_at: expect.any(String) });
    const page = await w.queryClient.fetchQuery(queries.deletedEntries(w.api, { skip: 0, limit: 51 }));
    expect(page.map((e) => e.id)).toEqual([w.first.id]);
  });
});

describe('reports (under the stats key)', () => {
  const reportQuery = { start_date: '2024-01-22', end_date: '2024-02-04', group_by: 'week' } as const;

  it('a report is refetched exactly when stats are: a completed entry yes, a started timer no', async () => {
    const w = await world();
    const report = await w.queryClient.fetchQuery(queries.summaryReport(w.api, reportQuery));
    expect(report.rows.map((row) => [row.period_start, row.entries, row.hours])).toEqual([
      ['2024-01-22', 2, 9],
      ['2024-01-29', 0, 0],
    ]);
    const stale = () => w.queryClient.getQueryState(keys.reportFor(reportQuery))?.isInvalidated;
    expect(keys.reportFor(reportQuery).slice(0, keys.stats().length)).toEqual([...keys.stats()]);

    await run(w.queryClient, mutations.startSession(w.api, w.queryClient), {});
    expect(stale()).toBe(false);
    await run(w.queryClient, mutations.createEntry(w.api, w.queryClient), {
      start_time: '2024-01-30T09:00:00Z',
      end_time: '2024-01-30T10:00:00Z',
    });
    expect(stale()).toBe(true);
    const again = await w.queryClient.fetchQuery({
      ...queries.summaryReport(w.api, reportQuery),
      staleTime: 0,
    });
    expect(again.rows[1]).toMatchObject({ period_start: '2024-01-29', entries: 1, hours: 1, earned: 50 });
  });
});
