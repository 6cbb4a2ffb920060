// Undo on the page (issue 14, section 3): after a delete the status line says
// "Entry deleted · Undo"; Undo brings the row back with the same values. The
// batch bar's "Delete selected" gets the same, and a failed undo shows the
// server's problem.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { TimeEntry } from '@/lib/time-tracking/schemas';
import { expectText, newUser, screenshot, signIn, type User, useBrowser } from './browser';

const browser = useBrowser();
let page: Page;

const row = (id: number) => page.locator(`tr[data-entry-id="${id}"]`);
const status = () => page.locator('.entries .status-message');
const stat = (name: string) => page.getByTestId(`stat-${name}-value`);

/** Every cell of the row as the page shows it. */
const cells = (id: number) => row(id).locator('td').allTextContents();

async function twoEntries() {
  const user = await newUser({ default_hourly_rate: 40 });
  const made: TimeEntry[] = [];
  for (const [start, end, notes, rate] of [
    ['2024-03-04T12:00:00Z', '2024-03-04T13:20:00Z', 'Design review', 65.5],
    ['2024-03-05T12:00:00Z', '2024-03-05T14:00:00Z', 'Sprint planning', 40],
  ] as const) {
    made.push(await user.api.createEntry({ start_time: start, end_time: end, notes, hourly_rate: rate }));
  }
  return { user, made: made as [TimeEntry, TimeEntry] };
}

/** Opens the page as `user` and reads the cells of each entry's row. */
async function showRows(user: User, entries: TimeEntry[]) {
  page = await browser.openPage();
  await signIn(page, user);
  const shown: string[][] = [];
  for (const entry of entries) {
    await row(entry.id).waitFor();
    shown.push(await cells(entry.id));
  }
  return shown;
}

describe('Undo after a delete', () => {
  it('delete a row, click Undo: the row is back with the same values', async () => {
    const { user, made } = await twoEntries();
    const [entry] = made;
    await user.api.batchUpdatePaymentStatus({ entry_ids: [entry.id], payment_status: 'invoiced_approved' });
    const before = await user.api.getEntry(entry.id);
    page = await browser.openPage();
    await signIn(page, user);
    await row(entry.id).waitFor();
    const shown = await cells(entry.id);
    const unpaid = (await stat('unpaid').textContent())?.trim();

    await row(entry.id)
      .getByRole('button', { name: /^Delete/ })
      .click();
    const confirm = page.getByRole('dialog', { name: 'Delete this entry?' });
    await confirm.getByRole('button', { name: 'Delete entry' }).click();
    await row(entry.id).waitFor({ state: 'detached' });
    await expectText(status(), 'Entry deleted · Undo');
    expect(await status().getAttribute('role')).toBe('status');
    await screenshot(page, 'undo.png');

    // Keyboard reachable: focus it and press Enter.
    const undo = status().getByRole('button', { name: 'Undo' });
    await undo.focus();
    await page.keyboard.press('Enter');
    await row(entry.id).waitFor();
    await expectText(status(), 'Entry restored.');
    expect(await cells(entry.id)).toEqual(shown);
    expect(await user.api.getEntry(entry.id)).toEqual(before);
    await expectText(stat('unpaid'), unpaid!);
  });

  it('batch delete with a confirmation, then Undo brings every row back', async () => {
    const { user, made } = await twoEntries();
    const shown = await showRows(user, made);
    await expectText(stat('unpaid'), '$167.33');

    for (const entry of made) await row(entry.id).getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Delete selected' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete 2 entries?' });
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'hidden' });
    expect(await row(made[0].id).count()).toBe(1);

    await page.getByRole('button', { name: 'Delete selected' }).click();
    await confirm.getByRole('button', { name: 'Delete 2 entries' }).click();
    await confirm.waitFor({ state: 'hidden' });
    for (const entry of made) await row(entry.id).waitFor({ state: 'detached' });
    await expectText(status(), '2 entries deleted · Undo');
    await expectText(stat('unpaid'), '$0.00');
    expect((await user.api.listEntries()).total).toBe(0);

    await status().getByRole('button', { name: 'Undo' }).click();
    await expectText(status(), '2 entries restored.');
    for (const [i, entry] of made.entries()) {
      await row(entry.id).waitFor();
      expect(await cells(entry.id)).toEqual(shown[i]);
    }
    await expectText(stat('unpaid'), '$167.33');
    expect((await user.api.listEntries()).entries.map((e) => e.id).sort()).toEqual(
      made.map((e) => e.id).sort(),
    );
  });

  it('the next action dismisses the offer: the entry stays deleted', async () => {
    const { user, made } = await twoEntries();
    page = await browser.openPage();
    await signIn(page, user);
    await row(made[1].id)
      .getByRole('button', { name: /^Delete/ })
      .click();
    await page
      .getByRole('dialog', { name: 'Delete this entry?' })
      .getByRole('button', { name: 'Delete entry' })
      .click();
    await expectText(status(), 'Entry deleted · Undo');
    await page.getByLabel('From').fill('2024-03-01');
    await expectText(status(), '');
    expect(await status().getByRole('button', { name: 'Undo' }).count()).toBe(0);
    expect((await user.api.listEntries()).entries.map((e) => e.id)).toEqual([made[0].id]);
    expect((await user.api.listDeletedEntries()).map((e) => e.id)).toEqual([made[1].id]);
  });

  it("shows the server's 409 when the deleted timer cannot come back while another runs", async () => {
    const user = await newUser();
    const first = await user.api.startSession({ notes: 'First timer' });
    page = await browser.openPage();
    await signIn(page, user);
    await row(first.id)
      .getByRole('button', { name: /^Delete/ })
      .click();
    await page
      .getByRole('dialog', { name: 'Delete this entry?' })
      .getByRole('button', { name: 'Delete entry' })
      .click();
    await expectText(status(), 'Entry deleted · Undo');
    const second = await user.api.startSession({ notes: 'Second timer' });

    await status().getByRole('button', { name: 'Undo' }).click();
    await expectText(page.locator('.entries .problem'), new RegExp(`already running \\(entry ${second.id}`));
    await expectText(status(), 'Entry deleted · Undo');
    await expect.poll(async () => (await user.api.getActiveSession())?.id).toBe(second.id);
  });
});

