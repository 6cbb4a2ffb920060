// An invoice from a list of entries, for the page's Invoice dialog and the
// public invoice page: completed entries grouped by their `date`, oldest first,
// with day subtotals and a grand total by the API's rules (docs/API.md,
// "Invoice links"): hours are the exact total duration rounded once (half-up,
// 2 decimals), amounts the sum of the entries' `total_earned`. Integer seconds
// and integer cents only: no float sums that drift.
import type { TimeEntry } from './api';
import { fromApiTimestamp } from './zoned-time';

export interface InvoiceTotals {
  /** Exact seconds of work. */
  seconds: number;
  /** `seconds` in hours, rounded once, half-up, to 2 decimals. */
  hours: number;
  /** The sum of the entries' total_earned, in cents. */
  cents: number;
}

export interface InvoiceDay extends InvoiceTotals {
  date: string;
  entries: TimeEntry[];
}

export interface Invoice extends InvoiceTotals {
  days: InvoiceDay[];
  entryCount: number;
  /** The first and last day with work, or null without entries. */
  firstDate: string | null;
  lastDate: string | null;
}

/** Seconds between start and end (the API's timestamps are whole seconds). */
export const entrySeconds = (entry: TimeEntry) =>
  entry.end_time === null
    ? 0
    : Math.round(
        (fromApiTimestamp(entry.end_time).getTime() - fromApiTimestamp(entry.start_time).getTime()) / 1000,
      );

/** Hours of `seconds`, rounded half-up to 2 decimals: round(seconds / 36) / 100, in integers. */
export const hoursOfSeconds = (seconds: number) => Math.floor((2 * seconds + 36) / 72) / 100;

/** An amount with at most 2 decimals (as the API sends money) in integer cents. */
export const toCents = (amount: number) => Math.round(amount * 100);

/** Cents as the JSON number the API would send. */
export const fromCents = (cents: number) => cents / 100;

function totalsOf(entries: TimeEntry[]): InvoiceTotals {
  let seconds = 0;
  let cents = 0;
  for (const entry of entries) {
    seconds += entrySeconds(entry);
    cents += toCents(entry.total_earned ?? 0);
  }
  return { seconds, hours: hoursOfSeconds(seconds), cents };
}

const chronological = (a: TimeEntry, b: TimeEntry) =>
  a.date.localeCompare(b.date) || a.start_time.localeCompare(b.start_time) || a.id - b.id;

/** The invoice of the completed entries among `entries` (a running timer is left out). */
export function buildInvoice(entries: readonly TimeEntry[]): Invoice {
  const completed = entries.filter((e) => e.end_time !== null && e.total_earned !== null).sort(chronological);
  const byDate = new Map<string, TimeEntry[]>();
  for (const entry of completed) {
    const day = byDate.get(entry.date);
    if (day) day.push(entry);
    else byDate.set(entry.date, [entry]);
  }
  const days = [...byDate].map(([date, dayEntries]) => ({
    date,
    entries: dayEntries,
    ...totalsOf(dayEntries),
  }));
  return {
    days,
    entryCount: completed.length,
    firstDate: days[0]?.date ?? null,
    lastDate: days.at(-1)?.date ?? null,
    ...totalsOf(completed),
  };
}
