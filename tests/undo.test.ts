// Undo (issue 14, section 3): DELETE moves an entry to deleted_time_entries,
// restore moves it back with everything as it was, for 30 days by the
// database's clock; batch delete and restore are all or nothing; expired rows
// are purged by later deletes. The live-entry reads (list, stats, export, a
// public invoice link) lose and regain the entry at once.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { GET as publicInvoice } from '@/app/api/v1/public/invoice/[token]/route';
import { POST as restoreOne } from '@/app/api/v1/time-tracking/entries/[entry_id]/restore/route';
import { DELETE as deleteOne, GET as getOne } from '@/app/api/v1/time-tracking/entries/[entry_id]/route';
import { POST as batchDelete } from '@/app/api/v1/time-tracking/entries/batch-delete/route';
import { POST as batchRestore } from '@/app/api/v1/time-tracking/entries/batch-restore/route';
import { GET as listDeleted } from '@/app/api/v1/time-tracking/entries/deleted/route';
import { GET as exportCsv } from '@/app/api/v1/time-tracking/entries/export/route';
import { GET as list } from '@/app/api/v1/time-tracking/entries/route';
import { POST as generate } from '@/app/api/v1/time-tracking/generate-invoice-link/route';
import { POST as start } from '@/app/api/v1/time-tracking/sessions/start/route';
import { GET as stats } from '@/app/api/v1/time-tracking/stats/route';
import { rowsOf } from '@/db/client';
import { deletedTimeEntries, timeEntries } from '@/db/schema';
import { checkTotals } from '@/db/totals';
import { DELETED_ENTRY_RETENTION_DAYS } from '@/lib/time-tracking/constants';
import {
  batchDeleteResultSchema,
  deletedTimeEntrySchema,
  problemSchema,
  timeEntrySchema,
} from '@/lib/time-tracking/schemas';
import { expectEntry, expectProblem, expectSomeValidation } from './helpers/assertions';
import { newUserId } from './helpers/auth';
import { snapshot, useTestDatabase } from './helpers/database';
import { makeEntry, makeSettings } from './helpers/factories';
import { call } from './helpers/http';

const database = useTestDatabase();

const del = (userId: number, id: number) =>
  call(deleteOne, 'DELETE', { userId, params: { entry_id: String(id) } });
const restore = (userId: number, id: number) =>
  call(restoreOne, 'POST', { userId, params: { entry_id: String(id) } });
const get = (userId: number, id: number) => call(getOne, 'GET', { userId, params: { entry_id: String(id) } });
const deletedList = (userId: number, query?: string) =>
  call(listDeleted, 'GET', { userId, path: 'entries/deleted', query });
const batchDel = (userId: number, ids: number[]) =>
  call(batchDelete, 'POST', { userId, path: 'entries/batch-delete', body: { entry_ids: ids } });
const batchRes = (userId: number, ids: number[]) =>
  call(batchRestore, 'POST', { userId, path: 'entries/batch-restore', body: { entry_ids: ids } });

/** Moves the deletion of these entries back by `hours` (a fixed clock for expiry: the database's own). */
/** The clock of these tests: the entries were deleted `hours` ago by the database's clock, now. */
async function ageDeletion(ids: number[], hours: number) {
  await database.db.execute(
    sql`update deleted_time_entries set deleted_at = now() - ${hours} * interval '1 hour'
        where id = any(${sql.param(ids)}::int[])`,
  );
}

async function expectTotalsExact() {
  const check = await checkTotals(database.db);
  expect(check.drift).toEqual([]);
}

/** A user with settings and three January entries with different rates, statuses and notes. */
async function contractor() {
  const userId = newUserId();
  await makeSettings(database.db, userId);
  const entries = [
    await makeEntry(database.db, userId, { notes: 'Design review', hourlyRate: '65.5' }),
    await makeEntry(database.db, userId, {
      date: '2024-01-23',
      startTime: new Date('2024-01-23T08:00:00Z'),
      endTime: new Date('2024-01-23T10:30:00Z'),
      paymentStatus: 'invoiced_not_approved',
      notes: null,
    }),
    await makeEntry(database.db, userId, {
      date: '2024-01-24',
      startTime: new Date('2024-01-24T13:00:00Z'),
      endTime: new Date('2024-01-24T13:20:00Z'),
      hourlyRate: '50.1234',
      notes: 'Ünïcode ✓',
    }),
  ];
  return { userId, entries };
}

