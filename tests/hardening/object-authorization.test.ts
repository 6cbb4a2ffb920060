import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statsSchema, type TimeEntry } from '@/lib/time-tracking/schemas';
import { expectEntry, expectProblem } from '../helpers/assertions';
import { newUserId } from '../helpers/auth';
import type { ApiResponse } from './harness/client';
import { databaseDump, type Environment, startEnvironment } from './harness/environment';

// Item 2 of the hardening issue (OWASP API1, broken object-level
// authorization): user B acting on user A's entries gets 404, exactly as for
// an id that does not exist, and A's rows do not change by a single byte.

const BASE = '/api/v1/time-tracking';
// Far beyond anything the identity sequence hands out in this test.
const NONEXISTENT_ID = 2_000_000_000;

let env: Environment;
const A = newUserId();
const B = newUserId();
let aStopped: TimeEntry;
let aOld: TimeEntry;
let aRunning: TimeEntry;
let bOwn: TimeEntry;

beforeAll(async () => {
  env = await startEnvironment();
  for (const userId of [A, B]) {
    expect((await env.api('GET', `${BASE}/settings`, { userId })).status).toBe(200);
  }
  const hour = 3_600_000;
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19);
  const now = Date.now();
  aStopped = expectEntry(
    await env.api('POST', `${BASE}/entries`, {
      userId: A,
      body: { start_time: iso(now - 5 * hour), end_time: iso(now - 4 * hour), notes: "A's work" },
    }),
    201,
  );
  aOld = expectEntry(
    await env.api('POST', `${BASE}/entries`, {
      userId: A,
      body: {
        start_time: '2024-01-22T09:00:00Z',
        end_time: '2024-01-22T17:00:00Z',
        payment_status: 'invoiced_approved',
      },
    }),
    201,
  );
  aRunning = expectEntry(
    await env.api('POST', `${BASE}/sessions/start`, { userId: A, body: { notes: "A's timer" } }),
    201,
  );
  bOwn = expectEntry(
    await env.api('POST', `${BASE}/entries`, {
      userId: B,
      body: { start_time: '2024-02-01T09:00:00Z', end_time: '2024-02-01T10:00:00Z', notes: "B's work" },
    }),
    201,
  );
});
afterAll(async () => {
  await env?.close();
});

/** One row as Postgres renders it (every column, byte for byte), or A's own view of it on PGlite. */
async function rowText(id: number): Promise<string> {
  if (env.sql) {
    const rows = await env.sql<{ t: string }[]>`select t::text as t from time_entries t where id = ${id}`;
    expect(rows.length).toBe(1);
    return rows[0]!.t;
  }
  const res = await env.api('GET', `${BASE}/entries/${id}`, { userId: A });
  expect(res.status).toBe(200);
  return res.text;
}

/** Everything that must not change: the whole database (Postgres) or every entry as its owner sees it. */
async function snapshot(): Promise<string> {
  if (env.sql) return databaseDump(env.sql);
  const views = await Promise.all([
    env.api('GET', `${BASE}/entries?limit=1000`, { userId: A }),
    env.api('GET', `${BASE}/entries?limit=1000`, { userId: B }),
    env.api('GET', `${BASE}/sessions/active`, { userId: A }),
    env.api('GET', `${BASE}/settings`, { userId: A }),
    env.api('GET', `${BASE}/settings`, { userId: B }),
    env.api('GET', `${BASE}/entries/deleted?limit=1000`, { userId: A }),
    env.api('GET', `${BASE}/entries/deleted?limit=1000`, { userId: B }),
  ]);
  return views.map((r) => r.text).join('\n--\n');
}

interface Attack {
  name: string;
  send: (id: number, target: TimeEntry) => Promise<ApiResponse>;
}

const later = (entry: TimeEntry, minutes: number) =>
  new Date(Date.parse(`${entry.start_time}Z`) + minutes * 60_000).toISOString().slice(0, 19);

