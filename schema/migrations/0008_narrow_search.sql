-- Narrow search: what every match of a search reads (visibility, kind, year, language, sort date, topics) in a table of
-- its own, so a word in ten thousand items reads ten thousand short rows instead of ten thousand rows that carry whole
-- abstracts; the text is read for the page alone (docs/architecture.md, "Search at the speed of the index").
-- `public_from` is the visibility rule as one value: when the item became public, or null while it is not published
-- (a lay summary also needs its publication published, and is public from the later of the two). `isPublicNow`
-- (worker/records/public-documents.ts) is `public_from <= now`, over either table.
ALTER TABLE `search_documents` ADD `public_from` text GENERATED ALWAYS AS (CASE
	WHEN status <> 'published' THEN NULL
	WHEN parent_status IS NULL THEN publish_at
	WHEN parent_status = 'published' THEN max(publish_at, parent_publish_at)
	END) VIRTUAL;
--> statement-breakpoint
CREATE INDEX `search_documents_public_from` ON `search_documents` (`public_from`);
--> statement-breakpoint
CREATE TABLE `search_filters` (
	`id` integer PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`public_from` text,
	`year` integer,
	`language` text,
	`sort_date` text NOT NULL,
	`topic_ids` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `search_filters_sort_date` ON `search_filters` (`sort_date`);
--> statement-breakpoint
INSERT INTO search_filters (id, kind, public_from, year, language, sort_date, topic_ids)
SELECT id, kind, public_from, year, language, sort_date, topic_ids FROM search_documents;
--> statement-breakpoint
CREATE TRIGGER search_filters_after_insert AFTER INSERT ON search_documents BEGIN
	INSERT INTO search_filters (id, kind, public_from, year, language, sort_date, topic_ids)
	VALUES (new.id, new.kind, new.public_from, new.year, new.language, new.sort_date, new.topic_ids);
END;
--> statement-breakpoint
CREATE TRIGGER search_filters_after_update AFTER UPDATE ON search_documents BEGIN
	UPDATE search_filters SET kind = new.kind, public_from = new.public_from, year = new.year, language = new.language,
		sort_date = new.sort_date, topic_ids = new.topic_ids
	WHERE id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER search_filters_after_delete AFTER DELETE ON search_documents BEGIN
	DELETE FROM search_filters WHERE id = old.id;
END;
