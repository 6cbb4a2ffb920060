// Query keys, query options and mutation options for the time-tracking API,
// without React, so the invalidation rules can be tested on a bare QueryClient.
// Each mutation invalidates exactly the queries whose answers it can change;
// the map is in docs/FRONTEND.md. hooks.ts wraps these for components.
import { keepPreviousData, mutationOptions, type QueryClient, queryOptions } from '@tanstack/react-query';
import type {
  BatchUpdatePaymentStatusInput,
  CreateTimeEntryInput,
  StartSessionInput,
  StopSessionInput,
  TimeEntry,
  UpdateSettingsInput,
  UpdateTimeEntryInput,
} from '@/lib/time-tracking/schemas';
import {
  type ApiClient,
  ApiProblemError,
  type DeletedEntriesQuery,
  type EntryFilters,
  type GenerateInvoiceLinkInput,
  newIdempotencyKey,
  type ReportQuery,
  type SettingsState,
  type StatsQuery,
} from './api';

/** How often the running timer is checked for changes made elsewhere (another tab, another device). */
export const ACTIVE_SESSION_POLL_MS = 30_000;

/** Drops empty filters, so `{}` and `{ payment_status: undefined }` share one cache entry. */
function compact<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined && v !== ''),
  ) as Partial<T>;
}

export const timeTrackingKeys = {
  all: ['time-tracking'] as const,
  entries: () => [...timeTrackingKeys.all, 'entries'] as const,
  entryLists: () => [...timeTrackingKeys.entries(), 'list'] as const,
  entryList: (filters: EntryFilters) => [...timeTrackingKeys.entryLists(), compact(filters)] as const,
  entry: (id: number) => [...timeTrackingKeys.entries(), 'detail', id] as const,
  active: () => [...timeTrackingKeys.all, 'sessions', 'active'] as const,
  stats: () => [...timeTrackingKeys.all, 'stats'] as const,
  statsFor: (query: StatsQuery) => [...timeTrackingKeys.stats(), compact(query)] as const,
  settings: () => [...timeTrackingKeys.all, 'settings'] as const,
  invoiceLinks: () => [...timeTrackingKeys.all, 'invoice-links'] as const,
  // Reports sit under the stats key: they change exactly when stats do, so every
  // mutation that invalidates stats() refetches them too.
  reports: () => [...timeTrackingKeys.stats(), 'reports'] as const,
  reportFor: (query: ReportQuery) => [...timeTrackingKeys.reports(), compact(query)] as const,
  // Deleted entries (issue 14, "Recently deleted") have their own key, outside
  // entries(): only a delete or a restore changes them, not an edit or a batch
  // payment status that invalidates every entry query.
  deletedEntries: () => [...timeTrackingKeys.all, 'deleted-entries'] as const,
  deletedEntryList: (query: DeletedEntriesQuery) =>
    [...timeTrackingKeys.deletedEntries(), compact(query)] as const,
};

/** Query retries: never for a 4xx (asking again will not help), twice for outages. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiProblemError && error.status >= 400 && error.status < 500) return false;
  return failureCount < 2;
}

/** Attempts of a keyed write (retryingWrite) before its failure is shown. */
export const WRITE_ATTEMPTS = 3;
const WRITE_RETRY_DELAYS_MS = [500, 1500];

/** Worth sending again with the same key: no answer, the database's 503, a gateway, or the key still in use. */
function isRetryableWrite(error: unknown): boolean {
  if (!(error instanceof ApiProblemError)) return false;
  return (
    error.status === 0 ||
    error.status === 502 ||
    error.status === 503 ||
    error.status === 504 ||
    error.code === 'idempotency_key_in_use'
  );
}

/**
 * One user action's POST, with one Idempotency-Key for all its attempts: sent
 * again (up to WRITE_ATTEMPTS in all) when the answer was lost or the server
 * could not serve it, which the key makes safe: the server applies it at most
 * once and answers a repeat with the first answer. Each mutate() gets a fresh
 * key, so two clicks on "add" are two entries.
 */
