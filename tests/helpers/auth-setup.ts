import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type JWTPayload, SignJWT } from 'jose';
import { type AuthSetup, loadAuthSetup } from '@/lib/auth/config';
import { authenticate } from '@/lib/auth/verify';
import { serve } from '@/lib/http/route';

const AUTH_VARS = [
  'AUTH_JWT_SECRET',
  'AUTH_JWKS_URL',
  'AUTH_JWT_PUBLIC_KEY',
  'AUTH_JWT_ISSUER',
  'AUTH_JWT_AUDIENCE',
  'AUTH_USER_ID_CLAIM',
  'NODE_ENV',
] as const;

type AuthVar = (typeof AUTH_VARS)[number];

/**
 * `loadAuthSetup()` with exactly the given auth variables set (the other auth
 * variables unset; NODE_ENV kept unless given), restoring the environment after.
 */
export function setupWith(vars: Partial<Record<AuthVar, string | undefined>>): AuthSetup {
  const env = process.env as Record<string, string | undefined>;
  const saved = new Map(AUTH_VARS.map((name) => [name, env[name]]));
  try {
    for (const name of AUTH_VARS) {
      const value = name in vars ? vars[name] : name === 'NODE_ENV' ? env[name] : undefined;
      if (value === undefined) delete env[name];
      else env[name] = value;
    }
    return loadAuthSetup();
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete env[name];
      else env[name] = value;
    }
  }
}

export interface AuthOutcome {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: problem or { user_id }
  body: any;
}

/**
 * Runs `authenticate` with the given setup inside the API's own error handling,
 * so the outcome is the response a route would give: 200 { user_id } or a problem.
 */
export async function authenticateWith(
  setup: AuthSetup,
  authorization: string | undefined,
): Promise<AuthOutcome> {
  const headers = new Headers();
  if (authorization !== undefined) headers.set('authorization', authorization);
  const request = new Request('http://localhost/api/v1/time-tracking/settings', { headers });
  const response = await serve(request, '/test', async () =>
    Response.json({ user_id: await authenticate(request, setup) }),
  );
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}

export const bearer = (token: string) => `Bearer ${token}`;

export const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Signs a JWT with exactly the given claims (no exp unless given); claims may have any JSON type. */
export function sign(
  claims: Record<string, unknown>,
  key: Parameters<SignJWT['sign']>[0],
  header: { alg: string; kid?: string } = { alg: 'HS256' },
): Promise<string> {
  return new SignJWT(claims as JWTPayload).setProtectedHeader({ typ: 'JWT', ...header }).sign(key);
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An unsigned token: `alg: none` with an empty signature. */
export const unsignedToken = (claims: Record<string, unknown>) =>
  `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims)}.`;

/** Starts an HTTP server on 127.0.0.1 with a random port. */
export async function listen(handler: RequestListener): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A local URL on which nothing listens (a port that was just freed). */
export async function refusingUrl(): Promise<string> {
  const { url, close } = await listen(() => {});
  await close();
  return url;
}
