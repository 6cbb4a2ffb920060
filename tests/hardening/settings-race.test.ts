import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settingsSchema } from '@/lib/time-tracking/schemas';
import { newUserId } from '../helpers/auth';
import { type Environment, startEnvironment } from './harness/environment';
import { record } from './harness/metrics';

let env: Environment;
beforeAll(async () => {
  env = await startEnvironment();
});
afterAll(async () => {
  await env?.close();
});

describe('first GET /settings of a new user, concurrently', () => {
  it('answers 200 to all 50 and creates exactly one settings row', async () => {
    for (let round = 0; round < 5; round++) {
      const userId = newUserId();
      const results = await Promise.all(
        Array.from({ length: 50 }, () => env.api('GET', '/api/v1/time-tracking/settings', { userId })),
      );
      record({ kind: 'race', name: 'settings-first-get', rounds: 1, requests: results.length });
      expect(results.map((r) => r.status)).toEqual(Array(50).fill(200));
      for (const r of results) expect(settingsSchema.strict().parse(r.body)).toEqual(results[0]?.body);
      if (env.sql) {
        const [row] = await env.sql`select count(*)::int as n from user_settings where user_id = ${userId}`;
        expect(row?.n).toBe(1);
      }
    }
  });
});
