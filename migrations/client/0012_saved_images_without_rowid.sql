-- The rebase's saved images (src-main/db/replica.ts, saveImages) keyed by their primary key alone:
-- as a table with rowids, each image was a row plus an entry in the separate index SQLite makes
-- for a composite primary key, and an import chunk saves 10,000 of them (its leads and their
-- history lines, each absent until then). A quarter of the pages an import wrote were these
-- (docs/benchmarks.md, seventh session). Same columns, same key; the images waiting are copied.
-- drizzle's schema has no WITHOUT ROWID: src-main/db/schema/local.ts describes the same columns.
CREATE TABLE `saved_images_keyed` (
	`table_name` text NOT NULL,
	`row_id` text NOT NULL,
	`image` text,
	PRIMARY KEY(`table_name`, `row_id`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `saved_images_keyed` (`table_name`, `row_id`, `image`) SELECT `table_name`, `row_id`, `image` FROM `saved_images`;
--> statement-breakpoint
DROP TABLE `saved_images`;
--> statement-breakpoint
ALTER TABLE `saved_images_keyed` RENAME TO `saved_images`;
