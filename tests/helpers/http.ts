import { checkResponseAgainstDocument } from './contract';
import { type ApiResponse, exchange, type RequestOptions } from './request';

// biome-ignore lint/suspicious/noExplicitAny: each route declares its own params shape
type Handler = (request: Request, context: { params: Promise<any> }) => Promise<Response>;

export interface CallOptions extends RequestOptions {
  query?: string;
  params?: Record<string, string>;
  path?: string;
}

export type CallResult = ApiResponse;

/**
 * Calls an exported route function with a real Request, as Next.js does, and
 * checks the response against the OpenAPI document (tests/helpers/contract.ts).
 */
export function call(handler: Handler, method: string, options: CallOptions = {}): Promise<CallResult> {
  const url = `http://localhost/api/v1/time-tracking/${options.path ?? ''}${options.query ? `?${options.query}` : ''}`;
  return exchange(
    (request) => handler(request, { params: Promise.resolve(options.params ?? {}) }),
    method,
    url,
    options,
    // Every response the handler tests see must be one the OpenAPI document describes.
    (observed) => checkResponseAgainstDocument(handler, observed),
  );
}
