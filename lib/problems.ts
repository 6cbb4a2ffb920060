// Every problem the API can answer, once: its `code` (the problem+json
// extension member programs match on), HTTP status, title and what it means.
// The error type (lib/errors.ts), the wire schema of a problem
// (lib/time-tracking/schemas.ts), the OpenAPI error responses
// (lib/openapi/document.ts) and the browser client all read this table.
// Pure: no imports, safe for the page's bundle.

export const PROBLEMS = {
  validation_failed: {
    status: 400,
    title: 'Bad Request',
    description:
      'Failed validation (`errors` names each field), an id that is not an integer from 1 to 2147483647, or a malformed path.',
  },
  invalid_json: {
    status: 400,
    title: 'Bad Request',
    description: 'The body is not valid UTF-8 JSON, or not a JSON object.',
  },
  unauthorized: {
    status: 401,
    title: 'Unauthorized',
    description: 'The bearer token is missing, malformed, expired, or does not name a user.',
  },
  invoice_link_invalid: {
    status: 401,
    title: 'Unauthorized',
    description:
      'The public invoice link is unknown, malformed, expired or revoked: the same answer for each. Its `WWW-Authenticate` names no scheme a client could answer (the token is in the URL).',
  },
  not_found: {
    status: 404,
    title: 'Not Found',
    description: "The entry does not exist or is another user's (the two are indistinguishable).",
  },
  method_not_allowed: {
    status: 405,
    title: 'Method Not Allowed',
    description: 'The path does not have this method; `Allow` lists the ones it has.',
  },
  conflict: {
    status: 409,
    title: 'Conflict',
    description:
      'A second running timer (the body carries the running entry as `active_entry`), or a stop with a different `end_time` on a stopped entry. Concurrent edits of the same entries wait for each other instead; only a write the database kept rolling back as a deadlock or serialization failure, after the server retried it, is a 409 (nothing was changed; repeat it).',
  },
  idempotency_key_in_use: {
    status: 409,
    title: 'Conflict',
    description:
      'A request with the same `Idempotency-Key` is still running. Comes with `Retry-After`; the retry then gets its stored answer.',
  },
  payload_too_large: {
    status: 413,
    title: 'Content Too Large',
    description: 'The body is larger than 64 KiB.',
  },
  idempotency_key_reused: {
    status: 422,
    title: 'Unprocessable Content',
    description:
      'The `Idempotency-Key` was already used (in the last 24 hours) for a different request: another method, path or body.',
  },
  rate_limited: {
    status: 429,
    title: 'Too Many Requests',
    description:
      'The caller (the user, or the client address on a public endpoint) made more requests this minute than the limit allows. Comes with `Retry-After` and the `RateLimit` and `RateLimit-Policy` headers.',
  },
  too_many_in_flight: {
    status: 429,
    title: 'Too Many Requests',
    description:
      'The user already has as many requests in progress as allowed (a large list page counts until its body is sent). Comes with `Retry-After`.',
  },
  internal_error: {
    status: 500,
    title: 'Internal Server Error',
    description: 'A bug. The body never carries SQL, parameters or a stack trace.',
  },
  database_unavailable: {
    status: 503,
    title: 'Service Unavailable',
    description:
      'The database is unreachable, or did not finish the statement in time (it was cancelled, so nothing was changed). Comes with `Retry-After`.',
  },
  auth_not_configured: {
    status: 503,
    title: 'Service Unavailable',
    description: 'The server has no token verification key configured.',
  },
  auth_unavailable: {
    status: 503,
    title: 'Service Unavailable',
    description: "The identity provider's signing keys cannot be fetched. Comes with `Retry-After`.",
  },
} as const satisfies Record<string, { status: number; title: string; description: string }>;

export type ProblemCode = keyof typeof PROBLEMS;
export const PROBLEM_CODES = Object.keys(PROBLEMS) as [ProblemCode, ...ProblemCode[]];

/** Seconds a client is told to wait (Retry-After) before retrying a 503. */
export const RETRY_AFTER_SECONDS = 5;
