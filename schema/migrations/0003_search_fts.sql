-- Full-text search. One view per kind defines its items' search documents, once: the worker upserts from them in
-- the same batch as every write (worker/records/search-documents.ts), and this migration fills them for what is stored.
-- (One view per kind, not a UNION ALL: SQLite does not push `item_id IN (...)` into a compound view, so every
-- write would rebuild every document.)
-- `search_fts` indexes `search_documents` as external content (no second copy of the text), kept in step by
-- triggers. Title and text lose the control characters U+0001 and U+0002, which mark matched words in highlights.
-- `remove_diacritics 2` makes `godel` find Gödel and `sante` find Santé. `suggest_fts` indexes only titles
-- and names, with prefix indexes, for as-you-type suggestions: a prefix query on it took 2-5 ms where the same query
-- on `search_fts` (no prefix indexes, five columns) took 19-20 ms, over 30,000 items (SQLite CLI).
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
  p.status AS status, p.publish_at AS publish_at, NULL AS parent_status, NULL AS parent_publish_at
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
  b.status AS status, b.publish_at AS publish_at, NULL AS parent_status, NULL AS parent_publish_at
FROM briefings AS b;
--> statement-breakpoint
CREATE VIEW lay_summary_search_sources AS
SELECT 'lay-summaries' AS kind, l.id AS item_id, l.publication_id AS publication_id, replace(replace(l.title, char(1), ''), char(2), '') AS title,
  coalesce((SELECT group_concat(name, '; ') FROM (SELECT pe.name FROM publication_authors AS a JOIN people AS pe ON pe.id = a.person_id
    WHERE a.publication_id = l.publication_id ORDER BY a.position)), '') AS people,
  replace(replace(l.body, char(1), ''), char(2), '') AS body,
  trim(coalesce((SELECT group_concat(t.name, '; ') FROM lay_summary_topics AS lt JOIN topics AS t ON t.id = lt.topic_id WHERE lt.lay_summary_id = l.id), '') || ' ; ' ||
    coalesce((SELECT title FROM publications WHERE id = l.publication_id), ''), ' ;') AS subjects,
  '' AS doi, CAST(substr(l.publish_at, 1, 4) AS INTEGER) AS year, l.language AS language, coalesce(l.publish_at, '') AS sort_date,
  (SELECT json_group_array(topic_id) FROM lay_summary_topics WHERE lay_summary_id = l.id) AS topic_ids,
  (SELECT json_group_array(person_id) FROM (SELECT person_id FROM publication_authors WHERE publication_id = l.publication_id ORDER BY position)) AS person_ids,
  l.status AS status, l.publish_at AS publish_at,
  (SELECT status FROM publications WHERE id = l.publication_id) AS parent_status,
  (SELECT publish_at FROM publications WHERE id = l.publication_id) AS parent_publish_at
FROM lay_summaries AS l;
--> statement-breakpoint
CREATE VIRTUAL TABLE search_fts USING fts5(
  title, people, body, subjects, doi,
  content = 'search_documents', content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE VIRTUAL TABLE suggest_fts USING fts5(
  title, people,
  content = 'search_documents', content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);
--> statement-breakpoint
CREATE TRIGGER search_documents_after_insert AFTER INSERT ON search_documents BEGIN
  INSERT INTO search_fts (rowid, title, people, body, subjects, doi) VALUES (new.id, new.title, new.people, new.body, new.subjects, new.doi);
  INSERT INTO suggest_fts (rowid, title, people) VALUES (new.id, new.title, new.people);
END;
--> statement-breakpoint
CREATE TRIGGER search_documents_after_delete AFTER DELETE ON search_documents BEGIN
  INSERT INTO search_fts (search_fts, rowid, title, people, body, subjects, doi) VALUES ('delete', old.id, old.title, old.people, old.body, old.subjects, old.doi);
  INSERT INTO suggest_fts (suggest_fts, rowid, title, people) VALUES ('delete', old.id, old.title, old.people);
END;
--> statement-breakpoint
-- A publish or withdraw changes only the lifecycle columns: the text index is left alone then.
CREATE TRIGGER search_documents_after_update AFTER UPDATE ON search_documents
WHEN old.title IS NOT new.title OR old.people IS NOT new.people OR old.body IS NOT new.body OR old.subjects IS NOT new.subjects OR old.doi IS NOT new.doi
BEGIN
  INSERT INTO search_fts (search_fts, rowid, title, people, body, subjects, doi) VALUES ('delete', old.id, old.title, old.people, old.body, old.subjects, old.doi);
  INSERT INTO search_fts (rowid, title, people, body, subjects, doi) VALUES (new.id, new.title, new.people, new.body, new.subjects, new.doi);
END;
--> statement-breakpoint
CREATE TRIGGER suggest_documents_after_update AFTER UPDATE ON search_documents
WHEN old.title IS NOT new.title OR old.people IS NOT new.people
BEGIN
  INSERT INTO suggest_fts (suggest_fts, rowid, title, people) VALUES ('delete', old.id, old.title, old.people);
  INSERT INTO suggest_fts (rowid, title, people) VALUES (new.id, new.title, new.people);
END;
--> statement-breakpoint
INSERT INTO search_documents (kind, item_id, title, people, body, subjects, doi, year, language, sort_date, topic_ids, person_ids, status, publish_at, parent_status, parent_publish_at)
SELECT kind, item_id, title, people, body, subjects, doi, year, language, sort_date, topic_ids, person_ids, status, publish_at, parent_status, parent_publish_at FROM publication_search_sources ORDER BY item_id;
--> statement-breakpoint
INSERT INTO search_documents (kind, item_id, title, people, body, subjects, doi, year, language, sort_date, topic_ids, person_ids, status, publish_at, parent_status, parent_publish_at)
SELECT kind, item_id, title, people, body, subjects, doi, year, language, sort_date, topic_ids, person_ids, status, publish_at, parent_status, parent_publish_at FROM briefing_search_sources ORDER BY item_id;
--> statement-breakpoint
INSERT INTO search_documents (kind, item_id, title, people, body, subjects, doi, year, language, sort_date, topic_ids, person_ids, status, publish_at, parent_status, parent_publish_at)
SELECT kind, item_id, title, people, body, subjects, doi, year, language, sort_date, topic_ids, person_ids, status, publish_at, parent_status, parent_publish_at FROM lay_summary_search_sources ORDER BY item_id;
