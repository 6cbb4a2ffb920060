// The server's configuration: every environment variable it reads, with its
// default, in one zod schema. `.env.example` lists the same variables
// (tests/env.test.ts holds the two equal) and the README explains them.
// instrumentation.ts parses the environment once when the server starts and
// stops it with a message naming each bad variable.
import { z } from 'zod';
import { currencySchema, rateSchema, timezoneSchema } from '@/lib/time-tracking/schemas';

/** An unset or blank variable is absent; anything else is trimmed. */
const variable = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === 'string' ? value.trim() || undefined : value), schema);

const integer = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, { error: `must be an integer from ${min} to ${max}` })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { error: `must be an integer from ${min} to ${max}` });

/** Seconds, with up to three decimals; becomes milliseconds. */
const seconds = (max: number) =>
  z
    .string()
    .regex(/^\d+(\.\d{1,3})?$/, { error: `must be a number of seconds from 0.001 to ${max}` })
    .transform((text) => Math.round(Number(text) * 1000))
    .refine((ms) => ms >= 1 && ms <= max * 1000, {
      error: `must be a number of seconds from 0.001 to ${max}`,
    });

const boolean = z
  .string()
  .toLowerCase()
  .refine((value) => ['1', 'true', 'yes', 'on', '0', 'false', 'no', 'off'].includes(value), {
    error: 'must be true or false',
  })
  .transform((value) => ['1', 'true', 'yes', 'on'].includes(value));

const url = (protocols: string[]) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { error: `must be a ${protocols.join(' or ')}// URL` },
  );

export const MIN_SECRET_BYTES = 32;

export const envSchema = z
  .object({
    // --- database
    DATABASE_URL: variable(url(['postgres:', 'postgresql:']).optional()),
    PGLITE_DIR: variable(z.string().default('.data/pglite')),
    DB_POOL_MAX: variable(integer(1, 1000).default(10)),
    DB_CONNECT_TIMEOUT: variable(seconds(120).default(5000)),
    DB_STATEMENT_TIMEOUT: variable(seconds(600).default(5000)),
    DB_LOCK_TIMEOUT: variable(seconds(600).default(2000)),
    DB_IDLE_IN_TRANSACTION_TIMEOUT: variable(seconds(600).default(5000)),
    DB_PREPARE: variable(boolean.default(true)),
    // --- authentication
    AUTH_JWT_SECRET: variable(
      z
        .string()
        .refine((value) => new TextEncoder().encode(value).byteLength >= MIN_SECRET_BYTES, {
          error: `must be at least ${MIN_SECRET_BYTES} bytes long`,
        })
        .optional(),
    ),
    AUTH_JWKS_URL: variable(url(['https:', 'http:']).optional()),
    AUTH_JWT_PUBLIC_KEY: variable(
      z
        .string()
        .refine((value) => value.includes('-----BEGIN'), { error: 'must be a PEM public key' })
        .optional(),
    ),
    AUTH_JWT_ISSUER: variable(z.string().optional()),
    AUTH_JWT_AUDIENCE: variable(z.string().optional()),
    AUTH_USER_ID_CLAIM: variable(z.string().default('sub')),
    // --- settings of a user who has never saved any
    DEFAULT_HOURLY_RATE: variable(
      z
        .string()
        .regex(/^\d+(\.\d+)?$/, { error: 'must be a decimal number such as 50 or 62.5' })
        .transform(Number)
        .pipe(rateSchema)
        .default('50'),
    ),
    DEFAULT_CURRENCY: variable(currencySchema.default('USD')),
    DEFAULT_TIMEZONE: variable(timezoneSchema.default('UTC')),
    // --- bounded cost per caller (lib/http/rate-limit.ts); 0 turns a limit off
    RATE_LIMIT_USER_PER_MINUTE: variable(integer(0, 1_000_000).default(600)),
    RATE_LIMIT_ADDRESS_PER_MINUTE: variable(integer(0, 1_000_000).default(300)),
    RATE_LIMIT_USER_IN_FLIGHT: variable(integer(0, 10_000).default(8)),
    RATE_LIMIT_TRUST_PROXY: variable(integer(0, 10).default(0)),
    // --- the app's public address, for the invoice links it hands out
    PUBLIC_APP_URL: variable(url(['https:', 'http:']).optional()),
    // --- logging
    LOG_LEVEL: variable(
      z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    ),
  })
  .superRefine((env, ctx) => {
    const sources = (['AUTH_JWT_SECRET', 'AUTH_JWKS_URL', 'AUTH_JWT_PUBLIC_KEY'] as const).filter(
      (name) => env[name] !== undefined,
    );
    if (sources.length > 1) {
      ctx.addIssue({
        code: 'custom',
        path: [sources[0]!],
        message: `set only one of AUTH_JWT_SECRET, AUTH_JWKS_URL and AUTH_JWT_PUBLIC_KEY (${sources.join(' and ')} are set)`,
      });
    }
  });

export type Env = z.output<typeof envSchema>;
export const ENV_VARIABLES = Object.keys(envSchema.shape) as (keyof Env)[];

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'EnvError';
  }
}

/** Parses the given variables; throws an EnvError naming every bad one and what it got. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = envSchema.safeParse(source);
  if (result.success) return result.data;
  throw new EnvError(
    result.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'environment');
      const raw = source[name];
      // Secrets are never echoed back, not even into the log.
      const shown = /SECRET|KEY|DATABASE_URL/.test(name) || raw === undefined ? '' : ` (got "${raw}")`;
      return `${name} ${issue.message}${shown}`;
    }),
  );
}

let parsed: Env | undefined;

/** The process's configuration, parsed on first use (instrumentation.ts does it at startup). */
export function env(): Env {
  parsed ??= parseEnv();
  return parsed;
}
