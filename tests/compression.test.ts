// Compressed API responses (lib/http/compression.ts): the negotiation, and real
// route handlers served through a Node http server the way `next start` sends a
// handler's Response (status, headers appended, headers flushed with the first
// chunk, each chunk written and flushed, then end), with the compression hook in
// front, as instrumentation.ts installs it. The client reads the raw bytes and
// decompresses them itself. tests/hardening/compression.test.ts does the same
// against `next start`.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DELETE as deleteEntry } from '@/app/api/v1/time-tracking/entries/[entry_id]/route';
import { POST as bulk } from '@/app/api/v1/time-tracking/entries/bulk/route';
import { GET as exportCsv } from '@/app/api/v1/time-tracking/entries/export/route';
import { GET as list } from '@/app/api/v1/time-tracking/entries/route';
import { GET as settings } from '@/app/api/v1/time-tracking/settings/route';
import { timeEntries } from '@/db/schema';
import {
  COMPRESSION_THRESHOLD_BYTES,
  compressResponse,
  isCompressibleType,
  negotiateEncoding,
} from '@/lib/http/compression';
import { realisticNotes } from '@/scripts/bench/notes';
import { newUserId, tokenFor } from './helpers/auth';
import { useTestDatabase } from './helpers/database';
import { makeEntry } from './helpers/factories';
import { type RawResponse, requestRaw } from './helpers/raw-http';

const database = useTestDatabase();

describe('negotiateEncoding', () => {
  it.each([
    [undefined, 'identity'],
    ['', 'identity'],
    ['identity', 'identity'],
    ['br', 'br'],
    ['gzip', 'gzip'],
    ['x-gzip', 'gzip'],
    ['gzip, deflate, br', 'br'],
    ['gzip, deflate, br, zstd', 'br'],
    ['BR;Q=1, GZIP', 'br'],
    ['br;q=0.5, gzip', 'gzip'],
    ['br;q=0.8, gzip;q=0.8', 'br'],
    ['br;q=0, gzip', 'gzip'],
    ['br;q=0', 'identity'],
    ['gzip;q=0', 'identity'],
    ['br;q=0, gzip;q=0', 'identity'],
    ['deflate', 'identity'],
    ['*', 'br'],
    ['*;q=0', 'identity'],
    ['gzip, *;q=0', 'gzip'],
    ['br;q=0, *', 'gzip'],
    ['br;q=0.0', 'identity'],
    ['br;q=nonsense, gzip', 'gzip'],
    [['gzip', 'br'], 'br'],
  ])('%j → %s', (header, expected) => {
    expect(negotiateEncoding(header as string | string[] | undefined)).toBe(expected);
  });

  it.each([
    ['application/json', true],
    ['application/json; charset=utf-8', true],
    [['application/json'], true],
    ['application/problem+json', true],
    ['text/csv; charset=utf-8', true],
    ['text/html; charset=utf-8', false],
    ['image/png', false],
    [undefined, false],
  ])('isCompressibleType(%j) is %s', (type, expected) => {
    expect(isCompressibleType(type)).toBe(expected);
  });
});

// ---- a server that sends a handler's Response as `next start` does ------------

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

const routes: { pattern: RegExp; methods: Record<string, Handler> }[] = [
  { pattern: /^\/api\/v1\/time-tracking\/entries\/export$/, methods: { GET: exportCsv } },
  { pattern: /^\/api\/v1\/time-tracking\/entries\/bulk$/, methods: { POST: bulk } },
  { pattern: /^\/api\/v1\/time-tracking\/entries\/(\d+)$/, methods: { DELETE: deleteEntry } },
  { pattern: /^\/api\/v1\/time-tracking\/entries$/, methods: { GET: list, HEAD: list } },
  { pattern: /^\/api\/v1\/time-tracking\/settings$/, methods: { GET: settings } },
];

