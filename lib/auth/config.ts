import { createPublicKey, type KeyObject } from 'node:crypto';
import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import { readOrCreateDevSecret } from './dev-secret';

export const MIN_SECRET_BYTES = 32;

export interface AuthConfig {
  key: KeyObject | JWTVerifyGetKey;
  /** Pinned to the key type, so `alg: none` and algorithm confusion fail. */
  algorithms: string[];
  issuer?: string;
  audience?: string;
  userIdClaim: string;
  source: 'secret' | 'jwks' | 'public-key' | 'development';
}

export type AuthSetup = { ok: true; config: AuthConfig } | { ok: false; reason: string };

function env(name: string): string | undefined {
  const value = process.env[name]?.trim();
  return value ? value : undefined;
}

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

/** Reads the key configuration from the environment; never throws. */
export function loadAuthSetup(): AuthSetup {
  try {
    const secret = env('AUTH_JWT_SECRET');
    const jwksUrl = env('AUTH_JWKS_URL');
    const publicKey = env('AUTH_JWT_PUBLIC_KEY');
    const configured = [secret, jwksUrl, publicKey].filter(Boolean).length;
    if (configured > 1) {
      return {
        ok: false,
        reason: 'Set only one of AUTH_JWT_SECRET, AUTH_JWKS_URL and AUTH_JWT_PUBLIC_KEY.',
      };
    }
    const common = {
      issuer: env('AUTH_JWT_ISSUER'),
      audience: env('AUTH_JWT_AUDIENCE'),
      userIdClaim: env('AUTH_USER_ID_CLAIM') ?? 'sub',
    };

    if (secret) {
      const bytes = new TextEncoder().encode(secret);
      if (bytes.byteLength < MIN_SECRET_BYTES) {
        return { ok: false, reason: `AUTH_JWT_SECRET must be at least ${MIN_SECRET_BYTES} bytes long.` };
      }
      return {
        ok: true,
        config: { ...common, key: hmacKey(bytes), algorithms: ['HS256'], source: 'secret' },
      };
    }
    if (jwksUrl) {
      const key = createRemoteJWKSet(new URL(jwksUrl), { timeoutDuration: 3000 });
      return {
        ok: true,
        config: { ...common, key, algorithms: ['RS256', 'ES256', 'EdDSA', 'Ed25519'], source: 'jwks' },
      };
    }
    if (publicKey) {
      // Env files often carry a PEM on one line with literal "\n".
      const key = createPublicKey(publicKey.replace(/\\n/g, '\n'));
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
