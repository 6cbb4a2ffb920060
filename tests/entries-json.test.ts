// The list endpoint's body is joined from texts that Postgres keeps for every
// entry (time_entries.entry_json, the function time_entry_json() of
// db/migrations/0003); every other entry response is serializeEntry and
// JSON.stringify. Both must give the same text for the same row, whatever the
// notes, rates and times hold, after inserts and updates alike, and whatever the
// TimeZone and DateStyle of the session that wrote it.
import { eq, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GET as getEntry } from '@/app/api/v1/time-tracking/entries/[entryId]/route';
import { GET as listEntries } from '@/app/api/v1/time-tracking/entries/route';
import type { Database } from '@/db/client';
import { entryColumns, timeEntries } from '@/db/schema';
import { PAYMENT_STATUSES } from '@/lib/time-tracking/schemas';
import { serializeEntry } from '@/lib/time-tracking/serialize';
import { newUserId } from './helpers/auth';
import { freshDatabase, useTestDatabase } from './helpers/database';
import { makeEntry } from './helpers/factories';
import { call } from './helpers/http';

const database = useTestDatabase();

const SECOND = 1000;
const DAY = 86_400 * SECOND;
const YEAR_1900 = Date.UTC(1900, 0, 1);
const YEAR_9999 = Date.UTC(9999, 0, 1);

/** Notes as users type them, plus everything JSON must escape. */
const notes = fc
  .oneof(
    fc.constant(null),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.string({
      unit: fc.constantFrom(
        '"',
        '\\',
        '/',
        '\n',
        '\r',
        '\t',
        '\b',
        '\f',
        '\u001f',
        '\u007f',
        '\u2028',
        'é',
        '😀',
        'a',
      ),
      maxLength: 12,
    }),
  )
  .filter((s) => s === null || (s.isWellFormed() && !s.includes('\u0000')));

/** Rates with 0 to 4 decimals, up to the API's maximum. */
const rate = fc
  .tuple(
    fc.integer({ min: 0, max: 1_000_000_000 }),
    fc.integer({ min: 0, max: 9999 }),
    fc.integer({ min: 0, max: 4 }),
  )
  .map(([whole, fraction, decimals]) => {
    if (decimals === 0 || whole === 1_000_000_000) return String(whole);
    return `${whole}.${String(fraction).padStart(4, '0').slice(0, decimals)}`;
  });

const entry = fc.record({
  start: fc.integer({ min: YEAR_1900 / SECOND, max: YEAR_9999 / SECOND }).map((s) => s * SECOND),
  // Up to the 31 days a manual entry may span; null is a running timer.
  span: fc.option(fc.integer({ min: 1, max: (31 * DAY) / SECOND }).map((s) => s * SECOND)),
  rate,
  notes,
  status: fc.constantFrom(...PAYMENT_STATUSES),
});

/** Every stored text of the user's entries is JSON.stringify(serializeEntry(row)) of its row. */
async function expectStoredTextsMatch(db: Database, userId: number) {
  const rows = await db
    .select({ ...entryColumns, entryJson: timeEntries.entryJson })
    .from(timeEntries)
    .where(eq(timeEntries.userId, userId));
  expect(rows.length).toBeGreaterThan(0);
  for (const { entryJson, ...row } of rows) expect(entryJson).toBe(JSON.stringify(serializeEntry(row)));
  return rows;
}

async function expectListMatchesSingles(userId: number) {
  const list = await call(listEntries, 'GET', { userId, query: 'limit=1000' });
  expect(list.status).toBe(200);
  expect(list.headers.get('content-type')).toBe('application/json');
  const ids = (list.body as { id: number }[]).map((e) => e.id);
  const singles: string[] = [];
  for (const id of ids) {
    const single = await call(getEntry, 'GET', { userId, params: { entryId: String(id) } });
    expect(single.status).toBe(200);
    singles.push(single.text);
  }
  expect(list.text).toBe(`[${singles.join(',')}]`);
  return ids;
}

/** A later edit of any of the fields the text holds, as the API's writes make them. */
const edit = fc.record(
  {
    span: fc.integer({ min: 1, max: (31 * DAY) / SECOND }).map((s) => s * SECOND),
    rate,
    notes,
    status: fc.constantFrom(...PAYMENT_STATUSES),
    updatedAt: fc.integer({ min: YEAR_1900 / SECOND, max: YEAR_9999 / SECOND }).map((s) => s * SECOND),
  },
  { requiredKeys: [] },
);

