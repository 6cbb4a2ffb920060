// A realistic dataset, written set-based (generate_series, one INSERT … SELECT per
// table) so that a million entries take seconds, not an hour of single inserts.
import { localDate, parseTimezone } from '@/lib/time-tracking/timezone';
import type { Executor } from './database';

export interface SeedPlan {
  users: number;
  entries: number;
  heavy: number;
}

export interface SeedInfo {
  users: number;
  entries: number;
  /** The user with `heavy` entries, and the growth-curve users (entries → user id). */
  heavyUser: number;
  curveUsers: { entries: number; userId: number }[];
  /** Users without a running timer, for the write scenarios (one per connection at a time). */
  writeUsers: number[];
  /** (user, entry) pairs of the write users, for PUT /entries/{id}. */
  writeEntries: { userId: number; entryId: number }[];
  /** The heavy user's timezone and the month used by the filtered month view. */
  heavyTimezone: string;
  month: { from: string; to: string };
  seconds: number;
  /** Sampled entries whose date differs from the app's own local-date function (must be 0). */
  dateMismatches: number;
}

/** App timezone strings and how Postgres names the same zone (fixed offsets as ISO-sign intervals). */
const ZONES: [app: string, iana: string | null, offset: string | null][] = [
  ['UTC', 'UTC', null],
  ['America/New_York', 'America/New_York', null],
  ['Europe/Berlin', 'Europe/Berlin', null],
  ['UTC+5:30', null, '+05:30'],
  ['UTC-3', null, '-03:00'],
  ['Asia/Tokyo', 'Asia/Tokyo', null],
];

const HEAVY_USER = 1;
const WRITE_USERS_FROM = 101;
const WRITE_USERS = 120;