async function nextLikeSend(req: http.IncomingMessage, res: http.ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const route = routes.find((r) => r.pattern.test(url.pathname));
  const handler = route?.methods[req.method ?? 'GET'];
  if (!route || !handler) {
    res.statusCode = 404;
    res.end();
    return;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers))
    if (typeof value === 'string') headers.set(name, value);
  const request = new Request(url, {
    method: req.method === 'HEAD' ? 'GET' : req.method,
    headers,
    body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
  });
  const entryId = route.pattern.exec(url.pathname)?.[1];
  const params: Record<string, string> = entryId ? { entry_id: entryId } : {};
  const response = await handler(request, { params: Promise.resolve(params) });
  // As Next's send-response.js: status, headers appended (never content-length,
  // content-encoding or transfer-encoding), then the body piped chunk by chunk.
  res.statusCode = response.status;
  response.headers.forEach((value, name) => {
    if (!['content-length', 'content-encoding', 'transfer-encoding'].includes(name))
      res.appendHeader(name, value);
  });
  if (!response.body || req.method === 'HEAD') {
    await response.body?.cancel();
    res.end();
    return;
  }
  let started = false;
  const flushable = res as http.ServerResponse & { flush?: () => void };
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    if (!started) {
      started = true;
      res.flushHeaders();
    }
    const ok = res.write(chunk);
    flushable.flush?.();
    if (!ok) await new Promise((resolve) => res.once('drain', resolve));
  }
  res.end();
}

