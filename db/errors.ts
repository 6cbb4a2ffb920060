// What the drivers' failures mean to the application: the database being out
// of reach or out of time (a 503 that changed nothing), a lost race for the one
// running timer, or a bug.
import { ActiveEntryConflict, type AppError, databaseUnavailable } from '@/lib/errors';

const ACTIVE_SESSION_INDEX = 'time_entries_one_active_per_user';

// postgres.js and Node socket codes, and PostgreSQL SQLSTATEs, that mean "the
// database cannot serve this request now" rather than "the query is wrong".
const UNAVAILABLE_CODES = new Set([
  // The network and the connection.
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
  // The driver's query_timeout: a query that waited for a connection and ran
  // longer than the statement limit allows, cancelled (or its connection closed
  // when the cancel went unanswered).
  'QUERY_TIMEOUT',
  'CANCEL_UNANSWERED',
  // The database's own limits: the statement was cancelled, so it changed nothing.
  '57014', // query_canceled (statement_timeout, or a cancel request)
  '55P03', // lock_not_available (lock_timeout)
  '25P03', // idle_in_transaction_session_timeout
  // The server going away or refusing.
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
 * True for a deadlock (40P01) or a serialization failure (40001) anywhere in
 * the `cause` chain: Postgres rolled the statement (and its transaction) back,
 * so the whole unit of work can safely run again.
 */
export function isTransactionCollision(error: unknown): boolean {
  return driverErrors(error).some((e) => e.code === '40P01' || e.code === '40001');
}

/**
 * The application's error for a database failure, or undefined when it is a
 * bug (which becomes a 500 without any of the SQL in it).
 */
export function mapDatabaseError(error: unknown): AppError | undefined {
  for (const e of driverErrors(error)) {
    const code = typeof e.code === 'string' ? e.code : undefined;
    if (code && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return databaseUnavailable(error);
  }
  // A race for the running timer that the domain function did not turn into its own 409.
  if (isActiveSessionViolation(error)) return new ActiveEntryConflict(null);
  return undefined;
}