export async function seed(db: Executor, plan: SeedPlan, now: Date): Promise<SeedInfo> {
  const started = performance.now();
  const curve = [
    { entries: plan.heavy, userId: HEAVY_USER },
    { entries: Math.min(10_000, plan.heavy), userId: 2 },
    { entries: 1_000, userId: 3 },
  ];
  const others = plan.users - curve.length;
  const average = Math.max(1, (plan.entries - curve.reduce((n, c) => n + c.entries, 0)) / others);
  const windowEnd = new Date(now.getTime() - 10 * 60_000);
  const windowStart = new Date(now.getTime() - 3 * 365.25 * 86_400_000);
  const zones = ZONES.map(
    ([app, iana, offset]) =>
      `('${app}', ${iana ? `'${iana}'` : 'NULL'}, ${offset ? `interval '${offset}'` : 'NULL'})`,
  ).join(', ');

  await db.exec(`
    SELECT setseed(0.4242);
    CREATE TEMP TABLE bench_zones (tz text PRIMARY KEY, iana text, utc_offset interval);
    INSERT INTO bench_zones VALUES ${zones};
    -- Per user: entry count, timezone (users without settings get the default, UTC), usual rate.
    CREATE TEMP TABLE bench_users AS
    SELECT u AS user_id,
           CASE u ${curve.map((c) => `WHEN ${c.userId} THEN ${c.entries}`).join(' ')}
                ELSE floor(${average} * (0.5 + ((u * 7919) % 1000) / 1000.0))::int END AS n,
           CASE WHEN u = ${HEAVY_USER} THEN 'America/New_York'
                WHEN u % 7 = 0 THEN 'UTC'
                ELSE (ARRAY[${ZONES.map(([app]) => `'${app}'`).join(', ')}])[1 + u % ${ZONES.length}] END AS tz,
           u % 7 <> 0 AS has_settings,
           (ARRAY[25, 40, 50, 65.5, 72.125, 85, 100, 120.3333])[1 + u % 8]::numeric AS rate,
           (ARRAY['USD', 'EUR', 'GBP', 'INR', 'BRL', 'JPY'])[1 + u % 6] AS currency
    FROM generate_series(1, ${plan.users}) AS u;
    INSERT INTO user_settings (user_id, default_hourly_rate, currency, timezone)
    SELECT user_id, rate, currency, tz FROM bench_users WHERE has_settings;
  `);

  // Entries in start-time order, as a real table fills up: a user's rows are spread over the heap.
  await db.exec(`
    WITH raw AS (
      SELECT u.user_id, u.rate, z.iana, z.utc_offset,
             date_trunc('second', timestamptz '${windowStart.toISOString()}'
               + random() * (timestamptz '${windowEnd.toISOString()}' - timestamptz '${windowStart.toISOString()}')) AS start_time,
             900 + floor(random() * 27900)::int AS seconds,
             random() AS r_status, random() AS r_notes, random() AS r_rate
      FROM bench_users u
      JOIN bench_zones z ON z.tz = u.tz,
      generate_series(1, u.n) AS k
    ), timed AS (
      SELECT *, least(start_time + make_interval(secs => seconds),
                      date_trunc('second', timestamptz '${now.toISOString()}') - interval '1 minute') AS end_time,
             timestamptz '${now.toISOString()}' - start_time AS age
      FROM raw
    )
    INSERT INTO time_entries (user_id, date, start_time, end_time, hourly_rate, payment_status, notes, created_at, updated_at)
    SELECT user_id,
           (CASE WHEN iana IS NOT NULL THEN start_time AT TIME ZONE iana ELSE start_time AT TIME ZONE utc_offset END)::date,
           start_time,
           end_time,
           CASE WHEN r_rate < 0.1 THEN rate + 12.5 ELSE rate END,
           CASE WHEN age > interval '90 days' THEN
                  CASE WHEN r_status < 0.85 THEN 'paid' WHEN r_status < 0.95 THEN 'invoiced_approved' ELSE 'not_paid' END
                WHEN age > interval '30 days' THEN
                  CASE WHEN r_status < 0.4 THEN 'paid' WHEN r_status < 0.6 THEN 'invoiced_approved'
                       WHEN r_status < 0.8 THEN 'invoiced_not_approved' ELSE 'not_paid' END
                ELSE CASE WHEN r_status < 0.1 THEN 'invoiced_not_approved' ELSE 'not_paid' END
           END,
           CASE WHEN r_notes < 0.3 THEN 'Client work: ' || (ARRAY['design review', 'API integration', 'bug fixing', 'meeting', 'documentation'])[1 + floor(r_notes * 16)::int % 5] END,
           start_time,
           end_time
    FROM timed
    ORDER BY start_time;
  `);

  // A running timer for the heavy user and for a few others (never a write user).
  await db.exec(`
    INSERT INTO time_entries (user_id, date, start_time, hourly_rate, created_at, updated_at)
    SELECT u.user_id,
           (CASE WHEN z.iana IS NOT NULL THEN s.t AT TIME ZONE z.iana ELSE s.t AT TIME ZONE z.utc_offset END)::date,
           s.t, u.rate, s.t, s.t
    FROM bench_users u
    JOIN bench_zones z ON z.tz = u.tz,
    LATERAL (SELECT date_trunc('second', timestamptz '${now.toISOString()}') - interval '2 hours' AS t) s
    WHERE u.user_id = ${HEAVY_USER} OR (u.user_id % 10 = 0 AND u.user_id < ${WRITE_USERS_FROM});
    DROP TABLE bench_users;
    DROP TABLE bench_zones;
  `);
  await db.exec('VACUUM ANALYZE');

  const [counts] = await db.query<{ entries: string; users: string }>(
    'SELECT count(*)::text AS entries, count(DISTINCT user_id)::text AS users FROM time_entries',
  );
  const writeUsers = Array.from({ length: WRITE_USERS }, (_, i) => WRITE_USERS_FROM + i).filter(
    (u) => u <= plan.users,
  );
  const writeEntries = (
    await db.query<{ user_id: number; id: number }>(
      `SELECT user_id, id FROM (
         SELECT user_id, id, row_number() OVER (PARTITION BY user_id ORDER BY id) AS n
         FROM time_entries WHERE user_id = ANY($1::int[]) AND end_time IS NOT NULL
       ) t WHERE n <= 50`,
      [writeUsers],
    )
  ).map((r) => ({ userId: Number(r.user_id), entryId: Number(r.id) }));

  const [heavySettings] = await db.query<{ timezone: string }>(
    'SELECT timezone FROM user_settings WHERE user_id = $1',
    [HEAVY_USER],
  );
  const heavyTimezone = heavySettings?.timezone ?? 'UTC';
  // The month view: the previous full month in the heavy user's timezone.
  const today = localDate(now, parseTimezone(heavyTimezone)!);
  const [y, m] = today.split('-').map(Number) as [number, number];
  const first = new Date(Date.UTC(y, m - 2, 1));
  const last = new Date(Date.UTC(y, m - 1, 0));
  const month = { from: first.toISOString().slice(0, 10), to: last.toISOString().slice(0, 10) };

  return {
    users: Number(counts?.users ?? 0),
    entries: Number(counts?.entries ?? 0),
    heavyUser: HEAVY_USER,
    // One user per size (a small --heavy may equal the 10k user's).
    curveUsers: curve
      .filter((c, i) => curve.findIndex((o) => o.entries === c.entries) === i)
      .sort((a, b) => a.entries - b.entries),
    writeUsers,
    writeEntries,
    heavyTimezone,
    month,
    seconds: (performance.now() - started) / 1000,
    dateMismatches: await checkDates(db),
  };
}

/** The seeded dates must be what the app itself derives: compare a sample with localDate(). */
async function checkDates(db: Executor): Promise<number> {
  const sample = await db.query<{ date: string; start: string; timezone: string | null }>(
    `SELECT e.date::text AS date, to_char(e.start_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS start,
            s.timezone
     FROM time_entries e LEFT JOIN user_settings s ON s.user_id = e.user_id
     WHERE e.id % 397 = 0 LIMIT 3000`,
  );
  let mismatches = 0;
  for (const row of sample) {
    const timezone = parseTimezone(row.timezone ?? 'UTC');
    if (!timezone || localDate(new Date(row.start), timezone) !== row.date) mismatches++;
  }
  return mismatches;
}
