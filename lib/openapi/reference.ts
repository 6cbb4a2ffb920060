// The interactive API reference at /docs: Swagger UI from the swagger-ui-dist
// package, served by this app (no CDN, works offline), pointed at the API's own
// OpenAPI document on the same origin.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { OPENAPI_DOCUMENT_PATH } from './document';

export const REFERENCE_PATH = '/docs';
export const ASSETS_PATH = `${REFERENCE_PATH}/assets`;

// Swagger UI sets inline styles; everything else comes from this origin only.
export const REFERENCE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Starts Swagger UI. `validatorUrl: null` keeps it from calling validator.swagger.io. */
const INIT_SCRIPT = `window.ui = SwaggerUIBundle({
  url: ${JSON.stringify(OPENAPI_DOCUMENT_PATH)},
  dom_id: '#swagger-ui',
  presets: [SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout',
  deepLinking: true,
  validatorUrl: null,
  persistAuthorization: true,
  displayRequestDuration: true,
  showExtensions: true,
  showCommonExtensions: true,
});
`;

export const REFERENCE_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Time-tracking API reference</title>
    <link rel="stylesheet" href="${ASSETS_PATH}/swagger-ui.css">
    <link rel="icon" type="image/png" href="${ASSETS_PATH}/favicon-32x32.png" sizes="32x32">
    <link rel="icon" type="image/png" href="${ASSETS_PATH}/favicon-16x16.png" sizes="16x16">
  </head>
  <body>
    <noscript>The interactive reference needs JavaScript. The OpenAPI document is at <a href="${OPENAPI_DOCUMENT_PATH}">${OPENAPI_DOCUMENT_PATH}</a>.</noscript>
    <div id="swagger-ui"></div>
    <script src="${ASSETS_PATH}/swagger-ui-bundle.js"></script>
    <script src="${ASSETS_PATH}/init.js"></script>
  </body>
</html>
`;

const PACKAGE_DIR = path.join(process.cwd(), 'node_modules', 'swagger-ui-dist');

type AssetSource = { file: string } | { text: string };

/** The only files /docs/assets serves: a fixed allow-list, never a path taken from the URL. */
const ASSETS = new Map<string, { type: string; source: AssetSource }>([
  ['swagger-ui.css', { type: 'text/css; charset=utf-8', source: { file: 'swagger-ui.css' } }],
  [
    'swagger-ui-bundle.js',
    { type: 'text/javascript; charset=utf-8', source: { file: 'swagger-ui-bundle.js' } },
  ],
  ['favicon-16x16.png', { type: 'image/png', source: { file: 'favicon-16x16.png' } }],
  ['favicon-32x32.png', { type: 'image/png', source: { file: 'favicon-32x32.png' } }],
  ['init.js', { type: 'text/javascript; charset=utf-8', source: { text: INIT_SCRIPT } }],
]);

export const ASSET_NAMES = [...ASSETS.keys()];

// Served uncompressed: Next drops Content-Encoding from route handler responses
// and does not compress them itself, so compression is the reverse proxy's job
// (the bundle is 1.7 MB, about 0.46 MB gzipped).
export interface Asset {
  type: string;
  bytes: Uint8Array<ArrayBuffer>;
  etag: string;
}

const loaded = new Map<string, Promise<Asset>>();

async function load(type: string, source: AssetSource): Promise<Asset> {
  const bytes =
    'text' in source
      ? new TextEncoder().encode(source.text)
      : new Uint8Array(await readFile(path.join(PACKAGE_DIR, source.file)));
  const etag = `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 32)}"`;
  return { type, bytes, etag };
}

/** An allowed asset, read once per process; undefined for any other name. */
export function referenceAsset(name: string): Promise<Asset> | undefined {
  const entry = ASSETS.get(name);
  if (!entry) return undefined;
  let asset = loaded.get(name);
  if (!asset) {
    asset = load(entry.type, entry.source);
    // A failed read is not cached: the next request tries again.
    asset.catch(() => loaded.delete(name));
    loaded.set(name, asset);
  }
  return asset;
}
