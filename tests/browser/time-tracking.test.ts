// The time-tracking page in a real browser (Debian's Chromium through
// playwright-core) against the production server. The browser runs in
// America/Sao_Paulo and every user's timezone setting is "UTC-3".
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ApiProblemError, createApiClient } from '@/lib/client/api';
import { formatMoney } from '@/lib/client/format';
import { fromApiTimestamp, toApiTimestamp, toWallClock, zoneOf } from '@/lib/client/zoned-time';
import type { TimeEntry } from '@/lib/time-tracking/schemas';
import {
  BROWSER_TIMEZONE,
  baseUrl,
  expectText,
  launchBrowser,
  newContext,
  newUser,
  parseElapsed,
  screenshot,
  signIn,
  tokenFor,
  USER_TIMEZONE,
} from './browser';

const zone = zoneOf(USER_TIMEZONE);
const usd = (amount: number) => formatMoney(amount, 'USD', 'en-US');
const hhmm = (timestamp: string) => toWallClock(fromApiTimestamp(timestamp), zone).slice(11, 16);
const isoAgo = (ms: number) => toApiTimestamp(new Date(Date.now() - ms));
const HOUR = 3_600_000;

let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

async function openPage(viewport?: { width: number; height: number }) {
  context = await newContext(browser, viewport);
  page = await context.newPage();
  return page;
}

afterEach(async () => {
  await context?.close();
});

const row = (id: number) => page.locator(`tr[data-entry-id="${id}"]`);
const stat = (name: string) => page.getByTestId(`stat-${name}-value`);
const timerButton = () => page.getByRole('button', { name: /^(Start|Stop) timer$/ });

async function detailOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiProblemError);
  return (error as ApiProblemError).detail;
}

describe('signing in', () => {
  it('refuses a bad token in the words of the server, then signs in, out, and out again on a 401', async () => {
    const user = await newUser();
    await openPage();
    await page.goto('/time-tracking');
    await page.getByLabel('Access token').fill('not.a.token');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    const refused = await detailOf(
      createApiClient({ baseUrl: baseUrl(), getToken: () => 'not.a.token' }).getSettings(),
    );
    await expectText(page.locator('.problem'), refused);

    // Pasted with its "Bearer " prefix, as people copy it from a header.
    await page.getByLabel('Access token').fill(`Bearer ${user.token}`);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Timer' }).waitFor();
    await expectText(page.locator('.topbar-user .muted'), `User ${user.id}`);
    expect(await page.evaluate(() => sessionStorage.getItem('time-tracking.token'))).toBe(user.token);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Access token').waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('time-tracking.token'))).toBeNull();

    // A token the server stops accepting signs the page out, saying why.
    await signIn(page, user);
    const forged = `${user.token.slice(0, -4)}AAAA`;
    await page.evaluate((t) => sessionStorage.setItem('time-tracking.token', t), forged);
    await timerButton().click();
    await page.getByLabel('Access token').waitFor();
    await expectText(
      page.getByRole('status').first(),
      /^You have been signed out: The token's signature is not valid\./,
    );
  });
});

