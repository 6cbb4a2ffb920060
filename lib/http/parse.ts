// Request parts through their zod schemas: a failure is a 400 naming each field.
import type { z } from 'zod';
import { type FieldError, validationError } from '@/lib/errors';
import { jsonObjectOf } from './body';

function fieldErrors(issues: z.core.$ZodIssue[]): FieldError[] {
  return issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, detail?: (e: FieldError) => string) {
  const result = schema.safeParse(input);
  if (result.success) return result.data as z.output<S>;
  const errors = fieldErrors(result.error.issues);
  throw validationError(errors, detail && errors[0] ? detail(errors[0]) : undefined);
}

/** The JSON body (its bytes, from readCappedBytes), validated; unknown and read-only fields are dropped by the schema. */
export function parseBody<S extends z.ZodType>(bytes: Uint8Array, schema: S): z.output<S> {
  return parseOrThrow(schema, jsonObjectOf(bytes));
}

/** Query parameters, validated. Unknown ones are ignored; an empty value counts as absent; the first of repeated ones wins. */
export function parseQuery<S extends z.ZodType>(request: Request, schema: S): z.output<S> {
  const query: Record<string, string> = {};
  for (const [key, value] of new URL(request.url).searchParams) {
    if (value !== '' && !(key in query)) query[key] = value;
  }
  return parseOrThrow(schema, query);
}

/** Path parameters, validated. */
export function parseParams<S extends z.ZodType>(params: unknown, schema: S): z.output<S> {
  return parseOrThrow(schema, params, (e) => `Invalid ${e.path} in the URL: ${e.message}.`);
}
