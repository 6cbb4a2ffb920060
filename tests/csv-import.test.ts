import { describe, expect, it } from 'vitest';
import {
  batchIndexOf,
  parseCsv,
  parseImport,
  readDate,
  readTime,
  unneutralise,
} from '@/lib/client/csv-import';
import { csvField } from '@/lib/time-tracking/csv-export';
import { parseTimezone } from '@/lib/time-tracking/timezone';

const UTC_MINUS_3 = parseTimezone('UTC-3')!;
const SAO_PAULO = parseTimezone('America/Sao_Paulo')!;
const NEW_YORK = parseTimezone('America/New_York')!;

describe('parseCsv (RFC 4180)', () => {
  it('reads a BOM, CRLF and LF line ends, quoted commas, line breaks and doubled quotes', () => {
    const text = '\uFEFFa,b,c\r\n1,"x, y","say ""hi"""\r\n2,"line1\r\nline2",\n3,,"only\nLF"\n';
    expect(parseCsv(text)).toEqual([
      ['a', 'b', 'c'],
      ['1', 'x, y', 'say "hi"'],
      ['2', 'line1\r\nline2', ''],
      ['3', '', 'only\nLF'],
    ]);
  });

  it('keeps a last record without a line end, skips blank lines, keeps emoji', () => {
    expect(parseCsv('a,b\n\n☕️,"👩‍💻"')).toEqual([
      ['a', 'b'],
      ['☕️', '👩‍💻'],
    ]);
    expect(parseCsv('')).toEqual([]);
  });

  it('reads back every field the export writes', () => {
    const fields = ['plain', 'a,b', 'q"q', 'l\r\nl', '=1+2', '-3', '@x', '\tt', '\rr', "'kept", ''];
    const line = `${fields.map(csvField).join(',')}\r\n`;
    expect(parseCsv(line)[0]!.map(unneutralise)).toEqual(fields);
  });
});

describe('dates and times of the report formats', () => {
  it('reads ISO, US (slash) and European (dot) dates', () => {
    expect(readDate('2024-01-22')).toBe('2024-01-22');
    expect(readDate('01/22/2024')).toBe('2024-01-22');
    expect(readDate('1/2/2024')).toBe('2024-01-02');
    expect(readDate('22.01.2024')).toBe('2024-01-22');
    expect(readDate('22/01/2024', true)).toBe('2024-01-22');
    expect(readDate('Jan 22')).toBeUndefined();
  });

  it('reads 24-hour and AM/PM times', () => {
    expect(readTime('09:05:30')).toBe('09:05:30');
    expect(readTime('9:05')).toBe('09:05:00');
    expect(readTime('12:00:00 AM')).toBe('00:00:00');
    expect(readTime('12:30 PM')).toBe('12:30:00');
    expect(readTime('1:15:00 pm')).toBe('13:15:00');
    expect(readTime('13:00 PM')).toBeUndefined();
    expect(readTime('25:00')).toBeUndefined();
  });
});

