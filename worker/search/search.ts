// Search as the API answers it: ranked items that say why they matched, facets, cursors and spelling help.
import { sql, type SQL } from "drizzle-orm";
import type { EquityFacetSlug } from "../../schema/equity-vocabulary";
import type { ItemKind } from "../../schema/vocabularies";
import { nowIso, readBatch, type Database } from "../db/client";
import { decodeCursor, encodeCursor } from "../records/page-cursor";
import { itemPagePath } from "../records/public-documents";
import { foldText } from "../records/fold-text";
import type { EquityTags } from "../records/equity";
import { topicIdsFor } from "../records/topics";
import { type EquityCounts, equityCountsFrom, type EquityMatch, equityMatchesOf, readEquityFilters } from "./equity-search";
import { parseQuery, toFtsExpressions } from "./parse-query";
import {
  countSearchResults,
  type EquityCountRow,
  searchEquityCountsQuery,
  type FacetCombination,
  facetCombinationsQuery,
  findPersonIdByOrcid,
  MARK_CLOSE,
  MARK_OPEN,
  type PageKey,
  type SearchFilters,
  type SearchHitRow,
  searchMatches,
  searchPageQuery,
  type SearchSort,
  type TextQuery,
  TOPICS_QUERY,
  vocabularyVersionQuery,
} from "./queries";
import { closestWord, followVocabulary, type Vocabulary, type VocabularyVersion } from "./vocabulary";

/** Lets work finish after the answer is sent (the request's `executionCtx.waitUntil`). */
export type WaitUntil = (work: Promise<unknown>) => void;

/** Kinds as search names them (singular, as in each item's `kind`) and as URLs name them. */
export const SEARCH_KINDS = { publication: "publications", briefing: "briefings", "lay-summary": "lay-summaries" } as const;
export type SearchKind = keyof typeof SEARCH_KINDS;
export const KIND_OF: Record<ItemKind, SearchKind> = { publications: "publication", briefings: "briefing", "lay-summaries": "lay-summary" };

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
  /** Count each equity value among the results (`facets.equity`): only when asked, as it reads every result's tags. */
  equity_counts?: boolean;
} & EquityTags;

/** Where each field of an item matched, in the words a reader would use. */
export type MatchedField = "title" | "authors" | "text" | "subjects" | "doi";

export type SearchHit = {
  kind: SearchKind;
  id: string;
  title: string;
  url: string;
  year: number | null;
  /** The item's language tag as deposited (`en`, `cy`, `ur`), or null where none was given. */
  language: string | null;
  authors: string[];
  snippet: string;
  score: number | null;
  matched_in: MatchedField[];
  /** With equity filters: for each, the tag it was found through. */
  matched_equity?: EquityMatch[];
};

export type SearchAnswer = {
  total: number;
  items: SearchHit[];
  facets: {
    kind: { value: SearchKind; count: number }[];
    topic: { value: string; label: string; count: number }[];
    year: { value: number; count: number }[];
    /** Language tags in lower case. */
    language: { value: string; count: number }[];
    /** Asked for with `equity_counts`: each value's count with every filter on; null when there were too many results to count. */
    equity?: EquityCounts | null;
  };
  next_cursor: string | null;
  did_you_mean?: string;
};

/**
 * At least this many best-ranked matches are looked up for a page ranked by relevance: with almost everything stored
 * public, a page is nearly always among them.
 */
const MIN_CANDIDATES = 100;

/** True when nothing but the words selects: no kind, topic, year, language or person. */
function isUnfiltered(filters: SearchFilters): boolean {
  return filters.kinds.length === 0 && filters.topicSlugs.length === 0 && filters.yearFrom === undefined && filters.yearTo === undefined
    && filters.language === undefined && filters.personId === undefined && filters.equity.length === 0;
}

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

/**
 * A short fingerprint of what was asked (words, filters, sort): a cursor only continues the search that gave it.
 * Whether equity values are counted changes no result, so a next page may ask for counts or not.
 */
function fingerprint(request: SearchRequest): string {
  const { cursor: _cursor, limit: _limit, equity_counts: _equityCounts, ...asked } = request;
  let hash = 0x811c9dc5;
  for (const char of JSON.stringify(asked)) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return hash.toString(36);
}

/** The page key a search cursor carries: a relevance cursor holds a score, a date-sorted one a date. */
function readPageKey(sort: SearchSort) {
  return ([key, id, ...rest]: unknown[]): PageKey | undefined =>
    rest.length === 0 && Number.isInteger(id) && typeof key === (sort === "relevance" ? "number" : "string") ? { key: key as number | string, id: id as number } : undefined;
}

