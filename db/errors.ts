// What the drivers' failures mean to the application: the database being out
// of reach or out of time (a 503 that changed nothing), a lost race for the one
// running timer, a collision of concurrent transactions (a 409 that changed
// nothing, after the server's own retries), or a bug.
import { PgTransaction } from 'drizzle-orm/pg-core';
import { ActiveEntryConflict, AppError, databaseUnavailable } from '@/lib/errors';

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

// PostgreSQL SQLSTATEs for a transaction that Postgres rolled back because it
// collided with a concurrent one: running it again may well succeed.
const COLLISION_CODES = new Set([
  '40P01', // deadlock_detected
  '40001', // serialization_failure
]);

/**
 * True when the database rolled the statement back because it collided with a
 * concurrent transaction (a deadlock or a serialization failure): nothing of it
 * was applied, and running it again may succeed.
 */
export function isTransactionCollision(error: unknown): boolean {
  return driverErrors(error).some((e) => typeof e.code === 'string' && COLLISION_CODES.has(e.code));
}

/** How many times a write that collided is run in all before its 409. */
export const COLLISION_ATTEMPTS = 3;

/**
 * Runs a write (one statement or one transaction) on `db` and runs it again when
 * the database rolled it back for colliding with a concurrent transaction, up to
 * COLLISION_ATTEMPTS times in all, after a short random pause. Writes lock rows
 * in a consistent order, so this should not happen; if it keeps happening, the
 * last collision is thrown and answered as a 409 (mapDatabaseError). When `db`
 * is itself a transaction, the collision aborted all of it: only whoever runs
 * that transaction can run it again, so the error is passed on at once.
 */
export async function retryCollisions<T>(db: unknown, write: () => Promise<T>): Promise<T> {
  const attempts = db instanceof PgTransaction ? 1 : COLLISION_ATTEMPTS;
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (attempt >= attempts || !isTransactionCollision(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
    }
  }
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
  if (isTransactionCollision(error)) {
    return new AppError(
      'conflict',
      'The change collided with concurrent changes to the same entries and was not applied, even after retrying; please retry.',
      { cause: error },
    );
  }
  return undefined;
}
