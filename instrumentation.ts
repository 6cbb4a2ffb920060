// Runs once when a server instance starts: reports configuration problems in
// the log up front instead of on the first request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { loadAuthSetup } = await import('./lib/auth/config');
  const { defaultSettings } = await import('./lib/time-tracking/settings');
  const { databaseConfig } = await import('./lib/config');

  const auth = loadAuthSetup();
  if (!auth.ok) {
    console.error(
      `[time-tracking] Authentication is NOT configured; every API request will get a 503. ${auth.reason}`,
    );
  } else if (auth.config.source === 'development') {
    console.warn(
      '[time-tracking] Development mode: accepting tokens signed with the local secret in .data/dev-jwt-secret (npm run token -- <userId>).',
    );
  }
  try {
    defaultSettings();
    const db = databaseConfig();
    console.log(
      `[time-tracking] Database: ${db.url ? `Postgres at ${new URL(db.url).host}` : `embedded PGlite in ${db.pgliteDir}`}`,
    );
  } catch (error) {
    console.error(`[time-tracking] Invalid configuration: ${error instanceof Error ? error.message : error}`);
  }
}
