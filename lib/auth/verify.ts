import { errors, type JWTPayload, jwtVerify } from 'jose';
import { RETRY_AFTER_SECONDS } from '@/lib/config';
import { ApiError } from '@/lib/http/errors';
import { type AuthSetup, getAuthSetup } from './config';

const MAX_USER_ID = 2147483647;
const CLOCK_TOLERANCE_SECONDS = 5;
// Far above any real JWT; longer ones are refused before any parsing.
const MAX_TOKEN_LENGTH = 8 * 1024;
const REALM = 'Bearer realm="time-tracking"';

function unauthorized(detail: string, withError: boolean): ApiError {
  const challenge = withError
    ? `${REALM}, error="invalid_token", error_description="${detail.replace(/["\\]/g, '')}"`
    : REALM;
  return new ApiError('unauthorized', detail, {}, { 'WWW-Authenticate': challenge });
}

function userIdFrom(payload: JWTPayload, claim: string): number | undefined {
  const value = payload[claim];
  const id =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^[1-9][0-9]{0,9}$/.test(value)
        ? Number(value)
        : Number.NaN;
  return Number.isInteger(id) && id >= 1 && id <= MAX_USER_ID ? id : undefined;
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

/** Verifies the bearer token and returns the user id it names. */
export async function authenticate(request: Request, setup: AuthSetup = getAuthSetup()): Promise<number> {
  if (!setup.ok) {
    throw new ApiError(
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
  if (match[1].length > MAX_TOKEN_LENGTH) throw unauthorized('The bearer token is too long.', true);

  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(match[1], config.key as Parameters<typeof jwtVerify>[1], {
      algorithms: config.algorithms,
      issuer: config.issuer,
      audience: config.audience,
      requiredClaims: ['exp'],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    }));
  } catch (error) {
    if (keysUnavailable(error)) {
      // The identity provider's key set could not be fetched: not the client's fault.
      console.error('Token verification could not run:', error instanceof Error ? error.message : error);
      throw new ApiError(
        'auth_unavailable',
        'Tokens cannot be verified right now because the signing keys are unavailable. Retry shortly.',
        {},
        { 'Retry-After': String(RETRY_AFTER_SECONDS) },
      );
    }
    throw unauthorized(describe(error), true);
  }

  const userId = userIdFrom(payload, config.userIdClaim);
  if (userId === undefined) {
    throw unauthorized(
      `The token's "${config.userIdClaim}" claim must be a user id from 1 to ${MAX_USER_ID}.`,
      true,
    );
  }
  return userId;
}
