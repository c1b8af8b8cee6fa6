// Renders and stores every style for a set of publications: the citation queue's work, and the read path's fallback.
import { nowIso, type Database } from "../db/client";
import type { Bindings, CitationJob } from "../env";
import { RENDERED_STYLES, type RenderedStyle, renderCitations } from "./citation-js";
import { findCitation, listCslItems, saveCitations, type RenderedCitation } from "./queries";

function chunkIds<T>(values: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < values.length; i += size) chunks.push(values.slice(i, i + size));
  return chunks;
}

/** Publications per queue message: 50 entries × 5 styles is about a quarter of a second of rendering. */
export const PUBLICATIONS_PER_JOB = 50;

export async function renderAndStoreCitations(db: Database, publicationIds: readonly string[]): Promise<number> {
  const items = (await listCslItems(db, publicationIds)).map(({ id, csl }) => ({ ...csl, id }));
  const rendered: RenderedCitation[] = [];
  for (const style of RENDERED_STYLES) {
    for (const [publicationId, body] of renderCitations(items, style)) rendered.push({ publicationId, style, body });
  }
  await saveCitations(db, rendered, nowIso());
  return rendered.length;
}

/** A stored citation, or (when the queue has not reached it yet) one rendered now and stored for next time. */
export async function getOrRenderCitation(db: Database, publicationId: string, style: RenderedStyle): Promise<string | undefined> {
  const stored = await findCitation(db, publicationId, style);
  if (stored !== undefined) return stored;
  await renderAndStoreCitations(db, [publicationId]);
  return findCitation(db, publicationId, style);
}

export async function queueCitationRendering(queue: Bindings["CITATION_QUEUE"], publicationIds: readonly string[]): Promise<void> {
  const jobs = chunkIds(publicationIds, PUBLICATIONS_PER_JOB).map((ids) => ({ body: { publicationIds: ids } satisfies CitationJob }));
  // sendBatch takes at most 100 messages (and 256 KB) a call.
  for (const batch of chunkIds(jobs, 100)) await queue.sendBatch(batch);
}
