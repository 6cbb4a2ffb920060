// The one way tests make a request and read its answer, whether it goes to an
// exported route function in this process (`call`, tests/helpers/http.ts) or
// over HTTP to `next start` (`createClient`, tests/hardening/harness/client.ts).
import { tokenFor } from './auth';

export interface RequestOptions {
  /** Signs a token for this user; ignored when `token` or `headers.authorization` is given. */
  userId?: number;
  /** A raw token; `null` sends no Authorization header at all. */
  token?: string | null;
  /**
   * Strings, bytes and streams are sent exactly as given (a stream without
   * Content-Length); anything else as JSON, with Content-Type application/json
   * unless `headers` has one.
   */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed JSON when the response says it is JSON, else the text, or null when empty. */
  // biome-ignore lint/suspicious/noExplicitAny: bodies are checked against schemas by the tests
  body: any;
}

/** What came back, before the body is parsed: for the checks every response must pass. */
export interface ObservedResponse {
  method: string;
  status: number;
  headers: Headers;
  text: string;
}

const isRawBody = (body: unknown): body is BodyInit =>
  typeof body === 'string' ||
  ArrayBuffer.isView(body) ||
  body instanceof ArrayBuffer ||
  body instanceof Blob ||
  body instanceof ReadableStream;

/** The Request that `options` describe. */
async function buildRequest(method: string, url: string, options: RequestOptions = {}) {
  const headers = new Headers(options.headers);
  if (options.token !== null && !headers.has('authorization')) {
    const token =
      options.token ?? (options.userId !== undefined ? await tokenFor(options.userId) : undefined);
    if (token !== undefined) headers.set('authorization', `Bearer ${token}`);
  }
  let body: BodyInit | undefined;
  if (isRawBody(options.body)) body = options.body;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  }
  const init: RequestInit & { duplex?: 'half' } = { method, headers, body };
  // A streamed request body must say so (fetch's half-duplex rule).
  if (body instanceof ReadableStream) init.duplex = 'half';
  return new Request(url, init);
}

/**
 * Builds the request, hands it to `send` (a route function or fetch), runs
 * `check` on what came back (and fails with it), then parses the body.
 */
export async function exchange(
  send: (request: Request) => Promise<Response>,
  method: string,
  url: string,
  options: RequestOptions = {},
  check?: (observed: ObservedResponse) => void | Promise<void>,
): Promise<ApiResponse> {
  const response = await send(await buildRequest(method, url, options));
  const text = await response.text();
  await check?.({ method, status: response.status, headers: response.headers, text });
  const type = response.headers.get('content-type') ?? '';
  return {
    status: response.status,
    headers: response.headers,
    text,
    body: text && type.includes('json') ? JSON.parse(text) : text || null,
  };
}

/**
 * A body stream of the given bytes in chunks, or of endless spaces, counting
 * how many bytes the reader actually pulled.
 */
export function byteStream(source: Uint8Array | 'endless', chunkSize = 8192) {
  const state = { pulled: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (source === 'endless') {
        state.pulled += chunkSize;
        controller.enqueue(new Uint8Array(chunkSize).fill(0x20));
        return;
      }
      const chunk = source.subarray(state.pulled, state.pulled + chunkSize);
      if (chunk.byteLength === 0) {
        controller.close();
        return;
      }
      state.pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { stream, state };
}

/** A JSON object serialised to exactly `bytes` bytes (ASCII), padded with an ignored field. */
export function jsonOfExactly(bytes: number, fields: Record<string, unknown>): string {
  const base = JSON.stringify({ ...fields, padding: '' });
  const padding = bytes - base.length;
  if (padding < 0) throw new Error(`${bytes} bytes is too small for ${base}`);
  const text = JSON.stringify({ ...fields, padding: 'x'.repeat(padding) });
  if (Buffer.byteLength(text) !== bytes) throw new Error('jsonOfExactly: size mismatch');
  return text;
}
