// The public invoice endpoint is limited per client address (lib/http/rate-limit.ts),
// as the other public operations are: its own file, since the limit is read once
// from the environment (vitest.config.mts turns it off for the other files).
import { describe, expect, it, vi } from 'vitest';
import { GET as publicInvoice } from '@/app/api/v1/public/invoice/[token]/route';
import { POST as generate } from '@/app/api/v1/time-tracking/generate-invoice-link/route';
import { newUserId } from './helpers/auth';
import { useTestDatabase } from './helpers/database';
import { makeEntry } from './helpers/factories';
import { call } from './helpers/http';

vi.hoisted(() => {
  process.env.RATE_LIMIT_ADDRESS_PER_MINUTE = '5';
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
