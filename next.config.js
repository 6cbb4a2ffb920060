// @ts-check

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // Lets a benchmark or test build beside the developer's own \`.next\`.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // Both database drivers ship files (PGlite's WASM and data bundle) that must
  // be loaded from node_modules at run time, not bundled.
  serverExternalPackages: ['@electric-sql/pglite', 'postgres'],
  // The embedded database migrates itself on first use, so the migration files
  // must travel with the server output.
  outputFileTracingIncludes: {
    '/api/**': ['./db/migrations/**/*'],
    // The API reference serves Swagger UI's files from node_modules/swagger-ui-dist.
    '/docs/**': ['./node_modules/swagger-ui-dist/{swagger-ui-bundle.js,swagger-ui.css,favicon-*.png}'],
  },
};

module.exports = nextConfig;
