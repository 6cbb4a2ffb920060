// The browser's client for the time-tracking API: openapi-fetch over the types
// generated from the committed OpenAPI document (api-schema.ts, `npm run
// openapi`), same origin by default. One middleware adds the bearer token
// and turns every failure into an ApiProblemError, so each method returns its
// data or throws. No zod and no server code here: the page's bundle stays lean.
import createClient, { type Middleware } from 'openapi-fetch';
import { PROBLEM_CODES, PROBLEMS } from '@/lib/problems';
import { API_BASE_PATH, PUBLIC_API_BASE_PATH, SETTINGS_SAVED_HEADER } from '@/lib/time-tracking/constants';
import type { components, operations, paths } from './api-schema';

type Schemas = components['schemas'];
export type TimeEntry = Schemas['TimeEntry'];
export type FieldError = NonNullable<Schemas['Problem']['errors']>[number];
export type EntryFilters = NonNullable<operations['listEntries']['parameters']['query']>;
export type ExportFilters = NonNullable<operations['exportEntries']['parameters']['query']>;
export type StatsQuery = NonNullable<operations['getStats']['parameters']['query']>;
/** The settings, and whether the user has ever saved them (false: they are the server's defaults). */
export type SettingsState = Schemas['Settings'] & { saved: boolean };
export type InvoiceLink = Schemas['InvoiceLink'];
export type InvoiceLinkCreated = Schemas['InvoiceLinkCreated'];
export type GenerateInvoiceLinkInput = Schemas['GenerateInvoiceLink'];
export type DeletedTimeEntry = Schemas['DeletedTimeEntry'];
export type DeletedEntriesQuery = NonNullable<operations['listDeletedEntries']['parameters']['query']>;
/** GET /reports/summary: the range and grouping (required here: the page always sends them). */
export type ReportQuery = NonNullable<operations['getSummaryReport']['parameters']['query']>;
export type SummaryReport = Schemas['Report'];

export { API_BASE_PATH };

// The name the document gives the entry id in its paths (`/entries/{entry_id}`):
// the one line to change, after regenerating api-schema.ts, when it is renamed.
const ENTRY_ID = 'entry_id';
const ENTRY_PATH = `/entries/{${ENTRY_ID}}` as const;
const STOP_PATH = `/sessions/{${ENTRY_ID}}/stop` as const;
const entryParams = (id: number) => ({ path: { [ENTRY_ID]: id } });
const INVOICE_LINK_PATH = '/invoice-links/{link_id}' as const;

/**
 * A failed request, from the API's problem+json body when there is one.
 * `status` is 0 when the server could not be reached at all.
 */
export class ApiProblemError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly errors: FieldError[];
  /** On a 409 about a second running timer: the one that is running. */
  readonly activeEntry: TimeEntry | null;
  /** The server's id for the request, to quote in a bug report, when it sent one. */
  readonly requestId: string | undefined;

  constructor(init: {
    status: number;
    code: string;
    detail: string;
    errors?: FieldError[];
    activeEntry?: TimeEntry | null;
    requestId?: string;
  }) {
    super(init.detail);
    this.name = 'ApiProblemError';
    this.status = init.status;
    this.code = init.code;
    this.detail = init.detail;
    this.errors = init.errors ?? [];
    this.activeEntry = init.activeEntry ?? null;
    this.requestId = init.requestId;
  }

  /** The message for one field (`end_time`, `entry_ids.3`, …), if the server named it. */
  fieldError(path: string): string | undefined {
    return this.errors.find((e) => e.path === path)?.message;
  }
}

/** Where the bearer token comes from; null or undefined sends no Authorization header. */
export type TokenProvider = () => string | null | undefined | Promise<string | null | undefined>;

export interface ApiClientOptions {
  getToken: TokenProvider;
  /** Default '' (same origin); outside a browser, an absolute origin. */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Called on every 401, for instance to forget a token the server refused. */
  onUnauthorized?: (error: ApiProblemError) => void;
}

export interface EntryPage {
  entries: TimeEntry[];
  /** X-Total-Count: every matching entry, ignoring skip and limit. */
  total: number;
  /** The skip this page was asked for (the API's default is 0). */
  skip: number;
}

