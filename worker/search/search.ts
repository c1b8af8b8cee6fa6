// Search and suggestions as the API answers them: ranked items that say why they matched, facets, spelling help.
import type { ItemKind } from "../../schema/vocabularies";
import { nowIso, type Database } from "../db/client";
import { RepositoryError } from "../errors";
import { foldText } from "../records/fold-text";
import { resolveTopicIds } from "../records/topics";
import { parseQuery, toFtsExpressions } from "./parse-query";
import {
  countSearchResults,
  type FacetRow,
  findPersonIdByOrcid,
  MARK_CLOSE,
  MARK_OPEN,
  type PageKey,
  type SearchFilters,
  type SearchHitRow,
  type SearchSort,
  selectFacetCounts,
  selectSearchPage,
  selectTitleSuggestions,
  type TextQuery,
} from "./queries";
import { closestWord, loadVocabulary } from "./vocabulary";

/** Kinds as search names them (singular, as in each item's `kind`) and as URLs name them. */
export const SEARCH_KINDS = { publication: "publications", briefing: "briefings", "lay-summary": "lay-summaries" } as const;
export type SearchKind = keyof typeof SEARCH_KINDS;
const KIND_OF: Record<ItemKind, SearchKind> = { publications: "publication", briefings: "briefing", "lay-summaries": "lay-summary" };

export type SearchRequest = {
  q?: string;
  kind: SearchKind[];
  topic: string[];
  year_from?: number;
  year_to?: number;
  person?: string;
  lang?: string;
  sort: SearchSort;
  limit: number;
  cursor?: string;
};

/** Where each field of an item matched, in the words a reader would use. */
export type MatchedField = "title" | "authors" | "text" | "subjects" | "doi";

export type SearchHit = {
  kind: SearchKind;
  id: string;
  title: string;
  url: string;
  year: number | null;
  authors: string[];
  snippet: string;
  score: number | null;
  matched_in: MatchedField[];
};

export type SearchAnswer = {
  total: number;
  items: SearchHit[];
  facets: {
    kind: { value: SearchKind; count: number }[];
    topic: { value: string; label: string; count: number }[];
    year: { value: number; count: number }[];
  };
  next_cursor: string | null;
  did_you_mean?: string;
};

/** A query that finds fewer results than this gets a spelling suggestion, if one finds more. */
const FEW_RESULTS = 3;

const ORCID = /^(?:https?:\/\/orcid\.org\/)?(\d{4}-\d{4}-\d{4}-\d{3}[\dX])$/iu;

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/gu, (c) => HTML_ESCAPES[c]);
}

/**
 * Escaped text with the matched words in `<mark>`: safe to put into a page as it is. Line breaks and Markdown's
 * emphasis and heading marks (a briefing's body is Markdown) are flattened so a snippet reads as one passage.
 */
