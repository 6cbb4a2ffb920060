// Checks real responses against the generated OpenAPI document: the route
// handlers under app/api/v1/time-tracking and app/api/v1/public are mapped to
// the document's operations, and every response the handler tests produce must
// have a documented status, content type, headers and a body valid against its
// schema.
// ajv arrives with @apidevtools/swagger-parser; it validates JSON Schema 2020-12, which OpenAPI 3.1 uses.
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import { documentPathOf as documentPathOfRoute, type OpenApiDocument } from '@/lib/openapi/document';
import { currentOpenApiDocument, routeFiles } from '@/lib/openapi/routes';
import type { ObservedResponse } from './request';

export { routeFiles };
export const HTTP_METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'] as const;

// biome-ignore lint/suspicious/noExplicitAny: parts of an OpenAPI document, walked generically
type Json = any;

/** A route's path as the document writes it: relative to the API's base path. */
export const documentPathOf = (path: string) => documentPathOfRoute(path).key;

/** Methods a path documents, upper-case. */
export function documentedMethods(document: OpenApiDocument, documentPath: string): string[] {
  const item = (document.paths?.[documentPath] ?? {}) as Record<string, unknown>;
  return HTTP_METHODS.filter((m) => item[m.toLowerCase()] !== undefined);
}

// ---- JSON Schema validation ---------------------------------------------------

function decimalPlaces(value: number): number {
  const text = String(value);
  const exponent = /e([+-]\d+)$/i.exec(text);
  const [mantissa = text] = text.split(/e/i);
  const decimals = mantissa.split('.')[1]?.length ?? 0;
  return Math.max(0, decimals - (exponent ? Number(exponent[1]) : 0));
}

function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function createAjv() {
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  // The document's components ride along at the root of each compiled schema, so that
  // "#/components/schemas/…" references resolve; the keyword itself checks nothing.
  ajv.addKeyword({ keyword: 'components' });
  ajv.addKeyword({
    keyword: 'x-max-decimals',
    type: 'number',
    schemaType: 'number',
    error: { message: ({ schema }) => `must have at most ${schema} decimals` },
    validate: (max: number, data: number) => decimalPlaces(data) <= max,
  });
  ajv.addFormat('date', { type: 'string', validate: isCalendarDate });
  return ajv;
}

export class SchemaChecker {
  private readonly ajv = createAjv();
  private readonly cache = new Map<object, ValidateFunction>();

  constructor(private readonly document: OpenApiDocument) {}

  /** undefined when `value` is valid, else a readable list of the failures. */
  check(schema: object, value: unknown, name = 'body'): string | undefined {
    let validate = this.cache.get(schema);
    if (!validate) {
      validate = this.ajv.compile({ ...schema, components: this.document.components });
      this.cache.set(schema, validate);
    }
    if (validate(value)) return undefined;
    return this.ajv.errorsText(validate.errors, { dataVar: name, separator: '\n  ' });
  }

