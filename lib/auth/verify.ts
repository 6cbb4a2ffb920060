import { errors, type JWTPayload, jwtVerify } from 'jose';
import { AppError } from '@/lib/errors';
import { RETRY_AFTER_SECONDS } from '@/lib/problems';
import { CLOCK_TOLERANCE_SECONDS, MAX_ID } from '@/lib/time-tracking/constants';
import { type AuthConfig, type AuthSetup, getAuthSetup } from './config';

// Far above any real JWT; longer ones are refused before any parsing.
const MAX_TOKEN_LENGTH = 8 * 1024;
const REALM = 'Bearer realm="time-tracking"';

function unauthorized(detail: string, withError: boolean): AppError {
  const challenge = withError
    ? `${REALM}, error="invalid_token", error_description="${detail.replace(/["\\]/g, '')}"`
    : REALM;
  return new AppError('unauthorized', detail, { headers: { 'WWW-Authenticate': challenge } });
}

function userIdFrom(payload: JWTPayload, claim: string): number | undefined {
  const value = payload[claim];
  const id =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^[1-9][0-9]{0,9}$/.test(value)
        ? Number(value)
        : Number.NaN;
  return Number.isInteger(id) && id >= 1 && id <= MAX_ID ? id : undefined;
}

function describe(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'The token has expired; sign in again.';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === 'missing') return `The token has no "${error.claim}" claim.`;
    return `The token's "${error.claim}" claim is not accepted.`;
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return "The token's signing algorithm is not accepted.";
  if (error instanceof errors.JWSSignatureVerificationFailed) return "The token's signature is not valid.";
  if (error instanceof errors.JWKSNoMatchingKey) return 'The token was signed with an unknown key.';
  return 'The bearer token is malformed or not a valid JWT.';
}

/**
 * The identity provider's key set could not be fetched or read (timeout, non-200,
 * bad JSON, network error): an outage on our side of the exchange, not a bad token.
 * jose reports a non-200 or unparseable response as a bare JOSEError.
 */
function keysUnavailable(error: unknown): boolean {
  if (!(error instanceof errors.JOSEError)) return true;
  return (
    error instanceof errors.JWKSTimeout ||
    error instanceof errors.JWKSInvalid ||
    error.code === errors.JOSEError.code
  );
}

// A client sends the same token with every request until it expires. Verifying
// its signature again each time (WebCrypto HMAC or RSA, an async job on the
// thread pool) was the largest single cost of a request after the database, so
// a token that passed is remembered: by its exact text (same text, same
// signature), per key configuration, until it expires and for at most a minute
// (so that a key removed from a JWKS stops working within a minute). Bounded in
// entries and token length; only successes are remembered.
const VERIFIED_MAX_ENTRIES = 1000;
const VERIFIED_MAX_AGE_MS = 60_000;
const VERIFIED_MAX_TOKEN_LENGTH = 2048;
const verifiedTokens = new WeakMap<AuthConfig, Map<string, { userId: number; until: number }>>();

function rememberedUserId(config: AuthConfig, token: string): number | undefined {
  const cache = verifiedTokens.get(config);
  const hit = cache?.get(token);
  if (!hit) return undefined;
  if (Date.now() < hit.until) return hit.userId;
  cache!.delete(token);
  return undefined;
}

function remember(config: AuthConfig, token: string, userId: number, exp: number) {
  if (token.length > VERIFIED_MAX_TOKEN_LENGTH) return;
  let cache = verifiedTokens.get(config);
  if (!cache) {
    cache = new Map();
    verifiedTokens.set(config, cache);
  }
  // Oldest first: a Map iterates in insertion order.
  if (cache.size >= VERIFIED_MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  const now = Date.now();
  // jose accepts a token while now < exp + tolerance.
  cache.set(token, {
    userId,
    until: Math.min(exp * 1000 + CLOCK_TOLERANCE_SECONDS * 1000, now + VERIFIED_MAX_AGE_MS),
  });
}

/** Verifies the bearer token and returns the user id it names. */
export async function authenticate(request: Request, setup: AuthSetup = getAuthSetup()): Promise<number> {
  if (!setup.ok) {
    throw new AppError(
      'auth_not_configured',
      'This server cannot authenticate requests because its token verification key is not configured. The operator must fix the server configuration.',
    );
  }
  const { config } = setup;

  const header = request.headers.get('authorization');
  if (!header) throw unauthorized('Missing bearer token: send "Authorization: Bearer <JWT>".', false);
  const match = /^Bearer[ ]+([A-Za-z0-9\-_.~+/]+=*)\s*$/i.exec(header);
  if (!match?.[1]) {
    throw unauthorized('The Authorization header must be "Bearer <JWT>".', true);
  }
  const token = match[1];
  if (token.length > MAX_TOKEN_LENGTH) throw unauthorized('The bearer token is too long.', true);
  const remembered = rememberedUserId(config, token);
  if (remembered !== undefined) return remembered;

  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, config.key as Parameters<typeof jwtVerify>[1], {
      algorithms: config.algorithms,
      issuer: config.issuer,
      audience: config.audience,
      requiredClaims: ['exp'],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    }));
  } catch (error) {
    if (keysUnavailable(error)) {
      // The identity provider's key set could not be fetched: not the client's fault.
      throw new AppError(
        'auth_unavailable',
        'Tokens cannot be verified right now because the signing keys are unavailable. Retry shortly.',
        { headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) }, cause: error },
      );
    }
    throw unauthorized(describe(error), true);
  }

  const userId = userIdFrom(payload, config.userIdClaim);
  if (userId === undefined) {
    throw unauthorized(
      `The token's "${config.userIdClaim}" claim must be a user id from 1 to ${MAX_ID}.`,
      true,
    );
  }
  // requiredClaims makes jose refuse a token without a numeric exp.
  remember(config, token, userId, payload.exp as number);
  return userId;
}
