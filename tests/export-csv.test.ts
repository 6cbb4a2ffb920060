import { describe, expect, it } from 'vitest';
import { GET as exportCsv } from '@/app/api/v1/time-tracking/entries/export/route';
import { timeEntries } from '@/db/schema';
import { createApiClient } from '@/lib/client/api';
import { parseCsv, parseImport } from '@/lib/client/csv-import';
import { CSV_EXPORT_COLUMNS, csvField, exportEntriesCsv } from '@/lib/time-tracking/csv-export';
import { parseTimezone } from '@/lib/time-tracking/timezone';
import { expectProblem, expectSomeValidation, insertManyEntries } from './helpers/assertions';
import { newUserId, tokenFor } from './helpers/auth';
import { freshDatabase, useTestDatabase } from './helpers/database';
import { makeEntry, makeSettings } from './helpers/factories';
import { call } from './helpers/http';
import { compareRoutePaths, routeFetch } from './helpers/route-fetch';

const database = useTestDatabase();

const HEADER = CSV_EXPORT_COLUMNS.join(',');

/** The raw answer: status, headers, the body's bytes and how many chunks they came in. */
async function download(userId: number, query = '') {
  const request = new Request(`http://localhost/api/v1/time-tracking/entries/export${query && `?${query}`}`, {
    headers: { authorization: `Bearer ${await tokenFor(userId)}` },
  });
  const response = await exportCsv(request, { params: Promise.resolve({}) });
  const chunks: Uint8Array[] = [];
  const reader = response.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
  }
  const bytes = Buffer.concat(chunks);
  return { response, bytes, chunks: chunks.length, text: bytes.toString('utf8') };
}

/** The records after the BOM, each keyed by column. */
function rowsOf(text: string) {
  const [header, ...records] = parseCsv(text);
  expect(header).toEqual([...CSV_EXPORT_COLUMNS]);
  return records.map((r) => Object.fromEntries(CSV_EXPORT_COLUMNS.map((c, i) => [c, r[i]])));
}

