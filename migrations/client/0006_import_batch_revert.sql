ALTER TABLE `import_batches` ADD `rejected_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `import_batches` ADD `reverted_at` text;--> statement-breakpoint
ALTER TABLE `import_batches` ADD `reverted_by_id` text;--> statement-breakpoint
ALTER TABLE `import_batches` ADD `revert_reason` text;--> statement-breakpoint
ALTER TABLE `import_batches` ADD `removed_count` integer;--> statement-breakpoint
ALTER TABLE `import_batches` ADD `kept_count` integer;--> statement-breakpoint
CREATE INDEX `leads_import_batch_id_idx` ON `leads` (`import_batch_id`);