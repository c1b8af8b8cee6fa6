// What the browse pages list: topics with their public counts, and pages of public items by kind, topic or person.
import { type SQL, sql } from "drizzle-orm";
import type { ItemKind } from "../../schema/vocabularies";
import { type Database, nowIso, readBatch } from "../db/client";
import { decodeCursor, encodeCursor } from "./page-cursor";
import { isPublicNow, isPublicPerson } from "./public-documents";

/** Items on one browse page: enough for a reader to choose, few enough to read on a phone. */
export const BROWSE_PAGE_SIZE = 25;

export type BrowseItem = {
  kind: ItemKind;
  itemId: string;
  title: string;
  people: string[];
  year: number | null;
  /** When it became public (a lay summary: its publication's time if later), ISO 8601. */
  publicFrom: string;
  language: string | null;
  audience: string | null;
  /** A lay summary's publication. */
  publicationTitle: string | null;
};

export type BrowsePage = { items: BrowseItem[]; nextCursor: string | null };
export type TopicSummary = { slug: string; name: string; description: string; count: number };
export type PersonSummary = { id: string; name: string; orcid: string | null };
export type LaySummaryLink = { itemId: string; title: string; language: string; publicationId: string };

export type ItemRow = {
  doc: number;
  rank: number;
  kind: ItemKind;
  item_id: string;
  title: string;
  people: string;
  year: number | null;
  sort_date: string;
  public_from: string;
  language: string | null;
  audience: string | null;
  publication_title: string | null;
};

type PageKey = { rank: number; sortDate: string; doc: number };

/**
 * A topic page lists briefings, then plain-language summaries, then publications: a policymaker comes to a topic for
 * what was written for them, then for the evidence in plain words, then for the papers themselves.
 */
const KIND_RANK = sql`CASE d.kind WHEN 'briefings' THEN 0 WHEN 'lay-summaries' THEN 1 ELSE 2 END`;

const ITEM_COLUMNS = sql`d.id AS doc, ${KIND_RANK} AS rank, d.kind, d.item_id, d.title, d.people, d.year, d.sort_date,
  max(d.publish_at, coalesce(d.parent_publish_at, '')) AS public_from, d.language,
  (SELECT b.audience FROM briefings AS b WHERE b.id = d.item_id) AS audience,
  (SELECT p.title FROM lay_summaries AS l JOIN publications AS p ON p.id = l.publication_id WHERE l.id = d.item_id) AS publication_title`;

/** The public items `where` chooses, after `after`, by kind rank then newest first, one more than a page to see if there is a next. */
export function itemPageQuery(where: SQL, now: string, after: PageKey | undefined): SQL {
  const conditions = [isPublicNow(now), where];
  if (after) {
    conditions.push(sql`(${KIND_RANK} > ${after.rank} OR (${KIND_RANK} = ${after.rank} AND (d.sort_date < ${after.sortDate}
      OR (d.sort_date = ${after.sortDate} AND d.id < ${after.doc}))))`);
  }
  return sql`SELECT ${ITEM_COLUMNS} FROM search_documents AS d WHERE ${sql.join(conditions, sql` AND `)}
    ORDER BY rank, d.sort_date DESC, d.id DESC LIMIT ${BROWSE_PAGE_SIZE + 1}`;
}

/** A browse cursor's key: the kind rank, date and document of the last item shown. */
function readPageKey([rank, sortDate, doc, ...rest]: unknown[]): PageKey | undefined {
  return rest.length === 0 && Number.isInteger(rank) && typeof sortDate === "string" && Number.isInteger(doc)
    ? { rank: rank as number, sortDate, doc: doc as number }
    : undefined;
}

/** Where the page after `cursor` starts; a cursor another list gave, or a hand-edited one, is refused (`invalid`). */
export function decodeBrowseCursor(list: string, cursor: string | undefined): PageKey | undefined {
  return cursor === undefined || cursor === "" ? undefined : decodeCursor(list, cursor, readPageKey);
}