function markedHtml(marked: string): string {
  const flat = marked
    .replace(/[\u0000-\u001f]/gu, (c) => (c === MARK_OPEN || c === MARK_CLOSE ? c : " "))
    .replace(/\*\*|__|(?<=^|\s)#{1,6}(?=\s)/gu, "")
    .replace(/\s+/gu, " ")
    .trim();
  return escapeHtml(flat)
    .replaceAll(MARK_OPEN, "<mark>")
    .replaceAll(MARK_CLOSE, "</mark>");
}

function encodeCursor(sort: SearchSort, key: PageKey): string {
  return btoa(JSON.stringify([sort, key.key, key.id])).replace(/\+/gu, "-").replace(/\//gu, "_").replace(/=+$/u, "");
}

function decodeCursor(cursor: string, sort: SearchSort): PageKey {
  const invalid = new RepositoryError("invalid", "This cursor is not one this search gave: start again without `cursor`, then pass on each `next_cursor`.", {
    errors: [{ path: "cursor", message: "not a cursor from this search" }],
  });
  let decoded: unknown;
  try {
    decoded = JSON.parse(atob(cursor.replace(/-/gu, "+").replace(/_/gu, "/")));
  } catch {
    throw invalid;
  }
  if (!Array.isArray(decoded) || decoded.length !== 3 || decoded[0] !== sort || !Number.isInteger(decoded[2])) throw invalid;
  const key = decoded[1] as unknown;
  if (sort === "relevance" ? typeof key !== "number" : typeof key !== "string") throw invalid;
  return { key: key as number | string, id: decoded[2] as number };
}

function toHit(row: SearchHitRow): SearchHit {
  const marked = (text: string | null) => text !== null && text.includes(MARK_OPEN);
  const matched: MatchedField[] = [];
  if (marked(row.title_marked)) matched.push("title");
  if (marked(row.people_marked)) matched.push("authors");
  if (marked(row.snippet)) matched.push("text");
  if (marked(row.subjects_marked)) matched.push("subjects");
  if (marked(row.doi_marked)) matched.push("doi");
  const kind = KIND_OF[row.kind];
  return {
    kind,
    id: row.item_id,
    title: row.title,
    url: `/api/${row.kind}/${row.item_id}`,
    year: row.year,
    authors: row.people === "" ? [] : row.people.split("; "),
    snippet: markedHtml(row.snippet ?? ""),
    score: row.score === null ? null : Math.round(-row.score * 1000) / 1000,
    matched_in: matched,
  };
}

function shapeFacets(rows: FacetRow[]): SearchAnswer["facets"] {
  const byCount = (a: { count: number }, b: { count: number }) => b.count - a.count;
  return {
    kind: rows.filter((r) => r.facet === "kind").map((r) => ({ value: KIND_OF[r.value as ItemKind], count: r.count })).sort(byCount),
    topic: rows
      .filter((r) => r.facet === "topic")
      .map((r) => ({ value: String(r.value), label: r.label ?? "", count: r.count }))
      .sort((a, b) => byCount(a, b) || a.label.localeCompare(b.label)),
    year: rows
      .filter((r) => r.facet === "year")
      .map((r) => ({ value: Number(r.value), count: r.count }))
      .sort((a, b) => b.value - a.value),
  };
}

/** The filters as the queries take them: topic slugs resolved (422 naming any unknown one), an ORCID iD to its person. */
async function resolveFilters(db: Database, request: SearchRequest): Promise<SearchFilters | "nobody"> {
  const topicIds = await resolveTopicIds(db, request.topic);
  let personId = request.person;
  const orcid = request.person === undefined ? null : ORCID.exec(request.person);
  if (orcid) {
    personId = await findPersonIdByOrcid(db, orcid[1].toUpperCase());
    if (personId === undefined) return "nobody";
  }
  return {
    kinds: request.kind.map((k) => SEARCH_KINDS[k]),
    topicIds,
    yearFrom: request.year_from,
    yearTo: request.year_to,
    personId,
    language: request.lang,
  };
}

/** The same query with each unknown word replaced by the repository's closest word, if any changed. */
async function correctSpelling(db: Database, q: string, words: string[], now: string): Promise<string | undefined> {
  const vocabulary = await loadVocabulary(db, now);
  let corrected = q;
  for (const word of words) {
    const folded = foldText(word);
    const closest = closestWord(vocabulary, folded);
    if (closest === undefined) continue;
    corrected = corrected.replace(new RegExp(`(?<![\\p{L}\\p{N}])${word.replace(/[.*+?^${}()|[\]\\]/gu, "\\$&")}(?![\\p{L}\\p{N}])`, "u"), closest);
  }
  return corrected === q ? undefined : corrected;
}

export async function searchItems(db: Database, request: SearchRequest): Promise<SearchAnswer> {
  const now = nowIso();
  const q = request.q?.trim() ?? "";
  const parsed = parseQuery(q);
  const text: TextQuery = toFtsExpressions(parsed);
  const filters = await resolveFilters(db, request);
  // With no words to rank by, "relevance" lists the newest first.
  const sort: SearchSort = text.match === null && request.sort === "relevance" ? "newest" : request.sort;
  const after = request.cursor === undefined ? undefined : decodeCursor(request.cursor, sort);
  if (filters === "nobody") return { total: 0, items: [], facets: { kind: [], topic: [], year: [] }, next_cursor: null };
  const [rows, facetRows] = await Promise.all([
    selectSearchPage(db, { text, filters, sort, limit: request.limit, after, now }),
    selectFacetCounts(db, { text, filters, now }),
  ]);
  const facets = shapeFacets(facetRows);
  const kinds = new Set(request.kind);
  const total = facets.kind.filter((f) => kinds.size === 0 || kinds.has(f.value)).reduce((sum, f) => sum + f.count, 0);
  const page = rows.slice(0, request.limit);
  const last = page[page.length - 1];
  const next_cursor =
    rows.length > request.limit && last ? encodeCursor(sort, { key: sort === "relevance" ? (last.score as number) : last.sort_date, id: last.doc }) : null;
  const answer: SearchAnswer = { total, items: page.map(toHit), facets, next_cursor };
  if (total < FEW_RESULTS && parsed.plainWords.length > 0 && request.cursor === undefined) {
    const corrected = await correctSpelling(db, q, parsed.plainWords, now);
    if (corrected !== undefined) {
      const correctedTotal = await countSearchResults(db, { text: toFtsExpressions(parseQuery(corrected)), filters, now });
      if (correctedTotal > total) answer.did_you_mean = corrected;
    }
  }
  return answer;
}

export type Suggestion = { type: "title" | "person" | "topic"; label: string; url: string; kind?: SearchKind; id?: string };

/** At most this many suggestions; people and topics take a few places, titles the rest. */
export const MAX_SUGGESTIONS = 10;

/**
 * As-you-type suggestions for what has been typed so far: topics and people from the vocabulary (prefix and typo
 * tolerant), then public titles from FTS5 holding every word typed (each misspelt word also tried as the closest
 * known word, the last word also as a prefix).
 */
export async function suggest(db: Database, q: string): Promise<Suggestion[]> {
  const now = nowIso();
  const words = foldText(q).split(" ").filter((w) => w !== "");
  if (words.length === 0) return [];
  const vocabulary = await loadVocabulary(db, now);
  const typing = !/\s$/u.test(q);
  const topics = vocabulary.search(q, { types: ["topic"], prefix: typing, limit: 2 });
  const people = vocabulary.search(q, { types: ["person"], prefix: typing, limit: 3 });
  const groups = words.map((word, i) => {
    const last = typing && i === words.length - 1;
    const alternatives = new Set([`"${word}"${last ? "*" : ""}`]);
    if (last) {
      for (const entry of vocabulary.search(word, { types: ["word"], prefix: true, limit: 3 })) alternatives.add(`"${entry.label}"`);
    } else {
      const closest = closestWord(vocabulary, word);
      if (closest !== undefined) alternatives.add(`"${closest}"`);
    }
    return `(${[...alternatives].map((a) => `title : ${a}`).join(" OR ")})`;
  });
  const titles = await selectTitleSuggestions(db, groups.join(" AND "), MAX_SUGGESTIONS - topics.length - people.length, now);
  const suggestions: Suggestion[] = [];
  for (const t of topics) if (t.type === "topic") suggestions.push({ type: "topic", label: t.label, url: `/api/search?topic=${t.slug}` });
  for (const p of people) if (p.type === "person") suggestions.push({ type: "person", label: p.label, url: `/api/search?person=${p.personId}` });
  for (const t of titles) suggestions.push({ type: "title", label: t.title, url: `/api/${t.kind}/${t.item_id}`, kind: KIND_OF[t.kind], id: t.item_id });
  return suggestions;
}
