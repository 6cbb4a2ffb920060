-- time_entry_json(): one entry as the API writes it, for the stored column
-- time_entries.entry_json (0004), from which the list endpoint assembles a page.
--
-- The text is byte for byte JSON.stringify(serializeEntry(row)) (tests/entries-json.test.ts
-- holds the two together): serializeEntry's key order, no spaces;
-- - timestamps in UTC to the second, without an offset ("2024-03-10T06:59:59");
-- - numbers as trim_scale(numeric)::text ("72.125", "160"), the shortest decimal
--   form, which is what JSON.stringify writes for the same value;
-- - notes through to_json, which escapes exactly the characters JSON.stringify
--   escapes (the API refuses NUL and lone surrogates);
-- - total_hours and total_earned computed as the generated columns of 0000 compute
--   them (a generated column may not read another generated column).
--
-- IMMUTABLE, which a generated column requires, although to_char and the text
-- casts are only STABLE in general: what makes them depend on settings (TimeZone
-- for timestamptz, DateStyle for date/time output, lc_time for TM patterns) is
-- never used here. Every timestamptz is converted with AT TIME ZONE 'UTC' (which
-- is immutable) before to_char formats it with a fixed pattern; numeric and text
-- output does not depend on any setting. The same row therefore gives the same
-- text in every session, which the tests check under other TimeZone and DateStyle
-- settings.
--
-- Changing the format means a new function and re-adding the column (Postgres 15
-- cannot change a generation expression in place), which rewrites the table.
CREATE FUNCTION time_entry_json(
  id integer,
  user_id integer,
  date date,
  start_time timestamptz,
  end_time timestamptz,
  hourly_rate numeric,
  payment_status text,
  notes text,
  created_at timestamptz,
  updated_at timestamptz
) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN '{"id":' || id
  || ',"date":"' || to_char(date, 'YYYY-MM-DD')
  || '","start_time":"' || to_char(start_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS')
  || '","end_time":' || coalesce('"' || to_char(end_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') || '"', 'null')
  || ',"hourly_rate":' || trim_scale(hourly_rate)::text
  || ',"total_hours":' || coalesce(trim_scale(round(extract(epoch FROM (end_time - start_time)) / 3600, 2))::text, 'null')
  || ',"total_earned":' || coalesce(trim_scale(round(extract(epoch FROM (end_time - start_time)) * hourly_rate / 3600, 2))::text, 'null')
  || ',"payment_status":"' || payment_status
  || '","notes":' || coalesce(to_json(notes)::text, 'null')
  || ',"created_at":"' || to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS')
  || '","updated_at":"' || to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS')
  || '","user_id":' || user_id || '}';