// Everything B could try with an id that is not theirs.
const ATTACKS: Attack[] = [
  { name: 'GET /entries/{id}', send: (id) => env.api('GET', `${BASE}/entries/${id}`, { userId: B }) },
  {
    name: 'PUT /entries/{id} notes, rate and status',
    send: (id) =>
      env.api('PUT', `${BASE}/entries/${id}`, {
        userId: B,
        body: { notes: 'changed by B', hourly_rate: 1, payment_status: 'paid' },
      }),
  },
  {
    name: 'PUT /entries/{id} new start_time',
    send: (id, target) =>
      env.api('PUT', `${BASE}/entries/${id}`, {
        userId: B,
        body: { start_time: later(target, -30) },
      }),
  },
  {
    name: 'PUT /entries/{id} end_time: null',
    send: (id) => env.api('PUT', `${BASE}/entries/${id}`, { userId: B, body: { end_time: null } }),
  },
  {
    name: "PUT /entries/{id} with the whole entry sent back, user_id set to B's",
    send: (id, target) =>
      env.api('PUT', `${BASE}/entries/${id}`, {
        userId: B,
        body: { ...target, id, user_id: B, notes: 'taken over' },
      }),
  },
  { name: 'DELETE /entries/{id}', send: (id) => env.api('DELETE', `${BASE}/entries/${id}`, { userId: B }) },
  {
    name: 'POST /sessions/{id}/stop without a body',
    send: (id) => env.api('POST', `${BASE}/sessions/${id}/stop`, { userId: B }),
  },
  {
    name: 'POST /sessions/{id}/stop with end_time',
    send: (id, target) =>
      env.api('POST', `${BASE}/sessions/${id}/stop`, { userId: B, body: { end_time: later(target, 1) } }),
  },
  {
    name: 'POST /batch-update-payment-status with only the id',
    send: (id) =>
      env.api('POST', `${BASE}/batch-update-payment-status`, {
        userId: B,
        body: { entry_ids: [id], payment_status: 'paid' },
      }),
  },
  {
    name: "POST /batch-update-payment-status mixing B's own entry and the id",
    send: (id) =>
      env.api('POST', `${BASE}/batch-update-payment-status`, {
        userId: B,
        body: { entry_ids: [bOwn.id, id, bOwn.id], payment_status: 'paid' },
      }),
  },
  // Undo (issue 14): restoring an id that is A's live entry, and the batch delete and restore.
  {
    name: 'POST /entries/{id}/restore',
    send: (id) => env.api('POST', `${BASE}/entries/${id}/restore`, { userId: B }),
  },
  {
    name: 'POST /entries/batch-delete with only the id',
    send: (id) => env.api('POST', `${BASE}/entries/batch-delete`, { userId: B, body: { entry_ids: [id] } }),
  },
  {
    name: "POST /entries/batch-delete mixing B's own entry and the id",
    send: (id) =>
      env.api('POST', `${BASE}/entries/batch-delete`, { userId: B, body: { entry_ids: [bOwn.id, id] } }),
  },
  {
    name: 'POST /entries/batch-restore with only the id',
    send: (id) => env.api('POST', `${BASE}/entries/batch-restore`, { userId: B, body: { entry_ids: [id] } }),
  },
];

/** The parts of a response a client can observe, with the id in the detail replaced by a placeholder. */
function observable(res: ApiResponse, id: number) {
  // The request id is new for every request (and the same in the header and the body).
  expect(res.body?.request_id).toBe(res.headers.get('x-request-id'));
  const headers = [...res.headers.entries()]
    .filter(
      ([name]) => !['date', 'content-length', 'connection', 'keep-alive', 'x-request-id'].includes(name),
    )
    .sort();
  const body = {
    ...res.body,
    request_id: '<request id>',
    detail: String(res.body?.detail).replace(new RegExp(`\\b${id}\\b`, 'g'), '{id}'),
  };
  return { status: res.status, headers, body };
}

