import { readdirSync, readFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TimeEntry } from '@/lib/time-tracking/schemas';
import { expectEntry, expectProblem, expectValidation } from '../helpers/assertions';
import { newUserId, tokenFor } from '../helpers/auth';
import { jsonOfExactly } from '../helpers/request';
import { leaksIn } from './harness/client';
import { databaseDump, type Environment, startEnvironment } from './harness/environment';
import { record } from './harness/metrics';

// Item 5 of the hardening issue (OWASP API4, unrestricted resource
// consumption): bodies over 64 KiB are refused with 413 however they are
// sent, without the server holding them in memory; page sizes and batch sizes
// are capped. Nothing a refused request carried reaches the database.

const BASE = '/api/v1/time-tracking';
const LIMIT = 64 * 1024;
const MiB = 1024 * 1024;

let env: Environment;
const userId = newUserId();
let entry: TimeEntry;
let running: TimeEntry;

beforeAll(async () => {
  env = await startEnvironment();
  entry = expectEntry(
    await env.api('POST', `${BASE}/entries`, {
      userId,
      body: { start_time: '2024-01-22T09:00:00Z', end_time: '2024-01-22T17:00:00Z' },
    }),
    201,
  );
  running = expectEntry(await env.api('POST', `${BASE}/sessions/start`, { userId }), 201);
});
afterAll(async () => {
  await env?.close();
});

/** Everything a refused request must leave alone: the whole database (Postgres) or the user's view of it. */
async function snapshot(): Promise<string> {
  if (env.sql) return databaseDump(env.sql);
  const views = await Promise.all([
    env.api('GET', `${BASE}/entries?limit=1000`, { userId }),
    env.api('GET', `${BASE}/sessions/active`, { userId }),
    env.api('GET', `${BASE}/settings`, { userId }),
  ]);
  return views.map((r) => `${r.status} ${r.text}`).join('\n--\n');
}

interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: checked by expectProblem
  body: any;
  bytesSent: number;
}

/**
 * Sends a body with `Transfer-Encoding: chunked` and no Content-Length
 * through node:http, chunk by chunk with backpressure, until `total` bytes are
 * out or the server has answered (it may answer, and stop reading, early).
 * Each call has a connection of its own unless an agent is given.
 */
async function sendChunked(
  method: string,
  path: string,
  total: number,
  chunk: (offset: number) => Buffer,
  shared?: Agent,
): Promise<RawResponse> {
  // A keep-alive agent of its own by default: with "Connection: close" the
  // server closes the socket as soon as it has answered, and the reset can
  // overtake its 413 while the client is still writing.
  const agent = shared ?? new Agent({ keepAlive: true, maxSockets: 1 });
  const token = await tokenFor(userId);
  const url = new URL(path, env.server.url);
  return new Promise<RawResponse>((resolve, reject) => {
    let bytesSent = 0;
    let answered = false;
    const req = httpRequest(url, {
      method,
      agent,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'transfer-encoding': 'chunked',
      },
    });
    req.on('response', (res) => {
      answered = true;
      const parts: Buffer[] = [];
      res.on('data', (part: Buffer) => parts.push(part));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(parts).toString('utf8');
        const headers = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
        }
        const status = res.statusCode ?? 0;
        record({ kind: 'response', status });
        const leak = leaksIn(text);
        if (leak)
          record({ kind: 'hygiene', where: `${method} ${path} (chunked) → ${status}`, excerpt: leak });
        const body = (headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : null;
        resolve({ status, headers, text, body, bytesSent });
        if (!shared) agent.destroy();
      });
    });
    // Once the server has answered it may close the connection under a write.
    req.on('error', (error) => {
      if (!answered) {
        if (!shared) agent.destroy();
        reject(error);
      }
    });
    const pump = () => {
      while (!answered && bytesSent < total) {
        const piece = chunk(bytesSent).subarray(0, total - bytesSent);
        bytesSent += piece.length;
        if (!req.write(piece)) {
          req.once('drain', pump);
          return;
        }
      }
      if (!answered) req.end();
    };
    pump();
  });
}