describe('GET /entries/export', () => {
  it('answers a CSV attachment: BOM, header row, CRLF, exact decimals, documented by the OpenAPI document', async () => {
    const userId = newUserId();
    await makeSettings(database.db, userId, { timezone: 'UTC-3', currency: 'EUR' });
    const entry = await makeEntry(database.db, userId, {
      endTime: new Date('2024-01-22T10:20:00Z'),
      hourlyRate: '50',
      notes: 'plain',
    });
    const { response, bytes, text } = await download(userId, 'start_date=2024-01-01&end_date=2024-01-31');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="time-entries-2024-01-01-2024-01-31.csv"',
    );
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text).toBe(
      `\uFEFF${HEADER}\r\n${entry.id},2024-01-22,2024-01-22 06:00:00,2024-01-22 07:20:00,UTC-3,2024-01-22T09:00:00Z,2024-01-22T10:20:00Z,1.33,50,66.67,EUR,not_paid,plain\r\n`,
    );
    // The same answer through the contract check (status, headers, media type).
    const checked = await call(exportCsv, 'GET', { userId, path: 'entries/export' });
    expect(checked.status).toBe(200);
  });

  it('quotes ", comma, CR and LF, keeps emoji and accents, and neutralises formulas', async () => {
    const userId = newUserId();
    const notes = [
      'say "hi"',
      'a, b',
      'line1\r\nline2',
      'only\nLF',
      'café ☕️ 👩‍💻 naïve',
      '=SUM(A1:A2)',
      '+1',
      '-2',
      '@cmd',
      '\tTAB',
      '\rCR',
      "'already quoted",
    ];
    for (const [i, note] of notes.entries()) {
      const start = Date.parse('2024-02-01T09:00:00Z') - i * 3_600_000;
      await makeEntry(database.db, userId, {
        date: '2024-02-01',
        startTime: new Date(start),
        endTime: new Date(start + 1_800_000),
        notes: note,
      });
    }
    const { text } = await download(userId);
    expect(text).toContain('"say ""hi"""');
    expect(text).toContain('"a, b"');
    expect(text).toContain('"line1\r\nline2"');
    expect(text).toContain('"only\nLF"');
    expect(text).toContain(',café ☕️ 👩‍💻 naïve\r\n');
    expect(text).toContain(",'=SUM(A1:A2)\r\n");
    expect(text).toContain(",'+1\r\n");
    expect(text).toContain(",'-2\r\n");
    expect(text).toContain(",'@cmd\r\n");
    expect(text).toContain(",'\tTAB\r\n");
    expect(text).toContain(`,"'\rCR"\r\n`);
    // Read back: the neutralised cells carry the one added quote, nothing else changed.
    const read = rowsOf(text).map((r) => r.notes);
    expect(read).toEqual(notes.map((n) => (/^[=+\-@\t\r]/.test(n) ? `'${n}` : n)));
  });

  it('csvField leaves safe cells alone', () => {
    expect(csvField('plain text')).toBe('plain text');
    expect(csvField('')).toBe('');
    expect(csvField('12.50')).toBe('12.50');
    expect(csvField('a-b')).toBe('a-b');
  });

  it('shows local times in an IANA zone across DST, in the user timezone at export time', async () => {
    const userId = newUserId();
    await makeSettings(database.db, userId, { timezone: 'America/New_York' });
    await makeEntry(database.db, userId, {
      date: '2024-01-22',
      startTime: new Date('2024-01-22T14:00:00Z'),
      endTime: new Date('2024-01-22T15:30:15Z'),
    });
    await makeEntry(database.db, userId, {
      date: '2024-07-01',
      startTime: new Date('2024-07-01T13:00:00Z'),
      endTime: new Date('2024-07-02T04:00:00Z'),
    });
    const rows = rowsOf((await download(userId)).text);
    expect(rows.map((r) => [r.date, r.start_local, r.end_local, r.timezone, r.hours])).toEqual([
      ['2024-07-01', '2024-07-01 09:00:00', '2024-07-02 00:00:00', 'America/New_York', '15.00'],
      ['2024-01-22', '2024-01-22 09:00:00', '2024-01-22 10:30:15', 'America/New_York', '1.50'],
    ]);
  });

  it('gives the same bytes whatever the process TZ', async () => {
    const userId = newUserId();
    await makeSettings(database.db, userId, { timezone: 'Europe/Berlin' });
    await makeEntry(database.db, userId);
    const before = (await download(userId)).bytes;
    const saved = process.env.TZ;
    process.env.TZ = 'Pacific/Kiritimati';
    try {
      expect((await download(userId)).bytes.equals(before)).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('applies the filters, leaves running timers out, and has no 1,000-row limit (streamed in several chunks)', async () => {
    const userId = newUserId();
    await insertManyEntries(database.db, userId, 1500, '2024-06-30');
    await makeEntry(database.db, userId, {
      date: '2024-07-01',
      startTime: new Date('2024-07-01T09:00:00Z'),
      endTime: null,
    });
    const all = await download(userId);
    const rows = rowsOf(all.text);
    expect(rows).toHaveLength(1500);
    expect(all.chunks).toBeGreaterThan(2);
    expect(rows[0]!.date).toBe('2024-06-30');
    expect(rows[1499]!.date).toBe(
      new Date(Date.parse('2024-06-30') - 1499 * 86_400_000).toISOString().slice(0, 10),
    );
    // Newest first and no duplicates across the page boundary.
    expect(new Set(rows.map((r) => r.id)).size).toBe(1500);
    const dates = rows.map((r) => r.date!);
    expect([...dates].sort().reverse()).toEqual(dates);

    const june = rowsOf((await download(userId, 'start_date=2024-06-01&end_date=2024-06-30')).text);
    expect(june).toHaveLength(30);
    expect(june.every((r) => r.date!.startsWith('2024-06'))).toBe(true);
    expect(rowsOf((await download(userId, 'payment_status=paid')).text)).toHaveLength(0);
  });

  it('an empty selection is the header row alone, with the filter in the filename', async () => {
    const userId = newUserId();
    const { response, text } = await download(userId, 'start_date=2030-01-01');
    expect(response.status).toBe(200);
    expect(text).toBe(`\uFEFF${HEADER}\r\n`);
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="time-entries-2030-01-01-all.csv"',
    );
  });

  it('only the caller’s entries', async () => {
    const [me, other] = [newUserId(), newUserId()];
    await makeEntry(database.db, other, { notes: 'not mine' });
    await database.db.insert(timeEntries).values({
      userId: me,
      date: '2024-01-22',
      startTime: new Date('2024-01-22T09:00:00Z'),
      endTime: new Date('2024-01-22T10:00:00Z'),
      hourlyRate: '0.0001',
    });
    const rows = rowsOf((await download(me)).text);
    expect(rows.map((r) => [r.hourly_rate, r.earned, r.currency])).toEqual([['0.0001', '0.00', 'USD']]);
  });

  it('400 for bad filters, 401 without a token', async () => {
    const userId = newUserId();
    expectSomeValidation(
      await call(exportCsv, 'GET', { userId, path: 'entries/export', query: 'start_date=yesterday' }),
    );
    expectSomeValidation(
      await call(exportCsv, 'GET', {
        userId,
        path: 'entries/export',
        query: 'start_date=2024-02-01&end_date=2024-01-01',
      }),
    );
    expectSomeValidation(
      await call(exportCsv, 'GET', { userId, path: 'entries/export', query: 'payment_status=free' }),
    );
    expectProblem(await call(exportCsv, 'GET', { token: null, path: 'entries/export' }), 401);
    // skip and limit are not export parameters: ignored like any unknown one.
    const res = await call(exportCsv, 'GET', { userId, path: 'entries/export', query: 'limit=0&_t=1' });
    expect(res.status).toBe(200);
  });

  it('errors the stream (no shorter file that looks complete) when a page cannot be read', async () => {
    const own = await freshDatabase();
    const userId = newUserId();
    try {
      await insertManyEntries(own.db, userId, 1500);
      const { body } = await exportEntriesCsv(own.db, userId, {});
      const reader = body.getReader();
      const header = await reader.read();
      const firstPage = await reader.read();
      expect(header.done || firstPage.done).toBe(false);
      await own.close();
      await expect(reader.read()).rejects.toThrow();
    } finally {
      await own.close().catch(() => {});
    }
  });

  it('round-trips through the import: an export imported into another user exports the same rows', async () => {
    const [from, to] = [newUserId(), newUserId()];
    for (const userId of [from, to])
      await makeSettings(database.db, userId, { timezone: 'America/New_York' });
    const notes = ['=1+1', 'a, "b"', 'multi\r\nline', '-minus', '', 'café ☕️'];
    for (const [i, note] of notes.entries()) {
      const start = Date.parse('2024-03-10T05:00:00Z') + i * 3_600_000; // across the DST change in New York
      await makeEntry(database.db, from, {
        date: '2024-03-10',
        startTime: new Date(start),
        endTime: new Date(start + 2_700_000),
        hourlyRate: '12.3456',
        paymentStatus: i % 2 ? 'paid' : 'not_paid',
        notes: note || null,
      });
    }
    const exported = await download(from);
    const { rows } = parseImport(exported.text, parseTimezone('America/New_York')!);
    const token = await tokenFor(to);
    const api = createApiClient({ baseUrl: 'http://localhost', fetch: routeFetch, getToken: () => token });
    // Through the page's client and the route table: entries/bulk must not be taken for entries/{entry_id}.
    const created = await api.createEntries({ entries: rows.map((r) => r.body!) });
    expect(created).toHaveLength(notes.length);
    const again = await api.exportEntriesCsv();
    expect(again.filename).toBe('time-entries-all-all.csv');
    const withoutIds = (text: string) => rowsOf(text).map(({ id: _, ...rest }) => rest);
    expect(withoutIds(await again.blob.text())).toEqual(withoutIds(exported.text));
  });

  it('route-fetch tries static segments before dynamic ones, as Next.js does', () => {
    const paths = ['/e/{entry_id}', '/e/bulk', '/e', '/e/{entry_id}/x', '/e/export'];
    expect([...paths].sort(compareRoutePaths)).toEqual([
      '/e',
      '/e/bulk',
      '/e/export',
      '/e/{entry_id}',
      '/e/{entry_id}/x',
    ]);
  });
});