describe("user B acting on user A's entries", () => {
  for (const attack of ATTACKS) {
    it(`${attack.name}: 404 problem+json, same as a nonexistent id, and A's row unchanged`, async () => {
      for (const target of [aStopped, aOld, aRunning]) {
        const rowBefore = await rowText(target.id);
        const before = await snapshot();

        const res = await attack.send(target.id, target);
        const problem = expectProblem(res, 404);
        expect(problem).not.toHaveProperty('active_entry');
        expect(res.text).not.toContain("A's");

        expect(await rowText(target.id)).toBe(rowBefore);
        expect(await snapshot()).toBe(before);

        // Indistinguishable from an id that does not exist at all.
        const missing = await attack.send(NONEXISTENT_ID, target);
        expectProblem(missing, 404);
        expect(observable(res, target.id)).toEqual(observable(missing, NONEXISTENT_ID));
        expect(await snapshot()).toBe(before);
      }
    });
  }

  it("A's own requests still see every entry unchanged afterwards", async () => {
    for (const entry of [aStopped, aOld, aRunning]) {
      expect(expectEntry(await env.api('GET', `${BASE}/entries/${entry.id}`, { userId: A }))).toEqual(entry);
    }
    expect(expectEntry(await env.api('GET', `${BASE}/entries/${bOwn.id}`, { userId: B }))).toEqual(bOwn);
  });

  it("A's deleted entry: B cannot see or restore it (404 as for a nonexistent id), and it stays deleted", async () => {
    const gone = expectEntry(
      await env.api('POST', `${BASE}/entries`, {
        userId: A,
        body: { start_time: '2024-01-23T09:00:00Z', end_time: '2024-01-23T10:00:00Z', notes: "A's deleted" },
      }),
      201,
    );
    expect((await env.api('DELETE', `${BASE}/entries/${gone.id}`, { userId: A })).status).toBe(204);
    const aDeleted = await env.api('GET', `${BASE}/entries/deleted`, { userId: A });
    expect((aDeleted.body as TimeEntry[]).map((e) => e.id)).toEqual([gone.id]);
    const before = await snapshot();
    const attempts = [
      (id: number) => env.api('POST', `${BASE}/entries/${id}/restore`, { userId: B }),
      (id: number) =>
        env.api('POST', `${BASE}/entries/batch-restore`, { userId: B, body: { entry_ids: [id] } }),
      (id: number) =>
        env.api('POST', `${BASE}/entries/batch-restore`, { userId: B, body: { entry_ids: [bOwn.id, id] } }),
      (id: number) => env.api('DELETE', `${BASE}/entries/${id}`, { userId: B }),
    ];
    for (const attempt of attempts) {
      const res = await attempt(gone.id);
      expectProblem(res, 404);
      expect(res.text).not.toContain("A's");
      const missing = await attempt(NONEXISTENT_ID);
      expect(observable(res, gone.id)).toEqual(observable(missing, NONEXISTENT_ID));
    }
    const bDeleted = await env.api('GET', `${BASE}/entries/deleted?limit=1000&user_id=${A}`, { userId: B });
    expect(bDeleted.status).toBe(200);
    expect(bDeleted.body).toEqual([]);
    expect(await snapshot()).toBe(before);
    expect((await env.api('GET', `${BASE}/entries/deleted`, { userId: A })).body).toEqual(aDeleted.body);
  });
});

