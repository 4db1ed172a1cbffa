DROP INDEX `leads_live_list_idx`;--> statement-breakpoint
DROP INDEX `leads_live_assignee_idx`;--> statement-breakpoint
DROP INDEX `leads_live_created_idx`;--> statement-breakpoint
CREATE INDEX `leads_live_status_idx` ON `leads` (`status`,`deleted_at`) WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX `leads_live_list_idx` ON `leads` (`status`,`created_at`,`id`,`updated_at`,`callback_at`,`last_name`,`first_name`,`assignee_id`,`source`,`deleted_at`) WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX `leads_live_assignee_idx` ON `leads` (`assignee_id`,`status`,`created_at`,`id`,`deleted_at`) WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX `leads_live_created_idx` ON `leads` (`created_at`,`id`,`deleted_at`) WHERE deleted_at is null;