// What the server relies on postgres.js for (docs/SECURITY.md, "The driver"),
// checked against a real Postgres. The first test fails whenever the installed
// version changes: re-check the others and that section, then update the pin.
// The lost-connection detector (query_timeout, then an unanswered cancel) is
// exercised end to end by tests/hardening/outage.test.ts.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectPostgres, type Database, type StatementLimits } from '@/db/client';
import { mapDatabaseError } from '@/db/errors';
import { userSettings } from '@/db/schema';
import { usingPostgres } from './helpers/database';
import { createPostgresDatabase } from './helpers/migrated-database';

const PINNED = '4.2.0';

describe.runIf(usingPostgres)('postgres.js as the server uses it', () => {
  const limits: StatementLimits = { statementMs: 700, lockMs: 300, idleInTransactionMs: 1500 };
  let url: string;
  let drop: () => Promise<void>;
  let pool: ReturnType<typeof connectPostgres>;
  let other: postgres.Sql;

  beforeAll(async () => {
    // A migrated database of its own, reached with the server's options but short limits.
    ({ url, drop } = await createPostgresDatabase());
    pool = connectPostgres(url, { poolMax: 2, connectTimeoutMs: 5000, prepare: true, limits });
    other = postgres(url, { max: 1, onnotice: false });
  });

  afterAll(async () => {
    await pool?.close();
    await other?.end();
    await drop?.();
  });

  it(`is version ${PINNED} (a new version: re-check docs/SECURITY.md, "The driver", and this file)`, () => {
    const installed = JSON.parse(
      readFileSync(path.join(process.cwd(), 'node_modules', 'postgres', 'package.json'), 'utf8'),
    ).version;
    expect(installed).toBe(PINNED);
  });

  it('sends the limits as session settings on every connection', async () => {
    const rows = (await pool.db.execute(
      sql`select current_setting('statement_timeout') as statement, current_setting('lock_timeout') as lock,
        current_setting('idle_in_transaction_session_timeout') as idle, current_setting('plan_cache_mode') as plans`,
    )) as unknown as Record<string, string>[];
    expect(rows[0]).toEqual({
      statement: '700ms',
      lock: '300ms',
      idle: '1500ms',
      plans: 'force_generic_plan',
    });
  });

  it('has Postgres cancel a statement past statement_timeout, as a 503 that applied nothing', async () => {
    const error = await pool.db
      .execute(sql`insert into user_settings (user_id, default_hourly_rate, currency, timezone)
        select 987654, 1, 'USD', 'UTC' from pg_sleep(2)`)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect((error as { cause?: { code?: string } }).cause?.code).toBe('57014');
    expect(mapDatabaseError(error)?.code).toBe('database_unavailable');
    const [row] = await other`select count(*)::int as n from user_settings where user_id = 987654`;
    expect(row?.n).toBe(0);
  });

  it('has Postgres refuse a lock past lock_timeout; a statement that met it while being prepared waited twice', async () => {
    const db: Database = pool.db;
    const query = db
      .select()
      .from(userSettings)
      .where(eq(userSettings.userId, sql.placeholder('id')))
      .prepare('driver_canary');
    // Prepared on one connection, so that the pool knows the statement...
    await query.execute({ id: 1 });
    let locked!: () => void;
    const taken = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const held = other.begin(async (tx) => {
      await tx`lock table user_settings in access exclusive mode`;
      locked();
      await new Promise((resolve) => setTimeout(resolve, 2500));
    });
    await taken;
    // ...and, that connection being busy, run on the other one, which must
    // prepare it first: its Parse meets the lock.
    const busy = db.execute(sql`select pg_sleep(0.5)`);
    const started = performance.now();
    const error = await query.execute({ id: 1 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    const waited = performance.now() - started;
    await busy;
    await held;
    expect((error as { cause?: { code?: string } }).cause?.code).toBe('55P03');
    expect(mapDatabaseError(error)?.code).toBe('database_unavailable');
    // 4.2.0 sends a statement that failed before it was bound once more (meant
    // for a statement gone stale), so this one waited for lock_timeout twice;
    // had the driver stopped doing so, the documented bound of twice
    // DB_LOCK_TIMEOUT for such a 503 could be halved.
    expect(waited).toBeGreaterThanOrEqual(2 * limits.lockMs);
  });
});
