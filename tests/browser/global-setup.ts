import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureBuild } from '@/scripts/ensure-build';
import { startServer } from '@/scripts/next-server';
import { createPostgresDatabase } from '../helpers/migrated-database';
import { CHROMIUM_PATH } from './chromium';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    jwtSecret: string;
  }
}

/**
 * One production server (`next start`, on the build `ensureBuild` makes when it
 * is missing or stale) for the whole browser suite, with a secret made up for
 * this run, on a new migrated database on DATABASE_URL's server or, without
 * DATABASE_URL, on an empty PGlite directory that the server migrates on first
 * use, as on a fresh checkout.
 */
export default async function setup(project: TestProject) {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `No Chromium at ${CHROMIUM_PATH}: install it (apt-get install -y chromium) or set CHROMIUM_PATH.`,
    );
  }
  await ensureBuild();
  const secret = randomBytes(32).toString('base64url');
  const env: Record<string, string> = {
    AUTH_JWT_SECRET: secret,
    TZ: process.env.TZ ?? 'UTC',
    DEFAULT_HOURLY_RATE: '50',
    DEFAULT_CURRENCY: 'USD',
    DEFAULT_TIMEZONE: 'UTC',
  };
  let remove: () => Promise<void> | void;
  if (process.env.DATABASE_URL) {
    const database = await createPostgresDatabase();
    env.DATABASE_URL = database.url;
    remove = database.drop;
  } else {
    const dir = mkdtempSync(path.join(tmpdir(), 'tt-browser-'));
    env.PGLITE_DIR = dir;
    remove = () => rmSync(dir, { recursive: true, force: true });
  }
  const server = await startServer({ env });
  project.provide('baseUrl', server.url);
  project.provide('jwtSecret', secret);
  return async () => {
    await server.stop();
    await remove();
  };
}
