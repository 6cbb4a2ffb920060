// The Reports section in a real browser against the production server. The
// browser runs in America/Sao_Paulo, the user's setting is "UTC-3". Entries are
// made through the API; the chart's data table must show their totals.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { formatHours, formatMoney } from '@/lib/client/format';
import { toWallClock, zoneOf } from '@/lib/client/zoned-time';
import {
  expectText,
  newUser,
  SCREENSHOT_DIR,
  screenshot,
  signIn,
  USER_TIMEZONE,
  useBrowser,
} from './browser';

const usd = (amount: number) => formatMoney(amount, 'USD', 'en-US');

const browser = useBrowser();
let page: Page;

/** The cells of the data table's row for the period starting on `date`: hours, earned, unpaid, invoiced, paid. */
async function rowCells(date: string): Promise<string[]> {
  const row = page.getByTestId('reports-table').locator(`tr[data-period="${date}"]`);
  await expect.poll(() => row.count()).toBe(1);
  return (await row.locator('td').allTextContents()).map((text) => text.trim());
}

describe('Reports on the page', () => {
  it('charts last year by month with the right totals, split by payment status', async () => {
    const user = await newUser({ default_hourly_rate: 40 });
    // Last year in the user's timezone, as the page counts it.
    const year = Number(toWallClock(new Date(), zoneOf(USER_TIMEZONE)).slice(0, 4)) - 1;
    // Noon UTC is 09:00 in UTC-3: the same date.
    const at = (date: string, hours: number) => ({
      start_time: `${year}-${date}T12:00:00Z`,
      end_time: new Date(Date.parse(`${year}-${date}T12:00:00Z`) + hours * 3_600_000).toISOString(),
    });
    const created = await user.api.createEntries({
      entries: [
        { ...at('01-15', 2), notes: 'unpaid' },
        { ...at('01-20', 1.5), notes: 'paid' },
        { ...at('01-31', 0.25), hourly_rate: 100, notes: 'paid too' },
        { ...at('03-03', 1 / 3), notes: 'invoiced' },
      ],
    });
    const ids = Object.fromEntries(created.map((e) => [e.notes, e.id]));
    await user.api.batchUpdatePaymentStatus({
      entry_ids: [ids.paid!, ids['paid too']!],
      payment_status: 'paid',
    });
    await user.api.batchUpdatePaymentStatus({
      entry_ids: [ids.invoiced!],
      payment_status: 'invoiced_approved',
    });

    page = await browser.openPage();
    await signIn(page, user);
    const reports = page.getByRole('region', { name: 'Reports' });
    await reports.getByRole('button', { name: 'Year', exact: true }).click();
    await reports.getByRole('button', { name: 'Earlier year' }).click();
    await expectText(reports.getByTestId('reports-range'), String(year));
    await reports.getByText('Data table').click();

    // January: 2 h × 40 unpaid, 1.5 h × 40 + 0.25 h × 100 paid.
    await expect
      .poll(() => rowCells(`${year}-01-01`))
      .toEqual([formatHours(3.75), usd(165), usd(80), usd(0), usd(85)]);
    expect(await rowCells(`${year}-02-01`)).toEqual([formatHours(0), usd(0), usd(0), usd(0), usd(0)]);
    // 20 minutes at 40: 13.33.
    expect(await rowCells(`${year}-03-01`)).toEqual([
      formatHours(0.33),
      usd(13.33),
      usd(0),
      usd(13.33),
      usd(0),
    ]);
    expect(await page.getByTestId('reports-table').locator('tbody tr').count()).toBe(12);
    await expectText(reports.getByTestId('reports-total'), `${usd(178.33)} earned`);
    // One bar segment per status with money: January unpaid and paid, March invoiced.
    const chart = reports.getByTestId('reports-chart');
    expect(await chart.locator('rect').count()).toBe(3);
    expect(await chart.getAttribute('viewBox')).toBe('0 0 480 220');
    await screenshot(page, 'reports-year.png');

    // On a phone the chart scales to the screen's width.
    await page.setViewportSize({ width: 390, height: 844 });
    const box = await chart.boundingBox();
    expect(box!.width).toBeLessThanOrEqual(390);
    expect(box!.width).toBeGreaterThan(300);
    await reports.screenshot({ path: path.join(SCREENSHOT_DIR, 'reports-phone.png') });
  });

  it("shows this week's work by day, and follows a change made on the page", async () => {
    const user = await newUser({ default_hourly_rate: 60 });
    const now = Date.now();
    const entry = await user.api.createEntry({
      start_time: new Date(now - 3_600_000).toISOString(),
      end_time: new Date(now - 1_800_000).toISOString(),
    });
    page = await browser.openPage();
    await signIn(page, user);
    const reports = page.getByRole('region', { name: 'Reports' });
    // The week view is the default; half an hour before now may be last week's Sunday.
    // The data table is rendered while it is open.
    await reports.getByText('Data table').click();
    const row = page.getByTestId('reports-table').locator(`tr[data-period="${entry.date}"]`);
    await expect.poll(() => page.getByTestId('reports-table').locator('tbody tr').count()).toBe(7);
    if ((await row.count()) === 0) await reports.getByRole('button', { name: 'Earlier week' }).click();
    await expect
      .poll(() => rowCells(entry.date))
      .toEqual([formatHours(0.5), usd(30), usd(30), usd(0), usd(0)]);

    // Deleting it on the page refetches the report (it lives under the stats' query key).
    const tr = page.locator(`tr[data-entry-id="${entry.id}"]`);
    await tr.getByRole('button', { name: /^Delete/ }).click();
    // Confirmed in a dialog (if the page asks: an undoable delete may not).
    const confirm = page.getByRole('dialog').getByRole('button', { name: 'Delete entry' });
    await confirm.waitFor({ timeout: 3000 }).then(
      () => confirm.click(),
      () => undefined,
    );
    await expect.poll(() => rowCells(entry.date)).toEqual([formatHours(0), usd(0), usd(0), usd(0), usd(0)]);
    await screenshot(page, 'reports-week.png');

    // 12 weeks: one row per ISO week, the last one starting on the current week's Monday.
    await reports.getByRole('button', { name: '12 weeks', exact: true }).click();
    const weeks = page.getByTestId('reports-table').locator('tbody tr');
    await expect.poll(() => weeks.count()).toBe(12);
    const lastWeek = await weeks.nth(11).getAttribute('data-period');
    expect(new Date(`${lastWeek}T00:00:00Z`).getUTCDay()).toBe(1);
    await reports.screenshot({ path: path.join(SCREENSHOT_DIR, 'reports-weeks.png') });
  });
});