export function toPage(list: string, rows: ItemRow[]): BrowsePage {
  const items = rows.slice(0, BROWSE_PAGE_SIZE);
  const last = items[items.length - 1];
  return {
    items: items.map((row) => ({
      kind: row.kind,
      itemId: row.item_id,
      title: row.title,
      people: row.people === "" ? [] : row.people.split("; "),
      year: row.year,
      publicFrom: row.public_from,
      language: row.language,
      audience: row.audience,
      publicationTitle: row.publication_title,
    })),
    nextCursor: rows.length > BROWSE_PAGE_SIZE && last ? encodeCursor(list, [last.rank, last.sort_date, last.doc]) : null,
  };
}

/** The ids of a topic's items, by the link tables feeds use. */
const topicItemIds = (topicId: SQL) => sql`SELECT publication_id FROM publication_topics WHERE topic_id = ${topicId}
  UNION ALL SELECT briefing_id FROM briefing_topics WHERE topic_id = ${topicId}
  UNION ALL SELECT lay_summary_id FROM lay_summary_topics WHERE topic_id = ${topicId}`;

/** Every topic by name, with how many items on it are public now. */
export async function listTopicSummaries(db: Database): Promise<TopicSummary[]> {
  return db.all<TopicSummary>(sql`SELECT t.slug, t.name, t.description,
      (SELECT count(*) FROM search_documents AS d WHERE d.item_id IN (${topicItemIds(sql`t.id`)}) AND ${isPublicNow(nowIso())}) AS count
    FROM topics AS t ORDER BY t.name`);
}

/** A page of one kind's public items, newest first. */
export async function listKindPage(db: Database, kind: ItemKind, cursor: string | undefined): Promise<BrowsePage> {
  const list = `kind:${kind}`;
  const [rows] = await readBatch<[ItemRow]>(db, [itemPageQuery(sql`d.kind = ${kind}`, nowIso(), decodeBrowseCursor(list, cursor))]);
  return toPage(list, rows);
}

/** A topic and a page of its public items (briefings, lay summaries, publications, each newest first), or undefined for no such topic. */
export async function findTopicPage(db: Database, slug: string, cursor: string | undefined): Promise<{ topic: TopicSummary; page: BrowsePage } | undefined> {
  const list = `topic:${slug}`;
  const now = nowIso();
  const topicId = sql`(SELECT id FROM topics WHERE slug = ${slug})`;
  const [topics, rows] = await readBatch<[TopicSummary, ItemRow]>(db, [
    sql`SELECT t.slug, t.name, t.description,
        (SELECT count(*) FROM search_documents AS d WHERE d.item_id IN (${topicItemIds(sql`t.id`)}) AND ${isPublicNow(now)}) AS count
      FROM topics AS t WHERE t.slug = ${slug}`,
    itemPageQuery(sql`d.item_id IN (${topicItemIds(topicId)})`, now, decodeBrowseCursor(list, cursor)),
  ]);
  if (topics.length === 0) return undefined;
  return { topic: topics[0], page: toPage(list, rows) };
}

/**
 * A person, a page of their public publications newest first, and the public lay summaries of those; undefined when
 * there is no such person or nothing of theirs is public (a name known only from a draft is not told).
 */
export async function findPersonPage(
  db: Database,
  personId: string,
  cursor: string | undefined,
): Promise<{ person: PersonSummary; page: BrowsePage; laySummaries: LaySummaryLink[] } | undefined> {
  const list = `person:${personId}`;
  const now = nowIso();
  const works = sql`d.kind = 'publications' AND d.item_id IN (SELECT publication_id FROM publication_authors WHERE person_id = ${personId})`;
  const pageQuery = itemPageQuery(works, now, decodeBrowseCursor(list, cursor));
  const [people, rows, summaries] = await readBatch<[PersonSummary, ItemRow, LaySummaryLink]>(db, [
    sql`SELECT id, name, orcid FROM people WHERE id = ${personId} AND ${isPublicPerson(sql`people.id`, now)}`,
    pageQuery,
    sql`SELECT d.item_id AS itemId, d.title, d.language, l.publication_id AS publicationId
      FROM search_documents AS d JOIN lay_summaries AS l ON l.id = d.item_id
      WHERE d.kind = 'lay-summaries' AND ${isPublicNow(now)} AND l.publication_id IN (SELECT page.item_id FROM (${pageQuery}) AS page)
      ORDER BY d.language, d.title`,
  ]);
  if (people.length === 0) return undefined;
  return { person: people[0], page: toPage(list, rows), laySummaries: summaries };
}