/** Resident memory of the server process and everything it spawned, in bytes. */
function serverRss(): number {
  const root = env.server.child.pid!;
  const parents = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // pid (comm) state ppid …; comm may contain spaces, so split after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(Number(name), ppid);
    } catch {}
  }
  const tree = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of parents) {
      if (tree.has(ppid) && !tree.has(pid)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  let total = 0;
  for (const pid of tree) {
    try {
      const match = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      total += Number(match?.[1] ?? 0) * 1024;
    } catch {}
  }
  return total;
}

/** A JSON body of `bytes` bytes that would be valid for the route if it were small enough. */
const oversized = (fields: Record<string, unknown>, bytes = LIMIT + 1) => jsonOfExactly(bytes, fields);

const BODY_ROUTES: {
  name: string;
  method: string;
  path: () => string;
  fields: () => Record<string, unknown>;
}[] = [
  {
    name: 'POST /entries',
    method: 'POST',
    path: () => `${BASE}/entries`,
    fields: () => ({ start_time: '2024-01-23T09:00:00Z', end_time: '2024-01-23T10:00:00Z' }),
  },
  {
    name: 'PUT /entries/{id}',
    method: 'PUT',
    path: () => `${BASE}/entries/${entry.id}`,
    fields: () => ({ notes: 'big' }),
  },
  {
    name: 'POST /sessions/start',
    method: 'POST',
    path: () => `${BASE}/sessions/start`,
    fields: () => ({ notes: 'big' }),
  },
  {
    name: 'POST /sessions/{id}/stop',
    method: 'POST',
    path: () => `${BASE}/sessions/${running.id}/stop`,
    fields: () => ({}),
  },
  {
    name: 'PUT /settings',
    method: 'PUT',
    path: () => `${BASE}/settings`,
    fields: () => ({ currency: 'EUR' }),
  },
  {
    name: 'POST /batch-update-payment-status',
    method: 'POST',
    path: () => `${BASE}/batch-update-payment-status`,
    fields: () => ({ entry_ids: [entry.id], payment_status: 'paid' }),
  },
];

describe('request bodies over 64 KiB', () => {
  for (const route of BODY_ROUTES) {
    it(`${route.name}: 413 problem+json with Content-Length, nothing stored`, async () => {
      const before = await snapshot();
      const res = await env.api(route.method, route.path(), {
        userId,
        body: oversized(route.fields()),
        headers: { 'content-type': 'application/json' },
      });
      expectProblem(res, 413);
      expect(await snapshot()).toBe(before);
    });

    it(`${route.name}: 413 problem+json when chunked without Content-Length, nothing stored`, async () => {
      const before = await snapshot();
      const body = Buffer.from(oversized(route.fields(), LIMIT + 4096));
      const res = await sendChunked(route.method, route.path(), body.length, (offset) =>
        body.subarray(offset, offset + 1000),
      );
      expectProblem(res, 413);
      expect(await snapshot()).toBe(before);
    });
  }

  it('accepts a body of exactly 64 KiB and refuses one byte more, either way it is sent', async () => {
    const exact = oversized({ timezone: 'UTC+05:30' }, LIMIT);
    const ok = await env.api('PUT', `${BASE}/settings`, { userId, body: exact });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body.timezone).toBe('UTC+05:30');
    const exactBytes = Buffer.from(oversized({ timezone: 'UTC' }, LIMIT));
    const chunkedOk = await sendChunked('PUT', `${BASE}/settings`, exactBytes.length, (offset) =>
      exactBytes.subarray(offset, offset + 4096),
    );
    expect(chunkedOk.status, chunkedOk.text).toBe(200);
    expect(chunkedOk.body.timezone).toBe('UTC');

    const before = await snapshot();
    const over = oversized({ timezone: 'UTC-3' }, LIMIT + 1);
    expectProblem(await env.api('PUT', `${BASE}/settings`, { userId, body: over }), 413);
    const overBytes = Buffer.from(over);
    expectProblem(
      await sendChunked('PUT', `${BASE}/settings`, overBytes.length, (offset) =>
        overBytes.subarray(offset, offset + 4096),
      ),
      413,
    );
    expect(await snapshot()).toBe(before);
  });

  it('a 50 MB chunked body gets 413 without the server taking it into memory', async () => {
    const path = `${BASE}/entries/${entry.id}`;
    const attempted = 50 * MiB;
    // A JSON object that never ends: `{"notes":"xxxx…`.
    const filler = Buffer.alloc(64 * 1024, 'x');
    const opening = Buffer.from('{"notes":"');
    const chunk = (offset: number) => (offset === 0 ? Buffer.concat([opening, filler]) : filler);

    // Warm the route up first, so that loading its code is not counted as growth.
    expectProblem(await sendChunked('PUT', path, 2 * LIMIT, chunk), 413);
    const before = await snapshot();
    const rssBefore = serverRss();

    const res = await sendChunked('PUT', path, attempted, chunk);
    expectProblem(res, 413);
    const rssAfter = serverRss();
    const growth = rssAfter - rssBefore;
    console.log(
      `50 MB chunked body: ${res.bytesSent} bytes written before the 413; server RSS ${(rssBefore / MiB).toFixed(1)} → ${(rssAfter / MiB).toFixed(1)} MiB`,
    );
    expect(growth).toBeLessThan(32 * MiB);
    expect(await snapshot()).toBe(before);
    // The server is still fine afterwards.
    expect(expectEntry(await env.api('GET', path, { userId }))).toEqual(entry);
  });
});

