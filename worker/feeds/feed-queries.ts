// The items a feed lists, latest news first, with everything an entry shows, in one query per feed.
import { sql, type SQL } from "drizzle-orm";
import type { ItemKind } from "../../schema/vocabularies";
import { feedNoticesColumn } from "../records/evidence-notices";
import { isListed, isPublicPerson, personItemIdsQuery } from "../records/public-documents";
import { topicItemIdsQuery } from "../records/topics";
import { equityItemIdsQuery } from "../records/equity";
import type { EquityFacetSlug } from "../../schema/equity-vocabulary";

/** Which items a feed follows. A search feed's `from` and `where` come from the search queries (`searchMatches`). */
export type FeedSelection =
  | { by: "all" }
  | { by: "kind"; kind: ItemKind }
  | { by: "topic"; slug: string }
  | { by: "person"; personId: string }
  | { by: "equity"; facet: EquityFacetSlug; value: string }
  | { by: "search"; from: SQL; where: SQL };

/** Longer summaries are cut at a word near this length: a feed entry points to the page, it does not replace it. */
export const SUMMARY_CHARACTERS = 2_000;

export type FeedEntryRow = {
  kind: ItemKind;
  item_id: string;
  title: string;
  people: string;
  topic_ids: string;
  language: string | null;
  /** When it became public: its publish-at, or for a lay summary its publication's if later. */
  public_from: string;
  changed_at: string;
  withdrawn_at: string | null;
  withdrawal_reason: string | null;
  /**
   * A publication's abstract, a briefing's key messages (one per line; its summary if it has none), a lay summary's
   * text; at most a little over SUMMARY_CHARACTERS.
   */
  summary: string;
  /** A briefing's evidence notices the public may read, as JSON (`FeedNotice[]`, in no order); `[]` for other kinds. */
  evidence_notices: string;
};

const ENTRY_COLUMNS = sql`d.kind, d.item_id, d.title, d.people, d.topic_ids, d.language,
  max(d.publish_at, coalesce(d.parent_publish_at, '')) AS public_from, d.changed_at, d.withdrawn_at, d.withdrawal_reason,
  CASE d.kind WHEN 'briefings' THEN (SELECT coalesce((SELECT group_concat('• ' || value, char(10)) FROM json_each(b.key_messages)), b.summary)
      FROM briefings AS b WHERE b.id = d.item_id)
    ELSE substr(d.body, 1, ${SUMMARY_CHARACTERS + 200}) END AS summary`;

const NEWEST_FIRST = sql`ORDER BY d.news_at DESC, d.id DESC`;

/** The entries of a page of documents chosen by `pageIds` (their ids, newest first, at most the limit). */
function entriesOf(pageIds: SQL, now: string): SQL {
  return sql`SELECT ${ENTRY_COLUMNS}, ${feedNoticesColumn(now)} AS evidence_notices FROM (${pageIds}) AS page JOIN search_documents AS d ON d.id = page.id ${NEWEST_FIRST}`;
}

/**
 * A feed's entries, by when each last made news: a withdrawal comes to the top as news of its own. Every feed but a
 * search's also keeps what was public and then withdrawn, so a subscriber sees it marked withdrawn with its reason
 * rather than silently gone; a search feed lists only what is public now, as search does. The page's ids are chosen
 * first and its texts read after: sorting a topic's 2,700 items with their texts took 19 ms, their ids 7 ms (SQLite CLI).
 */
export function feedEntriesQuery(selection: FeedSelection, now: string, limit: number): SQL {
  if (selection.by === "search") {
    return entriesOf(sql`SELECT d.id FROM ${selection.from} WHERE ${selection.where} ${NEWEST_FIRST} LIMIT ${limit}`, now);
  }
  const conditions = [isListed(now)];
  if (selection.by === "kind") conditions.push(sql`d.kind = ${selection.kind}`);
  if (selection.by === "topic") conditions.push(sql`d.item_id IN (${topicItemIdsQuery(selection.slug)})`);
  if (selection.by === "person") conditions.push(sql`d.item_id IN (${personItemIdsQuery(selection.personId)})`);
  if (selection.by === "equity") conditions.push(sql`d.item_id IN (${equityItemIdsQuery(selection.facet, selection.value)})`);
  return entriesOf(sql`SELECT d.id FROM search_documents AS d WHERE ${sql.join(conditions, sql` AND `)} ${NEWEST_FIRST} LIMIT ${limit}`, now);
}

/**
 * The person a feed follows; none (a 404, as for an unknown id) for someone known only from work never public. One whose
 * work was public and then withdrawn keeps a feed, which tells of the withdrawal.
 */
export const personQuery = (personId: string, now: string) =>
  sql`SELECT id, name FROM people WHERE id = ${personId} AND ${isPublicPerson(sql`people.id`, now, isListed)}`;
