CREATE TABLE `api_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`prefix` text NOT NULL,
	`hash` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`revoked_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_prefix_unique` ON `api_tokens` (`prefix`);--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_hash_unique` ON `api_tokens` (`hash`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`token_id` integer,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`kind` text NOT NULL,
	`item_id` text NOT NULL,
	`detail` text DEFAULT '{}' NOT NULL,
	FOREIGN KEY (`token_id`) REFERENCES `api_tokens`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `audit_log_item` ON `audit_log` (`kind`,`item_id`);--> statement-breakpoint
CREATE TABLE `briefing_publications` (
	`briefing_id` text NOT NULL,
	`publication_id` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`briefing_id`, `publication_id`),
	FOREIGN KEY (`briefing_id`) REFERENCES `briefings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`publication_id`) REFERENCES `publications`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `briefing_topics` (
	`briefing_id` text NOT NULL,
	`topic_id` integer NOT NULL,
	PRIMARY KEY(`briefing_id`, `topic_id`),
	FOREIGN KEY (`briefing_id`) REFERENCES `briefings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`topic_id`) REFERENCES `topics`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `briefing_topics_topic` ON `briefing_topics` (`topic_id`);--> statement-breakpoint
CREATE TABLE `briefings` (
	`id` text PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`summary` text NOT NULL,
	`key_messages` text DEFAULT '[]' NOT NULL,
	`body` text NOT NULL,
	`audience` text NOT NULL,
	`language` text DEFAULT 'en' NOT NULL,
	`status` text NOT NULL,
	`publish_at` text,
	`withdrawn_at` text,
	`withdrawal_reason` text,
	`created_by` integer,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`created_by`) REFERENCES `api_tokens`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `briefings_status` ON `briefings` (`status`,`publish_at`);--> statement-breakpoint
CREATE TABLE `citations` (
	`publication_id` text NOT NULL,
	`style` text NOT NULL,
	`body` text NOT NULL,
	`rendered_at` text NOT NULL,
	PRIMARY KEY(`publication_id`, `style`),
	FOREIGN KEY (`publication_id`) REFERENCES `publications`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `deposits` (
	`id` text PRIMARY KEY NOT NULL,
	`token_id` integer NOT NULL,
	`created` integer NOT NULL,
	`duplicates` integer NOT NULL,
	`failed` integer NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`token_id`) REFERENCES `api_tokens`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `lay_summaries` (
	`id` text PRIMARY KEY NOT NULL,
	`publication_id` text NOT NULL,
	`language` text NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`flesch_reading_ease` real,
	`flesch_kincaid_grade` real,
	`status` text NOT NULL,
	`publish_at` text,
	`withdrawn_at` text,
	`withdrawal_reason` text,
	`created_by` integer,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`publication_id`) REFERENCES `publications`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `api_tokens`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `lay_summaries_publication_language` ON `lay_summaries` (`publication_id`,`language`);--> statement-breakpoint
CREATE INDEX `lay_summaries_status` ON `lay_summaries` (`status`,`publish_at`);--> statement-breakpoint
CREATE TABLE `lay_summary_topics` (
	`lay_summary_id` text NOT NULL,
	`topic_id` integer NOT NULL,
	PRIMARY KEY(`lay_summary_id`, `topic_id`),
	FOREIGN KEY (`lay_summary_id`) REFERENCES `lay_summaries`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`topic_id`) REFERENCES `topics`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `lay_summary_topics_topic` ON `lay_summary_topics` (`topic_id`);--> statement-breakpoint
CREATE TABLE `people` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`name_key` text NOT NULL,
	`orcid` text,
	`affiliation` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `people_name_key` ON `people` (`name_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `people_orcid` ON `people` (`orcid`);--> statement-breakpoint
CREATE TABLE `publication_authors` (
	`publication_id` text NOT NULL,
	`person_id` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`publication_id`, `position`),
	FOREIGN KEY (`publication_id`) REFERENCES `publications`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `publication_authors_person` ON `publication_authors` (`person_id`);--> statement-breakpoint
CREATE TABLE `publication_topics` (
	`publication_id` text NOT NULL,
	`topic_id` integer NOT NULL,
	PRIMARY KEY(`publication_id`, `topic_id`),
	FOREIGN KEY (`publication_id`) REFERENCES `publications`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`topic_id`) REFERENCES `topics`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `publication_topics_topic` ON `publication_topics` (`topic_id`);--> statement-breakpoint
CREATE TABLE `publications` (
	`id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`title` text,
	`title_key` text,
	`container_title` text,
	`issued` text,
	`issued_year` integer,
	`volume` text,
	`issue` text,
	`pages` text,
	`publisher` text,
	`doi` text,
	`url` text,
	`abstract` text,
	`keywords` text DEFAULT '[]' NOT NULL,
	`language` text,
	`licence` text,
	`csl` text NOT NULL,
	`bibtex_key` text,
	`bibtex` text,
	`deposit_id` text,
	`status` text NOT NULL,
	`publish_at` text,
	`withdrawn_at` text,
	`withdrawal_reason` text,
	`created_by` integer,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`deposit_id`) REFERENCES `deposits`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `api_tokens`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `publications_doi` ON `publications` (`doi`);--> statement-breakpoint
CREATE INDEX `publications_title_key` ON `publications` (`title_key`);--> statement-breakpoint
CREATE INDEX `publications_status` ON `publications` (`status`,`publish_at`);--> statement-breakpoint
CREATE TABLE `topics` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`description` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `topics_slug_unique` ON `topics` (`slug`);