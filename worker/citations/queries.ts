// Stored citations: read one, find what is missing, write many (one statement per batch of publications).
import { and, eq, sql } from "drizzle-orm";
import { citations } from "../../schema/tables";
import { asJsonParameter, chunkByJsonSize, type Database } from "../db/client";
import type { CslItem, RenderedStyle } from "./citation-js";

export async function findCitation(db: Database, publicationId: string, style: RenderedStyle): Promise<string | undefined> {
  const row = await db
    .select({ body: citations.body })
    .from(citations)
    .where(and(eq(citations.publicationId, publicationId), eq(citations.style, style)))
    .get();
  return row?.body;
}

export async function listCslItems(db: Database, publicationIds: readonly string[]): Promise<{ id: string; csl: CslItem }[]> {
  const rows = await db.all<{ id: string; csl: string }>(
    sql`SELECT id, csl FROM publications WHERE id IN (SELECT value FROM json_each(${asJsonParameter(publicationIds)}))`,
  );
  return rows.map((row) => ({ id: row.id, csl: JSON.parse(row.csl) as CslItem }));
}

export type RenderedCitation = { publicationId: string; style: RenderedStyle; body: string };

/** In runs under D1's 2 MB a value: BibTeX and RIS citations carry the whole abstract. */
export async function saveCitations(db: Database, rendered: readonly RenderedCitation[], now: string): Promise<void> {
  for (const chunk of chunkByJsonSize(rendered)) await saveCitationChunk(db, chunk, now);
}

async function saveCitationChunk(db: Database, rendered: readonly RenderedCitation[], now: string): Promise<void> {
  await db.run(sql`INSERT INTO citations (publication_id, style, body, rendered_at)
    SELECT json_extract(value, '$.publicationId'), json_extract(value, '$.style'), json_extract(value, '$.body'), ${now}
    FROM json_each(${JSON.stringify(rendered)}) WHERE true
    ON CONFLICT (publication_id, style) DO UPDATE SET body = excluded.body, rendered_at = excluded.rendered_at`);
}
