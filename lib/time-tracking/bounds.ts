// The checks that keep what the server derives (a stop's end, a start's local
// date, an entry's earnings) inside what the API can store and send back: an
// input that would leave the range is a 400 naming the field, never a row that
// later gives a 500 or cannot be sent back unchanged.
import { validationError } from '@/lib/errors';
import {
  CLOCK_TOLERANCE_SECONDS,
  MAX_DATE,
  MAX_EXACT_AMOUNT,
  MAX_INSTANT_MS,
  MAX_LATE_START_DAYS,
  MIN_DATE,
  RATE_DECIMALS,
} from './constants';

/** `date` when it is inside MIN_DATE..MAX_DATE; a 400 on `path` otherwise (a start shifted by the zone). */
export function checkedDate(date: string, path = 'start_time'): string {
  if (/^\d{4}-/.test(date) && date >= MIN_DATE && date <= MAX_DATE) return date;
  throw validationError([
    {
      path,
      message: `its local date in the user's timezone would be ${date}, outside the supported ${MIN_DATE} to ${MAX_DATE}`,
    },
  ]);
}

/**
 * A running timer must be stoppable: stopped by default it ends now, or a
 * second after its start, so its start must leave that second inside the range.
 */
export function checkRunningStart(start: Date) {
  if (start.getTime() + 1000 > MAX_INSTANT_MS) {
    throw validationError([
      {
        path: 'start_time',
        message: 'a running timer must start before 9999-12-31T23:59:59Z, so that it can be stopped',
      },
    ]);
  }
}

/** A stop's end, explicit or default, inside the range; an explicit one not after now plus the clock tolerance. */
export function checkStopEnd(end: Date, explicit: boolean) {
  if (explicit && end.getTime() > Date.now() + CLOCK_TOLERANCE_SECONDS * 1000) {
    throw validationError([{ path: 'end_time', message: 'must not be in the future' }]);
  }
  if (end.getTime() > MAX_INSTANT_MS) {
    throw validationError([
      {
        path: 'end_time',
        message:
          'this timer started at the last supported second (9999-12-31T23:59:59Z) and cannot be stopped; change its start_time or delete it',
      },
    ]);
  }
}

/**
 * A timer's explicit (late) start: not after `now` plus the clock tolerance
 * (one a few seconds ahead is another clock's "now", and starts now), not more
 * than MAX_LATE_START_DAYS before `now`. The start the timer gets, to the second.
 */
export function checkLateStart(start: Date, now: Date): Date {
  if (start.getTime() > now.getTime() + CLOCK_TOLERANCE_SECONDS * 1000) {
    throw validationError([{ path: 'start_time', message: 'must not be in the future' }]);
  }
  if (start.getTime() < now.getTime() - MAX_LATE_START_DAYS * 86_400_000) {
    throw validationError([
      {
        path: 'start_time',
        message: `must be at most ${MAX_LATE_START_DAYS} days ago; add older work with POST /entries`,
      },
    ]);
  }
  return start.getTime() > now.getTime() ? now : start;
}

const RATE_SCALE = 10n ** BigInt(RATE_DECIMALS);

/** A decimal string (a rate as zod or the database gives it) in units of 10^-RATE_DECIMALS. */
function scaledRate(rate: string): bigint {
  const [whole = '0', fraction = ''] = rate.split('.');
  return BigInt(whole) * RATE_SCALE + BigInt(fraction.padEnd(RATE_DECIMALS, '0').slice(0, RATE_DECIMALS));
}

/**
 * A 400 when the entry would earn MAX_EXACT_AMOUNT or more: computed exactly,
 * as the database does (whole seconds × rate / 3600, rounded half-up to cents).
 */
export function checkEarned(start: Date, end: Date | null, rate: string, path = 'end_time') {
  if (end === null) return;
  const seconds = BigInt(Math.round((end.getTime() - start.getTime()) / 1000));
  // cents = seconds × rate / 3600 × 100, rounded half-up; with the rate scaled by 10^4:
  const divisor = 3600n * RATE_SCALE;
  const cents = (seconds * scaledRate(rate) * 100n + divisor / 2n) / divisor;
  if (cents >= BigInt(MAX_EXACT_AMOUNT) * 100n) {
    throw validationError([
      {
        path,
        message: `the entry would earn ${(Number(cents) / 100).toExponential(3)}, more than the largest amount the API handles (${MAX_EXACT_AMOUNT.toLocaleString('en-US')} exclusive); shorten the entry or lower its hourly_rate`,
      },
    ]);
  }
}
