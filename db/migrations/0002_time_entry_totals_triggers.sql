-- Keeps time_entry_daily_totals and time_entry_status_totals equal to the sums over
-- time_entries, in the same transaction as every write, so that they can never
-- disagree with the entries a concurrent reader sees.
--
-- Statement-level triggers with transition tables: a statement's changes are
-- aggregated first (new rows count +1, old rows -1, with their seconds and
-- total_earned), so a batch update of 1,000 entries is one upsert per table and a
-- notes-only edit writes nothing. Each upsert adds its deltas to the row under its
-- lock (INSERT … ON CONFLICT DO UPDATE), taking the locks in key order, so
-- concurrent writers serialise on a total row instead of losing an update, and
-- cannot deadlock on each other there. Sums are numeric: exact.
--
-- No writes may slip in between the backfill and the triggers taking over.
LOCK TABLE time_entries IN SHARE ROW EXCLUSIVE MODE;
--> statement-breakpoint
CREATE FUNCTION time_entry_totals_apply() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  -- Only the transition tables that this trigger declares may be named: one branch per event.
  IF TG_OP = 'INSERT' THEN
    WITH changes AS (
      SELECT user_id, date, payment_status, 1 AS entry_count,
             coalesce(extract(epoch FROM end_time - start_time), 0) AS seconds,
             coalesce(total_earned, 0) AS earned
      FROM new_entries
    ), by_day AS (
      SELECT user_id, date, payment_status, sum(entry_count) AS entry_count,
             sum(seconds) AS seconds, sum(earned) AS earned
      FROM changes GROUP BY user_id, date, payment_status
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
    FROM by_day GROUP BY user_id, payment_status ORDER BY user_id, payment_status
    ON CONFLICT (user_id, payment_status) DO UPDATE
    SET entry_count = t.entry_count + excluded.entry_count,
        seconds = t.seconds + excluded.seconds,
        earned = t.earned + excluded.earned;

  ELSIF TG_OP = 'DELETE' THEN
    WITH changes AS (
      SELECT user_id, date, payment_status, -1 AS entry_count,
             -coalesce(extract(epoch FROM end_time - start_time), 0) AS seconds,
             -coalesce(total_earned, 0) AS earned
      FROM old_entries
    ), by_day AS (
      SELECT user_id, date, payment_status, sum(entry_count) AS entry_count,
             sum(seconds) AS seconds, sum(earned) AS earned
      FROM changes GROUP BY user_id, date, payment_status
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
    FROM by_day GROUP BY user_id, payment_status ORDER BY user_id, payment_status
    ON CONFLICT (user_id, payment_status) DO UPDATE
    SET entry_count = t.entry_count + excluded.entry_count,
        seconds = t.seconds + excluded.seconds,
        earned = t.earned + excluded.earned;

  ELSE -- UPDATE: only the keys whose totals actually move are written.
    WITH changes AS (
      SELECT user_id, date, payment_status, 1 AS entry_count,
             coalesce(extract(epoch FROM end_time - start_time), 0) AS seconds,
             coalesce(total_earned, 0) AS earned
      FROM new_entries
      UNION ALL
      SELECT user_id, date, payment_status, -1,
             -coalesce(extract(epoch FROM end_time - start_time), 0),
             -coalesce(total_earned, 0)
      FROM old_entries
    ), by_day AS (
      SELECT user_id, date, payment_status, sum(entry_count) AS entry_count,
             sum(seconds) AS seconds, sum(earned) AS earned
      FROM changes GROUP BY user_id, date, payment_status
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
    FROM by_day GROUP BY user_id, payment_status
    HAVING sum(entry_count) <> 0 OR sum(seconds) <> 0 OR sum(earned) <> 0
    ORDER BY user_id, payment_status
    ON CONFLICT (user_id, payment_status) DO UPDATE
    SET entry_count = t.entry_count + excluded.entry_count,
        seconds = t.seconds + excluded.seconds,
        earned = t.earned + excluded.earned;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION time_entry_totals_truncate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE time_entry_daily_totals, time_entry_status_totals;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER time_entries_totals_insert AFTER INSERT ON time_entries
REFERENCING NEW TABLE AS new_entries
FOR EACH STATEMENT EXECUTE FUNCTION time_entry_totals_apply();
--> statement-breakpoint
CREATE TRIGGER time_entries_totals_update AFTER UPDATE ON time_entries
REFERENCING OLD TABLE AS old_entries NEW TABLE AS new_entries
FOR EACH STATEMENT EXECUTE FUNCTION time_entry_totals_apply();
--> statement-breakpoint
CREATE TRIGGER time_entries_totals_delete AFTER DELETE ON time_entries
REFERENCING OLD TABLE AS old_entries
FOR EACH STATEMENT EXECUTE FUNCTION time_entry_totals_apply();
--> statement-breakpoint
CREATE TRIGGER time_entries_totals_truncate AFTER TRUNCATE ON time_entries
FOR EACH STATEMENT EXECUTE FUNCTION time_entry_totals_truncate();
--> statement-breakpoint
-- The totals of the entries that already exist.
INSERT INTO time_entry_daily_totals (user_id, date, payment_status, entry_count, seconds, earned)
SELECT user_id, date, payment_status, count(*),
       coalesce(sum(extract(epoch FROM end_time - start_time)), 0),
       coalesce(sum(total_earned), 0)
FROM time_entries
GROUP BY user_id, date, payment_status;
--> statement-breakpoint
INSERT INTO time_entry_status_totals (user_id, payment_status, entry_count, seconds, earned)
SELECT user_id, payment_status, sum(entry_count), sum(seconds), sum(earned)
FROM time_entry_daily_totals
GROUP BY user_id, payment_status;
