// Errors as RFC 9457 problem details: the one place an AppError becomes a response.
import { mapDatabaseError } from '@/db/errors';
import { ActiveEntryConflict, AppError } from '@/lib/errors';
import { PROBLEMS } from '@/lib/problems';
import type { Problem } from '@/lib/time-tracking/schemas';
import { serializeEntry } from '@/lib/time-tracking/serialize';

/** Whatever a handler threw, as the application's error: a database failure is mapped, anything else is a bug. */
export function toAppError(thrown: unknown): AppError {
  if (thrown instanceof AppError) return thrown;
  return (
    mapDatabaseError(thrown) ??
    new AppError(
      'internal_error',
      'Something went wrong on our side. It has been logged; please try again later.',
      { cause: thrown },
    )
  );
}

export function problemBody(error: AppError, requestId: string): Problem {
  const { status, title } = PROBLEMS[error.code];
  return {
    type: 'about:blank',
    title,
    status,
    detail: error.detail,
    code: error.code,
    request_id: requestId,
    ...(error.errors && { errors: error.errors }),
    ...(error instanceof ActiveEntryConflict && {
      active_entry: error.activeEntry && serializeEntry(error.activeEntry),
    }),
  };
}

export function problemResponse(error: AppError, requestId: string): Response {
  return new Response(JSON.stringify(problemBody(error, requestId)), {
    status: error.status,
    headers: { 'Content-Type': 'application/problem+json', ...error.headers },
  });
}
