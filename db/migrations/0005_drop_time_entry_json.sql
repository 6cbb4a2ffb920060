-- The stored copy of an entry's wire format (0003/0004) is dropped: changing the format must
-- never rewrite the table. 0006 builds the list's JSON at read time instead, from one SQL
-- function held equal to serializeEntry by tests/entries-json.test.ts. Dropping a column only
-- marks it dropped in the catalogue (no table rewrite); the brief ACCESS EXCLUSIVE lock makes
-- requests that meet it wait at most DB_LOCK_TIMEOUT, then answer 503 having changed nothing.
ALTER TABLE "time_entries" DROP COLUMN "entry_json";
--> statement-breakpoint
DROP FUNCTION time_entry_json(integer, integer, date, timestamptz, timestamptz, numeric, text, text, timestamptz, timestamptz);
