// Clock and zone independence (issue 3, item 9): the same requests give the same
// answers whatever the TZ of the server process.
//
// Three production servers (`next start`), each on a fresh database of its own,
// run with TZ=UTC, TZ=America/New_York and TZ=Asia/Kolkata. One deterministic
// sequence of requests is replayed against all three in lock step (each request
// goes to the three servers at the same moment, so even the answers that depend
// on the current date, like "today" in the stats, are asked at the same instant).
// The answers must be identical after normalising only what legitimately
// differs: created_at/updated_at (the wall clock at write time) and the
// timestamps of timer sessions (started "now"). Even those are checked before
// they are normalised: they must be UTC near the test's clock, and a timer's
// date must be the local date of its start.
//
// Ids are kept: every database is fresh and gets the same inserts in the same order.

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settingsSchema, statsSchema, timeEntrySchema } from '@/lib/time-tracking/schemas';
import type { Api, ApiResponse } from './harness/client';
import { type Environment, startEnvironment } from './harness/environment';

const SERVER_TZS = ['UTC', 'America/New_York', 'Asia/Kolkata'] as const;
const BASE = '/api/v1/time-tracking';

// Users by role; the same ids on every server (each database is fresh).
const NY_USER = 91_001; // America/New_York (for a while Asia/Kolkata)
const OFFSET_USER = 91_002; // cycles through fixed offsets and IANA zones
const TIMER_USER = 91_003; // the timer (wall-clock start times)
const DEFAULT_USER = 91_004; // never saves settings: the default timezone (UTC)

const envs: Environment[] = [];

beforeAll(async () => {
  // One at a time: the machine is small and others may be running tests too.
  for (const tz of SERVER_TZS) envs.push(await startEnvironment({ tz }));
}, 360_000);

afterAll(async () => {
  await Promise.all(envs.map((env) => env.close()));
});

// ---- the test's own calendar arithmetic (not the implementation's) ----------

const NAIVE_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;
const msOf = (naiveUtc: string) => Date.parse(`${naiveUtc}Z`);
const naive = (ms: number) => new Date(ms).toISOString().slice(0, 19);

/** The same instant written with a fixed offset, e.g. "+05:30" or "-12:00". */
function withOffset(ms: number, offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const hhmm = `${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${naive(ms + offsetMinutes * 60_000)}${sign}${hhmm}`;
}

/** The local date of an instant in "UTC", "UTC±H[:MM]" or an IANA zone (via Intl). */
function localDateIn(ms: number, zone: string): string {
  const offset = /^UTC(?:([+-])(\d{1,2})(?::(\d{2}))?)?$/.exec(zone);
  if (offset) {
    const [, sign = '+', hours = '0', minutes = '0'] = offset;
    const total = (Number(hours) * 60 + Number(minutes)) * (sign === '-' ? -1 : 1);
    return new Date(ms + total * 60_000).toISOString().slice(0, 10);
  }
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(ms);
}

// ---- the replay -------------------------------------------------------------

interface ServerState {
  tz: string;
  ids: Record<string, number>;
  // biome-ignore lint/suspicious/noExplicitAny: entries as the server answered them
  bodies: Record<string, any>;
  /** Timer entries (started at "now") and the timezone their date must follow. */
  timers: Map<number, string>;
  /** A timer's wall-clock times as they appear in any later text (problem details), and their placeholders. */
  replacements: Map<string, string>;
}

interface Context {
  api: Api;
  state: ServerState;
}

interface Step {
  name: string;
  send: (ctx: Context) => Promise<ApiResponse>;
  /** Absolute expectations, checked on every server's answer before comparing them. */
  check?: (res: ApiResponse, ctx: Context) => void;
}

/** The step's answer reduced to what must be equal on every server. */
interface Transcript {
  status: number;
  headers: Record<string, string | null>;
  body: unknown;
}

// Set once, shared by the three servers: entries "relative to now" get the same
// instants everywhere, so they are deterministic too.
const T0 = Math.floor(Date.now() / 60_000) * 60_000;
const HOUR = 3_600_000;

const steps: Step[] = [];
const step = (name: string, send: Step['send'], check?: Step['check']) => steps.push({ name, send, check });

// biome-ignore lint/suspicious/noExplicitAny: a JSON body
const json = (res: ApiResponse): any => res.body;

function expectStatus(res: ApiResponse, status: number) {
  expect(res.status, res.text).toBe(status);
}

function expectProblemOf(res: ApiResponse, status: number) {
  expectStatus(res, status);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  expect(json(res).status).toBe(status);
}

