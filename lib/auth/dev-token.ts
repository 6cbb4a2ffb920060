import { SignJWT } from 'jose';
import { AppError } from '@/lib/errors';
import { getAuthSetup } from './config';
import { readOrCreateDevSecret } from './dev-secret';

// The user behind the page's "demo user" button in development.
export const DEMO_USER_ID = 1;
const DEMO_TOKEN_LIFETIME_SECONDS = 12 * 60 * 60;

export interface DemoToken {
  token: string;
  user_id: number;
  expires_at: string;
}

/**
 * True only when this server verifies tokens with the generated local
 * development secret: `next dev` with no AUTH_JWT_SECRET, AUTH_JWKS_URL or
 * AUTH_JWT_PUBLIC_KEY. With a real key configured (say, the production secret
 * in `.env`), anyone who reached the route could get a token the real
 * deployment accepts, so the route is then a 404 like any unknown path.
 */
export function demoTokenAvailable(): boolean {
  const setup = getAuthSetup();
  return setup.ok && setup.config.source === 'development';
}

/**
 * A token for the demo user, signed with the local development secret (never
 * with a configured key). Only the development token route calls this, after
 * `demoTokenAvailable()`.
 */
export async function mintDemoToken(): Promise<DemoToken> {
  const setup = getAuthSetup();
  if (!setup.ok || setup.config.source !== 'development') {
    throw new AppError('not_found', 'The demo user exists only on a development server without a real key.');
  }
  const { userIdClaim, issuer, audience } = setup.config;
  const key = new TextEncoder().encode(readOrCreateDevSecret());
  const expiresAt = Math.floor(Date.now() / 1000) + DEMO_TOKEN_LIFETIME_SECONDS;
  let jwt = new SignJWT(userIdClaim === 'sub' ? {} : { [userIdClaim]: DEMO_USER_ID })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(String(DEMO_USER_ID))
    .setIssuedAt()
    .setExpirationTime(expiresAt);
  if (issuer) jwt = jwt.setIssuer(issuer);
  if (audience) jwt = jwt.setAudience(audience);
  return {
    token: await jwt.sign(key),
    user_id: DEMO_USER_ID,
    expires_at: new Date(expiresAt * 1000).toISOString().slice(0, 19),
  };
}
