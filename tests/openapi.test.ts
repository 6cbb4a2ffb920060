// The OpenAPI document: valid, complete (every route has its operations and
// every operation a route), its examples valid, the committed copy current,
// served with caching; and the response checker that the handler tests run
// through really rejects what the document does not describe.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { describe, expect, it } from 'vitest';
import * as documentRoute from '@/app/api/v1/time-tracking/openapi.json/route';
import * as settingsRoute from '@/app/api/v1/time-tracking/settings/route';
import { buildOpenApiDocument } from '@/lib/openapi/document';
import { currentOpenApiDocument } from '@/lib/openapi/routes';
import { PROBLEM_CODES, PROBLEMS } from '@/lib/problems';
import {
  checkResponseAgainstDocument,
  documentedMethods,
  documentPathOf,
  HTTP_METHODS,
  routeFiles,
  SchemaChecker,
} from './helpers/contract';
import { call } from './helpers/http';

const document = await currentOpenApiDocument();
const committedText = readFileSync(path.join(process.cwd(), 'docs', 'openapi.json'), 'utf8');
// biome-ignore lint/suspicious/noExplicitAny: the document is walked generically
const paths = document.paths as Record<string, Record<string, any>>;

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** What an exported route function answers to a request without a token. */
async function probe(handler: Handler, method: string) {
  const response = await handler(new Request('http://localhost/api/v1/time-tracking/x', { method }), {
    params: Promise.resolve({ entry_id: '1' }),
  });
  return { status: response.status, allow: response.headers.get('allow') };
}

