CREATE TABLE `access_events` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`subject_id` text,
	`detail` text,
	`at` text NOT NULL
);