/** POST /entries, remembering the id under `key`; `expected` fields are checked on every server. */
function createEntry(
  key: string,
  userId: number,
  body: Record<string, unknown>,
  expected: Record<string, unknown>,
) {
  step(
    `POST /entries ${key} ${JSON.stringify(body)}`,
    async ({ api, state }) => {
      const res = await api('POST', `${BASE}/entries`, { userId, body });
      if (res.status === 201) {
        state.ids[key] = json(res).id;
        state.bodies[key] = json(res);
      }
      return res;
    },
    (res) => {
      expectStatus(res, 201);
      expect(timeEntrySchema.strict().parse(json(res))).toMatchObject(expected);
    },
  );
}

function putSettings(userId: number, body: Record<string, unknown>, expected?: Record<string, unknown>) {
  step(
    `PUT /settings ${userId} ${JSON.stringify(body)}`,
    ({ api }) => api('PUT', `${BASE}/settings`, { userId, body }),
    (res) => {
      expectStatus(res, 200);
      expect(settingsSchema.strict().parse(json(res))).toEqual(expected ?? json(res));
      if (body.timezone) expect(json(res).timezone).toBe(body.timezone);
    },
  );
}

function updateEntry(
  key: string,
  userId: number,
  body: Record<string, unknown> | ((state: ServerState) => Record<string, unknown>),
  expected: Record<string, unknown>,
) {
  step(
    `PUT /entries/${key} ${typeof body === 'function' ? '(computed)' : JSON.stringify(body)}`,
    async ({ api, state }) => {
      const res = await api('PUT', `${BASE}/entries/${state.ids[key]}`, {
        userId,
        body: typeof body === 'function' ? body(state) : body,
      });
      if (res.status === 200) state.bodies[key] = json(res);
      return res;
    },
    (res) => {
      expectStatus(res, 200);
      expect(timeEntrySchema.strict().parse(json(res))).toMatchObject(expected);
    },
  );
}

function listEntries(userId: number, query: string, expectedDates?: string[]) {
  step(
    `GET /entries?${query} (user ${userId})`,
    ({ api }) => api('GET', `${BASE}/entries?${query}`, { userId }),
    (res) => {
      expectStatus(res, 200);
      expect(Array.isArray(json(res))).toBe(true);
      for (const entry of json(res)) timeEntrySchema.strict().parse(entry);
      if (expectedDates) {
        expect(json(res).map((e: { date: string }) => e.date)).toEqual(expectedDates);
      }
    },
  );
}

function stats(userId: number, query: string) {
  step(
    `GET /stats?${query} (user ${userId})`,
    ({ api }) => api('GET', `${BASE}/stats${query ? `?${query}` : ''}`, { userId }),
    (res) => {
      expectStatus(res, 200);
      statsSchema.strict().parse(json(res));
    },
  );
}

/**
 * How far each timer's start is moved back after it starts: an explicit stop
 * `end_time` may not be in the future, and the stops below are up to 2 h
 * after the start.
 */
const TIMER_BACKDATE_MS = 3 * 60 * 60_000;

function startTimer(key: string, body: Record<string, unknown> | undefined, zone: string) {
  step(
    `POST /sessions/start ${key} ${JSON.stringify(body ?? null)}, then its start_time moved back 3 h`,
    async ({ api, state }) => {
      const res = await api('POST', `${BASE}/sessions/start`, { userId: TIMER_USER, body });
      expectStatus(res, 201);
      const started = msOf(json(res).start_time) - TIMER_BACKDATE_MS;
      // The date sent with it is the local date in the timer's own zone, as the start gave it.
      const moved = await api('PUT', `${BASE}/entries/${json(res).id}`, {
        userId: TIMER_USER,
        body: { start_time: naive(started), date: localDateIn(started, zone) },
      });
      if (moved.status === 200) {
        state.ids[key] = json(moved).id;
        state.bodies[key] = json(moved);
        state.timers.set(json(moved).id, zone);
      }
      return moved;
    },
    (res) => {
      expectStatus(res, 200);
      const entry = timeEntrySchema.strict().parse(json(res));
      expect(entry).toMatchObject({ end_time: null, total_hours: null, total_earned: null });
    },
  );
}

