// @ts-check

// The pages' security headers: every path except the API (JSON, never
// rendered) and /docs (the API reference sets a stricter policy of its own,
// lib/openapi/reference.ts). Next.js writes its pages' data as inline scripts,
// so scripts need 'unsafe-inline' (a nonce would make every page dynamic);
// `next dev` also needs eval. `Referrer-Policy: no-referrer` keeps a page's
// URL, and any token in it, out of every request the page makes.
const development = process.env.NODE_ENV === 'development';
const PAGE_CSP = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${development ? " 'unsafe-eval'" : ''}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const PAGE_HEADERS = [
  { key: 'Content-Security-Policy', value: PAGE_CSP },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'no-referrer' },
  { key: 'X-Frame-Options', value: 'DENY' },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // Next's own gzip (the default) for the pages and static files. It does not
  // reach the API's route handlers (vercel/next.js#98007), which are compressed
  // (br or gzip) by lib/http/compression.ts; a response that arrives there
  // already encoded is left alone, so nothing is compressed twice.
  compress: true,
  async headers() {
    return [{ source: '/:path((?!api(?:/|$)|docs(?:/|$)).*)', headers: PAGE_HEADERS }];
  },
  // Lets a benchmark or test build beside the developer's own \`.next\`.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // The Docker image's build (Dockerfile) sets NEXT_OUTPUT=standalone: a
  // self-contained server.js with only the node_modules files it uses. Off
  // otherwise, so `next start`, `npm run dev` and the test suites are unchanged.
  ...(process.env.NEXT_OUTPUT === 'standalone' && { output: 'standalone' }),
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
