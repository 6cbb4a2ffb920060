import { RETRY_AFTER_SECONDS } from '@/lib/config';

export type ErrorCode =
  | 'validation_failed'
  | 'invalid_json'
  | 'unauthorized'
  | 'not_found'
  | 'method_not_allowed'
  | 'conflict'
  | 'payload_too_large'
  | 'database_unavailable'
  | 'auth_not_configured'
  | 'auth_unavailable'
  | 'internal_error';

const STATUS: Record<ErrorCode, number> = {
  validation_failed: 400,
  invalid_json: 400,
  unauthorized: 401,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  database_unavailable: 503,
  auth_not_configured: 503,
  auth_unavailable: 503,
  internal_error: 500,
};

const TITLE: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export interface FieldError {
  path: string;
  message: string;
}

/** The one error type of the API; rendered as RFC 9457 problem details by `problemResponse`. */
export class ApiError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly extras: { errors?: FieldError[]; [key: string]: unknown } = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = 'ApiError';
    this.status = STATUS[code];
  }
}

export const notFound = (what: string) => new ApiError('not_found', `${what} was not found.`);

export const validationError = (errors: FieldError[], detail?: string) =>
  new ApiError(
    'validation_failed',
    detail ??
      (errors.length === 1 && errors[0]
        ? `Invalid ${errors[0].path || 'request'}: ${errors[0].message}`
        : `The request has ${errors.length} invalid fields; see "errors".`),
    { errors },
  );

export const databaseUnavailable = () =>
  new ApiError(
    'database_unavailable',
    'The database is unavailable right now. Please retry in a few seconds.',
    {},
    { 'Retry-After': String(RETRY_AFTER_SECONDS) },
  );

export function problemResponse(error: ApiError): Response {
  const body = {
    type: 'about:blank',
    title: TITLE[error.status] ?? 'Error',
    status: error.status,
    detail: error.detail,
    code: error.code,
    ...error.extras,
  };
  return new Response(JSON.stringify(body), {
    status: error.status,
    headers: {
      'Content-Type': 'application/problem+json',
      'Cache-Control': 'no-store',
      ...error.headers,
    },
  });
}