/** Stops the timer `key` at its start + `seconds`, written by `format` (the same instant in several spellings). */
function stopTimer(
  key: string,
  seconds: number | undefined,
  [spelling, format]: [string, (ms: number) => string],
  expected: number | Record<string, unknown>,
) {
  step(
    `POST /sessions/${key}/stop ${seconds === undefined ? '(empty body)' : `at start + ${seconds} s, ${spelling}`}`,
    ({ api, state }) => {
      const start = msOf(state.bodies[key].start_time);
      return api('POST', `${BASE}/sessions/${state.ids[key]}/stop`, {
        userId: TIMER_USER,
        body: seconds === undefined ? undefined : { end_time: format(start + seconds * 1000) },
      });
    },
    (res) => {
      if (typeof expected === 'number') return expectProblemOf(res, expected);
      expectStatus(res, 200);
      expect(timeEntrySchema.strict().parse(json(res))).toMatchObject(expected);
    },
  );
}

// ---- the sequence -------------------------------------------------------------

// User A: New York around both DST changes, with Z, naive and offset timestamps.
step('GET /settings (first access creates the defaults)', ({ api }) =>
  api('GET', `${BASE}/settings`, { userId: NY_USER }),
);
putSettings(
  NY_USER,
  { timezone: 'America/New_York', default_hourly_rate: 42.5, currency: 'eur' },
  { timezone: 'America/New_York', default_hourly_rate: 42.5, currency: 'EUR' },
);
// Spring forward, Sunday 2024-03-10: 02:00 EST → 03:00 EDT at 07:00Z.
createEntry(
  'sat',
  NY_USER,
  { start_time: '2024-03-10T04:59:59Z', end_time: '2024-03-10T06:00:00Z' },
  // Saturday 23:59:59 EST; 3601 s at 42.5 = 42.5118 → 42.51.
  {
    date: '2024-03-09',
    start_time: '2024-03-10T04:59:59',
    hourly_rate: 42.5,
    total_hours: 1,
    total_earned: 42.51,
  },
);
createEntry(
  'gap',
  NY_USER,
  { start_time: '2024-03-10T00:00:00-05:00', end_time: '2024-03-10T04:00:00-04:00', hourly_rate: 10 },
  // 00:00 EST to 04:00 EDT is 3 real hours.
  { date: '2024-03-10', start_time: '2024-03-10T05:00:00', end_time: '2024-03-10T08:00:00', total_hours: 3 },
);
createEntry(
  'sunLate',
  NY_USER,
  { start_time: '2024-03-10T23:59:59-04:00', end_time: '2024-03-11T00:59:59-04:00' },
  { date: '2024-03-10', start_time: '2024-03-11T03:59:59', end_time: '2024-03-11T04:59:59' },
);
createEntry(
  'mon',
  NY_USER,
  {
    start_time: '2024-03-11T04:00:00',
    end_time: '2024-03-11T05:30:00',
    payment_status: 'invoiced_not_approved',
  },
  // Naive is UTC: Monday 00:00 EDT.
  { date: '2024-03-11', start_time: '2024-03-11T04:00:00', total_hours: 1.5, total_earned: 63.75 },
);
createEntry(
  'estOffsetAfterDst',
  NY_USER,
  { start_time: '2024-03-10T23:59:59-05:00', end_time: '2024-03-11T00:30:00-05:00' },
  // 04:59:59Z on 03-11, which New York (EDT by then) calls Monday 00:59:59.
  { date: '2024-03-11', start_time: '2024-03-11T04:59:59' },
);
// Fall back, Sunday 2024-11-03: 02:00 EDT → 01:00 EST at 06:00Z.
createEntry(
  'repeatedHour',
  NY_USER,
  {
    start_time: '2024-11-03T01:30:00-04:00',
    end_time: '2024-11-03T01:30:00-05:00',
    notes: 'the hour that repeats',
  },
  { date: '2024-11-03', start_time: '2024-11-03T05:30:00', end_time: '2024-11-03T06:30:00', total_hours: 1 },
);
createEntry(
  'fallLate',
  NY_USER,
  { start_time: '2024-11-04T04:59:59', end_time: '2024-11-04T06:00:00' },
  { date: '2024-11-03', start_time: '2024-11-04T04:59:59' },
);
createEntry(
  'fallMon',
  NY_USER,
  { start_time: '2024-11-04T00:00:00-05:00', end_time: '2024-11-04T01:00:00-05:00', payment_status: 'paid' },
  { date: '2024-11-04', start_time: '2024-11-04T05:00:00' },
);
createEntry(
  'leapFraction',
  NY_USER,
  { start_time: '2024-02-29T23:59:59.750-05:00', end_time: '2024-03-01T00:30:00.5-05:00' },
  // Fractions truncated: 04:59:59Z to 05:30:00Z = 1801 s → 0.5 h, 21.26 at 42.5.
  {
    date: '2024-02-29',
    start_time: '2024-03-01T04:59:59',
    end_time: '2024-03-01T05:30:00',
    total_hours: 0.5,
    total_earned: 21.26,
  },
);
createEntry(
  'explicitDate',
  NY_USER,
  { start_time: '2024-03-11T03:59:59Z', end_time: '2024-03-11T04:59:59Z', date: '2024-03-11' },
  { date: '2024-03-11' },
);
step(
  'POST /entries with a date two days from the local date (400)',
  ({ api }) =>
    api('POST', `${BASE}/entries`, {
      userId: NY_USER,
      body: { start_time: '2024-03-11T03:59:59Z', end_time: '2024-03-11T04:59:59Z', date: '2024-03-12' },
    }),
  (res) => expectProblemOf(res, 400),
);
// Relative to T0 (the same instants on every server): dates follow New York.
createEntry(
  'recent',
  NY_USER,
  { start_time: `${naive(T0 - 2 * HOUR)}Z`, end_time: `${naive(T0 - HOUR)}Z` },
  { date: localDateIn(T0 - 2 * HOUR, 'America/New_York') },
);
createEntry(
  'yesterdayish',
  NY_USER,
  { start_time: withOffset(T0 - 30 * HOUR, 330), end_time: withOffset(T0 - 29 * HOUR, -720) },
  { date: localDateIn(T0 - 30 * HOUR, 'America/New_York'), start_time: naive(T0 - 30 * HOUR) },
);
createEntry(
  'lastWeekish',
  NY_USER,
  {
    start_time: naive(T0 - 9 * 24 * HOUR),
    end_time: naive(T0 - 9 * 24 * HOUR + 2700_000),
    payment_status: 'invoiced_approved',
  },
  { date: localDateIn(T0 - 9 * 24 * HOUR, 'America/New_York'), total_hours: 0.75 },
);

