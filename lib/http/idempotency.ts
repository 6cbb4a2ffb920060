// Safe retries of POSTs: the `Idempotency-Key` request header (IETF httpapi
// draft "The Idempotency-Key HTTP Header Field").
//
// An operation declared `idempotent: true` (lib/http/route.ts), called with a
// key, runs inside one transaction that
//   1. takes a transaction-scoped advisory lock on (user, key): a second request
//      with the same key while the first still runs gets 409
//      `idempotency_key_in_use` with Retry-After, instead of waiting or running twice;
//   2. looks the key up: a stored answer for the same request (same fingerprint:
//      method, path and raw body bytes) is replayed with `Idempotent-Replayed:
//      true`; for a different request it is a 422 `idempotency_key_reused`;
//   3. runs the handler on the transaction and, when it answers 2xx, stores the
//      answer with the key before the commit.
// The key and the effect therefore commit together, or neither does: a request
// whose answer was lost (a 5xx after the commit, a dropped connection) and is
// retried with its key is applied exactly once. Failures are not stored, so a
// 4xx or 5xx may be retried with the same key and runs again.
//
// Keys are per user and count for KEY_TTL_HOURS; every insert also deletes up
// to PURGE_BATCH expired keys (of any user), skipping rows other transactions hold.
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { type Database, rowsOf } from '@/db/client';
import { AppError, validationError } from '@/lib/errors';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';
export const MAX_KEY_LENGTH = 255;
/** How long a key counts: a retry within this time is answered from the store. */
export const KEY_TTL_HOURS = 24;
/** Seconds a client is told to wait before retrying while the key's first request runs. */
export const IN_USE_RETRY_AFTER_SECONDS = 1;
const PURGE_BATCH = 100;
/**
 * The first half of the two-int advisory lock key: keeps these locks apart from
 * any other advisory lock of the application (the second half is a hash of the
 * user and the key; a collision only makes an unrelated request wait for a 409).
 */
const LOCK_SPACE = 0x1de4;

/**
 * The request's key: undefined without the header, a 400 when it is empty,
 * longer than MAX_KEY_LENGTH or has characters other than printable ASCII.
 * The draft sends it as a structured-field string (`"…"`); a bare value is
 * accepted as well, and the quotes are not part of the key.
 */
export function idempotencyKeyOf(request: Request): string | undefined {
  const raw = request.headers.get(IDEMPOTENCY_KEY_HEADER);
  if (raw === null) return undefined;
  const quoted = /^"((?:[^"\\]|\\["\\])*)"$/.exec(raw);
  const key = quoted ? quoted[1]!.replace(/\\(["\\])/g, '$1') : raw;
  const invalid = (message: string) =>
    validationError(
      [{ path: IDEMPOTENCY_KEY_HEADER, message }],
      `Invalid ${IDEMPOTENCY_KEY_HEADER}: ${message}.`,
    );
  if (key.length === 0) throw invalid('must not be empty');
  if (key.length > MAX_KEY_LENGTH) throw invalid(`must be at most ${MAX_KEY_LENGTH} characters`);
  if (!/^[\x20-\x7e]+$/.test(key)) throw invalid('must be printable ASCII characters only');
  return key;
}

/** sha256 of the method, the path (without the query) and the raw body bytes. */
export function fingerprintOf(request: Request, body: Uint8Array): string {
  return createHash('sha256')
    .update(`${request.method} ${new URL(request.url).pathname}\n`)
    .update(body)
    .digest('hex');
}

function lockKey(userId: number, key: string): number {
  return createHash('sha256').update(`${userId}\0${key}`).digest().readInt32BE(0);
}

export interface IdempotentRequest {
  userId: number;
  key: string;
  fingerprint: string;
  /** The handler, run on the transaction: the effect commits with the stored key. */
  run: (tx: Database) => Promise<Response>;
}

/** Runs `run` at most once per (user, key) within KEY_TTL_HOURS; see the top of this file. */
export function runIdempotent(db: Database, { userId, key, fingerprint, run }: IdempotentRequest) {
  return db.transaction(async (txn) => {
    const tx = txn as unknown as Database;
    const [lock] = rowsOf(
      await tx.execute(
        sql`select pg_try_advisory_xact_lock(${LOCK_SPACE}, ${lockKey(userId, key)}) as acquired`,
      ),
    );
    if (!lock?.acquired) {
      throw new AppError(
        'idempotency_key_in_use',
        `A request with this ${IDEMPOTENCY_KEY_HEADER} is still being processed; retry it in a moment to get its answer.`,
        { headers: { 'Retry-After': String(IN_USE_RETRY_AFTER_SECONDS) } },
      );
    }

    // A statement of its own, after the lock: its snapshot sees what the key's
    // previous holder committed.
    const now = new Date();
    const cutoff = new Date(now.getTime() - KEY_TTL_HOURS * 3_600_000);
    const [stored] = rowsOf(
      await tx.execute(sql`select fingerprint, status, body from idempotency_keys
        where user_id = ${userId} and key = ${key} and created_at >= ${cutoff.toISOString()}::timestamptz`),
    );
    if (stored) {
      if (stored.fingerprint !== fingerprint) {
        throw new AppError(
          'idempotency_key_reused',
          `This ${IDEMPOTENCY_KEY_HEADER} was already used for a different request (method, path or body); use a new key for a new request.`,
        );
      }
      const status = Number(stored.status);
      return new Response(status === 204 ? null : String(stored.body), {
        status,
        headers: {
          ...(status !== 204 && { 'Content-Type': 'application/json' }),
          [REPLAYED_HEADER]: 'true',
        },
      });
    }

    const response = await run(tx);
    if (response.status < 200 || response.status > 299) return response;
    const body = await response.text();
    // An expired row of this key is overwritten; the purge leaves it to the upsert
    // (one statement must not delete and update the same row).
    await tx.execute(sql`with purged as (
        delete from idempotency_keys where ctid = any(array(
          select ctid from idempotency_keys
          where created_at < ${cutoff.toISOString()}::timestamptz and not (user_id = ${userId} and key = ${key})
          limit ${PURGE_BATCH} for update skip locked)))
      insert into idempotency_keys (user_id, key, fingerprint, status, body, created_at)
      values (${userId}, ${key}, ${fingerprint}, ${response.status}, ${body}, ${now.toISOString()}::timestamptz)
      on conflict (user_id, key) do update
        set fingerprint = excluded.fingerprint, status = excluded.status,
            body = excluded.body, created_at = excluded.created_at`);
    return new Response(response.status === 204 ? null : body, {
      status: response.status,
      headers: response.headers,
    });
  });
}
