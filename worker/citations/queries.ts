// Stored citations: read one, find what is missing, write many (one statement per batch of publications).
import { and, eq, sql } from "drizzle-orm";
import { citations } from "../../schema/tables";
import { asJsonParameter, chunkByJsonSize, type Database, runBatch } from "../db/client";
import type { RenderedStyle } from "./citation-js";

/** A stored style of one publication: `error` says why it could not be rendered (body is "" then), null when it was. */
export type StoredCitation = { publicationId: string; style: RenderedStyle; body: string; error: string | null };

export async function findCitation(db: Database, publicationId: string, style: RenderedStyle): Promise<{ body: string; error: string | null } | undefined> {
  return db
    .select({ body: citations.body, error: citations.error })
    .from(citations)
    .where(and(eq(citations.publicationId, publicationId), eq(citations.style, style)))
    .get();
}

/** The styles stored for a publication that rendered (not those recorded as failed). */
export async function listRenderedStyles(db: Database, publicationId: string): Promise<string[]> {
  const rows = await db.all<{ style: string }>(
    sql`SELECT style FROM citations WHERE publication_id = ${publicationId} AND error IS NULL ORDER BY style`,
  );
  return rows.map((row) => row.style);
}

/** Each publication's CSL-JSON as stored: parsed by the caller, so one unreadable record fails alone. */
export async function listCslItems(db: Database, publicationIds: readonly string[]): Promise<{ id: string; csl: string }[]> {
  return db.all<{ id: string; csl: string }>(
    sql`SELECT id, csl FROM publications WHERE id IN (SELECT value FROM json_each(${asJsonParameter(publicationIds)}))`,
  );
}

/** In runs under D1's 2 MB a value: BibTeX and RIS citations carry the whole abstract. */
export async function saveCitations(db: Database, stored: readonly StoredCitation[], now: string): Promise<void> {
  for (const chunk of chunkByJsonSize(stored)) await saveCitationChunk(db, chunk, now);
}

/**
 * Pages show citations, so their validators follow `max(rendered_at)` (worker/db/data-version.ts): a page first shown
 * while its citations were still being prepared is sent again, not answered 304, once they are stored. runBatch makes
 * this isolate read the version again at once.
 */
async function saveCitationChunk(db: Database, stored: readonly StoredCitation[], now: string): Promise<void> {
  await runBatch(db, [
    sql`INSERT INTO citations (publication_id, style, body, error, rendered_at)
      SELECT json_extract(value, '$.publicationId'), json_extract(value, '$.style'), json_extract(value, '$.body'), json_extract(value, '$.error'), ${now}
      FROM json_each(${JSON.stringify(stored)}) WHERE true
      ON CONFLICT (publication_id, style) DO UPDATE SET body = excluded.body, error = excluded.error, rendered_at = excluded.rendered_at`,
  ]);
}