// Editing start_time derives the date again.
updateEntry('sat', NY_USER, { start_time: '2024-03-10T05:00:00Z' }, { date: '2024-03-10' });
updateEntry('sat', NY_USER, { end_time: '2024-03-10T07:30:00Z' }, { date: '2024-03-10', total_hours: 2.5 });
putSettings(NY_USER, { timezone: 'Asia/Kolkata' });
// 18:30Z is 00:00 on the next day in Kolkata (+5:30), 18:29:59Z still the same day.
updateEntry('mon', NY_USER, { start_time: '2024-03-10T18:30:00Z' }, { date: '2024-03-11' });
updateEntry('mon', NY_USER, { start_time: '2024-03-10T18:29:59+00:00' }, { date: '2024-03-10' });
// The whole entry sent back (date included) with a new start: the sent date is within a day, so it stays.
updateEntry(
  'repeatedHour',
  NY_USER,
  (state) => ({
    ...state.bodies.repeatedHour,
    start_time: '2024-11-03T18:30:00Z',
    end_time: '2024-11-03T19:30:00Z',
  }),
  { date: '2024-11-03', start_time: '2024-11-03T18:30:00', total_hours: 1 },
);
// The whole entry without date, with a new start: derived again, 18:30:01Z = 11-04 00:00:01 in Kolkata.
updateEntry(
  'repeatedHour',
  NY_USER,
  (state) => {
    const { date: _date, ...rest } = state.bodies.repeatedHour;
    return { ...rest, start_time: '2024-11-03T18:30:01', end_time: '2024-11-03T19:30:01' };
  },
  { date: '2024-11-04', total_hours: 1 },
);
putSettings(NY_USER, { timezone: 'America/New_York' });
step(
  'DELETE /entries/explicitDate',
  ({ api, state }) => api('DELETE', `${BASE}/entries/${state.ids.explicitDate}`, { userId: NY_USER }),
  (res) => expectStatus(res, 204),
);
step(
  'GET /entries/leapFraction',
  ({ api, state }) => api('GET', `${BASE}/entries/${state.ids.leapFraction}`, { userId: NY_USER }),
  (res) => {
    expectStatus(res, 200);
    expect(json(res)).toMatchObject({ date: '2024-02-29', start_time: '2024-03-01T04:59:59' });
  },
);

