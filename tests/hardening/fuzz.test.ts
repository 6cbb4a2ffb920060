// Issue 3, item 4: a property-based fuzzer (fast-check) against `next start`.
// Every endpoint gets random and adversarial bodies, query strings, path ids
// and headers. Every response must be a 2xx, or a problem+json 4xx whose
// `status` is the HTTP status: never a 5xx. After every 4xx the database must
// be exactly as before. The seed is fixed (FUZZ_SEED overrides it), so a
// failure replays; fast-check prints the (shrunk) counterexample.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newUserId, tokenFor } from '../helpers/auth';
import { nowSeconds, sign, unsignedToken } from '../helpers/auth-setup';
import { type ApiResponse, leaksIn } from './harness/client';
import { type Environment, startEnvironment } from './harness/environment';
import { record } from './harness/metrics';

const BASE = '/api/v1/time-tracking';
const SEED = Number(process.env.FUZZ_SEED ?? 20_240_122);
/**
 * Cases per property: 17 endpoints and the malformed path ids, so the default
 * runs 18 × 250 = 4500 cases (plus 40 dot-segment paths). Property i runs with
 * seed FUZZ_SEED + i; a failure prints its seed and path for a replay.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 250);
const USERS = 3;

// ---- the request model (plain data, so that counterexamples print well) ----

/** An entry id chosen when the case runs, from the rows that exist then. */
type IdPick = { pick: 'own' | 'other' | 'active' | 'gone'; n: number };
type PathId = IdPick | { raw: string };

/** A JSON value written out by hand: raw number tokens, duplicate and `__proto__` keys, ids picked late. */
type J =
  | null
  | boolean
  | number
  | string
  | { raw: string }
  | { id: IdPick }
  | { arr: J[] }
  | { obj: [string, J][] };

type Body = { json: J } | { text: string } | { bytes: number[] };

type Auth =
  | 'valid'
  | 'lowercase-scheme'
  | 'extra-spaces'
  | 'none'
  | 'empty'
  | 'scheme-only'
  | 'tampered'
  | 'truncated'
  | 'expired'
  | 'alg-none'
  | 'basic'
  | 'two-tokens'
  | 'dots'
  | 'long'
  | { bearer: string }
  | { header: string };

interface Case {
  user: number;
  auth: Auth;
  method: string;
  /** Path under BASE with `{id}` for the entry id. */
  template: string;
  id?: PathId;
  query: string;
  body?: Body;
  /** undefined: whatever fetch sends by default (text/plain for a string body). */
  contentType?: string;
  extra?: [string, string];
  /** Stop the acting user's running timer (with a valid request) before the case, so that starts can succeed. */
  stopActiveFirst?: boolean;
}

// ---- building blocks --------------------------------------------------------

const PAYMENT_STATUSES = ['not_paid', 'invoiced_not_approved', 'invoiced_approved', 'paid'];
// biome-ignore format: a long list of short values
const TIMEZONES = [
  'UTC', 'UTC-3', 'UTC+5:30', 'UTC+05:30', 'UTC+14', 'UTC-12:45', 'America/New_York', 'Asia/Kolkata',
  'Europe/Berlin', 'Pacific/Kiritimati',
];
const CURRENCIES = ['USD', 'eur', 'JPY', 'GbP', 'CHF', 'BHD'];

/** Strings no response may echo without tripping the harness's leak scan (they could come back in `notes`). */
const clean = (s: string) => leaksIn(s) === undefined && leaksIn(JSON.stringify(s)) === undefined;

// biome-ignore format: a long list of short values
const HOSTILE_STRINGS = [
  '', ' ', 'NaN', 'Infinity', '-Infinity', '1e309', '-1e309', '-0', '0x10', '50', '50.5', '1,5', '１２',
  'true', 'null', 'undefined', '[]', '{}', '2024-01-22', '2024-01-22T09:00:00', '2024-01-22T09:00:00Z',
  '2024-01-22T09:00:00.999999999Z', '2024-01-22T09:00:00+05:30', '2024-02-30T09:00:00Z',
  '2024-13-01T00:00:00Z', '2024-01-22T24:00:00Z', '2024-01-22T09:00:60Z', '2024-01-22T09:00:00+99:00',
  '2024-01-22T09:00:00-00:00', '2024-01-22 09:00:00', '2024-01-22T09:00', '2024-W04-1', '2024-022',
  '1705914000', '0000-01-01T00:00:00Z', '1899-12-31T23:59:59Z', '9999-12-31T23:59:59Z',
  '10000-01-01T00:00:00Z', '+275760-09-13T00:00:00Z', '-000001-01-01T00:00:00Z',
  '2024-01-22T09:00:00Z\u0000', '２０２４-01-22', 'paid', 'PAID', 'not_paid ', 'invoiced', 'USD', 'usd', 'XXX',
  'XTS', 'EURO', 'UTC', 'utc', 'UTC+14:00', 'UTC+15', 'UTC+05:31', 'UTC-3', 'GMT', 'Z', 'America/New_York',
  'america/new_york', 'Etc/GMT+5', 'Mars/Olympus', 'Europe/../../etc/passwd', '../../etc/passwd', '%00',
  '\u0000', 'a\u0000b', '\ud800', 'x\udc00y', '\ud83d', '\u202eRTL', '\ufeff', '🦀', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', 'e\u0301',
  '\u0085\u2028\u2029', "' OR '1'='1", "'; DROP TABLE users; --", '1; TRUNCATE users CASCADE',
  "%' AND pg_sleep(5)--", '$1', '$$', "E'\\\\x00'", '::text', '/* */', '\\', '"', '$\u007b7*7}', '{{7*7}}',
  '<script>alert(1)</script>', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty',
  'x'.repeat(10_000), 'x'.repeat(10_001), '🦀'.repeat(10_001),
];

// biome-ignore format: a long list of short values
const RAW_NUMBERS = [
  '1e309', '-1e309', '1e-400', '-0', '-0.0', '0.0', '1E2', '1e+2', '123456789012345678901234567890',
  '9007199254740993', '2147483647', '2147483648', '-2147483649', '4294967296', '0.00001', '0.12345',
  '1.00000000000000000001', '50.0000', '1e21', '5e-324', '1.7976931348623157e308', '-1',
];

