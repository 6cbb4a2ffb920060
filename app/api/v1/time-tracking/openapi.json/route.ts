import { createHash } from 'node:crypto';
import { z } from 'zod';
import document from '@/docs/openapi.json';
import { defineRoute, publicOperation } from '@/lib/http/route';
import { API_BASE_PATH } from '@/lib/time-tracking/constants';

// The committed document, which `npm run openapi` derives from the route
// declarations (npm test fails while it is stale).
const TEXT = `${JSON.stringify(document, null, 2)}\n`;
const ETAG = `"${createHash('sha256').update(TEXT).digest('base64url').slice(0, 32)}"`;
// Public and the same for everyone until the next deploy: caches may keep it a
// few minutes, then revalidate with the ETag.
const HEADERS = { ETag: ETAG, 'Cache-Control': 'public, max-age=300' };

/** If-None-Match holds `*` or our ETag (weak comparison, RFC 9110 §13.1.2). */
function notModified(request: Request): boolean {
  const header = request.headers.get('if-none-match');
  if (!header) return false;
  return header.split(',').some((tag) => {
    const candidate = tag.trim();
    return candidate === '*' || candidate.replace(/^W\//, '') === ETAG;
  });
}

export const { GET, POST, PUT, DELETE, PATCH, OPTIONS } = defineRoute(`${API_BASE_PATH}/openapi.json`, {
  // GET /api/v1/time-tracking/openapi.json – this API's OpenAPI 3.1 document (no token needed)
  GET: publicOperation({
    operationId: 'getOpenApiDocument',
    tags: ['Reference'],
    summary: 'This OpenAPI document',
    description: 'Public (no token) and cacheable; send `If-None-Match` with the `ETag` to get a 304.',
    response: {
      status: 200,
      description: 'The OpenAPI 3.1 document.',
      headers: z.object({
        ETag: z.string().meta({ description: 'A strong validator of the document.' }),
        'Cache-Control': z.string().meta({ examples: ['public, max-age=300'] }),
      }),
      schema: z.looseObject({
        openapi: z.string(),
        info: z.looseObject({ title: z.string(), version: z.string() }),
        paths: z.record(z.string(), z.unknown()),
      }),
    },
    otherResponses: [
      {
        status: 304,
        description: 'The document has not changed since the `ETag` sent in `If-None-Match`.',
        headers: z.object({ ETag: z.string() }),
      },
    ],
    async handle({ request }) {
      if (notModified(request)) return new Response(null, { status: 304, headers: HEADERS });
      return new Response(TEXT, {
        headers: {
          ...HEADERS,
          'Content-Type': 'application/json; charset=utf-8',
          'X-Content-Type-Options': 'nosniff',
        },
      });
    },
  }),
});
