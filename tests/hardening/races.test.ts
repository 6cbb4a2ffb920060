import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TimeEntry, timeEntrySchema } from '@/lib/time-tracking/schemas';
import { expectEntry, expectProblem } from '../helpers/assertions';
import { newUserId } from '../helpers/auth';
import type { ApiResponse } from './harness/client';
import { type Environment, startEnvironment } from './harness/environment';
import { record } from './harness/metrics';

// Item 1 of the hardening issue: races through real parallel HTTP requests
// against `next start` (and, on Postgres, its real connection pool). Every
// round fires all its requests at once with Promise.all and then checks the
// answers and what the database holds.

const BASE = '/api/v1/time-tracking';
const ROUNDS = 10;

let env: Environment;
beforeAll(async () => {
  env = await startEnvironment();
});
afterAll(async () => {
  await env?.close();
});

const statuses = (results: ApiResponse[]) => results.map((r) => r.status);
const countOf = (results: ApiResponse[], status: number) => results.filter((r) => r.status === status).length;

function expectNo5xx(results: ApiResponse[]) {
  const bad = results.filter((r) => r.status >= 500);
  expect(bad.map((r) => `${r.status} ${r.text}`)).toEqual([]);
}

/** The user's entries without end_time, as the database (Postgres) or the API (PGlite) sees them. */
async function activeIds(userId: number): Promise<number[]> {
  if (env.sql) {
    const rows = await env.sql<{ id: number }[]>`
      select id from time_entries where user_id = ${userId} and end_time is null order by id`;
    return rows.map((r) => r.id);
  }
  const list = await env.api('GET', `${BASE}/entries?limit=1000`, { userId });
  expect(list.status).toBe(200);
  return (list.body as TimeEntry[])
    .filter((e) => e.end_time === null)
    .map((e) => e.id)
    .sort((a, b) => a - b);
}

/** Exactly one row of the user is running, it is `expected`, and /sessions/active says the same. */
async function expectOneActive(userId: number, expected: TimeEntry) {
  expect(await activeIds(userId)).toEqual([expected.id]);
  const active = await env.api('GET', `${BASE}/sessions/active`, { userId });
  expect(expectEntry(active)).toEqual(expected);
}

/** The stored end_time of an entry, in the API's format (naive UTC), or null. */
async function storedEndTime(userId: number, id: number): Promise<string | null> {
  if (env.sql) {
    const [row] = await env.sql<{ end_time: string | null }[]>`
      select to_char(end_time at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') as end_time
      from time_entries where id = ${id}`;
    return row?.end_time ?? null;
  }
  return expectEntry(await env.api('GET', `${BASE}/entries/${id}`, { userId })).end_time;
}

async function createEntry(userId: number, body: Record<string, unknown>): Promise<TimeEntry> {
  return expectEntry(await env.api('POST', `${BASE}/entries`, { userId, body }), 201);
}

const isoMinus = (ms: number) => new Date(Date.now() - ms).toISOString().slice(0, 19);

describe('50 concurrent POST /sessions/start for one user', () => {
  it(`gives exactly one 201 and 49 × 409 carrying the winner as active_entry, ${ROUNDS} rounds`, async () => {
    const userId = newUserId();
    for (let round = 0; round < ROUNDS; round++) {
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          env.api('POST', `${BASE}/sessions/start`, { userId, body: { notes: `round ${round} try ${i}` } }),
        ),
      );
      record({ kind: 'race', name: 'sessions-start', rounds: 1, requests: results.length });

      expectNo5xx(results);
      expect(countOf(results, 201), statuses(results).join(',')).toBe(1);
      expect(countOf(results, 409), statuses(results).join(',')).toBe(49);
      const winner = expectEntry(results.find((r) => r.status === 201)!, 201);
      expect(winner.end_time).toBeNull();
      for (const loser of results.filter((r) => r.status === 409)) {
        const problem = expectProblem(loser, 409);
        expect(problem.active_entry, loser.text).toEqual(winner);
      }
      await expectOneActive(userId, winner);

      const stopped = await env.api('POST', `${BASE}/sessions/${winner.id}/stop`, { userId });
      expect(expectEntry(stopped).end_time).not.toBeNull();
      expect(await activeIds(userId)).toEqual([]);
    }
  });
});