// Lists with date and date-time filters (New York again).
listEntries(NY_USER, 'limit=1000&_t=1700000000000');
// sat, gap and sunLate, and mon (dated 03-10 while the setting was Asia/Kolkata).
const MARCH_10 = ['2024-03-10', '2024-03-10', '2024-03-10', '2024-03-10'];
listEntries(NY_USER, 'start_date=2024-03-10&end_date=2024-03-10', MARCH_10);
// 2024-03-11T03:59:59Z is 03-10 (23:59:59 EDT); 04:00:00Z is 03-11.
listEntries(NY_USER, 'start_date=2024-03-11T03:59:59Z&end_date=2024-03-11T03:59:59Z', MARCH_10);
listEntries(NY_USER, 'start_date=2024-03-11T04:00:00Z&end_date=2024-03-31', ['2024-03-11']);
listEntries(NY_USER, 'start_date=2024-11-03T01:30:00-05:00&end_date=2024-11-04T09:29:59%2B05:30', [
  '2024-11-03',
]);
listEntries(NY_USER, 'start_date=2024-02-29T23:59:59.999-05:00&end_date=2024-03-01T04:59:59', ['2024-02-29']);
listEntries(NY_USER, 'payment_status=paid&limit=5', ['2024-11-04']);
listEntries(NY_USER, 'skip=2&limit=3&end_date=2024-12-31');
step(
  'GET /entries with start_date after end_date in local terms (400)',
  // 2024-03-11T04:00:00Z is 03-11 in New York; 2024-03-11T03:59:59Z is 03-10.
  ({ api }) =>
    api('GET', `${BASE}/entries?start_date=2024-03-11T04:00:00Z&end_date=2024-03-11T03:59:59Z`, {
      userId: NY_USER,
    }),
  (res) => expectProblemOf(res, 400),
);

// Stats with every kind of timezone parameter and every period.
const STATS_ZONES = [
  '',
  'timezone=America/New_York',
  'timezone=Europe/Berlin',
  'timezone=Australia/Sydney',
  'timezone=Asia/Kolkata',
  'timezone=Pacific/Kiritimati',
  'timezone=UTC',
  'timezone=UTC%2B14',
  'timezone=UTC-12',
  'timezone=UTC%2B5:45',
  'timezone=UTC%2B05:30',
];
for (const zone of STATS_ZONES) {
  for (const period of ['', 'period=day', 'period=week', 'period=month', 'period=year']) {
    stats(NY_USER, [zone, period, '_t=1'].filter(Boolean).join('&'));
  }
}
step(
  'GET /stats?period=quarter (400)',
  ({ api }) => api('GET', `${BASE}/stats?period=quarter`, { userId: NY_USER }),
  (res) => expectProblemOf(res, 400),
);
step(
  'GET /stats?timezone=Mars/Olympus (400)',
  ({ api }) => api('GET', `${BASE}/stats?timezone=Mars/Olympus`, { userId: NY_USER }),
  (res) => expectProblemOf(res, 400),
);
step(
  'POST /batch-update-payment-status',
  ({ api, state }) =>
    api('POST', `${BASE}/batch-update-payment-status`, {
      userId: NY_USER,
      body: { entry_ids: [state.ids.sat, state.ids.gap, state.ids.recent], payment_status: 'paid' },
    }),
  (res) => {
    expectStatus(res, 200);
    expect(json(res).updated_count).toBe(3);
  },
);
stats(NY_USER, '');
stats(NY_USER, 'period=week&timezone=Australia/Sydney');

