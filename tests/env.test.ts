// The one environment schema (lib/env.ts): every variable .env.example and the
// README list, with its default, and a startup that stops on a bad one and says
// which.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ENV_VARIABLES, EnvError, parseEnv } from '@/lib/env';

const read = (file: string) => readFileSync(path.join(process.cwd(), file), 'utf8');

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  vi.resetModules();
});

function problemsOf(source: Record<string, string>): string[] {
  try {
    parseEnv(source);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return (error as EnvError).problems;
  }
  throw new Error(`accepted ${JSON.stringify(source)}`);
}

describe('the environment schema', () => {
  it('has exactly the variables of .env.example', () => {
    const listed = [...read('.env.example').matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]);
    expect([...listed].sort()).toEqual([...ENV_VARIABLES].sort());
  });

  it('has exactly the variables of the README configuration table', () => {
    const table = read('README.md').split('## Configuration')[1]!.split('\n## ')[0]!;
    const documented = [...table.matchAll(/^\| `([A-Z][A-Z0-9_]*)`/gm)].map((m) => m[1]);
    expect([...documented].sort()).toEqual([...ENV_VARIABLES].sort());
  });

  it('gives the documented defaults for an empty environment, and treats blank values as unset', () => {
    const defaults = {
      PGLITE_DIR: '.data/pglite',
      DB_POOL_MAX: 10,
      DB_CONNECT_TIMEOUT: 5000,
      DB_STATEMENT_TIMEOUT: 5000,
      DB_LOCK_TIMEOUT: 2000,
      DB_IDLE_IN_TRANSACTION_TIMEOUT: 5000,
      DB_PREPARE: true,
      AUTH_USER_ID_CLAIM: 'sub',
      DEFAULT_HOURLY_RATE: '50',
      DEFAULT_CURRENCY: 'USD',
      DEFAULT_TIMEZONE: 'UTC',
      LOG_LEVEL: 'info',
    };
    expect(parseEnv({})).toMatchObject(defaults);
    const blank = parseEnv({ DATABASE_URL: '', DB_POOL_MAX: '  ', DEFAULT_CURRENCY: '' });
    expect(blank).toMatchObject(defaults);
    expect(blank.DATABASE_URL).toBeUndefined();
  });

  it('reads seconds with decimals as milliseconds, and the other types', () => {
    expect(
      parseEnv({
        DB_STATEMENT_TIMEOUT: '2.5',
        DB_LOCK_TIMEOUT: '0.25',
        DB_PREPARE: 'off',
        DEFAULT_HOURLY_RATE: '62.5',
        DEFAULT_CURRENCY: 'eur',
        DATABASE_URL: 'postgresql://app@db.example:5432/tt',
      }),
    ).toMatchObject({
      DB_STATEMENT_TIMEOUT: 2500,
      DB_LOCK_TIMEOUT: 250,
      DB_PREPARE: false,
      DEFAULT_HOURLY_RATE: '62.5',
      DEFAULT_CURRENCY: 'EUR',
      DATABASE_URL: 'postgresql://app@db.example:5432/tt',
    });
  });

  it.each([
    ['DB_POOL_MAX', 'abc', /^DB_POOL_MAX must be an integer from 1 to 1000 \(got "abc"\)$/],
    ['DB_POOL_MAX', '0', /^DB_POOL_MAX must be an integer from 1 to 1000/],
    ['DB_STATEMENT_TIMEOUT', '-1', /^DB_STATEMENT_TIMEOUT must be a number of seconds/],
    ['DB_LOCK_TIMEOUT', '5s', /^DB_LOCK_TIMEOUT must be a number of seconds/],
    ['DB_PREPARE', 'maybe', /^DB_PREPARE must be true or false \(got "maybe"\)$/],
    ['DEFAULT_CURRENCY', 'XYZ', /^DEFAULT_CURRENCY must be an ISO 4217 currency code/],
    ['DEFAULT_TIMEZONE', 'Mars/Base', /^DEFAULT_TIMEZONE must be "UTC", an offset/],
    ['DEFAULT_HOURLY_RATE', '12.34567', /^DEFAULT_HOURLY_RATE must have at most 4 decimal places/],
    ['LOG_LEVEL', 'loud', /^LOG_LEVEL /],
    ['AUTH_JWKS_URL', 'not a url', /^AUTH_JWKS_URL must be a https: or http:\/\/ URL/],
  ])('names %s when it is %j', (name, value, message) => {
    expect(problemsOf({ [name]: value })).toEqual([expect.stringMatching(message)]);
  });

  it('names every bad variable at once, and never echoes a secret or a database URL', () => {
    const problems = problemsOf({
      AUTH_JWT_SECRET: 'too-short-secret',
      DATABASE_URL: 'mysql://root:hunter2@db/app',
      DB_POOL_MAX: 'many',
    });
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/AUTH_JWT_SECRET must be at least 32 bytes long/);
    expect(problems.join('\n')).toMatch(/DATABASE_URL must be a postgres: or postgresql:\/\/ URL/);
    expect(problems.join('\n')).not.toMatch(/too-short-secret|hunter2/);
  });

  it('refuses two token key sources, naming them', () => {
    const problems = problemsOf({
      AUTH_JWT_SECRET: 'a'.repeat(40),
      AUTH_JWKS_URL: 'https://id.example/jwks.json',
    });
    expect(problems).toEqual([
      expect.stringMatching(/set only one of .*\(AUTH_JWT_SECRET and AUTH_JWKS_URL are set\)/),
    ]);
  });
});

describe('server startup (lib/startup.ts, run by instrumentation.ts)', () => {
  /** Runs a fresh start() with process.exit caught: what it printed, and the exit code if it stopped. */
  async function startUp() {
    let code: number | undefined;
    vi.spyOn(process, 'exit').mockImplementation(((exitCode: number) => {
      code = exitCode;
      throw new Error('exited');
    }) as never);
    const printed = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { start } = await import('@/lib/startup');
    try {
      start();
    } catch (error) {
      if ((error as Error).message !== 'exited') throw error;
    }
    return { code, printed: printed.mock.calls.join('\n') };
  }

  it('stops the process with a message naming the bad variable', async () => {
    vi.stubEnv('DB_POOL_MAX', 'lots');
    const { code, printed } = await startUp();
    expect(code).toBe(1);
    expect(printed).toMatch(/cannot start[\s\S]*DB_POOL_MAX must be an integer/);
  });

  it('stops the process when a token key is configured but cannot be used', async () => {
    vi.stubEnv('AUTH_JWT_SECRET', '');
    vi.stubEnv('AUTH_JWT_PUBLIC_KEY', '-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----');
    const { code, printed } = await startUp();
    expect(code).toBe(1);
    expect(printed).toMatch(/cannot start/);
  });

  it('starts with a valid environment', async () => {
    // On the embedded database, start() takes the folder's lock for the process (db/embedded-lock.ts).
    vi.stubEnv('PGLITE_DIR', mkdtempSync(path.join(tmpdir(), 'tt-env-startup-')));
    expect(await startUp()).toEqual({ code: undefined, printed: '' });
  });
});