describe('the timer', () => {
  it('start, wait, stop: the elapsed time ticks, and the entry appears with correct totals', async () => {
    // 3600/h is one unit of money per second: the totals are easy to check.
    const user = await newUser({ default_hourly_rate: 3600 });
    await openPage();
    await signIn(page, user);
    await expectText(page.getByRole('paragraph').filter({ hasText: 'No entries yet' }), /^No entries yet/);

    await page.getByRole('button', { name: 'Start timer' }).click();
    const elapsed = page.getByTestId('timer-elapsed');
    await elapsed.waitFor();
    const firstEarned = (await page.getByTestId('timer-earned').textContent())?.trim();
    const first = parseElapsed((await elapsed.textContent()) ?? '');
    await expect
      .poll(async () => parseElapsed((await elapsed.textContent()) ?? ''), { timeout: 10_000 })
      .toBeGreaterThanOrEqual(first + 2);
    expect((await page.getByTestId('timer-earned').textContent())?.trim()).not.toBe(firstEarned);
    // The timer's button keeps focus: it is the same button, now "Stop timer".
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Stop timer');

    await page.getByRole('button', { name: 'Stop timer' }).click();
    await page.getByRole('button', { name: 'Start timer' }).waitFor();

    const { entries } = await user.api.listEntries();
    expect(entries).toHaveLength(1);
    const entry = entries[0] as TimeEntry;
    const seconds =
      (fromApiTimestamp(entry.end_time!).getTime() - fromApiTimestamp(entry.start_time).getTime()) / 1000;
    expect(seconds).toBeGreaterThanOrEqual(2);
    expect(entry.total_earned).toBe(seconds); // 3600/h × seconds / 3600
    expect(entry.total_hours).toBe(Math.round((seconds / 3600) * 100) / 100);

    await expectText(row(entry.id).getByTestId('entry-earned'), usd(seconds));
    await expectText(row(entry.id).getByTestId('entry-hours'), `${entry.total_hours!.toFixed(2)} h`);
    await expectText(row(entry.id).getByTestId('entry-start'), hhmm(entry.start_time));
    await expectText(row(entry.id).getByTestId('entry-end'), hhmm(entry.end_time!));
    await expectText(stat('today'), usd(seconds));
    await expectText(stat('unpaid'), usd(seconds));
  });

  it('reload mid-session: the timer continues from the server’s start_time', async () => {
    const user = await newUser({ default_hourly_rate: 3600 });
    await openPage();
    await signIn(page, user);
    await page.getByRole('button', { name: 'Start timer' }).click();
    const elapsed = page.getByTestId('timer-elapsed');
    await expect
      .poll(async () => parseElapsed((await elapsed.textContent()) ?? ''), { timeout: 10_000 })
      .toBeGreaterThanOrEqual(3);

    await page.reload();
    await elapsed.waitFor();
    const active = (await user.api.getActiveSession()) as TimeEntry;
    const shown = parseElapsed((await elapsed.textContent()) ?? '');
    const sinceStart = (Date.now() - fromApiTimestamp(active.start_time).getTime()) / 1000;
    expect(shown).toBeGreaterThanOrEqual(3);
    expect(Math.abs(shown - sinceStart)).toBeLessThanOrEqual(2);

    // Not from the page's own clock: a timer that the server says started two hours ago shows 2:00:xx.
    await user.api.deleteEntry(active.id);
    await user.api.createEntry({ start_time: isoAgo(2 * HOUR), notes: 'started on another device' });
    await page.reload();
    await expectText(elapsed, /^2:00:\d\d$/);
    await expectText(page.getByTestId('timer-earned'), /^\$7,2\d\d\.\d\d$/);
    await page.getByRole('button', { name: 'Stop timer' }).click();
    await page.getByRole('button', { name: 'Start timer' }).waitFor();
    expect(await user.api.getActiveSession()).toBeNull();
  });
});

