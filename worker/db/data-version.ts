// What every public view depends on, read cheaply and remembered briefly by each isolate: the validators of feeds and sitemaps.
import { sql } from "drizzle-orm";
import type { Database } from "./client";

export type DataVersion = {
  /** The last change recorded: every write adds an audit row in its own batch. */
  last_change: number | null;
  last_change_at: string | null;
  /** The last time something became public or was withdrawn without a write of its own (an embargo's end). */
  last_release: string | null;
  /** The next embargo to end: the version changes then, without any write. */
  next_release: string | null;
  /**
   * When citations were last stored (by the queue, in the background). Only pages show citations, so only their
   * validators follow it: feeds, OAI-PMH and the sitemap do not change when a citation is rendered.
   */
  last_render: string | null;
};

function dataVersionQuery(now: string) {
  return sql`SELECT (SELECT max(id) FROM audit_log) AS last_change,
      (SELECT at FROM audit_log ORDER BY id DESC LIMIT 1) AS last_change_at,
      (SELECT max(news_at) FROM search_documents WHERE news_at <= ${now}) AS last_release,
      (SELECT min(news_at) FROM search_documents WHERE news_at > ${now}) AS next_release,
      (SELECT max(rendered_at) FROM citations) AS last_render`;
}

/**
 * How long an isolate answers conditional requests from the version it last read. A write in the same isolate forgets it
 * at once (runBatch), and an embargo ending does too; a write in another isolate is seen within this time. Feeds may be
 * cached for five minutes anyway (Cache-Control), and a 304 then costs no round trip to D1.
 */
const TRUSTED_FOR_MS = 5_000;

let remembered: { version: DataVersion; until: number } | undefined;

export async function currentDataVersion(db: Database, now = new Date()): Promise<DataVersion> {
  if (remembered && now.getTime() < remembered.until) return remembered.version;
  const version = (await db.get<DataVersion>(dataVersionQuery(now.toISOString())))!;
  const nextRelease = version.next_release === null ? Infinity : Date.parse(version.next_release);
  remembered = { version, until: Math.min(now.getTime() + TRUSTED_FOR_MS, nextRelease) };
  return version;
}

/** After a write: the next request reads the version again. */
export function forgetDataVersion(): void {
  remembered = undefined;
}

/** When anything public last changed (a write or an embargo's end), as ISO text; the epoch for an empty repository. */
export function lastChangedAt(version: DataVersion): string {
  const times = [version.last_change_at, version.last_release].filter((t): t is string => t !== null);
  return times.length === 0 ? new Date(0).toISOString() : times.reduce((a, b) => (a > b ? a : b));
}