describe('concurrent PUT /entries/{id} {end_time: null} reopening different stopped entries', () => {
  it(`reopens exactly one (200) and answers 409 to the rest, ${ROUNDS} rounds`, async () => {
    const userId = newUserId();
    const entries: TimeEntry[] = [];
    for (let i = 0; i < 10; i++) {
      entries.push(
        await createEntry(userId, {
          start_time: `2024-03-${String(i + 1).padStart(2, '0')}T09:00:00Z`,
          end_time: `2024-03-${String(i + 1).padStart(2, '0')}T17:00:00Z`,
          notes: `entry ${i}`,
        }),
      );
    }
    for (let round = 0; round < ROUNDS; round++) {
      const results = await Promise.all(
        entries.map((e) => env.api('PUT', `${BASE}/entries/${e.id}`, { userId, body: { end_time: null } })),
      );
      record({ kind: 'race', name: 'entries-reopen', rounds: 1, requests: results.length });

      expectNo5xx(results);
      expect(countOf(results, 200), statuses(results).join(',')).toBe(1);
      expect(countOf(results, 409), statuses(results).join(',')).toBe(entries.length - 1);
      const winner = expectEntry(results.find((r) => r.status === 200)!);
      expect(winner.end_time).toBeNull();
      for (const loser of results.filter((r) => r.status === 409)) expectProblem(loser, 409);
      await expectOneActive(userId, winner);

      // The losers are untouched: still stopped, with their old end time.
      for (const [i, e] of entries.entries()) {
        if (e.id === winner.id) continue;
        expect(await storedEndTime(userId, e.id)).toBe(entries[i]!.end_time);
      }

      const stopped = await env.api('POST', `${BASE}/sessions/${winner.id}/stop`, { userId });
      const entry = expectEntry(stopped);
      entries[entries.findIndex((e) => e.id === entry.id)] = entry;
      expect(await activeIds(userId)).toEqual([]);
    }
  });

  it('every 409 of a concurrent reopen carries the winner as active_entry, as the 409s of a start race do', async () => {
    // A 409 for "another entry is running" names that entry (the sequential
    // reopen below and every start race do); it must not depend on timing.
    const userId = newUserId();
    const entries: TimeEntry[] = [];
    for (let i = 0; i < 8; i++) {
      entries.push(
        await createEntry(userId, {
          start_time: `2024-05-${String(i + 1).padStart(2, '0')}T09:00:00Z`,
          end_time: `2024-05-${String(i + 1).padStart(2, '0')}T10:00:00Z`,
        }),
      );
    }
    for (let round = 0; round < 3; round++) {
      const results = await Promise.all(
        entries.map((e) => env.api('PUT', `${BASE}/entries/${e.id}`, { userId, body: { end_time: null } })),
      );
      record({ kind: 'race', name: 'entries-reopen-active-entry', rounds: 1, requests: results.length });
      expectNo5xx(results);
      expect(countOf(results, 200), statuses(results).join(',')).toBe(1);
      const winner = expectEntry(results.find((r) => r.status === 200)!);
      const losers = results.filter((r) => r.status === 409);
      expect(losers.length).toBe(entries.length - 1);
      const withoutActiveEntry = losers.filter((r) => !expectProblem(r, 409).active_entry);
      expect(
        withoutActiveEntry.map((r) => r.body.detail),
        `${withoutActiveEntry.length} of ${losers.length} 409s lack active_entry`,
      ).toEqual([]);
      for (const loser of losers) expect(loser.body.active_entry).toEqual(winner);
      expectEntry(await env.api('POST', `${BASE}/sessions/${winner.id}/stop`, { userId }));
    }
  });

  it('a 409 for a reopen names the running entry as active_entry, as a second start does', async () => {
    // Not a race: another entry is already running when the reopen arrives.
    const userId = newUserId();
    const stopped = await createEntry(userId, {
      start_time: '2024-04-01T09:00:00Z',
      end_time: '2024-04-01T10:00:00Z',
    });
    const running = expectEntry(await env.api('POST', `${BASE}/sessions/start`, { userId }), 201);
    const res = await env.api('PUT', `${BASE}/entries/${stopped.id}`, { userId, body: { end_time: null } });
    expect(expectProblem(res, 409).active_entry).toEqual(running);
  });
});

describe('stop versus stop on one running entry', () => {
  it(`answers 200 with identical bodies to every concurrent stop and stores one end_time, ${ROUNDS} rounds`, async () => {
    const userId = newUserId();
    for (let round = 0; round < ROUNDS; round++) {
      const started = expectEntry(await env.api('POST', `${BASE}/sessions/start`, { userId }), 201);
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          // Half send no body at all, half an empty JSON object (the frontend's stop call).
          env.api('POST', `${BASE}/sessions/${started.id}/stop`, i % 2 ? { userId, body: {} } : { userId }),
        ),
      );
      record({ kind: 'race', name: 'sessions-stop-vs-stop', rounds: 1, requests: results.length });

      expectNo5xx(results);
      expect(statuses(results)).toEqual(Array(20).fill(200));
      const first = expectEntry(results[0]!);
      expect(first.end_time).not.toBeNull();
      for (const r of results) expect(timeEntrySchema.parse(r.body)).toEqual(first);
      expect(await storedEndTime(userId, started.id)).toBe(first.end_time);
      expect(await activeIds(userId)).toEqual([]);
    }
  });
});

describe('concurrent stops with different end_time values', () => {
  it(`lets one end_time win; every other request gets 409, or 200 if it asked for the stored one, ${ROUNDS} rounds`, async () => {
    const userId = newUserId();
    for (let round = 0; round < ROUNDS; round++) {
      // A running entry that started two hours ago, so that earlier end times are valid.
      const running = await createEntry(userId, { start_time: isoMinus(2 * 3_600_000) });
      expect(running.end_time).toBeNull();
      const start = Date.parse(`${running.start_time}Z`);
      // Five distinct end times, each asked for by four requests.
      const endTimes = Array.from({ length: 20 }, (_, i) =>
        new Date(start + ((i % 5) + 1) * 60_000).toISOString().slice(0, 19),
      );
      const results = await Promise.all(
        endTimes.map((end_time) =>
          env.api('POST', `${BASE}/sessions/${running.id}/stop`, { userId, body: { end_time } }),
        ),
      );
      record({ kind: 'race', name: 'sessions-stop-different-end', rounds: 1, requests: results.length });

      expectNo5xx(results);
      const stored = await storedEndTime(userId, running.id);
      expect(endTimes).toContain(stored);
      let stoppedBody: TimeEntry | undefined;
      for (const [i, r] of results.entries()) {
        if (endTimes[i] === stored) {
          // Asked for the time that won: 200 with the stopped entry (either the winner or a no-op).
          const entry = expectEntry(r);
          expect(entry.end_time).toBe(stored);
          stoppedBody ??= entry;
          expect(entry).toEqual(stoppedBody);
        } else {
          expectProblem(r, 409);
        }
      }
      expect(countOf(results, 200)).toBe(4);
      expect(countOf(results, 409)).toBe(16);
      expect(await activeIds(userId)).toEqual([]);
    }
  });
});
