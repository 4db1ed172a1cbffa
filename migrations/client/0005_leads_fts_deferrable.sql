-- The search index may be filled once at the end of a first sync instead of row by row (issue 4:
-- a first sync of 100,000 leads within 20 s; the per-row triggers cost about two thirds of the
-- leads' writing time). While `sync_state` holds the key 'leadsFtsDeferred' the triggers do
-- nothing; the replica then rebuilds `leads_fts` from `leads` and removes the key, in the
-- transaction of the first sync's last page (src-main/db/replica.ts). A crash in between leaves
-- the key: the next completed pull rebuilds. Same triggers as 0003_leads_fts_prefix otherwise.
DROP TRIGGER `leads_fts_after_insert`;
--> statement-breakpoint
DROP TRIGGER `leads_fts_after_delete`;
--> statement-breakpoint
DROP TRIGGER `leads_fts_after_update`;
--> statement-breakpoint
CREATE TRIGGER `leads_fts_after_insert` AFTER INSERT ON `leads`
WHEN NOT EXISTS (SELECT 1 FROM `sync_state` WHERE `key` = 'leadsFtsDeferred') BEGIN
	INSERT INTO `leads_fts` (rowid, `first_name`, `last_name`, `email`, `phone_e164`, `phone_raw`, `notes`)
	VALUES (new.rowid, new.`first_name`, new.`last_name`, new.`email`, new.`phone_e164`, new.`phone_raw`, new.`notes`);
END;
--> statement-breakpoint
CREATE TRIGGER `leads_fts_after_delete` AFTER DELETE ON `leads`
WHEN NOT EXISTS (SELECT 1 FROM `sync_state` WHERE `key` = 'leadsFtsDeferred') BEGIN
	INSERT INTO `leads_fts` (`leads_fts`, rowid, `first_name`, `last_name`, `email`, `phone_e164`, `phone_raw`, `notes`)
	VALUES ('delete', old.rowid, old.`first_name`, old.`last_name`, old.`email`, old.`phone_e164`, old.`phone_raw`, old.`notes`);
END;
--> statement-breakpoint
CREATE TRIGGER `leads_fts_after_update` AFTER UPDATE OF `first_name`, `last_name`, `email`, `phone_e164`, `phone_raw`, `notes` ON `leads`
WHEN NOT EXISTS (SELECT 1 FROM `sync_state` WHERE `key` = 'leadsFtsDeferred') BEGIN
	INSERT INTO `leads_fts` (`leads_fts`, rowid, `first_name`, `last_name`, `email`, `phone_e164`, `phone_raw`, `notes`)
	VALUES ('delete', old.rowid, old.`first_name`, old.`last_name`, old.`email`, old.`phone_e164`, old.`phone_raw`, old.`notes`);
	INSERT INTO `leads_fts` (rowid, `first_name`, `last_name`, `email`, `phone_e164`, `phone_raw`, `notes`)
	VALUES (new.rowid, new.`first_name`, new.`last_name`, new.`email`, new.`phone_e164`, new.`phone_raw`, new.`notes`);
END;
