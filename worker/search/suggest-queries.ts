// The SQL behind as-you-type suggestions: titles and authors' names from `suggest_fts`, public items only.
import { sql, type SQL } from "drizzle-orm";
import { isPublicNow } from "../records/public-documents";

/**
 * How many of the newest public matches a title suggestion is ranked among. `bm25()` reads each match's length from
 * FTS5's `docsize` table: for `me*` and its completions (5,700 of 29,000 titles) ranking every match took 7.6 ms of
 * CPU before any join, against under 1 ms for the newest 200 (SQLite CLI, bench/suggest-profile.mjs). A word typed
 * to four or five letters matches fewer than 200 titles, so those are ranked exactly as before.
 */
const TITLE_CANDIDATES = 200;

/**
 * Titles of public items matching an FTS5 expression on `suggest_fts` (titles and names, with prefix indexes), best
 * first among the newest `TITLE_CANDIDATES` matches. Visibility is read from the narrow `search_filters`; the wide
 * search documents are read for the `limit` titles shown alone.
 */
export function titleSuggestionsQuery(match: string, limit: number, now: string): SQL {
  const candidates = sql`SELECT suggest_fts.rowid AS id, bm25(suggest_fts) AS score
    FROM suggest_fts CROSS JOIN search_filters AS d ON d.id = suggest_fts.rowid
    WHERE suggest_fts MATCH ${match} AND ${isPublicNow(now)}
    ORDER BY suggest_fts.rowid DESC LIMIT ${TITLE_CANDIDATES}`;
  return sql`SELECT shown.kind, shown.item_id, shown.title
    FROM (SELECT id, score FROM (${candidates}) ORDER BY score, id LIMIT ${limit}) AS best
    JOIN search_documents AS shown ON shown.id = best.id
    ORDER BY best.score, best.id`;
}

/**
 * Authors of the newest `limit` public items whose names match an FTS5 expression on `suggest_fts`: the people to
 * suggest are picked from these. Unranked: which names hold the words is decided per name afterwards, and bm25 over
 * every match (it favours short author lists, nothing a reader asked for) cost more than the rest of a suggestion.
 */
export function peopleSuggestionsQuery(match: string, limit: number, now: string): SQL {
  return sql`SELECT shown.people, shown.person_ids
    FROM (SELECT suggest_fts.rowid AS id FROM suggest_fts CROSS JOIN search_filters AS d ON d.id = suggest_fts.rowid
      WHERE suggest_fts MATCH ${match} AND ${isPublicNow(now)}
      ORDER BY suggest_fts.rowid DESC LIMIT ${limit}) AS found
    JOIN search_documents AS shown ON shown.id = found.id`;
}
