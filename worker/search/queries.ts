// The search queries against D1: a ranked page with highlights, facet counts, and the vocabulary suggestions come from.
import { sql, type SQL } from "drizzle-orm";
import type { ItemKind } from "../../schema/vocabularies";
import { asJsonParameter, type Database, nowIso } from "../db/client";
import type { EquityFacetSlug } from "../../schema/equity-vocabulary";
import { isPublicNow, isPublicPerson, personItemIdsQuery } from "../records/public-documents";

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
  /** Topic slugs: a result has any of them. Checked against the topics the same batch reads (`TOPICS_QUERY`). */
  topicSlugs: readonly string[];
  yearFrom?: number;
  yearTo?: number;
  personId?: string;
  /** A language tag: `en` also finds `en-GB`. */
  language?: string;
  /** Equity values, every one required (checked against the vocabulary by worker/search/equity-search.ts). */
  equity: readonly EquityFilter[];
};

export type EquityFilter = { facet: EquityFacetSlug; value: string };

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
  language: string | null;
  score: number | null;
  title_marked: string | null;
  people_marked: string | null;
  subjects_marked: string | null;
  doi_marked: string | null;
  snippet: string | null;
  /** With equity filters: the row's chosen tags and its paper's, as JSON (`PAGE_EQUITY_TAGS`); otherwise null. */
  equity_tags: string | null;
};

/** The query's own combined expression: `A NOT B` when both are given. */
function combinedMatch(text: TextQuery): string | null {
  if (text.match === null) return null;
  return text.exclude === null ? text.match : `(${text.match}) NOT ${text.exclude}`;
}

/**
 * What every result satisfies whatever the facets: public now, by the person, and free of excluded words when nothing
 * else must match. Over `search_filters AS d` or `search_documents AS d` (the columns read have the same names). A
 * person's items are found through the author index, not by reading every match's list of authors.
 */
function baseConditions(text: TextQuery, filters: SearchFilters, now: string): SQL[] {
  const conditions = [isPublicNow(now)];
  if (filters.personId !== undefined) {
    conditions.push(sql`d.id IN (SELECT id FROM search_documents WHERE item_id IN (${personItemIdsQuery(filters.personId)}))`);
  }
  if (text.match === null && text.exclude !== null) {
    conditions.push(sql`d.id NOT IN (SELECT rowid FROM search_fts WHERE search_fts MATCH ${text.exclude})`);
  }
  for (const { facet, value } of filters.equity) conditions.push(sql`d.id IN (${equityDocumentIdsQuery(facet, value)})`);
  return conditions;
}

/**
 * The search documents found under an equity value, gathered once per search as a person's are: the rule of the view
 * item_equity_tags (tagged with the value or a narrower one, or a lay summary of a paper so tagged; records/equity.ts
 * `equityItemIdsQuery`) written for document ids, every step on a covering index, the lay summaries walked from their
 * own table. Through the view, England's 8,617 documents took 17 ms against 7.3 here (SQLite 3.40, bench corpus):
 * the view reads each tagged paper's row and looks for its lay summaries one by one.
 */
function equityDocumentIdsQuery(facet: EquityFacetSlug, value: string): SQL {
  return sql`SELECT s.id FROM equity_tags AS t CROSS JOIN search_documents AS s ON s.item_id = t.item_id WHERE t.facet = ${facet} AND t.value = ${value}
    UNION ALL SELECT s.id FROM lay_summaries AS ls CROSS JOIN equity_tags AS t ON t.item_id = ls.publication_id AND t.facet = ${facet} AND t.value = ${value}
      CROSS JOIN search_documents AS s ON s.item_id = ls.id`;
}

/** Each facet's own filter, kept apart so a facet can be counted as if its filter were off. */
function facetConditions(filters: SearchFilters): { kind: SQL; topic: SQL; year: SQL; language: SQL } {
  return {
    kind: filters.kinds.length === 0 ? sql`1` : sql`d.kind IN (SELECT value FROM json_each(${asJsonParameter(filters.kinds)}))`,
    topic:
      filters.topicSlugs.length === 0
        ? sql`1`
        : sql`EXISTS (SELECT 1 FROM json_each(d.topic_ids)
            WHERE value IN (SELECT id FROM topics WHERE slug IN (SELECT value FROM json_each(${asJsonParameter(filters.topicSlugs)}))))`,
    year:
      filters.yearFrom === undefined && filters.yearTo === undefined
        ? sql`1`
        : sql`d.year BETWEEN ${filters.yearFrom ?? -9999} AND ${filters.yearTo ?? 9999}`,
    language:
      filters.language === undefined ? sql`1` : sql`(d.language = ${filters.language} COLLATE NOCASE OR d.language LIKE ${`${filters.language}-%`})`,
  };
}

