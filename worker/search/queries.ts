// The search queries against D1: a ranked page with highlights, facet counts, and the vocabulary suggestions come from.
import { sql, type SQL } from "drizzle-orm";
import type { ItemKind } from "../../schema/vocabularies";
import { asJsonParameter, type Database } from "../db/client";

/**
 * Column weights for `bm25()`, in the order of `search_fts`: title, people, body, subjects, doi. A word in the title
 * counts ten times one in the abstract or body; an author's name four times; keywords, topics and journal three.
 */
const BM25_WEIGHTS = sql.raw("10.0, 4.0, 1.0, 3.0, 2.0");

/** Marks that `snippet()` and `highlight()` put around matched words; the caller escapes the text, then turns them into `<mark>`. */
export const MARK_OPEN = "\u0001";
export const MARK_CLOSE = "\u0002";

export type SearchSort = "relevance" | "newest" | "oldest";

export type SearchFilters = {
  kinds: readonly ItemKind[];
  topicIds: readonly number[];
  yearFrom?: number;
  yearTo?: number;
  personId?: string;
  /** A language tag: `en` also finds `en-GB`. */
  language?: string;
};

export type TextQuery = {
  /** An FTS5 expression every result matches, or null to match every item. */
  match: string | null;
  /** An FTS5 expression no result matches, or null. */
  exclude: string | null;
};

/** Where the next page starts: after this sort key and document id. */
export type PageKey = { key: number | string; id: number };

export type SearchHitRow = {
  doc: number;
  kind: ItemKind;
  item_id: string;
  title: string;
  people: string;
  year: number | null;
  sort_date: string;
  score: number | null;
  title_marked: string | null;
  people_marked: string | null;
  subjects_marked: string | null;
  doi_marked: string | null;
  snippet: string | null;
};

export type FacetRow = { facet: "kind" | "year" | "topic"; value: string | number | null; label: string | null; count: number };

/** The query's own combined expression: `A NOT B` when both are given. */
function combinedMatch(text: TextQuery): string | null {
  if (text.match === null) return null;
  return text.exclude === null ? text.match : `(${text.match}) NOT ${text.exclude}`;
}

/**
 * What every result satisfies whatever the facets: public now, by the person, in the language, and free of excluded
 * words when nothing else must match. An embargo ends on time because visibility is decided here, at query time.
 */
function baseConditions(text: TextQuery, filters: SearchFilters, now: string): SQL[] {
  const conditions = [sql`d.status = 'published' AND d.publish_at <= ${now}`];
  if (filters.personId !== undefined) {
    conditions.push(sql`EXISTS (SELECT 1 FROM json_each(d.person_ids) WHERE value = ${filters.personId})`);
  }
  if (filters.language !== undefined) {
    conditions.push(sql`(d.language = ${filters.language} COLLATE NOCASE OR d.language LIKE ${`${filters.language}-%`})`);
  }
  if (text.match === null && text.exclude !== null) {
    conditions.push(sql`d.id NOT IN (SELECT rowid FROM search_fts WHERE search_fts MATCH ${text.exclude})`);
  }
  return conditions;
}

/** Each facet's own filter, kept apart so a facet can be counted as if its filter were off. */
function facetConditions(filters: SearchFilters): { kind: SQL; topic: SQL; year: SQL } {
  return {
    kind: filters.kinds.length === 0 ? sql`1` : sql`d.kind IN (SELECT value FROM json_each(${asJsonParameter(filters.kinds)}))`,
    topic:
      filters.topicIds.length === 0
        ? sql`1`
        : sql`EXISTS (SELECT 1 FROM json_each(d.topic_ids) WHERE value IN (SELECT value FROM json_each(${asJsonParameter(filters.topicIds)})))`,
    year:
      filters.yearFrom === undefined && filters.yearTo === undefined
        ? sql`1`
        : sql`d.year BETWEEN ${filters.yearFrom ?? -9999} AND ${filters.yearTo ?? 9999}`,
  };
}

