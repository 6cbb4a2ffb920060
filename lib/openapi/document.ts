// The OpenAPI 3.1 description of the time-tracking API, derived from the route
// declarations (`defineRoute` in each route.ts under app/api/v1/time-tracking and
// app/api/v1/public) and
// the problem table (lib/problems.ts): request parts in their input form,
// responses in their output form. `npm run openapi` writes it to
// docs/openapi.json, which the openapi.json route serves.
import { z } from 'zod';
import {
  type CreateDocumentOptions,
  createDocument,
  type ZodOpenApiOperationObject,
  type ZodOpenApiPathsObject,
  type ZodOpenApiResponseObject,
  type ZodOpenApiResponsesObject,
} from 'zod-openapi';
import { describeBytes, MAX_BODY_BYTES } from '@/lib/http/body';
import { COMPRESSION_THRESHOLD_BYTES } from '@/lib/http/compression';
import {
  IDEMPOTENCY_KEY_HEADER,
  IN_USE_RETRY_AFTER_SECONDS,
  KEY_TTL_HOURS,
  MAX_KEY_LENGTH,
  REPLAYED_HEADER,
} from '@/lib/http/idempotency';
import { HTTP_METHODS, type Operation, type RouteDeclaration } from '@/lib/http/route';
import { PROBLEMS, type ProblemCode, RETRY_AFTER_SECONDS } from '@/lib/problems';
import { API_BASE_PATH, PUBLIC_API_BASE_PATH } from '@/lib/time-tracking/constants';
import { problemSchema } from '@/lib/time-tracking/schemas';

export const OPENAPI_DOCUMENT_PATH = `${API_BASE_PATH}/openapi.json`;
const VERSION = '1.0.0';

const DESCRIPTION = `
Time tracking for independent contractors: entries, a timer (sessions), statistics and settings.
The interactive reference is at [/docs](/docs); this document is at \`${OPENAPI_DOCUMENT_PATH}\`.

- **Auth.** Every operation needs \`Authorization: Bearer <JWT>\`; the user id is the token's \`sub\` claim
  (an integer 1–2147483647) and \`exp\` is required. A missing or invalid token is a 401. Except this document
  and the shared invoice (\`/api/v1/public/invoice/{token}\`: the token in its path is the credential).
- **Timestamps** in responses are UTC, to the second, without an offset (\`2024-01-22T09:00:00\`).
  In requests any ISO 8601 date-time is accepted; without an offset it is UTC.
- **Dates** are \`YYYY-MM-DD\`: the local calendar date of the work in the user's timezone.
- **Money and hours** are JSON numbers, never strings. Rates have at most 4 decimals, hours and amounts at
  most 2 (rounded half-up); \`x-max-decimals\` on a schema states the limit.
- **Timezones** are \`"UTC"\`, an offset \`"UTC-3"\` / \`"UTC+05:30"\`, or an IANA name.
- **Errors** are RFC 9457 problem details (\`application/problem+json\`, schema \`Problem\`); \`code\` names the
  problem. A method a path does not have is a 405 with an \`Allow\` header; an unknown path under \`/api\` is a 404.
- **Failures change nothing.** A request answered with a 4xx or 5xx has changed nothing; a 503 means the
  database did not answer in time and cancelled the statement: retry after \`Retry-After\` seconds.
- **Safe retries.** The POSTs that create or change entries accept an \`${IDEMPOTENCY_KEY_HEADER}\` header
  (up to ${MAX_KEY_LENGTH} printable ASCII characters; a fresh UUID per user action): a retry with the same key and body
  within ${KEY_TTL_HOURS} hours gets the first answer again, with \`${REPLAYED_HEADER}: true\`, and changes nothing; a retry
  while the first is still running is a 409 \`idempotency_key_in_use\` with \`Retry-After\`; the same key with another
  body is a 422 \`idempotency_key_reused\`. Only 2xx answers are kept, so a failed request can be retried with its key.
- **Request ids.** Every response carries \`X-Request-Id\` (yours, if you send one: up to 128 of
  \`A-Z a-z 0-9 _ . : @ / + = -\`; otherwise a new one), and every problem body the same id as \`request_id\`.
- **Caching.** Every API response carries \`Cache-Control: no-store\` (this document excepted).
- **Compression.** A JSON (problems too) or CSV response of ${COMPRESSION_THRESHOLD_BYTES} bytes or more is sent with
  \`Content-Encoding: br\` or \`gzip\`, whichever \`Accept-Encoding\` prefers by its q-values (\`br\` on a tie;
  \`q=0\` refuses), without \`Content-Length\`; otherwise as it is. Each such response carries
  \`Vary: Accept-Encoding\`, compressed or not. HEAD, 204 and 304 answers are not touched.
- Unknown query parameters (such as the frontend's cache-buster \`_t\`) and unknown or read-only body
  fields are ignored. An empty POST or PUT body counts as \`{}\`.
`.trim();