describe('the OpenAPI document', () => {
  it('passes swagger-parser validation as OpenAPI 3.1', async () => {
    const api = await SwaggerParser.validate(structuredClone(document) as never);
    expect((api as { openapi: string }).openapi).toBe('3.1.0');
  });

  it('is the one committed in docs/openapi.json (run `npm run openapi` after changing a route)', () => {
    expect(
      JSON.parse(committedText),
      'docs/openapi.json is stale: run `npm run openapi` and commit it',
    ).toEqual(JSON.parse(JSON.stringify(document)));
  });

  it('is deterministic', async () => {
    const declarations = (await routeFiles()).map((r) => r.declaration);
    expect(JSON.stringify(buildOpenApiDocument(declarations.reverse()))).toBe(JSON.stringify(document));
  });

  it('has an operation for every method a route file exports, and a route for every operation', async () => {
    const routes = await routeFiles();
    expect(routes.length).toBeGreaterThanOrEqual(9);
    const served = new Set<string>();
    for (const { file, path: route, module } of routes) {
      const documentPath = documentPathOf(route);
      expect(paths[documentPath], `${file} has no path in the document`).toBeDefined();
      const documented = documentedMethods(document, documentPath);
      for (const method of HTTP_METHODS) {
        const handler = module[method] as Handler | undefined;
        if (!handler) continue;
        const answer = await probe(handler, method);
        if (method === 'OPTIONS') {
          expect(answer.status, `OPTIONS ${route}`).toBe(204);
          expect(answer.allow?.split(', ').sort(), `Allow of OPTIONS ${route}`).toEqual(
            [...documented].sort(),
          );
          continue;
        }
        if (answer.status === 405) {
          // The catch-all for other methods: must not hide a documented one, and names the real ones.
          expect(documented, `${method} ${route} answers 405 but is documented`).not.toContain(method);
          expect(answer.allow?.split(', ').sort(), `Allow of ${method} ${route}`).toEqual(
            [...documented].sort(),
          );
          continue;
        }
        expect(documented, `${file} exports ${method}, which the document lacks`).toContain(method);
        served.add(`${method} ${documentPath}`);
      }
    }
    const operations = Object.entries(paths).flatMap(([p, item]) =>
      HTTP_METHODS.filter((m) => item[m.toLowerCase()]).map((m) => `${m} ${p}`),
    );
    expect(operations.length).toBe(24);
    expect([...served].sort()).toEqual(operations.sort());
  });

  it('requires the bearer token everywhere except on the document and the public invoice', () => {
    expect(document.security).toEqual([{ bearerAuth: [] }]);
    expect(document.components?.securitySchemes?.bearerAuth).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
    for (const [p, item] of Object.entries(paths)) {
      for (const method of HTTP_METHODS) {
        const operation = item[method.toLowerCase()];
        if (!operation) continue;
        if (p === '/openapi.json') expect(operation.security).toEqual([]);
        else if (p === '/public/invoice/{token}') {
          // No security requirement: the token is in the path; its own 401 and the per-address 429.
          expect(operation.security).toEqual([]);
          expect(item.servers).toEqual([{ url: '/api/v1', description: 'This server' }]);
          expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['200', '401', '429']));
        } else {
          expect(operation.security, `${method} ${p}`).toBeUndefined();
          expect(Object.keys(operation.responses), `${method} ${p}`).toEqual(
            expect.arrayContaining(['401', '500', '503']),
          );
        }
      }
    }
  });

  it('documents the response headers: X-Total-Count, WWW-Authenticate, Retry-After, Allow', () => {
    const checker = new SchemaChecker(document);
    const list = paths['/entries']!.get.responses['200'];
    expect(list.headers['X-Total-Count']).toMatchObject({ required: true, schema: { type: 'integer' } });
    const responses = document.components!.responses!;
    expect(checker.resolve(responses.Problem401).headers['WWW-Authenticate']).toMatchObject({
      required: true,
    });
    expect(checker.resolve(responses.Problem503).headers['Retry-After']).toMatchObject({
      schema: { type: 'integer' },
    });
    expect(checker.resolve(responses.Problem405).headers.Allow).toMatchObject({ required: true });
  });

  it('describes the formats: naive UTC timestamps, dates, decimals, timezones', () => {
    // biome-ignore lint/suspicious/noExplicitAny: schema objects
    const schemas = document.components!.schemas as Record<string, any>;
    const entry = schemas.TimeEntry;
    expect(entry.additionalProperties).toBe(false);
    expect(entry.required).toHaveLength(12);
    expect(entry.properties.start_time.pattern).toBe('^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}$');
    expect(entry.properties.date).toMatchObject({ format: 'date' });
    expect(entry.properties.total_earned.anyOf[0]).toMatchObject({ type: 'number', 'x-max-decimals': 2 });
    expect(entry.properties.hourly_rate).toMatchObject({ type: 'number', 'x-max-decimals': 4 });
    const timezone = new RegExp(schemas.UpdateSettings.properties.timezone.pattern, 'u');
    for (const ok of ['UTC', 'UTC-3', 'UTC+5:30', 'UTC+05:30', 'America/New_York', 'Etc/GMT+3']) {
      expect(timezone.test(ok), ok).toBe(true);
    }
    for (const bad of ['+05:30', 'UTC 3', 'utc +3', '../etc', '', 'Europe//Paris'])
      expect(timezone.test(bad), bad).toBe(false);
    // Requests show their input side: a rate is a number, a timestamp a string, limit an integer.
    expect(schemas.CreateTimeEntry.properties.start_time).toMatchObject({ type: 'string' });
    const limit = paths['/entries']!.get.parameters.find((p: { name: string }) => p.name === 'limit');
    expect(limit.schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 1000, default: 100 });
    const id = paths['/entries/{entry_id}']!.get.parameters[0];
    expect(id).toMatchObject({
      in: 'path',
      required: true,
      schema: { type: 'integer', maximum: 2147483647 },
    });
  });

  it('has examples that are valid against their own schemas', () => {
    const checker = new SchemaChecker(document);
    let checked = 0;
    // biome-ignore lint/suspicious/noExplicitAny: any node of the document
    const visit = (node: any, where: string) => {
      if (Array.isArray(node)) {
        for (const [i, child] of node.entries()) visit(child, `${where}/${i}`);
        return;
      }
      if (typeof node !== 'object' || node === null) return;
      if (Array.isArray(node.examples)) {
        const { examples, ...schema } = node;
        for (const example of examples) {
          expect(checker.check(schema, example, where), where).toBeUndefined();
          checked++;
        }
      } else if (node.schema && node.examples && typeof node.examples === 'object') {
        for (const [name, example] of Object.entries<{ value: unknown }>(node.examples)) {
          expect(
            checker.check(node.schema, example.value, `${where}/${name}`),
            `${where}/${name}`,
          ).toBeUndefined();
          checked++;
        }
      }
      for (const [key, child] of Object.entries(node)) visit(child, `${where}/${key}`);
    };
    visit(document, '#');
    expect(checked).toBeGreaterThan(30);
  });

  it('describes every problem of the table under its status, with the codes the Problem schema allows', () => {
    // biome-ignore lint/suspicious/noExplicitAny: schema objects
    const schemas = document.components!.schemas as Record<string, any>;
    expect(schemas.Problem.properties.code.enum).toEqual(PROBLEM_CODES);
    expect(schemas.Problem.required).toContain('request_id');
    const responses = document.components!.responses! as Record<string, { description: string }>;
    for (const code of PROBLEM_CODES) {
      expect(responses[`Problem${PROBLEMS[code].status}`]?.description, code).toContain(`\`${code}\``);
    }
  });

  it('is what docs/API.md lists as the problem codes, with their statuses', () => {
    const api = readFileSync(path.join(process.cwd(), 'docs', 'API.md'), 'utf8');
    const rows = [...api.matchAll(/^\| `([a-z_]+)` +\| (\d{3}) +\|/gm)].map(([, code, status]) => [
      code,
      Number(status),
    ]);
    expect(rows).toEqual(PROBLEM_CODES.map((code) => [code, PROBLEMS[code].status]));
  });
});