describe("list, stats and active never show A's data to another user", () => {
  it('A sees its own entries, timer and amounts (the setup the checks below rely on)', async () => {
    const list = await env.api('GET', `${BASE}/entries?limit=1000`, { userId: A });
    expect(list.status).toBe(200);
    expect((list.body as TimeEntry[]).map((e) => e.id).sort()).toEqual(
      [aStopped.id, aOld.id, aRunning.id].sort(),
    );
    expect(list.headers.get('x-total-count')).toBe('3');
    expect(expectEntry(await env.api('GET', `${BASE}/sessions/active`, { userId: A }))).toEqual(aRunning);
    const stats = statsSchema.parse((await env.api('GET', `${BASE}/stats`, { userId: A })).body);
    expect(stats.unpaid_amount).toBeGreaterThan(0);
    expect(stats.paid_amount + stats.invoiced_amount).toBeGreaterThan(0);
  });

  it('a user without entries gets [], zeros and null, whatever the query says', async () => {
    const C = newUserId();
    const queries = [
      '',
      '?limit=1000',
      `?user_id=${A}`,
      `?userId=${A}&user=${A}&sub=${A}`,
      '?start_date=2000-01-01&end_date=2100-12-31',
      '?payment_status=not_paid',
      '?payment_status=invoiced_approved',
      '?skip=0&limit=1000&_t=1700000000000',
    ];
    for (const query of queries) {
      const list = await env.api('GET', `${BASE}/entries${query}`, { userId: C });
      expect(list.status, query).toBe(200);
      expect(list.body, query).toEqual([]);
      expect(list.headers.get('x-total-count'), query).toBe('0');
    }
    for (const query of [
      '',
      '?period=day',
      '?period=week',
      '?period=month',
      '?period=year',
      `?user_id=${A}`,
    ]) {
      const stats = await env.api('GET', `${BASE}/stats${query}`, { userId: C });
      expect(stats.status, query).toBe(200);
      for (const value of Object.values(statsSchema.strict().parse(stats.body))) expect(value, query).toBe(0);
    }
    const active = await env.api('GET', `${BASE}/sessions/active?user_id=${A}`, { userId: C });
    expect(active.status).toBe(200);
    expect(active.text).toBe('null');
  });

  it("B sees only B's entry and amounts, and no running timer, while A's timer runs", async () => {
    const list = await env.api('GET', `${BASE}/entries?limit=1000&user_id=${A}`, { userId: B });
    expect(list.status).toBe(200);
    expect(list.body).toEqual([bOwn]);
    expect(list.headers.get('x-total-count')).toBe('1');
    const stats = statsSchema.strict().parse((await env.api('GET', `${BASE}/stats`, { userId: B })).body);
    expect(stats.unpaid_amount).toBe(bOwn.total_earned);
    expect(stats.invoiced_amount).toBe(0);
    expect(stats.paid_amount).toBe(0);
    const active = await env.api('GET', `${BASE}/sessions/active`, { userId: B });
    expect(active.status).toBe(200);
    expect(active.body).toBeNull();
  });

  it("a user_id in a body is ignored: a new entry or timer belongs to the token's user, not A", async () => {
    const D = newUserId();
    const before = await rowText(aRunning.id);
    const created = expectEntry(
      await env.api('POST', `${BASE}/entries`, {
        userId: D,
        body: { user_id: A, start_time: '2024-02-02T09:00:00Z', end_time: '2024-02-02T10:00:00Z' },
      }),
      201,
    );
    expect(created.user_id).toBe(D);
    // A's running timer does not stop D from starting one: the rule is per user.
    const started = expectEntry(
      await env.api('POST', `${BASE}/sessions/start`, { userId: D, body: { user_id: A } }),
      201,
    );
    expect(started.user_id).toBe(D);
    const aList = await env.api('GET', `${BASE}/entries?limit=1000`, { userId: A });
    expect((aList.body as TimeEntry[]).map((e) => e.id)).not.toContain(created.id);
    expect((aList.body as TimeEntry[]).map((e) => e.id)).not.toContain(started.id);
    expect(expectEntry(await env.api('GET', `${BASE}/sessions/active`, { userId: A }))).toEqual(aRunning);
    expect(await rowText(aRunning.id)).toBe(before);
    expectEntry(await env.api('POST', `${BASE}/sessions/${started.id}/stop`, { userId: D }));
  });
});
