import { afterEach, describe, expect, it, vi } from 'vitest';
import * as devToken from '@/app/api/dev/token/route';
import { GET as getSettings } from '@/app/api/v1/time-tracking/settings/route';
import { DEMO_USER_ID } from '@/lib/auth/dev-token';
import { problemSchema } from '@/lib/time-tracking/schemas';
import { useTestDatabase } from './helpers/database';
import { call } from './helpers/http';

useTestDatabase();

const request = (method: string) => devToken.POST(new Request('http://localhost/api/dev/token', { method }));

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('/api/dev/token', () => {
  it('is a problem+json 404, like any unknown API path, outside development', async () => {
    for (const env of ['production', 'test']) {
      vi.stubEnv('NODE_ENV', env);
      for (const method of ['POST', 'GET']) {
        const res = await request(method);
        expect(res.status).toBe(404);
        expect(res.headers.get('content-type')).toBe('application/problem+json');
        expect(res.headers.get('cache-control')).toBe('no-store');
        const body = problemSchema.parse(await res.json());
        expect(body.detail).toBe(`There is no API endpoint at this path (${method}).`);
      }
    }
  });

  it('in development, mints a token for the demo user that the API accepts', async () => {
    vi.stubEnv('NODE_ENV', 'development');
    const res = await request('POST');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await res.json();
    expect(body).toMatchObject({
      user_id: DEMO_USER_ID,
      token: expect.stringMatching(/^ey[\w-]+\.[\w-]+\.[\w-]+$/),
    });
    const payload = JSON.parse(Buffer.from(body.token.split('.')[1], 'base64url').toString());
    expect(payload.sub).toBe(String(DEMO_USER_ID));
    expect(payload.exp - payload.iat).toBe(12 * 3600);

    const settings = await call(getSettings, 'GET', { token: body.token });
    expect(settings.status).toBe(200);
  });

  it('in development, only POST mints a token', async () => {
    vi.stubEnv('NODE_ENV', 'development');
    const res = await request('GET');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });
});
