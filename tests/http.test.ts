import type { AddressInfo } from 'node:net';
import { createServer, type Socket } from 'node:net';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { GET as live } from '@/app/api/health/live/route';
import { GET as ready } from '@/app/api/health/ready/route';
import * as entryRoute from '@/app/api/v1/time-tracking/entries/[entry_id]/route';
import { POST as createEntry, GET as listEntries } from '@/app/api/v1/time-tracking/entries/route';
import * as stopRoute from '@/app/api/v1/time-tracking/sessions/[entry_id]/stop/route';
import { POST as startSession } from '@/app/api/v1/time-tracking/sessions/start/route';
import { GET as getSettings, PUT as putSettings } from '@/app/api/v1/time-tracking/settings/route';
import { connectPostgres, type Database, setDb } from '@/db/client';
import * as schema from '@/db/schema';
import { log } from '@/lib/log';
import { problemSchema, timeEntrySchema } from '@/lib/time-tracking/schemas';
import { newUserId } from './helpers/auth';
import { snapshot, useTestDatabase } from './helpers/database';
import { makeEntry } from './helpers/factories';
import { type CallResult, call } from './helpers/http';
import { byteStream, jsonOfExactly } from './helpers/request';

const getEntry = entryRoute.GET;
const deleteEntry = entryRoute.DELETE;
const stopSession = stopRoute.POST;
const database = useTestDatabase();

const KIB_64 = 64 * 1024;
const ENTRY = { start_time: '2024-03-01T09:00:00Z', end_time: '2024-03-01T10:00:00Z', notes: 'body size' };
const utf8 = (text: string) => new TextEncoder().encode(text);

function expectProblem(res: CallResult, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  expect(res.headers.get('cache-control')).toBe('no-store');
  const problem = problemSchema.parse(res.body);
  expect(typeof problem.type).toBe('string');
  expect(problem.title.length).toBeGreaterThan(0);
  expect(problem.status).toBe(status);
  expect(problem.detail.length).toBeGreaterThan(0);
  return problem;
}

/** No SQL, schema names, driver internals or stack frames in what the client sees. */
function expectNothingInternal(res: CallResult, extra: string[] = []) {
  const text = res.text.toLowerCase();
  for (const word of [
    'select',
    'insert',
    'update "',
    'from "',
    'time_entries',
    'user_settings',
    'relation',
    'params',
    'failed query',
    'postgres://',
    'econnrefused',
    'drizzle',
    'node_modules',
    ...extra.map((w) => w.toLowerCase()),
  ]) {
    expect(text, word).not.toContain(word);
  }
  expect(res.text).not.toMatch(/\n\s+at /);
  expect(res.body).not.toHaveProperty('stack');
}

