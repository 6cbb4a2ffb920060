// The OpenAPI 3.1 description of the time-tracking API, generated from the zod
// schemas the route handlers validate with (lib/time-tracking/schemas.ts):
// request parts in their input form, responses in their output form. Served at
// /api/v1/time-tracking/openapi.json and copied to docs/openapi.json by
// `npm run openapi`.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import {
  type CreateDocumentOptions,
  createDocument,
  type ZodOpenApiOperationObject,
  type ZodOpenApiResponseObject,
  type ZodOpenApiResponsesObject,
} from 'zod-openapi';
import { RETRY_AFTER_SECONDS } from '@/lib/config';
import { MAX_BODY_BYTES } from '@/lib/http/body';
import {
  batchUpdatePaymentStatusSchema,
  batchUpdateResultSchema,
  createEntrySchema,
  entryIdParamSchema,
  listEntriesQuerySchema,
  type Problem,
  problemSchema,
  settingsSchema,
  startSessionSchema,
  statsQuerySchema,
  statsSchema,
  stopSessionSchema,
  type TimeEntry,
  timeEntrySchema,
  updateEntrySchema,
  updateSettingsSchema,
} from '@/lib/time-tracking/schemas';

export const API_BASE_PATH = '/api/v1/time-tracking';
export const OPENAPI_DOCUMENT_PATH = `${API_BASE_PATH}/openapi.json`;
const VERSION = '1.0.0';

const DESCRIPTION = `
Time tracking for independent contractors: entries, a timer (sessions), statistics and settings.
The interactive reference is at [/docs](/docs); this document is at \`${OPENAPI_DOCUMENT_PATH}\`.

- **Auth.** Every operation needs \`Authorization: Bearer <JWT>\`; the user id is the token's \`sub\` claim
  (an integer 1–2147483647) and \`exp\` is required. A missing or invalid token is a 401.
- **Timestamps** in responses are UTC, to the second, without an offset (\`2024-01-22T09:00:00\`).
  In requests any ISO 8601 date-time is accepted; without an offset it is UTC.
- **Dates** are \`YYYY-MM-DD\`: the local calendar date of the work in the user's timezone.
- **Money and hours** are JSON numbers, never strings. Rates have at most 4 decimals, hours and amounts at
  most 2 (rounded half-up); \`x-max-decimals\` on a schema states the limit.
- **Timezones** are \`"UTC"\`, an offset \`"UTC-3"\` / \`"UTC+05:30"\`, or an IANA name.
- **Errors** are RFC 9457 problem details (\`application/problem+json\`, schema \`Problem\`).
  A method a path does not have is a 405 with an \`Allow\` header; an unknown path under \`/api\` is a 404.
- **Caching.** Every API response carries \`Cache-Control: no-store\` (this document excepted).
- Unknown query parameters (such as the frontend's cache-buster \`_t\`) and unknown or read-only body
  fields are ignored. An empty POST or PUT body counts as \`{}\`.
`.trim();

// ---- problem responses, shared between operations ---------------------------

const problem = (status: number, title: string, code: Problem['code'], detail: string, extra = {}) => ({
  value: { type: 'about:blank', title, status, detail, code, ...extra },
});

const problemContent = (examples: Record<string, { summary?: string; value: Problem }>) => ({
  'application/problem+json': { schema: problemSchema, examples },
});

const RUNNING_ENTRY: TimeEntry = {
  id: 7,
  date: '2024-01-22',
  start_time: '2024-01-22T09:00:00',
  end_time: null,
  hourly_rate: 50,
  total_hours: null,
  total_earned: null,
  payment_status: 'not_paid',
  notes: null,
  created_at: '2024-01-22T09:00:00',
  updated_at: '2024-01-22T09:00:00',
  user_id: 123,
};

const badRequest: ZodOpenApiResponseObject = {
  id: 'BadRequest',
  description:
    'Invalid input: bad JSON or a body that is not a JSON object, failed validation (`errors` names each field), or an id that is not an integer from 1 to 2147483647.',
  content: problemContent({
    validation: {
      summary: 'A field failed validation',
      ...problem(
        400,
        'Bad Request',
        'validation_failed',
        'Invalid hourly_rate: must be a number (not a string)',
        {
          errors: [{ path: 'hourly_rate', message: 'must be a number (not a string)' }],
        },
      ),
    },
    json: {
      summary: 'The body is not JSON',
      ...problem(400, 'Bad Request', 'invalid_json', 'The request body is not valid JSON.'),
    },
  }),
};