/** The matching documents with their bm25 score (lower is better), or every document with no score. */
function matchedDocuments(text: TextQuery): SQL {
  const match = combinedMatch(text);
  if (match === null) return sql`search_documents AS d`;
  return sql`(SELECT rowid AS id, bm25(search_fts, ${BM25_WEIGHTS}) AS score FROM search_fts WHERE search_fts MATCH ${match}) AS m
    JOIN search_documents AS d ON d.id = m.id`;
}

const ORDER: Record<SearchSort, { by: SQL; after: (key: PageKey) => SQL }> = {
  relevance: { by: sql`score, d.id`, after: (k) => sql`(score > ${k.key} OR (score = ${k.key} AND d.id > ${k.id}))` },
  newest: { by: sql`d.sort_date DESC, d.id DESC`, after: (k) => sql`(d.sort_date < ${k.key} OR (d.sort_date = ${k.key} AND d.id < ${k.id}))` },
  oldest: { by: sql`d.sort_date, d.id`, after: (k) => sql`(d.sort_date > ${k.key} OR (d.sort_date = ${k.key} AND d.id > ${k.id}))` },
};

/**
 * One page of results (sorted by relevance only when `text.match` is given) (one more row than `limit`, to tell whether another page follows), with the highlights that
 * say why each matched. Highlights are computed for the page only: the ranked ids are chosen first, then joined back
 * to the full-text table.
 */
export async function selectSearchPage(
  db: Database,
  request: { text: TextQuery; filters: SearchFilters; sort: SearchSort; limit: number; after?: PageKey; now: string },
): Promise<SearchHitRow[]> {
  const { text, filters, now } = request;
  const facets = facetConditions(filters);
  const conditions = [...baseConditions(text, filters, now), facets.kind, facets.topic, facets.year];
  const sort = request.sort;
  if (request.after) conditions.push(ORDER[sort].after(request.after));
  const scored = text.match !== null;
  const page = sql`SELECT d.id AS doc, d.kind, d.item_id, d.title, d.people, d.year, d.sort_date, ${scored ? sql`m.score` : sql`NULL`} AS score
    FROM ${matchedDocuments(text)}
    WHERE ${sql.join(conditions, sql` AND `)}
    ORDER BY ${ORDER[sort].by} LIMIT ${request.limit + 1}`;
  if (!scored) {
    return db.all<SearchHitRow>(sql`SELECT page.*, NULL AS title_marked, NULL AS people_marked, NULL AS subjects_marked, NULL AS doi_marked,
        substr(d.body, 1, 240) AS snippet
      FROM (${page}) AS page JOIN search_documents AS d ON d.id = page.doc`);
  }
  const open = MARK_OPEN;
  const close = MARK_CLOSE;
  return db.all<SearchHitRow>(sql`SELECT page.*,
      highlight(search_fts, 0, ${open}, ${close}) AS title_marked,
      highlight(search_fts, 1, ${open}, ${close}) AS people_marked,
      highlight(search_fts, 3, ${open}, ${close}) AS subjects_marked,
      highlight(search_fts, 4, ${open}, ${close}) AS doi_marked,
      snippet(search_fts, 2, ${open}, ${close}, '…', 24) AS snippet
    FROM (${page}) AS page JOIN search_fts ON search_fts.rowid = page.doc
    WHERE search_fts MATCH ${combinedMatch(text)}
    ORDER BY ${sort === "relevance" ? sql`page.score, page.doc` : sort === "newest" ? sql`page.sort_date DESC, page.doc DESC` : sql`page.sort_date, page.doc`}`);
}

/**
 * Facet counts over the whole result set, each facet counted with its own filter off (so picking a topic still shows
 * how many results the other topics would give), in one statement: the match is computed once.
 */
