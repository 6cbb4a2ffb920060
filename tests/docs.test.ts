// The interactive reference at /docs: an HTML page whose every asset comes
// from this app (swagger-ui-dist from node_modules, an allow-list), so that it
// works without the internet; nothing else under /docs/assets is served.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GET as asset } from '@/app/docs/assets/[file]/route';
import { GET as page } from '@/app/docs/route';
import { OPENAPI_DOCUMENT_PATH } from '@/lib/openapi/document';
import { ASSET_NAMES } from '@/lib/openapi/reference';

const getAsset = (file: string, headers: Record<string, string> = {}) =>
  asset(new Request(`http://localhost/docs/assets/${encodeURIComponent(file)}`, { headers }), {
    params: Promise.resolve({ file }),
  });

describe('GET /docs', () => {
  it('is an HTML page that loads only same-origin assets under /docs/assets', async () => {
    const res = page();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await res.text();
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/\/\/[a-z0-9.-]+\.[a-z]{2,}/i);
    const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(urls.filter((u) => u.startsWith('/docs/assets/')).sort()).toEqual([
      '/docs/assets/favicon-16x16.png',
      '/docs/assets/favicon-32x32.png',
      '/docs/assets/init.js',
      '/docs/assets/swagger-ui-bundle.js',
      '/docs/assets/swagger-ui.css',
    ]);
    expect(urls.filter((u) => !u.startsWith('/docs/assets/'))).toEqual([OPENAPI_DOCUMENT_PATH]);
    // No inline script: the CSP allows scripts from this origin only.
    expect(html).not.toMatch(/<script>(?!<\/script>)/);
  });

  it('sends a Content-Security-Policy that keeps the page on this origin', () => {
    const csp = page().headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toMatch(/https?:|\*/);
  });
});

describe('GET /docs/assets/{file}', () => {
  it.each([
    ['swagger-ui-bundle.js', 'text/javascript; charset=utf-8'],
    ['swagger-ui.css', 'text/css; charset=utf-8'],
    ['favicon-32x32.png', 'image/png'],
    ['favicon-16x16.png', 'image/png'],
  ])('serves %s from swagger-ui-dist as %s, cacheable', async (file, type) => {
    const res = await getAsset(file);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('public, max-age=3600');
    const bytes = new Uint8Array(await res.arrayBuffer());
    const original = readFileSync(path.join(process.cwd(), 'node_modules', 'swagger-ui-dist', file));
    expect(Buffer.from(bytes).equals(original)).toBe(true);
  });

  it('serves the start script: the document on this origin, no validator badge, tokens kept', async () => {
    const res = await getAsset('init.js');
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const script = await res.text();
    expect(script).toContain(`url: "${OPENAPI_DOCUMENT_PATH}"`);
    expect(script).toContain('validatorUrl: null');
    expect(script).toContain('persistAuthorization: true');
    expect(script).not.toMatch(/https?:\/\//);
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const first = await getAsset('swagger-ui.css');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await getAsset('swagger-ui.css', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
  });

  it.each([
    'swagger-initializer.js',
    'index.html',
    'package.json',
    'swagger-ui-bundle.js.map',
    '../package.json',
    '..%2Fpackage.json',
    '/etc/passwd',
    '__proto__',
    'constructor',
    'toString',
    '',
  ])('answers 404 to anything outside the allow-list: %j', async (file) => {
    const res = await getAsset(file);
    expect(res.status).toBe(404);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('has an allow-list of exactly the files the page uses', () => {
    expect([...ASSET_NAMES].sort()).toEqual([
      'favicon-16x16.png',
      'favicon-32x32.png',
      'init.js',
      'swagger-ui-bundle.js',
      'swagger-ui.css',
    ]);
  });
});
