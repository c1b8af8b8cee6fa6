-- Feeds and OAI-PMH harvesting read search_documents too: when an item that had been public was withdrawn (and why),
-- when what a harvester sees of it last changed, and when it last made news (became public, or was withdrawn). A
-- withdrawn item counts as having been public when its publish-at had come by its withdrawal (withdrawing an item that
-- is not public clears its publish-at). The views that define the documents gain those columns (the rest as in 0003;
-- the lay summary view now joins its publication once), and the stored documents are filled in.
ALTER TABLE `search_documents` ADD `withdrawn_at` text;--> statement-breakpoint
ALTER TABLE `search_documents` ADD `withdrawal_reason` text;--> statement-breakpoint
ALTER TABLE `search_documents` ADD `changed_at` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `search_documents` ADD `news_at` text;--> statement-breakpoint
CREATE INDEX `search_documents_news_at` ON `search_documents` (`news_at`);--> statement-breakpoint
CREATE INDEX `search_documents_changed_at` ON `search_documents` (`changed_at`,`id`);--> statement-breakpoint
DROP VIEW publication_search_sources;
--> statement-breakpoint
DROP VIEW briefing_search_sources;
--> statement-breakpoint
DROP VIEW lay_summary_search_sources;
--> statement-breakpoint
CREATE VIEW publication_search_sources AS
SELECT 'publications' AS kind, p.id AS item_id, replace(replace(coalesce(p.title, ''), char(1), ''), char(2), '') AS title,
  coalesce((SELECT group_concat(name, '; ') FROM (SELECT pe.name FROM publication_authors AS a JOIN people AS pe ON pe.id = a.person_id
    WHERE a.publication_id = p.id ORDER BY a.position)), '') AS people,
  replace(replace(coalesce(p.abstract, ''), char(1), ''), char(2), '') AS body,
  trim(coalesce((SELECT group_concat(value, '; ') FROM json_each(p.keywords)), '') || ' ; ' ||
    coalesce((SELECT group_concat(t.name, '; ') FROM publication_topics AS pt JOIN topics AS t ON t.id = pt.topic_id WHERE pt.publication_id = p.id), '') || ' ; ' ||
    coalesce(p.container_title, '') || ' ; ' || coalesce(p.publisher, ''), ' ;') AS subjects,
  coalesce(p.doi, '') AS doi, p.issued_year AS year, p.language AS language, coalesce(p.issued, p.publish_at, '') AS sort_date,
  (SELECT json_group_array(topic_id) FROM publication_topics WHERE publication_id = p.id) AS topic_ids,
  (SELECT json_group_array(person_id) FROM (SELECT person_id FROM publication_authors WHERE publication_id = p.id ORDER BY position)) AS person_ids,
  p.status AS status, p.publish_at AS publish_at, NULL AS parent_status, NULL AS parent_publish_at,
  CASE WHEN p.status = 'withdrawn' AND p.publish_at <= p.withdrawn_at THEN p.withdrawn_at END AS withdrawn_at,
  CASE WHEN p.status = 'withdrawn' AND p.publish_at <= p.withdrawn_at THEN p.withdrawal_reason END AS withdrawal_reason,
  max(p.updated_at, coalesce(p.publish_at, '')) AS changed_at,
  CASE WHEN p.status = 'withdrawn' AND p.publish_at <= p.withdrawn_at THEN p.withdrawn_at WHEN p.status = 'published' THEN p.publish_at END AS news_at
FROM publications AS p;
--> statement-breakpoint
CREATE VIEW briefing_search_sources AS
SELECT 'briefings' AS kind, b.id AS item_id, replace(replace(b.title, char(1), ''), char(2), '') AS title, '' AS people,
  replace(replace(b.summary || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_each(b.key_messages)), '') || ' ' || b.body,
    char(1), ''), char(2), '') AS body,
  trim(coalesce((SELECT group_concat(t.name, '; ') FROM briefing_topics AS bt JOIN topics AS t ON t.id = bt.topic_id WHERE bt.briefing_id = b.id), '') || ' ; ' || b.audience, ' ;') AS subjects,
  '' AS doi, CAST(substr(b.publish_at, 1, 4) AS INTEGER) AS year, b.language AS language, coalesce(b.publish_at, '') AS sort_date,
  (SELECT json_group_array(topic_id) FROM briefing_topics WHERE briefing_id = b.id) AS topic_ids,
  '[]' AS person_ids,
  b.status AS status, b.publish_at AS publish_at, NULL AS parent_status, NULL AS parent_publish_at,
  CASE WHEN b.status = 'withdrawn' AND b.publish_at <= b.withdrawn_at THEN b.withdrawn_at END AS withdrawn_at,
  CASE WHEN b.status = 'withdrawn' AND b.publish_at <= b.withdrawn_at THEN b.withdrawal_reason END AS withdrawal_reason,
  max(b.updated_at, coalesce(b.publish_at, '')) AS changed_at,
  CASE WHEN b.status = 'withdrawn' AND b.publish_at <= b.withdrawn_at THEN b.withdrawn_at WHEN b.status = 'published' THEN b.publish_at END AS news_at