function toHit(row: SearchHitRow, filters: SearchFilters): SearchHit {
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
    url: itemPagePath(row.kind, row.item_id),
    year: row.year,
    language: row.language === "" ? null : row.language,
    authors: row.people === "" ? [] : row.people.split("; "),
    snippet: markedHtml(row.snippet ?? ""),
    score: row.score === null ? null : Math.round(-row.score * 1000) / 1000,
    matched_in: matched,
    ...(filters.equity.length > 0 ? { matched_equity: equityMatchesOf(row.equity_tags, filters.equity) } : {}),
  };
}

export type TopicRow = { id: number; slug: string; name: string };

/**
 * Each facet's counts from the result set's combinations of kind, year, topics and language, with the other facets'
 * filters applied and its own left off: so picking a topic still shows what the other topics would give.
 */
function countFacets(combinations: FacetCombination[], filters: SearchFilters, topics: TopicRow[], topicIds: number[]): SearchAnswer["facets"] {
  const topicSets = combinations.map((c) => JSON.parse(c.topic_ids) as number[]);
  const kindOk = (c: FacetCombination) => filters.kinds.length === 0 || filters.kinds.includes(c.kind);
  const topicOk = (i: number) => topicIds.length === 0 || topicSets[i].some((t) => topicIds.includes(t));
  const yearOk = (c: FacetCombination) =>
    (filters.yearFrom === undefined && filters.yearTo === undefined) ||
    (c.year !== null && c.year >= (filters.yearFrom ?? -Infinity) && c.year <= (filters.yearTo ?? Infinity));
  // As the SQL filter reads it: `en` is en and en-GB, whatever the case (combinations hold languages in lower case).
  const language = filters.language?.toLowerCase();
  const languageOk = (c: FacetCombination) => language === undefined || (c.language !== null && (c.language === language || c.language.startsWith(`${language}-`)));
  const kinds = new Map<ItemKind, number>();
  const years = new Map<number, number>();
  const topicCounts = new Map<number, number>();
  const languages = new Map<string, number>();
  combinations.forEach((c, i) => {
    if (topicOk(i) && yearOk(c) && languageOk(c)) kinds.set(c.kind, (kinds.get(c.kind) ?? 0) + c.count);
    if (kindOk(c) && topicOk(i) && languageOk(c) && c.year !== null) years.set(c.year, (years.get(c.year) ?? 0) + c.count);
    if (kindOk(c) && yearOk(c) && languageOk(c)) for (const t of topicSets[i]) topicCounts.set(t, (topicCounts.get(t) ?? 0) + c.count);
    if (kindOk(c) && topicOk(i) && yearOk(c) && c.language !== null) languages.set(c.language, (languages.get(c.language) ?? 0) + c.count);
  });
  const topicById = new Map(topics.map((t) => [t.id, t]));
  return {
    kind: [...kinds].map(([kind, count]) => ({ value: KIND_OF[kind], count })).sort((a, b) => b.count - a.count),
    topic: [...topicCounts]
      .map(([id, count]) => ({ value: topicById.get(id)?.slug ?? String(id), label: topicById.get(id)?.name ?? "", count }))
      .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label)),
    year: [...years].map(([value, count]) => ({ value, count })).sort((a, b) => b.value - a.value),
    language: [...languages].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value)),
  };
}

/** What selects items, whatever the order and page. */
export type SearchSelection = Pick<SearchRequest, "q" | "kind" | "topic" | "year_from" | "year_to" | "person" | "lang" | EquityFacetSlug>;

/** The filters as the queries take them, with an ORCID iD resolved to its person. */
async function resolveFilters(db: Database, request: SearchSelection): Promise<SearchFilters | "nobody"> {
  const equity = readEquityFilters(request);
  let personId = request.person;
  const orcid = request.person === undefined ? null : ORCID.exec(request.person);
  if (orcid) {
    personId = await findPersonIdByOrcid(db, orcid[1].toUpperCase());
    if (personId === undefined) return "nobody";
  }
  return {
    kinds: request.kind.map((k) => SEARCH_KINDS[k]),
    topicSlugs: request.topic,
    yearFrom: request.year_from,
    yearTo: request.year_to,
    personId,
    language: request.lang,
    equity,
  };
}

