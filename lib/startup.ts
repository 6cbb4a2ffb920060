// What a server instance does once when it starts (instrumentation.ts): parse
// the environment, so that a bad variable (or a token key that cannot be used)
// stops the server with a message naming it instead of failing requests later;
// report a missing token key (requests then get a 503 saying the server is not
// configured); and, on the embedded database, take the folder's lock
// (db/embedded-lock.ts) for the life of the process, so that a second server or
// a tool on the same PGLITE_DIR is refused instead of writing beside this one.
// The server then opens and migrates the folder itself, on first use.
import { EmbeddedDatabaseLockedError, lockEmbeddedDatabase } from '@/db/embedded-lock';
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
  if (
    !config.DATABASE_URL &&
    !config.PGLITE_DIR.includes('://') &&
    process.env.NEXT_PHASE !== 'phase-production-build'
  ) {
    try {
      // Never released: the lock goes with the process (db/embedded-lock.ts).
      lockEmbeddedDatabase(config.PGLITE_DIR);
    } catch (error) {
      if (!(error instanceof EmbeddedDatabaseLockedError)) throw error;
      refuse(error.message);
    }
  }
  log().info(
    config.DATABASE_URL
      ? `Database: Postgres at ${new URL(config.DATABASE_URL).host}`
      : `Database: embedded PGlite in ${config.PGLITE_DIR}`,
  );
}
