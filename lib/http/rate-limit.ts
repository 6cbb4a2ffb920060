// Bounded cost per caller: what one user (or, on a public endpoint, one client
// address) may ask of the server. docs/API.md ("Rate limits") and
// docs/SECURITY.md ("Bounded cost per user") explain it to callers.
//
// - In flight: a user may have RATE_LIMIT_USER_IN_FLIGHT requests in progress
//   on one instance; one more is a 429 `too_many_in_flight` at once, before any
//   database work. A streamed body counts until it is sent or abandoned.
// - Rate: RATE_LIMIT_USER_PER_MINUTE requests per user (authenticated
//   operations) and RATE_LIMIT_ADDRESS_PER_MINUTE per client address (public
//   operations that declare `rateLimit: 'address'`), in fixed windows of a
//   minute by the database's clock; over it, a 429 `rate_limited`. The counts
//   live in the database (table rate_limit_counters), so every instance on one
//   Postgres shares them. An instance does not write per request: it takes a
//   lease of LEASE_SHARE of the limit at a time and serves from it; the leases
//   together never exceed the limit (an instance's unused lease is lost at the
//   window's end, so the many-instance limit errs on the strict side by at most
//   a lease per instance). A caller refused for this window is refused from
//   memory until it ends.
//
// Every response under a rate limit carries the IETF draft headers
// (draft-ietf-httpapi-ratelimit-headers): `RateLimit-Policy: "user";q=600;w=60`
// and `RateLimit: "user";r=<left>;t=<seconds to the window's end>`; a 429 also
// `Retry-After`. If the database does not answer a lease within a second, the
// request is let through (it will meet the outage itself), and so are all
// requests for the next 5 s without asking: the limiter never turns an outage
// into 429s, nor makes its 503s slower by more than that second.
import { sql } from 'drizzle-orm';
import { type Database, getDb } from '@/db/client';
import { rateLimitCounters } from '@/db/schema';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { log } from '@/lib/log';

const WINDOW_SECONDS = 60;
/** The part of the limit an instance takes at a time. */
const LEASE_SHARE = 0.05;
/** How often an instance deletes the counters of past windows. */
const PURGE_EVERY_MS = 5 * 60_000;

export type RateLimitScope = 'user' | 'address';

interface Lease {
  /** Requests this instance may still serve in the window. */
  remaining: number;
  /** The window's count across instances when this lease was taken. */
  used: number;
  /** No more leases this window: the limit is reached. */
  exhausted: boolean;
  /** When the window ends, by this process's clock (ms). */
  resetsAt: number;
}

/** How long a request waits for a lease; then it is let through. */
const CLAIM_DEADLINE_MS = 1000;
/** After a lease could not be taken, requests are let through uncounted this long. */
const PAUSE_AFTER_FAILURE_MS = 5000;
let countingPausedUntil = 0;

const leases = new Map<string, Lease>();
const claims = new Map<string, Promise<Lease>>();
const inFlight = new Map<number, number>();
let lastPurge = 0;

/** The outcome of admitting a request: headers for its response, and what to do when it is done. */
export interface Admission {
  headers: Record<string, string>;
  /** Call once, when the response's body is done (sent, failed or abandoned). */
  settle: () => void;
}

const admitted = (headers: Record<string, string> = {}, settle = () => {}): Admission => ({
  headers,
  settle,
});

/**
 * Admits a request of an authenticated user, or throws the 429. The caller
 * must call `settle` once the response is over (lib/http/route.ts).
 */
export async function admitUser(userId: number, db: Database): Promise<Admission> {
  const config = env();
  const settle = holdInFlight(userId, config.RATE_LIMIT_USER_IN_FLIGHT);
  try {
    const headers = await checkRate(db, `user:${userId}`, 'user', config.RATE_LIMIT_USER_PER_MINUTE);
    return admitted(headers, settle);
  } catch (error) {
    settle();
    throw error;
  }
}

/** Admits a request to a public operation that is limited per client address, or throws the 429. */
export async function admitAddress(request: Request): Promise<Admission> {
  const config = env();
  const limit = config.RATE_LIMIT_ADDRESS_PER_MINUTE;
  if (limit === 0) return admitted();
  let db: Database;
  try {
    db = await getDb();
  } catch {
    return admitted(); // the operation meets the outage itself, if it needs the database
  }
  const address = clientAddress(request, config.RATE_LIMIT_TRUST_PROXY);
  return admitted(await checkRate(db, `address:${address}`, 'address', limit));
}

/**
 * The client's address: the X-Forwarded-For entry added by the outermost of
 * `trustedProxies` reverse proxies (each appends the address it was reached
 * from). With none, the last entry: Next.js sets the socket's address there,
 * unless the client sent the header itself, which a deployment without a proxy
 * cannot tell apart (docs/API.md, "Rate limits").
 */
export function clientAddress(request: Request, trustedProxies: number): string {
  const entries = (request.headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const entry = entries[Math.max(0, entries.length - Math.max(1, trustedProxies))] ?? 'unknown';
  return entry.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '').slice(0, 64);
}

