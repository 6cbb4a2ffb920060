import path from 'node:path';
import { defineConfig } from 'vitest/config';

// npm run test:hardening: adversarial tests against the production server
// (`next start`, on the build the global setup makes when it is missing or
// stale), one server and database per file, files one at a time.
export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname) } },
  test: {
    include: ['tests/hardening/**/*.test.ts'],
    globalSetup: ['tests/hardening/global-setup.ts'],
    pool: 'forks',
    fileParallelism: false,
    hookTimeout: 120_000,
    testTimeout: 120_000,
    env: {
      AUTH_JWT_SECRET: 'hardening-secret-that-is-at-least-32-bytes!',
      DEFAULT_HOURLY_RATE: '50',
      DEFAULT_CURRENCY: 'USD',
      DEFAULT_TIMEZONE: 'UTC',
    },
  },
});