describe('entries', () => {
  it('create with typed times shows those times; edit (with a refused edit first); delete', async () => {
    const user = await newUser();
    await openPage();
    await signIn(page, user);

    await page.getByRole('button', { name: 'New entry' }).click();
    const dialog = page.getByRole('dialog', { name: 'New entry' });
    await dialog.getByLabel('Start (UTC-3)').fill('2024-03-05T09:15');
    await dialog.getByLabel('End (UTC-3)').fill('2024-03-05T17:45');
    await dialog.getByLabel('Hourly rate (USD)').fill('40');
    await dialog.getByLabel('Notes').fill('Workshop with client A');
    await dialog.getByRole('button', { name: 'Add entry' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const [created] = (await user.api.listEntries()).entries as [TimeEntry];
    // Typed in UTC-3, stored as the UTC instants.
    expect(created).toMatchObject({
      date: '2024-03-05',
      start_time: '2024-03-05T12:15:00',
      end_time: '2024-03-05T20:45:00',
      total_hours: 8.5,
      total_earned: 340,
      notes: 'Workshop with client A',
    });
    await expectText(row(created.id).getByTestId('entry-start'), '09:15');
    await expectText(row(created.id).getByTestId('entry-end'), '17:45');
    await expectText(row(created.id).getByTestId('entry-hours'), '8.50 h');
    await expectText(row(created.id).getByTestId('entry-earned'), '$340.00');
    expect(await row(created.id).locator('time').first().getAttribute('datetime')).toBe('2024-03-05');

    // Edit: the dialog shows the times as typed; an end before the start is refused in the server's words.
    await row(created.id).getByRole('button', { name: /^Edit/ }).click();
    const edit = page.getByRole('dialog', { name: 'Edit entry' });
    expect(await edit.getByLabel('Start (UTC-3)').inputValue()).toBe('2024-03-05T09:15');
    expect(await edit.getByLabel('End (UTC-3)').inputValue()).toBe('2024-03-05T17:45');
    await edit.getByLabel('End (UTC-3)').fill('2024-03-05T08:00');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await expectText(edit.getByRole('alert'), 'Invalid end_time: must be after start_time');
    expect(await edit.getByLabel('End (UTC-3)').getAttribute('aria-invalid')).toBe('true');

    await edit.getByLabel('End (UTC-3)').fill('2024-03-05T18:00');
    await edit.getByLabel('Notes').fill('Workshop with client A (extended)');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await edit.waitFor({ state: 'hidden' });
    await expectText(row(created.id).getByTestId('entry-end'), '18:00');
    await expectText(row(created.id).getByTestId('entry-hours'), '8.75 h');
    await expectText(row(created.id).getByTestId('entry-earned'), '$350.00');
    expect(await user.api.getEntry(created.id)).toMatchObject({
      start_time: '2024-03-05T12:15:00',
      end_time: '2024-03-05T21:00:00',
      notes: 'Workshop with client A (extended)',
    });

    // The times follow the setting, not the browser's zone (which stays São Paulo).
    await user.api.updateSettings({ timezone: 'UTC+05:30' });
    await page.reload();
    await expectText(row(created.id).getByTestId('entry-start'), '17:45');
    await expectText(row(created.id).getByTestId('entry-end'), '2024-03-06 02:30');
    await row(created.id).getByRole('button', { name: /^Edit/ }).click();
    const shifted = page.getByRole('dialog', { name: 'Edit entry' });
    expect(await shifted.getByLabel('Start (UTC+05:30)').inputValue()).toBe('2024-03-05T17:45');
    await page.keyboard.press('Escape');
    await shifted.waitFor({ state: 'hidden' });

    // Delete, after a confirmation that can be cancelled.
    await row(created.id)
      .getByRole('button', { name: /^Delete/ })
      .click();
    const confirm = page.getByRole('dialog', { name: 'Delete this entry?' });
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await row(created.id).waitFor();
    await row(created.id)
      .getByRole('button', { name: /^Delete/ })
      .click();
    await confirm.getByRole('button', { name: 'Delete entry' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await row(created.id).waitFor({ state: 'detached' });
    await expectText(page.locator('.empty'), /^No entries yet/);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('entries-heading');
    expect((await detailOf(user.api.getEntry(created.id))).length).toBeGreaterThan(0);
  });

  it('select entries and mark them paid: the stats update', async () => {
    const user = await newUser();
    const made: TimeEntry[] = [];
    for (const hoursAgo of [7, 5, 3]) {
      made.push(
        await user.api.createEntry({
          start_time: isoAgo(hoursAgo * HOUR),
          end_time: isoAgo((hoursAgo - 1) * HOUR),
          hourly_rate: 100,
          notes: `Task ${hoursAgo}`,
        }),
      );
    }
    await user.api.startSession({ notes: 'Design review' });
    await openPage();
    await signIn(page, user);
    await expectText(stat('unpaid'), '$300.00');
    await expectText(stat('paid'), '$0.00');

    const [a, b, c] = made as [TimeEntry, TimeEntry, TimeEntry];
    await row(a.id).getByRole('checkbox').check();
    await row(b.id).getByRole('checkbox').check();
    const bar = page.getByRole('group', { name: 'Change the payment status of the selected entries' });
    await expectText(bar.locator('span').first(), '2 selected');
    await bar.getByLabel('Set status to').selectOption('paid');
    await bar.getByRole('button', { name: 'Apply' }).click();

    await expectText(page.locator('.entries .status-message'), 'Updated 2 entries to paid.');
    await expectText(stat('paid'), '$200.00');
    await expectText(stat('unpaid'), '$100.00');
    await expectText(row(a.id).getByTestId('entry-status'), 'Paid');
    await expectText(row(b.id).getByTestId('entry-status'), 'Paid');
    await expectText(row(c.id).getByTestId('entry-status'), 'Not paid');
    await bar.waitFor({ state: 'detached' });
    expect((await user.api.getStats()).paid_amount).toBe(200);
    await screenshot(page, 'time-tracking.png');
  });

  it('filters by date and status, and pages with X-Total-Count', async () => {
    const user = await newUser();
    for (let day = 1; day <= 12; day++) {
      const d = `2024-01-${String(day).padStart(2, '0')}`;
      await user.api.createEntry({
        start_time: `${d}T12:00:00Z`,
        end_time: `${d}T13:00:00Z`,
        payment_status: day % 4 === 0 ? 'paid' : 'not_paid',
      });
    }
    await openPage();
    await signIn(page, user);
    const range = page.getByTestId('entries-range');
    await expectText(range, 'Showing 1–10 of 12');
    await page.getByRole('button', { name: 'Next' }).click();
    await expectText(range, 'Showing 11–12 of 12');
    await expect.poll(() => page.locator('tbody tr').count(), { timeout: 10_000 }).toBe(2);

    await page.getByLabel('Payment status', { exact: true }).selectOption('paid');
    await expectText(range, 'Showing 1–3 of 3');
    await page.getByLabel('Payment status', { exact: true }).selectOption('');
    await page.getByLabel('From').fill('2024-01-03');
    await page.getByLabel('To').fill('2024-01-05');
    await expectText(range, 'Showing 1–3 of 3');
    const dates = await page
      .locator('tbody tr td[data-label="Date"] time')
      .evaluateAll((els) => els.map((e) => e.getAttribute('datetime')));
    expect(dates).toEqual(['2024-01-05', '2024-01-04', '2024-01-03']);

    await page.getByLabel('From').fill('2024-02-01');
    await page.getByLabel('To').fill('2024-02-03');
    await expectText(page.locator('.empty'), 'No entries match these filters.');

    // A range the server refuses: its own words.
    await page.getByLabel('From').fill('2024-02-05');
    const refused = await detailOf(
      user.api.listEntries({ start_date: '2024-02-05', end_date: '2024-02-03' }),
    );
    await expectText(page.locator('.entries').getByRole('alert'), refused);
  });

  it('is usable with the keyboard: the dialog takes focus, Escape closes it, focus comes back', async () => {
    const user = await newUser();
    await openPage();
    await signIn(page, user);
    const newEntry = page.getByRole('button', { name: 'New entry' });
    await newEntry.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'New entry' });
    await dialog.waitFor();
    await expect
      .poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type), {
        timeout: 10_000,
      })
      .toBe('datetime-local');
    // Tab stays inside the modal dialog.
    for (let i = 0; i < 12; i++) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => Boolean(document.activeElement?.closest('dialog')))).toBe(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('New entry');
  });
});

