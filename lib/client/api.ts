// A small typed client for the time-tracking API, for the browser (same
// origin by default). Types come from the shared schemas; only `import type`,
// so zod stays out of the page's bundle.
import type {
  BatchUpdatePaymentStatusInput,
  BatchUpdateResult,
  CreateTimeEntryInput,
  PaymentStatus,
  StartSessionInput,
  StatsPeriod,
  StopSessionInput,
  TimeEntry,
  TimeEntryStats,
  TimeTrackingSettings,
  UpdateSettingsInput,
  UpdateTimeEntryInput,
} from '@/lib/time-tracking/schemas';

export const API_BASE_PATH = '/api/v1/time-tracking';

export interface FieldError {
  path: string;
  message: string;
}

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

  constructor(init: {
    status: number;
    code: string;
    detail: string;
    errors?: FieldError[];
    activeEntry?: TimeEntry | null;
  }) {
    super(init.detail);
    this.name = 'ApiProblemError';
    this.status = init.status;
    this.code = init.code;
    this.detail = init.detail;
    this.errors = init.errors ?? [];
    this.activeEntry = init.activeEntry ?? null;
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
  /** Default '' (same origin). */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Called on every 401, for instance to forget a token the server refused. */
  onUnauthorized?: (error: ApiProblemError) => void;
}

export interface EntryFilters {
  start_date?: string;
  end_date?: string;
  payment_status?: PaymentStatus;
  skip?: number;
  limit?: number;
}

export interface EntryPage {
  entries: TimeEntry[];
  /** X-Total-Count: every matching entry, ignoring skip and limit. */
  total: number;
  /** The skip this page was asked for (the API's default is 0). */
  skip: number;
}

export interface StatsQuery {
  period?: StatsPeriod;
  timezone?: string;
}

const FALLBACK_CODES: Record<number, string> = {
  400: 'validation_failed',
  401: 'unauthorized',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  503: 'service_unavailable',
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function problemFrom(response: Response): Promise<ApiProblemError> {
  const text = await response.text().catch(() => '');
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {}
  const fallback = FALLBACK_CODES[response.status] ?? 'http_error';
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
  });
}

function queryString(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export function createApiClient(options: ApiClientOptions) {
  const baseUrl = options.baseUrl ?? '';
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));

  async function send(method: string, path: string, body?: unknown): Promise<Response> {
    const headers = new Headers({ Accept: 'application/json' });
    const token = await options.getToken();
    if (token) headers.set('Authorization', `Bearer ${token}`);
    if (body !== undefined) headers.set('Content-Type', 'application/json');
    let response: Response;
    try {
      response = await doFetch(`${baseUrl}${API_BASE_PATH}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
      });
    } catch {
      throw new ApiProblemError({
        status: 0,
        code: 'network_error',
        detail: 'Could not reach the server. Check your connection and try again.',
      });
    }
    if (!response.ok) {
      const problem = await problemFrom(response);
      if (problem.status === 401) options.onUnauthorized?.(problem);
      throw problem;
    }
    return response;
  }

  async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await send(method, path, body);
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }

  return {
    async listEntries(filters: EntryFilters = {}): Promise<EntryPage> {
      const response = await send('GET', `/entries${queryString({ ...filters })}`);
      const entries = (await response.json()) as TimeEntry[];
      const header = Number(response.headers.get('X-Total-Count'));
      return { entries, total: Number.isFinite(header) ? header : entries.length, skip: filters.skip ?? 0 };
    },
    getEntry: (id: number) => request<TimeEntry>('GET', `/entries/${id}`),
    createEntry: (input: CreateTimeEntryInput) => request<TimeEntry>('POST', '/entries', input),
    updateEntry: (id: number, input: UpdateTimeEntryInput) =>
      request<TimeEntry>('PUT', `/entries/${id}`, input),
    deleteEntry: (id: number) => request<void>('DELETE', `/entries/${id}`),
    batchUpdatePaymentStatus: (input: BatchUpdatePaymentStatusInput) =>
      request<BatchUpdateResult>('POST', '/batch-update-payment-status', input),
    startSession: (input: StartSessionInput = {}) => request<TimeEntry>('POST', '/sessions/start', input),
    stopSession: (id: number, input: StopSessionInput = {}) =>
      request<TimeEntry>('POST', `/sessions/${id}/stop`, input),
    getActiveSession: () => request<TimeEntry | null>('GET', '/sessions/active'),
    getStats: (query: StatsQuery = {}) =>
      request<TimeEntryStats>('GET', `/stats${queryString({ ...query })}`),
    getSettings: () => request<TimeTrackingSettings>('GET', '/settings'),
    updateSettings: (input: UpdateSettingsInput) => request<TimeTrackingSettings>('PUT', '/settings', input),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
