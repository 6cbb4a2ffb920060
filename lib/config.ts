// Server configuration read from the environment. Every variable is listed,
// with its default, in .env.example and explained in the README.

function intFromEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function boolFromEnv(name: string, fallback: boolean): boolean {
  const raw = process.env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new Error(`${name} must be true or false, got "${process.env[name]}"`);
}

export interface DatabaseConfig {
  /** postgres:// URL; when absent the embedded PGlite database is used. */
  url: string | undefined;
  pgliteDir: string;
  poolMax: number;
  connectTimeoutSeconds: number;
  /** false for transaction-mode poolers (PgBouncer, Supavisor :6543, Neon's pooler). */
  prepare: boolean;
}

export function databaseConfig(): DatabaseConfig {
  const url = process.env.DATABASE_URL?.trim();
  return {
    url: url ? url : undefined,
    pgliteDir: process.env.PGLITE_DIR?.trim() || '.data/pglite',
    poolMax: intFromEnv('DB_POOL_MAX', 10, 1, 1000),
    connectTimeoutSeconds: intFromEnv('DB_CONNECT_TIMEOUT', 5, 1, 120),
    prepare: boolFromEnv('DB_PREPARE', true),
  };
}

/** Seconds a client is told to wait (Retry-After) when the database is unreachable. */
export const RETRY_AFTER_SECONDS = 5;