const TAGS = [
  { name: 'Entries', description: 'Time entries: the work done, with its rate and payment status.' },
  { name: 'Sessions', description: 'The timer: a running entry has no `end_time` yet.' },
  {
    name: 'Statistics',
    description: 'Totals for today, this week and this month, and per day, week or month of a range.',
  },
  { name: 'Settings', description: 'Default hourly rate, currency and timezone.' },
  {
    name: 'Invoice links',
    description:
      'Shareable invoices: a link freezes the completed entries matching some filters; anyone with its URL sees them (no token), until it expires or is revoked.',
  },
  { name: 'Reference', description: 'This document.' },
];

// ---- problems ---------------------------------------------------------------------

/** The headers that come with the problems of a status. */
const PROBLEM_HEADERS: Record<number, z.ZodObject> = {
  401: z.object({
    'WWW-Authenticate': z.string().meta({
      description:
        'The Bearer challenge; `error="invalid_token"` when a token was sent. For `invoice_link_invalid`: `InvoiceLink realm="public-invoice"`, a challenge no client answers (the token is in the URL).',
      examples: ['Bearer realm="time-tracking"'],
    }),
  }),
  409: z.object({
    'Retry-After': z
      .number()
      .int()
      .min(0)
      .optional()
      .meta({
        description: 'With `idempotency_key_in_use`: seconds to wait before retrying.',
        examples: [IN_USE_RETRY_AFTER_SECONDS],
      }),
  }),
  405: z.object({
    Allow: z.string().meta({ description: 'The methods the path has.', examples: ['GET, PUT'] }),
  }),
  429: z.object({
    'Retry-After': z
      .number()
      .int()
      .min(1)
      .meta({
        description: 'Seconds to wait before retrying (to the end of the window, for `rate_limited`).',
        examples: [12],
      }),
    'RateLimit-Policy': z
      .string()
      .optional()
      .meta({
        description:
          'For `rate_limited`: the limit, per IETF draft-ietf-httpapi-ratelimit-headers (`q` requests per `w` seconds).',
        examples: ['"user";q=600;w=60'],
      }),
    RateLimit: z
      .string()
      .optional()
      .meta({
        description:
          'For `rate_limited`: requests left (`r`) and seconds until the window ends (`t`). Every response under a limit carries it.',
        examples: ['"user";r=0;t=12'],
      }),
  }),
  503: z.object({
    'Retry-After': z
      .number()
      .int()
      .min(0)
      .optional()
      .meta({ description: 'Seconds to wait before retrying.', examples: [RETRY_AFTER_SECONDS] }),
  }),
};

/**
 * The headers of every answer with a JSON or CSV body under `next start`
 * (lib/http/compression.ts; the document's description says how it chooses).
 */
const compressionHeaders = z.object({
  'Content-Encoding': z
    .enum(['br', 'gzip'])
    .optional()
    .meta({
      description: `Present when the body is compressed: bodies of ${COMPRESSION_THRESHOLD_BYTES} bytes or more, in the coding the request's \`Accept-Encoding\` prefers (\`br\` on a tie); absent for smaller bodies and when neither is accepted.`,
    }),
  Vary: z
    .string()
    .optional()
    .meta({
      description:
        'Includes `Accept-Encoding`, compressed or not (a cache must key the answer on it). Sent by the Node server (`next start`, the Docker image) with every JSON or CSV answer; a platform that compresses by itself sets its own.',
      examples: ['Accept-Encoding'],
    }),
});

