// The one error type of the application. Domain functions throw it with a code
// from lib/problems.ts; the HTTP layer renders it as problem+json
// (lib/http/problem.ts). Nothing here knows about HTTP responses.
import type { TimeEntryRow } from '@/db/schema';
import { PROBLEMS, type ProblemCode, RETRY_AFTER_SECONDS } from './problems';
import { formatUtc } from './time-tracking/timezone';

export interface FieldError {
  path: string;
  message: string;
}

export interface AppErrorOptions {
  /** Validation failures, one per field. */
  errors?: FieldError[];
  /** Response headers the problem needs (WWW-Authenticate, Retry-After, Allow). */
  headers?: Record<string, string>;
  /** What went wrong underneath, for the log only. */
  cause?: unknown;
}

export class AppError extends Error {
  readonly errors?: FieldError[];
  readonly headers: Record<string, string>;

  constructor(
    readonly code: ProblemCode,
    readonly detail: string,
    options: AppErrorOptions = {},
  ) {
    super(detail, { cause: options.cause });
    this.name = 'AppError';
    this.errors = options.errors;
    this.headers = options.headers ?? {};
  }

  get status(): number {
    return PROBLEMS[this.code].status;
  }
}

/** A second running timer: the 409 names (and its body carries) the one already running. */
export class ActiveEntryConflict extends AppError {
  constructor(readonly activeEntry: TimeEntryRow | null) {
    super(
      'conflict',
      activeEntry
        ? `A timer is already running (entry ${activeEntry.id}, started ${formatUtc(activeEntry.startTime)} UTC); stop it first.`
        : 'Another timer is already running; stop it first.',
    );
    this.name = 'ActiveEntryConflict';
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} was not found.`);

/** The most field errors one 400 lists (a bulk request may have thousands). */
export const MAX_REPORTED_ERRORS = 100;

export const validationError = (errors: FieldError[], detail?: string) =>
  new AppError(
    'validation_failed',
    detail ??
      (errors.length === 1 && errors[0]
        ? `Invalid ${errors[0].path || 'request'}: ${errors[0].message}`
        : `The request has ${errors.length} invalid fields${errors.length > MAX_REPORTED_ERRORS ? ` (the first ${MAX_REPORTED_ERRORS} are listed)` : ''}; see "errors".`),
    { errors: errors.slice(0, MAX_REPORTED_ERRORS) },
  );

export const databaseUnavailable = (cause?: unknown) =>
  new AppError(
    'database_unavailable',
    'The database is unavailable right now. Please retry in a few seconds.',
    {
      headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) },
      cause,
    },
  );

/**
 * What went wrong underneath, for the log: the innermost error of the `cause`
 * chain as "Name CODE: message" (a driver's SQLSTATE and message, not the
 * wrapper's SQL and parameters), and its stack.
 */
export function describeCause(error: unknown): { error: string; code?: string; stack?: string } {
  let current = error;
  while (current instanceof Error && current.cause !== undefined) current = current.cause;
  if (!(current instanceof Error)) return { error: String(current) };
  const raw = (current as { code?: unknown }).code;
  const code = typeof raw === 'string' ? raw : undefined;
  return {
    error: `${current.name}${code ? ` ${code}` : ''}: ${current.message}`,
    code,
    stack: current.stack,
  };
}
