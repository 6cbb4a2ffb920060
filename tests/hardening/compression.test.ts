import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realisticNotes } from '@/scripts/bench/notes';
import { newUserId, tokenFor } from '../helpers/auth';
import { type RawResponse, requestRaw } from '../helpers/raw-http';
import { type Environment, startEnvironment } from './harness/environment';

// Compressed API responses as `next start` serves them (lib/http/compression.ts,
// installed from instrumentation.ts): the raw bytes on the wire, decompressed
// here and compared with the identity body. tests/compression.test.ts has the
// negotiation cases.

const BASE = '/api/v1/time-tracking';

let env: Environment;
beforeAll(async () => {
  env = await startEnvironment();
});
afterAll(async () => {
  await env?.close();
});

function raw(path: string, headers: Record<string, string>, method = 'GET'): Promise<RawResponse> {
  return requestRaw(`${env.server.url}${path}`, { method, headers });
}

const varies = (res: RawResponse) => /(^|,)\s*accept-encoding\s*(,|$)/i.test(String(res.headers.vary ?? ''));

describe('compression under next start', () => {
  it('sends the 1,000-entry page as br or gzip by Accept-Encoding, the same JSON, and small responses as they are', async () => {
    const userId = newUserId();
    const token = await tokenFor(userId);
    const auth = { authorization: `Bearer ${token}` };
    const last = Date.parse('2026-06-30T09:00:00Z');
    const entries = Array.from({ length: 1000 }, (_, i) => ({
      start_time: new Date(last - i * 3 * 3_600_000).toISOString(),
      end_time: new Date(last - i * 3 * 3_600_000 + 2 * 3_600_000).toISOString(),
      notes: realisticNotes(i),
    }));
    const imported = await env.api('POST', `${BASE}/entries/bulk`, { token, body: { entries } });
    expect(imported.status).toBe(201);

    const identity = await raw(`${BASE}/entries?limit=1000`, auth);
    expect(identity.status).toBe(200);
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(varies(identity)).toBe(true);
    expect(JSON.parse(identity.body)).toHaveLength(1000);

    for (const [accept, encoding] of [
      ['gzip, deflate, br, zstd', 'br'],
      ['gzip, deflate', 'gzip'],
      ['br;q=0, gzip;q=0.5', 'gzip'],
    ] as const) {
      const res = await raw(`${BASE}/entries?limit=1000`, { ...auth, 'accept-encoding': accept });
      expect(res.status).toBe(200);
      expect(res.headers['content-encoding'], accept).toBe(encoding);
      expect(res.headers['content-length']).toBeUndefined();
      expect(varies(res)).toBe(true);
      expect(res.body).toBe(identity.body);
      expect(res.wire.length).toBeLessThan(identity.wire.length / 4);
    }

    const small = await raw(`${BASE}/settings`, { ...auth, 'accept-encoding': 'br, gzip' });
    expect(small.status).toBe(200);
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.headers['content-length']).toBe(String(small.wire.length));
    expect(varies(small)).toBe(true);

    const problem = await raw(`${BASE}/settings`, { 'accept-encoding': 'br, gzip' });
    expect(problem.status).toBe(401);
    expect(problem.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(problem.body).status).toBe(401);

    const head = await raw(`${BASE}/entries?limit=1000`, { ...auth, 'accept-encoding': 'br' }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-encoding']).toBeUndefined();
    expect(head.wire.length).toBe(0);

    const options = await raw(`${BASE}/entries`, { 'accept-encoding': 'br' }, 'OPTIONS');
    expect(options.status).toBe(204);
    expect(options.headers['content-encoding']).toBeUndefined();
    expect(options.headers['content-length']).toBeUndefined();
    expect(varies(options)).toBe(false);

    // The page itself keeps Next's own gzip.
    const page = await raw('/time-tracking', { 'accept-encoding': 'gzip' });
    expect(page.status).toBe(200);
    expect(page.headers['content-encoding']).toBe('gzip');
  });
});
