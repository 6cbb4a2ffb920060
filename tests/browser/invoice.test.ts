// Invoices in a real browser against `next start`: the Invoice dialog on the
// page, a share link opened in a fresh browser context without any token, its
// print rendering (A4 PDF), and revocation. Browser in America/Sao_Paulo, the
// user's setting "UTC-3".
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, expectText, launchBrowser, newContext, newUser, screenshot, signIn } from './browser';

let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
});

async function openContext() {
  const context = await newContext(browser);
  contexts.push(context);
  return context;
}

/** Every request of the page to the API, with its headers. */
function apiRequests(page: Page) {
  const seen: Request[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith('/api/')) seen.push(request);
  });
  return seen;
}

describe('invoices', () => {
  it('shows the filtered entries by day, shares a link that opens without a token, prints to one A4 page, and revokes it', async () => {
    const user = await newUser({ default_hourly_rate: 50 });
    // In UTC-3: Jan 10 09:00–09:20 and 14:00–14:20; Jan 11 22:00–23:30 (Jan 12 in UTC); one in February.
    for (const [start, end] of [
      ['2024-01-10T12:00:00Z', '2024-01-10T12:20:00Z'],
      ['2024-01-10T17:00:00Z', '2024-01-10T17:20:00Z'],
      ['2024-01-12T01:00:00Z', '2024-01-12T02:30:00Z'],
      ['2024-02-05T12:00:00Z', '2024-02-05T13:00:00Z'],
    ]) {
      await user.api.createEntry({ start_time: start!, end_time: end!, notes: `Work from ${start}` });
    }

    const context = await openContext();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl() });
    const page = await context.newPage();
    await signIn(page, user);
    await page.getByLabel('From').fill('2024-01-01');
    await page.getByLabel('To').fill('2024-01-31');
    await page.getByRole('button', { name: 'Invoice', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Invoice' });
    await dialog.locator('tbody.invoice-day').first().waitFor();

    // Two days; 2 × 20 min = 0.67 h and 2 × 16.67; 1.5 h and 75.00; the total rounded once: 2 h 10 min = 2.17 h.
    const days = dialog.locator('tbody.invoice-day');
    expect(await days.evaluateAll((els) => els.map((e) => e.getAttribute('data-date')))).toEqual([
      '2024-01-10',
      '2024-01-11',
    ]);
    await expectText(days.nth(0).getByTestId('day-hours'), '0.67 h');
    await expectText(days.nth(0).getByTestId('day-amount'), '$33.34');
    await expectText(days.nth(1).getByTestId('day-hours'), '1.50 h');
    await expectText(days.nth(1).getByTestId('day-amount'), '$75.00');
    await expectText(dialog.getByTestId('total-hours'), '2.17 h');
    await expectText(dialog.getByTestId('total-amount'), '$108.34');
    expect(await days.nth(1).locator('.invoice-time').textContent()).toBe('22:00–23:30');

    await dialog.getByRole('button', { name: 'Create share link' }).click();
    const urlInput = dialog.getByTestId('share-url');
    await urlInput.waitFor();
    const publicUrl = await urlInput.inputValue();
    // On the origin the browser used, with a 43-character token.
    expect(publicUrl).toMatch(new RegExp(`^${baseUrl().replace(/[.]/g, '\\.')}/public/invoice/[\\w-]{43}$`));
    await dialog.getByRole('button', { name: 'Copy' }).click();
    await expectText(dialog.locator('.share-url .status-message'), /Copied|Ctrl\+C/);
    const linkRow = dialog.locator('.invoice-links tbody tr');
    await expectText(linkRow.locator('.badge'), 'Active');
    await expectText(linkRow.locator('td[data-label="Total"]'), '$108.34');

    // A fresh context: no token anywhere. And the signed-in context: no token sent either.
    const outsider = await (await openContext()).newPage();
    const outsiderRequests = apiRequests(outsider);
    const response = await outsider.goto(publicUrl);
    expect(response?.headers()['referrer-policy']).toBe('no-referrer');
    await outsider.locator('tbody.invoice-day').nth(1).waitFor();
    expect(await outsider.locator('meta[name="robots"]').getAttribute('content')).toMatch(/noindex/);
    // The period from the link's filter, in the page's locale (en-US).
    await expectText(outsider.locator('.invoice-period'), 'Mon, Jan 1, 2024 – Wed, Jan 31, 2024');
    expect(await outsider.locator('.invoice-time').allTextContents()).toEqual([
      '09:00–09:20',
      '14:00–14:20',
      '22:00–23:30',
    ]);
    await expectText(outsider.getByTestId('total-hours'), '2.17 h');
    await expectText(outsider.getByTestId('total-amount'), '$108.34');
    await screenshot(outsider, 'public-invoice.png');

    const signedInTab = await context.newPage();
    const signedInRequests = apiRequests(signedInTab);
    await signedInTab.goto(publicUrl);
    await expectText(signedInTab.getByTestId('total-amount'), '$108.34');
    const sent = [...outsiderRequests, ...signedInRequests];
    expect(sent.length).toBeGreaterThanOrEqual(2);
    for (const request of sent) expect(await request.headerValue('authorization')).toBeNull();

    // Print → PDF: one A4 page for this small invoice.
    await outsider.emulateMedia({ media: 'print' });
    const pdf = (await outsider.pdf({ format: 'A4', printBackground: true })).toString('latin1');
    expect(pdf.match(/\/Type\s*\/Page(?!s)/g)?.length).toBe(1);

    // Revoked in the dialog: the public page then says the link is invalid.
    await linkRow.getByRole('button', { name: 'Revoke' }).click();
    await expectText(linkRow.locator('.badge'), 'Revoked');
    await outsider.reload();
    await expectText(outsider.locator('.problem'), 'This link has expired or is invalid.');
  });
});
