import { createPublicKey, type KeyObject } from 'node:crypto';
import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import { parseEnv } from '@/lib/env';
import { readOrCreateDevSecret } from './dev-secret';

export interface AuthConfig {
  key: KeyObject | JWTVerifyGetKey;
  /** Pinned to the key type, so `alg: none` and algorithm confusion fail. */
  algorithms: string[];
  issuer?: string;
  audience?: string;
  userIdClaim: string;
  source: 'secret' | 'jwks' | 'public-key' | 'development';
}

/** `missing`: no key is configured at all (requests get a 503), as opposed to a key that cannot be used. */
export type AuthSetup = { ok: true; config: AuthConfig } | { ok: false; reason: string; missing?: true };

function publicKeyAlgorithm(key: KeyObject): string {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return 'RS256';
    case 'ec':
      if (key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ES256';
      throw new Error('AUTH_JWT_PUBLIC_KEY: only P-256 EC keys (ES256) are supported');
    case 'ed25519':
      return 'EdDSA';
    default:
      throw new Error(
        `AUTH_JWT_PUBLIC_KEY: unsupported key type "${key.asymmetricKeyType}" (use RSA, P-256 or Ed25519)`,
      );
  }
}

/**
 * An HS256 secret imported once as a WebCrypto key. Given raw bytes (or a secret
 * KeyObject), jose imports them again on every verification.
 */
function hmacKey(secret: Uint8Array<ArrayBuffer>): JWTVerifyGetKey {
  const key = crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
  return () => key;
}

/**
 * The key configuration from the given environment (the process's by
 * default); never throws: a configuration that cannot verify tokens is
 * `ok: false` with the reason, and requests then get a 503.
 */
export function loadAuthSetup(source: Record<string, string | undefined> = process.env): AuthSetup {
  try {
    const config = parseEnv(source);
    const common = {
      issuer: config.AUTH_JWT_ISSUER,
      audience: config.AUTH_JWT_AUDIENCE,
      userIdClaim: config.AUTH_USER_ID_CLAIM,
    };
    if (config.AUTH_JWT_SECRET) {
      const key = hmacKey(new TextEncoder().encode(config.AUTH_JWT_SECRET));
      return { ok: true, config: { ...common, key, algorithms: ['HS256'], source: 'secret' } };
    }
    if (config.AUTH_JWKS_URL) {
      const key = createRemoteJWKSet(new URL(config.AUTH_JWKS_URL), { timeoutDuration: 3000 });
      return {
        ok: true,
        config: { ...common, key, algorithms: ['RS256', 'ES256', 'EdDSA', 'Ed25519'], source: 'jwks' },
      };
    }
    if (config.AUTH_JWT_PUBLIC_KEY) {
      // Env files often carry a PEM on one line with literal "\n".
      const key = createPublicKey(config.AUTH_JWT_PUBLIC_KEY.replace(/\\n/g, '\n'));
      return {
        ok: true,
        config: { ...common, key, algorithms: [publicKeyAlgorithm(key)], source: 'public-key' },
      };
    }
    // `next build` inlines NODE_ENV, so a production bundle has no way into this branch.
    if (process.env.NODE_ENV === 'development') {
      const key = hmacKey(new TextEncoder().encode(readOrCreateDevSecret()));
      return { ok: true, config: { ...common, key, algorithms: ['HS256'], source: 'development' } };
    }
    return {
      ok: false,
      missing: true,
      reason:
        'No token verification key is configured: set AUTH_JWT_SECRET (HS256), AUTH_JWKS_URL or AUTH_JWT_PUBLIC_KEY.',
    };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

let cached: AuthSetup | undefined;

export function getAuthSetup(): AuthSetup {
  cached ??= loadAuthSetup();
  return cached;
}
