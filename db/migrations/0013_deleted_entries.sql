CREATE TABLE "deleted_time_entries" (
	"id" integer PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"date" date NOT NULL,
	"start_time" timestamp with time zone NOT NULL,
	"end_time" timestamp with time zone,
	"hourly_rate" numeric(14, 4) NOT NULL,
	"total_hours" numeric GENERATED ALWAYS AS (round(extract(epoch from (end_time - start_time)) / 3600, 2)) STORED,
	"total_earned" numeric GENERATED ALWAYS AS (round(extract(epoch from (end_time - start_time)) * hourly_rate / 3600, 2)) STORED,
	"payment_status" text NOT NULL,
	"notes" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"deleted_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "deleted_time_entries_user_deleted_idx" ON "deleted_time_entries" USING btree ("user_id","deleted_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "deleted_time_entries_deleted_at_idx" ON "deleted_time_entries" USING btree ("deleted_at");