const cleanString = fc
  .oneof(
    fc.string({ unit: 'grapheme-ascii', maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.string({ unit: 'binary-ascii', maxLength: 20 }),
  )
  .filter(clean);

const hostileString: fc.Arbitrary<string> = fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), cleanString);

const number: fc.Arbitrary<J> = fc.oneof(
  fc.constantFrom(...RAW_NUMBERS).map((raw) => ({ raw })),
  fc.integer(),
  fc
    .double()
    .map((d): J => (Number.isNaN(d) ? 'NaN' : Number.isFinite(d) ? d : { raw: d > 0 ? '1e309' : '-1e309' })),
  fc.constantFrom(
    Number.MAX_SAFE_INTEGER + 2,
    -Number.MAX_SAFE_INTEGER,
    Number.MAX_VALUE,
    Number.MIN_VALUE,
    0.1 + 0.2,
  ),
);

const idPick: fc.Arbitrary<IdPick> = fc.record({
  pick: fc.constantFrom('own', 'own', 'own', 'other', 'active', 'gone') as fc.Arbitrary<IdPick['pick']>,
  n: fc.nat(1000),
});

const leaf: fc.Arbitrary<J> = fc.oneof(
  { weight: 3, arbitrary: hostileString },
  { weight: 3, arbitrary: number },
  { weight: 1, arbitrary: fc.constantFrom<J>(null, true, false) },
  { weight: 1, arbitrary: idPick.map((id) => ({ id })) },
);

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'];

/** Any JSON value, nested a little: arrays and objects whose keys may be field names or prototype keys. */
const value = (fields: string[]): fc.Arbitrary<J> =>
  fc.letrec<{ node: J }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { weight: 5, arbitrary: leaf },
      { weight: 1, arbitrary: fc.array(tie('node'), { maxLength: 4 }).map((arr) => ({ arr })) },
      {
        weight: 1,
        arbitrary: fc
          .array(fc.tuple(fc.oneof(fc.constantFrom(...fields, ...PROTO_KEYS), cleanString), tie('node')), {
            maxLength: 4,
          })
          .map((obj) => ({ obj })),
      },
    ),
  })).node;

/** Deeply nested JSON (within the 64 KiB cap, apart from the last). */
const DEEP = [
  `${'['.repeat(10_000)}${']'.repeat(10_000)}`,
  `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`,
  `{"notes":${'['.repeat(20_000)}${']'.repeat(20_000)}}`,
  `{"__proto__":${'{"__proto__":'.repeat(3_000)}null${'}'.repeat(3_000)}}`,
  `{"x":${'['.repeat(40_000)}${']'.repeat(40_000)}}`,
];

// biome-ignore format: a long list of short values
const SPECIAL_BODIES = [
  '', ' ', '\n\t', 'null', 'true', '0', '-0', '1e309', '"x"', '[]', '[{}]', '{', '}', '{"a":',
  '{"start_time":}', "{'a':1}", '{"a":1,}', '{"a":NaN}', '{"a":Infinity}', '{"a":-Infinity}',
  '{"a":undefined}', '\ufeff{}', '{}\u0000', '{}garbage', '{} {}', ' {} ', '{"__proto__":null}',
  '{"__proto__":[]}', '{"__proto__":{"start_time":"2024-01-01T09:00:00Z"}}',
  '{"constructor":{"prototype":{"start_time":"2024-01-01T09:00:00Z","payment_status":"paid"}}}',
  '{"__proto__":{"entry_ids":[1],"payment_status":"paid"}}',
  '{"payment_status":"paid","payment_status":"bogus"}', '{"payment_status":"bogus","payment_status":"paid"}',
  '{"notes":"\\ud800"}', '{"notes":"a\\u0000b"}', '{"currency":"\\u0055SD"}',
  `{"notes":"${'x'.repeat(10_001)}"}`, `{"entry_ids":[${'1,'.repeat(1000)}1],"payment_status":"paid"}`,
  `{"entry_ids":[${Array.from({ length: 1000 }, (_, i) => 2147483647 - i).join(',')}],"payment_status":"paid"}`,
  'x'.repeat(70_000), `{"notes":"${'x'.repeat(70_000)}"}`, ...DEEP,
];

const INVALID_UTF8 = [
  [0xff, 0xfe],
  [0xc3, 0x28],
  [0x7b, 0x22, 0x6e, 0x6f, 0x74, 0x65, 0x73, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d], // {"notes":"<CESU surrogate>"}
  [0x7b, 0x7d, 0xc0, 0xaf],
  [0xef, 0xbb, 0xbf, 0x7b, 0x7d], // a UTF-8 BOM then {}
  [0xfe, 0xff, 0x00, 0x7b, 0x00, 0x7d], // UTF-16 BE
];

const READ_ONLY = ['id', 'user_id', 'total_hours', 'total_earned', 'created_at', 'updated_at'];

// ---- valid values, so that 2xx paths run too --------------------------------

const MIN_START = Date.parse('2023-01-01T00:00:00Z');
const MAX_START = Date.parse('2025-12-31T00:00:00Z');

const offsetText = (minutes: number) => {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
};

/** An instant written in one of the accepted ISO 8601 forms. */
const formatInstant = (ms: number, style: number, offset: number) => {
  const iso = new Date(ms).toISOString();
  switch (style % 4) {
    case 0:
      return iso;
    case 1:
      return iso.slice(0, 19);
    case 2:
      return `${iso.slice(0, 19)}Z`;
    default: {
      const local = new Date(ms + offset * 60_000).toISOString().slice(0, 19);
      return `${local}${offsetText(offset)}`;
    }
  }
};

const instantParts = fc.tuple(
  fc.integer({ min: MIN_START, max: MAX_START }),
  fc.nat(3),
  fc.constantFrom(0, 330, -180, 840, -720, 345),
);
const rate: fc.Arbitrary<J> = fc.oneof(
  fc.integer({ min: 0, max: 500 }),
  fc.integer({ min: 0, max: 5_000_000 }).map((n) => n / 10_000),
);
const notes: fc.Arbitrary<J> = fc.oneof(cleanString, fc.constant(null));

