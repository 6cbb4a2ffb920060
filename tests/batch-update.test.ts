import { eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { POST as batch } from '@/app/api/v1/time-tracking/batch-update-payment-status/route';
import { GET as list } from '@/app/api/v1/time-tracking/entries/route';
import { timeEntries } from '@/db/schema';
import { batchUpdateResultSchema, PAYMENT_STATUSES } from '@/lib/time-tracking/schemas';
import { expectProblem, expectSomeValidation, insertManyEntries } from './helpers/assertions';
import { newUserId } from './helpers/auth';
import { snapshot, useTestDatabase } from './helpers/database';
import { makeEntry } from './helpers/factories';
import { type CallOptions, call } from './helpers/http';

const database = useTestDatabase();

const send = (userId: number, body: unknown, options: CallOptions = {}) =>
  call(batch, 'POST', { userId, body, ...options });

async function statuses(ids: number[]) {
  const rows = await database.db
    .select({ id: timeEntries.id, status: timeEntries.paymentStatus })
    .from(timeEntries)
    .where(inArray(timeEntries.id, ids));
  return Object.fromEntries(rows.map((r) => [r.id, r.status]));
}

/** A 200 with exactly { message, updated_count }. */
function expectResult(res: { status: number; headers: Headers; text: string; body: unknown }, count: number) {
  expect(res.status, res.text).toBe(200);
  expect(res.headers.get('content-type')).toContain('application/json');
  expect(res.headers.get('cache-control')).toBe('no-store');
  const result = batchUpdateResultSchema.strict().parse(res.body);
  expect(result.updated_count).toBe(count);
  expect(typeof result.message).toBe('string');
  expect(result.message.length).toBeGreaterThan(0);
  expect(res.text).toContain(`"updated_count":${count}`);
  return result;
}

describe('POST /batch-update-payment-status', () => {
  it('sets the status on every listed entry and on no other', async () => {
    const userId = newUserId();
    const other = newUserId();
    const a = await makeEntry(database.db, userId);
    const b = await makeEntry(database.db, userId, { paymentStatus: 'invoiced_not_approved' });
    const c = await makeEntry(database.db, userId, { date: '2024-01-23' });
    const untouched = await makeEntry(database.db, userId);
    const theirs = await makeEntry(database.db, other);

    const res = await send(
      userId,
      { entry_ids: [a.id, b.id, c.id], payment_status: 'paid' },
      { query: '_t=1' },
    );
    expectResult(res, 3);
    expect(await statuses([a.id, b.id, c.id, untouched.id, theirs.id])).toEqual({
      [a.id]: 'paid',
      [b.id]: 'paid',
      [c.id]: 'paid',
      [untouched.id]: 'not_paid',
      [theirs.id]: 'not_paid',
    });

    // The list shows the new statuses.
    const listed = await call(list, 'GET', { userId, query: 'payment_status=paid' });
    expect(listed.body.map((e: { id: number }) => e.id).sort()).toEqual([a.id, b.id, c.id].sort());
  });

  it.each(PAYMENT_STATUSES)('accepts payment_status %s', async (payment_status) => {
    const userId = newUserId();
    const initial = payment_status === 'paid' ? 'not_paid' : 'paid';
    const a = await makeEntry(database.db, userId, { paymentStatus: initial });
    const b = await makeEntry(database.db, userId, { paymentStatus: initial });
    expectResult(await send(userId, { entry_ids: [b.id, a.id], payment_status }), 2);
    expect(await statuses([a.id, b.id])).toEqual({ [a.id]: payment_status, [b.id]: payment_status });
  });

  it('counts distinct entries when ids repeat', async () => {
    const userId = newUserId();
    const a = await makeEntry(database.db, userId);
    const b = await makeEntry(database.db, userId);
    const res = await send(userId, {
      entry_ids: [a.id, a.id, b.id, a.id],
      payment_status: 'invoiced_approved',
    });
    expectResult(res, 2);
    expect(await statuses([a.id, b.id])).toEqual({
      [a.id]: 'invoiced_approved',
      [b.id]: 'invoiced_approved',
    });
  });

  it('counts an entry that already has the status', async () => {
    const userId = newUserId();
    const a = await makeEntry(database.db, userId, { paymentStatus: 'paid' });
    const b = await makeEntry(database.db, userId);
    expectResult(await send(userId, { entry_ids: [a.id, b.id], payment_status: 'paid' }), 2);
  });

  it('includes an active entry', async () => {
    const userId = newUserId();
    const active = await makeEntry(database.db, userId, { endTime: null });
    expectResult(await send(userId, { entry_ids: [active.id], payment_status: 'invoiced_not_approved' }), 1);
    expect(await statuses([active.id])).toEqual({ [active.id]: 'invoiced_not_approved' });
  });

  it('changes nothing but the status', async () => {
    const userId = newUserId();
    const row = await makeEntry(database.db, userId, { notes: 'keep', hourlyRate: '72.1250' });
    expectResult(await send(userId, { entry_ids: [row.id], payment_status: 'paid' }), 1);
    const [after] = await database.db.select().from(timeEntries).where(eq(timeEntries.id, row.id));
    expect(after).toEqual({ ...row, paymentStatus: 'paid', updatedAt: after!.updatedAt });
  });

  it('accepts 1000 ids', async () => {
    const userId = newUserId();
    const ids = (await insertManyEntries(database.db, userId, 1000)).map((r) => r.id);
    expectResult(await send(userId, { entry_ids: ids, payment_status: 'paid' }), 1000);
    const rows = await database.db
      .select({ status: timeEntries.paymentStatus })
      .from(timeEntries)
      .where(eq(timeEntries.userId, userId));
    expect(rows).toHaveLength(1000);
    expect(rows.every((r) => r.status === 'paid')).toBe(true);
  });

  it('accepts 1000 ids that are all the same entry, counting it once', async () => {
    const userId = newUserId();
    const row = await makeEntry(database.db, userId);
    expectResult(await send(userId, { entry_ids: Array(1000).fill(row.id), payment_status: 'paid' }), 1);
  });

  it('ignores unknown fields', async () => {
    const userId = newUserId();
    const row = await makeEntry(database.db, userId);
    const res = await send(userId, { entry_ids: [row.id], payment_status: 'paid', user_id: 1, foo: 'bar' });
    expectResult(res, 1);
  });

  describe('all or nothing', () => {
    it("is a 404 and changes nothing when one id is another user's", async () => {
      const userId = newUserId();
      const other = newUserId();
      const a = await makeEntry(database.db, userId);
      const b = await makeEntry(database.db, userId);
      const theirs = await makeEntry(database.db, other);
      const before = await snapshot(database.db);
      const res = await send(userId, { entry_ids: [a.id, theirs.id, b.id], payment_status: 'paid' });
      expectProblem(res, 404);
      expect(await snapshot(database.db)).toEqual(before);
    });

    it('is a 404 and changes nothing when one id does not exist', async () => {
      const userId = newUserId();
      const a = await makeEntry(database.db, userId);
      const gone = await makeEntry(database.db, userId);
      await database.db.delete(timeEntries).where(eq(timeEntries.id, gone.id));
      const before = await snapshot(database.db);
      expectProblem(await send(userId, { entry_ids: [a.id, gone.id], payment_status: 'paid' }), 404);
      expectProblem(await send(userId, { entry_ids: [a.id, 2147483647], payment_status: 'paid' }), 404);
      expect(await snapshot(database.db)).toEqual(before);
    });

    it("is a 404 for only another user's entries, which stay unchanged", async () => {
      const owner = newUserId();
      const a = await makeEntry(database.db, owner);
      const b = await makeEntry(database.db, owner);
      const userId = newUserId();
      const before = await snapshot(database.db);
      const res = await send(userId, { entry_ids: [a.id, b.id], payment_status: 'paid' });
      expectProblem(res, 404);
      expect(res.text).not.toContain(String(owner));
      expect(await snapshot(database.db)).toEqual(before);
    });
  });

  describe('validation', () => {
    // Each body is built around the user's real entry id, so a partial update would show.
    it.each<[string, (id: number) => unknown, string[]]>([
      ['an empty entry_ids', () => ({ entry_ids: [], payment_status: 'paid' }), ['entry_ids']],
      [
        '1001 ids',
        (id) => ({
          entry_ids: [id, ...Array.from({ length: 1000 }, (_, i) => i + 1)],
          payment_status: 'paid',
        }),
        ['entry_ids'],
      ],
      ['a fractional id', (id) => ({ entry_ids: [id, 1.5], payment_status: 'paid' }), ['entry_ids']],
      ['a string id', (id) => ({ entry_ids: [String(id)], payment_status: 'paid' }), ['entry_ids']],
      ['id 0', (id) => ({ entry_ids: [id, 0], payment_status: 'paid' }), ['entry_ids']],
      ['a negative id', (id) => ({ entry_ids: [id, -1], payment_status: 'paid' }), ['entry_ids']],
      ['id 2147483648', (id) => ({ entry_ids: [id, 2147483648], payment_status: 'paid' }), ['entry_ids']],
      ['a null id', (id) => ({ entry_ids: [id, null], payment_status: 'paid' }), ['entry_ids']],
      ['entry_ids as a number', (id) => ({ entry_ids: id, payment_status: 'paid' }), ['entry_ids']],
      ['entry_ids as a string', (id) => ({ entry_ids: `${id}`, payment_status: 'paid' }), ['entry_ids']],
      ['entry_ids null', () => ({ entry_ids: null, payment_status: 'paid' }), ['entry_ids']],
      ['a bad status', (id) => ({ entry_ids: [id], payment_status: 'PAID' }), ['payment_status']],
      ['an unknown status', (id) => ({ entry_ids: [id], payment_status: 'unpaid' }), ['payment_status']],
      ['a null status', (id) => ({ entry_ids: [id], payment_status: null }), ['payment_status']],
      ['a numeric status', (id) => ({ entry_ids: [id], payment_status: 1 }), ['payment_status']],
      ['no entry_ids', () => ({ payment_status: 'paid' }), ['entry_ids']],
      ['no payment_status', (id) => ({ entry_ids: [id] }), ['payment_status']],
      ['an empty object', () => ({}), ['entry_ids', 'payment_status']],
      ['an empty body', () => '', ['entry_ids', 'payment_status']],
    ])('rejects %s with a 400 and changes nothing', async (_, makeBody, fields) => {
      const userId = newUserId();
      const row = await makeEntry(database.db, userId);
      const before = await snapshot(database.db);
      const res = await send(userId, makeBody(row.id));
      const problem = expectSomeValidation(res);
      const paths = problem.errors!.map((e) => e.path);
      const names = (path: string, field: string) => path === field || path.startsWith(`${field}.`);
      for (const field of fields)
        expect(
          paths.some((p) => names(p, field)),
          field,
        ).toBe(true);
      for (const path of paths)
        expect(
          fields.some((f) => names(path, f)),
          path,
        ).toBe(true);
      expect(await snapshot(database.db)).toEqual(before);
      expect(await statuses([row.id])).toEqual({ [row.id]: 'not_paid' });
    });

    it('rejects a valid id next to an invalid one, changing nothing', async () => {
      const userId = newUserId();
      const row = await makeEntry(database.db, userId);
      const before = await snapshot(database.db);
      const res = await send(userId, { entry_ids: [row.id, 'x'], payment_status: 'paid' });
      expectSomeValidation(res);
      expect(await snapshot(database.db)).toEqual(before);
    });

    it('rejects 1001 ids of real entries, changing nothing', async () => {
      const userId = newUserId();
      const row = await makeEntry(database.db, userId);
      const before = await snapshot(database.db);
      const res = await send(userId, { entry_ids: Array(1001).fill(row.id), payment_status: 'paid' });
      expectSomeValidation(res);
      expect(await snapshot(database.db)).toEqual(before);
    });

    it.each(['[]', '[1, 2]', '"paid"', 'null', '{"entry_ids": [1]', '{entry_ids: [1]}'])(
      'rejects the body %s (not a JSON object) with a 400',
      async (body) => {
        const userId = newUserId();
        await makeEntry(database.db, userId);
        const before = await snapshot(database.db);
        const res = await send(userId, body, { headers: { 'content-type': 'application/json' } });
        expectProblem(res, 400);
        expect(await snapshot(database.db)).toEqual(before);
      },
    );
  });

  it.each([
    ['no token', {}],
    ['a malformed token', { token: 'not-a-jwt' }],
  ])('needs a token: %s is a 401 and changes nothing', async (_, options) => {
    const userId = newUserId();
    const row = await makeEntry(database.db, userId);
    const before = await snapshot(database.db);
    const res = await call(batch, 'POST', {
      body: { entry_ids: [row.id], payment_status: 'paid' },
      ...options,
    });
    expectProblem(res, 401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await snapshot(database.db)).toEqual(before);
  });
});
