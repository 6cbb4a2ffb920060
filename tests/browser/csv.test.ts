// CSV export and import on the page, in a real browser against the production
// server. The browser runs in America/Sao_Paulo, the user's setting is "UTC-3".
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '@/lib/client/csv-import';
import { formatHours, formatMoney } from '@/lib/client/format';
import { fromApiTimestamp, toWallClock, zoneOf } from '@/lib/client/zoned-time';
import { expectText, newUser, screenshot, signIn, USER_TIMEZONE, useBrowser } from './browser';

const zone = zoneOf(USER_TIMEZONE);
const usd = (amount: number) => formatMoney(amount, 'USD', 'en-US');

const browser = useBrowser();
let page: Page;

async function openPage() {
  page = await browser.openPage();
  return page;
}

describe('CSV export and import on the page', () => {
  it('exports the filtered entries as a CSV whose rows match the table', async () => {
    const user = await newUser({ default_hourly_rate: 40 });
    await user.api.createEntries({
      entries: [
        { start_time: '2024-03-04T12:00:00Z', end_time: '2024-03-04T13:20:00Z', notes: 'Design, "v2"' },
        { start_time: '2024-03-05T01:30:00Z', end_time: '2024-03-05T03:00:00Z', notes: '=cmd' },
        { start_time: '2024-02-10T12:00:00Z', end_time: '2024-02-10T13:00:00Z', notes: 'outside the filter' },
      ],
    });
    await openPage();
    await signIn(page, user);
    await page.getByLabel('From').fill('2024-03-01');
    await page.getByLabel('To').fill('2024-03-31');
    await expect.poll(() => page.locator('tr[data-entry-id]').count()).toBe(2);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('time-entries-2024-03-01-2024-03-31.csv');
    const bytes = readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...records] = parseCsv(bytes.toString('utf8'));
    const rows = records.map((r) => Object.fromEntries(header!.map((name, i) => [name, r[i]!])));
    expect(rows).toHaveLength(2);

    for (const row of rows) {
      const tr = page.locator(`tr[data-entry-id="${row.id}"]`);
      await expect.poll(() => tr.count()).toBe(1);
      expect(await tr.locator('td[data-label="Date"] time').getAttribute('datetime')).toBe(row.date);
      // The table's times are the CSV's local times (UTC-3), to the minute.
      await expectText(tr.getByTestId('entry-start'), row.start_local!.slice(11, 16));
      // An end on another day than the start shows its date too.
      const sameDay = row.end_local!.slice(0, 10) === row.start_local!.slice(0, 10);
      await expectText(tr.getByTestId('entry-end'), row.end_local!.slice(sameDay ? 11 : 0, 16));
      expect(row.start_local).toBe(
        toWallClock(fromApiTimestamp(row.start_utc!.replace('Z', '')), zone).replace('T', ' '),
      );
      expect(row.timezone).toBe(USER_TIMEZONE);
      await expectText(tr.getByTestId('entry-hours'), formatHours(Number(row.hours)));
      await expectText(tr.getByTestId('entry-earned'), usd(Number(row.earned)));
    }
    const byNotes = Object.fromEntries(rows.map((r) => [r.notes, r]));
    expect(byNotes['Design, "v2"']).toMatchObject({
      date: '2024-03-04',
      start_local: '2024-03-04 09:00:00',
      hours: '1.33',
      earned: '53.33',
    });
    // 01:30Z on the 5th is 22:30 on the 4th in UTC-3; the formula is neutralised.
    expect(byNotes["'=cmd"]).toMatchObject({ date: '2024-03-04', start_local: '2024-03-04 22:30:00' });
  });

  it('imports a pasted Toggl report: the entries appear with local times and notes', async () => {
    const user = await newUser({ default_hourly_rate: 30 });
    await openPage();
    await signIn(page, user);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const toggl =
      'User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags,Amount (USD)\n' +
      'Ana,ana@example.com,Acme,Website,,Landing page,Yes,2024-05-06,09:15:00,2024-05-06,11:45:00,02:30:00,,\n' +
      'Ana,ana@example.com,,,,Call with Bia,No,2024-05-07,14:00:00,2024-05-07,14:30:00,00:30:00,,\n';
    await page.getByLabel('Or paste the CSV').fill(toggl);
    await page.locator('.import-form p', { hasText: 'Toggl Track detailed report: 2 rows' }).waitFor();
    await page.getByRole('button', { name: 'Import 2 entries' }).click();
    await expectText(page.locator('.import-form .status-message'), 'Imported 2 entries.');
    await page.getByRole('button', { name: 'Close' }).click();

    const landing = page.locator('tr[data-entry-id]', { hasText: 'Website: Landing page' });
    await expectText(landing.getByTestId('entry-start'), '09:15');
    await expectText(landing.getByTestId('entry-end'), '11:45');
    await expectText(landing.getByTestId('entry-earned'), usd(75));
    const call = page.locator('tr[data-entry-id]', { hasText: 'Call with Bia' });
    await expectText(call.getByTestId('entry-start'), '14:00');
    const stored = (await user.api.listEntries({ limit: 10 })).entries;
    expect(stored.map((e) => [e.start_time, e.end_time, e.notes])).toEqual([
      ['2024-05-07T17:00:00', '2024-05-07T17:30:00', 'Call with Bia'],
      ['2024-05-06T12:15:00', '2024-05-06T14:45:00', 'Website: Landing page'],
    ]);
  });

  it('marks the rows of an invalid import: unreadable in the preview, refused by the server on its row', async () => {
    const user = await newUser();
    await openPage();
    await signIn(page, user);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const header = 'Description,Start date,Start time,End date,End time\n';
    await page
      .getByLabel('Or paste the CSV')
      .fill(`${header}fine,2024-05-06,09:00,2024-05-06,10:00\nbroken,sometime,09:00,2024-05-06,10:00\n`);
    const broken = page.locator('.import-preview tr', { hasText: 'broken' });
    await expectText(broken.locator('.field-error'), 'unreadable start date or time');
    expect(await broken.getAttribute('aria-invalid')).toBe('true');

    // Readable, but the end is before the start: the server's 400 names entries.1.end_time.
    await page
      .getByLabel('Or paste the CSV')
      .fill(`${header}fine,2024-05-06,09:00,2024-05-06,10:00\nbackwards,2024-05-06,12:00,2024-05-06,11:00\n`);
    await page.getByRole('button', { name: 'Import 2 entries' }).click();
    const backwards = page.locator('.import-preview tr', { hasText: 'backwards' });
    await expectText(backwards.locator('.field-error'), 'end_time: must be after start_time');
    await screenshot(page, 'csv-import-error.png');
    expect((await user.api.listEntries()).total).toBe(0);
  });
});