describe('settings', () => {
  it('change the currency: the formatting changes; a bad timezone is refused in words', async () => {
    const user = await newUser();
    const entry = await user.api.createEntry({
      start_time: '2024-01-22T12:00:00Z',
      end_time: '2024-01-22T20:00:00Z',
      hourly_rate: 50,
    });
    await openPage();
    await signIn(page, user);
    await expectText(stat('unpaid'), '$400.00');
    await expectText(row(entry.id).getByTestId('entry-earned'), '$400.00');

    const settings = page.getByRole('region', { name: 'Settings' });
    expect(await settings.getByLabel('Timezone').inputValue()).toBe('UTC-3');
    await settings.getByLabel('Currency').selectOption('EUR');
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await expectText(settings.getByRole('status'), 'Settings saved.');
    await expectText(stat('unpaid'), '€400.00');
    await expectText(row(entry.id).getByTestId('entry-earned'), '€400.00');
    expect((await user.api.getSettings()).currency).toBe('EUR');

    await settings.getByLabel('Timezone').fill('Mars/Olympus_Mons');
    await settings.getByRole('button', { name: 'Save settings' }).click();
    const refused = await detailOf(user.api.updateSettings({ timezone: 'Mars/Olympus_Mons' }));
    await expectText(settings.getByRole('alert'), refused);
    expect(await settings.getByLabel('Timezone').getAttribute('aria-invalid')).toBe('true');
    expect((await user.api.getSettings()).timezone).toBe('UTC-3');
  });
});