describe('body size limit (64 KiB)', () => {
  it('answers 413 to a body over 64 KiB with a correct Content-Length, and writes nothing', async () => {
    const userId = newUserId();
    const body = jsonOfExactly(KIB_64 + 1, ENTRY);
    const before = await snapshot(database.db);
    const res = await call(createEntry, 'POST', {
      userId,
      body,
      headers: { 'content-type': 'application/json', 'content-length': String(KIB_64 + 1) },
    });
    expectProblem(res, 413);
    expect(await snapshot(database.db)).toEqual(before);
  });

  it('answers 413 to a streamed body over 64 KiB without Content-Length, and writes nothing', async () => {
    const userId = newUserId();
    const { stream } = byteStream(utf8(jsonOfExactly(KIB_64 + 1, ENTRY)), 4096);
    const before = await snapshot(database.db);
    const res = await call(createEntry, 'POST', {
      userId,
      body: stream,
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(res, 413);
    expect(await snapshot(database.db)).toEqual(before);
  });

  it('stops reading an endless body instead of buffering it', async () => {
    const { stream, state } = byteStream('endless', 16 * 1024);
    const res = await call(createEntry, 'POST', { userId: newUserId(), body: stream });
    expectProblem(res, 413);
    expect(state.pulled).toBeLessThan(1024 * 1024);
  });

  it('answers 413 when a small Content-Length lies about a large body', async () => {
    const userId = newUserId();
    const body = jsonOfExactly(KIB_64 * 2, ENTRY);
    // Node's Request keeps the header as given; check so this test cannot pass vacuously.
    expect(
      new Request('http://x/', { method: 'POST', headers: { 'content-length': '10' }, body }).headers.get(
        'content-length',
      ),
    ).toBe('10');
    const before = await snapshot(database.db);
    const res = await call(createEntry, 'POST', {
      userId,
      body,
      headers: { 'content-type': 'application/json', 'content-length': '10' },
    });
    expectProblem(res, 413);
    expect(await snapshot(database.db)).toEqual(before);
  });

  it('counts bytes, not characters', async () => {
    const userId = newUserId();
    // 40,000 characters, 80,000 bytes of UTF-8.
    const body = JSON.stringify({ ...ENTRY, padding: 'é'.repeat(40_000) });
    expect(body.length).toBeLessThan(KIB_64);
    const before = await snapshot(database.db);
    const res = await call(createEntry, 'POST', {
      userId,
      body,
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(res, 413);
    expect(await snapshot(database.db)).toEqual(before);
  });

  it('accepts a body of exactly 64 KiB, with and without Content-Length', async () => {
    const body = jsonOfExactly(KIB_64, ENTRY);
    expect(utf8(body).byteLength).toBe(65536);

    const withLength = await call(createEntry, 'POST', {
      userId: newUserId(),
      body,
      headers: { 'content-type': 'application/json', 'content-length': '65536' },
    });
    expect(withLength.status).toBe(201);
    expect(timeEntrySchema.parse(withLength.body)).toMatchObject({ notes: 'body size', total_hours: 1 });

    const { stream } = byteStream(utf8(body), 1000);
    const streamed = await call(createEntry, 'POST', {
      userId: newUserId(),
      body: stream,
      headers: { 'content-type': 'application/json' },
    });
    expect(streamed.status).toBe(201);
    expect(streamed.body.notes).toBe('body size');
  });
});

describe('request bodies', () => {
  it.each([
    ['{"start_time":', 'truncated JSON'],
    ["{'start_time': '2024-03-01T09:00:00Z'}", 'single quotes'],
    ['{"start_time":"2024-03-01T09:00:00Z",}', 'a trailing comma'],
    ['start_time=2024-03-01T09:00:00Z', 'a form body'],
    ['undefined', 'undefined'],
  ])('answers 400 to invalid JSON: %j (%s)', async (body) => {
    const userId = newUserId();
    const before = await snapshot(database.db);
    const res = await call(createEntry, 'POST', {
      userId,
      body,
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(res, 400);
    expect(await snapshot(database.db)).toEqual(before);
  });

  it.each([['[]'], ['[{"start_time":"2024-03-01T09:00:00Z"}]'], ['"text"'], ['null'], ['42'], ['true']])(
    'answers 400 to a body that is not a JSON object: %s',
    async (body) => {
      const userId = newUserId();
      const res = await call(createEntry, 'POST', {
        userId,
        body,
        headers: { 'content-type': 'application/json' },
      });
      const problem = expectProblem(res, 400);
      expect(problem.detail.toLowerCase()).toContain('object');
      // Also where an empty body would be fine.
      const start = await call(startSession, 'POST', {
        userId,
        body,
        headers: { 'content-type': 'application/json' },
      });
      expectProblem(start, 400);
      expect((await call(startSession, 'POST', { userId })).status).toBe(201);
    },
  );

  it('treats an empty body on POST sessions/start as {}, with or without Content-Type', async () => {
    const first = newUserId();
    const withType = await call(startSession, 'POST', {
      userId: first,
      body: '',
      headers: { 'content-type': 'application/json' },
    });
    expect(withType.status).toBe(201);
    expect(timeEntrySchema.parse(withType.body)).toMatchObject({
      user_id: first,
      end_time: null,
      hourly_rate: 50,
    });

    const second = newUserId();
    const withoutBody = await call(startSession, 'POST', { userId: second });
    expect(withoutBody.status).toBe(201);
    expect(withoutBody.body.user_id).toBe(second);

    // The frontend's stop call sends no body either.
    const stop = await call(stopSession, 'POST', {
      userId: second,
      params: { entry_id: String(withoutBody.body.id) },
      headers: { 'content-type': 'application/json' },
    });
    expect(stop.status).toBe(200);
    expect(stop.body.end_time).not.toBeNull();
  });

  it('answers 400 to a body that is not valid UTF-8, and writes nothing', async () => {
    const userId = newUserId();
    const before = await snapshot(database.db);
    const prefix = utf8('{"start_time":"2024-03-01T09:00:00Z","end_time":"2024-03-01T10:00:00Z","notes":"');
    const bytes = new Uint8Array([...prefix, 0xff, 0xfe, 0xc3, 0x28, ...utf8('"}')]);
    const res = await call(createEntry, 'POST', {
      userId,
      body: bytes,
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    expectProblem(res, 400);
    expect(await snapshot(database.db)).toEqual(before);
  });

  it('accepts well-formed multi-byte UTF-8', async () => {
    const res = await call(createEntry, 'POST', {
      userId: newUserId(),
      body: utf8(JSON.stringify({ ...ENTRY, notes: 'Überstunden – 東京 🕒' })),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(201);
    expect(res.body.notes).toBe('Überstunden – 東京 🕒');
  });
});

describe('headers and problem details on every response', () => {
  it('marks 200, 201, 204, 400, 401, 404, 409 and 413 responses Cache-Control: no-store', async () => {
    const userId = newUserId();
    const seen = new Map<number, CallResult>();
    const record = (res: CallResult) => {
      seen.set(res.status, res);
      return res;
    };

    record(await call(getSettings, 'GET', { userId, query: '_t=1700000000000' }));
    const created = record(await call(createEntry, 'POST', { userId, body: ENTRY }));
    record(await call(deleteEntry, 'DELETE', { userId, params: { entry_id: String(created.body.id) } }));
    record(await call(putSettings, 'PUT', { userId, body: { currency: 'nope' } }));
    record(await call(getSettings, 'GET'));
    record(await call(getEntry, 'GET', { userId, params: { entry_id: '2147483647' } }));
    record(await call(startSession, 'POST', { userId }));
    record(await call(startSession, 'POST', { userId }));
    record(await call(createEntry, 'POST', { userId, body: jsonOfExactly(KIB_64 + 100, ENTRY) }));

    expect([...seen.keys()].sort()).toEqual([200, 201, 204, 400, 401, 404, 409, 413]);
    for (const [status, res] of seen) {
      expect(res.headers.get('cache-control'), String(status)).toBe('no-store');
      if (status >= 400) expectProblem(res, status);
    }
    expect(seen.get(200)?.headers.get('content-type')).toMatch(/^application\/json/);
    expect(seen.get(201)?.headers.get('content-type')).toMatch(/^application\/json/);
    expect(seen.get(204)?.text).toBe('');
  });

  it('marks list responses no-store too, and ignores the cache-buster', async () => {
    const userId = newUserId();
    await makeEntry(database.db, userId);
    const res = await call(listEntries, 'GET', { userId, query: `limit=1000&_t=${Date.now()}` });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toHaveLength(1);
  });
});

describe('request ids', () => {
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  it('gives every response a new id, and a problem body the same one as request_id', async () => {
    const userId = newUserId();
    const ok = await call(getSettings, 'GET', { userId });
    const again = await call(getSettings, 'GET', { userId });
    const problem = await call(getEntry, 'GET', { userId, params: { entry_id: '2147483647' } });
    const ids = [ok, again, problem].map((res) => res.headers.get('x-request-id'));
    for (const id of ids) expect(id).toMatch(UUID);
    expect(new Set(ids).size).toBe(3);
    expect(problem.body.request_id).toBe(ids[2]);
  });

  it("keeps the caller's X-Request-Id, dropping unsafe characters and cutting it at 128", async () => {
    const userId = newUserId();
    const echo = async (id: string) =>
      (await call(getSettings, 'GET', { userId, headers: { 'x-request-id': id } })).headers.get(
        'x-request-id',
      );
    expect(await echo('checkout-7f3a:retry.2')).toBe('checkout-7f3a:retry.2');
    expect(await echo('a b"c<script>\\d')).toBe('abcscriptd');
    expect(await echo('x'.repeat(300))).toBe('x'.repeat(128));
    // Nothing usable left: a new id.
    expect(await echo(' "<>" ')).toMatch(UUID);
    const failed = await call(getSettings, 'GET', { headers: { 'x-request-id': 'mine-401' } });
    expect(failed.status).toBe(401);
    expect(failed.body.request_id).toBe('mine-401');
  });
});

describe('methods a path does not have', () => {
  it('answers OPTIONS with 204, no body, the Allow of the 405s, and no-store', async () => {
    for (const [route, other, allow] of [
      [entryRoute, 'PATCH', 'GET, PUT, DELETE'],
      [stopRoute, 'GET', 'POST'],
    ] as const) {
      const res = await call(route.OPTIONS, 'OPTIONS', { params: { entry_id: '1' } });
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      expect(res.headers.get('allow')).toBe(allow);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const refused = await call(route[other], other, { params: { entry_id: '1' } });
      expectProblem(refused, 405);
      expect(refused.headers.get('allow')).toBe(allow);
    }
  });
});

describe('database unavailable', () => {
  // A fresh pool per test: the driver's reconnect state must not leak between tests.
  let unreachable: ReturnType<typeof connectPostgres>;

  beforeEach(() => {
    unreachable = connectPostgres('postgres://postgres@127.0.0.1:1/nothing', {
      poolMax: 1,
      connectTimeoutMs: 2000,
      prepare: true,
    });
  });

  afterEach(async () => {
    setDb(database.db);
    // end() waits for queued queries; after a failed test those may sit in the
    // driver's reconnect back-off, so do not hold up the next test for them.
    await Promise.race([unreachable.close(), new Promise((resolve) => setTimeout(resolve, 1000))]);
    vi.restoreAllMocks();
  });

  const quietly = () => vi.spyOn(console, 'error').mockImplementation(() => {});

  function expectUnavailable(res: CallResult) {
    expectProblem(res, 503);
    const retryAfter = res.headers.get('retry-after');
    expect(retryAfter).toMatch(/^\d+$/);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expectNothingInternal(res);
  }

  it('answers 503 with Retry-After to reads and writes when Postgres refuses connections', async () => {
    quietly();
    setDb(unreachable.db);
    const userId = newUserId();
    expectUnavailable(await call(getSettings, 'GET', { userId }));
    expectUnavailable(await call(putSettings, 'PUT', { userId, body: { currency: 'EUR' } }));
    expectUnavailable(await call(createEntry, 'POST', { userId, body: { ...ENTRY, notes: 'never stored' } }));
    expectUnavailable(await call(listEntries, 'GET', { userId, query: 'limit=1000' }));
    expectUnavailable(await call(startSession, 'POST', { userId }));
  });

  it('keeps failing fast during a sustained outage: 12 requests in a row all get their 503 in time', async () => {
    // Each one must come back within seconds (the whole test has the 30 s test
    // timeout), not after the driver's growing reconnect back-off.
    quietly();
    setDb(unreachable.db);
    const userId = newUserId();
    for (let i = 0; i < 12; i++) {
      expectUnavailable(await call(getSettings, 'GET', { userId }));
    }
  });

  it('answers 503 within seconds when the database accepts connections but never answers', async () => {
    quietly();
    const sockets = new Set<Socket>();
    const server = createServer((socket) => {
      sockets.add(socket);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const hung = connectPostgres(`postgres://postgres@127.0.0.1:${port}/nothing`, {
      poolMax: 1,
      connectTimeoutMs: 2000,
      prepare: true,
    });
    try {
      setDb(hung.db);
      expectUnavailable(await call(getSettings, 'GET', { userId: newUserId() }));
    } finally {
      for (const socket of sockets) socket.destroy();
      await hung.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('still answers 401 before touching the database', async () => {
    setDb(unreachable.db);
    const res = await call(getSettings, 'GET', { token: 'garbage' });
    expectProblem(res, 401);
  });

  it('reports readiness: 503 while the database is down, 200 when it is back; liveness is always 200', async () => {
    quietly();
    setDb(unreachable.db);
    const down = await call(ready, 'GET');
    expectUnavailable(down);
    const liveWhileDown = await call(live, 'GET');
    expect(liveWhileDown.status).toBe(200);
    expect(liveWhileDown.headers.get('cache-control')).toBe('no-store');

    setDb(database.db);
    const up = await call(ready, 'GET');
    expect(up.status).toBe(200);
    expect(up.headers.get('cache-control')).toBe('no-store');
    expect(up.headers.get('retry-after')).toBeNull();
    const liveWhileUp = await call(live, 'GET');
    expect(liveWhileUp.status).toBe(200);
  });

  it('serves requests again once the database is back', async () => {
    const userId = newUserId();
    quietly();
    setDb(unreachable.db);
    expect((await call(getSettings, 'GET', { userId })).status).toBe(503);
    setDb(database.db);
    const res = await call(getSettings, 'GET', { userId });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ default_hourly_rate: 50, currency: 'USD', timezone: 'UTC' });
  });
});

describe('a real bug (a database without the tables)', () => {
  let client: PGlite;
  let broken: Database;

  beforeAll(async () => {
    client = new PGlite();
    broken = drizzle(client, { schema }) as unknown as Database;
  });

  afterEach(() => {
    setDb(database.db);
    vi.restoreAllMocks();
  });

  afterAll(async () => {
    await client?.close();
  });

  it('answers 500 without SQL, table names or parameters, and logs the error under the request id', async () => {
    const logged = vi.spyOn(log(), 'error');
    setDb(broken);
    const userId = newUserId();

    const read = await call(getSettings, 'GET', { userId });
    expectProblem(read, 500);
    expectNothingInternal(read, ['42P01', String(userId)]);
    expect(read.headers.get('retry-after')).toBeNull();

    const write = await call(createEntry, 'POST', {
      userId,
      body: { ...ENTRY, notes: 'parameter-value-that-must-not-leak' },
    });
    expectProblem(write, 500);
    expectNothingInternal(write, ['42P01', 'parameter-value-that-must-not-leak', String(userId)]);

    const entry = await call(getEntry, 'GET', { userId, params: { entry_id: '12345' } });
    expectProblem(entry, 500);
    expectNothingInternal(entry, ['12345', String(userId)]);

    // One error line per request, under the id the problem body names; the body's notes are not in it.
    const lines = logged.mock.calls.map(([line]) => line as unknown as Record<string, unknown>);
    expect(lines.map((line) => line.request_id)).toEqual([
      read.body.request_id,
      write.body.request_id,
      entry.body.request_id,
    ]);
    for (const line of lines) {
      expect(line).toMatchObject({ status: 500, problem: 'internal_error', user_id: userId });
      expect(line.error).toMatch(/42P01|does not exist/);
    }
    expect(JSON.stringify(lines)).not.toContain('parameter-value-that-must-not-leak');
  });
});
