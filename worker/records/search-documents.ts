// Keeps search in step with every write: the statements that rebuild items' search documents, for the same batch.
import { type SQL, sql } from "drizzle-orm";
import type { ItemKind } from "../../schema/vocabularies";
import { asJsonParameter, type Statement } from "../db/client";

/** The view that defines each kind's search documents (migration 0004). */
const SOURCES: Record<ItemKind, string> = {
  publications: "publication_search_sources",
  briefings: "briefing_search_sources",
  "lay-summaries": "lay_summary_search_sources",
};

/** `ids`: a one-column subquery naming the items (or, with `publication_id`, the publications whose lay summaries) to rebuild. */
function upsertDocuments(view: string, keyColumn: "item_id" | "publication_id", ids: SQL): Statement {
  return sql`INSERT INTO search_documents (kind, item_id, title, people, body, subjects, doi, year, language, sort_date,
      topic_ids, person_ids, status, publish_at, parent_status, parent_publish_at, withdrawn_at, withdrawal_reason, changed_at, news_at)
    SELECT kind, item_id, title, people, body, subjects, doi, year, language, sort_date, topic_ids, person_ids, status,
      publish_at, parent_status, parent_publish_at, withdrawn_at, withdrawal_reason, changed_at, news_at
    FROM ${sql.identifier(view)} WHERE ${sql.identifier(keyColumn)} IN (${ids}) ORDER BY item_id
    ON CONFLICT (item_id) DO UPDATE SET title = excluded.title, people = excluded.people, body = excluded.body,
      subjects = excluded.subjects, doi = excluded.doi, year = excluded.year, language = excluded.language,
      sort_date = excluded.sort_date, topic_ids = excluded.topic_ids, person_ids = excluded.person_ids,
      status = excluded.status, publish_at = excluded.publish_at, parent_status = excluded.parent_status,
      parent_publish_at = excluded.parent_publish_at, withdrawn_at = excluded.withdrawn_at,
      withdrawal_reason = excluded.withdrawal_reason, changed_at = excluded.changed_at, news_at = excluded.news_at`;
}

/**
 * Upserts the search documents of `itemIds`. Put these last in the batch that changes the items, so they read what
 * that batch wrote: the item is found, changed or gone on the very next search. A publication's lay summaries are
 * rebuilt with it, since their documents carry its title, authors and lifecycle. An upsert, not `INSERT OR REPLACE`: REPLACE
 * deletes without firing the delete trigger, which would leave the full-text index out of step.
 */
export function indexItemsStatements(kind: ItemKind, itemIds: readonly string[]): Statement[] {
  return indexItemsInStatements(kind, sql`SELECT value FROM json_each(${asJsonParameter(itemIds)})`);
}

/**
 * `indexItemsStatements` for the items a one-column subquery names, for a write that changes items it does not list
 * (a withdrawal touches every briefing citing the paper): the subquery is read inside the batch, so none is missed.
 */
export function indexItemsInStatements(kind: ItemKind, itemIds: SQL): Statement[] {
  const statements = [upsertDocuments(SOURCES[kind], "item_id", itemIds)];
  if (kind === "publications") statements.push(upsertDocuments(SOURCES["lay-summaries"], "publication_id", itemIds));
  return statements;
}
