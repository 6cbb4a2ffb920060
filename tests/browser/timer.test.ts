// The timer started late and "Continue" on an entry (issue 14, section 4), in
// Chromium against `next start`. The browser runs in America/Sao_Paulo and
// every user's timezone setting is "UTC-3" (browser.ts).
import { describe, expect, it } from 'vitest';
import { ApiProblemError } from '@/lib/client/api';
import { fromApiTimestamp, toApiTimestamp } from '@/lib/client/zoned-time';
import type { TimeEntry } from '@/lib/time-tracking/schemas';
import { expectText, newUser, parseElapsed, signIn, useBrowser } from './browser';

const { openPage } = useBrowser();
const HOUR = 3_600_000;
const isoAgo = (ms: number) => toApiTimestamp(new Date(Date.now() - ms));

describe('a timer started late', () => {
  it('"started 15 minutes ago" shows 0:15 elapsed and keeps counting from that start', async () => {
    const user = await newUser({ default_hourly_rate: 60 });
    const page = await openPage();
    await signIn(page, user);

    await page.getByRole('button', { name: 'Started 15 minutes ago' }).click();
    await expect.poll(() => page.getByLabel('Started … minutes ago (optional)').inputValue()).toBe('15');
    await page.getByLabel('What are you working on? (optional)').fill('Forgot to start');
    await page.getByRole('button', { name: 'Start timer' }).click();

    const elapsed = page.getByTestId('timer-elapsed');
    await expectText(elapsed, /^0:15:\d\d$/);
    // 60/h for 15 minutes: $15.00 and a few cents.
    await expectText(page.getByTestId('timer-earned'), /^\$15\.\d\d$/);

    const active = (await user.api.getActiveSession()) as TimeEntry;
    expect(active.notes).toBe('Forgot to start');
    const startedAgo = Date.now() - fromApiTimestamp(active.start_time).getTime();
    expect(startedAgo).toBeGreaterThanOrEqual(15 * 60_000);
    expect(startedAgo).toBeLessThan(16 * 60_000);
    const shown = parseElapsed((await elapsed.textContent()) ?? '');
    expect(Math.abs(shown - startedAgo / 1000)).toBeLessThanOrEqual(2);

    await page.getByRole('button', { name: 'Stop timer' }).click();
    await page.getByRole('button', { name: 'Start timer' }).waitFor();
    const { entries } = await user.api.listEntries();
    expect(entries).toHaveLength(1);
    expect(entries[0]!.total_hours).toBe(0.25);
  });

  it('refuses minutes that are not a whole number without asking the server', async () => {
    const user = await newUser();
    const page = await openPage();
    await signIn(page, user);
    await page.getByLabel('Started … minutes ago (optional)').fill('2.5');
    await expectText(page.locator('.field-error'), /^Enter whole minutes from 0 to/);
    const startButton = page.getByRole('button', { name: 'Start timer' });
    expect(await startButton.getAttribute('aria-disabled')).toBe('true');
    await startButton.click({ force: true });
    await expectText(page.locator('.field-error'), /^Enter whole minutes from 0 to/);
    expect(await user.api.getActiveSession()).toBeNull();
  });
});

describe('Continue', () => {
  it('starts a timer with the entry’s notes and rate', async () => {
    const user = await newUser({ default_hourly_rate: 50 });
    const done = await user.api.createEntry({
      start_time: isoAgo(3 * HOUR),
      end_time: isoAgo(2 * HOUR),
      hourly_rate: 72.5,
      notes: 'Client API review',
    });
    const page = await openPage();
    await signIn(page, user);

    const row = page.locator(`tr[data-entry-id="${done.id}"]`);
    await row.getByRole('button', { name: /^Continue the entry of / }).click();
    await expectText(page.getByTestId('timer-elapsed'), /^0:00:\d\d$/);
    await expect.poll(() => page.locator('.timer-running').textContent()).toContain('Client API review');

    const active = (await user.api.getActiveSession()) as TimeEntry;
    expect(active).toMatchObject({ notes: 'Client API review', hourly_rate: 72.5, end_time: null });
    expect(active.id).not.toBe(done.id);
    // The list shows the new running entry, as after a normal start; the running row offers no Continue.
    const runningRow = page.locator(`tr[data-entry-id="${active.id}"]`);
    await expectText(runningRow.getByTestId('entry-end'), 'Running');
    expect(await runningRow.getByRole('button', { name: /^Continue/ }).count()).toBe(0);
  });

  it('shows the 409 when a timer already runs', async () => {
    const user = await newUser();
    const done = await user.api.createEntry({
      start_time: isoAgo(3 * HOUR),
      end_time: isoAgo(2 * HOUR),
      notes: 'Earlier work',
    });
    const page = await openPage();
    await signIn(page, user);
    // Started elsewhere after the page loaded its data.
    const running = await user.api.startSession({ notes: 'on another device' });

    await page
      .locator(`tr[data-entry-id="${done.id}"]`)
      .getByRole('button', { name: /^Continue the entry of / })
      .click();
    const alert = page.locator('section.entries [role="alert"]');
    await expectText(alert, /already running|running/i);
    const active = (await user.api.getActiveSession()) as TimeEntry;
    expect(active.id).toBe(running.id);
    // The page adopts the running entry the 409 names.
    await expect.poll(() => page.locator('.timer-running').textContent()).toContain('on another device');
    await expect(user.api.startSession({})).rejects.toBeInstanceOf(ApiProblemError);
  });
});
