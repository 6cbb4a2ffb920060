// Display formatting for the time-tracking page. Money uses Intl.NumberFormat in
// the user's currency; the locale is the browser's (undefined = its default).
import type { PaymentStatus } from '@/lib/time-tracking/schemas';

const moneyFormatters = new Map<string, Intl.NumberFormat>();
const twoDecimals = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export function formatMoney(amount: number, currency: string, locale?: string): string {
  const key = `${locale ?? ''}|${currency}`;
  let formatter = moneyFormatters.get(key);
  if (!formatter) {
    try {
      formatter = new Intl.NumberFormat(locale, { style: 'currency', currency });
    } catch {
      // A code this browser does not know: still show the amount and the code.
      return `${twoDecimals.format(amount)} ${currency}`;
    }
    moneyFormatters.set(key, formatter);
  }
  return formatter.format(amount);
}

/** Hours as the API gives them (2 decimals): "8.50 h". */
export const formatHours = (hours: number) => `${twoDecimals.format(hours)} h`;

/** A running duration: "1:02:03". */
export function formatElapsed(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

export const PAYMENT_STATUS_LABELS: Record<PaymentStatus, string> = {
  not_paid: 'Not paid',
  invoiced_not_approved: 'Invoiced (awaiting approval)',
  invoiced_approved: 'Invoiced (approved)',
  paid: 'Paid',
};

export const PAYMENT_STATUS_OPTIONS = Object.keys(PAYMENT_STATUS_LABELS) as PaymentStatus[];

const compactMoneyFormatters = new Map<string, Intl.NumberFormat>();

/** A short amount for a chart's axis: "$1.2K", "€300". */
export function formatMoneyCompact(amount: number, currency: string, locale?: string): string {
  const key = `${locale ?? ''}|${currency}`;
  let formatter = compactMoneyFormatters.get(key);
  if (!formatter) {
    try {
      formatter = new Intl.NumberFormat(locale, {
        style: 'currency',
        currency,
        notation: 'compact',
        maximumFractionDigits: 1,
      });
    } catch {
      return `${amount} ${currency}`;
    }
    compactMoneyFormatters.set(key, formatter);
  }
  return formatter.format(amount);
}
