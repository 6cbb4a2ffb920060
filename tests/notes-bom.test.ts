// Issue 12, item 6: on the embedded database a leading U+FEFF in `notes` was
// dropped from a row read (PGlite's decoder strips a byte order mark) but kept
// in the list: every response must show what is stored.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { GET as getEntry, PUT as update } from '@/app/api/v1/time-tracking/entries/[entry_id]/route';
import { POST as create, GET as list } from '@/app/api/v1/time-tracking/entries/route';
import { POST as stop } from '@/app/api/v1/time-tracking/sessions/[entry_id]/stop/route';
import { GET as active } from '@/app/api/v1/time-tracking/sessions/active/route';
import { POST as start } from '@/app/api/v1/time-tracking/sessions/start/route';
import { newUserId } from './helpers/auth';
import { useTestDatabase } from './helpers/database';
import { call } from './helpers/http';

const database = useTestDatabase();

const entryPath = (id: number) => ({ path: `entries/${id}`, params: { entry_id: String(id) } });

describe('a leading U+FEFF in notes', () => {
  for (const notes of ['\uFEFFInvoice #1', '\uFEFF', '\uFEFF\uFEFFtwo', 'mid\uFEFFdle']) {
    it(`is in every response: ${JSON.stringify(notes)}`, async () => {
      const userId = newUserId();
      const created = await call(create, 'POST', {
        userId,
        body: { start_time: '2024-01-22T09:00:00Z', end_time: '2024-01-22T10:00:00Z', notes },
      });
      expect(created.status).toBe(201);
      expect(created.body.notes).toBe(notes);
      const id = created.body.id as number;
      expect((await call(getEntry, 'GET', { userId, ...entryPath(id) })).body.notes).toBe(notes);
      expect((await call(list, 'GET', { userId, path: 'entries' })).body[0].notes).toBe(notes);
      const edited = await call(update, 'PUT', { userId, ...entryPath(id), body: { notes } });
      expect(edited.body.notes).toBe(notes);

      const timer = await call(start, 'POST', { userId, body: { notes } });
      expect(timer.body.notes).toBe(notes);
      expect((await call(active, 'GET', { userId, path: 'sessions/active' })).body.notes).toBe(notes);
      const stopped = await call(stop, 'POST', {
        userId,
        path: `sessions/${timer.body.id}/stop`,
        params: { entry_id: String(timer.body.id) },
      });
      expect(stopped.body.notes).toBe(notes);

      // And what is stored is exactly that, read as raw text.
      const rows = await database.db.execute(
        sql`select encode(convert_to(notes, 'UTF8'), 'hex') as hex from time_entries where id = ${id}`,
      );
      const found =
        (rows as unknown as { rows?: { hex: string }[] }).rows ?? (rows as unknown as { hex: string }[]);
      const hex = found[0]!.hex;
      expect(Buffer.from(hex, 'hex').toString('utf8')).toBe(notes);
    });
  }
});
