// Invoice links under a configuration of their own (the environment is read
// once per file; vitest.config.mts turns the rate limits off for the others):
// the public endpoint's limit per client address (lib/http/rate-limit.ts),
// PUBLIC_APP_URL as the base of public_url, and the request origin used without
// it behind trusted proxies (lib/http/origin.ts).
import { describe, expect, it, vi } from 'vitest';
import { GET as publicInvoice } from '@/app/api/v1/public/invoice/[token]/route';
import { POST as generate } from '@/app/api/v1/time-tracking/generate-invoice-link/route';
import { requestOrigin } from '@/lib/http/origin';
import { newUserId } from './helpers/auth';
import { useTestDatabase } from './helpers/database';
import { makeEntry } from './helpers/factories';
import { call } from './helpers/http';

vi.hoisted(() => {
  process.env.RATE_LIMIT_ADDRESS_PER_MINUTE = '5';
  process.env.RATE_LIMIT_TRUST_PROXY = '1';
  process.env.PUBLIC_APP_URL = 'https://time.example.com/';
});

const database = useTestDatabase();

vi.setConfig({ testTimeout: 60_000 });

describe('GET /api/v1/public/invoice/{token} per address', () => {
  it('serves 5 requests a minute to an address, then 429 with Retry-After; another address is served', async () => {
    // Windows are whole minutes: start well inside one.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 45_000) await new Promise((resolve) => setTimeout(resolve, 60_500 - intoMinute));
    const userId = newUserId();
    await makeEntry(database.db, userId);
    const link = await call(generate, 'POST', { userId, body: {} });
    const token = link.body.public_url.split('/').pop();
    const open = (address: string) =>
      call(publicInvoice, 'GET', { token: null, params: { token }, headers: { 'X-Forwarded-For': address } });

    for (let i = 0; i < 5; i++) expect((await open('192.0.2.7')).status).toBe(200);
    const refused = await open('192.0.2.7');
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('rate_limited');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused.headers.get('ratelimit-policy')).toBe('"address";q=5;w=60');
    // Bad tokens count too: guessing is limited the same way.
    expect(
      (
        await call(publicInvoice, 'GET', {
          token: null,
          params: { token: 'guess' },
          headers: { 'X-Forwarded-For': '192.0.2.7' },
        })
      ).status,
    ).toBe(429);
    expect((await open('192.0.2.8')).status).toBe(200);
  });
});

describe('public_url', () => {
  it('starts with PUBLIC_APP_URL when it is set, whatever the request origin', async () => {
    const userId = newUserId();
    await makeEntry(database.db, userId);
    const res = await call(generate, 'POST', { userId, body: {}, headers: { Host: 'evil.test' } });
    expect(res.status).toBe(201);
    expect(res.body.public_url).toMatch(/^https:\/\/time\.example\.com\/public\/invoice\/[\w-]{43}$/);
  });

  it('is otherwise on the origin the client used: Host, or behind a trusted proxy X-Forwarded-Host/-Proto', () => {
    const origin = (headers: Record<string, string>) =>
      requestOrigin(
        new Request('http://localhost:3000/api/v1/time-tracking/generate-invoice-link', { headers }),
      );
    expect(origin({})).toBe('http://localhost:3000');
    expect(origin({ Host: 'time.example.com' })).toBe('http://time.example.com');
    expect(origin({ Host: '192.0.2.1:8080' })).toBe('http://192.0.2.1:8080');
    expect(
      origin({ Host: 'internal:3000', 'X-Forwarded-Host': 'time.example.com', 'X-Forwarded-Proto': 'https' }),
    ).toBe('https://time.example.com');
    // Not a host: the server's own origin.
    expect(origin({ Host: 'evil.test/path?x' })).toBe('http://localhost:3000');
    expect(origin({ 'X-Forwarded-Host': 'a b', Host: 'time.example.com' })).toBe('http://localhost:3000');
  });
});
