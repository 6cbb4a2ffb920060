-- time_entry_json(e): one entry as the API writes it, computed when it is read
-- (the list joins a page of them), not stored. Byte for byte
-- JSON.stringify(serializeEntry(row)) (tests/entries-json.test.ts). Changing the
-- wire format is a CREATE OR REPLACE FUNCTION; no table is rewritten.
CREATE FUNCTION time_entry_json(e time_entries) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
RETURN '{"id":' || e.id
  || ',"date":"' || to_char(e.date, 'YYYY-MM-DD')
  || '","start_time":"' || to_char(e.start_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS')
  || '","end_time":' || coalesce('"' || to_char(e.end_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') || '"', 'null')
  || ',"hourly_rate":' || trim_scale(e.hourly_rate)::text
  || ',"total_hours":' || coalesce(trim_scale(e.total_hours)::text, 'null')
  || ',"total_earned":' || coalesce(trim_scale(e.total_earned)::text, 'null')
  || ',"payment_status":"' || e.payment_status
  || '","notes":' || coalesce(to_json(e.notes)::text, 'null')
  || ',"created_at":"' || to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS')
  || '","updated_at":"' || to_char(e.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS')
  || '","user_id":' || e.user_id || '}';
