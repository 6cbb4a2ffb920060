// Runs once when a server instance starts (lib/startup.ts says what it does).
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    // Before the first request: TRACE gets the route's 405, not a plain-text 500.
    (await import('./lib/http/forbidden-methods')).installForbiddenMethods();
    // Compressed API responses (br/gzip, 1 KB and up): lib/http/compression.ts says why here.
    (await import('./lib/http/compression')).installApiCompression();
    (await import('./lib/startup')).start();
  }
}