/** For an answer without a problem body (a proxy's error page): the first code the table has for its status. */
const fallbackCode = (status: number) =>
  PROBLEM_CODES.find((code) => PROBLEMS[code].status === status) ?? 'http_error';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function problemFrom(response: Response): Promise<ApiProblemError> {
  const text = await response.text().catch(() => '');
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {}
  const fallback = fallbackCode(response.status);
  if (!isRecord(body)) {
    return new ApiProblemError({
      status: response.status,
      code: fallback,
      detail: `The server answered ${response.status} ${response.statusText}`.trim(),
    });
  }
  const errors = Array.isArray(body.errors)
    ? body.errors
        .filter(isRecord)
        .map((e) => ({ path: String(e.path ?? ''), message: String(e.message ?? '') }))
    : [];
  return new ApiProblemError({
    status: response.status,
    code: typeof body.code === 'string' ? body.code : fallback,
    detail:
      typeof body.detail === 'string' && body.detail
        ? body.detail
        : typeof body.title === 'string'
          ? body.title
          : `The server answered ${response.status}`,
    errors,
    activeEntry: isRecord(body.active_entry) ? (body.active_entry as unknown as TimeEntry) : null,
    requestId: typeof body.request_id === 'string' ? body.request_id : undefined,
  });
}

/** The bearer token on the way out; on the way back, anything but a 2xx becomes an ApiProblemError. */
function problemMiddleware({ getToken, onUnauthorized }: ApiClientOptions): Middleware {
  return {
    async onRequest({ request }) {
      const token = await getToken();
      if (token) request.headers.set('Authorization', `Bearer ${token}`);
      return request;
    },
    async onResponse({ response }) {
      if (response.ok) return undefined;
      const problem = await problemFrom(response);
      if (problem.status === 401) onUnauthorized?.(problem);
      throw problem;
    },
    // fetch itself rejected (offline, DNS, CORS): openapi-fetch throws what this returns.
    onError: () =>
      new ApiProblemError({
        status: 0,
        code: 'network_error',
        detail: 'Could not reach the server. Check your connection and try again.',
      }),
  };
}

/**
 * A fresh Idempotency-Key (a UUID v4). crypto.randomUUID exists only in secure
 * contexts (https, localhost); getRandomValues everywhere.
 */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * For the POSTs that honour `Idempotency-Key` (docs/API.md): the key to send.
 * Each call without one gets a fresh key; a caller that retries passes the same
 * key to every attempt, so the server applies the request at most once.
 */
export interface WriteOptions {
  idempotencyKey?: string;
}

const idempotencyHeader = (options: WriteOptions = {}) => ({
  'Idempotency-Key': options.idempotencyKey ?? newIdempotencyKey(),
});

/** The middleware throws on every failure, so a call that returns has its data. */
const dataOf = async <T>(call: Promise<{ data?: T }>): Promise<T> => (await call).data as T;

