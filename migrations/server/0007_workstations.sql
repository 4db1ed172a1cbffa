CREATE TABLE "workstations" (
	"client_id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"created_at" timestamp(3) with time zone NOT NULL,
	"last_contact_at" timestamp(3) with time zone NOT NULL,
	"wipe_requested_at" timestamp(3) with time zone,
	"wipe_reason" text,
	"wipe_requested_by_id" uuid,
	"wipe_sent_at" timestamp(3) with time zone
);
--> statement-breakpoint
ALTER TABLE "workstations" ADD CONSTRAINT "workstations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workstations" ADD CONSTRAINT "workstations_wipe_requested_by_id_users_id_fk" FOREIGN KEY ("wipe_requested_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "workstations_user_idx" ON "workstations" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "sessions_client_idx" ON "sessions" USING btree ("client_id");