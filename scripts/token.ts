// npm run token -- <userId> [--expires 30d]
// Prints a bearer token for a local user: signed with AUTH_JWT_SECRET when it is
// set (from the environment or .env files, as the app reads them), otherwise
// with the development secret that `npm run dev` accepts. With
// NODE_ENV=production and no AUTH_JWT_SECRET it refuses: a production server
// never accepts the development secret, so such a token would be useless, and
// minting one would write a new secret beside the production data.
import { loadEnvConfig } from '@next/env';
import { SignJWT } from 'jose';
import { readOrCreateDevSecret } from '@/lib/auth/dev-secret';
import { EnvError, parseEnv } from '@/lib/env';
import { MAX_ID } from '@/lib/time-tracking/constants';

loadEnvConfig(process.cwd(), process.env.NODE_ENV !== 'production', { info: () => {}, error: console.error });

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const args = process.argv.slice(2);
const userId = args.find((a) => !a.startsWith('--'));
const expiresIndex = args.indexOf('--expires');
const expires = expiresIndex >= 0 ? args[expiresIndex + 1] : '30d';
if (!userId || !/^[1-9][0-9]{0,9}$/.test(userId) || Number(userId) > MAX_ID) {
  fail('Usage: npm run token -- <userId> [--expires 30d]   (userId: an integer from 1 to 2147483647)');
}
let config: ReturnType<typeof parseEnv>;
try {
  config = parseEnv();
} catch (error) {
  fail(error instanceof EnvError ? error.message : String(error));
}
if (config.AUTH_JWKS_URL || config.AUTH_JWT_PUBLIC_KEY) {
  fail(
    'This server verifies tokens from an identity provider (AUTH_JWKS_URL / AUTH_JWT_PUBLIC_KEY); get a token there.',
  );
}

if (!config.AUTH_JWT_SECRET && process.env.NODE_ENV === 'production') {
  fail(
    'NODE_ENV is production and AUTH_JWT_SECRET is not set: a production server never accepts the development secret, so no token was minted. Set AUTH_JWT_SECRET (the key the server verifies with), or unset NODE_ENV to mint a development token.',
  );
}

const secret = new TextEncoder().encode(config.AUTH_JWT_SECRET ?? readOrCreateDevSecret());

const claims: Record<string, unknown> = {};
const claimName = config.AUTH_USER_ID_CLAIM;
if (claimName !== 'sub') claims[claimName] = Number(userId);
let jwt = new SignJWT(claims)
  .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
  .setSubject(userId)
  .setIssuedAt()
  .setExpirationTime(expires ?? '30d');
if (config.AUTH_JWT_ISSUER) jwt = jwt.setIssuer(config.AUTH_JWT_ISSUER);
if (config.AUTH_JWT_AUDIENCE) jwt = jwt.setAudience(config.AUTH_JWT_AUDIENCE);
jwt.sign(secret).then((token) => console.log(token));