// User B: fixed offsets at their own midnights, and more IANA zones.
putSettings(OFFSET_USER, { timezone: 'UTC+14' });
createEntry(
  'plus14Before',
  OFFSET_USER,
  { start_time: '2024-12-31T09:59:59Z', end_time: '2024-12-31T10:59:59Z' },
  { date: '2024-12-31' },
);
createEntry(
  'plus14After',
  OFFSET_USER,
  { start_time: '2024-12-31T10:00:00Z', end_time: '2024-12-31T11:00:00Z' },
  { date: '2025-01-01' },
);
putSettings(OFFSET_USER, { timezone: 'UTC-12' });
createEntry(
  'minus12Before',
  OFFSET_USER,
  { start_time: '2025-01-01T11:59:59', end_time: '2025-01-01T12:59:59' },
  { date: '2024-12-31' },
);
createEntry(
  'minus12After',
  OFFSET_USER,
  { start_time: '2025-01-01T12:00:00+00:00', end_time: '2025-01-01T13:00:00+00:00' },
  { date: '2025-01-01' },
);
putSettings(OFFSET_USER, { timezone: 'UTC+5:45' });
createEntry(
  'nepalBefore',
  OFFSET_USER,
  { start_time: '2024-03-31T23:59:59+05:45', end_time: '2024-04-01T00:59:59+05:45' },
  { date: '2024-03-31', start_time: '2024-03-31T18:14:59' },
);
createEntry(
  'nepalAfter',
  OFFSET_USER,
  { start_time: '2024-04-01T00:00:00+05:45', end_time: '2024-04-01T01:00:00+05:45' },
  { date: '2024-04-01', start_time: '2024-03-31T18:15:00' },
);
putSettings(OFFSET_USER, { timezone: 'UTC+05:30' });
createEntry(
  'indiaBefore',
  OFFSET_USER,
  {
    start_time: '2024-03-31T18:29:59Z',
    end_time: '2024-03-31T19:29:59Z',
    payment_status: 'invoiced_approved',
  },
  { date: '2024-03-31' },
);
createEntry(
  'indiaAfter',
  OFFSET_USER,
  { start_time: '2024-03-31T18:30:00Z', end_time: '2024-03-31T19:30:00Z', payment_status: 'paid' },
  { date: '2024-04-01' },
);
putSettings(OFFSET_USER, { timezone: 'Europe/Berlin' });
// 02:30 CEST and 02:30 CET on Sunday 2024-10-27: both that Sunday.
createEntry(
  'berlinFirst',
  OFFSET_USER,
  { start_time: '2024-10-27T00:30:00Z', end_time: '2024-10-27T01:00:00Z' },
  { date: '2024-10-27' },
);
createEntry(
  'berlinSecond',
  OFFSET_USER,
  { start_time: '2024-10-27T01:30:00Z', end_time: '2024-10-27T02:00:00Z' },
  { date: '2024-10-27' },
);
createEntry(
  'berlinMonday',
  OFFSET_USER,
  { start_time: '2024-10-27T23:00:00Z', end_time: '2024-10-28T00:00:00Z' },
  { date: '2024-10-28' },
);
putSettings(OFFSET_USER, { timezone: 'Australia/Sydney' });
createEntry(
  'sydneySunday',
  OFFSET_USER,
  { start_time: '2024-10-06T12:59:59Z', end_time: '2024-10-06T13:59:59Z' },
  { date: '2024-10-06' },
);
createEntry(
  'sydneyMonday',
  OFFSET_USER,
  { start_time: '2024-10-06T13:00:00Z', end_time: '2024-10-06T14:00:00Z' },
  { date: '2024-10-07' },
);
listEntries(OFFSET_USER, 'start_date=2024-10-06T13:00:00Z&end_date=2024-10-07T12:59:59Z', ['2024-10-07']);
listEntries(OFFSET_USER, 'start_date=2024-03-31T13:00:00Z&end_date=2024-04-01', ['2024-04-01', '2024-04-01']);
step(
  'PUT /settings with an out-of-range offset (400)',
  ({ api }) => api('PUT', `${BASE}/settings`, { userId: OFFSET_USER, body: { timezone: 'UTC+15' } }),
  (res) => expectProblemOf(res, 400),
);
for (const query of ['', 'period=year', 'timezone=UTC-12&period=month', 'timezone=UTC%2B14&period=week']) {
  stats(OFFSET_USER, query);
}

