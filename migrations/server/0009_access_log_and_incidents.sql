CREATE TABLE "access_log" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"user_id" uuid,
	"subject_id" uuid,
	"lead_id" uuid,
	"detail" text,
	"at" timestamp(3) with time zone NOT NULL,
	"received_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
	"source" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "privacy_incident_versions" (
	"incident_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"occurred_at" date NOT NULL,
	"discovered_at" date NOT NULL,
	"nature" text NOT NULL,
	"people_concerned" text NOT NULL,
	"lead_ids" jsonb NOT NULL,
	"measures" text NOT NULL,
	"serious_risk" boolean NOT NULL,
	"cai_notified_at" date,
	"people_notified_at" date,
	"edited_at" timestamp(3) with time zone NOT NULL,
	"edited_by_id" uuid,
	CONSTRAINT "privacy_incident_versions_incident_id_version_pk" PRIMARY KEY("incident_id","version")
);
--> statement-breakpoint
CREATE TABLE "privacy_incidents" (
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp(3) with time zone NOT NULL,
	"created_by_id" uuid
);
--> statement-breakpoint
ALTER TABLE "access_log" ADD CONSTRAINT "access_log_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "privacy_incident_versions" ADD CONSTRAINT "privacy_incident_versions_incident_id_privacy_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."privacy_incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "privacy_incident_versions" ADD CONSTRAINT "privacy_incident_versions_edited_by_id_users_id_fk" FOREIGN KEY ("edited_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "privacy_incidents" ADD CONSTRAINT "privacy_incidents_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "access_log_at_idx" ON "access_log" USING btree ("at","id");--> statement-breakpoint
CREATE INDEX "access_log_user_idx" ON "access_log" USING btree ("user_id","at");--> statement-breakpoint
CREATE INDEX "access_log_lead_idx" ON "access_log" USING btree ("lead_id","at");--> statement-breakpoint
-- Append-only, enforced by the database itself (issue 14, point 6: « not editable by anyone »):
-- the application, an administrator's SQL client and a bug alike are refused UPDATE, DELETE and
-- TRUNCATE on the access log and the incident register, even a statement that would touch no
-- row. Written by hand: drizzle-kit does not generate triggers.
CREATE FUNCTION "refuse_append_only_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'La table « % » est en ajout seulement : ses lignes ne se modifient ni ne s’effacent.', TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$;--> statement-breakpoint
CREATE TRIGGER "access_log_append_only" BEFORE UPDATE OR DELETE OR TRUNCATE ON "access_log" FOR EACH STATEMENT EXECUTE FUNCTION "refuse_append_only_change"();--> statement-breakpoint
CREATE TRIGGER "privacy_incidents_append_only" BEFORE UPDATE OR DELETE OR TRUNCATE ON "privacy_incidents" FOR EACH STATEMENT EXECUTE FUNCTION "refuse_append_only_change"();--> statement-breakpoint
CREATE TRIGGER "privacy_incident_versions_append_only" BEFORE UPDATE OR DELETE OR TRUNCATE ON "privacy_incident_versions" FOR EACH STATEMENT EXECUTE FUNCTION "refuse_append_only_change"();