const ids = (res: { body: unknown }) => (res.body as { id: number }[]).map((e) => e.id);

describe('DELETE /entries/{entry_id} and POST /entries/{entry_id}/restore', () => {
  it('restores the entry exactly as it was: id, times, rate, status, notes, date, created and updated times', async () => {
    const { userId, entries } = await contractor();
    const [entry] = entries;
    const before = expectEntry(await get(userId, entry!.id));

    const gone = await del(userId, entry!.id);
    expect(gone.status).toBe(204);
    expect(gone.text).toBe('');
    expectProblem(await get(userId, entry!.id), 404);
    await expectTotalsExact();

    const restored = expectEntry(await restore(userId, entry!.id));
    expect(restored).toEqual(before);
    expect(expectEntry(await get(userId, entry!.id))).toEqual(before);
    const [row] = await database.db.select().from(timeEntries).where(sql`id = ${entry!.id}`);
    expect(row).toEqual(entry);
    expect(await database.db.select().from(deletedTimeEntries).where(sql`id = ${entry!.id}`)).toEqual([]);
    await expectTotalsExact();
  });

  it('takes the entry out of the list, stats, export and a public invoice link at once, and brings it back', async () => {
    const { userId, entries } = await contractor();
    const link = await call(generate, 'POST', {
      userId,
      path: 'generate-invoice-link',
      body: { start_date: '2024-01-01', end_date: '2024-01-31' },
    });
    expect(link.status).toBe(201);
    const token = String(link.body.public_url).split('/').pop()!;
    const views = async () => {
      const listed = await call(list, 'GET', { userId, query: 'limit=1000' });
      const statsRes = await call(stats, 'GET', { userId, path: 'stats' });
      const csv = await call(exportCsv, 'GET', { userId, path: 'entries/export' });
      const invoice = await call(publicInvoice, 'GET', { token: null, params: { token } });
      return {
        list: ids(listed).sort(),
        count: listed.headers.get('x-total-count'),
        unpaid: statsRes.body.unpaid_amount,
        invoiced: statsRes.body.invoiced_amount,
        csvLines: csv.text.trim().split('\n').length,
        invoice: ids(invoice).sort(),
      };
    };
    const before = await views();
    expect(before.list).toHaveLength(3);
    expect(before.invoice).toHaveLength(3);

    const second = entries[1]!;
    expect((await del(userId, second.id)).status).toBe(204);
    const after = await views();
    expect(after.list).toEqual(before.list.filter((id) => id !== second.id));
    expect(after.count).toBe('2');
    expect(after.unpaid).toBe(before.unpaid);
    expect(after.invoiced).toBe(0);
    expect(after.csvLines).toBe(before.csvLines - 1);
    expect(after.invoice).toEqual(before.invoice.filter((id) => id !== second.id));

    expectEntry(await restore(userId, second.id));
    expect(await views()).toEqual(before);
    await expectTotalsExact();
  });

  it('answers 200 with the entry to a retried restore', async () => {
    const { userId, entries } = await contractor();
    const id = entries[0]!.id;
    await del(userId, id);
    const first = expectEntry(await restore(userId, id));
    const again = expectEntry(await restore(userId, id));
    expect(again).toEqual(first);
  });

  it("is a 404 for an unknown id, another user's entry (live or deleted) and a live entry of another user, changing nothing", async () => {
    const { userId, entries } = await contractor();
    const other = newUserId();
    const [a, b] = entries as [(typeof entries)[0], (typeof entries)[0]];
    await del(userId, a.id);
    const before = await snapshot(database.db);

    expectProblem(await del(other, b.id), 404);
    expectProblem(await del(other, a.id), 404);
    expectProblem(await del(userId, a.id), 404); // already deleted
    expectProblem(await del(userId, 2147483647), 404);
    const theirs = expectProblem(await restore(other, a.id), 404);
    expect(theirs.code).toBe('not_found');
    expectProblem(await restore(other, b.id), 404);
    expectProblem(await restore(userId, 2147483647), 404);
    expect(await snapshot(database.db)).toEqual(before);
    expect(await deletedList(other).then((r) => r.body)).toEqual([]);
  });

  it('is a 404 after 30 days by the database clock, even before the row is purged', async () => {
    const { userId, entries } = await contractor();
    const [a, b] = entries as [(typeof entries)[0], (typeof entries)[0]];
    await del(userId, a.id);
    await del(userId, b.id);
    // A minute short of 30 days: still restorable (the minute leaves room for a slow
    // machine between this update and the restore); 30 days: not any more.
    await ageDeletion([a.id], DELETED_ENTRY_RETENTION_DAYS * 24 - 1 / 60);
    await ageDeletion([b.id], DELETED_ENTRY_RETENTION_DAYS * 24);
    expect(ids(await deletedList(userId))).toEqual([a.id]);

    const before = await snapshot(database.db);
    const expired = expectProblem(await restore(userId, b.id), 404);
    expect(expired.detail).toContain('30 days');
    expect(await snapshot(database.db)).toEqual(before);
    expect(before.deleted.map((r) => r.id)).toContain(b.id); // not purged yet, still not restorable
    expectEntry(await restore(userId, a.id));
  });

  it('restores a running timer, or answers 409 naming the running one and changes nothing', async () => {
    const userId = newUserId();
    await makeSettings(database.db, userId);
    const started = expectEntry(await call(start, 'POST', { userId, body: { notes: 'first timer' } }), 201);
    expect((await del(userId, started.id)).status).toBe(204);
    const second = expectEntry(await call(start, 'POST', { userId, body: { notes: 'second timer' } }), 201);

    const before = await snapshot(database.db);
    const conflict = await restore(userId, started.id);
    const problem = expectProblem(conflict, 409);
    expect(problem.code).toBe('conflict');
    expect(problem.detail).toContain(`entry ${second.id}`);
    expect(timeEntrySchema.parse(conflict.body.active_entry).id).toBe(second.id);
    expect(await snapshot(database.db)).toEqual(before);

    expect((await del(userId, second.id)).status).toBe(204);
    const back = expectEntry(await restore(userId, started.id));
    expect(back).toEqual(started);
    expect(back.end_time).toBeNull();
    await expectTotalsExact();
  });
});

