import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  formatUtc,
  isValidTimezone,
  localDate,
  type Period,
  parseInstant,
  parseTimezone,
  periodRange,
  type Timezone,
  wallClock,
} from '@/lib/time-tracking/timezone';

const at = (iso: string) => new Date(iso);

function zone(value: string): Timezone {
  const parsed = parseTimezone(value);
  if (!parsed) throw new Error(`${value} should be a valid timezone`);
  return parsed;
}

/** Results must not depend on the server's own TZ: every case runs under several. */
const PROCESS_TIMEZONES = [
  { tz: 'UTC', januaryOffset: 0 },
  { tz: 'America/New_York', januaryOffset: 300 },
  { tz: 'Asia/Kolkata', januaryOffset: -330 },
  { tz: 'Pacific/Kiritimati', januaryOffset: -840 },
  { tz: 'Pacific/Pago_Pago', januaryOffset: 660 },
];

describe.each(PROCESS_TIMEZONES)('with the process running in TZ=$tz', ({ tz, januaryOffset }) => {
  const original = process.env.TZ;

  beforeAll(() => {
    process.env.TZ = tz;
  });

  afterAll(() => {
    if (original === undefined) delete process.env.TZ;
    else process.env.TZ = original;
  });

  it('really runs in that TZ (so the cases below can tell)', () => {
    expect(new Date(2024, 0, 15, 12).getTimezoneOffset()).toBe(januaryOffset);
  });

  describe('parseTimezone', () => {
    it.each([
      ['UTC', 0],
      ['UTC-3', -180],
      ['UTC+3', 180],
      ['UTC+5:30', 330],
      ['UTC+05:30', 330],
      ['UTC-03:30', -210],
      ['UTC+5:45', 345],
      ['UTC+0', 0],
      ['UTC+14', 840],
      ['UTC+14:00', 840],
      ['UTC-12', -720],
      ['UTC-9:30', -570],
    ])('reads %s as a fixed offset of %i minutes', (value, minutes) => {
      expect(parseTimezone(value)).toEqual({ kind: 'offset', minutes });
      expect(isValidTimezone(value)).toBe(true);
    });

    it.each([
      ['America/New_York'],
      ['Europe/Berlin'],
      ['Asia/Kolkata'],
      ['Australia/Lord_Howe'],
      ['America/Argentina/Buenos_Aires'],
      ['Etc/GMT+5'],
    ])('reads the IANA name %s', (name) => {
      expect(parseTimezone(name)).toEqual({ kind: 'iana', name });
      expect(isValidTimezone(name)).toBe(true);
    });

    it.each([
      ['UTC+14:30'],
      ['UTC+14:45'],
      ['UTC+5:20'],
      ['UTC+5:15'],
      ['UTC+5:3'],
      ['UTC+15'],
      ['UTC-15'],
      ['UTC+24'],
      ['UTC+123'],
      ['UTC+'],
      ['UTC5'],
      ['UTC 5'],
      ['UTC+5.5'],
      [' UTC'],
      ['UTC '],
      ['Mars/Olympus'],
      ['America/Nowhere'],
      ['+05:30'],
      ['-3'],
      ['GMT+5'],
      ['../etc/passwd'],
      [''],
    ])('rejects %j', (value) => {
      expect(parseTimezone(value)).toBeUndefined();
      expect(isValidTimezone(value)).toBe(false);
    });
  });

  describe('localDate', () => {
    it.each([
      ['2024-01-22T09:00:00Z', 'UTC', '2024-01-22'],
      ['2024-01-22T23:59:59Z', 'UTC', '2024-01-22'],
      ['2024-01-22T02:59:59Z', 'UTC-3', '2024-01-21'],
      ['2024-01-22T03:00:00Z', 'UTC-3', '2024-01-22'],
      ['2024-01-22T18:29:59Z', 'UTC+5:30', '2024-01-22'],
      ['2024-01-22T18:30:00Z', 'UTC+05:30', '2024-01-23'],
      ['2024-01-22T10:00:00Z', 'UTC+14', '2024-01-23'],
      ['2024-01-22T11:59:59Z', 'UTC-12', '2024-01-21'],
      ['2024-01-22T12:00:00Z', 'UTC-12', '2024-01-22'],
      ['2023-12-31T10:00:00Z', 'UTC+14', '2024-01-01'],
      ['2024-01-01T05:00:00Z', 'UTC-9:30', '2023-12-31'],
      ['2024-02-29T20:00:00Z', 'UTC+5:45', '2024-03-01'],
      ['2024-01-22T18:30:00Z', 'Asia/Kolkata', '2024-01-23'],
      ['2024-01-22T18:29:59Z', 'Asia/Kolkata', '2024-01-22'],
      ['2024-06-30T22:00:00Z', 'Europe/Berlin', '2024-07-01'],
      ['2024-01-31T22:59:59Z', 'Europe/Berlin', '2024-01-31'],
    ])('%s in %s is %s', (instant, timezone, expected) => {
      expect(localDate(at(instant), zone(timezone))).toBe(expected);
    });

    it.each([
      // EST (UTC-5) before 2024-03-10 07:00Z, EDT (UTC-4) after: a fixed offset would get one of each pair wrong.
      ['2024-03-09T04:30:00Z', '2024-03-08'],
      ['2024-03-10T04:30:00Z', '2024-03-09'],
      ['2024-03-11T03:59:59Z', '2024-03-10'],
      ['2024-03-11T04:30:00Z', '2024-03-11'],
      // EDT until 2024-11-03 06:00Z, EST after.
      ['2024-11-02T04:30:00Z', '2024-11-02'],
      ['2024-11-03T03:59:59Z', '2024-11-02'],
      ['2024-11-03T04:30:00Z', '2024-11-03'],
      ['2024-11-04T04:30:00Z', '2024-11-03'],
      ['2024-11-04T05:00:00Z', '2024-11-04'],
    ])('America/New_York follows DST: %s is %s', (instant, expected) => {
      expect(localDate(at(instant), zone('America/New_York'))).toBe(expected);
    });

    it('handles dates near the ends of the supported range', () => {
      expect(localDate(at('1900-01-01T12:00:00Z'), zone('UTC-3'))).toBe('1900-01-01');
      expect(localDate(at('9999-12-31T12:00:00Z'), zone('UTC+5:30'))).toBe('9999-12-31');
      expect(localDate(at('9999-12-31T12:00:00Z'), zone('America/New_York'))).toBe('9999-12-31');
    });
  });

  describe('wallClock', () => {
    it.each([
      ['2024-01-22T09:00:00Z', 'UTC', '2024-01-22T09:00:00'],
      ['2024-01-22T02:59:59Z', 'UTC-3', '2024-01-21T23:59:59'],
      ['2024-01-22T18:30:00Z', 'UTC+05:30', '2024-01-23T00:00:00'],
      // New York: EST before 2024-03-10 07:00Z, EDT after; back to EST at 2024-11-03 06:00Z.
      ['2024-03-10T06:59:59Z', 'America/New_York', '2024-03-10T01:59:59'],
      ['2024-03-10T07:00:00Z', 'America/New_York', '2024-03-10T03:00:00'],
      ['2024-11-03T05:30:00Z', 'America/New_York', '2024-11-03T01:30:00'],
      ['2024-11-03T06:30:00Z', 'America/New_York', '2024-11-03T01:30:00'],
      ['2024-01-01T00:00:00Z', 'Asia/Kolkata', '2024-01-01T05:30:00'],
      ['2018-02-18T02:30:00Z', 'America/Sao_Paulo', '2018-02-17T23:30:00'],
    ])('%s in %s is %s', (instant, timezone, expected) => {
      expect(wallClock(at(instant), zone(timezone))).toBe(expected);
    });
  });

  describe('periodRange', () => {
    it.each<[string, Period, string, string]>([
      ['2024-01-22', 'day', '2024-01-22', '2024-01-22'],
      ['2024-02-29', 'day', '2024-02-29', '2024-02-29'],
      // ISO weeks run Monday to Sunday.
      ['2024-01-22', 'week', '2024-01-22', '2024-01-28'], // a Monday
      ['2024-01-24', 'week', '2024-01-22', '2024-01-28'],
      ['2024-01-28', 'week', '2024-01-22', '2024-01-28'], // a Sunday
      ['2024-01-29', 'week', '2024-01-29', '2024-02-04'],
      ['2024-03-01', 'week', '2024-02-26', '2024-03-03'], // across a leap February
      ['2023-03-01', 'week', '2023-02-27', '2023-03-05'],
      ['2025-01-01', 'week', '2024-12-30', '2025-01-05'], // across a year
      ['2024-12-31', 'week', '2024-12-30', '2025-01-05'],
      ['2021-01-03', 'week', '2020-12-28', '2021-01-03'], // a Sunday in ISO week 53
      ['2027-01-01', 'week', '2026-12-28', '2027-01-03'],
      ['2024-02-15', 'month', '2024-02-01', '2024-02-29'],
      ['2023-02-15', 'month', '2023-02-01', '2023-02-28'],
      ['2000-02-01', 'month', '2000-02-01', '2000-02-29'],
      ['2100-02-28', 'month', '2100-02-01', '2100-02-28'],
      ['1900-02-10', 'month', '1900-02-01', '1900-02-28'],
      ['2024-04-30', 'month', '2024-04-01', '2024-04-30'],
      ['2024-12-31', 'month', '2024-12-01', '2024-12-31'],
      ['2024-01-01', 'month', '2024-01-01', '2024-01-31'],
      ['2024-06-15', 'year', '2024-01-01', '2024-12-31'],
      ['2023-01-01', 'year', '2023-01-01', '2023-12-31'],
      ['2023-12-31', 'year', '2023-01-01', '2023-12-31'],
    ])('%s, %s: %s to %s', (date, period, from, to) => {
      expect(periodRange(date, period)).toEqual({ from, to });
    });

    it('gives a Monday-to-Sunday week for every day of 2024', () => {
      let day = new Date(Date.UTC(2024, 0, 1));
      let weeks = 0;
      while (day.getUTCFullYear() === 2024) {
        const date = day.toISOString().slice(0, 10);
        const { from, to } = periodRange(date, 'week');
        const monday = new Date(`${from}T00:00:00Z`);
        const sunday = new Date(`${to}T00:00:00Z`);
        expect(monday.getUTCDay(), date).toBe(1);
        expect(sunday.getUTCDay(), date).toBe(0);
        expect((sunday.getTime() - monday.getTime()) / 86_400_000, date).toBe(6);
        expect(from <= date && date <= to, date).toBe(true);
        if (from === date) weeks++;
        day = new Date(day.getTime() + 86_400_000);
      }
      expect(weeks).toBe(53); // 2024-01-01 and 2024-12-30 are Mondays
    });
  });

  describe('parseInstant', () => {
    it.each([
      ['2024-01-22T09:00:00Z', '2024-01-22T09:00:00.000Z'],
      ['2024-01-22T09:00:00z', '2024-01-22T09:00:00.000Z'],
      ['2024-01-22T09:00:00.000Z', '2024-01-22T09:00:00.000Z'],
      ['2024-01-22T09:00:00', '2024-01-22T09:00:00.000Z'], // naive = UTC
      ['2024-01-22T09:00:00.123', '2024-01-22T09:00:00.000Z'],
      ['2024-01-22T14:30:00+05:30', '2024-01-22T09:00:00.000Z'],
      ['2024-01-22T14:30:00+0530', '2024-01-22T09:00:00.000Z'],
      ['2024-01-22T06:00:00-03:00', '2024-01-22T09:00:00.000Z'],
      ['2024-01-22T06:00:00-0300', '2024-01-22T09:00:00.000Z'],
      ['2024-01-22T09:00:00+00:00', '2024-01-22T09:00:00.000Z'],
      ['2024-01-22T23:30:00-12:00', '2024-01-23T11:30:00.000Z'],
      ['2024-01-23T00:30:00+14:00', '2024-01-22T10:30:00.000Z'],
      // Fractions of a second are truncated, never rounded up.
      ['2024-01-22T09:00:00.999Z', '2024-01-22T09:00:00.000Z'],
      ['2024-01-22T09:00:00.5+01:00', '2024-01-22T08:00:00.000Z'],
      ['2024-01-22T09:00:59.999999999Z', '2024-01-22T09:00:59.000Z'],
      ['2024-12-31T23:59:59.999Z', '2024-12-31T23:59:59.000Z'],
      // Calendar edges.
      ['2024-02-29T12:00:00Z', '2024-02-29T12:00:00.000Z'],
      ['2000-02-29T00:00:00Z', '2000-02-29T00:00:00.000Z'],
      ['2024-03-01T01:00:00+02:00', '2024-02-29T23:00:00.000Z'],
      ['1900-01-01T00:00:00Z', '1900-01-01T00:00:00.000Z'],
      ['9999-12-31T23:59:59Z', '9999-12-31T23:59:59.000Z'],
      // Across the New York DST change the given offset is what counts.
      ['2024-03-10T01:59:59-05:00', '2024-03-10T06:59:59.000Z'],
      ['2024-03-10T03:00:00-04:00', '2024-03-10T07:00:00.000Z'],
    ])('reads %s as %s', (value, expected) => {
      expect(parseInstant(value)?.toISOString()).toBe(expected);
    });

    it.each([
      ['2023-02-29T00:00:00Z'],
      ['1900-02-29T00:00:00Z'],
      ['2024-02-30T00:00:00Z'],
      ['2024-04-31T00:00:00Z'],
      ['2024-13-01T00:00:00Z'],
      ['2024-00-10T00:00:00Z'],
      ['2024-01-00T00:00:00Z'],
      ['2024-01-22T24:00:00Z'],
      ['2024-01-22T24:00:00'],
      ['2024-01-22T23:60:00Z'],
      ['2024-01-22T23:59:60Z'],
      ['2024-01-22T09:00:00+24:00'],
      ['2024-01-22T09:00:00+05:60'],
      ['0000-01-01T00:00:00Z'],
      ['0999-12-31T23:59:59Z'],
      ['1899-12-31T23:59:59Z'],
      ['1900-01-01T00:30:00+01:00'],
      ['10000-01-01T00:00:00Z'],
      ['+010000-01-01T00:00:00Z'],
      ['-000001-01-01T00:00:00Z'],
      ['9999-12-31T23:59:59-01:00'],
      ['2024-1-22T09:00:00Z'],
      ['2024-01-22T9:00:00Z'],
      ['2024-01-22T09:00:00ZZ'],
      ['2024-01-22T09:00:00+05:30Z'],
      ['2024-01-22T09:00:00 +05:30'],
      ['2024-01-22T09:00:00.Z'],
      ['2024-01-22'],
      ['09:00:00'],
      ['1705914000'],
      ['Mon, 22 Jan 2024 09:00:00 GMT'],
      ['2024-01-22T09:00:00Z\n'],
      [' 2024-01-22T09:00:00Z'],
      ['not a date'],
      [''],
    ])('rejects %j', (value) => {
      expect(parseInstant(value)).toBeUndefined();
    });

    it('gives the same instant whatever the process TZ', () => {
      // A naive timestamp must not be read as local time.
      expect(parseInstant('2024-07-01T12:00:00')?.getTime()).toBe(Date.UTC(2024, 6, 1, 12));
      expect(parseInstant('2024-01-01T00:00:00')?.getTime()).toBe(Date.UTC(2024, 0, 1));
    });
  });

  describe('formatUtc', () => {
    it.each([
      ['2024-01-22T09:00:00.000Z', '2024-01-22T09:00:00'],
      ['2024-01-22T09:00:00.999Z', '2024-01-22T09:00:00'],
      ['2024-07-01T23:59:59.000Z', '2024-07-01T23:59:59'],
      ['2024-02-29T00:00:00.000Z', '2024-02-29T00:00:00'],
      ['1900-01-01T00:00:00.000Z', '1900-01-01T00:00:00'],
      ['9999-12-31T23:59:59.000Z', '9999-12-31T23:59:59'],
    ])('writes %s as %s (UTC, to the second, no offset)', (iso, expected) => {
      expect(formatUtc(at(iso))).toBe(expected);
    });

    it('round-trips through parseInstant, so a response timestamp can be sent back unchanged', () => {
      for (const iso of ['2024-01-22T09:00:00Z', '2024-03-10T07:30:15Z', '2024-11-03T05:59:59Z']) {
        const instant = at(iso);
        const text = formatUtc(instant);
        expect(text).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
        expect(parseInstant(text)?.getTime()).toBe(instant.getTime());
      }
      const withOffset = parseInstant('2024-01-22T14:30:45.678+05:30');
      expect(withOffset && formatUtc(withOffset)).toBe('2024-01-22T09:00:45');
    });
  });
});