const problemResponses = new Map<number, ZodOpenApiResponseObject>();

/**
 * One shared response per status (a component: the same object every time),
 * listing the problem codes of that status from lib/problems.ts.
 */
function problemResponse(status: number): ZodOpenApiResponseObject {
  const known = problemResponses.get(status);
  if (known) return known;
  const codes = (Object.keys(PROBLEMS) as ProblemCode[]).filter((code) => PROBLEMS[code].status === status);
  const { title } = PROBLEMS[codes[0]!];
  const response: ZodOpenApiResponseObject = {
    id: `Problem${status}`,
    description: `${title}: ${codes.map((code) => `\`${code}\`: ${PROBLEMS[code].description}`).join(' ')}`,
    headers: PROBLEM_HEADERS[status]?.extend(compressionHeaders.shape) ?? compressionHeaders,
    content: { 'application/problem+json': { schema: problemSchema } },
  };
  problemResponses.set(status, response);
  return response;
}

/** Every problem an operation can answer: what its declaration implies, and what it lists. */
function problemsOf(operation: Operation): ProblemCode[] {
  const codes = new Set<ProblemCode>(operation.problems);
  if (operation.params || operation.query || operation.body) codes.add('validation_failed');
  if (operation.body) codes.add('invalid_json').add('payload_too_large');
  if (operation.idempotent)
    codes.add('validation_failed').add('idempotency_key_in_use').add('idempotency_key_reused');
  if (!operation.public) {
    for (const code of [
      'unauthorized',
      'auth_not_configured',
      'auth_unavailable',
      'database_unavailable',
      'rate_limited',
      'too_many_in_flight',
    ] as const)
      codes.add(code);
    codes.add('internal_error');
  }
  if (operation.rateLimit === 'address') codes.add('rate_limited');
  return [...codes];
}

// ---- operations -------------------------------------------------------------------

const json = (schema: z.ZodType) => ({ 'application/json': { schema } });

/** The request header of an `idempotent` operation (lib/http/idempotency.ts). */
const idempotencyKeyHeader = z.object({
  [IDEMPOTENCY_KEY_HEADER]: z
    .string()
    .min(1)
    .max(MAX_KEY_LENGTH)
    .regex(/^[\x20-\x7e]+$/)
    .optional()
    .meta({
      description: `Makes the request safe to retry: the same key and body within ${KEY_TTL_HOURS} hours is answered with the stored first answer (\`${REPLAYED_HEADER}: true\`) and changes nothing. Up to ${MAX_KEY_LENGTH} printable ASCII characters, per user; a structured-field string (\`"…"\`) or bare. A malformed key is a 400.`,
      examples: ['"8e03978e-40d5-43e8-bc93-6894a57f9324"'],
    }),
});

/** The success header of an `idempotent` operation. */
const replayedHeader = z.object({
  [REPLAYED_HEADER]: z
    .enum(['true'])
    .optional()
    .meta({
      description: `Present when this is the stored answer to an earlier request with the same \`${IDEMPOTENCY_KEY_HEADER}\`.`,
    }),
});