FROM briefings AS b;
--> statement-breakpoint
CREATE VIEW lay_summary_search_sources AS
SELECT 'lay-summaries' AS kind, l.id AS item_id, l.publication_id AS publication_id, replace(replace(l.title, char(1), ''), char(2), '') AS title,
  coalesce((SELECT group_concat(name, '; ') FROM (SELECT pe.name FROM publication_authors AS a JOIN people AS pe ON pe.id = a.person_id
    WHERE a.publication_id = l.publication_id ORDER BY a.position)), '') AS people,
  replace(replace(l.body, char(1), ''), char(2), '') AS body,
  trim(coalesce((SELECT group_concat(t.name, '; ') FROM lay_summary_topics AS lt JOIN topics AS t ON t.id = lt.topic_id WHERE lt.lay_summary_id = l.id), '') || ' ; ' ||
    coalesce(p.title, ''), ' ;') AS subjects,
  '' AS doi, CAST(substr(l.publish_at, 1, 4) AS INTEGER) AS year, l.language AS language, coalesce(l.publish_at, '') AS sort_date,
  (SELECT json_group_array(topic_id) FROM lay_summary_topics WHERE lay_summary_id = l.id) AS topic_ids,
  (SELECT json_group_array(person_id) FROM (SELECT person_id FROM publication_authors WHERE publication_id = l.publication_id ORDER BY position)) AS person_ids,
  l.status AS status, l.publish_at AS publish_at,
  p.status AS parent_status,
  p.publish_at AS parent_publish_at,
  CASE WHEN l.status = 'withdrawn' AND l.publish_at <= l.withdrawn_at AND p.publish_at <= l.withdrawn_at THEN l.withdrawn_at
    WHEN l.status = 'published' AND p.status = 'withdrawn' AND l.publish_at <= p.withdrawn_at AND p.publish_at <= p.withdrawn_at THEN p.withdrawn_at
  END AS withdrawn_at,
  CASE WHEN l.status = 'withdrawn' AND l.publish_at <= l.withdrawn_at AND p.publish_at <= l.withdrawn_at THEN l.withdrawal_reason
    WHEN l.status = 'published' AND p.status = 'withdrawn' AND l.publish_at <= p.withdrawn_at AND p.publish_at <= p.withdrawn_at
      THEN 'The publication it summarises was withdrawn: ' || p.withdrawal_reason
  END AS withdrawal_reason,
  max(l.updated_at, coalesce(l.publish_at, ''), p.updated_at, coalesce(p.publish_at, '')) AS changed_at,
  CASE WHEN l.status = 'withdrawn' AND l.publish_at <= l.withdrawn_at AND p.publish_at <= l.withdrawn_at THEN l.withdrawn_at
    WHEN l.status = 'published' AND p.status = 'withdrawn' AND l.publish_at <= p.withdrawn_at AND p.publish_at <= p.withdrawn_at THEN p.withdrawn_at
    WHEN l.status = 'published' AND p.status = 'published' THEN max(l.publish_at, p.publish_at)
  END AS news_at
FROM lay_summaries AS l JOIN publications AS p ON p.id = l.publication_id;
--> statement-breakpoint
UPDATE search_documents AS d SET withdrawn_at = s.withdrawn_at, withdrawal_reason = s.withdrawal_reason, changed_at = s.changed_at, news_at = s.news_at
FROM publication_search_sources AS s WHERE s.item_id = d.item_id;
--> statement-breakpoint
UPDATE search_documents AS d SET withdrawn_at = s.withdrawn_at, withdrawal_reason = s.withdrawal_reason, changed_at = s.changed_at, news_at = s.news_at
FROM briefing_search_sources AS s WHERE s.item_id = d.item_id;
--> statement-breakpoint
UPDATE search_documents AS d SET withdrawn_at = s.withdrawn_at, withdrawal_reason = s.withdrawal_reason, changed_at = s.changed_at, news_at = s.news_at
FROM lay_summary_search_sources AS s WHERE s.item_id = d.item_id;
