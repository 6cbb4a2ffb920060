// The request pipeline and the route declarations.
//
// A route file declares each of its methods once, with `defineRoute`: the
// schemas of its path parameters, query and body, its success response and the
// problems it can answer, and a handler that calls one domain function and
// serialises what it returns. From that one declaration come the exported
// Next.js handlers, the 405 (with `Allow`) for every other method, and the
// route's paths in the OpenAPI document (lib/openapi/document.ts).
//
// Every API response goes through `serve`: it gives the request its id, turns
// any failure into problem+json, sets Cache-Control: no-store (the one place
// it is set) and writes the request's one log line.
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { type Database, getDb } from '@/db/client';
import { retryCollisions } from '@/db/errors';
import { authenticate } from '@/lib/auth/verify';
import { AppError, databaseUnavailable, describeCause } from '@/lib/errors';
import { log } from '@/lib/log';
import type { ProblemCode } from '@/lib/problems';
import { readCappedBytes } from './body';
import { methodOf } from './forbidden-methods';
import { fingerprintOf, idempotencyKeyOf, runIdempotent } from './idempotency';
import { parseBody, parseParams, parseQuery } from './parse';
import { problemResponse, toAppError } from './problem';
import { admitAddress, admitUser } from './rate-limit';
import { whenBodyDone } from './stream';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

const REQUEST_ID_HEADER = 'X-Request-Id';
const MAX_REQUEST_ID_LENGTH = 128;

/** A caller's X-Request-Id, kept to safe characters and bounded, or a new one. */
function requestIdOf(request: Request): string {
  const given = request.headers.get(REQUEST_ID_HEADER)?.replace(/[^\w.:@/+=-]/g, '');
  return given ? given.slice(0, MAX_REQUEST_ID_LENGTH) : randomUUID();
}

/** What the pipeline learns while a request runs, for its log line. */
export interface RequestState {
  userId?: number;
}

/**
 * Runs `work` for one request under `route` (the path template, for the log),
 * turning a failure into problem+json. The only try/catch on the request path.
 */
export async function serve(
  request: Request,
  route: string,
  work: (state: RequestState) => Promise<Response>,
  level: 'info' | 'debug' = 'info',
): Promise<Response> {
  const started = performance.now();
  const requestId = requestIdOf(request);
  const state: RequestState = {};
  let response: Response;
  let failure: AppError | undefined;
  try {
    response = await work(state);
  } catch (thrown) {
    failure = toAppError(thrown);
    response = problemResponse(failure, requestId);
  }
  if (!response.headers.has('Cache-Control')) response.headers.set('Cache-Control', 'no-store');
  response.headers.set(REQUEST_ID_HEADER, requestId);

  const status = response.status;
  const cause = failure && status >= 500 ? describeCause(failure.cause ?? failure) : undefined;
  const line = {
    request_id: requestId,
    method: methodOf(request),
    route,
    status,
    duration_ms: Math.round((performance.now() - started) * 100) / 100,
    user_id: state.userId ?? null,
    ...(failure && { problem: failure.code }),
    ...(cause && { error: cause.error }),
    // A bug's stack; an outage's would only show the driver's insides.
    ...(cause && failure?.code === 'internal_error' && { stack: cause.stack }),
  };
  log()[status >= 500 ? 'error' : level](line, `${line.method} ${route} ${status}`);
  return response;
}

/** Opens (or reuses) the database; failing to open it is an outage, not a bug. */
export function openDatabase(): Promise<Database> {
  return getDb().catch((error: unknown) => {
    throw databaseUnavailable(error);
  });
}

// ---- declarations -------------------------------------------------------------

export interface SuccessResponse {
  status: number;
  description: string;
  /** The JSON body (none for a 204), or with `mediaType` the body of that type (a string schema). */
  schema?: z.ZodType;
  /** A body that is not JSON: its media type as documented (`text/csv`). */
  mediaType?: string;
  /** Headers the response always carries, for the document. */
  headers?: z.ZodObject;
}

type Part = z.ZodType | undefined;
type Parsed<S extends Part> = S extends z.ZodType ? z.output<S> : undefined;