const validEntry = fc
  .record(
    {
      start: instantParts,
      minutes: fc.integer({ min: 1, max: 24 * 60 }),
      hourly_rate: rate,
      payment_status: fc.constantFrom(...PAYMENT_STATUSES),
      notes,
    },
    { requiredKeys: ['start', 'minutes'] },
  )
  .map(
    ({ start: [ms, style, offset], minutes, ...rest }): J => ({
      obj: [
        ['start_time', formatInstant(ms, style, offset)],
        ['end_time', formatInstant(ms + minutes * 60_000, style + 1, offset)],
        ...(Object.entries(rest) as [string, J][]),
      ],
    }),
  );

const validUpdate = fc.oneof(
  fc
    .record(
      { payment_status: fc.constantFrom(...PAYMENT_STATUSES), notes, hourly_rate: rate },
      { requiredKeys: [] },
    )
    .map((fields): J => ({ obj: Object.entries(fields) as [string, J][] })),
  validEntry,
);

const validBatch = fc
  .record({
    ids: fc.array(fc.record({ pick: fc.constant('own' as const), n: fc.nat(1000) }), {
      minLength: 1,
      maxLength: 6,
    }),
    payment_status: fc.constantFrom(...PAYMENT_STATUSES),
  })
  .map(
    ({ ids, payment_status }): J => ({
      obj: [
        ['entry_ids', { arr: ids.map((id) => ({ id })) }],
        ['payment_status', payment_status],
      ],
    }),
  );

const validStart = fc
  .record({ hourly_rate: rate, notes, timezone: fc.constantFrom(...TIMEZONES) }, { requiredKeys: [] })
  .map((fields): J => ({ obj: Object.entries(fields) as [string, J][] }));

const validStop: fc.Arbitrary<J> = fc.constant({ obj: [] });

const validSettings = fc
  .record(
    {
      default_hourly_rate: rate,
      currency: fc.constantFrom(...CURRENCIES),
      timezone: fc.constantFrom(...TIMEZONES),
    },
    { requiredKeys: [] },
  )
  .map((fields): J => ({ obj: Object.entries(fields) as [string, J][] }));

/** A field's valid value, so that objects mix valid and hostile fields. */
const validField = new Map<string, fc.Arbitrary<J>>(
  Object.entries({
    start_time: instantParts.map(([ms, style, offset]) => formatInstant(ms, style, offset)),
    end_time: instantParts.map(([ms, style, offset]) => formatInstant(ms, style, offset)),
    date: fc.integer({ min: MIN_START, max: MAX_START }).map((ms) => new Date(ms).toISOString().slice(0, 10)),
    hourly_rate: rate,
    default_hourly_rate: rate,
    payment_status: fc.constantFrom(...PAYMENT_STATUSES),
    notes,
    timezone: fc.constantFrom(...TIMEZONES),
    currency: fc.constantFrom(...CURRENCIES),
    entry_ids: fc
      .array(
        idPick.map((id) => ({ id })),
        { maxLength: 5 },
      )
      .map((arr) => ({ arr })),
  }),
);

/** Objects built from the endpoint's real field names, each valid or hostile, plus read-only and prototype keys. */
const fieldObject = (fields: string[]): fc.Arbitrary<J> =>
  fc
    .array(
      fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom(...fields) },
        { weight: 1, arbitrary: fc.constantFrom(...READ_ONLY, ...PROTO_KEYS) },
      ),
      { maxLength: fields.length + 2 },
    )
    .chain((keys) =>
      fc.tuple(
        ...keys.map((key) =>
          fc
            .oneof(
              { weight: 2, arbitrary: validField.get(key) ?? leaf },
              { weight: 2, arbitrary: leaf },
              { weight: 1, arbitrary: value(fields) },
            )
            .map((v): [string, J] => [key, v]),
        ),
      ),
    )
    .map((obj) => ({ obj }));

/** JSON text whose own keys include `__proto__`, `constructor` and `prototype` around real fields. */
const protoObject = (fields: string[], valid: fc.Arbitrary<J>): fc.Arbitrary<J> =>
  fc.tuple(fc.constantFrom(...PROTO_KEYS), valid, fc.boolean()).map(([key, inner, alsoOuter]): J => {
    const innerFields = typeof inner === 'object' && inner !== null && 'obj' in inner ? inner.obj : [];
    return {
      obj: [
        [key, key === 'constructor' ? { obj: [['prototype', inner]] } : inner],
        ...(alsoOuter ? innerFields.filter(([k]) => fields.includes(k)).slice(0, 1) : []),
      ],
    };
  });

const anyJsonText: fc.Arbitrary<Body> = fc.oneof(
  fc.anything({ maxDepth: 3 }).map((v) => ({ text: JSON.stringify(v) ?? '' })),
  fc.json({ maxDepth: 3 }).map((text) => ({ text })),
);

/** Undo (issue 14): ids of the user's live entries (batch delete) or of deleted ones (batch restore). */
const validIds = (picks: IdPick['pick'][]) =>
  fc
    .array(fc.record({ pick: fc.constantFrom(...picks), n: fc.nat(1000) }), { minLength: 1, maxLength: 4 })
    .map((ids): J => ({ obj: [['entry_ids', { arr: ids.map((id) => ({ id })) }]] }));

function bodyFor(fields: string[], valid: fc.Arbitrary<J>): fc.Arbitrary<Body> {
  return fc.oneof(
    { weight: 5, arbitrary: valid.map((json) => ({ json })) },
    { weight: 6, arbitrary: fieldObject(fields).map((json) => ({ json })) },
    { weight: 1, arbitrary: value(fields).map((json) => ({ json })) },
    { weight: 2, arbitrary: anyJsonText },
    { weight: 1, arbitrary: protoObject(fields, valid).map((json) => ({ json })) },
    { weight: 2, arbitrary: fc.constantFrom(...SPECIAL_BODIES).map((text) => ({ text })) },
    {
      weight: 1,
      arbitrary: fc
        .oneof(
          fc.constantFrom(...INVALID_UTF8),
          fc.uint8Array({ maxLength: 48 }).map((bytes) => [...bytes]),
        )
        .map((bytes) => ({ bytes })),
    },
  );
}

