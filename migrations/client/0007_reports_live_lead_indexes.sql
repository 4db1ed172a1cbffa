CREATE INDEX `appointments_live_lead_idx` ON `appointments` (`lead_id`,`state`,`created_at`,`deleted_at`) WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX `appointments_live_starts_idx` ON `appointments` (`starts_at`,`state`,`host_id`,`deleted_at`) WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX `clients_live_lead_idx` ON `clients` (`lead_id`,`deleted_at`) WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX `contact_attempts_live_lead_idx` ON `contact_attempts` (`lead_id`,`at`,`outcome`,`deleted_at`) WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX `evaluations_live_lead_idx` ON `evaluations` (`lead_id`,`result`,`deleted_at`) WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX `leads_live_assignee_created_idx` ON `leads` (`assignee_id`,`created_at`,`deleted_at`) WHERE deleted_at is null;