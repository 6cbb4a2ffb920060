import path from 'node:path';
import { defineConfig } from 'vitest/config';

// npm run test:browser: the time-tracking page in Chromium (playwright-core)
// against `next start` on its own build directory, which `npm run test:browser`
// builds first. The harness reads NEXT_DIST_DIR when it is imported.
process.env.NEXT_DIST_DIR ||= '.next-browser';

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
