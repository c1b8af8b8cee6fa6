// The records OAI-PMH serves, read from the items' search documents: one page at a time in datestamp order.
import { sql, type SQL } from "drizzle-orm";
import type { ItemKind } from "../../schema/vocabularies";
import { asJsonParameter } from "../db/client";
import { publicationQueries } from "../records/publications";
import { isListed, isPublicNow } from "../records/public-documents";
import { topicItemIdsQuery } from "../records/topics";

export type RecordHeaderRow = { id: number; kind: ItemKind; item_id: string; changed_at: string; topic_ids: string; deleted: 0 | 1 };

/** A set as the queries take it: a kind, a topic, or one of the two parent sets (every item, or every item with a topic). */
export type SetFilter = { kind: ItemKind } | { topicSlug: string } | { anyTopic: true } | undefined;

export type RecordRange = { set: SetFilter; from?: string; until: string; now: string };

function rangeConditions(range: RecordRange): SQL[] {
  const conditions = [isListed(range.now), sql`d.changed_at < ${range.until}`];
  if (range.from !== undefined) conditions.push(sql`d.changed_at >= ${range.from}`);
  const set = range.set;
  if (set && "kind" in set) conditions.push(sql`d.kind = ${set.kind}`);
  if (set && "topicSlug" in set) conditions.push(sql`d.item_id IN (${topicItemIdsQuery(set.topicSlug)})`);
  if (set && "anyTopic" in set) conditions.push(sql`d.topic_ids <> '[]'`);
  return conditions;
}

const HEADER_COLUMNS = (now: string) =>
  sql`d.id, d.kind, d.item_id, d.changed_at, d.topic_ids, CASE WHEN ${isPublicNow(now)} THEN 0 ELSE 1 END AS deleted`;

/** One page of record headers in (datestamp, id) order after `after`: a keyset that new records cannot shift. */
export function recordPageQuery(range: RecordRange, after: { changedAt: string; id: number } | undefined, limit: number): SQL {
  const conditions = rangeConditions(range);
  if (after) conditions.push(sql`(d.changed_at > ${after.changedAt} OR (d.changed_at = ${after.changedAt} AND d.id > ${after.id}))`);
  return sql`SELECT ${HEADER_COLUMNS(range.now)} FROM search_documents AS d WHERE ${sql.join(conditions, sql` AND `)}
    ORDER BY d.changed_at, d.id LIMIT ${limit}`;
}

export function recordCountQuery(range: RecordRange): SQL {
  return sql`SELECT count(*) AS count FROM search_documents AS d WHERE ${sql.join(rangeConditions(range), sql` AND `)}`;
}

export function recordHeaderQuery(kind: ItemKind, itemId: string, now: string): SQL {
  return sql`SELECT ${HEADER_COLUMNS(now)} FROM search_documents AS d WHERE d.item_id = ${itemId} AND d.kind = ${kind} AND ${isListed(now)}`;
}

/** The oldest datestamp a harvester can be given (walks the datestamp index to the first listed record). */
export function earliestDatestampQuery(now: string): SQL {
  return sql`SELECT d.changed_at FROM search_documents AS d WHERE ${isListed(now)} ORDER BY d.changed_at, d.id LIMIT 1`;
}

/**
 * What Dublin Core shows of a publication. `SELECT *` also brought the deposited BibTeX and the CSL-JSON, each about as
 * long as the abstract again: 570 KB for a page of 100 records instead of about 200 KB.
 */
const DUBLIN_CORE_COLUMNS = sql.raw("id, type, title, container_title, issued, volume, issue, pages, publisher, doi, url, abstract, keywords, language, licence");

/** `publicationQueries` (for `shapePublications`) with only the columns Dublin Core uses. */
export function dublinCorePublicationQueries(ids: readonly string[]): [SQL, SQL, SQL, SQL] {
  const idList = sql`SELECT value FROM json_each(${asJsonParameter(ids)})`;
  const [, authors, topics, equity] = publicationQueries(idList);
  return [sql`SELECT ${DUBLIN_CORE_COLUMNS} FROM publications WHERE id IN (${idList})`, authors, topics, equity];
}
