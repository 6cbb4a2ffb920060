// What a server instance does once when it starts (instrumentation.ts): parse
// the environment, so that a bad variable (or a token key that cannot be used)
// stops the server with a message naming it instead of failing requests later,
// and report a missing token key (requests then get a 503 saying the server is
// not configured).
import { getAuthSetup } from './auth/config';
import { type Env, EnvError, env } from './env';
import { log } from './log';

function refuse(reason: string): never {
  console.error(`[time-tracking] The server cannot start. ${reason}`);
  process.exit(1);
}

export function start() {
  let config: Env;
  try {
    config = env();
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    refuse(error.message);
  }
  const auth = getAuthSetup();
  if (!auth.ok && !auth.missing) refuse(auth.reason);
  if (!auth.ok) {
    log().error(`Authentication is NOT configured; every API request will get a 503. ${auth.reason}`);
  } else if (auth.config.source === 'development') {
    log().warn(
      'Development mode: accepting tokens signed with the local secret in .data/dev-jwt-secret (npm run token -- <userId>).',
    );
  }
  log().info(
    config.DATABASE_URL
      ? `Database: Postgres at ${new URL(config.DATABASE_URL).host}`
      : `Database: embedded PGlite in ${config.PGLITE_DIR}`,
  );
}
