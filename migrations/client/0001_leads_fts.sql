-- Full-text search on leads (issue 2, point 4): names, e-mail, phones and notes. drizzle-kit cannot
-- express FTS5, hence this hand-written migration. External content: the index reads the text from
-- `leads` by rowid, so nothing is stored twice; the triggers below keep it in step.
-- `remove_diacritics 2` folds accents, so "helene" finds "Hélène".
-- Caveat: `leads` has a text primary key, so its rowid is implicit and VACUUM may renumber it;
-- after a VACUUM run `INSERT INTO leads_fts(leads_fts) VALUES ('rebuild')`.
CREATE VIRTUAL TABLE `leads_fts` USING fts5(
	`first_name`,
	`last_name`,
	`email`,
	`phone_e164`,
	`phone_raw`,
	`notes`,
	content = 'leads',
	content_rowid = 'rowid',
	tokenize = 'unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE TRIGGER `leads_fts_after_insert` AFTER INSERT ON `leads` BEGIN
	INSERT INTO `leads_fts` (rowid, `first_name`, `last_name`, `email`, `phone_e164`, `phone_raw`, `notes`)
	VALUES (new.rowid, new.`first_name`, new.`last_name`, new.`email`, new.`phone_e164`, new.`phone_raw`, new.`notes`);
END;
--> statement-breakpoint
-- An external-content index is told what to remove with the old values ('delete' command).
CREATE TRIGGER `leads_fts_after_delete` AFTER DELETE ON `leads` BEGIN
	INSERT INTO `leads_fts` (`leads_fts`, rowid, `first_name`, `last_name`, `email`, `phone_e164`, `phone_raw`, `notes`)
	VALUES ('delete', old.rowid, old.`first_name`, old.`last_name`, old.`email`, old.`phone_e164`, old.`phone_raw`, old.`notes`);
END;
--> statement-breakpoint
-- Only when an indexed column changes: status changes and assignments (thousands at once in
-- `lead.assign` and in every pull) leave the index alone.
CREATE TRIGGER `leads_fts_after_update` AFTER UPDATE OF `first_name`, `last_name`, `email`, `phone_e164`, `phone_raw`, `notes` ON `leads` BEGIN
	INSERT INTO `leads_fts` (`leads_fts`, rowid, `first_name`, `last_name`, `email`, `phone_e164`, `phone_raw`, `notes`)
	VALUES ('delete', old.rowid, old.`first_name`, old.`last_name`, old.`email`, old.`phone_e164`, old.`phone_raw`, old.`notes`);
	INSERT INTO `leads_fts` (rowid, `first_name`, `last_name`, `email`, `phone_e164`, `phone_raw`, `notes`)
	VALUES (new.rowid, new.`first_name`, new.`last_name`, new.`email`, new.`phone_e164`, new.`phone_raw`, new.`notes`);
END;
--> statement-breakpoint
-- Index whatever rows already exist (none on a new replica; cheap either way).
INSERT INTO `leads_fts` (`leads_fts`) VALUES ('rebuild');
