// The list endpoint's body is written by Postgres, from time_entry_json() of
// db/migrations/0006 at read time; every other entry response is serializeEntry
// and JSON.stringify. Both must give the same text for the same row, whatever
// the notes, rates and times hold, after inserts and updates alike, and whatever
// the TimeZone and DateStyle of the session that reads it.
import { eq, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GET as getEntry } from '@/app/api/v1/time-tracking/entries/[entry_id]/route';
import { GET as listEntries } from '@/app/api/v1/time-tracking/entries/route';
import type { Database } from '@/db/client';
import { timeEntries } from '@/db/schema';
import { PAYMENT_STATUSES } from '@/lib/time-tracking/schemas';
import { serializeEntry } from '@/lib/time-tracking/serialize';
import { newUserId } from './helpers/auth';
import { useTestDatabase } from './helpers/database';
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

/** time_entry_json() of each of the user's entries is JSON.stringify(serializeEntry(row)) of its row. */
async function expectStoredTextsMatch(db: Database, userId: number) {
  const rows = await db
    .select({ row: timeEntries, json: sql<string>`time_entry_json(${timeEntries})` })
    .from(timeEntries)
    .where(eq(timeEntries.userId, userId));
  expect(rows.length).toBeGreaterThan(0);
  for (const { row, json } of rows) expect(json).toBe(JSON.stringify(serializeEntry(row)));
  return rows;
}

async function expectListMatchesSingles(userId: number) {
  const list = await call(listEntries, 'GET', { userId, query: 'limit=1000' });
  expect(list.status).toBe(200);
  expect(list.headers.get('content-type')).toBe('application/json');
  const ids = (list.body as { id: number }[]).map((e) => e.id);
  const singles: string[] = [];
  for (const id of ids) {
    const single = await call(getEntry, 'GET', { userId, params: { entry_id: String(id) } });
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

  it('does not depend on the TimeZone or DateStyle of the session that reads the entry', async () => {
    const userId = newUserId();
    const row = await makeEntry(database.db, userId, {
      date: '2024-03-10',
      startTime: new Date('2024-03-10T06:59:59Z'),
      endTime: new Date('2024-03-10T07:00:01Z'),
      hourlyRate: '0.0001',
      notes: 'DST night',
    });
    // SET LOCAL in a transaction: on a pool, a plain SET would change one connection for good.
    const texts = await database.db.transaction(async (tx) => {
      const read = async () =>
        (
          await tx
            .select({ json: sql<string>`time_entry_json(${timeEntries})` })
            .from(timeEntries)
            .where(eq(timeEntries.id, row.id))
        )[0]!.json;
      await tx.execute(sql`set local TimeZone = 'Asia/Kathmandu'`);
      await tx.execute(sql`set local DateStyle = 'SQL, DMY'`);
      const first = await read();
      await tx.execute(sql`set local TimeZone = 'America/St_Johns'`);
      await tx.execute(sql`set local DateStyle = 'German'`);
      return [first, await read()];
    });
    expect(texts).toEqual([JSON.stringify(serializeEntry(row)), JSON.stringify(serializeEntry(row))]);
  });
});