describe('the list body written by the database', () => {
  it('is byte for byte the JSON that serializeEntry gives for the same rows, after inserts and updates', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(entry, fc.option(edit)), { minLength: 1, maxLength: 8 }),
        async (entries) => {
          const userId = newUserId();
          const rows = [];
          for (const [i, [e]] of entries.entries()) {
            const startTime = new Date(e.start);
            // One running timer per user at most (a partial unique index).
            const span = i === 0 ? e.span : (e.span ?? SECOND);
            rows.push(
              await makeEntry(database.db, userId, {
                date: startTime.toISOString().slice(0, 10),
                startTime,
                endTime: span === null ? null : new Date(e.start + span),
                hourlyRate: e.rate,
                notes: e.notes,
                paymentStatus: e.status,
              }),
            );
          }
          await expectStoredTextsMatch(database.db, userId);
          expect(await expectListMatchesSingles(userId)).toHaveLength(entries.length);

          for (const [i, [, change]] of entries.entries()) {
            if (!change) continue;
            const row = rows[i]!;
            await database.db
              .update(timeEntries)
              .set({
                ...(change.span !== undefined && {
                  endTime: new Date(row.startTime.getTime() + change.span),
                }),
                ...(change.rate !== undefined && { hourlyRate: change.rate }),
                ...(change.notes !== undefined && { notes: change.notes }),
                ...(change.status !== undefined && { paymentStatus: change.status }),
                ...(change.updatedAt !== undefined && { updatedAt: new Date(change.updatedAt) }),
              })
              .where(eq(timeEntries.id, row.id));
          }
          await expectStoredTextsMatch(database.db, userId);
          await expectListMatchesSingles(userId);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('does not depend on the TimeZone or DateStyle of the session that wrote the entry', async () => {
    const userId = newUserId();
    // SET LOCAL in a transaction: on a pool, a plain SET would change one connection for good.
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`set local TimeZone = 'Asia/Kathmandu'`);
      await tx.execute(sql`set local DateStyle = 'SQL, DMY'`);
      const row = await makeEntry(tx as unknown as Database, userId, {
        date: '2024-03-10',
        startTime: new Date('2024-03-10T06:59:59Z'),
        endTime: new Date('2024-03-10T07:00:00Z'),
        hourlyRate: '0.0001',
        notes: 'DST night',
      });
      await tx.execute(sql`set local TimeZone = 'America/St_Johns'`);
      await tx.execute(sql`set local DateStyle = 'German'`);
      await tx
        .update(timeEntries)
        .set({ endTime: new Date('2024-03-10T07:00:01Z') })
        .where(eq(timeEntries.id, row.id));
    });
    await expectStoredTextsMatch(database.db, userId);
    const list = await call(listEntries, 'GET', { userId });
    expect(list.body).toEqual([
      expect.objectContaining({
        date: '2024-03-10',
        start_time: '2024-03-10T06:59:59',
        end_time: '2024-03-10T07:00:01',
        hourly_rate: 0.0001,
        total_hours: 0,
        total_earned: 0,
        notes: 'DST night',
      }),
    ]);
  });

  it('is filled in for the entries that exist when the column is added', async () => {
    // Migrate up to 0002 only, write entries without the column, then apply the rest.
    const { db, close, migrateAll } = await freshDatabase({ migrations: 3 });
    try {
      const userId = newUserId();
      await db.execute(sql`
        INSERT INTO time_entries (user_id, date, start_time, end_time, hourly_rate, payment_status, notes)
        SELECT ${userId}::int,
               (timestamptz '1999-12-31T20:00:00Z' + i * interval '7 hours 13 seconds')::date,
               timestamptz '1999-12-31T20:00:00Z' + i * interval '7 hours 13 seconds',
               CASE WHEN i = 0 THEN NULL
                    ELSE timestamptz '1999-12-31T20:00:00Z' + i * interval '7 hours 13 seconds' + (i * 37) * interval '1 second' END,
               (i % 97) + 0.1234,
               (ARRAY['not_paid', 'invoiced_not_approved', 'invoiced_approved', 'paid'])[1 + i % 4],
               CASE WHEN i % 5 = 0 THEN NULL ELSE 'note "' || i || '"' || chr(10) || chr(92) || chr(9) || ' é 😀' END
        FROM generate_series(0, 199) AS i`);
      await migrateAll();
      expect(await expectStoredTextsMatch(db, userId)).toHaveLength(200);
    } finally {
      await close();
    }
  });
});
