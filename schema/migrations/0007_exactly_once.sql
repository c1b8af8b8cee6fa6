-- Exactly once: each work's key, unique, so two deposits racing with one work store it once (worker/deposit/same-work.ts,
-- `workKey`); and the always-empty guard table whose CHECK rolls back a compare-and-set write that lost its race.
CREATE TABLE `write_guards` (
	`changed` integer NOT NULL,
	CONSTRAINT "item_changed_by_another_request" CHECK(changed = 1)
);
--> statement-breakpoint
ALTER TABLE `publications` ADD `work_key` text;--> statement-breakpoint
-- Keys for the records already stored, computed as `workKey` computes them. Where earlier deposits stored one work
-- twice (before this rule), only the oldest record (ids are time-ordered) gets the key; the others keep theirs null, so
-- the unique index below never fails on an existing database and nothing stored is changed or lost.
WITH shaped AS (
	SELECT p.id, p.doi, p.title_key, p.issued_year, p.type,
		CASE
			WHEN p.type IN ('book', 'collection', 'periodical', 'classic') THEN 'whole'
			WHEN p.type IN ('chapter', 'paper-conference', 'entry-encyclopedia', 'entry-dictionary', 'entry', 'article-journal',
				'article-magazine', 'article-newspaper', 'article') THEN 'part'
			WHEN p.type IN ('review', 'review-book') THEN 'review'
			ELSE 'unsaid'
		END AS shape,
		(SELECT substr(pe.name_key, 1, instr(pe.name_key || ', ', ', ') - 1)
			FROM publication_authors AS a JOIN people AS pe ON pe.id = a.person_id
			WHERE a.publication_id = p.id ORDER BY a.position LIMIT 1) AS first_family
	FROM publications AS p
), keyed AS (
	SELECT id,
		CASE
			WHEN coalesce(doi, '') <> '' AND type IN ('chapter', 'paper-conference', 'entry', 'entry-encyclopedia', 'entry-dictionary')
				THEN 'doi+title:' || lower(doi) || '|' || coalesce(title_key, '')
			WHEN coalesce(doi, '') <> '' THEN 'doi:' || lower(doi) || '|' || shape
			WHEN coalesce(title_key, '') <> ''
				THEN 'title:' || title_key || '|' || coalesce(issued_year, '') || '|' || shape || '|' || coalesce(first_family, '')
		END AS work_key
	FROM shaped
)
UPDATE publications SET work_key = (SELECT keyed.work_key FROM keyed WHERE keyed.id = publications.id)
WHERE id IN (SELECT min(id) FROM keyed WHERE work_key IS NOT NULL GROUP BY work_key);--> statement-breakpoint
CREATE UNIQUE INDEX `publications_work_key` ON `publications` (`work_key`);