// ---- query strings ------------------------------------------------------------

const QUERY_VALUES: Record<string, fc.Arbitrary<string>> = {
  limit: fc.constantFrom(
    '1',
    '100',
    '1000',
    '1001',
    '0',
    '-1',
    '1.5',
    '1e3',
    ' 5',
    '05',
    '0x10',
    '999999999999999999999',
  ),
  skip: fc.constantFrom('0', '5', '2147483647', '2147483648', '-1', '-0', '1.0'),
  start_date: fc.constantFrom(
    '2024-01-01',
    '2023-06-01',
    '2024-01-22T09:00:00Z',
    '2024-01-22T23:30:00-05:00',
    '2024-02-30',
    '2024-1-1',
    '0000-01-01',
    '9999-12-31',
  ),
  end_date: fc.constantFrom(
    '2025-12-31',
    '2024-01-01',
    '2024-01-22T09:00:00',
    '2023-01-01',
    '2024-13-45',
    'today',
  ),
  payment_status: fc.constantFrom(...PAYMENT_STATUSES, 'PAID', 'unpaid', 'paid,not_paid'),
  period: fc.constantFrom('day', 'week', 'month', 'year', 'DAY', 'quarter', 'all'),
  timezone: fc.constantFrom(...TIMEZONES, 'UTC+15', 'Mars/Olympus', 'utc', 'UTC+5:31', '+05:30'),
  _t: fc.integer({ min: 0, max: 2 ** 42 }).map(String),
};
const QUERY_KEYS = Object.keys(QUERY_VALUES);

// biome-ignore format: a long list of short values
const RAW_QUERIES = [
  '?%', '?%%', '?%ZZ=1', '?limit=%ZZ', '?limit=%', '?&&&', '?=', '?=1', '?limit', '?limit=',
  '?limit=1&limit=abc', '?limit=abc&limit=1', '?limit[]=1', '?limit[0]=1', '?__proto__[limit]=1',
  '?constructor=1', '?skip=%00', '?start_date=%00', '?timezone=%00', '?period=%F0%9F%A6%80',
  '?period=%C0%AE', '?payment_status=%ED%A0%80', '?limit=1%00', '?limit=%EF%BC%91', '?;limit=1',
  `?_t=${'9'.repeat(4000)}`, `?junk=${'x'.repeat(4000)}`, '?start_date=2025-01-01&end_date=2024-01-01',
];

/** Query values stay short: a request line over Node's 16 KiB header limit is refused before the app (431). */
const shortHostile = hostileString.filter((v) => v.length <= 200);

const queryString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constant('') },
  {
    weight: 6,
    arbitrary: fc
      .array(
        fc.oneof(
          {
            weight: 4,
            arbitrary: fc
              .constantFrom(...QUERY_KEYS)
              .chain((k) =>
                fc.tuple(
                  fc.constant(k),
                  fc.oneof(
                    { weight: 3, arbitrary: QUERY_VALUES[k]! },
                    { weight: 1, arbitrary: shortHostile },
                  ),
                ),
              ),
          },
          {
            weight: 1,
            arbitrary: fc.tuple(
              fc.oneof(cleanString, fc.constantFrom(...PROTO_KEYS, 'LIMIT', 'limit ', '')),
              shortHostile,
            ),
          },
        ),
        { maxLength: 5 },
      )
      .map((pairs) => {
        const text = new URLSearchParams(
          pairs.map(([k, v]) => [k.toWellFormed(), v.toWellFormed()]),
        ).toString();
        return text ? `?${text}` : '';
      }),
  },
  { weight: 1, arbitrary: fc.constantFrom(...RAW_QUERIES) },
);

/** GET /reports/summary: mostly a range (valid or not) with a grouping, sometimes any query at all. */
const reportQuery: fc.Arbitrary<string> = fc.oneof(
  { weight: 1, arbitrary: queryString },
  {
    weight: 4,
    arbitrary: fc
      .tuple(
        fc.oneof(
          { weight: 2, arbitrary: fc.constantFrom('2024-01-01', '2023-12-28', '2024-01-22T23:30:00-05:00') },
          { weight: 1, arbitrary: QUERY_VALUES.start_date! },
        ),
        fc.oneof(
          { weight: 2, arbitrary: fc.constantFrom('2024-01-07', '2024-03-31', '2024-12-31T12:00:00Z') },
          { weight: 1, arbitrary: QUERY_VALUES.end_date! },
        ),
        fc.constantFrom('day', 'week', 'month', 'week', 'month', '', 'year', 'WEEK'),
        fc.oneof(
          fc.constant<[string, string][]>([]),
          fc
            .constantFrom(...PAYMENT_STATUSES, 'unpaid')
            .map((v): [string, string][] => [['payment_status', v]]),
          fc.constantFrom(...TIMEZONES, 'Mars/Olympus').map((v): [string, string][] => [['timezone', v]]),
        ),
      )
      .map(
        ([start, end, group, extra]) =>
          `?${new URLSearchParams([['start_date', start], ['end_date', end], ['group_by', group], ...extra]).toString()}`,
      ),
  },
);

// ---- headers --------------------------------------------------------------------

// biome-ignore format: a long list of short values
const CONTENT_TYPES = [
  'application/json', 'application/json; charset=utf-8', 'application/json;charset=UTF-16',
  'APPLICATION/JSON', 'text/plain', 'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=----fuzz', 'application/xml', 'application/problem+json',
  'application/merge-patch+json', '*/*', 'garbage', 'application/json; charset=latin1',
];
const contentType: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(undefined) },
  { weight: 2, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
);

