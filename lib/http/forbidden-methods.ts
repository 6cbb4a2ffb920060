// TRACE cannot reach a route handler: the Fetch standard forbids it, so the
// `Request` Next.js builds for a handler throws ("'TRACE' HTTP method is
// unsupported") and the client got a plain-text 500 before any code of ours
// ran; neither a route handler nor proxy.ts (which also gets a Request) can
// catch it. So this hook sits where the request is still Node's
// (./server-hook.ts) and, for a TRACE request only:
// - under /api/, hands it on as OPTIONS marked with ORIGINAL_METHOD_HEADER, so
//   that the route itself answers with its real methods (a 405 with `Allow`,
//   from defineRoute or plainRoute in ./route.ts, or the 404 of an unknown path);
// - elsewhere (the pages, /docs and static files, which all have only GET and
//   HEAD), answers the 405 problem+json itself.
// The marker header is removed from every other request, so a client cannot
// send it. Nothing else about a request is touched.
import type http from 'node:http';
import { onServerRequest } from './server-hook';

/** Set by the hook only: the method the client sent, when it was one a Request cannot carry. */
export const ORIGINAL_METHOD_HEADER = 'x-time-tracking-original-method';
const FORBIDDEN_METHODS = new Set(['TRACE']);
/** What every path outside /api/ has: pages, /docs and static files. */
const PAGE_METHODS = 'GET, HEAD';

/** The method the client sent (the hook passes TRACE on as a marked OPTIONS). */
export function methodOf(request: Request): string {
  return request.headers.get(ORIGINAL_METHOD_HEADER) ?? request.method;
}

async function answerOutsideApi(req: http.IncomingMessage, res: http.ServerResponse) {
  const { serve } = await import('./route');
  const { AppError } = await import('@/lib/errors');
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.set(name, value);
  }
  // Only what `serve` reads of a request: its method and headers.
  const request = { method: req.method, headers } as Request;
  const response = await serve(request, req.url?.split('?')[0] ?? '/', async () => {
    throw new AppError('method_not_allowed', `${req.method} is not supported here; use ${PAGE_METHODS}.`, {
      headers: { Allow: PAGE_METHODS },
    });
  });
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(await response.text());
}

export function installForbiddenMethods() {
  onServerRequest('forbidden-methods', (req, res) => {
    delete req.headers[ORIGINAL_METHOD_HEADER];
    if (!req.method || !FORBIDDEN_METHODS.has(req.method)) return;
    if (!req.url?.startsWith('/api/') && req.url !== '/api') {
      answerOutsideApi(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
      return true;
    }
    req.headers[ORIGINAL_METHOD_HEADER] = req.method;
    req.method = 'OPTIONS';
  });
}
