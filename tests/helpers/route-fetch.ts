import { routeFiles } from '@/lib/openapi/routes';

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

/**
 * Orders paths as Next.js matches them: segment by segment, a static segment
 * before a dynamic one (`entries/bulk` before `entries/{entry_id}`).
 */
export function compareRoutePaths(a: string, b: string): number {
  const as = a.split('/');
  const bs = b.split('/');
  for (let i = 0; i < Math.min(as.length, bs.length); i++) {
    const dynamicA = as[i]!.startsWith('{');
    const dynamicB = bs[i]!.startsWith('{');
    if (dynamicA !== dynamicB) return dynamicA ? 1 : -1;
    if (as[i] !== bs[i]) return as[i]! < bs[i]! ? -1 : 1;
  }
  return as.length - bs.length;
}

/** Each route file's path template as a pattern with named groups: /entries/{entry_id} → /entries/(?<entry_id>[^/]+). */
const routes = routeFiles().then((files) =>
  [...files]
    .sort((a, b) => compareRoutePaths(a.path, b.path))
    .map(({ path, module }) => ({
      pattern: new RegExp(`^${path.replace(/[.]/g, '\\.').replace(/\{(\w+)\}/g, '(?<$1>[^/]+)')}$`),
      module,
    })),
);

/**
 * A `fetch` that hands each request to the exported route function, as Next.js
 * would: the browser client runs against the real handlers and database.
 */
export const routeFetch: typeof fetch = async (input, init) => {
  const request = new Request(input instanceof Request ? input : new URL(String(input)), init);
  const path = new URL(request.url).pathname;
  for (const { pattern, module } of await routes) {
    const match = pattern.exec(path);
    if (!match) continue;
    const handler = module[request.method] as Handler | undefined;
    if (!handler) return new Response(null, { status: 405 });
    return handler(request, { params: Promise.resolve({ ...match.groups }) });
  }
  return new Response('<html>not here</html>', { status: 404, headers: { 'content-type': 'text/html' } });
};