const EXTRA_HEADERS: [string, string][] = [
  ['x-forwarded-for', '127.0.0.1, 10.0.0.1'],
  ['x-forwarded-host', 'evil.example.test'],
  ['x-forwarded-proto', 'gopher'],
  ['x-http-method-override', 'DELETE'],
  ['x-middleware-subrequest', 'middleware:middleware:middleware:middleware:middleware'],
  ['x-user-id', '1'],
  ['accept', 'text/html'],
  ['accept', 'application/xml;q=1, */*;q=0'],
  ['accept-encoding', 'gzip, br, zstd'],
  ['content-encoding', 'gzip'],
  ['accept-language', '../../etc'],
  ['cookie', 'session=abc; user_id=1'],
  ['origin', 'https://evil.example.test'],
  ['range', 'bytes=0-10'],
  ['if-none-match', '*'],
  ['if-modified-since', 'Thu, 01 Jan 1970 00:00:00 GMT'],
  ['rsc', '1'],
  ['next-router-prefetch', '1'],
  ['x-nextjs-data', '1'],
];
const extraHeader: fc.Arbitrary<[string, string] | undefined> = fc.oneof(
  { weight: 4, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.constantFrom(...EXTRA_HEADERS) },
);

const auth: fc.Arbitrary<Auth> = fc.oneof(
  { weight: 30, arbitrary: fc.constant('valid' as const) },
  {
    weight: 12,
    arbitrary: fc.constantFrom<Auth>(
      'lowercase-scheme',
      'extra-spaces',
      'none',
      'empty',
      'scheme-only',
      'tampered',
      'truncated',
      'expired',
      'alg-none',
      'basic',
      'two-tokens',
      'dots',
      'long',
    ),
  },
  {
    weight: 1,
    arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 60 }).map((bearer) => ({ bearer })),
  },
  {
    weight: 1,
    arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 60 }).map((header) => ({ header })),
  },
);

// ---- path ids -----------------------------------------------------------------

/** Well-formed but hostile path segments (every percent sign starts a valid escape). */
// biome-ignore format: a long list of short values
const JUNK_IDS = [
  '0', '-1', '-0', '+1', '01', '1.0', '1e3', '0x1', '%201', '1%20', '2147483647', '2147483648', '4294967296',
  '99999999999999999999', '9'.repeat(400), 'NaN', 'Infinity', 'null', 'undefined', 'true', '[]', '{}',
  '__proto__', 'constructor', 'prototype', '%D9%A1', '%EF%BC%91', '%C2%B2', '%00', '1%00', '..%2F',
  '..%2F..%2F', '%2e%2e%2f', '%2F', '%5C', '%0A', '%0D%0A', '%25', '%25ZZ', '%3B', '1%3B2', '1%23', '1%3F',
  'a%2Fb',
];
/** "", "." and ".." are not ids: the URL resolves them to another path (see the dot-segment test). */
const notDots = (segment: string) => !/^\.*$/.test(segment);

const pathId: fc.Arbitrary<PathId> = fc.oneof(
  { weight: 8, arbitrary: idPick },
  { weight: 3, arbitrary: fc.constantFrom(...JUNK_IDS).map((raw) => ({ raw })) },
  {
    weight: 1,
    arbitrary: fc
      .oneof(fc.integer(), fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }))
      .map((n) => ({ raw: String(n) })),
  },
  {
    weight: 1,
    arbitrary: cleanString
      .map((s) => encodeURIComponent(s.toWellFormed()))
      .filter(notDots)
      .map((raw) => ({ raw })),
  },
);

const wtf8 = (c: string) => {
  if (c.isWellFormed()) return encodeURIComponent(c);
  const u = c.charCodeAt(0);
  const bytes = [0xe0 | (u >> 12), 0x80 | ((u >> 6) & 0x3f), 0x80 | (u & 0x3f)];
  return bytes.map((b) => `%${b.toString(16).toUpperCase()}`).join('');
};

/** Path segments with malformed percent escapes and lone surrogates, and other oddities around them. */
// biome-ignore format: a long list of short values
const RAW_SEGMENTS = [
  '%', '%%', '%ZZ', '%E0%A4%A', '%C0%AE', '%ED%A0%80', '%F0%9F%98', '%FF', '1%', '%1', '%%32', '..%2F',
  '%00', '..%2F..%2F..%2Fetc%2Fpasswd', '%252F', '%u0031', '1;2', '1,2', '1%2C2', '(1)', '$1', '*', '~1', '!',
  "'", '1%27',
];
const rawSegment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...RAW_SEGMENTS),
  fc.string({
    unit: fc.constantFrom('%', '0', '1', '2', 'A', 'C', 'E', 'F', 'Z', 'e', '9', 'D'),
    minLength: 1,
    maxLength: 8,
  }),
  fc
    .string({ unit: 'binary', minLength: 1, maxLength: 6 })
    .map((s) => encodeURIComponent(s.toWellFormed()))
    .filter(notDots),
  // Lone surrogates as their (invalid) three UTF-8-style bytes, as a sloppy client would send them.
  fc.constantFrom('\ud800', 'a\udc00', '\udfff1').map((s) => [...s].map(wtf8).join('')),
);

// ---- running a case -------------------------------------------------------------

let env: Environment;
const users: { id: number; token: string; expired: string; unsigned: string }[] = [];
const pools: number[][] = [];
const active: (number | undefined)[] = [];
const gone: number[] = [];
const counts = new Map<string, number>();
/** Statuses seen per property, to show that the 2xx paths ran too. */
const statuses = new Map<string, Map<number, number>>();

function resolveId(pick: IdPick, user: number): number {
  const fromPool = (pool: number[] | undefined) => (pool?.length ? pool[pick.n % pool.length]! : 2147483646);
  switch (pick.pick) {
    case 'own':
      return fromPool(pools[user]);
    case 'other':
      return fromPool(pools[(user + 1 + (pick.n % (USERS - 1))) % USERS]);
    case 'active':
      return active[user] ?? fromPool(pools[user]);
    case 'gone':
      return gone.length ? gone[pick.n % gone.length]! : 2147483647;
  }
}

function jsonText(node: J, user: number): string {
  if (node === null || typeof node === 'boolean' || typeof node === 'string') return JSON.stringify(node);
  if (typeof node === 'number') return Object.is(node, -0) ? '-0' : JSON.stringify(node);
  if ('raw' in node) return node.raw;
  if ('id' in node) return String(resolveId(node.id, user));
  if ('arr' in node) return `[${node.arr.map((n) => jsonText(n, user)).join(',')}]`;
  return `{${node.obj.map(([k, v]) => `${JSON.stringify(k)}:${jsonText(v, user)}`).join(',')}}`;
}

