CREATE TABLE "time_entries" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "time_entries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"user_id" integer NOT NULL,
	"date" date NOT NULL,
	"start_time" timestamp with time zone NOT NULL,
	"end_time" timestamp with time zone,
	"hourly_rate" numeric(14, 4) NOT NULL,
	"total_hours" numeric GENERATED ALWAYS AS (round(extract(epoch from (end_time - start_time)) / 3600, 2)) STORED,
	"total_earned" numeric GENERATED ALWAYS AS (round(extract(epoch from (end_time - start_time)) * hourly_rate / 3600, 2)) STORED,
	"payment_status" text DEFAULT 'not_paid' NOT NULL,
	"notes" text,
	"created_at" timestamp with time zone DEFAULT date_trunc('second', now()) NOT NULL,
	"updated_at" timestamp with time zone DEFAULT date_trunc('second', now()) NOT NULL,
	CONSTRAINT "time_entries_end_after_start" CHECK (end_time IS NULL OR end_time > start_time),
	CONSTRAINT "time_entries_rate_not_negative" CHECK (hourly_rate >= 0),
	CONSTRAINT "time_entries_payment_status_valid" CHECK (payment_status IN ('not_paid', 'invoiced_not_approved', 'invoiced_approved', 'paid')),
	CONSTRAINT "time_entries_notes_length" CHECK (char_length(notes) <= 10000)
);
--> statement-breakpoint
CREATE TABLE "user_settings" (
	"user_id" integer PRIMARY KEY NOT NULL,
	"default_hourly_rate" numeric(14, 4) NOT NULL,
	"currency" text NOT NULL,
	"timezone" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT date_trunc('second', now()) NOT NULL,
	"updated_at" timestamp with time zone DEFAULT date_trunc('second', now()) NOT NULL,
	CONSTRAINT "user_settings_rate_not_negative" CHECK (default_hourly_rate >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX "time_entries_one_active_per_user" ON "time_entries" USING btree ("user_id") WHERE end_time IS NULL;--> statement-breakpoint
CREATE INDEX "time_entries_user_date_idx" ON "time_entries" USING btree ("user_id","date" DESC NULLS FIRST,"start_time" DESC NULLS FIRST,"id" DESC NULLS FIRST);