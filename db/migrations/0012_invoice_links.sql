CREATE TABLE "invoice_link_entries" (
	"link_id" uuid NOT NULL,
	"entry_id" integer NOT NULL,
	CONSTRAINT "invoice_link_entries_link_id_entry_id_pk" PRIMARY KEY("link_id","entry_id")
);
--> statement-breakpoint
CREATE TABLE "invoice_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" integer NOT NULL,
	"token_hash" text NOT NULL,
	"start_date" date,
	"end_date" date,
	"payment_status" text,
	"currency" text NOT NULL,
	"timezone" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT date_trunc('second', now()) NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "invoice_link_entries" ADD CONSTRAINT "invoice_link_entries_link_id_invoice_links_id_fk" FOREIGN KEY ("link_id") REFERENCES "public"."invoice_links"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "invoice_links_token_hash_idx" ON "invoice_links" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "invoice_links_user_created_idx" ON "invoice_links" USING btree ("user_id","created_at" DESC NULLS FIRST);