export async function selectFacetCounts(db: Database, request: { text: TextQuery; filters: SearchFilters; now: string }): Promise<FacetRow[]> {
  const { text, filters, now } = request;
  const facets = facetConditions(filters);
  return db.all<FacetRow>(sql`WITH r AS MATERIALIZED (
      SELECT d.kind, d.year, d.topic_ids, ${facets.kind} AS kind_ok, ${facets.topic} AS topic_ok, ${facets.year} AS year_ok
      FROM ${matchedDocuments(text)} WHERE ${sql.join(baseConditions(text, filters, now), sql` AND `)})
    SELECT 'kind' AS facet, kind AS value, NULL AS label, count(*) AS count FROM r WHERE topic_ok AND year_ok GROUP BY kind
    UNION ALL
    SELECT 'year', year, NULL, count(*) FROM r WHERE kind_ok AND topic_ok AND year IS NOT NULL GROUP BY year
    UNION ALL
    SELECT 'topic', t.slug, t.name, count(*) FROM r, json_each(r.topic_ids) AS j JOIN topics AS t ON t.id = j.value
      WHERE kind_ok AND year_ok GROUP BY t.id`);
}

/** How many results a query would give with every filter on: for weighing a spelling suggestion. */
export async function countSearchResults(db: Database, request: { text: TextQuery; filters: SearchFilters; now: string }): Promise<number> {
  const { text, filters, now } = request;
  const facets = facetConditions(filters);
  const conditions = [...baseConditions(text, filters, now), facets.kind, facets.topic, facets.year];
  const row = await db.get<{ count: number }>(sql`SELECT count(*) AS count FROM ${matchedDocuments(text)} WHERE ${sql.join(conditions, sql` AND `)}`);
  return row?.count ?? 0;
}

/** Titles of public items matching an FTS5 expression on the title column, best first: as-you-type suggestions. */
export async function selectTitleSuggestions(db: Database, match: string, limit: number, now: string) {
  return db.all<{ kind: ItemKind; item_id: string; title: string }>(sql`SELECT d.kind, d.item_id, d.title
    FROM (SELECT rowid AS id, bm25(search_fts, ${BM25_WEIGHTS}) AS score FROM search_fts WHERE search_fts MATCH ${match}) AS m
    JOIN search_documents AS d ON d.id = m.id
    WHERE d.status = 'published' AND d.publish_at <= ${now}
    ORDER BY m.score, d.id LIMIT ${limit}`);
}

/**
 * What the suggestion vocabulary is built from must change when this does: the last change recorded (every write
 * adds an audit row in its own batch) and the next embargo to end (an item appears then without any write).
 */
export async function selectVocabularyVersion(db: Database, now: string): Promise<{ last_change: number | null; next_release: string | null }> {
  const row = await db.get<{ last_change: number | null; next_release: string | null }>(sql`SELECT
      (SELECT max(id) FROM audit_log) AS last_change,
      (SELECT min(publish_at) FROM search_documents WHERE status = 'published' AND publish_at > ${now}) AS next_release`);
  return row ?? { last_change: null, next_release: null };
}

/** The short fields of every public item: the words, people and titles suggestions are drawn from. */
export async function selectVocabularySources(db: Database, now: string) {
  return db.all<{ title: string; people: string; person_ids: string; subjects: string }>(sql`SELECT title, people, person_ids, subjects
    FROM search_documents AS d WHERE d.status = 'published' AND d.publish_at <= ${now}`);
}

export async function selectTopics(db: Database) {
  return db.all<{ slug: string; name: string }>(sql`SELECT slug, name FROM topics ORDER BY name`);
}

/** The person with this ORCID iD, if any is known. */
export async function findPersonIdByOrcid(db: Database, orcid: string): Promise<string | undefined> {
  const row = await db.get<{ id: string }>(sql`SELECT id FROM people WHERE orcid = ${orcid}`);
  return row?.id;
}
