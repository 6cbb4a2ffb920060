// Issue 12, item 6: TRACE answered a plain-text 500 (fetch's Request refuses
// the method, so no route handler ever saw it) and OPTIONS advertised methods
// that then got a 405. Both now follow each route's real methods.
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as live from '@/app/api/health/live/route';
import * as ready from '@/app/api/health/ready/route';
import * as entries from '@/app/api/v1/time-tracking/entries/route';
import { installForbiddenMethods, ORIGINAL_METHOD_HEADER } from '@/lib/http/forbidden-methods';
import { problemSchema } from '@/lib/time-tracking/schemas';
import { useTestDatabase } from './helpers/database';

useTestDatabase();

type Handler = (request: Request, context: { params: Promise<unknown> }) => Promise<Response>;
const send = (handler: Handler, method: string, headers: Record<string, string> = {}) =>
  handler(new Request('http://localhost/api/x', { method, headers }), { params: Promise.resolve({}) });

describe('health routes', () => {
  for (const [name, route] of [
    ['live', live],
    ['ready', ready],
  ] as const) {
    it(`/api/health/${name}: OPTIONS is 204 with Allow: GET, and every other method a 405 naming it`, async () => {
      const options = await send(route.OPTIONS, 'OPTIONS');
      expect(options.status).toBe(204);
      expect(options.headers.get('allow')).toBe('GET');
      for (const method of ['POST', 'PUT', 'DELETE', 'PATCH'] as const) {
        const res = await send(route[method], method);
        expect(res.status).toBe(405);
        expect(res.headers.get('allow')).toBe('GET');
        expect(res.headers.get('content-type')).toBe('application/problem+json');
        expect(problemSchema.parse(await res.json()).code).toBe('method_not_allowed');
      }
      expect((await send(route.GET, 'GET')).status).toBe(200);
    });
  }
});

describe('TRACE, handed on by the hook as a marked OPTIONS', () => {
  it('is a 405 problem+json with the Allow of the route, for declared and plain routes', async () => {
    for (const [handler, allow] of [
      [entries.OPTIONS, 'GET, POST'],
      [live.OPTIONS, 'GET'],
    ] as const) {
      const res = await send(handler, 'OPTIONS', { [ORIGINAL_METHOD_HEADER]: 'TRACE' });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe(allow);
      const body = problemSchema.parse(await res.json());
      expect(body.detail).toBe(`TRACE is not supported here; use ${allow}.`);
    }
  });
});

describe('the hook on a Node http server', () => {
  const seen: { method?: string; marker?: string }[] = [];
  let port = 0;
  const server = createServer((req, res) => {
    seen.push({ method: req.method, marker: req.headers[ORIGINAL_METHOD_HEADER] as string | undefined });
    res.end('next');
  });

  beforeAll(async () => {
    installForbiddenMethods();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const raw = (method: string, path: string, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; headers: Record<string, unknown>; text: string }>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, method, path, headers }, (res) => {
        let text = '';
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      });
      req.on('error', reject);
      req.end();
    });

  it('passes TRACE under /api/ on as OPTIONS with the marker', async () => {
    seen.length = 0;
    await raw('TRACE', '/api/v1/time-tracking/entries');
    expect(seen).toEqual([{ method: 'OPTIONS', marker: 'TRACE' }]);
  });

  it('answers TRACE elsewhere itself: 405 problem+json, Allow: GET, HEAD', async () => {
    seen.length = 0;
    const res = await raw('TRACE', '/time-tracking');
    expect(seen).toEqual([]);
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD');
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(problemSchema.parse(JSON.parse(res.text)).code).toBe('method_not_allowed');
  });

  it('removes a marker a client sends, and leaves other methods alone', async () => {
    seen.length = 0;
    await raw('OPTIONS', '/api/health/live', { [ORIGINAL_METHOD_HEADER]: 'TRACE' });
    await raw('GET', '/api/health/live');
    expect(seen).toEqual([
      { method: 'OPTIONS', marker: undefined },
      { method: 'GET', marker: undefined },
    ]);
  });
});
