import type { z } from 'zod';
import { type Database, getDb } from '@/db/client';
import { authenticate } from '@/lib/auth/verify';
import { readJsonObject } from './body';
import { mapDatabaseError } from './database-errors';
import { ApiError, databaseUnavailable, problemResponse, validationError } from './errors';

export interface RouteContext<P> {
  request: Request;
  userId: number;
  params: P;
  db: Database;
}

type Params = Record<string, string | string[]>;

function toProblem(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const mapped = mapDatabaseError(error);
  if (mapped) {
    if (mapped.status >= 500) console.error('Database unavailable:', describeCause(error));
    return mapped;
  }
  // The error may carry SQL and parameters: it goes to the log, never to the client.
  console.error('Unhandled error in route handler:', error);
  return new ApiError(
    'internal_error',
    'Something went wrong on our side. It has been logged; please try again later.',
  );
}

function describeCause(error: unknown): string {
  let current: unknown = error;
  while (current instanceof Error && current.cause) current = current.cause;
  return current instanceof Error ? `${current.name}: ${current.message}` : String(current);
}

/**
 * Turns every failure into problem+json and marks every response
 * Cache-Control: no-store. The only try/catch on the request path.
 */
export function withErrors<C>(handler: (request: Request, context: C) => Promise<Response>) {
  return async (request: Request, context: C): Promise<Response> => {
    let response: Response;
    try {
      response = await handler(request, context);
    } catch (error) {
      response = problemResponse(toProblem(error));
    }
    response.headers.set('Cache-Control', 'no-store');
    return response;
  };
}

/** Opens (or reuses) the database; failing to open it is an outage, not a bug. */
export function openDatabase(): Promise<Database> {
  return getDb().catch((error: unknown) => {
    console.error('Could not open the database:', describeCause(error));
    throw databaseUnavailable();
  });
}

/** Wraps a route handler that needs a user: verifies the bearer token, then hands over the database. */
export function withAuth<P extends Params = Params>(
  handler: (context: RouteContext<P>) => Promise<Response>,
) {
  return withErrors(async (request: Request, context: { params: Promise<P> }) => {
    const userId = await authenticate(request);
    const db = await openDatabase();
    const params = ((await context?.params) ?? {}) as P;
    return handler({ request, userId, params, db });
  });
}

/** The handler for the methods a route does not have: 405 problem+json naming the ones it has. */
export function methodNotAllowed(allowed: string[]) {
  const allow = allowed.join(', ');
  return withErrors(async (request: Request) => {
    throw new ApiError(
      'method_not_allowed',
      `${request.method} is not supported here; use ${allow}.`,
      {},
      { Allow: allow },
    );
  });
}

function toFieldErrors(issues: z.core.$ZodIssue[], prefix?: string) {
  return issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.'),
    message: issue.message,
  }));
}

function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, prefix?: string): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw validationError(toFieldErrors(result.error.issues, prefix));
  return result.data;
}

/** The JSON body, validated; unknown and read-only fields are dropped by the schema. */
export async function parseBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.output<S>> {
  return parseOrThrow(schema, await readJsonObject(request));
}

/** Query parameters, validated. Unknown ones are ignored; an empty value counts as absent. */
export function parseQuery<S extends z.ZodType>(request: Request, schema: S): z.output<S> {
  const query: Record<string, string> = {};
  for (const [key, value] of new URL(request.url).searchParams) {
    if (value !== '' && !(key in query)) query[key] = value;
  }
  return parseOrThrow(schema, query);
}

/** A path parameter, validated. */
export function parseParam<S extends z.ZodType>(value: unknown, schema: S, name: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw validationError(
      toFieldErrors(result.error.issues, name),
      `Invalid ${name} in the URL: ${result.error.issues[0]?.message ?? 'not accepted'}.`,
    );
  }
  return result.data;
}

export function json(body: unknown, init: { status?: number; headers?: Record<string, string> } = {}) {
  return Response.json(body, init);
}

/** A response whose JSON text is already written (by the database, for a page of entries). */
export function jsonText(text: string, init: { status?: number; headers?: Record<string, string> } = {}) {
  return new Response(text, {
    status: init.status,
    headers: { 'content-type': 'application/json', ...init.headers },
  });
}