/** The same query with each unknown word replaced by the repository's closest word, if any changed. */
function correctSpelling(vocabulary: Vocabulary, q: string, words: string[]): string | undefined {
  let corrected = q;
  for (const word of words) {
    const folded = foldText(word);
    const closest = closestWord(vocabulary, folded);
    if (closest === undefined) continue;
    // The word as a plain word: not part of a longer one, an exclusion, a `field:` or a phrase.
    const plain = new RegExp(`(?<![\\p{L}\\p{N}:"-])${word.replace(/[.*+?^${}()|[\]\\]/gu, "\\$&")}(?![\\p{L}\\p{N}*"])`, "u");
    corrected = corrected.replace(plain, closest);
  }
  return corrected === q ? undefined : corrected;
}

/**
 * Where a search's matches are, as the `FROM` and `WHERE` of a query of another shape (a search's feed lists them
 * newest first); nothing for an ORCID iD no one here has.
 */
export async function searchSelection(db: Database, request: SearchSelection, now: string): Promise<{ from: SQL; where: SQL }> {
  const filters = await resolveFilters(db, request);
  if (filters === "nobody") return { from: sql`search_documents AS d`, where: sql`0` };
  return searchMatches({ text: toFtsExpressions(parseQuery(request.q?.trim() ?? "")), filters, now });
}

export async function searchItems(db: Database, request: SearchRequest, waitUntil: WaitUntil): Promise<SearchAnswer> {
  const now = nowIso();
  const q = request.q?.trim() ?? "";
  const parsed = parseQuery(q);
  const text: TextQuery = toFtsExpressions(parsed);
  const filters = await resolveFilters(db, request);
  // With no words to rank by, "relevance" lists the newest first.
  const sort: SearchSort = text.match === null && request.sort === "relevance" ? "newest" : request.sort;
  const search = fingerprint(request);
  const after = request.cursor === undefined ? undefined : decodeCursor(search, request.cursor, readPageKey(sort));
  if (filters === "nobody") {
    return { total: 0, items: [], facets: { kind: [], topic: [], year: [], language: [], ...(request.equity_counts ? { equity: equityCountsFrom([]) } : {}) }, next_cursor: null };
  }
  // Ranked by relevance and unfiltered, the page is nearly always among the best-ranked matches: look up only those.
  const candidates = sort === "relevance" && isUnfiltered(filters) ? Math.max(MIN_CANDIDATES, 4 * (request.limit + 1)) : undefined;
  const [firstRows, combinations, topics, [version], equityRows] = await readBatch<[SearchHitRow, FacetCombination, TopicRow, VocabularyVersion, EquityCountRow]>(db, [
    searchPageQuery({ text, filters, sort, limit: request.limit, after, now, candidates }),
    facetCombinationsQuery({ text, filters, now }),
    TOPICS_QUERY,
    vocabularyVersionQuery(now),
    // Only when asked: the fifth answer is then missing (`equityRows` undefined).
    ...(request.equity_counts ? [searchEquityCountsQuery({ text, filters, now })] : []),
  ] as [SQL, SQL, SQL, SQL, SQL]);
  // Topic slugs are checked against the topics this batch read: no query of their own before it.
  const facets: SearchAnswer["facets"] = {
    ...countFacets(combinations, filters, topics, topicIdsFor(topics, request.topic, "topic")),
    ...(request.equity_counts ? { equity: equityCountsFrom(equityRows ?? []) } : {}),
  };
  const kinds = new Set(request.kind);
  const total = facets.kind.filter((f) => kinds.size === 0 || kinds.has(f.value)).reduce((sum, f) => sum + f.count, 0);
  // Too few of the candidates were public for a whole page, and more results exist: ask again over every match.
  const rows =
    candidates !== undefined && firstRows.length <= request.limit && (after !== undefined || firstRows.length < total)
      ? (await readBatch<[SearchHitRow]>(db, [searchPageQuery({ text, filters, sort, limit: request.limit, after, now })]))[0]
      : firstRows;
  const page = rows.slice(0, request.limit);
  const last = page[page.length - 1];
  const next_cursor =
    rows.length > request.limit && last ? encodeCursor(search, [sort === "relevance" ? (last.score as number) : last.sort_date, last.doc]) : null;
  const answer: SearchAnswer = { total, items: page.map((row) => toHit(row, filters)), facets, next_cursor };
  if (total < FEW_RESULTS && parsed.plainWords.length > 0 && request.cursor === undefined) {
    const corrected = correctSpelling(await followVocabulary(db, now, version, waitUntil), q, parsed.plainWords);
    if (corrected !== undefined) {
      const correctedTotal = await countSearchResults(db, { text: toFtsExpressions(parseQuery(corrected)), filters, now });
      if (correctedTotal > total) answer.did_you_mean = corrected;
    }
  }
  return answer;
}