/** Every condition a result meets: the base ones and all four facets' filters. */
function allConditions(text: TextQuery, filters: SearchFilters, now: string): SQL[] {
  const facets = facetConditions(filters);
  return [...baseConditions(text, filters, now), facets.kind, facets.topic, facets.year, facets.language];
}

/**
 * Where a search reads each match's filters: the narrow copy (search and its facets, which read every match) or the
 * search documents themselves (a search's feed, which also reads `news_at`).
 */
type MatchedTable = "search_filters" | "search_documents";

/**
 * The matching documents as `d`, with their bm25 score (lower is better) when `scored`, or every document. CROSS JOIN
 * keeps the full-text match as the outer loop: left to itself, SQLite may walk the visibility index and probe the
 * full-text index once per visible document (measured: 1.3 s instead of 20 ms for a word in 13,500 of 30,000).
 */
function matchedDocuments(text: TextQuery, scored: boolean, table: MatchedTable = "search_filters"): SQL {
  const match = combinedMatch(text);
  if (match === null) return sql`${sql.identifier(table)} AS d`;
  const score = scored ? sql`bm25(search_fts, ${BM25_WEIGHTS})` : sql`NULL`;
  return sql`(SELECT rowid AS id, ${score} AS score FROM search_fts WHERE search_fts MATCH ${match}) AS m
    CROSS JOIN ${sql.identifier(table)} AS d ON d.id = m.id`;
}

const ORDER: Record<SearchSort, { by: SQL; after: (key: PageKey) => SQL }> = {
  relevance: { by: sql`score, d.id`, after: (k) => sql`(score > ${k.key} OR (score = ${k.key} AND d.id > ${k.id}))` },
  newest: { by: sql`d.sort_date DESC, d.id DESC`, after: (k) => sql`(d.sort_date < ${k.key} OR (d.sort_date = ${k.key} AND d.id < ${k.id}))` },
  oldest: { by: sql`d.sort_date, d.id`, after: (k) => sql`(d.sort_date > ${k.key} OR (d.sort_date = ${k.key} AND d.id > ${k.id}))` },
};

/**
 * The `count` best-ranked matches after `after`, public or not, as `m` joined to their narrow rows `d`: the ranking
 * alone decides them, so only these are looked up rather than every match. Exact whenever at least a page of them is
 * shown; the caller asks again without it otherwise (worker/search/search.ts).
 */
function bestCandidates(text: TextQuery, count: number, after: PageKey | undefined): SQL {
  const afterKey = after === undefined ? sql`1` : sql`(score > ${after.key} OR (score = ${after.key} AND id > ${after.id}))`;
  return sql`(SELECT id, score FROM (SELECT rowid AS id, bm25(search_fts, ${BM25_WEIGHTS}) AS score FROM search_fts
      WHERE search_fts MATCH ${combinedMatch(text)}) WHERE ${afterKey} ORDER BY score, id LIMIT ${count}) AS m
    CROSS JOIN search_filters AS d ON d.id = m.id`;
}

/** A prefix query in an FTS5 expression as parse-query.ts writes it: `"depr"*`. */
const PREFIX = /"\*/u;

type SearchRequestParts = { text: TextQuery; filters: SearchFilters; now: string };

/**
 * A page row's chosen equity tags and, for a lay summary, its paper's (`own` 0), as JSON `[[facet, value, own], ...]`:
 * what says why a result matched an equity filter. Read for the page's rows alone.
 */
const PAGE_EQUITY_TAGS = sql`(SELECT json_group_array(json_array(facet, value, own)) FROM (
    SELECT facet, value, 1 AS own FROM equity_tags WHERE item_id = shown.item_id AND implied = 0
    UNION ALL SELECT t.facet, t.value, 0 FROM lay_summaries AS ls JOIN equity_tags AS t ON t.item_id = ls.publication_id AND t.implied = 0
      WHERE ls.id = shown.item_id)) AS equity_tags`;

/**
 * One page of results (one more row than `limit`, to tell whether another page follows), with the highlights that
 * say why each matched; sorted by relevance only when `text.match` is given. The page is chosen from the narrow rows
 * of every match; titles, names and highlights are read for the page's rows alone, joined back to the search
 * documents and the full-text table (for a word in 16,000 of 32,000 items, 16 ms against 63-117 ms when every match
 * read its whole search document; bare bm25 over the same matches took 18 ms, SQLite CLI). CROSS JOIN keeps the page
 * the outer loop there too: otherwise SQLite walks every match again and reads its search document (108 ms against 40).
 */