describe('parseImport', () => {
  it('reads our own export: the UTC instants, rate, status, date, and notes without the neutralising quote', () => {
    const text =
      '\uFEFFid,date,start_local,end_local,timezone,start_utc,end_utc,hours,hourly_rate,earned,currency,payment_status,notes\r\n' +
      `7,2024-01-22,2024-01-22 06:00:00,2024-01-22 07:20:00,UTC-3,2024-01-22T09:00:00Z,2024-01-22T10:20:00Z,1.33,50,66.67,USD,paid,${csvField('=SUM(A1)')}\r\n` +
      '8,2024-01-21,2024-01-21 06:00:00,2024-01-21 07:00:00,UTC-3,2024-01-21T09:00:00Z,2024-01-21T10:00:00Z,1.00,2.01,2.01,USD,not_paid,"a, b"\r\n';
    const { format, rows } = parseImport(text, NEW_YORK);
    expect(format).toBe('ours');
    expect(rows.map((r) => r.body)).toEqual([
      {
        start_time: '2024-01-22T09:00:00Z',
        end_time: '2024-01-22T10:20:00Z',
        date: '2024-01-22',
        hourly_rate: 50,
        payment_status: 'paid',
        notes: '=SUM(A1)',
      },
      {
        start_time: '2024-01-21T09:00:00Z',
        end_time: '2024-01-21T10:00:00Z',
        date: '2024-01-21',
        hourly_rate: 2.01,
        payment_status: 'not_paid',
        notes: 'a, b',
      },
    ]);
    expect(rows.map((r) => r.line)).toEqual([2, 3]);
  });

  it('reads a Toggl Track detailed report in the user timezone, with project and task in the notes', () => {
    const text =
      'User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags,Amount (USD)\n' +
      'Ana,ana@example.com,Acme,Website,Design,"Hero, v2",Yes,2024-01-22,09:00:00,2024-01-22,10:30:00,01:30:00,,75.00\n' +
      'Ana,ana@example.com,,,,Late call,No,2024-01-22,23:30:00,2024-01-23,00:15:00,00:45:00,,\n';
    const { format, rows } = parseImport(text, UTC_MINUS_3);
    expect(format).toBe('toggl');
    expect(rows.map((r) => r.body)).toEqual([
      {
        start_time: '2024-01-22T12:00:00Z',
        end_time: '2024-01-22T13:30:00Z',
        notes: 'Website / Design: Hero, v2',
      },
      { start_time: '2024-01-23T02:30:00Z', end_time: '2024-01-23T03:15:00Z', notes: 'Late call' },
    ]);
  });

  it('reads a Clockify detailed report: US dates, AM/PM times, the billable rate; DST in an IANA zone', () => {
    const text =
      'Project,Client,Description,Task,User,Group,Email,Tags,Billable,Start Date,Start Time,End Date,End Time,Duration (h),Duration (decimal),Billable Rate (USD),Billable Amount (USD)\n' +
      'Website,Acme,Review,,Ana,,ana@example.com,,Yes,02/17/2018,11:30:00 PM,02/18/2018,12:30:00 AM,01:00:00,1.00,65.00,65.00\n' +
      ',,Summer,,Ana,,ana@example.com,,No,01/15/2024,09:00:00 AM,01/15/2024,05:00:00 PM,08:00:00,8.00,,\n';
    const { format, rows } = parseImport(text, SAO_PAULO);
    expect(format).toBe('clockify');
    // 2018-02-18 00:00 in São Paulo is when DST ended (clocks went back to 23:00): the earlier 23:30 is -02.
    expect(rows[0]!.body).toEqual({
      start_time: '2018-02-18T01:30:00Z',
      end_time: '2018-02-18T03:30:00Z',
      hourly_rate: 65,
      notes: 'Website: Review',
    });
    expect(rows[1]!.body).toEqual({
      start_time: '2024-01-15T12:00:00Z',
      end_time: '2024-01-15T20:00:00Z',
      notes: 'Summer',
    });
  });

  it('reads a Clockify file that writes the day first; a rate of 0 leaves the default', () => {
    const text =
      'Project,Client,Description,Task,User,Group,Email,Tags,Billable,Start Date,Start Time,End Date,End Time,Duration (h),Duration (decimal),Billable Rate,Billable Amount\n' +
      ',,First,,Ana,,a@x,,Yes,03/02/2024,09:00,03/02/2024,10:00,01:00:00,1.00,0,0\n' +
      ',,Second,,Ana,,a@x,,Yes,25/02/2024,09:00,25/02/2024,10:00,01:00:00,1.00,0.00,0.00\n';
    const { format, rows } = parseImport(text, UTC_MINUS_3);
    expect(format).toBe('clockify');
    expect(rows.map((r) => r.body)).toEqual([
      { start_time: '2024-02-03T12:00:00Z', end_time: '2024-02-03T13:00:00Z', notes: 'First' },
      { start_time: '2024-02-25T12:00:00Z', end_time: '2024-02-25T13:00:00Z', notes: 'Second' },
    ]);
  });

  it('marks unreadable rows and refuses an unknown header', () => {
    const text =
      'Description,Start date,Start time,End date,End time\nok,2024-01-22,09:00,2024-01-22,10:00\nbad,someday,09:00,2024-01-22,10:00\n';
    const { rows } = parseImport(text, UTC_MINUS_3);
    expect(rows[0]!.error).toBeUndefined();
    expect(rows[1]!.error).toBe('unreadable start date or time');
    expect(rows[1]!.line).toBe(3);
    expect(() => parseImport('name,when\nx,y\n', UTC_MINUS_3)).toThrow(/Unrecognised columns/);
    expect(() => parseImport('', UTC_MINUS_3)).toThrow(/empty/);
  });

  it('maps a server error path back to the item of the batch', () => {
    expect(batchIndexOf('entries.17.end_time')).toBe(17);
    expect(batchIndexOf('entries.3')).toBe(3);
    expect(batchIndexOf('entries')).toBeUndefined();
  });
});
