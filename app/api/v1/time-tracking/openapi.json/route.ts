import { methodNotAllowed } from '@/lib/http/handler';
import { openApiDocument } from '@/lib/openapi/document';

// Public and the same for everyone until the next deploy: caches may keep it a
// few minutes, then revalidate with the ETag. (next.config.js leaves this path
// out of the API's Cache-Control: no-store.)
const CACHE_CONTROL = 'public, max-age=300';

/** If-None-Match holds `*` or our ETag (weak comparison, RFC 9110 §13.1.2). */
function notModified(request: Request, etag: string): boolean {
  const header = request.headers.get('if-none-match');
  if (!header) return false;
  return header.split(',').some((tag) => {
    const candidate = tag.trim();
    return candidate === '*' || candidate.replace(/^W\//, '') === etag;
  });
}

// GET /api/v1/time-tracking/openapi.json – this API's OpenAPI 3.1 document (no token needed)
export async function GET(request: Request): Promise<Response> {
  const { json, etag } = openApiDocument();
  const headers = { ETag: etag, 'Cache-Control': CACHE_CONTROL };
  if (notModified(request, etag)) return new Response(null, { status: 304, headers });
  return new Response(json, {
    headers: {
      ...headers,
      'Content-Type': 'application/json; charset=utf-8',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

// Any other method – 405 with Allow
const otherMethods = methodNotAllowed(['GET']);

export { otherMethods as POST, otherMethods as PUT, otherMethods as DELETE, otherMethods as PATCH };
