CREATE TABLE `search_documents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`publish_at` text,
	`parent_status` text,
	`parent_publish_at` text,
	`year` integer,
	`language` text,
	`sort_date` text NOT NULL,
	`topic_ids` text NOT NULL,
	`person_ids` text NOT NULL,
	`item_id` text NOT NULL,
	`title` text NOT NULL,
	`people` text NOT NULL,
	`subjects` text NOT NULL,
	`doi` text NOT NULL,
	`body` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `search_documents_item_id_unique` ON `search_documents` (`item_id`);--> statement-breakpoint
CREATE INDEX `search_documents_visible` ON `search_documents` (`status`,`publish_at`);--> statement-breakpoint
CREATE INDEX `search_documents_sort_date` ON `search_documents` (`sort_date`);