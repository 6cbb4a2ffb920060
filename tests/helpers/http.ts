import { tokenFor } from './auth';
import { checkResponseAgainstDocument } from './contract';

// biome-ignore lint/suspicious/noExplicitAny: each route declares its own params shape
type Handler = (request: Request, context: { params: Promise<any> }) => Promise<Response>;

export interface CallOptions {
  /** Signs a token for this user; ignored when `token` or `headers.authorization` is given. */
  userId?: number;
  token?: string;
  /** An object is sent as JSON; a string is sent as it is. */
  body?: unknown;
  query?: string;
  params?: Record<string, string>;
  headers?: Record<string, string>;
  path?: string;
}

export interface CallResult {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are checked against schemas in the tests
  body: any;
}

/**
 * Calls an exported route function with a real Request, as Next.js does, and
 * checks the response against the OpenAPI document (tests/helpers/contract.ts).
 */
export async function call(handler: Handler, method: string, options: CallOptions = {}): Promise<CallResult> {
  const headers = new Headers(options.headers);
  if (!headers.has('authorization') && options.token !== undefined) {
    headers.set('authorization', `Bearer ${options.token}`);
  } else if (!headers.has('authorization') && options.userId !== undefined) {
    headers.set('authorization', `Bearer ${await tokenFor(options.userId)}`);
  }
  let body: string | undefined;
  if (typeof options.body === 'string') body = options.body;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  }
  const url = `http://localhost/api/v1/time-tracking/${options.path ?? ''}${options.query ? `?${options.query}` : ''}`;
  const response = await handler(new Request(url, { method, headers, body }), {
    params: Promise.resolve(options.params ?? {}),
  });
  const text = await response.text();
  // Every response the handler tests see must be one the OpenAPI document describes.
  await checkResponseAgainstDocument(handler, {
    method,
    status: response.status,
    headers: response.headers,
    text,
  });
  const type = response.headers.get('content-type') ?? '';
  return {
    status: response.status,
    headers: response.headers,
    text,
    body: text && type.includes('json') ? JSON.parse(text) : text || null,
  };
}
