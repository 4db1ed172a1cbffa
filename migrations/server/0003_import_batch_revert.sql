ALTER TABLE "import_batches" ADD COLUMN "rejected_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "import_batches" ADD COLUMN "reverted_at" timestamp(3) with time zone;--> statement-breakpoint
ALTER TABLE "import_batches" ADD COLUMN "reverted_by_id" uuid;--> statement-breakpoint
ALTER TABLE "import_batches" ADD COLUMN "revert_reason" text;--> statement-breakpoint
ALTER TABLE "import_batches" ADD COLUMN "removed_count" integer;--> statement-breakpoint
ALTER TABLE "import_batches" ADD COLUMN "kept_count" integer;--> statement-breakpoint
CREATE INDEX "leads_import_batch_id_idx" ON "leads" USING btree ("import_batch_id");