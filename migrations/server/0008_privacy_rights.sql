CREATE TABLE "anonymisations" (
	"lead_id" uuid PRIMARY KEY NOT NULL,
	"at" timestamp(3) with time zone NOT NULL,
	"by_id" uuid,
	"reason" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "legal_holds" (
	"lead_id" uuid PRIMARY KEY NOT NULL,
	"reason" text NOT NULL,
	"set_by_id" uuid NOT NULL,
	"set_at" timestamp(3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "privacy_settings" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"web_form_consent_wording" text NOT NULL,
	"updated_at" timestamp(3) with time zone NOT NULL,
	CONSTRAINT "privacy_settings_single_row" CHECK ("privacy_settings"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "retention_rules" (
	"status" text PRIMARY KEY NOT NULL,
	"months" integer NOT NULL,
	"updated_at" timestamp(3) with time zone NOT NULL,
	"updated_by_id" uuid
);
