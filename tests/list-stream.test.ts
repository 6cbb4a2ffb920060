// A list page larger than LIST_CHUNK_BYTES is streamed piece by piece
// (lib/http/stream.ts) instead of being built whole: the bytes must be exactly
// those of the whole page, the pieces must follow the client's reading, and a
// failure halfway must cut the body rather than end it as valid JSON.
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { GET as listEntries } from '@/app/api/v1/time-tracking/entries/route';
import { timeEntries } from '@/db/schema';
import { groupBySize, jsonArrayStream } from '@/lib/http/stream';
import { LIST_CHUNK_BYTES, listEntries as listPage } from '@/lib/time-tracking/entries';
import { listEntriesQuerySchema } from '@/lib/time-tracking/schemas';
import { newUserId } from './helpers/auth';
import { useTestDatabase } from './helpers/database';
import { makeEntry } from './helpers/factories';
import { call } from './helpers/http';

const database = useTestDatabase();

/** 9,000 characters of notes with escapes and four-byte characters: about 20 KiB of JSON each. */
const longNotes = (i: number) => `${i} "quoted" \\ line\nbreak 😀é\u2028 `.repeat(360).slice(0, 9000);

/** The whole page as the database writes it in one statement. */
async function wholePage(userId: number, limit: number, skip = 0) {
  const rows = await database.db
    .select({ json: sql<string>`time_entry_json(${timeEntries})` })
    .from(timeEntries)
    .where(eq(timeEntries.userId, userId))
    .orderBy(sql`date desc, start_time desc, id desc`)
    .limit(limit)
    .offset(skip);
  return `[${rows.map((r) => r.json).join(',')}]`;
}

async function makeEntries(userId: number, count: number) {
  for (let i = 0; i < count; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    await makeEntry(database.db, userId, {
      date: `2024-02-${day}`,
      startTime: new Date(`2024-02-${day}T09:00:00Z`),
      endTime: new Date(`2024-02-${day}T10:00:00Z`),
      notes: i % 7 === 3 ? null : longNotes(i),
    });
  }
}

describe('GET /entries, a page larger than one piece', () => {
  it('comes in pieces, byte for byte the page a single statement writes, with the same count', async () => {
    const userId = newUserId();
    await makeEntries(userId, 60); // about 1.5 MiB: several pieces
    const page = await listPage(database.db, userId, listEntriesQuerySchema.parse({ limit: '1000' }));
    expect('ids' in page).toBe(true);

    const list = await call(listEntries, 'GET', { userId, query: 'limit=1000' });
    expect(list.status).toBe(200);
    expect(list.headers.get('content-type')).toBe('application/json');
    expect(list.headers.get('x-total-count')).toBe('60');
    expect(list.text.length).toBeGreaterThan((2 * LIST_CHUNK_BYTES) / 4);
    expect(list.text).toBe(await wholePage(userId, 1000));

    const paged = await call(listEntries, 'GET', { userId, query: 'limit=50&skip=20' });
    expect(paged.text).toBe(await wholePage(userId, 50, 20));
    expect(paged.headers.get('x-total-count')).toBe('60');
  });

  it('keeps a small page whole, as before', async () => {
    const userId = newUserId();
    await makeEntries(userId, 3);
    const page = await listPage(database.db, userId, listEntriesQuerySchema.parse({}));
    expect('json' in page && page.json).toBe(await wholePage(userId, 100));
    const empty = await listPage(database.db, newUserId(), listEntriesQuerySchema.parse({}));
    expect(empty).toEqual({ json: '[]', total: 0 });
  });

  it('reads the next piece only when the client asks for more', async () => {
    const userId = newUserId();
    await makeEntries(userId, 60);
    const page = await listPage(database.db, userId, listEntriesQuerySchema.parse({ limit: '1000' }));
    if (!('read' in page)) throw new Error('expected a streamed page');
    let reads = 0;
    const stream = jsonArrayStream(
      {
        ...page,
        read: (ids) => {
          reads++;
          return page.read(ids);
        },
      },
      LIST_CHUNK_BYTES,
      {
        route: 'test',
      },
    );
    const reader = stream.getReader();
    await reader.read(); // '['
    await reader.read(); // the first piece
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(reads).toBe(1);
    let text = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    expect(reads).toBe(groupBySize(page.ids, page.sizes, LIST_CHUNK_BYTES).length);
    expect(reads).toBeGreaterThan(2);
    expect(text.endsWith(']')).toBe(true);
  });

  it('leaves out entries deleted while it streams, and stays valid JSON', async () => {
    const userId = newUserId();
    await makeEntries(userId, 60);
    const page = await listPage(database.db, userId, listEntriesQuerySchema.parse({ limit: '1000' }));
    if (!('read' in page)) throw new Error('expected a streamed page');
    // Every entry of the first two pieces is deleted after the page was chosen.
    const [first, second] = groupBySize(page.ids, page.sizes, LIST_CHUNK_BYTES);
    await database.db.delete(timeEntries).where(sql`${timeEntries.id} in ${[...first!, ...second!]}`);
    const text = await new Response(jsonArrayStream(page, LIST_CHUNK_BYTES, { route: 'test' })).text();
    const ids = (JSON.parse(text) as { id: number }[]).map((e) => e.id);
    expect(ids).toEqual(page.ids.slice(first!.length + second!.length));
  });

  it('cuts the body when a piece cannot be read: never a shorter array that parses', async () => {
    let calls = 0;
    const stream = jsonArrayStream(
      {
        ids: [1, 2, 3],
        sizes: [LIST_CHUNK_BYTES, LIST_CHUNK_BYTES, LIST_CHUNK_BYTES],
        read: async (ids) => {
          if (++calls === 2) throw new Error('connection lost');
          return `{"id":${ids[0]}}`;
        },
      },
      LIST_CHUNK_BYTES,
      { route: 'test' },
    );
    await expect(new Response(stream).text()).rejects.toThrow('connection lost');
  });

  it('groups ids into pieces of about the given size, at least one id each', () => {
    expect(groupBySize([1, 2, 3, 4], [10, 10, 10, 10], 20)).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(groupBySize([1, 2, 3], [50, 5, 5], 20)).toEqual([[1], [2, 3]]);
    expect(groupBySize([], [], 20)).toEqual([]);
  });
});