describe('Idempotency-Key on the undo POSTs', () => {
  it('a keyed restore is replayed; a keyed restore that would make a second timer is a 409 naming it, and not stored', async () => {
    const { userId, entries } = await contractor();
    const id = entries[0]!.id;
    await del(userId, id);
    const keyed = (key: string, entryId = id) =>
      call(restoreOne, 'POST', {
        userId,
        params: { entry_id: String(entryId) },
        headers: { 'Idempotency-Key': key },
      });
    const first = expectEntry(await keyed('undo-1'));
    const replay = await keyed('undo-1');
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(expectEntry(replay)).toEqual(first);

    const timer = expectEntry(await call(start, 'POST', { userId }), 201);
    await del(userId, timer.id);
    const other = expectEntry(await call(start, 'POST', { userId }), 201);
    const before = await snapshot(database.db);
    const conflict = await keyed('undo-2', timer.id);
    expect(expectProblem(conflict, 409).detail).toContain(`entry ${other.id}`);
    expect(timeEntrySchema.parse(conflict.body.active_entry).id).toBe(other.id);
    expect(await snapshot(database.db)).toEqual(before);
    // Not stored: after the other timer is gone, the same key restores.
    await del(userId, other.id);
    expect(expectEntry(await keyed('undo-2', timer.id)).id).toBe(timer.id);
  });

  it('a keyed batch delete is replayed, not applied twice', async () => {
    const { userId, entries } = await contractor();
    const send = () =>
      call(batchDelete, 'POST', {
        userId,
        path: 'entries/batch-delete',
        body: { entry_ids: [entries[0]!.id, entries[1]!.id] },
        headers: { 'Idempotency-Key': 'batch-delete-1' },
      });
    expect((await send()).body).toEqual({ deleted_count: 2 });
    const again = await send();
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(ids(await deletedList(userId)).sort()).toEqual([entries[0]!.id, entries[1]!.id].sort());
  });
});

