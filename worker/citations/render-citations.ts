// Renders and stores every style for a set of publications: the citation queue's work, and the read path's fallback.
import { nowIso, type Database } from "../db/client";
import type { Bindings, CitationJob } from "../env";
import { RepositoryError } from "../errors";
import { type CitationStyle, type CslItem, RENDERED_STYLES, type RenderedStyle, renderCitations } from "./citation-js";
import { findCitation, listCslItems, listRenderedStyles, saveCitations, type StoredCitation } from "./queries";

/** Each style as people name it, for messages. */
const STYLE_NAMES: Record<CitationStyle, string> = {
  apa: "APA",
  vancouver: "Vancouver",
  harvard: "Harvard",
  bibtex: "BibTeX",
  ris: "RIS",
  "csl-json": "CSL-JSON",
};

const listAlternatives = new Intl.ListFormat("en-GB", { type: "disjunction" });

function chunkIds<T>(values: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < values.length; i += size) chunks.push(values.slice(i, i + size));
  return chunks;
}

/** Publications per queue message: 50 entries × 5 styles is about a quarter of a second of rendering. */
export const PUBLICATIONS_PER_JOB = 50;

/**
 * Renders every style of each publication and stores each one, rendered or recorded as failed with the reason: one
 * record citation-js cannot take, or one style it cannot render, costs nothing else. Throws only when D1 does.
 */
export async function renderAndStoreCitations(db: Database, publicationIds: readonly string[]): Promise<number> {
  const stored: StoredCitation[] = [];
  const items: CslItem[] = [];
  for (const { id, csl } of await listCslItems(db, publicationIds)) {
    try {
      items.push({ ...(JSON.parse(csl) as CslItem), id });
    } catch (error) {
      const reason = `its stored CSL-JSON is not valid JSON (${error instanceof Error ? error.message : String(error)})`;
      for (const style of RENDERED_STYLES) stored.push({ publicationId: id, style, body: "", error: reason });
    }
  }
  for (const style of RENDERED_STYLES) {
    for (const [publicationId, { body, error }] of renderCitations(items, style)) stored.push({ publicationId, style, body, error });
  }
  await saveCitations(db, stored, nowIso());
  return stored.length;
}

/**
 * A stored citation, or (when the queue has not reached it yet) one rendered now and stored for next time. A style
 * this record cannot be rendered in is a 422 naming the styles that work for it, never a 500 or an empty 200.
 */
export async function getOrRenderCitation(db: Database, publicationId: string, style: RenderedStyle): Promise<string> {
  let citation = await findCitation(db, publicationId, style);
  if (citation === undefined) {
    await renderAndStoreCitations(db, [publicationId]);
    citation = await findCitation(db, publicationId, style);
  }
  if (citation && citation.error === null) return citation.body;
  const rendered = await listRenderedStyles(db, publicationId);
  const working: CitationStyle[] = [...RENDERED_STYLES.filter((s) => rendered.includes(s)), "csl-json"];
  throw new RepositoryError(
    "unrenderable",
    `This publication's record could not be rendered in the ${STYLE_NAMES[style]} style. ` +
      `It can be cited as ${listAlternatives.format(working.map((s) => `${STYLE_NAMES[s]} (style=${s})`))}.`,
    { style, available_styles: working, reason: citation?.error ?? "no citation was stored for this record" },
  );
}

export async function queueCitationRendering(queue: Bindings["CITATION_QUEUE"], publicationIds: readonly string[]): Promise<void> {
  const jobs = chunkIds(publicationIds, PUBLICATIONS_PER_JOB).map((ids) => ({ body: { publicationIds: ids } satisfies CitationJob }));
  // sendBatch takes at most 100 messages (and 256 KB) a call.
  for (const batch of chunkIds(jobs, 100)) await queue.sendBatch(batch);
}
