-- An entry's wire format is defined once, by serializeEntry (lib/time-tracking/serialize.ts):
-- the stored copy of 0003/0004 is dropped. Dropping a column only marks it dropped in the
-- catalogue (no table rewrite); the brief ACCESS EXCLUSIVE lock makes requests that meet it
-- wait at most DB_LOCK_TIMEOUT, then answer 503 having changed nothing.
ALTER TABLE "time_entries" DROP COLUMN "entry_json";
--> statement-breakpoint
DROP FUNCTION time_entry_json(integer, integer, date, timestamptz, timestamptz, numeric, text, text, timestamptz, timestamptz);