describe('the connection after a 413', () => {
  it('a keep-alive connection that carried a refused body still serves the next request', async () => {
    // Browsers, axios in Node and Node's own global agent keep connections
    // alive, and send a Content-Length. After such a 413 the next request on
    // the same connection must be answered. (A refused *chunked* body is not
    // drained: reading it to the end would let a client stream any amount
    // through the server; that connection is left to the client to close. See
    // the notes in docs/SECURITY.md.)
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const body = Buffer.from(oversized({ currency: 'EUR' }, 256 * 1024));
      const token = await tokenFor(userId);
      const refused = await new Promise<{ status: number; headers: Headers; text: string; body: unknown }>(
        (resolve, reject) => {
          const req = httpRequest(new URL(`${BASE}/settings`, env.server.url), {
            method: 'PUT',
            agent,
            headers: {
              authorization: `Bearer ${token}`,
              'content-type': 'application/json',
              'content-length': String(body.length),
            },
          });
          req.on('response', (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (chunk) => {
              text += chunk;
            });
            res.on('end', () => {
              const headers = new Headers();
              for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers.set(k, v);
              resolve({ status: res.statusCode ?? 0, headers, text, body: JSON.parse(text) });
            });
          });
          req.on('error', reject);
          req.end(body);
        },
      );
      record({ kind: 'response', status: refused.status });
      expectProblem(refused, 413);
      const next = await new Promise<string>((resolve) => {
        void tokenFor(userId).then((token) => {
          const req = httpRequest(new URL(`${BASE}/settings`, env.server.url), {
            agent,
            headers: { authorization: `Bearer ${token}` },
          });
          req.on('response', (res) => {
            res.resume();
            res.on('end', () => resolve(`status ${res.statusCode}`));
          });
          req.on('error', (error) => resolve(`error ${String(error)}`));
          req.end();
        });
      });
      if (next.startsWith('status ')) record({ kind: 'response', status: Number(next.slice(7)) });
      expect(next, `connection after the 413 said ${refused.headers.get('connection')}`).toBe('status 200');
    } finally {
      agent.destroy();
    }
  });
});

describe('page size and batch size caps', () => {
  it('limit=1001 (and other out-of-range limits) give 400 naming limit; limit=1000 gives 200', async () => {
    const before = await snapshot();
    for (const limit of ['1001', '0', '-1', '100000000000000000000', '1e3', '1000.5']) {
      const res = await env.api('GET', `${BASE}/entries?limit=${limit}`, { userId });
      expectValidation(res, ['limit']);
    }
    const ok = await env.api('GET', `${BASE}/entries?limit=1000`, { userId });
    expect(ok.status).toBe(200);
    expect((ok.body as TimeEntry[]).map((e) => e.id).sort()).toEqual([entry.id, running.id].sort());
    expect(ok.headers.get('x-total-count')).toBe('2');
    expect(await snapshot()).toBe(before);
  });

  it('a batch of 1001 ids gives 400 naming entry_ids and changes nothing', async () => {
    const before = await snapshot();
    const ownIds = [entry.id, running.id];
    for (const entry_ids of [
      Array.from({ length: 1001 }, (_, i) => ownIds[i % 2]!),
      [...ownIds, ...Array.from({ length: 999 }, (_, i) => 1_000_000 + i)],
      Array.from({ length: 100_000 }, (_, i) => i + 1),
    ]) {
      const res = await env.api('POST', `${BASE}/batch-update-payment-status`, {
        userId,
        body: { entry_ids, payment_status: 'paid' },
      });
      if (JSON.stringify(entry_ids).length > LIMIT) expectProblem(res, 413);
      else expectValidation(res, ['entry_ids']);
    }
    expect(await snapshot()).toBe(before);
  });

  it('a batch of exactly 1000 ids is accepted as input (404 here: most of them do not exist)', async () => {
    const before = await snapshot();
    const entry_ids = [entry.id, running.id, ...Array.from({ length: 998 }, (_, i) => 1_000_000 + i)];
    const res = await env.api('POST', `${BASE}/batch-update-payment-status`, {
      userId,
      body: { entry_ids, payment_status: 'paid' },
    });
    expectProblem(res, 404);
    expect(await snapshot()).toBe(before);

    // The same 1000-id batch over the user's own entries (duplicates count once) succeeds.
    const own = Array.from({ length: 1000 }, (_, i) => (i % 2 ? entry.id : running.id));
    const done = await env.api('POST', `${BASE}/batch-update-payment-status`, {
      userId,
      body: { entry_ids: own, payment_status: 'invoiced_not_approved' },
    });
    expect(done.status, done.text).toBe(200);
    expect(done.body.updated_count).toBe(2);
  });
});
