// The tests' own model of the contract's numbers, in integer arithmetic (never
// the code under test): what an entry earns and how hours round.
import type { PaymentStatus } from '@/lib/time-tracking/schemas';

export interface Spec {
  date: string;
  /** Duration in seconds; null for a running timer. */
  seconds: number | null;
  /** Decimal string with at most 4 decimals. */
  rate: string;
  status: PaymentStatus;
}

const rateUnits = (rate: string) => {
  const [whole, fraction = ''] = rate.split('.');
  return BigInt(whole!) * 10_000n + BigInt(fraction.padEnd(4, '0'));
};

/** total_earned of one entry in cents: seconds × rate / 3600, half-up. */
export const earnedCents = (spec: Spec) => {
  const numerator = BigInt(spec.seconds!) * rateUnits(spec.rate) * 100n;
  const denominator = 3600n * 10_000n;
  return (2n * numerator + denominator) / (2n * denominator);
};

export const centsToNumber = (cents: bigint) => Number(cents) / 100;

/** Exact seconds → hours, half-up to 2 decimals. */
export const hoursOf = (seconds: number) => Math.floor((seconds * 100 * 2 + 3600) / 7200) / 100;