function authorization(c: Case): string | undefined {
  const { token, expired, unsigned } = users[c.user]!;
  const a = c.auth;
  if (typeof a === 'object') return 'bearer' in a ? `Bearer ${a.bearer}` : a.header;
  switch (a) {
    case 'valid':
      return `Bearer ${token}`;
    case 'lowercase-scheme':
      return `bearer ${token}`;
    case 'extra-spaces':
      return `Bearer   ${token}  `;
    case 'none':
      return undefined;
    case 'empty':
      return '';
    case 'scheme-only':
      return 'Bearer';
    case 'tampered': {
      // Another first character of the signature: always different bytes.
      const cut = token.lastIndexOf('.') + 1;
      return `Bearer ${token.slice(0, cut)}${token[cut] === 'A' ? 'B' : 'A'}${token.slice(cut + 1)}`;
    }
    case 'truncated':
      return `Bearer ${token.slice(0, token.lastIndexOf('.'))}`;
    case 'expired':
      return `Bearer ${expired}`;
    case 'alg-none':
      return `Bearer ${unsigned}`;
    case 'basic':
      return `Basic ${Buffer.from(`${users[c.user]!.id}:x`).toString('base64')}`;
    case 'two-tokens':
      return `Bearer ${token}, Bearer ${token}`;
    case 'dots':
      return 'Bearer ..';
    case 'long':
      return `Bearer ${token}${'A'.repeat(8000)}`;
  }
}

/**
 * What a probe reads to prove that a 4xx changed nothing: on Postgres the md5
 * of every row of both tables ('db'); on PGlite, through the API, a fuzz user's
 * entries (`entries:<user>`; the list includes an active session), and for the
 * endpoints that deal with them, the user's active session and settings (which
 * exist from the start, so reading them creates nothing).
 */
function probeKeys(c: Case): string[] {
  if (env.sql) return ['db'];
  const keys = [`entries:${c.user}`];
  if (c.template.startsWith('/sessions')) keys.push(`active:${c.user}`);
  if (c.template === '/settings') keys.push(`settings:${c.user}`);
  const undo = UNDO_TEMPLATES.includes(c.template);
  if (undo) keys.push(`deleted:${c.user}`, `active:${c.user}`);
  // A request that names an id that is not the acting user's may reach another user's rows.
  const foreign =
    c.template === '/batch-update-payment-status' ||
    c.template === '/entries/batch-delete' ||
    c.template === '/entries/batch-restore' ||
    (c.id !== undefined && !('pick' in c.id && (c.id.pick === 'own' || c.id.pick === 'active')));
  if (foreign) {
    for (let u = 0; u < USERS; u++) {
      if (u !== c.user) keys.push(`entries:${u}`, ...(undo ? [`deleted:${u}`] : []));
    }
  }
  return keys;
}

/** The undo endpoints (issue 14): they move entries between the live and the deleted ones. */
const UNDO_TEMPLATES = ['/entries/{id}/restore', '/entries/batch-delete', '/entries/batch-restore'];

/** After an undo endpoint's 2xx: the user's live entries, running timer and deleted ids, from the server. */
async function resync(user: number) {
  const token = users[user]!.token;
  const list = await env.api('GET', `${BASE}/entries?limit=1000`, { token });
  const entries = list.body as { id: number; end_time: string | null }[];
  pools[user] = entries.map((e) => e.id);
  active[user] = entries.find((e) => e.end_time === null)?.id;
  const deleted = await env.api('GET', `${BASE}/entries/deleted?limit=1000`, { token });
  for (const { id } of deleted.body as { id: number }[]) if (!gone.includes(id)) gone.push(id);
}

async function probe(key: string): Promise<string> {
  if (key === 'db') {
    const [row] = await env.sql!`
      select
        (select md5(coalesce(string_agg(t::text, '|' order by t.id), '')) from time_entries t) as entries,
        (select md5(coalesce(string_agg(s::text, '|' order by s.user_id), '')) from user_settings s) as settings,
        (select md5(coalesce(string_agg(d::text, '|' order by d.id), '')) from deleted_time_entries d) as deleted`;
    return `${row?.entries}/${row?.settings}/${row?.deleted}`;
  }
  const [what, user] = key.split(':');
  const path = {
    entries: '/entries?limit=1000',
    active: '/sessions/active',
    settings: '/settings',
    deleted: '/entries/deleted?limit=1000',
  }[what!];
  const res = await env.api('GET', `${BASE}${path}`, { token: users[Number(user)]!.token });
  expect(res.status, `probe ${key}: ${res.text.slice(0, 300)}`).toBe(200);
  return res.text;
}

/** Probe results that still hold: no 2xx since they were read. */
const known = new Map<string, string>();

async function fingerprint(keys: string[], fresh: boolean): Promise<Record<string, string>> {
  const values = await Promise.all(keys.map((key) => (!fresh && known.get(key)) || probe(key)));
  return Object.fromEntries(keys.map((key, i) => [key, values[i]!]));
}

function track(c: Case, id: number | undefined, res: ApiResponse) {
  const u = c.user;
  if (res.status === 201 && typeof res.body?.id === 'number') {
    pools[u]!.push(res.body.id);
    if (res.body.end_time === null) active[u] = res.body.id;
  } else if (
    res.status === 200 &&
    id !== undefined &&
    res.body &&
    typeof res.body === 'object' &&
    'end_time' in res.body
  ) {
    if (res.body.end_time === null) active[u] = id;
    else if (active[u] === id) active[u] = undefined;
  } else if (res.status === 204 && id !== undefined) {
    if (active[u] === id) active[u] = undefined;
    pools[u] = pools[u]!.filter((x) => x !== id);
    gone.push(id);
  }
}

const excerpt = (s: string, n = 400) => (s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s);

