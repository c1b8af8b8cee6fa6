// What an item's page shows beside the item itself: its stored citations, and the public items that point to it.
import { sql } from "drizzle-orm";
import { asJsonParameter, type Database } from "../db/client";
import { isPublicNow } from "./public-documents";

/** A style's stored text, or why it could not be rendered (`error`); a style not yet rendered has no row. */
export type CitationText = { style: string; body: string; error: string | null };

/** The stored citations of each publication in the styles asked for, by publication id. */
export async function listCitationTexts(db: Database, publicationIds: readonly string[], styles: readonly string[]): Promise<Map<string, CitationText[]>> {
  const byId = new Map<string, CitationText[]>();
  if (publicationIds.length === 0) return byId;
  const rows = await db.all<CitationText & { publication_id: string }>(
    sql`SELECT publication_id, style, body, error FROM citations
        WHERE publication_id IN (SELECT value FROM json_each(${asJsonParameter(publicationIds)}))
          AND style IN (SELECT value FROM json_each(${asJsonParameter(styles)}))`,
  );
  for (const row of rows) byId.set(row.publication_id, [...(byId.get(row.publication_id) ?? []), { style: row.style, body: row.body, error: row.error }]);
  return byId;
}

export type LaySummaryLink = { id: string; language: string; title: string };

/** The public lay summaries of a publication, in every language, by language tag. */
export async function listPublicLaySummariesOf(db: Database, publicationId: string, now: string): Promise<LaySummaryLink[]> {
  return db.all<LaySummaryLink>(
    sql`SELECT l.id, l.language, l.title FROM lay_summaries AS l JOIN search_documents AS d ON d.item_id = l.id AND d.kind = 'lay-summaries'
        WHERE l.publication_id = ${publicationId} AND ${isPublicNow(now)} ORDER BY l.language`,
  );
}

export type BriefingLink = { id: string; title: string; audience: string; publish_at: string | null };

/** The public briefings that cite a publication as evidence, newest first. */
export async function listPublicBriefingsCiting(db: Database, publicationId: string, now: string): Promise<BriefingLink[]> {
  return db.all<BriefingLink>(
    sql`SELECT b.id, b.title, b.audience, b.publish_at FROM briefing_publications AS bp
        JOIN briefings AS b ON b.id = bp.briefing_id
        JOIN search_documents AS d ON d.item_id = b.id AND d.kind = 'briefings'
        WHERE bp.publication_id = ${publicationId} AND ${isPublicNow(now)} ORDER BY b.publish_at DESC, b.id`,
  );
}
