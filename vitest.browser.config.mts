import path from 'node:path';
import { defineConfig } from 'vitest/config';

// npm run test:browser: the time-tracking page in Chromium (playwright-core)
// against `next start`, on the build the global setup makes when it is missing
// or stale (the same one the hardening suite uses).

export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname) } },
  test: {
    include: ['tests/browser/**/*.test.ts'],
    globalSetup: ['tests/browser/global-setup.ts'],
    pool: 'forks',
    fileParallelism: false,
    hookTimeout: 180_000,
    testTimeout: 120_000,
  },
});
