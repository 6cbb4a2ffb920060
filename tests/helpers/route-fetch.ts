import * as batchRoute from '@/app/api/v1/time-tracking/batch-update-payment-status/route';
import * as entryRoute from '@/app/api/v1/time-tracking/entries/[entryId]/route';
import * as entriesRoute from '@/app/api/v1/time-tracking/entries/route';
import * as stopRoute from '@/app/api/v1/time-tracking/sessions/[entryId]/stop/route';
import * as activeRoute from '@/app/api/v1/time-tracking/sessions/active/route';
import * as startRoute from '@/app/api/v1/time-tracking/sessions/start/route';
import * as settingsRoute from '@/app/api/v1/time-tracking/settings/route';
import * as statsRoute from '@/app/api/v1/time-tracking/stats/route';

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
type RouteModule = Record<string, unknown>;

const ROUTES: [RegExp, RouteModule][] = [
  [/^\/entries$/, entriesRoute],
  [/^\/entries\/(?<entryId>[^/]+)$/, entryRoute],
  [/^\/batch-update-payment-status$/, batchRoute],
  [/^\/sessions\/start$/, startRoute],
  [/^\/sessions\/active$/, activeRoute],
  [/^\/sessions\/(?<entryId>[^/]+)\/stop$/, stopRoute],
  [/^\/stats$/, statsRoute],
  [/^\/settings$/, settingsRoute],
];

/**
 * A `fetch` that hands each request to the exported route function, as Next.js
 * would: the browser client runs against the real handlers and database.
 */
export const routeFetch: typeof fetch = async (input, init) => {
  const request = new Request(input instanceof Request ? input : new URL(String(input)), init);
  const path = new URL(request.url).pathname.replace(/^\/api\/v1\/time-tracking/, '');
  for (const [pattern, module] of ROUTES) {
    const match = pattern.exec(path);
    if (!match) continue;
    const handler = module[request.method] as Handler | undefined;
    if (!handler) return new Response(null, { status: 405 });
    return handler(request, { params: Promise.resolve({ ...match.groups }) });
  }
  return new Response('<html>not here</html>', { status: 404, headers: { 'content-type': 'text/html' } });
};