async function runCase(name: string, c: Case) {
  counts.set(name, (counts.get(name) ?? 0) + 1);
  const id = c.id && 'pick' in c.id ? resolveId(c.id, c.user) : undefined;
  const segment = c.id ? ('raw' in c.id ? c.id.raw : String(id)) : '';
  const path = `${BASE}${c.template.replace('{id}', segment)}${c.query}`;
  const headers: Record<string, string> = {};
  const auth = authorization(c);
  if (auth !== undefined) headers.authorization = auth;
  if (c.contentType !== undefined) headers['content-type'] = c.contentType;
  if (c.extra) headers[c.extra[0]] = c.extra[1];
  let body: string | Uint8Array | undefined;
  if (c.body) {
    if ('json' in c.body) body = jsonText(c.body.json, c.user);
    else if ('text' in c.body) body = c.body.text;
    else body = new Uint8Array(c.body.bytes);
  }
  const shownBody =
    body === undefined ? '' : typeof body === 'string' ? body : `bytes[${[...body].join(',')}]`;
  const where = `${c.method} ${excerpt(path, 200)} (user ${c.user}, auth ${JSON.stringify(c.auth).slice(0, 80)}, content-type ${c.contentType ?? 'default'}${c.extra ? `, ${c.extra[0]}: ${c.extra[1]}` : ''}) body ${excerpt(shownBody, 300)}`;

  if (c.stopActiveFirst) {
    const token = users[c.user]!.token;
    const running = await env.api('GET', `${BASE}/sessions/active`, { token });
    if (running.body?.id) {
      const stopped = await env.api('POST', `${BASE}/sessions/${running.body.id}/stop`, { token });
      expect(stopped.status, `preparing: stop ${running.body.id}: ${stopped.text}`).toBe(200);
      active[c.user] = undefined;
      known.clear();
    }
  }
  const keys = probeKeys(c);
  const before = await fingerprint(keys, false);
  const res = await env.api(c.method, path, { token: null, headers, body });
  const seen = statuses.get(name) ?? new Map<number, number>();
  statuses.set(name, seen.set(res.status, (seen.get(res.status) ?? 0) + 1));

  if (res.status >= 500) {
    const log = env.server.output();
    throw new Error(
      `${where}\n→ ${res.status} ${excerpt(res.text)}\nserver output (tail):\n${log.slice(-2000)}`,
    );
  }
  if (res.status >= 200 && res.status < 300) {
    if (res.status === 204) expect(res.text, where).toBe('');
    else expect(res.headers.get('content-type') ?? '', where).toContain('application/json');
    track(c, id, res);
    if (UNDO_TEMPLATES.includes(c.template)) await resync(c.user);
    // A read leaves the probes valid (were it to write, the next 4xx would show it).
    if (c.method !== 'GET') known.clear();
    return;
  }
  expect(res.status >= 400 && res.status < 500, `${where}\n→ ${res.status} ${excerpt(res.text)}`).toBe(true);
  expect(res.headers.get('content-type'), `${where}\n→ ${res.status} ${excerpt(res.text)}`).toBe(
    'application/problem+json',
  );
  expect(res.body?.status, `${where}\n→ ${res.status} ${excerpt(res.text)}`).toBe(res.status);
  expect(typeof res.body?.title, where).toBe('string');
  expect(typeof res.body?.detail, where).toBe('string');
  const after = await fingerprint(keys, true);
  expect(
    after,
    `${where}\n→ ${res.status} ${excerpt(res.text)}\nthe database changed after a ${res.status}`,
  ).toEqual(before);
  for (const [key, value] of Object.entries(after)) known.set(key, value);
}

// ---- the endpoints -----------------------------------------------------------

const ENTRY_FIELDS = ['start_time', 'end_time', 'date', 'hourly_rate', 'payment_status', 'notes'];

interface Endpoint {
  name: string;
  method: string;
  template: string;
  body?: fc.Arbitrary<Body>;
  /** Queries matter for reads; writes get one now and then. */
  query?: fc.Arbitrary<string>;
}

const rarely = (q: fc.Arbitrary<string>) =>
  fc.oneof({ weight: 5, arbitrary: fc.constant('') }, { weight: 1, arbitrary: q });

const ENDPOINTS: Endpoint[] = [
  { name: 'GET /entries', method: 'GET', template: '/entries', query: queryString },
  { name: 'GET /entries/{id}', method: 'GET', template: '/entries/{id}', query: rarely(queryString) },
  {
    name: 'POST /entries',
    method: 'POST',
    template: '/entries',
    body: bodyFor([...ENTRY_FIELDS], validEntry),
  },
  {
    name: 'PUT /entries/{id}',
    method: 'PUT',
    template: '/entries/{id}',
    body: bodyFor([...ENTRY_FIELDS], validUpdate),
  },
  {
    name: 'DELETE /entries/{id}',
    method: 'DELETE',
    template: '/entries/{id}',
    body: fc.oneof(
      { weight: 4, arbitrary: fc.constant({ text: '' }) },
      { weight: 1, arbitrary: anyJsonText },
    ),
  },
  {
    name: 'POST /batch-update-payment-status',
    method: 'POST',
    template: '/batch-update-payment-status',
    body: bodyFor(['entry_ids', 'payment_status'], validBatch),
  },
  {
    name: 'POST /sessions/start',
    method: 'POST',
    template: '/sessions/start',
    body: fc.oneof(
      { weight: 1, arbitrary: fc.constant({ text: '' }) },
      { weight: 6, arbitrary: bodyFor(['hourly_rate', 'notes', 'timezone'], validStart) },
    ),
  },
  {
    name: 'POST /sessions/{id}/stop',
    method: 'POST',
    template: '/sessions/{id}/stop',
    body: fc.oneof(
      { weight: 2, arbitrary: fc.constant({ text: '' }) },
      { weight: 5, arbitrary: bodyFor(['end_time'], validStop) },
    ),
  },
  { name: 'GET /sessions/active', method: 'GET', template: '/sessions/active', query: rarely(queryString) },
  // Undo (issue 14).
  { name: 'GET /entries/deleted', method: 'GET', template: '/entries/deleted', query: queryString },
  {
    name: 'POST /entries/batch-delete',
    method: 'POST',
    template: '/entries/batch-delete',
    body: bodyFor(['entry_ids'], validIds(['own', 'own', 'active', 'other'])),
  },
  {
    name: 'POST /entries/{id}/restore',
    method: 'POST',
    template: '/entries/{id}/restore',
    body: fc.oneof(
      { weight: 4, arbitrary: fc.constant({ text: '' }) },
      { weight: 1, arbitrary: anyJsonText },
    ),
  },
  {
    name: 'POST /entries/batch-restore',
    method: 'POST',
    template: '/entries/batch-restore',
    body: bodyFor(['entry_ids'], validIds(['gone', 'gone', 'gone', 'own'])),
  },
  { name: 'GET /stats', method: 'GET', template: '/stats', query: queryString },
  { name: 'GET /reports/summary', method: 'GET', template: '/reports/summary', query: reportQuery },
  { name: 'GET /settings', method: 'GET', template: '/settings', query: rarely(queryString) },
  {
    name: 'PUT /settings',
    method: 'PUT',
    template: '/settings',
    body: bodyFor(['default_hourly_rate', 'currency', 'timezone'], validSettings),
  },
];

