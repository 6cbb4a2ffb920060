// Issue 12, item 6, against `next start` on the suite's database (PGlite or
// Postgres): the edges that gave a 500 or wrong data. Each case here failed on
// the code before the fix: a timer at the end of year 9999 got a 500 on stop;
// a 1900 timer stopped in 9999 earned more than a JSON number holds exactly;
// a date shifted by the zone to 10000-01-01 could not be sent back; TRACE got
// a plain-text 500 and OPTIONS advertised methods that then got a 405; a
// leading U+FEFF in notes was dropped from some responses on PGlite; the pages
// had no security headers.
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HTTP_METHODS } from '@/lib/http/route';
import { problemSchema } from '@/lib/time-tracking/schemas';
import { expectEntry, expectProblem } from '../helpers/assertions';
import { newUserId } from '../helpers/auth';
import { type Environment, startEnvironment } from './harness/environment';
import { record } from './harness/metrics';

const BASE = '/api/v1/time-tracking';
let env: Environment;

beforeAll(async () => {
  env = await startEnvironment();
});

afterAll(async () => {
  await env?.close();
});

/** A raw HTTP request: fetch cannot send TRACE. */
function raw(method: string, path: string) {
  const url = new URL(path, env.server.url);
  return new Promise<{
    status: number;
    headers: Record<string, string | string[] | undefined>;
    text: string;
  }>((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, method, path: url.pathname + url.search },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () => {
          record({ kind: 'response', status: res.statusCode ?? 0 });
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text });
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('instants and dates at the ends of the range', () => {
  it('a timer started at the last supported second is refused; one a second earlier stops, and the next starts', async () => {
    const userId = newUserId();
    const last = await env.api('POST', `${BASE}/entries`, {
      userId,
      body: { start_time: '9999-12-31T23:59:59Z' },
    });
    expectProblem(last, 400);
    const timer = expectEntry(
      await env.api('POST', `${BASE}/entries`, { userId, body: { start_time: '9999-12-31T23:59:58Z' } }),
      201,
    );
    const stopped = expectEntry(await env.api('POST', `${BASE}/sessions/${timer.id}/stop`, { userId }));
    expect(stopped.end_time).toBe('9999-12-31T23:59:59');
    expectEntry(await env.api('POST', `${BASE}/sessions/start`, { userId }), 201);
  });

  it('a date the zone would shift to 10000-01-01 or 1899-12-31 is a 400 at create', async () => {
    for (const [timezone, start_time, end_time] of [
      ['UTC+14', '9999-12-31T12:00:00Z', '9999-12-31T13:00:00Z'],
      ['UTC-3', '1900-01-01T01:00:00Z', '1900-01-01T02:00:00Z'],
    ]) {
      const userId = newUserId();
      expect((await env.api('PUT', `${BASE}/settings`, { userId, body: { timezone } })).status).toBe(200);
      expectProblem(
        await env.api('POST', `${BASE}/entries`, { userId, body: { start_time, end_time } }),
        400,
      );
      const list = await env.api('GET', `${BASE}/entries`, { userId });
      expect(list.body).toEqual([]);
    }
  });

  it('a 1900 timer cannot be stopped in 9999; stopped now, every number it shows is the stored one', async () => {
    const userId = newUserId();
    const timer = expectEntry(
      await env.api('POST', `${BASE}/entries`, {
        userId,
        body: { start_time: '1900-01-01T00:00:00Z', hourly_rate: 999.9999 },
      }),
      201,
    );
    expectProblem(
      await env.api('POST', `${BASE}/sessions/${timer.id}/stop`, {
        userId,
        body: { end_time: '9999-12-31T23:59:59Z' },
      }),
      400,
    );
    const stopped = expectEntry(await env.api('POST', `${BASE}/sessions/${timer.id}/stop`, { userId }));
    const fetched = await env.api('GET', `${BASE}/entries/${timer.id}`, { userId });
    const list = await env.api('GET', `${BASE}/entries`, { userId });
    // The list's JSON is written by the database: its text is the stored decimal.
    const stored = /"total_earned":([0-9.]+)/.exec(list.text)?.[1];
    expect(stored).toBeDefined();
    expect(String(stopped.total_earned)).toBe(stored);
    expect(/"total_earned":([0-9.]+)/.exec(fetched.text)?.[1]).toBe(stored);

    // At the highest rate the same timer would earn past the bound: a 400, and it keeps running.
    const rich = newUserId();
    const big = expectEntry(
      await env.api('POST', `${BASE}/entries`, {
        userId: rich,
        body: { start_time: '1900-01-01T00:00:00Z', hourly_rate: 1_000_000_000 },
      }),
      201,
    );
    expectProblem(await env.api('POST', `${BASE}/sessions/${big.id}/stop`, { userId: rich }), 400);
    expect((await env.api('GET', `${BASE}/sessions/active`, { userId: rich })).body?.id).toBe(big.id);
  });
});

describe('methods', () => {
  const paths = [
    `${BASE}/entries`,
    `${BASE}/entries/1`,
    `${BASE}/sessions/start`,
    `${BASE}/sessions/1/stop`,
    `${BASE}/sessions/active`,
    `${BASE}/settings`,
    `${BASE}/stats`,
    `${BASE}/reports/summary`,
    `${BASE}/batch-update-payment-status`,
    '/api/health/live',
    '/api/health/ready',
  ];

  it('OPTIONS lists exactly the methods that do not answer 405, and TRACE is a 405 with that Allow', async () => {
    const userId = newUserId();
    for (const path of paths) {
      const options = await env.api('OPTIONS', path, { token: null });
      expect(options.status, path).toBe(204);
      const allow = options.headers.get('allow') ?? '';
      const allowed = allow.split(', ');
      expect(allowed.length, path).toBeGreaterThan(0);
      for (const method of HTTP_METHODS) {
        const res = await env.api(method, path, { userId, body: method === 'GET' ? undefined : {} });
        if (allowed.includes(method)) expect(res.status, `${method} ${path}`).not.toBe(405);
        else {
          expectProblem(res, 405);
          expect(res.headers.get('allow'), `${method} ${path}`).toBe(allow);
        }
      }
      const trace = await raw('TRACE', path);
      expect(trace.status, `TRACE ${path}: ${trace.text}`).toBe(405);
      expect(trace.headers['content-type']).toBe('application/problem+json');
      expect(trace.headers.allow).toBe(allow);
      expect(problemSchema.parse(JSON.parse(trace.text)).code).toBe('method_not_allowed');
    }
  });

  it('TRACE elsewhere: the pages and /docs say GET, HEAD; an unknown API path is its 404; /api/dev/token is hidden', async () => {
    for (const path of ['/', '/time-tracking', '/docs', '/favicon.ico']) {
      const res = await raw('TRACE', path);
      expect(res.status, path).toBe(405);
      expect(res.headers.allow).toBe('GET, HEAD');
      expect(problemSchema.parse(JSON.parse(res.text)).status).toBe(405);
    }
    for (const path of ['/api/nothing-here', '/api/dev/token']) {
      const res = await raw('TRACE', path);
      expect(res.status, path).toBe(404);
      expect(problemSchema.parse(JSON.parse(res.text)).detail).toBe(
        'There is no API endpoint at this path (TRACE).',
      );
    }
    // A production build has no demo token at all, not even an OPTIONS that advertises one.
    expect((await env.api('OPTIONS', '/api/dev/token', { token: null })).status).toBe(404);
  });
});

describe('notes', () => {
  it('a leading U+FEFF is in every response', async () => {
    const userId = newUserId();
    const notes = '\uFEFFInvoice #7';
    const created = expectEntry(
      await env.api('POST', `${BASE}/entries`, {
        userId,
        body: { start_time: '2024-01-22T09:00:00Z', end_time: '2024-01-22T10:00:00Z', notes },
      }),
      201,
    );
    expect(created.notes).toBe(notes);
    expect((await env.api('GET', `${BASE}/entries/${created.id}`, { userId })).body.notes).toBe(notes);
    expect((await env.api('GET', `${BASE}/entries`, { userId })).body[0].notes).toBe(notes);
    const edited = await env.api('PUT', `${BASE}/entries/${created.id}`, { userId, body: { notes } });
    expect(edited.body.notes).toBe(notes);
    const timer = await env.api('POST', `${BASE}/sessions/start`, { userId, body: { notes } });
    expect(timer.body.notes).toBe(notes);
    expect((await env.api('GET', `${BASE}/sessions/active`, { userId })).body.notes).toBe(notes);
  });
});

describe('security headers', () => {
  it('the pages carry a CSP with frame-ancestors none, nosniff, no-referrer and X-Frame-Options DENY', async () => {
    for (const path of ['/time-tracking', '/']) {
      const res = await fetch(`${env.server.url}${path}`, { redirect: 'manual' });
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
    }
  });

  it('/docs keeps its own single, stricter policy', async () => {
    const res = await fetch(`${env.server.url}/docs`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain(',');
  });
});