// User C: the timer. Start times are "now"; stops are at fixed distances from them.
putSettings(TIMER_USER, { timezone: 'Australia/Sydney', default_hourly_rate: 36 });
step(
  'GET /sessions/active with nothing running (null)',
  ({ api }) => api('GET', `${BASE}/sessions/active`, { userId: TIMER_USER }),
  (res) => {
    expectStatus(res, 200);
    expect(res.text).toBe('null');
  },
);
startTimer('timer1', { timezone: 'Pacific/Kiritimati', notes: 'timer one' }, 'Pacific/Kiritimati');
step(
  'GET /sessions/active while running',
  ({ api }) => api('GET', `${BASE}/sessions/active`, { userId: TIMER_USER }),
  (res, { state }) => {
    expectStatus(res, 200);
    expect(json(res).id).toBe(state.ids.timer1);
  },
);
step(
  'POST /sessions/start while running (409 with active_entry)',
  ({ api }) => api('POST', `${BASE}/sessions/start`, { userId: TIMER_USER }),
  (res, { state }) => {
    expectProblemOf(res, 409);
    expect(json(res).active_entry.id).toBe(state.ids.timer1);
  },
);
step(
  'POST /entries without end_time while running (409 with active_entry)',
  ({ api }) =>
    api('POST', `${BASE}/entries`, { userId: TIMER_USER, body: { start_time: '2024-01-01T00:00:00Z' } }),
  (res, { state }) => {
    expectProblemOf(res, 409);
    expect(json(res).active_entry.id).toBe(state.ids.timer1);
  },
);
const NAIVE: [string, (ms: number) => string] = ['naive UTC', naive];
const ZULU: [string, (ms: number) => string] = ['with Z', (ms) => `${naive(ms)}Z`];
const offset = (minutes: number): [string, (ms: number) => string] => [
  `at offset ${minutes} min`,
  (ms) => withOffset(ms, minutes),
];
stopTimer('timer1', 3600, NAIVE, { total_hours: 1, total_earned: 36 });
// The same instant again, written with +05:30: a no-op.
stopTimer('timer1', 3600, offset(330), { total_hours: 1, total_earned: 36 });
stopTimer('timer1', undefined, NAIVE, { total_hours: 1 });
stopTimer('timer1', 7200, ZULU, 409);
startTimer('timer2', undefined, 'Australia/Sydney');
stopTimer('timer2', 5400, ZULU, { total_hours: 1.5, total_earned: 54 });
startTimer('timer3', { timezone: 'UTC-12', hourly_rate: 12.5 }, 'UTC-12');
stopTimer('timer3', 2700, offset(-720), { total_hours: 0.75, total_earned: 9.38 });
updateEntry('timer3', TIMER_USER, { end_time: null }, { end_time: null, total_hours: null });
step(
  'GET /sessions/active after reopening',
  ({ api }) => api('GET', `${BASE}/sessions/active`, { userId: TIMER_USER }),
  (res, { state }) => {
    expectStatus(res, 200);
    expect(json(res).id).toBe(state.ids.timer3);
  },
);
stopTimer('timer3', 3600, offset(345), { total_hours: 1, total_earned: 12.5 });
listEntries(TIMER_USER, 'limit=1000');
stats(TIMER_USER, '');
stats(TIMER_USER, 'timezone=Pacific/Kiritimati&period=day');
stats(TIMER_USER, 'timezone=UTC-12&period=week');

// User D: no settings at all, so the default timezone (UTC).
createEntry(
  'utcBefore',
  DEFAULT_USER,
  { start_time: '2024-06-30T23:59:59', end_time: '2024-07-01T00:59:59' },
  { date: '2024-06-30' },
);
createEntry(
  'utcAfter',
  DEFAULT_USER,
  { start_time: '2024-07-01T00:00:00', end_time: '2024-07-01T01:00:00' },
  { date: '2024-07-01' },
);
listEntries(DEFAULT_USER, 'start_date=2024-07-01T00:00:00Z', ['2024-07-01']);
listEntries(DEFAULT_USER, 'end_date=2024-06-30T23:59:59Z', ['2024-06-30']);
stats(DEFAULT_USER, 'timezone=America/New_York&period=year');
stats(DEFAULT_USER, 'period=month');
step(
  'GET /settings of the default user (not saved before)',
  ({ api }) => api('GET', `${BASE}/settings`, { userId: DEFAULT_USER }),
  (res) => {
    expectStatus(res, 200);
    expect(json(res)).toEqual({ default_hourly_rate: 50, currency: 'USD', timezone: 'UTC' });
  },
);

// ---- normalisation ---------------------------------------------------------

/** Wall-clock timestamps must be UTC: a local-time rendering would be hours off (−5/−4 h, +5:30 h). */
const WALL_CLOCK_SLACK_MS = 30 * 60_000;

function expectNearWallClock(value: unknown, what: string, ago = 0) {
  expect(value, what).toMatch(NAIVE_UTC);
  const distance = Math.abs(msOf(value as string) - (Date.now() - ago));
  expect(distance, `${what} = ${value} is not UTC near the test's clock`).toBeLessThan(WALL_CLOCK_SLACK_MS);
}

const isEntry = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' &&
  value !== null &&
  'id' in value &&
  'created_at' in value &&
  'updated_at' in value &&
  'start_time' in value;

