import { formatHours, formatMoney } from '@/lib/client/format';
import { fromCents, type Invoice } from '@/lib/client/invoice';
import { fromApiTimestamp, toWallClock } from '@/lib/client/zoned-time';
import type { Timezone } from '@/lib/time-tracking/timezone';

const dayFormat = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  timeZone: 'UTC',
});

/** "Wed, Jan 10, 2024" for an entry's `date` (a calendar date, so read in UTC). */
export const formatDay = (date: string) => dayFormat.format(new Date(`${date}T00:00:00Z`));

/** "09:00" in the zone; with the date when it is not `date` (work past midnight). */
function localTime(timestamp: string, zone: Timezone, date: string): string {
  const wall = toWallClock(fromApiTimestamp(timestamp), zone);
  const time = wall.slice(11, 16);
  return wall.slice(0, 10) === date ? time : `${formatDay(wall.slice(0, 10))} ${time}`;
}

/**
 * The lines of an invoice grouped by day (one <tbody> per day, which print
 * keeps on one page where it can), each day's subtotal and the grand total.
 * Shared by the Invoice dialog and the public invoice page.
 */
export function InvoiceLines({
  invoice,
  zone,
  currency,
  caption,
}: {
  invoice: Invoice;
  zone: Timezone;
  currency: string;
  caption: string;
}) {
  const money = (cents: number) => formatMoney(fromCents(cents), currency);
  return (
    <div className="table-wrap">
      <table className="invoice-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Notes</th>
            <th scope="col" className="num">
              Hours
            </th>
            <th scope="col" className="num">
              Rate
            </th>
            <th scope="col" className="num">
              Amount
            </th>
          </tr>
        </thead>
        {invoice.days.map((day) => (
          <tbody key={day.date} className="invoice-day" data-date={day.date}>
            <tr className="invoice-day-head">
              <th scope="rowgroup" colSpan={5}>
                {formatDay(day.date)}
              </th>
            </tr>
            {day.entries.map((entry) => (
              <tr key={entry.id} className="invoice-line">
                <td className="invoice-time">
                  {localTime(entry.start_time, zone, day.date)}–{localTime(entry.end_time!, zone, day.date)}
                </td>
                <td className="notes">{entry.notes}</td>
                <td className="num">{formatHours(entry.total_hours ?? 0)}</td>
                <td className="num">{formatMoney(entry.hourly_rate, currency)}</td>
                <td className="num">{formatMoney(entry.total_earned ?? 0, currency)}</td>
              </tr>
            ))}
            <tr className="invoice-subtotal">
              <th scope="row" colSpan={2}>
                Subtotal {formatDay(day.date)}
              </th>
              <td className="num" data-testid="day-hours">
                {formatHours(day.hours)}
              </td>
              <td />
              <td className="num" data-testid="day-amount">
                {money(day.cents)}
              </td>
            </tr>
          </tbody>
        ))}
        <tfoot>
          <tr className="invoice-total">
            <th scope="row" colSpan={2}>
              Total ({invoice.entryCount} {invoice.entryCount === 1 ? 'entry' : 'entries'})
            </th>
            <td className="num" data-testid="total-hours">
              {formatHours(invoice.hours)}
            </td>
            <td />
            <td className="num" data-testid="total-amount">
              {money(invoice.cents)}
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
