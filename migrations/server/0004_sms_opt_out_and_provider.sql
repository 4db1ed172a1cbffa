CREATE TABLE "sms_opt_outs" (
	"phone_e164" text PRIMARY KEY NOT NULL,
	"at" timestamp(3) with time zone NOT NULL,
	"source" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "leads" ADD COLUMN "sms_opt_out_at" timestamp(3) with time zone;--> statement-breakpoint
ALTER TABLE "settings" ADD COLUMN "sms_provider" text DEFAULT 'none' NOT NULL;