// Runs once when a server instance starts (lib/startup.ts says what it does).
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') (await import('./lib/startup')).start();
}