function caseFor(e: Endpoint): fc.Arbitrary<Case> {
  return fc.record({
    user: fc.nat(USERS - 1),
    auth,
    method: fc.constant(e.method),
    template: fc.constant(e.template),
    id: e.template.includes('{id}') ? pathId : fc.constant(undefined),
    query: e.query ?? rarely(queryString),
    body: e.body ?? fc.constant(undefined),
    contentType,
    extra: extraHeader,
    stopActiveFirst: e.template === '/sessions/start' ? fc.boolean() : fc.constant(undefined),
  }) as fc.Arbitrary<Case>;
}

async function fuzz(name: string, index: number, arbitrary: fc.Arbitrary<Case>) {
  const seed = SEED + index;
  try {
    await fc.assert(
      fc.asyncProperty(arbitrary, (c) => runCase(name, c)),
      { seed, numRuns: RUNS, interruptAfterTimeLimit: 150_000, markInterruptAsFailure: true },
    );
  } finally {
    report(name, `seed ${seed}`);
  }
}

/** Prints a property's case count and statuses, and feeds the suite's summary. */
function report(name: string, note: string) {
  const cases = counts.get(name) ?? 0;
  const seen = [...(statuses.get(name) ?? new Map<number, number>())]
    .sort(([a], [b]) => a - b)
    .map(([status, n]) => `${status}×${n}`)
    .join(' ');
  console.log(`fuzz ${name}: ${cases} cases (${note}; statuses ${seen})`);
  record({ kind: 'fuzz', name, cases });
}

beforeAll(async () => {
  env = await startEnvironment();
  for (let u = 0; u < USERS; u++) {
    const id = newUserId();
    const sub = String(id);
    users.push({
      id,
      token: await tokenFor(id, { expiresIn: '2h' }),
      expired: await sign(
        { sub, exp: nowSeconds() - 3600 },
        new TextEncoder().encode(process.env.AUTH_JWT_SECRET),
      ),
      unsigned: unsignedToken({ sub, exp: nowSeconds() + 7200 }),
    });
    pools.push([]);
    active.push(undefined);
    const token = users[u]!.token;
    const settings = await env.api('GET', `${BASE}/settings`, { token });
    expect(settings.status).toBe(200);
    for (let i = 0; i < 8; i++) {
      const day = String(1 + i * 3).padStart(2, '0');
      const res = await env.api('POST', `${BASE}/entries`, {
        token,
        body: {
          start_time: `2024-0${1 + (i % 6)}-${day}T09:00:00Z`,
          end_time: `2024-0${1 + (i % 6)}-${day}T1${i % 10}:30:00Z`,
          hourly_rate: 40 + i,
          payment_status: PAYMENT_STATUSES[i % 4],
          notes: `seed entry ${i} of user ${u}`,
        },
      });
      expect(res.status, res.text).toBe(201);
      pools[u]!.push(res.body.id);
    }
  }
});

afterAll(async () => {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  console.log(
    `fuzz total: ${total} cases over ${counts.size} properties (seed ${SEED}, ${RUNS} runs each, ${env?.kind})`,
  );
  await env?.close();
});

describe(`fuzz every endpoint (fast-check, seed ${SEED}, ${RUNS} runs each)`, () => {
  ENDPOINTS.forEach((endpoint, index) => {
    it(`${endpoint.name}: 2xx or a matching problem+json 4xx, never a 5xx; a 4xx changes nothing`, async () => {
      await fuzz(endpoint.name, index, caseFor(endpoint));
    }, 180_000);
  });

  const ID_ROUTES: [string, string][] = [
    ['GET', '/entries/{id}'],
    ['PUT', '/entries/{id}'],
    ['DELETE', '/entries/{id}'],
    ['POST', '/sessions/{id}/stop'],
    ['POST', '/entries/{id}/restore'],
  ];
  const withRawId = (user: number, [method, template]: [string, string], raw: string): Case => ({
    user,
    auth: 'valid',
    method,
    template,
    id: { raw },
    query: '',
    body: method === 'PUT' ? { text: '{"notes":"path fuzz"}' } : undefined,
  });

  it('path ids with malformed percent escapes or lone surrogates, on every endpoint with an id', async () => {
    const arbitrary = fc
      .tuple(fc.nat(USERS - 1), fc.constantFrom(...ID_ROUTES), rawSegment)
      .map(([user, route, raw]) => withRawId(user, route, raw));
    await fuzz('path ids (malformed escapes)', ENDPOINTS.length, arbitrary);
  }, 180_000);

  it('path ids that are empty or dot segments (the URL then names another path), on every endpoint with an id', async () => {
    // Few enough to try them all; every failure is listed at once.
    const failures: string[] = [];
    for (const raw of ['', '.', '..', '%2e', '%2E', '.%2e', '%2e%2e', '%2E%2E']) {
      for (const route of ID_ROUTES) {
        try {
          await runCase('path ids (dot segments)', withRawId(0, route, raw));
        } catch (error) {
          failures.push(
            (error instanceof Error ? error.message : String(error)).split('\n').slice(0, 2).join(' '),
          );
        }
      }
    }
    report('path ids (dot segments)', 'every combination');
    expect(failures).toEqual([]);
  });
});
