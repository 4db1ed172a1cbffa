CREATE TABLE "appointments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL,
	"deleted_at" timestamp(3) with time zone,
	"created_at" timestamp(3) with time zone NOT NULL,
	"updated_at" timestamp(3) with time zone NOT NULL,
	"lead_id" uuid NOT NULL,
	"host_id" uuid NOT NULL,
	"booked_by_id" uuid NOT NULL,
	"starts_at" timestamp(3) with time zone NOT NULL,
	"ends_at" timestamp(3) with time zone NOT NULL,
	"kind" text NOT NULL,
	"location" text,
	"note" text,
	"state" text NOT NULL,
	"cancel_reason" text,
	"closed_at" timestamp(3) with time zone,
	"reminder_sent_at" timestamp(3) with time zone
);
--> statement-breakpoint
CREATE TABLE "clients" (
	"id" uuid PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL,
	"deleted_at" timestamp(3) with time zone,
	"created_at" timestamp(3) with time zone NOT NULL,
	"updated_at" timestamp(3) with time zone NOT NULL,
	"lead_id" uuid NOT NULL,
	"file_number" text NOT NULL,
	"owner_id" uuid NOT NULL,
	"converted_at" timestamp(3) with time zone NOT NULL,
	"converted_by_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contact_attempts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL,
	"deleted_at" timestamp(3) with time zone,
	"created_at" timestamp(3) with time zone NOT NULL,
	"lead_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"outcome" text NOT NULL,
	"note" text,
	"callback_at" timestamp(3) with time zone,
	"at" timestamp(3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evaluations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL,
	"deleted_at" timestamp(3) with time zone,
	"created_at" timestamp(3) with time zone NOT NULL,
	"lead_id" uuid NOT NULL,
	"result" text NOT NULL,
	"procedure_ids" jsonb NOT NULL,
	"notes" text NOT NULL,
	"evaluated_by_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "history" (
	"id" uuid PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL,
	"deleted_at" timestamp(3) with time zone,
	"lead_id" uuid NOT NULL,
	"at" timestamp(3) with time zone NOT NULL,
	"actor_id" uuid,
	"kind" text NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "import_batches" (
	"id" uuid PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL,
	"deleted_at" timestamp(3) with time zone,
	"created_at" timestamp(3) with time zone NOT NULL,
	"updated_at" timestamp(3) with time zone NOT NULL,
	"file_name" text NOT NULL,
	"created_by_id" uuid NOT NULL,
	"row_count" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "leads" (
	"id" uuid PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL,
	"deleted_at" timestamp(3) with time zone,
	"created_at" timestamp(3) with time zone NOT NULL,
	"updated_at" timestamp(3) with time zone NOT NULL,
	"first_name" text NOT NULL,
	"last_name" text NOT NULL,
	"email" text,
	"phone_e164" text,
	"phone_raw" text,
	"language" text,
	"city" text,
	"country" text,
	"program_of_interest" text,
	"notes" text,
	"status" text NOT NULL,
	"status_changed_at" timestamp(3) with time zone NOT NULL,
	"assignee_id" uuid,
	"source" text NOT NULL,
	"import_batch_id" uuid,
	"utm_source" text,
	"utm_medium" text,
	"utm_campaign" text,
	"consent" boolean NOT NULL,
	"duplicate_of_id" uuid,
	"callback_at" timestamp(3) with time zone,
	"created_by_id" uuid
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL,
	"deleted_at" timestamp(3) with time zone,
	"created_at" timestamp(3) with time zone NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"lead_id" uuid,
	"count" integer NOT NULL,
	"group_key" text,
	"payload" jsonb NOT NULL,
	"read_at" timestamp(3) with time zone
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL,
	"deleted_at" timestamp(3) with time zone,
	"created_at" timestamp(3) with time zone NOT NULL,
	"client_id" uuid NOT NULL,
	"lead_id" uuid NOT NULL,
	"amount_cents" integer NOT NULL,
	"currency" text NOT NULL,
	"method" text NOT NULL,
	"paid_at" timestamp(3) with time zone NOT NULL,
	"recorded_by_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "procedures" (
	"id" uuid PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL,
	"deleted_at" timestamp(3) with time zone,
	"created_at" timestamp(3) with time zone NOT NULL,
	"updated_at" timestamp(3) with time zone NOT NULL,
	"code" text NOT NULL,
	"name_fr" text NOT NULL,
	"name_en" text NOT NULL,
	"active" boolean NOT NULL,
	"sort_order" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL,
	"deleted_at" timestamp(3) with time zone,
	"created_at" timestamp(3) with time zone NOT NULL,
	"updated_at" timestamp(3) with time zone NOT NULL,
	"office_name" text NOT NULL,
	"address" text NOT NULL,
	"phone" text,
	"time_zone" text NOT NULL,
	"reminder_minute_of_day" integer NOT NULL,
	"default_language" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sms_messages" (
	"id" uuid PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL,
	"deleted_at" timestamp(3) with time zone,
	"created_at" timestamp(3) with time zone NOT NULL,
	"updated_at" timestamp(3) with time zone NOT NULL,
	"lead_id" uuid NOT NULL,
	"appointment_id" uuid,
	"template_id" uuid,
	"to" text NOT NULL,
	"body" text NOT NULL,
	"segments" integer NOT NULL,
	"encoding" text NOT NULL,
	"state" text NOT NULL,
	"error" text,
	"sent_by_id" uuid NOT NULL,
	"sent_at" timestamp(3) with time zone,
	"delivered_at" timestamp(3) with time zone
);
--> statement-breakpoint
CREATE TABLE "sms_templates" (
	"id" uuid PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL,
	"deleted_at" timestamp(3) with time zone,
	"created_at" timestamp(3) with time zone NOT NULL,
	"updated_at" timestamp(3) with time zone NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"body_fr" text NOT NULL,
	"body_en" text NOT NULL,
	"active" boolean NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tasks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL,
	"deleted_at" timestamp(3) with time zone,
	"created_at" timestamp(3) with time zone NOT NULL,
	"updated_at" timestamp(3) with time zone NOT NULL,
	"lead_id" uuid,
	"owner_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"due_at" timestamp(3) with time zone NOT NULL,
	"completed_at" timestamp(3) with time zone,
	"completed_by_id" uuid,
	"reminder_sent_at" timestamp(3) with time zone
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL,
	"deleted_at" timestamp(3) with time zone,
	"created_at" timestamp(3) with time zone NOT NULL,
	"updated_at" timestamp(3) with time zone NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"active" boolean NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scheduler_runs" (
	"job_key" text PRIMARY KEY NOT NULL,
	"ran_at" timestamp(3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp(3) with time zone,
	"revoked_at" timestamp(3) with time zone,
	"client_id" uuid
);
--> statement-breakpoint
CREATE TABLE "sms_dispatch" (
	"sms_message_id" uuid PRIMARY KEY NOT NULL,
	"provider" text NOT NULL,
	"provider_message_id" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp(3) with time zone,
	"last_error" text,
	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sync_clients" (
	"client_id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"last_mutation_id" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sync_results" (
	"client_id" uuid NOT NULL,
	"mutation_id" bigint NOT NULL,
	"name" text NOT NULL,
	"status" text NOT NULL,
	"code" text,
	"message" text,
	"at" timestamp(3) with time zone NOT NULL,
	CONSTRAINT "sync_results_client_id_mutation_id_pk" PRIMARY KEY("client_id","mutation_id")
);
--> statement-breakpoint
CREATE TABLE "user_credentials" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"password_hash" text NOT NULL,
	"calendar_secret" text NOT NULL,
	"failed_logins" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp(3) with time zone,
	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_credentials_calendar_secret_unique" UNIQUE("calendar_secret")
);
--> statement-breakpoint
CREATE TABLE "version_counter" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"value" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "version_counter_single_row" CHECK ("version_counter"."id" = 1)
);
--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_clients" ADD CONSTRAINT "sync_clients_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_results" ADD CONSTRAINT "sync_results_client_id_sync_clients_client_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."sync_clients"("client_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_credentials" ADD CONSTRAINT "user_credentials_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "appointments_version_idx" ON "appointments" USING btree ("version");--> statement-breakpoint
CREATE INDEX "appointments_host_starts_at_idx" ON "appointments" USING btree ("host_id","starts_at");--> statement-breakpoint
CREATE INDEX "appointments_starts_at_idx" ON "appointments" USING btree ("starts_at");--> statement-breakpoint
CREATE INDEX "appointments_lead_idx" ON "appointments" USING btree ("lead_id");--> statement-breakpoint
CREATE INDEX "clients_version_idx" ON "clients" USING btree ("version");--> statement-breakpoint
CREATE UNIQUE INDEX "clients_file_number_unique" ON "clients" USING btree ("file_number");--> statement-breakpoint
CREATE INDEX "clients_lead_idx" ON "clients" USING btree ("lead_id");--> statement-breakpoint
CREATE INDEX "clients_owner_idx" ON "clients" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "contact_attempts_version_idx" ON "contact_attempts" USING btree ("version");--> statement-breakpoint
CREATE INDEX "contact_attempts_lead_at_idx" ON "contact_attempts" USING btree ("lead_id","at");--> statement-breakpoint
CREATE INDEX "evaluations_version_idx" ON "evaluations" USING btree ("version");--> statement-breakpoint
CREATE INDEX "evaluations_lead_idx" ON "evaluations" USING btree ("lead_id");--> statement-breakpoint
CREATE INDEX "history_version_idx" ON "history" USING btree ("version");--> statement-breakpoint
CREATE INDEX "history_lead_at_idx" ON "history" USING btree ("lead_id","at");--> statement-breakpoint
CREATE INDEX "import_batches_version_idx" ON "import_batches" USING btree ("version");--> statement-breakpoint
CREATE INDEX "leads_version_idx" ON "leads" USING btree ("version");--> statement-breakpoint
CREATE INDEX "leads_status_idx" ON "leads" USING btree ("status");--> statement-breakpoint
CREATE INDEX "leads_assignee_status_idx" ON "leads" USING btree ("assignee_id","status");--> statement-breakpoint
CREATE INDEX "leads_created_at_idx" ON "leads" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "leads_callback_at_idx" ON "leads" USING btree ("callback_at");--> statement-breakpoint
CREATE INDEX "leads_phone_e164_idx" ON "leads" USING btree ("phone_e164");--> statement-breakpoint
CREATE INDEX "leads_email_idx" ON "leads" USING btree ("email");--> statement-breakpoint
CREATE INDEX "leads_duplicate_of_id_idx" ON "leads" USING btree ("duplicate_of_id");--> statement-breakpoint
CREATE INDEX "notifications_version_idx" ON "notifications" USING btree ("version");--> statement-breakpoint
CREATE INDEX "notifications_user_read_at_idx" ON "notifications" USING btree ("user_id","read_at");--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_user_group_key_unique" ON "notifications" USING btree ("user_id","group_key");--> statement-breakpoint
CREATE INDEX "payments_version_idx" ON "payments" USING btree ("version");--> statement-breakpoint
CREATE INDEX "payments_client_idx" ON "payments" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "payments_lead_idx" ON "payments" USING btree ("lead_id");--> statement-breakpoint
CREATE INDEX "procedures_version_idx" ON "procedures" USING btree ("version");--> statement-breakpoint
CREATE INDEX "settings_version_idx" ON "settings" USING btree ("version");--> statement-breakpoint
CREATE INDEX "sms_messages_version_idx" ON "sms_messages" USING btree ("version");--> statement-breakpoint
CREATE INDEX "sms_messages_lead_idx" ON "sms_messages" USING btree ("lead_id");--> statement-breakpoint
CREATE INDEX "sms_templates_version_idx" ON "sms_templates" USING btree ("version");--> statement-breakpoint
CREATE INDEX "tasks_version_idx" ON "tasks" USING btree ("version");--> statement-breakpoint
CREATE INDEX "tasks_owner_due_at_idx" ON "tasks" USING btree ("owner_id","due_at");--> statement-breakpoint
CREATE INDEX "tasks_lead_idx" ON "tasks" USING btree ("lead_id");--> statement-breakpoint
CREATE INDEX "users_version_idx" ON "users" USING btree ("version");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_unique" ON "users" USING btree ("email");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sms_dispatch_provider_message_unique" ON "sms_dispatch" USING btree ("provider","provider_message_id");--> statement-breakpoint
CREATE INDEX "sms_dispatch_next_attempt_idx" ON "sms_dispatch" USING btree ("next_attempt_at");--> statement-breakpoint
CREATE INDEX "sync_clients_user_idx" ON "sync_clients" USING btree ("user_id");