-- Rewrites time_entries under an ACCESS EXCLUSIVE lock, computing the text of
-- every existing entry: reads and writes of entries wait until it is done, about
-- 20 s per million entries on the reference machine (see the README, Deployment).
ALTER TABLE "time_entries" ADD COLUMN "entry_json" text GENERATED ALWAYS AS (time_entry_json(id, user_id, date, start_time, end_time, hourly_rate, payment_status, notes, created_at, updated_at)) STORED NOT NULL;