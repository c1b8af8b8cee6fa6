// What the outside world is told about items, read from their search documents: public now, or withdrawn after being public.
import { type SQL, sql } from "drizzle-orm";
import { ITEM_KIND_NAMES, type ItemKind } from "../../schema/vocabularies";

/**
 * THE visibility rule: every read path (API lists and items, home, browse and item pages, search, suggestions, feeds,
 * OAI-PMH, the sitemap, citations, a briefing's evidence, people) decides what is public through this fragment, directly
 * or through the helpers below; none has a rule of its own. Public now: published, and past any embargo (decided at
 * query time, so an embargo ends on time without a write). A lay summary also needs its publication public, as its
 * document holds that publication's title and authors. `public_from` holds all of that as one value (migration 0008):
 * when the item became public, null while it is not published. For a query over `search_documents AS d`, or over its
 * narrow copy `search_filters AS d`.
 */
export const isPublicNow = (now: string) => sql`d.public_from <= ${now}`;

/**
 * `isPublicNow` for an item named by a column of another table (`p.id`, qualified: inside, `d` is the document). Its
 * document is written in the same batch as every change to the item, so the two never disagree.
 */
export const isPublicItem = (itemId: SQL, now: string) =>
  sql`EXISTS (SELECT 1 FROM search_documents AS d WHERE d.item_id = ${itemId} AND ${isPublicNow(now)})`;

/**
 * A person is known to the public only through public work: someone who appears only on drafts, submitted or embargoed
 * papers, or ones withdrawn before they were public, is unknown, as a person who does not exist (person page, person
 * feed, search by person, suggestions). `shown` is what the path itself lists: a person's feed, which keeps
 * tombstones, passes `isListed`, so its subscribers still learn that the paper they followed was withdrawn.
 */
export const isPublicPerson = (personId: SQL, now: string, shown: (now: string) => SQL = isPublicNow) =>
  sql`EXISTS (SELECT 1 FROM publication_authors AS public_work JOIN search_documents AS d ON d.item_id = public_work.publication_id
    WHERE public_work.person_id = ${personId} AND ${shown(now)})`;

/** The items a person is found by: their publications and the lay summaries of them (a person's feed, search by person). */
export const personItemIdsQuery = (personId: string) => sql`SELECT publication_id FROM publication_authors WHERE person_id = ${personId}
  UNION ALL SELECT l.id FROM publication_authors AS a JOIN lay_summaries AS l ON l.publication_id = a.publication_id WHERE a.person_id = ${personId}`;

/**
 * What feeds, harvesters and item pages tell of: what is public now, and the tombstones of what was public and then
 * withdrawn (a feed shows it as withdrawn with its reason, OAI-PMH as a deleted record, its page as 410), never
 * something that was never public. Both have `news_at <= now`, which lets SQLite walk the `news_at` index.
 */
export const isListed = (now: string) => sql`d.news_at <= ${now} AND (${isPublicNow(now)} OR d.withdrawn_at IS NOT NULL)`;

export type PublicState = { state: "public" | "withdrawn"; title: string; withdrawn_at: string | null; withdrawal_reason: string | null };

/** What the outside world may be shown of one item: it, its tombstone, or nothing (no row). */
export function publicStateQuery(kind: ItemKind, id: string, now: string) {
  return sql`SELECT CASE WHEN ${isPublicNow(now)} THEN 'public' ELSE 'withdrawn' END AS state, d.title, d.withdrawn_at, d.withdrawal_reason
    FROM search_documents AS d WHERE d.item_id = ${id} AND d.kind = ${kind} AND ${isListed(now)}`;
}

/** Each kind's name as readers see it: feed titles, OAI-PMH set names. */
export const KIND_TITLES: Record<ItemKind, string> = {
  publications: ITEM_KIND_NAMES.publications.many,
  briefings: ITEM_KIND_NAMES.briefings.many,
  "lay-summaries": ITEM_KIND_NAMES["lay-summaries"].many,
};

/** The page that shows an item: feeds, search results, the sitemap and OAI-PMH records link to it. */
export function itemPagePath(kind: ItemKind, id: string): string {
  return `/${kind}/${id}`;
}