function holdInFlight(userId: number, limit: number): () => void {
  if (limit === 0) return () => {};
  const current = inFlight.get(userId) ?? 0;
  if (current >= limit) {
    throw new AppError(
      'too_many_in_flight',
      `At most ${limit} requests of one user may be in progress at once; wait for one to finish.`,
      { headers: { 'Retry-After': '1' } },
    );
  }
  inFlight.set(userId, current + 1);
  let settled = false;
  return () => {
    if (settled) return;
    settled = true;
    const left = (inFlight.get(userId) ?? 1) - 1;
    if (left > 0) inFlight.set(userId, left);
    else inFlight.delete(userId);
  };
}

async function checkRate(
  db: Database,
  key: string,
  policy: RateLimitScope,
  limit: number,
): Promise<Record<string, string>> {
  if (limit === 0) return {};
  let lease = leases.get(key);
  if (!lease || Date.now() >= lease.resetsAt || (lease.remaining === 0 && !lease.exhausted)) {
    if (Date.now() < countingPausedUntil) return {};
    try {
      lease = await withDeadline(claim(db, key, limit), CLAIM_DEADLINE_MS);
    } catch (error) {
      // Not counting for a while: an outage must not make every request wait for the limiter too.
      countingPausedUntil = Date.now() + PAUSE_AFTER_FAILURE_MS;
      log().warn(
        { key: policy, error: error instanceof Error ? error.message : String(error) },
        'rate limit: no lease (the database did not answer in time); requests let through for 5 s',
      );
      return {};
    }
  }
  const granted = lease.remaining > 0;
  if (granted) lease.remaining--;
  const resetSeconds = Math.max(1, Math.ceil((lease.resetsAt - Date.now()) / 1000));
  const left = Math.min(limit, Math.max(0, limit - lease.used + lease.remaining));
  const headers = {
    'RateLimit-Policy': `"${policy}";q=${limit};w=${WINDOW_SECONDS}`,
    RateLimit: `"${policy}";r=${left};t=${resetSeconds}`,
  };
  if (granted) return headers;
  throw new AppError(
    'rate_limited',
    `More than ${limit} requests a minute ${policy === 'user' ? 'by this user' : 'from this address'}; retry in ${resetSeconds} s.`,
    { headers: { ...headers, 'Retry-After': String(resetSeconds) } },
  );
}

/** Takes a lease for `key` (one claim at a time per key in this process). */
function claim(db: Database, key: string, limit: number): Promise<Lease> {
  let pending = claims.get(key);
  if (!pending) {
    pending = takeLease(db, key, limit).finally(() => claims.delete(key));
    claims.set(key, pending);
  }
  return pending;
}

async function takeLease(db: Database, key: string, limit: number): Promise<Lease> {
  const size = Math.max(1, Math.ceil(limit * LEASE_SHARE));
  const windowStart = sql`(floor(extract(epoch from now()) / ${WINDOW_SECONDS})::bigint * ${WINDOW_SECONDS})`;
  const [row] = await db
    .insert(rateLimitCounters)
    .values({ key, windowStart: sql`${windowStart}`, used: size })
    .onConflictDoUpdate({
      target: rateLimitCounters.key,
      set: {
        used: sql`case when ${rateLimitCounters.windowStart} = excluded.window_start
          then ${rateLimitCounters.used} + excluded.used else excluded.used end`,
        windowStart: sql`excluded.window_start`,
      },
    })
    .returning({
      used: rateLimitCounters.used,
      secondsLeft: sql<string>`(${rateLimitCounters.windowStart} + ${WINDOW_SECONDS} - extract(epoch from now()))::float8`,
    });
  if (!row) throw new Error('rate limit: the counter was not returned');
  const before = row.used - size;
  const granted = Math.max(0, Math.min(size, limit - before));
  const lease: Lease = {
    remaining: granted,
    used: row.used,
    exhausted: row.used >= limit,
    resetsAt: Date.now() + Math.max(0, Number(row.secondsLeft)) * 1000,
  };
  leases.set(key, lease);
  purgeNowAndThen(db);
  return lease;
}

/** Deletes the counters of windows before the last one, every few minutes (not awaited). */
function purgeNowAndThen(db: Database) {
  const now = Date.now();
  if (now - lastPurge < PURGE_EVERY_MS) return;
  lastPurge = now;
  for (const [key, lease] of leases) if (now >= lease.resetsAt) leases.delete(key);
  db.delete(rateLimitCounters)
    .where(sql`${rateLimitCounters.windowStart} < extract(epoch from now()) - ${2 * WINDOW_SECONDS}`)
    .then(
      () => {},
      (error: unknown) =>
        log().warn(
          { error: error instanceof Error ? error.message : String(error) },
          'rate limit: purge failed',
        ),
    );
}

/** `promise`, or a rejection after `ms` (the promise itself goes on, and its lease is kept if it comes). */
function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  promise.catch(() => {}); // a late failure is not an unhandled rejection
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