export interface Input<P extends Part, Q extends Part, B extends Part> {
  request: Request;
  params: Parsed<P>;
  query: Parsed<Q>;
  body: Parsed<B>;
}

export interface AuthenticatedInput<P extends Part, Q extends Part, B extends Part> extends Input<P, Q, B> {
  userId: number;
  db: Database;
}

interface OperationFields<P extends Part, Q extends Part, B extends Part> {
  operationId: string;
  tags: string[];
  summary: string;
  description?: string;
  params?: P;
  query?: Q;
  body?: B;
  /** The body may be left out (an empty body reads as `{}`). */
  bodyOptional?: boolean;
  /**
   * A larger body cap than MAX_BODY_BYTES (lib/http/body.ts) for this
   * operation, and what its 413 advises (a bulk request: "split the batch").
   */
  maxBody?: { bytes: number; advice: string };
  response: SuccessResponse;
  /** Other answers that are not problems (the document's 304). */
  otherResponses?: SuccessResponse[];
  /**
   * What else it can answer, beyond what its declaration implies (400 for
   * invalid input, 413 for a body, 401 and the 503s of authentication, 500 and
   * the database's 503).
   */
  problems?: ProblemCode[];
  /**
   * Honours `Idempotency-Key` (lib/http/idempotency.ts): a POST that a client
   * may repeat after a lost answer. With a key it runs in one transaction with
   * the stored answer; the document lists the header and its problems.
   */
  idempotent?: boolean;
}

type Handle<I> = (input: I) => Promise<unknown>;

export interface Operation extends OperationFields<Part, Part, Part> {
  /** Anyone may call it: no bearer token, no database opened for it. */
  public: boolean;
  /**
   * A public operation limited per client address (lib/http/rate-limit.ts);
   * every authenticated one is limited per user.
   */
  rateLimit?: 'address';
  handle: Handle<AuthenticatedInput<Part, Part, Part>>;
}

/** An operation for the users of the API: the bearer token is verified first. */
export function operation<P extends Part = undefined, Q extends Part = undefined, B extends Part = undefined>(
  spec: OperationFields<P, Q, B> & { handle: Handle<AuthenticatedInput<P, Q, B>> },
): Operation {
  return { ...spec, public: false } as Operation;
}

/** An operation anyone may call (the OpenAPI document). */
export function publicOperation<
  P extends Part = undefined,
  Q extends Part = undefined,
  B extends Part = undefined,
>(spec: OperationFields<P, Q, B> & { handle: Handle<Input<P, Q, B>>; rateLimit?: 'address' }): Operation {
  return { ...spec, public: true } as Operation;
}

export interface RouteDeclaration {
  /** The full path template, `{name}` for each parameter: `/api/v1/time-tracking/entries/{entry_id}`. */
  path: string;
  operations: Partial<Record<HttpMethod, Operation>>;
}

type RouteHandler = (request: Request, context: { params: Promise<unknown> }) => Promise<Response>;

const DECLARATION = Symbol.for('time-tracking.route-declaration');

/** The declaration behind an exported route handler, if it came from defineRoute. */
export function routeDeclaration(handler: unknown): RouteDeclaration | undefined {
  return typeof handler === 'function'
    ? (handler as { [DECLARATION]?: RouteDeclaration })[DECLARATION]
    : undefined;
}

async function run(operation: Operation, request: Request, params: unknown, state: RequestState) {
  let userId = 0;
  let db: Database | undefined;
  if (!operation.public) {
    userId = await authenticate(request);
    state.userId = userId;
    db = await openDatabase();
  }
  // Bounded cost (lib/http/rate-limit.ts): a 429 here for a caller over its
  // rate or in-flight cap; `settle` once the response's body is over.
  const admission = operation.public
    ? operation.rateLimit === 'address'
      ? await admitAddress(request)
      : undefined
    : await admitUser(userId, db as Database);
  if (!admission) return respond(operation, request, params, userId, db);
  let response: Response;
  try {
    response = await respond(operation, request, params, userId, db);
  } catch (error) {
    admission.settle();
    throw error;
  }
  for (const [name, value] of Object.entries(admission.headers)) response.headers.set(name, value);
  return whenBodyDone(request, response, admission.settle);
}

