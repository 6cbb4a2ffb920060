import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '@/scripts/next-server';
import { newUserId, tokenFor } from '../helpers/auth';
import { createPostgresDatabase } from '../helpers/migrated-database';
import { type Environment, HARDENING_SECRET, onPostgres, startEnvironment } from './harness/environment';

// Item 4 of issue 12 (bounded cost per caller): a user's requests a minute are
// limited (RATE_LIMIT_USER_PER_MINUTE), with a 429 problem+json carrying
// Retry-After and the IETF draft RateLimit headers; the counts live in the
// database, so two instances on one Postgres share one limit rather than
// granting it twice. Before, nothing limited a caller.

const BASE = '/api/v1/time-tracking';
const LIMIT = 40;
const limits = { RATE_LIMIT_USER_PER_MINUTE: String(LIMIT), RATE_LIMIT_USER_IN_FLIGHT: '8' };

/** Windows are whole minutes: a test that counts to a limit starts well inside one. */
async function awayFromWindowEnd() {
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > 40_000) await new Promise((resolve) => setTimeout(resolve, 60_500 - intoMinute));
}

async function get(server: { url: string }, userId: number) {
  const response = await fetch(`${server.url}${BASE}/settings`, {
    headers: { Authorization: `Bearer ${await tokenFor(userId)}` },
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text };
}

describe('the per-user rate limit of one server', () => {
  let env: Environment;
  beforeAll(async () => {
    env = await startEnvironment({ env: limits });
  });
  afterAll(async () => {
    await env?.close();
  });

  it('serves the limit, then answers 429 rate_limited with Retry-After and RateLimit headers', async () => {
    await awayFromWindowEnd();
    const userId = newUserId();
    for (let i = 0; i < LIMIT; i++) {
      const ok = await get(env.server, userId);
      expect(ok.status).toBe(200);
      expect(ok.headers.get('RateLimit-Policy')).toBe(`"user";q=${LIMIT};w=60`);
      expect(ok.headers.get('RateLimit')).toMatch(new RegExp(`^"user";r=${LIMIT - i - 1};t=\\d+$`));
    }
    const refused = await get(env.server, userId);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    const retryAfter = Number(refused.headers.get('Retry-After'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.headers.get('RateLimit')).toBe(`"user";r=0;t=${retryAfter}`);
    expect(JSON.parse(refused.text)).toMatchObject({ status: 429, code: 'rate_limited' });
    // Another user is not affected.
    expect((await get(env.server, newUserId())).status).toBe(200);
  });

  it.skipIf(!onPostgres)(
    'turns no outage into 429s, and delays no 503 by more than its 1 s wait for a lease',
    async () => {
      const proxy = env.proxy!;
      // Cut: the lease fails at once; every request a 503 (never a 429) as promptly as without the limiter.
      proxy.cut();
      for (let i = 0; i < 4; i++) {
        const started = performance.now();
        const answer = await get(env.server, newUserId()); // a new user: a lease is needed
        expect(answer.status).toBe(503);
        expect(performance.now() - started).toBeLessThan(6000);
      }
      proxy.restore();
      await new Promise((resolve) => setTimeout(resolve, 5500)); // counting resumes after 5 s
      expect((await get(env.server, newUserId())).status).toBe(200);

      // Silence: the lease gets no answer; the limiter gives up after 1 s and
      // the request meets the outage itself (the driver's deadline, 9 s).
      proxy.blackhole();
      const started = performance.now();
      const answer = await get(env.server, newUserId());
      const tookMs = performance.now() - started;
      proxy.restore();
      expect(answer.status).toBe(503);
      expect(tookMs).toBeLessThan(10_500 + 1000);
    },
  );
});

describe.skipIf(!onPostgres)('two servers on one Postgres', () => {
  let servers: RunningServer[] = [];
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const database = await createPostgresDatabase();
    drop = database.drop;
    const env = { AUTH_JWT_SECRET: HARDENING_SECRET, DATABASE_URL: database.url, ...limits };
    servers = await Promise.all([startServer({ env }), startServer({ env })]);
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await drop?.();
  });

  it('share one limit: together they serve it once, not twice', async () => {
    await awayFromWindowEnd();
    const userId = newUserId();
    const statuses: number[] = [];
    // Alternating, and some at once, as a load balancer would spread them.
    for (let round = 0; round < LIMIT; round++) {
      const pair = await Promise.all(servers.map((server) => get(server, userId)));
      statuses.push(...pair.map((r) => r.status));
    }
    const served = statuses.filter((s) => s === 200).length;
    const refused = statuses.filter((s) => s === 429).length;
    expect(served + refused).toBe(2 * LIMIT);
    // Never more than the limit; at most a lease (5%, here 2) per server left unused.
    expect(served).toBeLessThanOrEqual(LIMIT);
    expect(served).toBeGreaterThanOrEqual(LIMIT - 2 * 2);
  });
});
