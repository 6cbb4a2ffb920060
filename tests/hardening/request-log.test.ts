import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectEntry, expectProblem } from '../helpers/assertions';
import { newUserId, tokenFor } from '../helpers/auth';
import { type Environment, onPostgres, startEnvironment } from './harness/environment';

// One structured log line per request from the production server: JSON, with
// the request's id (the caller's X-Request-Id or a new one, the same as in the
// response), method, route template, status, duration and user id; a 5xx with
// its cause. Never a token or a body.

const BASE = '/api/v1/time-tracking';

let env: Environment;
beforeAll(async () => {
  env = await startEnvironment();
});
afterAll(async () => {
  await env?.close();
});

type Line = Record<string, unknown>;

/** The JSON lines the server has printed so far (Next's own banner lines are not JSON). */
function logLines(): Line[] {
  return env.server
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Line);
}

async function linesFor(requestId: string): Promise<Line[]> {
  // stdout reaches the test through a pipe: give it a moment.
  for (let i = 0; i < 50; i++) {
    const found = logLines().filter((line) => line.request_id === requestId);
    if (found.length > 0) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return [];
}

describe('the request log of next start', () => {
  it('writes one JSON line per request, under the id the caller sent or the one it was given', async () => {
    const userId = newUserId();
    const token = await tokenFor(userId);
    const notes = 'notes-that-must-never-reach-the-log';
    const created = await env.api('POST', `${BASE}/entries`, {
      token,
      headers: { 'x-request-id': 'log-check-create' },
      body: { start_time: '2024-02-01T09:00:00Z', end_time: '2024-02-01T10:00:00Z', notes },
    });
    const entry = expectEntry(created, 201);
    expect(created.headers.get('x-request-id')).toBe('log-check-create');
    const read = await env.api('GET', `${BASE}/entries/${entry.id}`, { token });
    const generated = read.headers.get('x-request-id')!;
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
    const refused = await env.api('GET', `${BASE}/settings`, {
      token: `${token}x`,
      headers: { 'x-request-id': 'log-check-401' },
    });
    expectProblem(refused, 401);
    const missing = await env.api('GET', `${BASE}/entries/2147483647`, { token });
    expectProblem(missing, 404);

    const [create] = await linesFor('log-check-create');
    expect(create).toMatchObject({
      level: 'info',
      method: 'POST',
      route: `${BASE}/entries`,
      status: 201,
      user_id: userId,
    });
    expect(typeof create!.duration_ms).toBe('number');
    expect(create!.time).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(await linesFor(generated)).toEqual([
      expect.objectContaining({
        method: 'GET',
        route: `${BASE}/entries/{entry_id}`,
        status: 200,
        user_id: userId,
      }),
    ]);
    expect(await linesFor('log-check-401')).toEqual([
      expect.objectContaining({ status: 401, problem: 'unauthorized', user_id: null }),
    ]);
    expect(await linesFor(missing.body.request_id)).toEqual([
      expect.objectContaining({ status: 404, problem: 'not_found', user_id: userId }),
    ]);

    const output = env.server.output();
    expect(output).not.toContain(token.split('.')[2]);
    expect(output).not.toContain(notes);
    expect(output.toLowerCase()).not.toContain('bearer');
  });

  it.runIf(onPostgres)(
    'logs a 503 as an error with its cause, under the id of the problem it answered',
    async () => {
      const userId = newUserId();
      expect((await env.api('GET', `${BASE}/settings`, { userId })).status).toBe(200);
      env.proxy!.cut();
      try {
        const res = await env.api('GET', `${BASE}/settings`, { userId, allow503: true });
        expectProblem(res, 503);
        const [line] = await linesFor(res.body.request_id);
        expect(line).toMatchObject({
          level: 'error',
          status: 503,
          problem: 'database_unavailable',
          user_id: userId,
        });
        expect(line!.error).toMatch(/ECONNRESET|ECONNREFUSED|CONNECTION_|CONNECT_TIMEOUT|EPIPE/);
      } finally {
        env.proxy!.restore();
      }
    },
  );
});
