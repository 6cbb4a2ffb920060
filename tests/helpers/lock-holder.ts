// A process that takes the lock of an embedded database folder, for
// tests/embedded-lock.test.ts: `tsx tests/helpers/lock-holder.ts <dir> <mode>`.
// It prints one JSON line: {"pid":…,"locked":true} or {"pid":…,"locked":false,"error":"…"}.
// Modes: `hold` keeps the lock until killed; `exit` exits normally while
// holding it; `try:<ms>` holds it (if it got it) for that long, then exits.
import { EmbeddedDatabaseLockedError, lockEmbeddedDatabase } from '@/db/embedded-lock';

const [dir, mode = 'hold'] = process.argv.slice(2);
if (!dir) throw new Error('usage: lock-holder.ts <dir> [hold|exit|try:<ms>]');

function report(result: Record<string, unknown>) {
  process.stdout.write(`${JSON.stringify({ pid: process.pid, ...result })}\n`);
}

try {
  lockEmbeddedDatabase(dir);
  report({ locked: true });
} catch (error) {
  if (!(error instanceof EmbeddedDatabaseLockedError)) throw error;
  report({ locked: false, error: error.message });
}
if (mode === 'exit') process.exit(0);
const ms = mode.startsWith('try:') ? Number(mode.slice(4)) : 3_600_000;
setTimeout(() => process.exit(0), ms);
