ALTER TABLE `leads` ADD `sms_opt_out_at` text;--> statement-breakpoint
ALTER TABLE `settings` ADD `sms_provider` text DEFAULT 'none' NOT NULL;