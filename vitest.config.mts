import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname) } },
  test: {
    include: ['tests/**/*.test.ts'],
    // The hardening and browser suites run against `next start`: npm run test:hardening, test:browser.
    exclude: ['tests/hardening/**', 'tests/browser/**', 'node_modules/**'],
    globalSetup: ['tests/global-setup.ts'],
    pool: 'forks',
    // Each file copies a migrated database in beforeAll (a PGlite takes a second or two).
    hookTimeout: 60_000,
    testTimeout: 30_000,
    env: {
      AUTH_JWT_SECRET: 'test-secret-that-is-at-least-32-bytes-long!',
      DEFAULT_HOURLY_RATE: '50',
      DEFAULT_CURRENCY: 'USD',
      DEFAULT_TIMEZONE: 'UTC',
      // The request log is checked by the hardening suite against `next start`.
      LOG_LEVEL: 'silent',
      // Off, but in tests/rate-limit.test.ts (tests run many requests of one user at once).
      RATE_LIMIT_USER_PER_MINUTE: '0',
      RATE_LIMIT_ADDRESS_PER_MINUTE: '0',
      RATE_LIMIT_USER_IN_FLIGHT: '0',
    },
  },
});
