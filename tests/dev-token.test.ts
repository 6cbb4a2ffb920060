import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { errors, jwtVerify } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readOrCreateDevSecret } from '@/lib/auth/dev-secret';
import { problemSchema } from '@/lib/time-tracking/schemas';
import { authenticateWith, bearer } from './helpers/auth-setup';

const REAL_SECRET = process.env.AUTH_JWT_SECRET as string;

/**
 * The route as a fresh module graph, so that the server's key configuration
 * (cached per process by lib/auth/config.ts) is read from the environment
 * stubbed for this test.
 */
async function request(method: string) {
  vi.resetModules();
  const route = await import('@/app/api/dev/token/route');
  return route.POST(new Request('http://localhost/api/dev/token', { method }));
}

async function expectHidden(res: Response, method: string) {
  expect(res.status).toBe(404);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  expect(res.headers.get('cache-control')).toBe('no-store');
  const body = problemSchema.parse(await res.json());
  expect(body.detail).toBe(`There is no API endpoint at this path (${method}).`);
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('/api/dev/token', () => {
  it('is a problem+json 404, like any unknown API path, outside development', async () => {
    for (const env of ['production', 'test']) {
      vi.stubEnv('NODE_ENV', env);
      for (const method of ['POST', 'GET', 'OPTIONS']) await expectHidden(await request(method), method);
    }
  });

  it('in development with a real key configured, is the same 404 and signs nothing', async () => {
    vi.stubEnv('NODE_ENV', 'development');
    for (const method of ['POST', 'GET', 'OPTIONS']) await expectHidden(await request(method), method);
    // The other key configurations are "real" too.
    vi.stubEnv('AUTH_JWT_SECRET', '');
    vi.stubEnv(
      'AUTH_JWT_PUBLIC_KEY',
      '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----',
    );
    await expectHidden(await request('POST'), 'POST');
    vi.stubEnv('AUTH_JWT_PUBLIC_KEY', '');
    vi.stubEnv('AUTH_JWKS_URL', 'https://issuer.example/.well-known/jwks.json');
    await expectHidden(await request('POST'), 'POST');
  });

  it('in development without a key, mints a token signed with the development secret only', async () => {
    vi.stubEnv('NODE_ENV', 'development');
    vi.stubEnv('AUTH_JWT_SECRET', '');
    const res = await request('POST');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await res.json();
    expect(body).toMatchObject({ user_id: 1, token: expect.stringMatching(/^ey[\w-]+\.[\w-]+\.[\w-]+$/) });
    const { payload } = await jwtVerify(body.token, new TextEncoder().encode(readOrCreateDevSecret()));
    expect(payload.sub).toBe('1');
    expect((payload.exp as number) - (payload.iat as number)).toBe(12 * 3600);
    await expect(jwtVerify(body.token, new TextEncoder().encode(REAL_SECRET))).rejects.toBeInstanceOf(
      errors.JWSSignatureVerificationFailed,
    );

    // The development server (this key configuration) accepts it; a server with the real key does not.
    const { loadAuthSetup } = await import('@/lib/auth/config');
    expect((await authenticateWith(loadAuthSetup(), bearer(body.token))).body).toEqual({ user_id: 1 });
    const real = loadAuthSetup({ AUTH_JWT_SECRET: REAL_SECRET });
    expect((await authenticateWith(real, bearer(body.token))).status).toBe(401);
  });

  it('in development without a key, only POST mints a token; OPTIONS says so', async () => {
    vi.stubEnv('NODE_ENV', 'development');
    vi.stubEnv('AUTH_JWT_SECRET', '');
    const res = await request('GET');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    const options = await request('OPTIONS');
    expect(options.status).toBe(204);
    expect(options.headers.get('allow')).toBe('POST');
  });
});

describe('npm run token', () => {
  const run = (env: Record<string, string>) =>
    spawnSync(process.execPath, [path.resolve('node_modules/tsx/dist/cli.mjs'), 'scripts/token.ts', '42'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } as unknown as NodeJS.ProcessEnv,
      timeout: 60_000,
    });

  it('with NODE_ENV=production and no key, fails with a clear message and prints no token', () => {
    const result = run({ NODE_ENV: 'production' });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('NODE_ENV is production and AUTH_JWT_SECRET is not set');
  });

  it('with NODE_ENV=production and AUTH_JWT_SECRET, signs with it', async () => {
    const result = run({ NODE_ENV: 'production', AUTH_JWT_SECRET: REAL_SECRET });
    expect(result.status).toBe(0);
    const { payload } = await jwtVerify(result.stdout.trim(), new TextEncoder().encode(REAL_SECRET));
    expect(payload.sub).toBe('42');
  });
});
