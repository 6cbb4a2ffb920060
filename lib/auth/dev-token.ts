import { SignJWT } from 'jose';
import { env } from '@/lib/env';
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
 * A token for the demo user, signed with the key this server verifies with, so
 * it is accepted exactly like a real one. Only the development token route
 * calls this, and only when NODE_ENV is 'development'.
 */
export async function mintDemoToken(): Promise<DemoToken> {
  const setup = getAuthSetup();
  const source = setup.ok ? setup.config.source : undefined;
  if (!setup.ok || (source !== 'secret' && source !== 'development')) {
    throw new AppError(
      'not_found',
      'The demo user needs a server that checks tokens with a shared secret (AUTH_JWT_SECRET or the development secret); get a token from your identity provider instead.',
    );
  }
  const { userIdClaim, issuer, audience } = setup.config;
  // The same secret the server verifies with (see loadAuthSetup).
  const secret = (source === 'secret' && env().AUTH_JWT_SECRET) || readOrCreateDevSecret();
  const key = new TextEncoder().encode(secret);
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
