import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// Shared by `next dev` and `npm run token`, so that a token minted on the
// command line is accepted by the local server. Never used by a production
// build (see lib/auth/config.ts).
export const DEV_SECRET_FILE = path.join(process.cwd(), '.data', 'dev-jwt-secret');

export function readOrCreateDevSecret(): string {
  try {
    return readFileSync(DEV_SECRET_FILE, 'utf8').trim();
  } catch {
    mkdirSync(path.dirname(DEV_SECRET_FILE), { recursive: true });
    try {
      // 'wx' fails if another process created it first; then read theirs.
      writeFileSync(DEV_SECRET_FILE, randomBytes(32).toString('base64url'), { flag: 'wx', mode: 0o600 });
    } catch {}
    return readFileSync(DEV_SECRET_FILE, 'utf8').trim();
  }
}