async function respond(
  operation: Operation,
  request: Request,
  params: unknown,
  userId: number,
  db: Database | undefined,
): Promise<Response> {
  const parsedParams = operation.params && parseParams(params, operation.params);
  const query = operation.query && parseQuery(request, operation.query);
  // Idempotency-Key (lib/http/idempotency.ts): a malformed key is a 400 before the body is read.
  const key = operation.idempotent && !operation.public ? idempotencyKeyOf(request) : undefined;
  // The raw bytes: parsed here, and hashed into the key's fingerprint.
  const bytes = operation.body
    ? await readCappedBytes(request, operation.maxBody?.bytes, operation.maxBody?.advice)
    : new Uint8Array(0);
  const input = {
    request,
    userId,
    db: db as Database,
    params: parsedParams,
    query,
    body: operation.body && parseBody(bytes, operation.body),
  };
  // The handler runs on `on`: the pool, or the transaction that also stores the key.
  const handleOn = async (on: Database): Promise<Response> => {
    // A handler returns the body, or a Response of its own (for headers, or a body already written).
    const result = await operation.handle({ ...input, db: on });
    if (result instanceof Response) return result;
    const { status } = operation.response;
    return status === 204 ? new Response(null, { status }) : Response.json(result, { status });
  };
  if (!db || key === undefined) return handleOn(db ?? input.db);
  const database = db;
  const fingerprint = fingerprintOf(request, bytes);
  // The whole transaction (key and effect) is run again if Postgres rolls it
  // back as a deadlock or serialization failure (db/errors.ts).
  return retryCollisions(database, () =>
    runIdempotent(database, { userId, key, fingerprint, run: handleOn }),
  );
}

/**
 * A method the route does not have: OPTIONS is a 204 with `Allow`, anything
 * else (TRACE too, which arrives as a marked OPTIONS: ./forbidden-methods.ts)
 * a 405 with the same `Allow`.
 */
function otherMethod(request: Request, allow: string): Response {
  if (methodOf(request) === 'OPTIONS') return new Response(null, { status: 204, headers: { Allow: allow } });
  throw new AppError('method_not_allowed', `${methodOf(request)} is not supported here; use ${allow}.`, {
    headers: { Allow: allow },
  });
}

/**
 * A route that is not part of the API's document (the health checks): its
 * methods as given, and for every other method the same 405 and OPTIONS as a
 * declared route's.
 */
export function plainRoute(
  path: string,
  methods: Partial<Record<HttpMethod, (request: Request) => Promise<Response>>>,
  level: 'info' | 'debug' = 'info',
): Record<HttpMethod | 'OPTIONS', (request: Request) => Promise<Response>> {
  const allow = HTTP_METHODS.filter((method) => methods[method]).join(', ');
  const handlers = {} as Record<HttpMethod | 'OPTIONS', (request: Request) => Promise<Response>>;
  for (const method of [...HTTP_METHODS, 'OPTIONS'] as const) {
    const handle = method === 'OPTIONS' ? undefined : methods[method];
    handlers[method] = (request) =>
      serve(request, path, async () => (handle ? handle(request) : otherMethod(request, allow)), level);
  }
  return handlers;
}

/**
 * The route's exported handlers: each declared method, a 405 naming them for
 * every other method, and OPTIONS answering with the same `Allow`. (HEAD is
 * Next's: GET without the body.)
 */
export function defineRoute(
  path: string,
  operations: Partial<Record<HttpMethod, Operation>>,
): Record<HttpMethod | 'OPTIONS', RouteHandler> {
  const declaration: RouteDeclaration = { path, operations };
  const allow = HTTP_METHODS.filter((method) => operations[method]).join(', ');
  const handlers = {} as Record<HttpMethod | 'OPTIONS', RouteHandler>;
  for (const method of [...HTTP_METHODS, 'OPTIONS'] as const) {
    const operation = method === 'OPTIONS' ? undefined : operations[method];
    const handler: RouteHandler = (request, context) =>
      serve(request, path, async (state) => {
        if (operation) return run(operation, request, await context?.params, state);
        return otherMethod(request, allow);
      });
    handlers[method] = Object.assign(handler, { [DECLARATION]: declaration });
  }
  return handlers;
}
