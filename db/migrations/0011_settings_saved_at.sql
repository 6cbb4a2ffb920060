ALTER TABLE "user_settings" ADD COLUMN "saved_at" timestamp with time zone;--> statement-breakpoint
-- Hand-written: settings that existed before this migration count as saved, so
-- that no existing user is asked again for a timezone. (A row a first GET made
-- cannot be told apart from one a PUT made: both have created_at = updated_at.)
UPDATE "user_settings" SET "saved_at" = "updated_at";