describe('a first sign-in', () => {
  /** Signs in as a user of its own who never saved settings: the server's default zone (UTC) holds. */
  async function signInWithoutSettings() {
    const id = 3_000_000 + Math.floor(Math.random() * 1_000_000);
    const token = await tokenFor(id);
    const user = { id, token, api: createApiClient({ baseUrl: baseUrl(), getToken: () => token }) };
    await openPage();
    await signIn(page, user);
    return user;
  }

  it("proposes the browser's zone while the settings were never saved, and saves the answer", async () => {
    const { api } = await signInWithoutSettings();
    const proposal = page.getByRole('region', { name: 'Which timezone do you work in?' });
    await proposal.getByRole('button', { name: `Use ${BROWSER_TIMEZONE}` }).click();
    await proposal.waitFor({ state: 'detached' });
    expect(await api.getSettingsState()).toMatchObject({ timezone: BROWSER_TIMEZONE, saved: true });
    const settings = page.getByRole('region', { name: 'Settings' });
    expect(await settings.getByLabel('Timezone').inputValue()).toBe(BROWSER_TIMEZONE);

    // Asked once: not again after a reload.
    await page.reload();
    await page.getByRole('heading', { name: 'Timer' }).waitFor();
    await expectText(stat('unpaid'), usd(0));
    expect(await page.getByRole('region', { name: 'Which timezone do you work in?' }).count()).toBe(0);
  });

  it('keeps the default when asked to, and then stops asking', async () => {
    const { api } = await signInWithoutSettings();
    const proposal = page.getByRole('region', { name: 'Which timezone do you work in?' });
    await proposal.getByRole('button', { name: 'Keep UTC' }).click();
    await proposal.waitFor({ state: 'detached' });
    expect(await api.getSettingsState()).toMatchObject({ timezone: 'UTC', saved: true });
  });

  it('does not ask a user whose settings are saved', async () => {
    const user = await newUser();
    await openPage();
    await signIn(page, user);
    await expectText(stat('unpaid'), usd(0));
    expect(await page.getByRole('region', { name: 'Which timezone do you work in?' }).count()).toBe(0);
  });
});

describe('on a phone-sized screen', () => {
  it('fits the width, entries become cards, and the dialog fits', async () => {
    const user = await newUser();
    for (const hoursAgo of [9, 6]) {
      await user.api.createEntry({
        start_time: isoAgo(hoursAgo * HOUR),
        end_time: isoAgo((hoursAgo - 2) * HOUR),
        notes: 'Client call and follow-up notes',
      });
    }
    await user.api.startSession();
    await openPage({ width: 390, height: 844 });
    await signIn(page, user);
    await page.locator('tbody tr').first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'time-tracking-phone.png');

    await page.getByRole('button', { name: 'New entry' }).click();
    const box = await page.getByRole('dialog', { name: 'New entry' }).boundingBox();
    expect(box).not.toBeNull();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
  });
});

describe('the production build', () => {
  it('answers /api/dev/token with a problem+json 404 and offers no demo user', async () => {
    for (const method of ['POST', 'GET']) {
      const res = await fetch(`${baseUrl()}/api/dev/token`, { method });
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect((await res.json()).detail).toBe(`There is no API endpoint at this path (${method}).`);
    }
    await openPage();
    await page.goto('/time-tracking');
    await page.getByLabel('Access token').waitFor();
    expect(await page.getByRole('button', { name: /demo/i }).count()).toBe(0);
  });

  it('still answers unknown /api paths with problem+json, and / leads to the page', async () => {
    const res = await fetch(`${baseUrl()}/api/v1/time-tracking/nope`, {
      headers: { authorization: `Bearer ${await tokenFor(1)}` },
    });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const home = await fetch(`${baseUrl()}/`, { redirect: 'manual' });
    expect([307, 308]).toContain(home.status);
    expect(new URL(home.headers.get('location') ?? '', baseUrl()).pathname).toBe('/time-tracking');
  });
});
