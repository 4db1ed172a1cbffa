CREATE TABLE `import_rejected_rows` (
	`import_batch_id` text PRIMARY KEY NOT NULL,
	`file_name` text NOT NULL,
	`headers` text NOT NULL,
	`rows` text NOT NULL,
	`saved_at` text NOT NULL
);
