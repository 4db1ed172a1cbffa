-- Prefix indexes for leads_fts (issue 4: the lead list within 15 ms over 200,000 leads). Search
-- as you type starts with one or two letters, and a prefix query such as "ma"* otherwise merges
-- the entries of every token that begins with them; `prefix = '1 2'` keeps those merged lists
-- ready (about twice the index size). FTS5 cannot change this option in place, so the table is
-- made again with the same columns, tokenizer and triggers as 0001_leads_fts, then rebuilt.
DROP TRIGGER `leads_fts_after_insert`;
--> statement-breakpoint
DROP TRIGGER `leads_fts_after_delete`;
--> statement-breakpoint
DROP TRIGGER `leads_fts_after_update`;
--> statement-breakpoint
DROP TABLE `leads_fts`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `leads_fts` USING fts5(
	`first_name`,
	`last_name`,
	`email`,
	`phone_e164`,
	`phone_raw`,
	`notes`,
	content = 'leads',
	content_rowid = 'rowid',
	tokenize = 'unicode61 remove_diacritics 2',
	prefix = '1 2'
);
--> statement-breakpoint
CREATE TRIGGER `leads_fts_after_insert` AFTER INSERT ON `leads` BEGIN
	INSERT INTO `leads_fts` (rowid, `first_name`, `last_name`, `email`, `phone_e164`, `phone_raw`, `notes`)
	VALUES (new.rowid, new.`first_name`, new.`last_name`, new.`email`, new.`phone_e164`, new.`phone_raw`, new.`notes`);
END;
--> statement-breakpoint
CREATE TRIGGER `leads_fts_after_delete` AFTER DELETE ON `leads` BEGIN
	INSERT INTO `leads_fts` (`leads_fts`, rowid, `first_name`, `last_name`, `email`, `phone_e164`, `phone_raw`, `notes`)
	VALUES ('delete', old.rowid, old.`first_name`, old.`last_name`, old.`email`, old.`phone_e164`, old.`phone_raw`, old.`notes`);
END;
--> statement-breakpoint
CREATE TRIGGER `leads_fts_after_update` AFTER UPDATE OF `first_name`, `last_name`, `email`, `phone_e164`, `phone_raw`, `notes` ON `leads` BEGIN
	INSERT INTO `leads_fts` (`leads_fts`, rowid, `first_name`, `last_name`, `email`, `phone_e164`, `phone_raw`, `notes`)
	VALUES ('delete', old.rowid, old.`first_name`, old.`last_name`, old.`email`, old.`phone_e164`, old.`phone_raw`, old.`notes`);
	INSERT INTO `leads_fts` (rowid, `first_name`, `last_name`, `email`, `phone_e164`, `phone_raw`, `notes`)
	VALUES (new.rowid, new.`first_name`, new.`last_name`, new.`email`, new.`phone_e164`, new.`phone_raw`, new.`notes`);
END;
--> statement-breakpoint
INSERT INTO `leads_fts` (`leads_fts`) VALUES ('rebuild');