let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    compressResponse(req, res);
    nextLikeSend(req, res).catch((error) => {
      res.destroy(error);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/time-tracking`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function fetchRaw(
  path: string,
  options: { token?: string; acceptEncoding?: string; method?: string; body?: string } = {},
): Promise<RawResponse> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.acceptEncoding !== undefined) headers['accept-encoding'] = options.acceptEncoding;
  if (options.body) headers['content-type'] = 'application/json';
  return requestRaw(`${base}${path}`, { method: options.method, headers, body: options.body });
}

const varies = (raw: RawResponse) =>
  String(raw.headers.vary ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .includes('accept-encoding');

describe('compressed responses through the real route handlers', () => {
  let userId: number;
  let token: string;
  let identity: string;

  beforeAll(async () => {
    userId = newUserId();
    token = await tokenFor(userId);
    const last = Date.parse('2026-06-30T09:00:00Z');
    await database.db.insert(timeEntries).values(
      Array.from({ length: 1000 }, (_, i) => {
        const start = new Date(last - i * 3 * 3_600_000);
        return {
          userId,
          date: start.toISOString().slice(0, 10),
          startTime: start,
          endTime: new Date(start.getTime() + 2 * 3_600_000),
          hourlyRate: '50',
          notes: `${realisticNotes(i)} ${'x'.repeat(300)}`,
        };
      }),
    );
    const plain = await fetchRaw('/entries?limit=1000', { token });
    expect(plain.status).toBe(200);
    identity = plain.body;
  });

  it('sends the 1,000-entry page (streamed in pieces) as identity without Accept-Encoding, with Vary', async () => {
    const plain = await fetchRaw('/entries?limit=1000', { token });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(varies(plain)).toBe(true);
    expect(JSON.parse(plain.body)).toHaveLength(1000);
    expect(plain.wire.length).toBeGreaterThan(256 * 1024);
  });

  it.each([
    ['br', 'br'],
    ['gzip', 'gzip'],
    ['gzip, deflate, br', 'br'],
    ['br;q=0, gzip', 'gzip'],
  ])('sends it compressed for %j (%s), the same bytes once decompressed', async (accept, encoding) => {
    const raw = await fetchRaw('/entries?limit=1000', { token, acceptEncoding: accept });
    expect(raw.status).toBe(200);
    expect(raw.headers['content-encoding']).toBe(encoding);
    expect(raw.headers['content-length']).toBeUndefined();
    expect(raw.headers['x-total-count']).toBe('1000');
    expect(varies(raw)).toBe(true);
    expect(raw.body).toBe(identity);
    expect(raw.wire.length).toBeLessThan(identity.length / 4);
  });

  it('sends identity when neither br nor gzip is acceptable', async () => {
    for (const accept of ['identity', 'deflate', 'br;q=0, gzip;q=0', '*;q=0']) {
      const raw = await fetchRaw('/entries?limit=1000', { token, acceptEncoding: accept });
      expect(raw.headers['content-encoding'], accept).toBeUndefined();
      expect(varies(raw)).toBe(true);
      expect(raw.body).toBe(identity);
    }
  });

  it('compresses a smaller whole page too, once it is 1 KB or more', async () => {
    const raw = await fetchRaw('/entries?limit=5', { token, acceptEncoding: 'gzip' });
    expect(Buffer.byteLength(raw.body)).toBeGreaterThanOrEqual(COMPRESSION_THRESHOLD_BYTES);
    expect(raw.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(raw.body)).toHaveLength(5);
  });

  it('leaves a response under 1 KB uncompressed, with its Content-Length and Vary', async () => {
    const raw = await fetchRaw('/settings', { token, acceptEncoding: 'br, gzip' });
    expect(raw.status).toBe(200);
    expect(raw.wire.length).toBeLessThan(COMPRESSION_THRESHOLD_BYTES);
    expect(raw.headers['content-encoding']).toBeUndefined();
    expect(raw.headers['content-length']).toBe(String(raw.wire.length));
    expect(varies(raw)).toBe(true);
    expect(JSON.parse(raw.body)).toHaveProperty('currency');
  });

  it('treats problems the same: a small 401 as it is, a large 400 compressed', async () => {
    const small = await fetchRaw('/settings', { acceptEncoding: 'br' });
    expect(small.status).toBe(401);
    expect(small.headers['content-type']).toBe('application/problem+json');
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(varies(small)).toBe(true);

    const entries = Array.from({ length: 40 }, () => ({ hourly_rate: -1 }));
    const large = await fetchRaw('/entries/bulk', {
      token,
      method: 'POST',
      acceptEncoding: 'br',
      body: JSON.stringify({ entries }),
    });
    expect(large.status).toBe(400);
    expect(large.headers['content-encoding']).toBe('br');
    expect(varies(large)).toBe(true);
    const problem = JSON.parse(large.body);
    expect(problem.status).toBe(400);
    expect(Buffer.byteLength(large.body)).toBeGreaterThanOrEqual(COMPRESSION_THRESHOLD_BYTES);
  });

  it('compresses the streamed CSV export', async () => {
    const plain = await fetchRaw('/entries/export', { token });
    const raw = await fetchRaw('/entries/export', { token, acceptEncoding: 'gzip, br' });
    expect(raw.status).toBe(200);
    expect(raw.headers['content-type']).toContain('text/csv');
    expect(raw.headers['content-encoding']).toBe('br');
    expect(varies(raw)).toBe(true);
    expect(raw.body).toBe(plain.body);
    expect(plain.body.split('\n').length).toBeGreaterThan(1000);
  });

  it('leaves HEAD and 204 untouched', async () => {
    const head = await fetchRaw('/entries?limit=1000', { token, method: 'HEAD', acceptEncoding: 'br' });
    expect(head.status).toBe(200);
    expect(head.headers['content-encoding']).toBeUndefined();
    expect(varies(head)).toBe(false);
    expect(head.wire.length).toBe(0);

    const other = newUserId();
    const entry = await makeEntry(database.db, other);
    const deleted = await fetchRaw(`/entries/${entry.id}`, {
      token: await tokenFor(other),
      method: 'DELETE',
      acceptEncoding: 'br',
    });
    expect(deleted.status).toBe(204);
    expect(deleted.headers['content-encoding']).toBeUndefined();
    expect(deleted.headers['content-length']).toBeUndefined();
    expect(varies(deleted)).toBe(false);
  });
});

describe('compressResponse with writeHead and end (how Node code other than Next writes)', () => {
  let plain: http.Server;
  let url: string;
  const big = JSON.stringify(Array.from({ length: 200 }, (_, i) => ({ i, notes: realisticNotes(i) })));
  beforeAll(async () => {
    plain = http.createServer((req, res) => {
      compressResponse(req, res);
      const body =
        req.url === '/big' ? big : req.url === '/small' ? '{"ok":true}' : '<p>not JSON</p>'.repeat(200);
      res.writeHead(200, { 'Content-Type': req.url === '/html' ? 'text/html' : 'application/json' });
      res.end(body);
    });
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => plain.close(resolve));
  });

  const fetchFrom = (path: string, acceptEncoding: string) =>
    new Promise<{ headers: http.IncomingHttpHeaders; wire: Buffer }>((resolve, reject) => {
      http
        .get(`${url}${path}`, { headers: { 'accept-encoding': acceptEncoding } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ headers: res.headers, wire: Buffer.concat(chunks) }));
        })
        .on('error', reject);
    });

  it('compresses a large body given to end() after writeHead', async () => {
    const res = await fetchFrom('/big', 'gzip');
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(res.wire).toString('utf8')).toBe(big);
  });

  it('sends a small one with its Content-Length, and other types as they are', async () => {
    const small = await fetchFrom('/small', 'br');
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.headers['content-length']).toBe('11');
    expect(small.headers.vary).toBe('Accept-Encoding');
    const html = await fetchFrom('/html', 'br');
    expect(html.headers['content-encoding']).toBeUndefined();
    expect(html.headers.vary).toBeUndefined();
    expect(html.wire.toString('utf8')).toBe('<p>not JSON</p>'.repeat(200));
  });
});
