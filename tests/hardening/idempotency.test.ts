import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newUserId } from '../helpers/auth';
import type { ApiResponse } from './harness/client';
import { type Environment, onPostgres, startEnvironment } from './harness/environment';

// Item 3 of issue 12: safe retries with Idempotency-Key, against `next start`.
// A POST whose answer is lost after its effect committed, retried with its key,
// is applied once; concurrent copies of one keyed POST are applied once.

const BASE = '/api/v1/time-tracking';

let env: Environment;
beforeAll(async () => {
  env = await startEnvironment();
});
afterAll(async () => {
  await env?.close();
});

const ENTRY = { start_time: '2024-05-06T09:00:00Z', end_time: '2024-05-06T11:00:00Z', notes: 'once' };

const createWithKey = (userId: number, key: string, allow503 = false) =>
  env.api('POST', `${BASE}/entries`, {
    userId,
    body: ENTRY,
    headers: { 'Idempotency-Key': key },
    allow503,
  });

async function entriesOf(userId: number): Promise<{ id: number }[]> {
  const res = await env.api('GET', `${BASE}/entries?limit=1000`, { userId });
  expect(res.status).toBe(200);
  return res.body;
}

async function untilReady() {
  for (let i = 0; i < 100; i++) {
    const res = await env.api('GET', '/api/health/ready', { allow503: true });
    if (res.status === 200) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the server did not reconnect to the database');
}

/**
 * A chunk from Postgres that ends a write's transaction: CommandComplete
 * ("COMMIT", or an INSERT run on its own, which commits by itself) followed by
 * ReadyForQuery with status I (idle: no transaction open any more).
 */
const committed = (chunk: Buffer) =>
  (chunk.includes('COMMIT\0') || chunk.includes('INSERT 0 1\0')) &&
  chunk.includes(Buffer.from([0x5a, 0, 0, 0, 5, 0x49]));

describe.runIf(onPostgres)('a POST whose answer was lost after the commit (Postgres)', () => {
  it('is applied once when retried with its key', async () => {
    const userId = newUserId();
    // Warm up: the pool's connections, the settings lookup and the prepared statements.
    expect((await entriesOf(userId)).length).toBe(0);

    const fired = env.proxy!.cutOnReply(committed);
    const lost = await createWithKey(userId, 'lost-answer', true);
    await fired;
    // The app saw its connection die with the write already committed.
    expect(lost.status, lost.text).toBe(503);
    env.proxy!.restore();
    await untilReady();

    const retried = await createWithKey(userId, 'lost-answer');
    expect(retried.status, retried.text).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    const entries = await entriesOf(userId);
    expect(entries.map((e) => e.id)).toEqual([retried.body.id]);
    console.info(
      `idempotency: an answer lost after COMMIT (503), retried with its key: ${retried.status} replayed, ${entries.length} entry`,
    );
  });
});

describe('concurrent copies of one keyed POST', () => {
  it('apply it once: one 201, the others 409 with Retry-After or the replayed 201', async () => {
    const userId = newUserId();
    const COPIES = 12;
    const answers: ApiResponse[] = await Promise.all(
      Array.from({ length: COPIES }, () => createWithKey(userId, 'same-key')),
    );
    const originals = answers.filter((a) => a.status === 201 && !a.headers.get('idempotent-replayed'));
    const replays = answers.filter(
      (a) => a.status === 201 && a.headers.get('idempotent-replayed') === 'true',
    );
    const inUse = answers.filter((a) => a.status === 409);
    expect(originals).toHaveLength(1);
    expect(originals.length + replays.length + inUse.length, answers.map((a) => a.status).join()).toBe(
      COPIES,
    );
    for (const replay of replays) expect(replay.text).toBe(originals[0]!.text);
    for (const busy of inUse) {
      expect(busy.body.code).toBe('idempotency_key_in_use');
      expect(busy.headers.get('retry-after')).toBe('1');
    }
    // Each 409 retried after its Retry-After gets the stored answer.
    if (inUse.length > 0) await new Promise((r) => setTimeout(r, 1000));
    for (let i = 0; i < inUse.length; i++) {
      const retried = await createWithKey(userId, 'same-key');
      expect(retried.headers.get('idempotent-replayed')).toBe('true');
      expect(retried.text).toBe(originals[0]!.text);
    }
    expect(await entriesOf(userId)).toHaveLength(1);
    console.info(
      `idempotency (${env.kind}): ${COPIES} concurrent copies of one keyed POST: 1 × 201, ${replays.length} × replayed 201, ${inUse.length} × 409 idempotency_key_in_use; 1 entry`,
    );
  });

  it('a key reused with another body is a 422 and a 256-character key a 400, changing nothing', async () => {
    const userId = newUserId();
    expect((await createWithKey(userId, 'k1')).status).toBe(201);
    const reused = await env.api('POST', `${BASE}/entries`, {
      userId,
      body: { ...ENTRY, notes: 'other' },
      headers: { 'Idempotency-Key': 'k1' },
    });
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('idempotency_key_reused');
    const tooLong = await createWithKey(userId, 'k'.repeat(256));
    expect(tooLong.status).toBe(400);
    expect(await entriesOf(userId)).toHaveLength(1);
  });
});
