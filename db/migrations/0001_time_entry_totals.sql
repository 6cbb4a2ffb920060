CREATE TABLE "time_entry_daily_totals" (
	"user_id" integer NOT NULL,
	"date" date NOT NULL,
	"payment_status" text NOT NULL,
	"entry_count" integer NOT NULL,
	"seconds" numeric NOT NULL,
	"earned" numeric NOT NULL,
	CONSTRAINT "time_entry_daily_totals_user_id_date_payment_status_pk" PRIMARY KEY("user_id","date","payment_status")
);
--> statement-breakpoint
CREATE TABLE "time_entry_status_totals" (
	"user_id" integer NOT NULL,
	"payment_status" text NOT NULL,
	"entry_count" integer NOT NULL,
	"seconds" numeric NOT NULL,
	"earned" numeric NOT NULL,
	CONSTRAINT "time_entry_status_totals_user_id_payment_status_pk" PRIMARY KEY("user_id","payment_status")
);
