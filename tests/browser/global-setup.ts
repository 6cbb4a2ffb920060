import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import type { TestProject } from 'vitest/node';
import { connectPostgres, MIGRATIONS_FOLDER } from '@/db/client';
import { ensureBuild } from '@/scripts/ensure-build';
import { startServer } from '@/scripts/next-server';
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
 * this run, on a fresh PGlite directory or, when DATABASE_URL is set, on that
 * database (migrated first).
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
  let dir: string | undefined;
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    const { db, close } = connectPostgres(databaseUrl, {
      poolMax: 1,
      connectTimeoutMs: 5000,
      prepare: true,
    });
    await migrate(db as Parameters<typeof migrate>[0], { migrationsFolder: MIGRATIONS_FOLDER });
    await close();
    env.DATABASE_URL = databaseUrl;
  } else {
    dir = mkdtempSync(path.join(tmpdir(), 'tt-browser-'));
    env.PGLITE_DIR = dir;
  }
  const server = await startServer({ env });
  project.provide('baseUrl', server.url);
  project.provide('jwtSecret', secret);
  return async () => {
    await server.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
}