export function searchPageQuery(request: SearchRequestParts & { sort: SearchSort; limit: number; after?: PageKey; candidates?: number }): SQL {
  const { text, filters, now, sort } = request;
  const conditions = allConditions(text, filters, now);
  if (request.after) conditions.push(ORDER[sort].after(request.after));
  const scored = text.match !== null;
  const from =
    request.candidates !== undefined && scored && sort === "relevance"
      ? bestCandidates(text, request.candidates, request.after)
      : matchedDocuments(text, scored);
  const page = sql`SELECT d.id AS doc, d.kind, d.year, d.sort_date, d.language, ${scored ? sql`m.score` : sql`NULL`} AS score
    FROM ${from}
    WHERE ${sql.join(conditions, sql` AND `)}
    ORDER BY ${ORDER[sort].by} LIMIT ${request.limit + 1}`;
  const equityTags = filters.equity.length > 0 ? PAGE_EQUITY_TAGS : sql`NULL AS equity_tags`;
  if (!scored) {
    return sql`SELECT page.*, shown.item_id, shown.title, shown.people, NULL AS title_marked, NULL AS people_marked,
        NULL AS subjects_marked, NULL AS doi_marked, substr(shown.body, 1, 240) AS snippet, ${equityTags}
      FROM (${page}) AS page CROSS JOIN search_documents AS shown ON shown.id = page.doc
      ORDER BY ${sort === "oldest" ? sql`page.sort_date, page.doc` : sql`page.sort_date DESC, page.doc DESC`}`;
  }
  const marked = sql`SELECT page.*, shown.item_id, shown.title, shown.people,
      highlight(search_fts, 0, ${MARK_OPEN}, ${MARK_CLOSE}) AS title_marked,
      highlight(search_fts, 1, ${MARK_OPEN}, ${MARK_CLOSE}) AS people_marked,
      highlight(search_fts, 3, ${MARK_OPEN}, ${MARK_CLOSE}) AS subjects_marked,
      highlight(search_fts, 4, ${MARK_OPEN}, ${MARK_CLOSE}) AS doi_marked,
      snippet(search_fts, 2, ${MARK_OPEN}, ${MARK_CLOSE}, '…', 24) AS snippet, ${equityTags}`;
  const order = sql`ORDER BY ${sort === "relevance" ? sql`page.score, page.doc` : sort === "newest" ? sql`page.sort_date DESC, page.doc DESC` : sql`page.sort_date, page.doc`}`;
  const match = combinedMatch(text);
  if (match !== null && PREFIX.test(match)) {
    // A prefix's postings (every word it starts) are merged again for each row looked up by id: read the matches once
    // instead, keeping the page's rows (`+rowid` stops FTS5 taking the IN list as ids to look up one by one). For a
    // 4-letter prefix in 15,000 of 30,000 items, 17 ms against 43; a plain word's page is faster looked up (12 against 13).
    return sql`WITH page AS MATERIALIZED (${page}) ${marked}
      FROM search_fts CROSS JOIN page ON page.doc = +search_fts.rowid CROSS JOIN search_documents AS shown ON shown.id = page.doc
      WHERE +search_fts.rowid IN (SELECT doc FROM page) AND search_fts MATCH ${match} ${order}`;
  }
  return sql`${marked}
    FROM (${page}) AS page CROSS JOIN search_documents AS shown ON shown.id = page.doc
      CROSS JOIN search_fts ON search_fts.rowid = page.doc
    WHERE search_fts MATCH ${match} ${order}`;
}

export type FacetCombination = { kind: ItemKind; year: number | null; topic_ids: string; language: string | null; count: number };

/**
 * How many results share each combination of kind, year, topics and language, with every filter on except the four
 * faceted ones: a few hundred rows even for a word in half the repository, from which each facet is counted with its own
 * filter off (in JS, in microseconds). One grouping pass over the matches instead of one per facet: for a word in
 * 13,500 of 30,000 items, 21 ms against 56 ms for three grouped passes over a materialised result (SQLite CLI). The
 * matches are grouped by their combination's number (`search_facet_sets`, migration 0009), not by the four columns.
 */
export function facetCombinationsQuery(request: SearchRequestParts): SQL {
  const { text, filters, now } = request;
  return sql`SELECT s.kind, s.year, s.topic_ids, s.language, counted.count
    FROM (SELECT d.facet_set, count(*) AS count FROM ${matchedDocuments(text, false)}
      WHERE ${sql.join(baseConditions(text, filters, now), sql` AND `)} GROUP BY d.facet_set) AS counted
    JOIN search_facet_sets AS s ON s.id = counted.facet_set`;
}

