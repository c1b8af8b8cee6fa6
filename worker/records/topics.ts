// Topics on items: slugs in requests become topic ids, and each page of items gets its topics in one query.
import { sql, type SQL } from "drizzle-orm";
import type { ItemKind } from "../../schema/vocabularies";
import { asJsonParameter, type Database, type Statement } from "../db/client";
import { RepositoryError } from "../errors";

const TOPIC_LINKS: Record<ItemKind, { table: string; itemColumn: string }> = {
  publications: { table: "publication_topics", itemColumn: "publication_id" },
  briefings: { table: "briefing_topics", itemColumn: "briefing_id" },
  "lay-summaries": { table: "lay_summary_topics", itemColumn: "lay_summary_id" },
};

export type TopicRef = { slug: string; name: string };

/**
 * The ids of `slugs` among the `known` topics, or a 422 naming every unknown slug and the known ones, so the caller
 * can correct the request in one go. `path` is the request field the slugs came from.
 */
export function topicIdsFor(known: readonly { id: number; slug: string }[], slugs: readonly string[], path: string): number[] {
  const bySlug = new Map(known.map((t) => [t.slug, t.id]));
  const unknown = slugs.filter((s) => !bySlug.has(s));
  if (unknown.length > 0) {
    const knownSlugs = known.map((t) => t.slug).sort();
    throw new RepositoryError("invalid", `Unknown topic ${unknown.map((s) => `'${s}'`).join(", ")}. Known topics: ${knownSlugs.join(", ")}.`, {
      errors: unknown.map((s) => ({ path, message: `unknown topic '${s}'` })),
    });
  }
  return [...new Set(slugs.map((s) => bySlug.get(s)!))];
}

export async function resolveTopicIds(db: Database, slugs: readonly string[]): Promise<number[]> {
  if (slugs.length === 0) return [];
  return topicIdsFor(await db.all<{ id: number; slug: string }>(sql`SELECT id, slug FROM topics`), slugs, "topics");
}

export async function listTopicsFor(db: Database, kind: ItemKind, itemIds: readonly string[]): Promise<Map<string, TopicRef[]>> {
  return groupTopics(await db.all<TopicRow>(topicsForQuery(kind, sql`SELECT value FROM json_each(${asJsonParameter(itemIds)})`)));
}

export type TopicRow = { item_id: string; slug: string; name: string };

/** The topics of the items a one-column subquery names (`itemIds`), for a caller that reads them in its own batch. */
export function topicsForQuery(kind: ItemKind, itemIds: SQL): SQL {
  const link = TOPIC_LINKS[kind];
  return sql`SELECT l.${sql.identifier(link.itemColumn)} AS item_id, t.slug, t.name
    FROM ${sql.identifier(link.table)} AS l JOIN topics AS t ON t.id = l.topic_id
    WHERE l.${sql.identifier(link.itemColumn)} IN (${itemIds})
    ORDER BY t.name`;
}

export function groupTopics(rows: readonly TopicRow[]): Map<string, TopicRef[]> {
  const byItem = new Map<string, TopicRef[]>();
  for (const row of rows) {
    const list = byItem.get(row.item_id) ?? [];
    list.push({ slug: row.slug, name: row.name });
    byItem.set(row.item_id, list);
  }
  return byItem;
}

/** The statements that make an item's topics exactly `topicIds` (for a batch alongside the item's own write). */
export function replaceTopicsStatements(kind: ItemKind, itemId: string, topicIds: readonly number[]): Statement[] {
  const link = TOPIC_LINKS[kind];
  return [
    sql`DELETE FROM ${sql.identifier(link.table)} WHERE ${sql.identifier(link.itemColumn)} = ${itemId}`,
    sql`INSERT INTO ${sql.identifier(link.table)} (${sql.identifier(link.itemColumn)}, topic_id)
        SELECT ${itemId}, value FROM json_each(${asJsonParameter(topicIds)})`,
  ];
}

/** The ids of a topic's items, whatever their kind (each link table has an index on its topic). */
export function topicItemIdsQuery(slug: string): SQL {
  return sql`SELECT publication_id FROM publication_topics WHERE topic_id = (SELECT id FROM topics WHERE slug = ${slug})
    UNION ALL SELECT briefing_id FROM briefing_topics WHERE topic_id = (SELECT id FROM topics WHERE slug = ${slug})
    UNION ALL SELECT lay_summary_id FROM lay_summary_topics WHERE topic_id = (SELECT id FROM topics WHERE slug = ${slug})`;
}
