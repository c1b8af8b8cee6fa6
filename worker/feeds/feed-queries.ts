// The items a feed lists, newest published first, with everything an entry shows, in one query per feed.
import { sql, type SQL } from "drizzle-orm";
import type { ItemKind } from "../../schema/vocabularies";
import { isListed } from "../records/public-documents";
import { topicItemIdsQuery } from "../records/topics";

/** Which items a feed follows. A search feed's `from` and `where` come from the search queries (`searchMatches`). */
export type FeedSelection =
  | { by: "all" }
  | { by: "kind"; kind: ItemKind }
  | { by: "topic"; slug: string }
  | { by: "person"; personId: string }
  | { by: "search"; from: SQL; where: SQL };

export type FeedEntryRow = {
  kind: ItemKind;
  item_id: string;
  title: string;
  people: string;
  topic_ids: string;
  publish_at: string;
  changed_at: string;
  withdrawn_at: string | null;
  withdrawal_reason: string | null;
  /** A publication's abstract, a lay summary's text, a briefing's key messages (a JSON array). */
  summary: string;
};

const ENTRY_COLUMNS = sql`d.kind, d.item_id, d.title, d.people, d.topic_ids, d.publish_at, d.changed_at, d.withdrawn_at, d.withdrawal_reason,
  CASE d.kind WHEN 'briefings' THEN (SELECT key_messages FROM briefings WHERE id = d.item_id) ELSE d.body END AS summary`;

/** A person's publications and the lay summaries of them. */
const personItems = (personId: string) => sql`SELECT publication_id FROM publication_authors WHERE person_id = ${personId}
  UNION ALL SELECT l.id FROM publication_authors AS a JOIN lay_summaries AS l ON l.publication_id = a.publication_id WHERE a.person_id = ${personId}`;

/**
 * A feed's entries. Every feed but a search's also keeps what was public and then withdrawn, so a subscriber sees it
 * marked withdrawn with its reason rather than silently gone; a search feed lists only what is public now, as search does.
 */
export function feedEntriesQuery(selection: FeedSelection, now: string, limit: number): SQL {
  if (selection.by === "search") {
    return sql`SELECT ${ENTRY_COLUMNS} FROM ${selection.from} WHERE ${selection.where} ORDER BY d.publish_at DESC, d.id DESC LIMIT ${limit}`;
  }
  const conditions = [isListed(now)];
  if (selection.by === "kind") conditions.push(sql`d.kind = ${selection.kind}`);
  if (selection.by === "topic") conditions.push(sql`d.item_id IN (${topicItemIdsQuery(selection.slug)})`);
  if (selection.by === "person") conditions.push(sql`d.item_id IN (${personItems(selection.personId)})`);
  return sql`SELECT ${ENTRY_COLUMNS} FROM search_documents AS d WHERE ${sql.join(conditions, sql` AND `)}
    ORDER BY d.publish_at DESC, d.id DESC LIMIT ${limit}`;
}

export const personQuery = (personId: string) => sql`SELECT id, name FROM people WHERE id = ${personId}`;
