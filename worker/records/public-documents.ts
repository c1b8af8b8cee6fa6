// What the outside world is told about items, read from their search documents: public now, or withdrawn after being public.
import { sql } from "drizzle-orm";
import type { ItemKind } from "../../schema/vocabularies";

/**
 * Public now: published, and past any embargo (decided at query time, so an embargo ends on time without a write).
 * A lay summary also needs its publication public, as its document holds that publication's title and authors.
 * For a query over `search_documents AS d`.
 */
export const isPublicNow = (now: string) => sql`d.status = 'published' AND d.publish_at <= ${now}
  AND (d.parent_status IS NULL OR (d.parent_status = 'published' AND d.parent_publish_at <= ${now}))`;

/**
 * What feeds and harvesters list: what is public now, and the tombstones of what was public and then withdrawn (a
 * feed shows it as withdrawn with its reason, OAI-PMH as a deleted record), never something that was never public.
 * Both have `publish_at <= now`, which lets SQLite walk the `publish_at` index.
 */
export const isListed = (now: string) => sql`d.publish_at <= ${now} AND (${isPublicNow(now)} OR d.withdrawn_at IS NOT NULL)`;

export type DataVersion = { last_change: number | null; last_change_at: string | null; last_release: string | null };

/**
 * What every public view of the repository depends on, in one cheap read: the last change recorded (every write adds
 * an audit row in its own batch) and the last embargo to have ended (an item appears then without any write).
 */
export function dataVersionQuery(now: string) {
  return sql`SELECT (SELECT max(id) FROM audit_log) AS last_change,
      (SELECT at FROM audit_log ORDER BY id DESC LIMIT 1) AS last_change_at,
      (SELECT max(publish_at) FROM search_documents WHERE publish_at <= ${now}) AS last_release`;
}

/** The page that shows an item: feeds, the sitemap and OAI-PMH records link to it. */
export function itemPagePath(kind: ItemKind, id: string): string {
  return `/${kind}/${id}`;
}