function operationObject(operation: Operation): ZodOpenApiOperationObject {
  const responses: Record<string, ZodOpenApiResponseObject> = {};
  for (const response of [operation.response, ...(operation.otherResponses ?? [])]) {
    const replayed = operation.idempotent && response === operation.response;
    const extra = { ...(replayed && replayedHeader.shape), ...(response.schema && compressionHeaders.shape) };
    const headers =
      Object.keys(extra).length > 0 ? (response.headers?.extend(extra) ?? z.object(extra)) : response.headers;
    responses[String(response.status)] = {
      description: response.description,
      ...(headers && { headers }),
      ...(response.schema && {
        content: response.mediaType
          ? { [response.mediaType]: { schema: response.schema } }
          : json(response.schema),
      }),
    };
  }
  const statuses = [...new Set(problemsOf(operation).map((code) => PROBLEMS[code].status))].sort();
  for (const status of statuses) responses[String(status)] = problemResponse(status);
  return {
    operationId: operation.operationId,
    tags: operation.tags,
    summary: operation.summary,
    ...(operation.description && { description: operation.description }),
    ...(operation.public && { security: [] }),
    ...((operation.params || operation.query || operation.idempotent) && {
      requestParams: {
        ...(operation.params && { path: operation.params as z.ZodObject }),
        ...(operation.query && { query: operation.query as z.ZodObject }),
        ...(operation.idempotent && { header: idempotencyKeyHeader }),
      },
    }),
    ...(operation.body && {
      requestBody: {
        required: !operation.bodyOptional,
        description: `At most ${describeBytes(operation.maxBody?.bytes ?? MAX_BODY_BYTES)}; a larger body is a 413.`,
        content: json(operation.body),
      },
    }),
    responses: responses as ZodOpenApiResponsesObject,
  };
}

/**
 * zod leaves examples and defaults out of the input side of a schema that
 * transforms, as it takes them to be written in the output type. Ours are
 * written as a client sends them (an example timestamp, `limit`'s 100), so
 * they are put back.
 */
const keepInputExamples: CreateDocumentOptions['override'] = ({ jsonSchema, zodSchema, io }) => {
  if (io !== 'input') return;
  const meta = z.globalRegistry.get(zodSchema);
  if (meta?.examples !== undefined && jsonSchema.examples === undefined) jsonSchema.examples = meta.examples;
  const def = zodSchema._zod.def;
  if (def.type === 'default' && jsonSchema.default === undefined) jsonSchema.default = def.defaultValue;
};

/**
 * A route's path as the document writes it: relative to the document's server
 * (API_BASE_PATH), or, for the public endpoints outside it, relative to `/api/v1`
 * with a server of their own on the path (`/public/invoice/{token}`).
 */
export function documentPathOf(routePath: string): { key: string; server?: string } {
  if (routePath.startsWith(`${API_BASE_PATH}/`)) return { key: routePath.slice(API_BASE_PATH.length) };
  const root = PUBLIC_API_BASE_PATH.slice(0, PUBLIC_API_BASE_PATH.lastIndexOf('/'));
  if (routePath.startsWith(`${PUBLIC_API_BASE_PATH}/`))
    return { key: routePath.slice(root.length), server: root };
  throw new Error(`${routePath} is not under ${API_BASE_PATH} or ${PUBLIC_API_BASE_PATH}`);
}

/** Builds the document from the route declarations. Pure and deterministic. */
export function buildOpenApiDocument(routes: RouteDeclaration[]) {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of [...routes].sort((a, b) => a.path.localeCompare(b.path))) {
    const { key, server } = documentPathOf(route.path);
    const item: Record<string, unknown> = {};
    if (server) item.servers = [{ url: server, description: 'This server' }];
    for (const method of HTTP_METHODS) {
      const operation = route.operations[method];
      if (operation) item[method.toLowerCase()] = operationObject(operation);
    }
    paths[key] = item;
  }
  return createDocument(
    {
      openapi: '3.1.0',
      info: { title: 'Time-tracking API', version: VERSION, description: DESCRIPTION },
      // Relative, so "try it" in the reference calls the server that serves it.
      servers: [{ url: API_BASE_PATH, description: 'This server' }],
      security: [{ bearerAuth: [] }],
      tags: TAGS,
      paths,
      components: {
        securitySchemes: {
          bearerAuth: {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'JWT',
            description:
              'A JWT: HS256 with the shared secret (the existing backend issues `{ "sub": "<user id>", "exp": … }`), or RS256/ES256/EdDSA from the configured identity provider. `sub` is the user id; `exp` is required.',
          },
        },
        // What any method a path does not have gets (no operation lists it).
        responses: { Problem405: problemResponse(PROBLEMS.method_not_allowed.status) },
      },
    },
    { override: keepInputExamples },
  );
}

export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;
