-- The equity lens: items' equity tags (schema/equity-vocabulary.ts), notices on briefings whose evidence was withdrawn
-- or corrected, publications' corrections, and settings editors change in the desk (the plain-language target).
CREATE TABLE `equity_tags` (
	`item_id` text NOT NULL,
	`kind` text NOT NULL,
	`facet` text NOT NULL,
	`value` text NOT NULL,
	`implied` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`item_id`, `facet`, `value`)
);
--> statement-breakpoint
CREATE INDEX `equity_tags_value` ON `equity_tags` (`facet`,`value`,`item_id`);--> statement-breakpoint
CREATE TABLE `evidence_notices` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`briefing_id` text NOT NULL,
	`publication_id` text NOT NULL,
	`change` text NOT NULL,
	`detail` text NOT NULL,
	`at` text NOT NULL,
	`reviewed_at` text,
	`reviewed_by` text,
	FOREIGN KEY (`briefing_id`) REFERENCES `briefings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`publication_id`) REFERENCES `publications`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `evidence_notices_briefing` ON `evidence_notices` (`briefing_id`,`at`);--> statement-breakpoint
CREATE INDEX `evidence_notices_reviewed` ON `evidence_notices` (`reviewed_at`);--> statement-breakpoint
CREATE TABLE `publication_corrections` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`publication_id` text NOT NULL,
	`note` text NOT NULL,
	`at` text NOT NULL,
	`actor` text NOT NULL,
	FOREIGN KEY (`publication_id`) REFERENCES `publications`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `publication_corrections_publication` ON `publication_corrections` (`publication_id`,`at`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text
);
--> statement-breakpoint
-- What readers filter by: each item's own tags, and for a lay summary its publication's too (it is about the same
-- people and places), unless it carries that tag itself. Read by facet and value, both branches use equity_tags_value.
CREATE VIEW `item_equity_tags` AS
SELECT item_id, kind, facet, value, implied FROM equity_tags
UNION ALL
SELECT ls.id AS item_id, 'lay-summaries' AS kind, t.facet, t.value, 1 AS implied
FROM equity_tags AS t JOIN lay_summaries AS ls ON ls.publication_id = t.item_id
WHERE t.kind = 'publications'
	AND NOT EXISTS (SELECT 1 FROM equity_tags AS own WHERE own.item_id = ls.id AND own.facet = t.facet AND own.value = t.value);