const unauthorized: ZodOpenApiResponseObject = {
  id: 'Unauthorized',
  description: 'The bearer token is missing, malformed, expired, or does not name a user.',
  headers: z.object({
    'WWW-Authenticate': z.string().meta({
      description: 'The Bearer challenge; `error="invalid_token"` when a token was sent.',
      examples: ['Bearer realm="time-tracking"'],
    }),
  }),
  content: problemContent({
    missing: {
      summary: 'No token',
      ...problem(
        401,
        'Unauthorized',
        'unauthorized',
        'Missing bearer token: send "Authorization: Bearer <JWT>".',
      ),
    },
  }),
};

const notFound: ZodOpenApiResponseObject = {
  id: 'NotFound',
  description: "The entry does not exist or is another user's (the two are indistinguishable).",
  content: problemContent({
    entry: { ...problem(404, 'Not Found', 'not_found', 'Time entry 42 was not found.') },
  }),
};

const conflict: ZodOpenApiResponseObject = {
  id: 'Conflict',
  description:
    'A second running timer (the body carries the running entry as `active_entry`), a stop with a different `end_time` on a stopped entry, or an edit that lost a race.',
  content: problemContent({
    running: {
      summary: 'Another timer is running',
      ...problem(
        409,
        'Conflict',
        'conflict',
        'A timer is already running (entry 7, started 2024-01-22T09:00:00 UTC); stop it first.',
        { active_entry: RUNNING_ENTRY },
      ),
    },
  }),
};

const contentTooLarge: ZodOpenApiResponseObject = {
  id: 'ContentTooLarge',
  description: `The body is larger than ${MAX_BODY_BYTES / 1024} KiB.`,
  content: problemContent({
    tooLarge: {
      ...problem(
        413,
        'Content Too Large',
        'payload_too_large',
        `The request body is larger than ${MAX_BODY_BYTES / 1024} KiB; send a smaller body.`,
      ),
    },
  }),
};

const internalError: ZodOpenApiResponseObject = {
  id: 'InternalServerError',
  description: 'A bug. The body never carries SQL, parameters or a stack trace.',
  content: problemContent({
    bug: {
      ...problem(
        500,
        'Internal Server Error',
        'internal_error',
        'Something went wrong on our side. It has been logged; please try again later.',
      ),
    },
  }),
};

const serviceUnavailable: ZodOpenApiResponseObject = {
  id: 'ServiceUnavailable',
  description:
    'The database is unreachable (`database_unavailable`) or the token keys cannot be fetched (`auth_unavailable`), both with `Retry-After`; or the server has no token key configured (`auth_not_configured`).',
  headers: z.object({
    'Retry-After': z
      .number()
      .int()
      .min(0)
      .optional()
      .meta({ description: 'Seconds to wait before retrying.', examples: [RETRY_AFTER_SECONDS] }),
  }),
  content: problemContent({
    database: {
      ...problem(
        503,
        'Service Unavailable',
        'database_unavailable',
        'The database is unavailable right now. Please retry in a few seconds.',
      ),
    },
  }),
};

/** Not used by an operation (no documented method answers it): what any other method gets. */
const methodNotAllowed: ZodOpenApiResponseObject = {
  id: 'MethodNotAllowed',
  description: 'The path does not have this method; `Allow` lists the ones it has.',
  headers: z.object({
    Allow: z.string().meta({ description: 'The methods the path has.', examples: ['GET, PUT'] }),
  }),
  content: problemContent({
    method: {
      ...problem(
        405,
        'Method Not Allowed',
        'method_not_allowed',
        'PATCH is not supported here; use GET, PUT.',
      ),
    },
  }),
};

// ---- operations ---------------------------------------------------------------

const json = (schema: z.ZodType) => ({ 'application/json': { schema } });

const entryResponse = (description: string): ZodOpenApiResponseObject => ({
  description,
  content: json(timeEntrySchema),
});

