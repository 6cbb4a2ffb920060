import { tokenFor } from '../../helpers/auth';
import { record } from './metrics';

export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: bodies are checked against schemas by the tests
  body: any;
}

export interface RequestOptions {
  /** Signs a fresh HS256 token for this user (the suite's shared secret). */
  userId?: number;
  /** A raw token; `null` sends no Authorization header at all. */
  token?: string | null;
  /** An object is sent as JSON; a string or bytes as they are. */
  body?: unknown;
  headers?: Record<string, string>;
  /** The outage tests expect 503s; everything else counts any 5xx against the suite. */
  allow503?: boolean;
}

// Things no response may ever contain (error hygiene): SQL, driver wrappers,
// stack frames, file system paths, parameter dumps.
const LEAKS: [string, RegExp][] = [
  ['SQL', /\b(select|insert\s+into|update|delete\s+from)\b[\s\S]{0,200}\b(from|values|set|where)\b/i],
  ['driver error', /Failed query|DrizzleQueryError|PostgresError|params:/i],
  ['stack frame', /\bat\s+[\w.<>]+\s+\(|\bat\s+(file:|node:|\/)/],
  ['file path', /(\/work\/|\/home\/|\/root\/|node_modules|\.next\/server|[A-Za-z]:\\)/],
  ['table name', /\b(time_entries|user_settings)\b/],
];

export function leaksIn(text: string): string | undefined {
  for (const [name, pattern] of LEAKS) {
    const match = pattern.exec(text);
    if (match) return `${name}: …${text.slice(Math.max(0, match.index - 40), match.index + 80)}…`;
  }
  return undefined;
}

/** A fetch wrapper for the running server that records every status and checks every body for leaks. */
export function createClient(baseUrl: string) {
  return async function api(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<ApiResponse> {
    const headers = new Headers(options.headers);
    if (options.token !== null && !headers.has('authorization')) {
      const token =
        options.token ?? (options.userId !== undefined ? await tokenFor(options.userId) : undefined);
      if (token !== undefined) headers.set('authorization', `Bearer ${token}`);
    }
    let body: BodyInit | undefined;
    if (typeof options.body === 'string' || options.body instanceof Uint8Array)
      body = options.body as BodyInit;
    else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      if (!headers.has('content-type')) headers.set('content-type', 'application/json');
    }
    const url = path.startsWith('http') ? path : `${baseUrl}${path}`;
    const response = await fetch(url, { method, headers, body });
    const text = await response.text();
    record({
      kind: 'response',
      status: response.status,
      allowed5xx: options.allow503 && response.status === 503,
    });
    const leak = leaksIn(text) ?? leaksIn([...response.headers.values()].join('\n'));
    if (leak) record({ kind: 'hygiene', where: `${method} ${path} → ${response.status}`, excerpt: leak });
    let parsed: unknown = null;
    if (text && (response.headers.get('content-type') ?? '').includes('json')) parsed = JSON.parse(text);
    return { status: response.status, headers: response.headers, text, body: parsed };
  };
}

export type Api = ReturnType<typeof createClient>;