// "Recently deleted" (issue 14, section 3): the 30-day restore from the page.
describe('Recently deleted', () => {
  const dialog = () => page.getByRole('dialog', { name: 'Recently deleted' });
  const deletedRow = (id: number) => dialog().locator(`tr[data-deleted-entry-id="${id}"]`);
  const deletedIds = async () =>
    (await dialog()
      .locator('tr[data-deleted-entry-id]')
      .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-deleted-entry-id'))))) as number[];

  async function deleteRow(id: number) {
    await row(id)
      .getByRole('button', { name: /^Delete/ })
      .click();
    await page
      .getByRole('dialog', { name: 'Delete this entry?' })
      .getByRole('button', { name: 'Delete entry' })
      .click();
    await row(id).waitFor({ state: 'detached' });
  }

  it('lists the deleted entries newest first; Restore brings one back and the other stays listed', async () => {
    const { user, made } = await twoEntries();
    const shown = await showRows(user, made);

    // The older entry first, then the newer one; the Undo offers are left alone.
    await deleteRow(made[0].id);
    await deleteRow(made[1].id);
    await expectText(status(), 'Entry deleted · Undo');

    await page.getByRole('button', { name: 'Recently deleted' }).click();
    await dialog().waitFor();
    // Focus starts on Close, inside the dialog.
    await expect
      .poll(() =>
        page.evaluate(() =>
          document.activeElement?.closest('dialog[open]') ? document.activeElement.textContent : null,
        ),
      )
      .toBe('Close');
    await deletedRow(made[0].id).waitFor();
    expect(await deletedIds()).toEqual([made[1].id, made[0].id]);

    // The values as the entries table showed them: date, start, end, hours, earned, notes.
    for (const [i, entry] of made.entries()) {
      const listed = await deletedRow(entry.id).locator('td').allTextContents();
      const before = shown[i]!;
      expect(listed.slice(0, 6)).toEqual([before[1], before[2], before[3], before[4], before[6], before[8]]);
      expect(listed[6]).toMatch(/^Deleted \w{3}, \w{3} \d+, \d{4}, \d\d:\d\dRestorable until /);
    }
    expect(await deletedRow(made[0].id).locator('td').first().textContent()).toBe('Mon, Mar 4, 2024');
    await screenshot(page, 'recently-deleted.png');

    // Keyboard: the row's button names the entry as the table's row buttons do.
    const restore = deletedRow(made[0].id).getByRole('button', {
      name: 'Restore the entry of Mon, Mar 4, 2024, 09:00–10:20',
      exact: true,
    });
    await restore.focus();
    await page.keyboard.press('Enter');
    await deletedRow(made[0].id).waitFor({ state: 'detached' });
    await expectText(dialog().getByRole('status'), 'The entry of Mon, Mar 4, 2024, 09:00–10:20 is restored.');
    expect(await deletedIds()).toEqual([made[1].id]);
    await row(made[0].id).waitFor();
    expect(await cells(made[0].id)).toEqual(shown[0]);
    expect(await user.api.getEntry(made[0].id)).toEqual(made[0]);

    // A phone: the list becomes cards, as the entries table does.
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'recently-deleted-phone.png');

    await page.keyboard.press('Escape');
    await dialog().waitFor({ state: 'hidden' });
    expect((await user.api.listDeletedEntries()).map((e) => e.id)).toEqual([made[1].id]);
    expect((await user.api.listEntries()).entries.map((e) => e.id)).toEqual([made[0].id]);
  });

  it('pages by 50: Older deletions shows the 51st, Newer deletions goes back', async () => {
    const user = await newUser();
    const created = await user.api.createEntries({
      entries: Array.from({ length: 51 }, (_, i) => ({
        start_time: `2024-04-${String((i % 28) + 1).padStart(2, '0')}T12:00:00Z`,
        end_time: `2024-04-${String((i % 28) + 1).padStart(2, '0')}T13:00:00Z`,
        notes: `Entry ${i + 1}`,
      })),
    });
    await user.api.batchDeleteEntries({ entry_ids: created.map((e) => e.id) });
    // One deletion time for all: newest first is then the highest id first.
    const newestFirst = created.map((e) => e.id).sort((a, b) => b - a);
    page = await browser.openPage();
    await signIn(page, user);
    await page.getByRole('button', { name: 'Recently deleted' }).click();
    await deletedRow(newestFirst[0]!).waitFor();
    expect(await deletedIds()).toEqual(newestFirst.slice(0, 50));
    const pager = dialog().getByRole('navigation', { name: 'Deleted entry pages' });
    await expectText(pager.locator('p'), 'Showing 1–50');
    expect(await pager.getByRole('button', { name: 'Newer deletions' }).getAttribute('aria-disabled')).toBe(
      'true',
    );

    await pager.getByRole('button', { name: 'Older deletions' }).click();
    await expectText(pager.locator('p'), 'Showing 51–51');
    await expect.poll(deletedIds).toEqual([newestFirst[50]]);
    expect(await pager.getByRole('button', { name: 'Older deletions' }).getAttribute('aria-disabled')).toBe(
      'true',
    );

    await pager.getByRole('button', { name: 'Newer deletions' }).click();
    await expectText(pager.locator('p'), 'Showing 1–50');
    await expect.poll(deletedIds).toEqual(newestFirst.slice(0, 50));
  });

  it("an empty list says so, and a restore the server refuses shows the server's problem", async () => {
    const user = await newUser();
    page = await browser.openPage();
    await signIn(page, user);
    await page.getByRole('button', { name: 'Recently deleted' }).click();
    await expectText(dialog().locator('.empty'), 'Nothing deleted in the last 30 days.');
    await page.keyboard.press('Escape');
    await dialog().waitFor({ state: 'hidden' });

    // A deleted timer cannot come back while another runs: 409.
    const first = await user.api.startSession({ notes: 'First timer' });
    await user.api.deleteEntry(first.id);
    const second = await user.api.startSession({ notes: 'Second timer' });
    await page.getByRole('button', { name: 'Recently deleted' }).click();
    await deletedRow(first.id)
      .getByRole('button', { name: /^Restore the entry of / })
      .click();
    await expectText(dialog().locator('.problem'), new RegExp(`already running \\(entry ${second.id}`));
    expect(await deletedIds()).toEqual([first.id]);
    await expect.poll(async () => (await user.api.getActiveSession())?.id).toBe(second.id);
  });
});