/** Replaces what depends on the wall clock, after checking it. */
function normalise(res: ApiResponse, state: ServerState, where: string): Transcript {
  const replacements = state.replacements;
  const visit = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(visit);
    if (typeof value !== 'object' || value === null) return value;
    const copy: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) copy[k] = visit(v);
    // Every problem names its request, whose id is new each time.
    if (typeof copy.request_id === 'string' && copy.request_id === res.headers.get('x-request-id')) {
      copy.request_id = '<request id>';
    }
    if (!isEntry(copy)) return copy;
    expectNearWallClock(copy.created_at, `${where}: created_at of entry ${copy.id}`);
    expectNearWallClock(copy.updated_at, `${where}: updated_at of entry ${copy.id}`);
    copy.created_at = '<wall clock>';
    copy.updated_at = '<wall clock>';
    const timerZone = state.timers.get(copy.id as number);
    if (timerZone) {
      const start = copy.start_time as string;
      expectNearWallClock(start, `${where}: start_time of timer ${copy.id}`, TIMER_BACKDATE_MS);
      expect(copy.date, `${where}: date of timer ${copy.id} started ${start} in ${timerZone}`).toBe(
        localDateIn(msOf(start), timerZone),
      );
      replacements.set(start, '<timer start>');
      copy.start_time = '<timer start>';
      copy.date = `<local date of the timer start in ${timerZone}>`;
      if (typeof copy.end_time === 'string') {
        const seconds = (msOf(copy.end_time) - msOf(start)) / 1000;
        replacements.set(copy.end_time, `<timer start + ${seconds} s>`);
        copy.end_time = `<timer start + ${seconds} s>`;
      }
    }
    return copy;
  };
  let body = visit(res.body);
  // Problem details may quote a timer's times ("started … UTC", "already stopped at … UTC").
  if (replacements.size > 0) {
    let text = JSON.stringify(body);
    for (const [from, to] of replacements) text = text.replaceAll(from, to);
    body = JSON.parse(text);
  }
  const headers: Record<string, string | null> = {};
  for (const name of ['content-type', 'cache-control', 'x-total-count', 'www-authenticate']) {
    headers[name] = res.headers.get(name);
  }
  return { status: res.status, headers, body };
}

// ---- the tests ---------------------------------------------------------------

describe('three production servers in different process TZs', () => {
  it('each server process really runs with its TZ', () => {
    expect(envs.map((env) => env.server.url)).toHaveLength(3);
    for (const [i, env] of envs.entries()) {
      const environ = readFileSync(`/proc/${env.server.child.pid}/environ`, 'utf8').split('\0');
      expect(environ).toContain(`TZ=${SERVER_TZS[i]}`);
    }
  });

  it('answer the same replayed requests identically (after normalising wall-clock fields)', async () => {
    const states: ServerState[] = SERVER_TZS.map((tz) => ({
      tz,
      ids: {},
      bodies: {},
      timers: new Map(),
      replacements: new Map(),
    }));
    const transcripts: Transcript[][] = SERVER_TZS.map(() => []);

    for (const [n, s] of steps.entries()) {
      // Lock step: the three servers get this request at the same moment.
      const answers = await Promise.all(envs.map((env, i) => s.send({ api: env.api, state: states[i]! })));
      for (const [i, res] of answers.entries()) {
        const where = `step ${n} "${s.name}" on TZ=${SERVER_TZS[i]}`;
        if (res.status >= 500) {
          // The server's own log says what went wrong (the response rightly does not).
          const log = envs[i]!.server.output().slice(-4000);
          expect.fail(`${where}: ${res.status} ${res.text}\n--- server output (tail) ---\n${log}`);
        }
        expect(res.headers.get('cache-control'), where).toBe('no-store');
        if (s.check) {
          try {
            s.check(res, { api: envs[i]!.api, state: states[i]! });
          } catch (error) {
            throw new Error(`${where}: ${(error as Error).message}`);
          }
        }
        transcripts[i]!.push(normalise(res, states[i]!, where));
      }
      for (let i = 1; i < SERVER_TZS.length; i++) {
        expect(
          transcripts[i]![n],
          `step ${n} "${s.name}": TZ=${SERVER_TZS[i]} answered differently from TZ=${SERVER_TZS[0]}`,
        ).toEqual(transcripts[0]![n]);
      }
    }

    // The replay really covered what it claims: entries, stats and timers, with
    // non-trivial answers (not, say, a row of zeros everywhere).
    expect(steps.length).toBeGreaterThan(100);
    const statsBodies = transcripts[0]!.filter(
      (t, n) => steps[n]!.name.startsWith('GET /stats?') && t.status === 200,
    );
    expect(statsBodies.length).toBeGreaterThan(55);
    expect(statsBodies.some((t) => (t.body as { unpaid_amount: number }).unpaid_amount > 0)).toBe(true);
    // The entry two hours before T0 is dated today in New York or, just after a
    // New York midnight, in UTC-12: some "today" counts it.
    expect(statsBodies.some((t) => (t.body as { total_hours_today: number }).total_hours_today > 0)).toBe(
      true,
    );
    expect(states[0]!.timers.size).toBe(3);
  }, 300_000);
});
