// The list endpoint's body is written by Postgres (lib/time-tracking/entries.ts,
// ENTRY_JSON), every other entry by serializeEntry and JSON.stringify. Both must
// give the same text for the same row, whatever the notes, rates and times hold
// and whatever the database session's TimeZone and DateStyle are.
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GET as getEntry } from '@/app/api/v1/time-tracking/entries/[entryId]/route';
import { GET as listEntries } from '@/app/api/v1/time-tracking/entries/route';
import type { Database } from '@/db/client';
import { listEntries as listPage } from '@/lib/time-tracking/entries';
import { listEntriesQuerySchema, PAYMENT_STATUSES } from '@/lib/time-tracking/schemas';
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

describe('the list body written by the database', () => {
  it('is byte for byte the JSON that serializeEntry gives for the same rows', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(entry, { minLength: 1, maxLength: 8 }), async (entries) => {
        const userId = newUserId();
        for (const [i, e] of entries.entries()) {
          const startTime = new Date(e.start);
          // One running timer per user at most (a partial unique index).
          const span = i === 0 ? e.span : (e.span ?? SECOND);
          await makeEntry(database.db, userId, {
            date: startTime.toISOString().slice(0, 10),
            startTime,
            endTime: span === null ? null : new Date(e.start + span),
            hourlyRate: e.rate,
            notes: e.notes,
            paymentStatus: e.status,
          });
        }
        const ids = await expectListMatchesSingles(userId);
        expect(ids).toHaveLength(entries.length);
      }),
      { numRuns: 40 },
    );
  });

  it('does not depend on the session TimeZone or DateStyle', async () => {
    const userId = newUserId();
    await makeEntry(database.db, userId, {
      date: '2024-03-10',
      startTime: new Date('2024-03-10T06:59:59Z'),
      endTime: new Date('2024-03-10T07:00:01Z'),
      hourlyRate: '0.0001',
      notes: 'DST night',
    });
    const expected = (await call(listEntries, 'GET', { userId })).text;
    // SET LOCAL in a transaction: on a pool, a plain SET would change one connection for good.
    const underOtherSettings = await database.db.transaction(async (tx) => {
      await tx.execute(sql`set local TimeZone = 'Asia/Kathmandu'`);
      await tx.execute(sql`set local DateStyle = 'SQL, DMY'`);
      return listPage(tx as unknown as Database, userId, listEntriesQuerySchema.parse({}));
    });
    expect(underOtherSettings.json).toBe(expected);
    expect(JSON.parse(expected)[0]).toMatchObject({
      date: '2024-03-10',
      start_time: '2024-03-10T06:59:59',
      end_time: '2024-03-10T07:00:01',
      hourly_rate: 0.0001,
      total_hours: 0,
      total_earned: 0,
    });
  });
});
