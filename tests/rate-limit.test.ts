// The limits of lib/http/rate-limit.ts, through the route pipeline, on the
// test database (PGlite, or Postgres with DATABASE_URL): a user's requests a
// minute, counted in rate_limit_counters and shared by instances; the requests
// one user may have in flight (a streamed list page or CSV export counts until
// its body is over); a public operation's limit per client address.
import { sql } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { GET as exportEntries } from '@/app/api/v1/time-tracking/entries/export/route';
import { GET as listEntries } from '@/app/api/v1/time-tracking/entries/route';
import { GET as getSettings } from '@/app/api/v1/time-tracking/settings/route';
import { rateLimitCounters } from '@/db/schema';
import { admitAddress, admitUser, clientAddress } from '@/lib/http/rate-limit';
import { newUserId, tokenFor } from './helpers/auth';
import { useTestDatabase } from './helpers/database';
import { makeEntry } from './helpers/factories';

// Before anything reads the environment (vitest.config.mts turns the limits off).
vi.hoisted(() => {
  process.env.RATE_LIMIT_USER_PER_MINUTE = '100';
  process.env.RATE_LIMIT_ADDRESS_PER_MINUTE = '10';
  process.env.RATE_LIMIT_USER_IN_FLIGHT = '2';
  process.env.RATE_LIMIT_TRUST_PROXY = '1';
});

const database = useTestDatabase();

// Waits up to 15 s for a fresh window (awayFromWindowEnd).
vi.setConfig({ testTimeout: 60_000 });

// biome-ignore lint/suspicious/noExplicitAny: route handlers take their own params shapes
type Handler = (request: Request, context: { params: Promise<any> }) => Promise<Response>;

async function send(handler: Handler, userId: number, query = '') {
  const request = new Request(`http://localhost/api/v1/time-tracking/x${query}`, {
    headers: { Authorization: `Bearer ${await tokenFor(userId)}` },
  });
  return handler(request, { params: Promise.resolve({}) });
}

/** Windows are whole minutes: a test that counts to a limit starts well inside one. */
async function awayFromWindowEnd() {
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > 45_000) await new Promise((resolve) => setTimeout(resolve, 60_500 - intoMinute));
}

describe('the per-user rate limit', () => {
  it('serves the limit in a minute, then answers 429 rate_limited with Retry-After and RateLimit headers', async () => {
    await awayFromWindowEnd();
    const userId = newUserId();
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 100; i++) {
      last = await send(getSettings, userId);
      statuses.push(last.status);
    }
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(last!.headers.get('RateLimit-Policy')).toBe('"user";q=100;w=60');
    expect(last!.headers.get('RateLimit')).toMatch(/^"user";r=0;t=\d+$/);

    const refused = await send(getSettings, userId);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    const retryAfter = Number(refused.headers.get('Retry-After'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.headers.get('RateLimit-Policy')).toBe('"user";q=100;w=60');
    expect(refused.headers.get('RateLimit')).toBe(`"user";r=0;t=${retryAfter}`);
    expect(await refused.json()).toMatchObject({ status: 429, code: 'rate_limited' });

    // Another user is not affected.
    expect((await send(getSettings, newUserId())).status).toBe(200);
  });

  it('writes the counter once per lease (5% of the limit), not once per request', async () => {
    await awayFromWindowEnd();
    const userId = newUserId();
    for (let i = 0; i < 12; i++) expect((await send(getSettings, userId)).status).toBe(200);
    const [row] = await database.db
      .select({ used: rateLimitCounters.used })
      .from(rateLimitCounters)
      .where(sql`${rateLimitCounters.key} = ${`user:${userId}`}`);
    expect(row?.used).toBe(15); // three leases of 5
  });

  it('is shared by instances on one database: together they serve the limit, not more', async () => {
    await awayFromWindowEnd();
    const userId = newUserId();
    // A second copy of the module is a second instance: its own leases, the same table.
    vi.resetModules();
    const other = await import('@/lib/http/rate-limit');
    expect(other.admitUser).not.toBe(admitUser);
    let served = 0;
    let refused = 0;
    for (let i = 0; i < 120; i++) {
      const admit = i % 2 === 0 ? admitUser : other.admitUser;
      try {
        (await admit(userId, database.db)).settle();
        served++;
      } catch (error) {
        expect((error as { code?: string }).code).toBe('rate_limited');
        refused++;
      }
    }
    expect(served).toBe(100);
    expect(refused).toBe(20);
  });
});

