// React hooks for every endpoint of the time-tracking API: thin wrappers over
// the options in queries.ts, with the API client taken from context.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, createElement, type ReactNode, useContext } from 'react';
import type { ApiClient, DeletedEntriesQuery, EntryFilters, ReportQuery, StatsQuery } from './api';
import { timeTrackingMutations as mutations, timeTrackingQueries as queries } from './queries';

export { ACTIVE_SESSION_POLL_MS, shouldRetry, timeTrackingKeys } from './queries';

const ApiClientContext = createContext<ApiClient | null>(null);

export function ApiClientProvider({ client, children }: { client: ApiClient; children: ReactNode }) {
  return createElement(ApiClientContext.Provider, { value: client }, children);
}

export function useApiClient(): ApiClient {
  const client = useContext(ApiClientContext);
  if (!client) throw new Error('useApiClient needs an <ApiClientProvider> above it');
  return client;
}

export const useEntries = (filters: EntryFilters = {}) => useQuery(queries.entries(useApiClient(), filters));

/** One entry; idle until there is an id. */
export const useEntry = (id: number | undefined) =>
  useQuery({ ...queries.entry(useApiClient(), id ?? 0), enabled: id !== undefined });

export const useActiveSession = () => useQuery(queries.active(useApiClient()));
export const useStats = (query: StatsQuery = {}) => useQuery(queries.stats(useApiClient(), query));
export const useSettings = () => useQuery(queries.settings(useApiClient()));

export const useCreateEntry = () => useMutation(mutations.createEntry(useApiClient(), useQueryClient()));
export const useUpdateEntry = () => useMutation(mutations.updateEntry(useApiClient(), useQueryClient()));
export const useDeleteEntry = () => useMutation(mutations.deleteEntry(useApiClient(), useQueryClient()));
export const useImportEntries = () => useMutation(mutations.importEntries(useApiClient(), useQueryClient()));
export const useBatchUpdatePaymentStatus = () =>
  useMutation(mutations.batchUpdatePaymentStatus(useApiClient(), useQueryClient()));
export const useStartSession = () => useMutation(mutations.startSession(useApiClient(), useQueryClient()));
export const useStopSession = () => useMutation(mutations.stopSession(useApiClient(), useQueryClient()));
export const useUpdateSettings = () =>
  useMutation(mutations.updateSettings(useApiClient(), useQueryClient()));

export const useInvoiceLinks = () => useQuery(queries.invoiceLinks(useApiClient()));
export const useGenerateInvoiceLink = () =>
  useMutation(mutations.generateInvoiceLink(useApiClient(), useQueryClient()));
export const useRevokeInvoiceLink = () =>
  useMutation(mutations.revokeInvoiceLink(useApiClient(), useQueryClient()));

// ---- undo (issue 14) ----
export const useRestoreEntry = () => useMutation(mutations.restoreEntry(useApiClient(), useQueryClient()));
export const useBatchDeleteEntries = () =>
  useMutation(mutations.batchDeleteEntries(useApiClient(), useQueryClient()));
export const useBatchRestoreEntries = () =>
  useMutation(mutations.batchRestoreEntries(useApiClient(), useQueryClient()));
/** A page of what can still be restored ("Recently deleted"). */
export const useDeletedEntries = (query: DeletedEntriesQuery = {}) =>
  useQuery(queries.deletedEntries(useApiClient(), query));

export const useSummaryReport = (query: ReportQuery) =>
  useQuery(queries.summaryReport(useApiClient(), query));