describe('concurrent undo', () => {
  it('concurrent restores of the same entries all answer 200 with them; concurrent deletes: one 204, the rest 404', async () => {
    const { userId, entries } = await contractor();
    const [a, b] = entries as [(typeof entries)[0], (typeof entries)[0]];
    const wire = expectEntry(await get(userId, a.id));
    const deletes = await Promise.all(Array.from({ length: 6 }, () => del(userId, a.id)));
    expect(deletes.map((r) => r.status).sort()).toEqual([204, 404, 404, 404, 404, 404]);

    const restores = await Promise.all(Array.from({ length: 6 }, () => restore(userId, a.id)));
    for (const res of restores) expect(expectEntry(res)).toEqual(wire);

    await batchDel(userId, [a.id, b.id]);
    const batches = await Promise.all(Array.from({ length: 6 }, () => batchRes(userId, [b.id, a.id])));
    for (const res of batches) {
      expect(res.status, res.text).toBe(200);
      expect(ids(res)).toEqual([a.id, b.id].sort((x, y) => x - y));
    }
    expect(await database.db.select().from(deletedTimeEntries).where(sql`user_id = ${userId}`)).toEqual([]);
    await expectTotalsExact();
  });
});

describe('GET /entries/deleted', () => {
  it('lists restorable entries newest deletion first, with deleted_at and restorable_until 30 days later', async () => {
    const { userId, entries } = await contractor();
    const [a, b, c] = entries as [(typeof entries)[0], (typeof entries)[0], (typeof entries)[0]];
    const wire = expectEntry(await get(userId, b.id));
    await del(userId, a.id);
    await del(userId, b.id);
    await del(userId, c.id);
    await ageDeletion([a.id], 2);
    await ageDeletion([c.id], 1);

    const res = await deletedList(userId);
    expect(res.status).toBe(200);
    const listed = deletedTimeEntrySchema.strict().array().parse(res.body);
    expect(listed.map((e) => e.id)).toEqual([b.id, c.id, a.id]);
    const { deleted_at, restorable_until, ...entry } = listed[0]!;
    expect(entry).toEqual(wire);
    const [row] = rowsOf(
      await database.db.execute(
        sql`select to_char(deleted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') as d from deleted_time_entries where id = ${b.id}`,
      ),
    );
    expect(deleted_at).toBe(row!.d);
    expect(Date.parse(`${restorable_until}Z`) - Date.parse(`${deleted_at}Z`)).toBe(30 * 86_400_000);

    expect(ids(await deletedList(userId, 'limit=2'))).toEqual([b.id, c.id]);
    expect(ids(await deletedList(userId, 'limit=2&skip=2'))).toEqual([a.id]);
    expectSomeValidation(await deletedList(userId, 'limit=1001'));
    expectSomeValidation(await deletedList(userId, 'skip=-1'));
  });
});