describe('the per-user cap on requests in flight', () => {
  it('counts a streamed list page until its body is over', async () => {
    const userId = newUserId();
    for (let i = 0; i < 30; i++) {
      await makeEntry(database.db, userId, { notes: `${'😀 notes '.repeat(1200)}${i}` });
    }
    // Two large pages, their bodies not read yet: both requests are still in flight.
    const first = await send(listEntries, userId, '?limit=1000');
    const second = await send(listEntries, userId, '?limit=1000');
    expect([first.status, second.status]).toEqual([200, 200]);

    const third = await send(getSettings, userId);
    expect(third.status).toBe(429);
    expect(third.headers.get('Retry-After')).toBe('1');
    expect(await third.json()).toMatchObject({ code: 'too_many_in_flight' });
    // Other users are not held back.
    expect((await send(getSettings, newUserId())).status).toBe(200);

    // One body read to its end, one abandoned: both leave.
    expect(JSON.parse(await first.text())).toHaveLength(30);
    expect((await send(getSettings, userId)).status).toBe(200);
    await second.body?.cancel();
    const both = await Promise.all([send(getSettings, userId), send(getSettings, userId)]);
    expect(both.map((r) => r.status)).toEqual([200, 200]);

    // HEAD (GET's handler; Next.js never reads the body): nothing stays in flight.
    for (let i = 0; i < 3; i++) {
      const head = await listEntries(
        new Request('http://localhost/api/v1/time-tracking/entries?limit=1000', {
          method: 'HEAD',
          headers: { Authorization: `Bearer ${await tokenFor(userId)}` },
        }),
        { params: Promise.resolve({}) },
      );
      expect([head.status, head.body]).toEqual([200, null]);
    }
    expect((await send(getSettings, userId)).status).toBe(200);
  });

  it('counts a CSV export until its body is over', async () => {
    const userId = newUserId();
    await makeEntry(database.db, userId);
    const first = await send(exportEntries, userId);
    const second = await send(exportEntries, userId);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect((await send(getSettings, userId)).status).toBe(429);
    expect(await first.text()).toContain('not_paid');
    await second.body?.cancel();
    const both = await Promise.all([send(getSettings, userId), send(getSettings, userId)]);
    expect(both.map((r) => r.status)).toEqual([200, 200]);
  });

  it('lets a request in again once one of the user’s requests is settled', async () => {
    const userId = newUserId();
    const a = await admitUser(userId, database.db);
    const b = await admitUser(userId, database.db);
    await expect(admitUser(userId, database.db)).rejects.toMatchObject({ code: 'too_many_in_flight' });
    a.settle();
    a.settle(); // settling twice frees one place, not two
    const c = await admitUser(userId, database.db);
    await expect(admitUser(userId, database.db)).rejects.toMatchObject({ code: 'too_many_in_flight' });
    b.settle();
    c.settle();
  });
});

describe('the per-address limit of public operations', () => {
  it('counts by the address the trusted proxy added, and refuses over the limit', async () => {
    await awayFromWindowEnd();
    const from = (xff: string) =>
      new Request('http://localhost/public', { headers: { 'X-Forwarded-For': xff } });
    const address = `198.51.100.${Math.floor(Math.random() * 250)}`;
    // The client's own (spoofed) entries before the proxy's do not change the address.
    for (let i = 0; i < 10; i++) await admitAddress(from(`10.0.0.${i}, ${address}`));
    await expect(admitAddress(from(`10.9.9.9, ${address}`))).rejects.toMatchObject({ code: 'rate_limited' });
    await expect(admitAddress(from(`${address}, 203.0.113.7`))).resolves.toMatchObject({
      headers: { 'RateLimit-Policy': '"address";q=10;w=60' },
    });
  });

  it('reads the client address from X-Forwarded-For by the number of trusted proxies', () => {
    const request = (xff?: string) =>
      new Request('http://localhost/', { headers: xff === undefined ? {} : { 'X-Forwarded-For': xff } });
    expect(clientAddress(request('203.0.113.7'), 0)).toBe('203.0.113.7');
    expect(clientAddress(request('1.1.1.1, 203.0.113.7'), 1)).toBe('203.0.113.7');
    expect(clientAddress(request('1.1.1.1, 203.0.113.7, 10.0.0.2'), 2)).toBe('203.0.113.7');
    expect(clientAddress(request('203.0.113.7'), 3)).toBe('203.0.113.7');
    expect(clientAddress(request('::ffff:192.0.2.1'), 0)).toBe('192.0.2.1');
    expect(clientAddress(request(), 0)).toBe('unknown');
  });
});