export async function retryingWrite<T>(
  send: (key: string) => Promise<T>,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<T> {
  const key = newIdempotencyKey();
  for (let attempt = 1; ; attempt++) {
    try {
      return await send(key);
    } catch (error) {
      if (attempt >= WRITE_ATTEMPTS || !isRetryableWrite(error)) throw error;
      await sleep(WRITE_RETRY_DELAYS_MS[attempt - 1] ?? 1500);
    }
  }
}

// ---- queries ---------------------------------------------------------------

export const timeTrackingQueries = {
  /** A page of entries and the total count; the previous page stays visible while the next loads. */
  entries: (api: ApiClient, filters: EntryFilters = {}) =>
    queryOptions({
      queryKey: timeTrackingKeys.entryList(filters),
      queryFn: () => api.listEntries(filters),
      placeholderData: keepPreviousData,
    }),
  entry: (api: ApiClient, id: number) =>
    queryOptions({ queryKey: timeTrackingKeys.entry(id), queryFn: () => api.getEntry(id) }),
  /** The running entry or null, polled so that a timer started or stopped elsewhere shows up. */
  active: (api: ApiClient) =>
    queryOptions({
      queryKey: timeTrackingKeys.active(),
      queryFn: () => api.getActiveSession(),
      refetchInterval: ACTIVE_SESSION_POLL_MS,
    }),
  stats: (api: ApiClient, query: StatsQuery = {}) =>
    queryOptions({ queryKey: timeTrackingKeys.statsFor(query), queryFn: () => api.getStats(query) }),
  settings: (api: ApiClient) =>
    queryOptions({
      queryKey: timeTrackingKeys.settings(),
      queryFn: () => api.getSettingsState(),
      staleTime: 60_000,
    }),
  /** A summary report; the previous one stays visible while the next period loads. */
  summaryReport: (api: ApiClient, query: ReportQuery) =>
    queryOptions({
      queryKey: timeTrackingKeys.reportFor(query),
      queryFn: () => api.getSummaryReport(query),
      placeholderData: keepPreviousData,
    }),
  /** The user's invoice links (their totals follow the entries, so they are refetched when opened). */
  invoiceLinks: (api: ApiClient) =>
    queryOptions({ queryKey: timeTrackingKeys.invoiceLinks(), queryFn: () => api.listInvoiceLinks() }),
  /** A page of the deleted entries that can still be restored; the previous page stays visible while the next loads. */
  deletedEntries: (api: ApiClient, query: DeletedEntriesQuery = {}) =>
    queryOptions({
      queryKey: timeTrackingKeys.deletedEntryList(query),
      queryFn: () => api.listDeletedEntries(query),
      placeholderData: keepPreviousData,
      // Fetched each time the dialog opens: a delete on another device shows up.
      staleTime: 0,
    }),
};

// ---- mutations -------------------------------------------------------------

const runningEntryId = (queryClient: QueryClient) =>
  queryClient.getQueryData<TimeEntry | null>(timeTrackingKeys.active())?.id;

function invalidate(queryClient: QueryClient, ...keys: (readonly unknown[] | false)[]) {
  return Promise.all(
    keys.filter((key) => key !== false).map((queryKey) => queryClient.invalidateQueries({ queryKey })),
  );
}

/** After a 409 about a second running timer, show the one the server says is running. */
async function adoptActiveEntry(queryClient: QueryClient, error: unknown) {
  if (error instanceof ApiProblemError && error.status === 409 && error.activeEntry) {
    queryClient.setQueryData(timeTrackingKeys.active(), error.activeEntry);
    await invalidate(queryClient, timeTrackingKeys.entryLists());
  }
}

/**
 * A refused restore: a 409 shows the running timer the server names; a 404
 * (expired and purged, or unknown) refreshes the deleted list that may still show it.
 */
async function afterRestoreError(queryClient: QueryClient, error: unknown) {
  await adoptActiveEntry(queryClient, error);
  if (error instanceof ApiProblemError && error.status === 404) {
    await invalidate(queryClient, timeTrackingKeys.deletedEntries());
  }
}

export const timeTrackingMutations = {
  /** Create: lists; stats for a completed entry (a running one counts for nothing), active for a running one. */
  createEntry: (api: ApiClient, queryClient: QueryClient) =>
    mutationOptions({
      mutationFn: (input: CreateTimeEntryInput) =>
        retryingWrite((idempotencyKey) => api.createEntry(input, { idempotencyKey })),
      onSuccess: async (entry) => {
        queryClient.setQueryData(timeTrackingKeys.entry(entry.id), entry);
        const running = entry.end_time === null;
        await invalidate(
          queryClient,
          timeTrackingKeys.entryLists(),
          running ? timeTrackingKeys.active() : timeTrackingKeys.stats(),
        );
      },
      onError: (error) => adoptActiveEntry(queryClient, error),
    }),

  /** Update: lists and that entry; stats unless it was running and still is; active if it was or is running. */
  updateEntry: (api: ApiClient, queryClient: QueryClient) =>
    mutationOptions({
      mutationFn: ({ id, input }: { id: number; input: UpdateTimeEntryInput }) => api.updateEntry(id, input),
      onSuccess: async (entry, { id }) => {
        const wasRunning = runningEntryId(queryClient) === id;
        const isRunning = entry.end_time === null;
        queryClient.setQueryData(timeTrackingKeys.entry(id), entry);
        await invalidate(
          queryClient,
          timeTrackingKeys.entryLists(),
          !(wasRunning && isRunning) && timeTrackingKeys.stats(),
          (wasRunning || isRunning) && timeTrackingKeys.active(),
        );
      },
      onError: (error) => adoptActiveEntry(queryClient, error),
    }),

  /** Delete: lists and that entry; stats unless it was the running timer; active if it was; the deleted list. */
  deleteEntry: (api: ApiClient, queryClient: QueryClient) =>
    mutationOptions({
      mutationFn: (id: number) => api.deleteEntry(id),
      onSuccess: async (_, id) => {
        const wasRunning = runningEntryId(queryClient) === id;
        queryClient.removeQueries({ queryKey: timeTrackingKeys.entry(id), exact: true });
        await invalidate(
          queryClient,
          timeTrackingKeys.entryLists(),
          wasRunning ? timeTrackingKeys.active() : timeTrackingKeys.stats(),
          timeTrackingKeys.deletedEntries(),
        );
      },
    }),

  /**
   * Bulk import: one batch of up to 1,000 completed entries, with one
   * Idempotency-Key for its retries (so a retry never imports twice). Lists and stats.
   */
  importEntries: (api: ApiClient, queryClient: QueryClient) =>
    mutationOptions({
      mutationFn: (entries: CreateTimeEntryInput[]) =>
        retryingWrite((idempotencyKey) => api.createEntries({ entries }, { idempotencyKey })),
      onSuccess: async () => {
        await invalidate(queryClient, timeTrackingKeys.entryLists(), timeTrackingKeys.stats());
      },
    }),

  /** Batch payment status: every entry query and stats; active if the running entry was among them. */
  batchUpdatePaymentStatus: (api: ApiClient, queryClient: QueryClient) =>
    mutationOptions({
      mutationFn: (input: BatchUpdatePaymentStatusInput) =>
        retryingWrite((idempotencyKey) => api.batchUpdatePaymentStatus(input, { idempotencyKey })),
      onSuccess: async (_, input) => {
        const running = runningEntryId(queryClient);
        await invalidate(
          queryClient,
          timeTrackingKeys.entries(),
          timeTrackingKeys.stats(),
          running !== undefined && input.entry_ids.includes(running) && timeTrackingKeys.active(),
        );
      },
    }),

  /** Start: active (from the answer) and lists. Stats count completed entries only, so they stay. */
  startSession: (api: ApiClient, queryClient: QueryClient) =>
    mutationOptions({
      mutationFn: (input: StartSessionInput = {}) =>
        retryingWrite((idempotencyKey) => api.startSession(input, { idempotencyKey })),
      onSuccess: async (entry) => {
        queryClient.setQueryData(timeTrackingKeys.active(), entry);
        queryClient.setQueryData(timeTrackingKeys.entry(entry.id), entry);
        await invalidate(queryClient, timeTrackingKeys.entryLists());
      },
      onError: (error) => adoptActiveEntry(queryClient, error),
    }),

  /** Stop: that entry (from the answer), active, lists and stats, which now count it. */
  stopSession: (api: ApiClient, queryClient: QueryClient) =>
    mutationOptions({
      mutationFn: ({ id, input }: { id: number; input?: StopSessionInput }) =>
        retryingWrite((idempotencyKey) => api.stopSession(id, input, { idempotencyKey })),
      onSuccess: async (entry) => {
        queryClient.setQueryData(timeTrackingKeys.entry(entry.id), entry);
        await invalidate(
          queryClient,
          timeTrackingKeys.active(),
          timeTrackingKeys.entryLists(),
          timeTrackingKeys.stats(),
        );
      },
    }),

  /**
   * Settings: set from the answer; stats only when the timezone changed (it
   * moves "today" and "this week"). The rate applies to new entries only and
   * the currency to formatting only, so nothing else is refetched.
   */
  updateSettings: (api: ApiClient, queryClient: QueryClient) =>
    mutationOptions({
      mutationFn: (input: UpdateSettingsInput) => api.updateSettings(input),
      onSuccess: async (settings) => {
        const previous = queryClient.getQueryData<SettingsState>(timeTrackingKeys.settings());
        queryClient.setQueryData<SettingsState>(timeTrackingKeys.settings(), { ...settings, saved: true });
        await invalidate(queryClient, previous?.timezone !== settings.timezone && timeTrackingKeys.stats());
      },
    }),

  /** A new invoice link: the links list. Entries and stats do not change. */
  generateInvoiceLink: (api: ApiClient, queryClient: QueryClient) =>
    mutationOptions({
      mutationFn: (input: GenerateInvoiceLinkInput) =>
        retryingWrite((idempotencyKey) => api.generateInvoiceLink(input, { idempotencyKey })),
      onSuccess: () => invalidate(queryClient, timeTrackingKeys.invoiceLinks()),
    }),

  /** Revoke a link: the links list. */
  revokeInvoiceLink: (api: ApiClient, queryClient: QueryClient) =>
    mutationOptions({
      mutationFn: (id: string) => api.revokeInvoiceLink(id),
      onSuccess: () => invalidate(queryClient, timeTrackingKeys.invoiceLinks()),
    }),

  // ---- undo (issue 14) ----

  /**
   * Restore (undo a delete): that entry (from the answer), lists, stats and the
   * deleted list; active if it is a running timer. On a 409 or 404: afterRestoreError.
   */
  restoreEntry: (api: ApiClient, queryClient: QueryClient) =>
    mutationOptions({
      mutationFn: (id: number) => retryingWrite((idempotencyKey) => api.restoreEntry(id, { idempotencyKey })),
      onSuccess: async (entry) => {
        queryClient.setQueryData(timeTrackingKeys.entry(entry.id), entry);
        await invalidate(
          queryClient,
          timeTrackingKeys.entryLists(),
          timeTrackingKeys.stats(),
          entry.end_time === null && timeTrackingKeys.active(),
          timeTrackingKeys.deletedEntries(),
        );
      },
      onError: (error) => afterRestoreError(queryClient, error),
    }),

  /** Batch delete: those entries' queries go; lists, stats and the deleted list; active if the running entry was among them. */
  batchDeleteEntries: (api: ApiClient, queryClient: QueryClient) =>
    mutationOptions({
      mutationFn: (entryIds: number[]) =>
        retryingWrite((idempotencyKey) =>
          api.batchDeleteEntries({ entry_ids: entryIds }, { idempotencyKey }),
        ),
      onSuccess: async (_, entryIds) => {
        const running = runningEntryId(queryClient);
        for (const id of entryIds) {
          queryClient.removeQueries({ queryKey: timeTrackingKeys.entry(id), exact: true });
        }
        await invalidate(
          queryClient,
          timeTrackingKeys.entryLists(),
          timeTrackingKeys.stats(),
          running !== undefined && entryIds.includes(running) && timeTrackingKeys.active(),
          timeTrackingKeys.deletedEntries(),
        );
      },
    }),

  /** Batch restore (undo a batch delete): every entry query, stats and the deleted list; active if a running timer came back. */
  batchRestoreEntries: (api: ApiClient, queryClient: QueryClient) =>
    mutationOptions({
      mutationFn: (entryIds: number[]) =>
        retryingWrite((idempotencyKey) =>
          api.batchRestoreEntries({ entry_ids: entryIds }, { idempotencyKey }),
        ),
      onSuccess: async (entries) => {
        await invalidate(
          queryClient,
          timeTrackingKeys.entries(),
          timeTrackingKeys.stats(),
          entries.some((e) => e.end_time === null) && timeTrackingKeys.active(),
          timeTrackingKeys.deletedEntries(),
        );
      },
      onError: (error) => afterRestoreError(queryClient, error),
    }),
};
