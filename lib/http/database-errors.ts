import { ApiError, databaseUnavailable } from './errors';

export const ACTIVE_SESSION_INDEX = 'time_entries_one_active_per_user';

// Socket-level failures (postgres.js and Node) and PostgreSQL SQLSTATEs that
// mean "the database cannot serve us right now", as opposed to a bad query.
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'QUERY_TIMEOUT', // db/postgres-workarounds.ts: a query went unanswered
  'CONNECTION_LOST', // db/postgres-workarounds.ts: the driver lost a query with its connection
  '53300', // too_many_connections
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '3D000', // invalid_catalog_name: the database does not exist (yet)
]);

interface DriverError {
  code?: unknown;
  constraint?: unknown;
  constraint_name?: unknown;
  cause?: unknown;
  errors?: unknown;
}

/** Walks the `cause` chain (Drizzle wraps driver errors) and any AggregateError members. */
function driverErrors(error: unknown): DriverError[] {
  const found: DriverError[] = [];
  const queue: unknown[] = [error];
  while (queue.length > 0 && found.length < 16) {
    const current = queue.shift();
    if (typeof current !== 'object' || current === null) continue;
    const candidate = current as DriverError;
    found.push(candidate);
    queue.push(candidate.cause);
    if (Array.isArray(candidate.errors)) queue.push(...candidate.errors);
  }
  return found;
}

/** True for the unique violation of the one-running-timer index (a lost race for it). */
export function isActiveSessionViolation(error: unknown): boolean {
  return driverErrors(error).some(
    (e) => e.code === '23505' && (e.constraint ?? e.constraint_name) === ACTIVE_SESSION_INDEX,
  );
}

/**
 * Translates a database failure into the API's error, or returns undefined when
 * it is a real bug (which becomes a 500 without any of the SQL in it).
 */
export function mapDatabaseError(error: unknown): ApiError | undefined {
  for (const e of driverErrors(error)) {
    const code = typeof e.code === 'string' ? e.code : undefined;
    if (!code) continue;
    if (UNAVAILABLE_CODES.has(code) || code.startsWith('08')) return databaseUnavailable();
  }
  if (isActiveSessionViolation(error)) {
    return new ApiError(
      'conflict',
      'Another time entry is already running; stop it before starting a new one.',
    );
  }
  return undefined;
}