/**
 * The equity counts are taken over at most this many matches: beyond them the answer has none (narrow the search).
 * Counting reads each match's item id from its search document and then its tags, about 6 µs a match once the
 * documents leave the cache (SQLite 3.40 on the bench's 30,000 items: 500 matches 1 ms, 2,000 14 ms, 5,000 33 ms, all
 * 13,500 matches of a common word 86 ms), so they are counted only when asked and only this far.
 */
export const MAX_EQUITY_COUNTED = 2_000;

/** A value's count; the last row, with no facet, is how many results were read. */
export type EquityCountRow = { facet: EquityFacetSlug | null; value: string | null; count: number };

/**
 * How many results carry each equity value, every filter on (a value's count is what adding it as a filter would
 * find), over the first `MAX_EQUITY_COUNTED + 1` results, and last how many were read, so the caller knows whether they
 * were all. The view item_equity_tags is written out as its two branches: joined whole, SQLite materialises it (every
 * tag of every item) for each search.
 */
export function searchEquityCountsQuery(request: SearchRequestParts): SQL {
  const { text, filters, now } = request;
  return sql`WITH hit AS MATERIALIZED (SELECT d.id, d.kind FROM ${matchedDocuments(text, false)}
      WHERE ${sql.join(allConditions(text, filters, now), sql` AND `)} LIMIT ${MAX_EQUITY_COUNTED + 1})
    SELECT * FROM (SELECT tagged.facet, tagged.value, sum(tagged.count) AS count FROM (
      SELECT t.facet, t.value, count(*) AS count FROM hit CROSS JOIN search_documents AS s ON s.id = hit.id
        CROSS JOIN equity_tags AS t ON t.item_id = s.item_id GROUP BY t.facet, t.value
      UNION ALL
      SELECT t.facet, t.value, count(*) FROM hit CROSS JOIN search_documents AS s ON s.id = hit.id
        CROSS JOIN lay_summaries AS ls ON ls.id = s.item_id CROSS JOIN equity_tags AS t ON t.item_id = ls.publication_id AND t.kind = 'publications'
      WHERE hit.kind = 'lay-summaries'
        AND NOT EXISTS (SELECT 1 FROM equity_tags AS own WHERE own.item_id = ls.id AND own.facet = t.facet AND own.value = t.value)
      GROUP BY t.facet, t.value
    ) AS tagged GROUP BY tagged.facet, tagged.value)
    UNION ALL SELECT NULL, NULL, count(*) FROM hit`;
}

/**
 * The documents a search finds, every filter on, as the `FROM` and `WHERE` of a query of another shape: a search's
 * feed lists them newest published first.
 */
export function searchMatches(request: SearchRequestParts): { from: SQL; where: SQL } {
  return { from: matchedDocuments(request.text, false, "search_documents"), where: sql.join(allConditions(request.text, request.filters, request.now), sql` AND `) };
}

export const TOPICS_QUERY = sql`SELECT id, slug, name FROM topics`;

/** How many results a query would give with every filter on: for weighing a spelling suggestion. */
export async function countSearchResults(db: Database, request: SearchRequestParts): Promise<number> {
  const conditions = allConditions(request.text, request.filters, request.now);
  const row = await db.get<{ count: number }>(sql`SELECT count(*) AS count FROM ${matchedDocuments(request.text, false)} WHERE ${sql.join(conditions, sql` AND `)}`);
  return row?.count ?? 0;
}

/**
 * What the suggestion vocabulary is built from must change when this does: the last change recorded (every write
 * adds an audit row in its own batch) and the next embargo to end (an item appears then without any write).
 */
export function vocabularyVersionQuery(now: string): SQL {
  return sql`SELECT (SELECT max(id) FROM audit_log) AS last_change,
      (SELECT min(public_from) FROM search_documents WHERE public_from > ${now}) AS next_release`;
}

/** The short fields of every public item: the words suggestions and spelling corrections are drawn from. */
export async function selectVocabularySources(db: Database, now: string) {
  return db.all<{ title: string; people: string; subjects: string }>(sql`SELECT title, people, subjects FROM search_documents AS d WHERE ${isPublicNow(now)}`);
}

/** The person with this ORCID iD, if any is known to the public (someone known only from hidden work is not). */
export async function findPersonIdByOrcid(db: Database, orcid: string, now = nowIso()): Promise<string | undefined> {
  const row = await db.get<{ id: string }>(sql`SELECT id FROM people WHERE orcid = ${orcid} AND ${isPublicPerson(sql`people.id`, now)}`);
  return row?.id;
}
