import { tokenFor } from './auth';
import { checkResponseAgainstDocument } from './contract';
import type { CallResult } from './http';

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

/**
 * A route with typed path parameters (e.g. `{ entry_id: string }`) as the
 * `Handler` that `call` expects; the test supplies the parameters.
 */
// biome-ignore lint/suspicious/noExplicitAny: any route's context
export const route = (handler: (request: Request, context: any) => Promise<Response>) => handler as Handler;

export interface RawOptions {
  userId: number;
  /** Sent exactly as given: bytes, a string or a stream (then without Content-Length). */
  body?: BodyInit;
  headers?: Record<string, string>;
  params?: Record<string, string>;
  path?: string;
}

/** Like `call`, for bodies that `call` cannot express: raw bytes, streams, a chosen Content-Length. */
export async function rawCall(handler: Handler, method: string, options: RawOptions): Promise<CallResult> {
  const headers = new Headers(options.headers);
  headers.set('authorization', `Bearer ${await tokenFor(options.userId)}`);
  const isStream = options.body instanceof ReadableStream;
  const init: RequestInit & { duplex?: 'half' } = { method, headers, body: options.body };
  if (isStream) init.duplex = 'half';
  const request = new Request(`http://localhost/api/v1/time-tracking/${options.path ?? ''}`, init);
  const response = await handler(request, { params: Promise.resolve(options.params ?? {}) });
  const text = await response.text();
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