/** Drops empty filters, as the query keys do (queries.ts), so equal keys mean equal requests. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== '')) as T;
}

export function createApiClient(options: ApiClientOptions) {
  const client = createClient<paths>({
    baseUrl: `${options.baseUrl ?? ''}${API_BASE_PATH}`,
    fetch: options.fetch ?? ((request: Request) => fetch(request)),
    headers: { Accept: 'application/json' },
    cache: 'no-store',
  });
  client.use(problemMiddleware(options));

  return {
    async listEntries(filters: EntryFilters = {}): Promise<EntryPage> {
      const { data, response } = await client.GET('/entries', { params: { query: compact(filters) } });
      const entries = data ?? [];
      const header = Number(response.headers.get('X-Total-Count'));
      return { entries, total: Number.isFinite(header) ? header : entries.length, skip: filters.skip ?? 0 };
    },
    getEntry: (id: number) => dataOf(client.GET(ENTRY_PATH, { params: entryParams(id) })),
    createEntry: (body: Schemas['CreateTimeEntry'], options?: WriteOptions) =>
      dataOf(client.POST('/entries', { params: { header: idempotencyHeader(options) }, body })),
    updateEntry: (id: number, body: Schemas['UpdateTimeEntry']) =>
      dataOf(client.PUT(ENTRY_PATH, { params: entryParams(id), body })),
    deleteEntry: async (id: number): Promise<void> => {
      await client.DELETE(ENTRY_PATH, { params: entryParams(id) });
    },
    /** POST /entries/bulk: up to 1,000 completed entries, all or nothing. */
    createEntries: (body: Schemas['BulkCreateTimeEntries'], options?: WriteOptions) =>
      dataOf(client.POST('/entries/bulk', { params: { header: idempotencyHeader(options) }, body })),
    /** GET /entries/export: the CSV of the filtered entries, and the filename the server gave it. */
    async exportEntriesCsv(filters: ExportFilters = {}): Promise<{ blob: Blob; filename: string }> {
      const { data, response } = await client.GET('/entries/export', {
        params: { query: compact(filters) },
        headers: { Accept: 'text/csv' },
        parseAs: 'blob',
      });
      const named = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '');
      return { blob: data as Blob, filename: named?.[1] ?? 'time-entries.csv' };
    },
    batchUpdatePaymentStatus: (body: Schemas['BatchUpdatePaymentStatus'], options?: WriteOptions) =>
      dataOf(
        client.POST('/batch-update-payment-status', { params: { header: idempotencyHeader(options) }, body }),
      ),
    startSession: (body: Schemas['StartSession'] = {}, options?: WriteOptions) =>
      dataOf(client.POST('/sessions/start', { params: { header: idempotencyHeader(options) }, body })),
    stopSession: (id: number, body: Schemas['StopSession'] = {}, options?: WriteOptions) =>
      dataOf(
        client.POST(STOP_PATH, {
          params: { ...entryParams(id), header: idempotencyHeader(options) },
          body,
        }),
      ),
    getActiveSession: () => dataOf(client.GET('/sessions/active')),
    getStats: (query: StatsQuery = {}) => dataOf(client.GET('/stats', { params: { query: compact(query) } })),
    getSettings: () => dataOf(client.GET('/settings')),
    async getSettingsState(): Promise<SettingsState> {
      const { data, response } = await client.GET('/settings');
      return {
        ...(data as Schemas['Settings']),
        saved: response.headers.get(SETTINGS_SAVED_HEADER) !== 'false',
      };
    },
    updateSettings: (body: Schemas['UpdateSettings']) => dataOf(client.PUT('/settings', { body })),
    generateInvoiceLink: (body: GenerateInvoiceLinkInput = {}, options?: WriteOptions) =>
      dataOf(client.POST('/generate-invoice-link', { params: { header: idempotencyHeader(options) }, body })),
    listInvoiceLinks: () => dataOf(client.GET('/invoice-links')),
    revokeInvoiceLink: async (id: string): Promise<void> => {
      await client.DELETE(INVOICE_LINK_PATH, { params: { path: { link_id: id } } });
    },

    // ---- undo (issue 14): deleted entries can be restored for 30 days ----
    /** POST /entries/{entry_id}/restore: the entry back as it was (a retried restore answers it too). */
    restoreEntry: (id: number, options?: WriteOptions) =>
      dataOf(
        client.POST('/entries/{entry_id}/restore', {
          params: { ...entryParams(id), header: idempotencyHeader(options) },
        }),
      ),
    /** GET /entries/deleted: what can still be restored, newest deletion first. */
    listDeletedEntries: (query: DeletedEntriesQuery = {}) =>
      dataOf(client.GET('/entries/deleted', { params: { query: compact(query) } })),
    /** POST /entries/batch-delete: all or nothing. */
    batchDeleteEntries: (body: Schemas['BatchEntryIds'], options?: WriteOptions) =>
      dataOf(client.POST('/entries/batch-delete', { params: { header: idempotencyHeader(options) }, body })),
    /** POST /entries/batch-restore: all or nothing; the entries by id. */
    batchRestoreEntries: (body: Schemas['BatchEntryIds'], options?: WriteOptions) =>
      dataOf(client.POST('/entries/batch-restore', { params: { header: idempotencyHeader(options) }, body })),
    /** GET /reports/summary: one row per day, ISO week or month of the range. */
    getSummaryReport: (query: ReportQuery) =>
      dataOf(client.GET('/reports/summary', { params: { query: compact(query) } })),
  };
}

/** A shared invoice as the public endpoint answers it: the entries, and what its headers say. */
export interface PublicInvoice {
  entries: TimeEntry[];
  currency: string;
  timezone: string;
  startDate: string | null;
  endDate: string | null;
  expiresAt: string | null;
}

/**
 * Reads a shared invoice (GET /api/v1/public/invoice/{token}) for the public
 * page. Its own client, with no token provider: it never sends an
 * Authorization header and never reads the signed-in user's token store, so
 * opening a link in a signed-in browser cannot show (or send) that user's
 * data. A bad link throws an ApiProblemError with status 401.
 */
export async function getPublicInvoice(
  token: string,
  options: { baseUrl?: string; fetch?: typeof fetch } = {},
): Promise<PublicInvoice> {
  // The document writes this path relative to /api/v1 (its own `servers`).
  const client = createClient<paths>({
    baseUrl: `${options.baseUrl ?? ''}${PUBLIC_API_BASE_PATH.slice(0, PUBLIC_API_BASE_PATH.lastIndexOf('/'))}`,
    fetch: options.fetch ?? ((request: Request) => fetch(request)),
    headers: { Accept: 'application/json' },
    cache: 'no-store',
    // No credentials either: the token in the path is the only one.
    credentials: 'omit',
  });
  client.use(problemMiddleware({ getToken: () => null }));
  const { data, response } = await client.GET('/public/invoice/{token}', { params: { path: { token } } });
  const header = (name: string) => response.headers.get(name);
  return {
    entries: data ?? [],
    currency: header('X-Invoice-Currency') ?? 'USD',
    timezone: header('X-Invoice-Timezone') ?? 'UTC',
    startDate: header('X-Invoice-Start-Date'),
    endDate: header('X-Invoice-End-Date'),
    expiresAt: header('X-Invoice-Expires-At'),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