describe('POST /entries/batch-delete and /entries/batch-restore', () => {
  it('deletes and restores all of the ids, as they were', async () => {
    const { userId, entries } = await contractor();
    const all = entries.map((e) => e.id);
    const wire = await Promise.all(all.map(async (id) => expectEntry(await get(userId, id))));
    const res = await batchDel(userId, [all[2]!, all[0]!, all[1]!, all[0]!]);
    expect(res.status).toBe(200);
    expect(batchDeleteResultSchema.strict().parse(res.body)).toEqual({ deleted_count: 3 });
    expect(ids(await call(list, 'GET', { userId }))).toEqual([]);
    await expectTotalsExact();

    const back = await batchRes(userId, [all[1]!, all[2]!, all[0]!]);
    expect(back.status).toBe(200);
    expect(timeEntrySchema.strict().array().parse(back.body)).toEqual(wire);
    // A retried batch restore: the same answer.
    expect((await batchRes(userId, all)).body).toEqual(wire);
    await expectTotalsExact();
  });

  it('is all or nothing: one missing or foreign id is a 404 naming it, and nothing changes', async () => {
    const { userId, entries } = await contractor();
    const other = newUserId();
    const theirs = await makeEntry(database.db, other);
    const all = entries.map((e) => e.id);

    let before = await snapshot(database.db);
    const problem = expectProblem(await batchDel(userId, [...all, theirs.id]), 404);
    expect(problem.detail).toContain(String(theirs.id));
    expect(problem.detail).not.toContain(String(all[0]));
    expect(await snapshot(database.db)).toEqual(before);

    await batchDel(userId, all.slice(0, 2));
    await batchDel(other, [theirs.id]);
    before = await snapshot(database.db);
    const restoreProblem = expectProblem(await batchRes(userId, [...all, theirs.id]), 404);
    expect(restoreProblem.detail).toContain(String(theirs.id));
    expectProblem(await batchRes(other, all.slice(0, 1)), 404);
    await ageDeletion([all[0]!], DELETED_ENTRY_RETENTION_DAYS * 24);
    before = await snapshot(database.db);
    expect(problemSchema.parse((await batchRes(userId, all.slice(0, 2))).body).detail).toContain(
      String(all[0]),
    );
    expect(await snapshot(database.db)).toEqual(before);
  });

  it('is a 409 when two running timers would be restored, or one while another runs; nothing changes', async () => {
    const userId = newUserId();
    await makeSettings(database.db, userId);
    const done = await makeEntry(database.db, userId);
    const first = expectEntry(await call(start, 'POST', { userId }), 201);
    await del(userId, first.id);
    const second = expectEntry(await call(start, 'POST', { userId }), 201);
    await batchDel(userId, [second.id, done.id]);

    const before = await snapshot(database.db);
    expectProblem(await batchRes(userId, [first.id, second.id, done.id]), 409);
    expect(await snapshot(database.db)).toEqual(before);
    const back = await batchRes(userId, [second.id, done.id]);
    expect(ids(back)).toEqual([done.id, second.id].sort((x, y) => x - y));
    expectProblem(await batchRes(userId, [first.id]), 409);
  });

  it('validates the ids as the batch update does', async () => {
    const userId = newUserId();
    for (const body of [{}, { entry_ids: [] }, { entry_ids: ['1'] }, { entry_ids: [0] }]) {
      expectSomeValidation(await call(batchDelete, 'POST', { userId, path: 'entries/batch-delete', body }));
      expectSomeValidation(await call(batchRestore, 'POST', { userId, path: 'entries/batch-restore', body }));
    }
    const tooMany = { entry_ids: Array.from({ length: 1001 }, (_, i) => i + 1) };
    expectSomeValidation(
      await call(batchDelete, 'POST', { userId, path: 'entries/batch-delete', body: tooMany }),
    );
  });
});

describe('purge', () => {
  it('each delete purges expired deleted rows of any user, and keeps the restorable ones', async () => {
    const { userId, entries } = await contractor();
    const other = newUserId();
    const old = await makeEntry(database.db, other);
    await del(other, old.id);
    await del(userId, entries[0]!.id);
    await ageDeletion([old.id], DELETED_ENTRY_RETENTION_DAYS * 24 + 1);
    await ageDeletion([entries[0]!.id], DELETED_ENTRY_RETENTION_DAYS * 24 - 1);

    expect((await del(userId, entries[1]!.id)).status).toBe(204);
    const left = (await database.db.select({ id: deletedTimeEntries.id }).from(deletedTimeEntries)).map(
      (r) => r.id,
    );
    expect(left).not.toContain(old.id);
    expect(left).toContain(entries[0]!.id);
    expect(left).toContain(entries[1]!.id);
    await expectTotalsExact();
  });

  it('a delete answered 404 purges nothing either', async () => {
    const { userId } = await contractor();
    const other = newUserId();
    const old = await makeEntry(database.db, other);
    await del(other, old.id);
    await ageDeletion([old.id], DELETED_ENTRY_RETENTION_DAYS * 24 + 1);

    const before = await snapshot(database.db);
    expectProblem(await del(userId, old.id), 404);
    expect(await snapshot(database.db)).toEqual(before);
    expect(before.deleted.map((r) => r.id)).toContain(old.id);
  });
});
