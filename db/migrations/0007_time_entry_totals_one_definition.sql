-- What one entry adds to the totals of 0001/0002 is now defined once, by
-- time_entry_delta(entry, sign): its (user, date, payment status) key, 1 to the
-- entry count, the exact duration in seconds and total_earned (0 for a running
-- timer), all multiplied by sign (+1 for a row that appears, -1 for one that goes).
-- The trigger of 0002 spelled that out three times, once per event, each with its
-- own copy of the upsert; `npm run db:check` (db/totals.ts) recomputed it a fourth
-- time. Now the trigger and the check both call time_entry_delta, so they cannot
-- disagree about what a total is.
--
-- time_entry_totals_apply() builds one `changes` array from whichever transition
-- tables the event has (new rows with +1, old rows with -1; an UPDATE has both)
-- and then runs one upsert of the daily and status totals for every event. Only
-- the array is built per event, behind an IF, because a trigger may only name the
-- transition tables it declares (an INSERT trigger has no old_entries) and PL/pgSQL
-- plans a statement when it first runs: a branch that does not run is never planned.
-- The array costs a second statement per write: on the reference machine about
-- 10 µs more database CPU per single-row write (of 120–180 µs) and 0.9 ms more per
-- 1,000-entry batch update (of about 5–7 ms); a write's round trip did not change
-- measurably.
--
-- Unchanged: the statement-level triggers with transition tables (one statement is
-- one upsert per table, even for a batch of 1,000 entries), locks taken in key
-- order (ORDER BY), only the keys whose totals move are written (a notes-only edit
-- writes nothing; the HAVING is a no-op for INSERT and DELETE, whose keys always
-- move by ±1 entry), exact numeric sums, the TRUNCATE trigger. The triggers still
-- point at time_entry_totals_apply(), which is replaced in place, so no trigger is
-- dropped and no write can slip past the totals while this runs; the totals
-- themselves are not touched.
--
-- time_entry_delta is an SQL function with a RETURN body: the planner inlines it
-- (the recomputation over time_entries reads plain columns), and Postgres records
-- its dependency on the columns it reads, so a later migration cannot drop one of
-- them without replacing it.
CREATE TYPE time_entry_totals_delta AS (
  user_id integer,
  date date,
  payment_status text,
  entry_count integer,
  seconds numeric,
  earned numeric
);
--> statement-breakpoint
CREATE FUNCTION time_entry_delta(entry time_entries, sign integer) RETURNS time_entry_totals_delta
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN ROW(
  entry.user_id,
  entry.date,
  entry.payment_status,
  sign,
  -- end_time is NULL while the timer runs: no duration and no earnings yet.
  sign * coalesce(extract(epoch FROM entry.end_time - entry.start_time), 0),
  sign * coalesce(entry.total_earned, 0)
)::time_entry_totals_delta;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION time_entry_totals_apply() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  changes time_entry_totals_delta[];
BEGIN
  -- The rows that appear count +1, those that go -1; an UPDATE has both.
  IF TG_OP = 'INSERT' THEN
    changes := ARRAY(SELECT time_entry_delta(n, 1) FROM new_entries n);
  ELSIF TG_OP = 'DELETE' THEN
    changes := ARRAY(SELECT time_entry_delta(o, -1) FROM old_entries o);
  ELSE
    changes := ARRAY(SELECT time_entry_delta(n, 1) FROM new_entries n
                     UNION ALL
                     SELECT time_entry_delta(o, -1) FROM old_entries o);
  END IF;

  WITH by_day AS (
    SELECT user_id, date, payment_status, sum(entry_count) AS entry_count,
           sum(seconds) AS seconds, sum(earned) AS earned
    FROM unnest(changes)
    GROUP BY user_id, date, payment_status
    HAVING sum(entry_count) <> 0 OR sum(seconds) <> 0 OR sum(earned) <> 0
  ), daily AS (
    INSERT INTO time_entry_daily_totals AS t (user_id, date, payment_status, entry_count, seconds, earned)
    SELECT * FROM by_day ORDER BY user_id, date, payment_status
    ON CONFLICT (user_id, date, payment_status) DO UPDATE
    SET entry_count = t.entry_count + excluded.entry_count,
        seconds = t.seconds + excluded.seconds,
        earned = t.earned + excluded.earned
  )
  INSERT INTO time_entry_status_totals AS t (user_id, payment_status, entry_count, seconds, earned)
  SELECT user_id, payment_status, sum(entry_count), sum(seconds), sum(earned)
  FROM by_day
  GROUP BY user_id, payment_status
  HAVING sum(entry_count) <> 0 OR sum(seconds) <> 0 OR sum(earned) <> 0
  ORDER BY user_id, payment_status
  ON CONFLICT (user_id, payment_status) DO UPDATE
  SET entry_count = t.entry_count + excluded.entry_count,
      seconds = t.seconds + excluded.seconds,
      earned = t.earned + excluded.earned;
  RETURN NULL;
END
$$;
