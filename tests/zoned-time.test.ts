import { describe, expect, it } from 'vitest';
import { formatElapsed, formatMoney } from '@/lib/client/format';
import {
  fromApiTimestamp,
  fromWallClock,
  offsetMinutesAt,
  toApiTimestamp,
  toDateTimeLocalValue,
  toWallClock,
  zoneOf,
} from '@/lib/client/zoned-time';

const at = (iso: string) => new Date(iso);

describe('wall-clock times in the user timezone setting', () => {
  it('reads fixed offsets as the frontend writes them', () => {
    expect(toWallClock(at('2024-03-05T12:15:00Z'), zoneOf('UTC-3'))).toBe('2024-03-05T09:15:00');
    expect(toWallClock(at('2024-03-05T12:15:00Z'), zoneOf('UTC+05:30'))).toBe('2024-03-05T17:45:00');
    expect(toWallClock(at('2024-03-05T12:15:00Z'), zoneOf('UTC+5:30'))).toBe('2024-03-05T17:45:00');
    expect(toWallClock(at('2024-03-05T01:00:00Z'), zoneOf('UTC-3'))).toBe('2024-03-04T22:00:00');
    expect(fromWallClock('2024-03-05T09:15', zoneOf('UTC-3'))).toEqual(at('2024-03-05T12:15:00Z'));
    expect(fromWallClock('2024-03-05T17:45:30', zoneOf('UTC+05:30'))).toEqual(at('2024-03-05T12:15:30Z'));
  });

  it('follows DST for IANA names, whatever the process timezone', () => {
    const ny = zoneOf('America/New_York');
    expect(offsetMinutesAt(at('2024-01-15T12:00:00Z'), ny)).toBe(-300);
    expect(offsetMinutesAt(at('2024-07-15T12:00:00Z'), ny)).toBe(-240);
    expect(fromWallClock('2024-07-15T09:00', ny)).toEqual(at('2024-07-15T13:00:00Z'));
    expect(fromWallClock('2024-01-15T09:00', ny)).toEqual(at('2024-01-15T14:00:00Z'));
    expect(toDateTimeLocalValue(at('2024-07-15T13:00:00Z'), ny)).toBe('2024-07-15T09:00');
    // The hour that repeats in November: the earlier instant.
    expect(fromWallClock('2024-11-03T01:30', ny)).toEqual(at('2024-11-03T05:30:00Z'));
    // The hour that does not exist in March: read with the offset from before the change.
    expect(fromWallClock('2024-03-10T02:30', ny)).toEqual(at('2024-03-10T07:30:00Z'));
    expect(toWallClock(at('2024-03-10T07:30:00Z'), ny)).toBe('2024-03-10T03:30:00');
    const kolkata = zoneOf('Asia/Kolkata');
    expect(fromWallClock('2024-03-05T17:45', kolkata)).toEqual(at('2024-03-05T12:15:00Z'));
  });

  it('round-trips every hour of a DST year in São Paulo (2018) and New York', () => {
    for (const name of ['America/Sao_Paulo', 'America/New_York', 'UTC-3', 'UTC+05:45']) {
      const zone = zoneOf(name);
      for (let t = Date.UTC(2018, 0, 1); t < Date.UTC(2019, 0, 1); t += 60 * 60_000) {
        const wall = toWallClock(new Date(t), zone);
        const back = fromWallClock(wall, zone)!;
        // Only in a repeated hour may the earlier instant come back.
        expect(toWallClock(back, zone)).toBe(wall);
        expect(back.getTime()).toBeLessThanOrEqual(t);
      }
    }
  });

  it('refuses what is not a wall-clock time, and falls back to UTC for an unknown setting', () => {
    expect(fromWallClock('2024-02-30T10:00', zoneOf('UTC'))).toBeUndefined();
    expect(fromWallClock('10:00', zoneOf('UTC'))).toBeUndefined();
    expect(fromWallClock('', zoneOf('UTC'))).toBeUndefined();
    expect(zoneOf('Mars/Olympus')).toEqual({ kind: 'offset', minutes: 0 });
    expect(zoneOf(undefined)).toEqual({ kind: 'offset', minutes: 0 });
  });

  it('reads naive API timestamps as UTC and sends explicit Z instants', () => {
    expect(fromApiTimestamp('2024-01-22T09:00:00')).toEqual(at('2024-01-22T09:00:00Z'));
    expect(toApiTimestamp(at('2024-01-22T09:00:00.789Z'))).toBe('2024-01-22T09:00:00Z');
  });
});

describe('formatting', () => {
  it('formats money in the currency and running durations', () => {
    expect(formatMoney(1234.5, 'USD', 'en-US')).toBe('$1,234.50');
    expect(formatMoney(1234.5, 'EUR', 'en-US')).toBe('€1,234.50');
    expect(formatMoney(1234.5, 'JPY', 'en-US')).toBe('¥1,235');
    expect(formatElapsed(0)).toBe('0:00:00');
    expect(formatElapsed(3723.9)).toBe('1:02:03');
    expect(formatElapsed(-5)).toBe('0:00:00');
  });
});