  /** Follows a local `$ref` ("#/components/responses/NotFound") to what it names. */
  resolve(node: unknown): Json {
    let current: Json = node;
    for (let hops = 0; current && typeof current.$ref === 'string' && hops < 10; hops++) {
      const pointer = current.$ref.replace(/^#\//, '').split('/');
      current = pointer.reduce(
        (at: Json, part: string) => at?.[part.replace(/~1/g, '/').replace(/~0/g, '~')],
        this.document,
      );
      if (current === undefined) throw new Error(`Unresolvable $ref ${(node as Json).$ref}`);
    }
    return current;
  }
}

// ---- responses against operations ---------------------------------------------

interface Registry {
  document: OpenApiDocument;
  checker: SchemaChecker;
  /** Exported handler → the document path of its route file. */
  handlers: Map<unknown, { documentPath: string; routePath: string }>;
}

let registry: Promise<Registry> | undefined;

function loadRegistry(): Promise<Registry> {
  registry ??= (async () => {
    const document = await currentOpenApiDocument();
    const handlers: Registry['handlers'] = new Map();
    for (const { path, module } of await routeFiles()) {
      for (const method of HTTP_METHODS) {
        if (typeof module[method] === 'function')
          handlers.set(module[method], { documentPath: documentPathOf(path), routePath: path });
      }
    }
    return { document, checker: new SchemaChecker(document), handlers };
  })();
  return registry;
}

const mediaType = (headers: Headers) =>
  (headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();

/** Parses a header value by its documented schema: numbers are sent as digits. */
function headerValue(value: string, schema: Json): unknown {
  const type = schema?.type;
  if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  return value;
}

/**
 * Throws (failing the test) unless the response is one the document describes for
 * this handler and method. Handlers of no route file (routeFiles()) are not checked.
 */
export async function checkResponseAgainstDocument(handler: unknown, observed: ObservedResponse) {
  const { document, checker, handlers } = await loadRegistry();
  const known = handlers.get(handler);
  if (!known) return;
  const where = `${observed.method} ${known.routePath}`;
  const fail = (problem: string): never => {
    throw new Error(
      `OpenAPI contract: ${where} answered ${observed.status}: ${problem}\n  body: ${observed.text.slice(0, 500)}`,
    );
  };
  const { documentPath } = known;
  if (!(document.paths as Json)[documentPath]) fail(`${documentPath} has no path in the OpenAPI document`);

  const operation: Json = (document.paths as Json)[documentPath][observed.method.toLowerCase()];
  let response: Json;
  if (!operation) {
    // A method the path does not have: the 405 every route answers (OPTIONS: a
    // 204), with Allow naming the documented ones.
    const expected = observed.method === 'OPTIONS' ? 204 : 405;
    if (observed.status !== expected)
      fail(`${observed.method} is not documented for ${documentPath}, so only a ${expected} is`);
    const allow = (observed.headers.get('allow') ?? '').split(',').map((m) => m.trim());
    const documented = documentedMethods(document, documentPath);
    if ([...allow].sort().join() !== [...documented].sort().join()) {
      fail(
        `Allow is "${allow.join(', ')}" but the document has ${documented.join(', ')} for ${documentPath}`,
      );
    }
    if (expected === 204) {
      if (observed.text !== '') fail('an OPTIONS answer has no body');
      return;
    }
    response = checker.resolve(document.components?.responses?.Problem405);
  } else {
    const listed = operation.responses?.[String(observed.status)] ?? operation.responses?.default;
    if (!listed) {
      fail(
        `status ${observed.status} is not documented for ${operation.operationId} (documented: ${Object.keys(operation.responses).join(', ')})`,
      );
    }
    response = checker.resolve(listed);
  }

  for (const [name, declared] of Object.entries<Json>(response.headers ?? {})) {
    const header = checker.resolve(declared);
    const value = observed.headers.get(name);
    if (value === null) {
      if (header.required) fail(`the documented header ${name} is missing`);
      continue;
    }
    const problem = header.schema && checker.check(header.schema, headerValue(value, header.schema), name);
    if (problem) fail(`header ${name}: ${problem}`);
  }

  if (!response.content) {
    if (observed.text !== '') fail('the document says this response has no body, but it has one');
    return;
  }
  const type = mediaType(observed.headers);
  const media = response.content[type];
  if (!media) {
    fail(
      `Content-Type "${type}" is not documented (documented: ${Object.keys(response.content).join(', ')})`,
    );
  }
  let body: unknown = observed.text;
  // A body that is not JSON (the CSV export) is checked as the string it is.
  if (type === 'application/json' || type.endsWith('+json'))
    try {
      body = JSON.parse(observed.text);
    } catch {
      fail('the body is not JSON');
    }
  const problem = media.schema && checker.check(media.schema, body);
  if (problem) fail(`the body does not match the documented schema:\n  ${problem}`);
}
