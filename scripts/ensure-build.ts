// The production build that `next start` serves to the hardening suite, the
// browser suite and the bench: one build directory for all of them, built only
// when it holds no build or a source file is newer than it.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..');
/** `.next`, or NEXT_DIST_DIR (next.config.js reads it too), relative to ROOT. */
export const DIST_DIR = process.env.NEXT_DIST_DIR || '.next';

/** What `next build` reads: a change to any of these makes the build stale. */
const SOURCES = [
  'app',
  'lib',
  'db',
  'docs/openapi.json',
  'proxy.ts',
  'instrumentation.ts',
  'next.config.js',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
];

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

/** `BUILD_ID` of the build in `appDir` (this checkout unless given), written last by `next build`. */
export const buildIdFile = (appDir = ROOT) => path.join(appDir, DIST_DIR, 'BUILD_ID');

/** True when the build directory holds a production build newer than every source file. */
export function buildIsFresh(): boolean {
  if (!existsSync(buildIdFile())) return false;
  const built = statSync(buildIdFile()).mtimeMs;
  return SOURCES.every((source) => newestMtime(path.join(ROOT, source)) <= built);
}

/** `next build` into the build directory, its output on this terminal. */
export function build(): Promise<void> {
  const args = [path.join(ROOT, 'node_modules/next/dist/bin/next'), 'build'];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`next build exited with ${code}`)),
    );
  });
}

/**
 * Builds unless the build is fresh. Two builds of one checkout at once do not
 * mix: `next build` locks its directory, and the second one fails.
 */
export async function ensureBuild(): Promise<void> {
  if (buildIsFresh()) {
    console.log(`Using the build in ${DIST_DIR} (newer than every source file).`);
    return;
  }
  console.log(`Building into ${DIST_DIR} (no build, or sources changed since).`);
  await build();
}