/** Which of the shared failures an authenticated operation can answer. */
function failures(kinds: { input?: boolean; body?: boolean; id?: boolean; conflict?: boolean }) {
  const responses: ZodOpenApiResponsesObject = {};
  if (kinds.input || kinds.body || kinds.id) responses['400'] = badRequest;
  responses['401'] = unauthorized;
  if (kinds.id) responses['404'] = notFound;
  if (kinds.conflict) responses['409'] = conflict;
  if (kinds.body) responses['413'] = contentTooLarge;
  responses['500'] = internalError;
  responses['503'] = serviceUnavailable;
  return responses;
}

const idParam = { path: z.object({ id: entryIdParamSchema }) };

const body = (schema: z.ZodType, required: boolean) => ({
  required,
  content: json(schema),
});

const operations = {
  listEntries: {
    operationId: 'listEntries',
    tags: ['Entries'],
    summary: "List the user's entries",
    description:
      'A bare array, newest first (`date` desc, `start_time` desc, `id` desc). `X-Total-Count` is the number of matching entries, ignoring `skip` and `limit`. `start_date` after `end_date` is a 400.',
    requestParams: { query: listEntriesQuerySchema },
    responses: {
      '200': {
        description: 'The entries on this page.',
        headers: z.object({
          'X-Total-Count': z
            .number()
            .int()
            .min(0)
            .meta({ description: 'How many entries match the filters.', examples: [42] }),
        }),
        content: json(z.array(timeEntrySchema)),
      },
      ...failures({ input: true }),
    },
  },
  createEntry: {
    operationId: 'createEntry',
    tags: ['Entries'],
    summary: 'Create an entry',
    description:
      'Without `end_time` the entry is a running timer: a 409 (with `active_entry`) if one is already running.',
    requestBody: body(createEntrySchema, true),
    responses: {
      '201': entryResponse('The created entry.'),
      ...failures({ body: true, conflict: true }),
    },
  },
  getEntry: {
    operationId: 'getEntry',
    tags: ['Entries'],
    summary: 'Get one entry',
    requestParams: idParam,
    responses: { '200': entryResponse('The entry.'), ...failures({ id: true }) },
  },
  updateEntry: {
    operationId: 'updateEntry',
    tags: ['Entries'],
    summary: 'Update an entry (partial)',
    requestParams: idParam,
    requestBody: body(updateEntrySchema, true),
    responses: {
      '200': entryResponse('The updated entry.'),
      ...failures({ id: true, body: true, conflict: true }),
    },
  },
  deleteEntry: {
    operationId: 'deleteEntry',
    tags: ['Entries'],
    summary: 'Delete an entry',
    description: 'A running entry may be deleted too.',
    requestParams: idParam,
    responses: { '204': { description: 'Deleted; no body.' }, ...failures({ id: true }) },
  },
  batchUpdatePaymentStatus: {
    operationId: 'batchUpdatePaymentStatus',
    tags: ['Entries'],
    summary: 'Set one payment status on many entries',
    description:
      "All or nothing: if any id is missing or another user's, the answer is 404 naming the missing ids and nothing changes.",
    requestBody: body(batchUpdatePaymentStatusSchema, true),
    responses: {
      '200': { description: 'Every entry was updated.', content: json(batchUpdateResultSchema) },
      ...failures({ body: true, id: true }),
    },
  },
  startSession: {
    operationId: 'startSession',
    tags: ['Sessions'],
    summary: 'Start the timer',
    description:
      'The new entry starts now (to the second). At most one running entry per user: a second start is a 409 whose body carries `active_entry`.',
    requestBody: body(startSessionSchema, false),
    responses: {
      '201': entryResponse('The new running entry.'),
      ...failures({ body: true, conflict: true }),
    },
  },
  stopSession: {
    operationId: 'stopSession',
    tags: ['Sessions'],
    summary: 'Stop the timer',
    description:
      'Stopping an entry that is already stopped returns it unchanged (two tabs may both press "stop"); an explicit `end_time` different from the stored one is then a 409. An `end_time` not after `start_time` is a 400.',
    requestParams: idParam,
    requestBody: body(stopSessionSchema, false),
    responses: {
      '200': entryResponse('The completed entry with its totals.'),
      ...failures({ id: true, body: true, conflict: true }),
    },
  },
  getActiveSession: {
    operationId: 'getActiveSession',
    tags: ['Sessions'],
    summary: 'The running entry, if any',
    responses: {
      '200': {
        description: 'The running entry, or `null` when no timer runs.',
        content: json(timeEntrySchema.nullable()),
      },
      ...failures({}),
    },
  },
  getStats: {
    operationId: 'getStats',
    tags: ['Statistics'],
    summary: 'Hours and earnings',
    description:
      'Only completed entries count. Earnings are the sum of the entries’ `total_earned`; hours are the exact total duration, rounded once.',
    requestParams: { query: statsQuerySchema },
    responses: {
      '200': { description: 'The statistics.', content: json(statsSchema) },
      ...failures({ input: true }),
    },
  },
  getSettings: {
    operationId: 'getSettings',
    tags: ['Settings'],
    summary: "The user's settings",
    description: "Created with the server's defaults on first access.",
    responses: {
      '200': { description: 'The settings.', content: json(settingsSchema) },
      ...failures({}),
    },
  },
  updateSettings: {
    operationId: 'updateSettings',
    tags: ['Settings'],
    summary: 'Change settings',
    description: 'Changing the timezone does not move the `date` of existing entries.',
    requestBody: body(updateSettingsSchema, true),
    responses: {
      '200': { description: 'The full settings after the change.', content: json(settingsSchema) },
      ...failures({ body: true }),
    },
  },
  getOpenApiDocument: {
    operationId: 'getOpenApiDocument',
    tags: ['Reference'],
    summary: 'This OpenAPI document',
    description: 'Public (no token) and cacheable; send `If-None-Match` with the `ETag` to get a 304.',
    security: [],
    responses: {
      '200': {
        description: 'The OpenAPI 3.1 document.',
        headers: z.object({
          ETag: z.string().meta({ description: 'A strong validator of the document.' }),
          'Cache-Control': z.string().meta({ examples: ['public, max-age=300, must-revalidate'] }),
        }),
        content: json(
          z.looseObject({
            openapi: z.string(),
            info: z.looseObject({ title: z.string(), version: z.string() }),
            paths: z.record(z.string(), z.unknown()),
          }),
        ),
      },
      '304': {
        description: 'The document has not changed since the `ETag` sent in `If-None-Match`.',
        headers: z.object({ ETag: z.string() }),
      },
    },
  },
} satisfies Record<string, ZodOpenApiOperationObject>;

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