describe('GET /openapi.json', () => {
  it('serves the document to anyone, cacheable, with an ETag', async () => {
    const res = await call(documentRoute.GET, 'GET', { path: 'openapi.json' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(res.headers.get('etag')).toMatch(/^"[\w-]{32}"$/);
    expect(JSON.parse(res.text)).toEqual(JSON.parse(committedText));
  });

  it('answers 304 without a body to a matching If-None-Match, in any of its forms', async () => {
    const etag = (await call(documentRoute.GET, 'GET')).headers.get('etag')!;
    for (const value of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const res = await call(documentRoute.GET, 'GET', { headers: { 'if-none-match': value } });
      expect(res.status, value).toBe(304);
      expect(res.text).toBe('');
      expect(res.headers.get('etag')).toBe(etag);
    }
    const changed = await call(documentRoute.GET, 'GET', { headers: { 'if-none-match': '"stale"' } });
    expect(changed.status).toBe(200);
  });

  it('answers other methods with 405 and Allow: GET', async () => {
    const res = await call(documentRoute.POST, 'POST', { body: {} });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET');
  });
});

describe('the response checker used by every handler test', () => {
  const observed = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
    method: 'GET',
    status,
    headers: new Headers({ 'content-type': 'application/json', 'x-settings-saved': 'true', ...headers }),
    text: JSON.stringify(body),
  });
  const settings = { default_hourly_rate: 50, currency: 'USD', timezone: 'UTC' };

  it('accepts a response the document describes', async () => {
    await expect(
      checkResponseAgainstDocument(settingsRoute.GET, observed(200, settings)),
    ).resolves.toBeUndefined();
  });

  it('rejects a body that does not match, naming the field', async () => {
    await expect(
      checkResponseAgainstDocument(
        settingsRoute.GET,
        observed(200, { ...settings, default_hourly_rate: '50' }),
      ),
    ).rejects.toThrow(
      /GET \/api\/v1\/time-tracking\/settings answered 200: .*\n.*default_hourly_rate must be number/,
    );
    await expect(
      checkResponseAgainstDocument(settingsRoute.GET, observed(200, { ...settings, extra: 1 })),
    ).rejects.toThrow(/must NOT have additional properties/);
    await expect(
      checkResponseAgainstDocument(
        settingsRoute.GET,
        observed(200, { ...settings, default_hourly_rate: 50.12345 }),
      ),
    ).rejects.toThrow(/must have at most 4 decimals/);
  });

  it('rejects an undocumented status and an undocumented content type', async () => {
    await expect(checkResponseAgainstDocument(settingsRoute.GET, observed(409, {}))).rejects.toThrow(
      /status 409 is not documented for getSettings \(documented: 200, 401, 429, 500, 503\)/,
    );
    await expect(
      checkResponseAgainstDocument(
        settingsRoute.GET,
        observed(200, settings, { 'content-type': 'text/plain' }),
      ),
    ).rejects.toThrow(/Content-Type "text\/plain" is not documented/);
  });

  it('rejects a response without a required header, or a 405 whose Allow disagrees', async () => {
    const { 'x-settings-saved': _saved, ...bare } = Object.fromEntries(observed(200, settings).headers);
    await expect(
      checkResponseAgainstDocument(settingsRoute.GET, {
        ...observed(200, settings),
        headers: new Headers(bare),
      }),
    ).rejects.toThrow(/the documented header X-Settings-Saved is missing/);
    const problem = {
      type: 'about:blank',
      title: 'Unauthorized',
      status: 401,
      detail: 'Missing bearer token.',
      code: 'unauthorized',
    };
    await expect(
      checkResponseAgainstDocument(
        settingsRoute.GET,
        observed(401, problem, { 'content-type': 'application/problem+json' }),
      ),
    ).rejects.toThrow(/the documented header WWW-Authenticate is missing/);
    const methodProblem = {
      ...problem,
      title: 'Method Not Allowed',
      status: 405,
      code: 'method_not_allowed',
    };
    await expect(
      checkResponseAgainstDocument(settingsRoute.POST, {
        ...observed(405, methodProblem, { 'content-type': 'application/problem+json', allow: 'GET' }),
        method: 'POST',
      }),
    ).rejects.toThrow(/Allow is "GET" but the document has GET, PUT/);
  });
});
