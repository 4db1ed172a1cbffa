CREATE TABLE `appointments` (
	`id` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`deleted_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`lead_id` text NOT NULL,
	`host_id` text NOT NULL,
	`booked_by_id` text NOT NULL,
	`starts_at` text NOT NULL,
	`ends_at` text NOT NULL,
	`kind` text NOT NULL,
	`location` text,
	`note` text,
	`state` text NOT NULL,
	`cancel_reason` text,
	`closed_at` text,
	`reminder_sent_at` text
);
--> statement-breakpoint
CREATE INDEX `appointments_host_starts_at_idx` ON `appointments` (`host_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `appointments_starts_at_idx` ON `appointments` (`starts_at`);--> statement-breakpoint
CREATE INDEX `appointments_lead_idx` ON `appointments` (`lead_id`);--> statement-breakpoint
CREATE TABLE `clients` (
	`id` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`deleted_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`lead_id` text NOT NULL,
	`file_number` text NOT NULL,
	`owner_id` text NOT NULL,
	`converted_at` text NOT NULL,
	`converted_by_id` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `clients_file_number_unique` ON `clients` (`file_number`);--> statement-breakpoint
CREATE INDEX `clients_lead_idx` ON `clients` (`lead_id`);--> statement-breakpoint
CREATE INDEX `clients_owner_idx` ON `clients` (`owner_id`);--> statement-breakpoint
CREATE TABLE `contact_attempts` (
	`id` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`deleted_at` text,
	`created_at` text NOT NULL,
	`lead_id` text NOT NULL,
	`user_id` text NOT NULL,
	`channel` text NOT NULL,
	`outcome` text NOT NULL,
	`note` text,
	`callback_at` text,
	`at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `contact_attempts_lead_at_idx` ON `contact_attempts` (`lead_id`,`at`);--> statement-breakpoint
CREATE TABLE `evaluations` (
	`id` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`deleted_at` text,
	`created_at` text NOT NULL,
	`lead_id` text NOT NULL,
	`result` text NOT NULL,
	`procedure_ids` text NOT NULL,
	`notes` text NOT NULL,
	`evaluated_by_id` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `evaluations_lead_idx` ON `evaluations` (`lead_id`);--> statement-breakpoint
CREATE TABLE `history` (
	`id` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`deleted_at` text,
	`lead_id` text NOT NULL,
	`at` text NOT NULL,
	`actor_id` text,
	`kind` text NOT NULL,
	`before` text,
	`after` text,
	`note` text
);
--> statement-breakpoint
CREATE INDEX `history_lead_at_idx` ON `history` (`lead_id`,`at`);--> statement-breakpoint
CREATE TABLE `import_batches` (
	`id` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`deleted_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`file_name` text NOT NULL,
	`created_by_id` text NOT NULL,
	`row_count` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `leads` (
	`id` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`deleted_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`first_name` text NOT NULL,
	`last_name` text NOT NULL,
	`email` text,
	`phone_e164` text,
	`phone_raw` text,
	`language` text,
	`city` text,
	`country` text,
	`program_of_interest` text,
	`notes` text,
	`status` text NOT NULL,
	`status_changed_at` text NOT NULL,
	`assignee_id` text,
	`source` text NOT NULL,
	`import_batch_id` text,
	`utm_source` text,
	`utm_medium` text,
	`utm_campaign` text,
	`consent` integer NOT NULL,
	`duplicate_of_id` text,
	`callback_at` text,
	`created_by_id` text
);
--> statement-breakpoint
CREATE INDEX `leads_status_idx` ON `leads` (`status`);--> statement-breakpoint
CREATE INDEX `leads_assignee_status_idx` ON `leads` (`assignee_id`,`status`);--> statement-breakpoint
CREATE INDEX `leads_created_at_idx` ON `leads` (`created_at`);--> statement-breakpoint
CREATE INDEX `leads_callback_at_idx` ON `leads` (`callback_at`);--> statement-breakpoint
CREATE INDEX `leads_phone_e164_idx` ON `leads` (`phone_e164`);--> statement-breakpoint
CREATE INDEX `leads_email_idx` ON `leads` (`email`);--> statement-breakpoint
CREATE INDEX `leads_duplicate_of_id_idx` ON `leads` (`duplicate_of_id`);--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`deleted_at` text,
	`created_at` text NOT NULL,
	`user_id` text NOT NULL,
	`kind` text NOT NULL,
	`lead_id` text,
	`count` integer NOT NULL,
	`group_key` text,
	`payload` text NOT NULL,
	`read_at` text
);
--> statement-breakpoint
CREATE INDEX `notifications_user_read_at_idx` ON `notifications` (`user_id`,`read_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `notifications_user_group_key_unique` ON `notifications` (`user_id`,`group_key`);--> statement-breakpoint
CREATE TABLE `payments` (
	`id` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`deleted_at` text,
	`created_at` text NOT NULL,
	`client_id` text NOT NULL,
	`lead_id` text NOT NULL,
	`amount_cents` integer NOT NULL,
	`currency` text NOT NULL,
	`method` text NOT NULL,
	`paid_at` text NOT NULL,
	`recorded_by_id` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `payments_client_idx` ON `payments` (`client_id`);--> statement-breakpoint
CREATE INDEX `payments_lead_idx` ON `payments` (`lead_id`);--> statement-breakpoint
CREATE TABLE `procedures` (
	`id` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`deleted_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`code` text NOT NULL,
	`name_fr` text NOT NULL,
	`name_en` text NOT NULL,
	`active` integer NOT NULL,
	`sort_order` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `settings` (
	`id` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`deleted_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`office_name` text NOT NULL,
	`address` text NOT NULL,
	`phone` text,
	`time_zone` text NOT NULL,
	`reminder_minute_of_day` integer NOT NULL,
	`default_language` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sms_messages` (
	`id` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`deleted_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`lead_id` text NOT NULL,
	`appointment_id` text,
	`template_id` text,
	`to` text NOT NULL,
	`body` text NOT NULL,
	`segments` integer NOT NULL,
	`encoding` text NOT NULL,
	`state` text NOT NULL,
	`error` text,
	`sent_by_id` text NOT NULL,
	`sent_at` text,
	`delivered_at` text
);
--> statement-breakpoint
CREATE INDEX `sms_messages_lead_idx` ON `sms_messages` (`lead_id`);--> statement-breakpoint
CREATE TABLE `sms_templates` (
	`id` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`deleted_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`key` text NOT NULL,
	`name` text NOT NULL,
	`body_fr` text NOT NULL,
	`body_en` text NOT NULL,
	`active` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `tasks` (
	`id` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`deleted_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`lead_id` text,
	`owner_id` text NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`due_at` text NOT NULL,
	`completed_at` text,
	`completed_by_id` text,
	`reminder_sent_at` text
);
--> statement-breakpoint
CREATE INDEX `tasks_owner_due_at_idx` ON `tasks` (`owner_id`,`due_at`);--> statement-breakpoint
CREATE INDEX `tasks_lead_idx` ON `tasks` (`lead_id`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`deleted_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`active` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`args` text NOT NULL,
	`client_time` text NOT NULL,
	`queued_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `refusals` (
	`mutation_id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`args` text NOT NULL,
	`code` text NOT NULL,
	`message` text NOT NULL,
	`refused_at` text NOT NULL,
	`dismissed_at` text
);
--> statement-breakpoint
CREATE TABLE `saved_images` (
	`table_name` text NOT NULL,
	`row_id` text NOT NULL,
	`image` text,
	PRIMARY KEY(`table_name`, `row_id`)
);
--> statement-breakpoint
CREATE TABLE `sync_state` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