/** Builds the document. Pure and deterministic: the same code gives the same document. */
export function buildOpenApiDocument() {
  return createDocument(
    {
      openapi: '3.1.0',
      info: { title: 'Time-tracking API', version: VERSION, description: DESCRIPTION },
      // Relative, so "try it" in the reference calls the server that serves it.
      servers: [{ url: API_BASE_PATH, description: 'This server' }],
      security: [{ bearerAuth: [] }],
      tags: [
        { name: 'Entries', description: 'Time entries: the work done, with its rate and payment status.' },
        { name: 'Sessions', description: 'The timer: a running entry has no `end_time` yet.' },
        { name: 'Statistics', description: 'Totals for today, this week and this month.' },
        { name: 'Settings', description: 'Default hourly rate, currency and timezone.' },
        { name: 'Reference', description: 'This document.' },
      ],
      paths: {
        '/entries': { get: operations.listEntries, post: operations.createEntry },
        '/entries/{id}': {
          get: operations.getEntry,
          put: operations.updateEntry,
          delete: operations.deleteEntry,
        },
        '/batch-update-payment-status': { post: operations.batchUpdatePaymentStatus },
        '/sessions/start': { post: operations.startSession },
        '/sessions/{id}/stop': { post: operations.stopSession },
        '/sessions/active': { get: operations.getActiveSession },
        '/stats': { get: operations.getStats },
        '/settings': { get: operations.getSettings, put: operations.updateSettings },
        '/openapi.json': { get: operations.getOpenApiDocument },
      },
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
        responses: { MethodNotAllowed: methodNotAllowed },
      },
    },
    { override: keepInputExamples },
  );
}

export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;

let cached: { document: OpenApiDocument; json: string; etag: string } | undefined;

/**
 * The document, its JSON text (2-space indent, final newline) and a strong ETag
 * of that text; built once per process.
 */
export function openApiDocument() {
  if (!cached) {
    const document = buildOpenApiDocument();
    const json = `${JSON.stringify(document, null, 2)}\n`;
    const etag = `"${createHash('sha256').update(json).digest('base64url').slice(0, 32)}"`;
    cached = { document, json, etag };
  }
  return cached;
}
