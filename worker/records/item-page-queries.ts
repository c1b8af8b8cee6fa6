// What an item's page reads, in one D1 batch per page: the item, its stored citations, and the public items that point to it.
import { type SQL, sql } from "drizzle-orm";
import { type Database, readBatch } from "../db/client";
import { correctionsOfPublicationQuery, type EvidenceNotice, noticeIsListed, noticesOfBriefingsQuery, type PublicationCorrection } from "./evidence-notices";
import { type EquityRow, type EquityTags, equityTagsForQuery, groupEquityTags } from "./equity";
import { type BriefingRows, briefingQueries, shapeBriefings } from "./briefings";
import { type LaySummaryRows, laySummaryQueries, shapeLaySummaries } from "./lay-summaries";
import { type PublicationRows, publicationQueries, shapePublications } from "./publications";
import { isPublicItem, isPublicNow, type PublicState, publicStateQuery } from "./public-documents";
import type { BriefingJson, LaySummaryJson, PublicationJson } from "./schemas";

/** A style's stored text, or why it could not be rendered (`error`); a style not yet rendered has no row. */
export type CitationText = { style: string; body: string; error: string | null };
type CitationRow = CitationText & { publication_id: string };

/** The styles a publication's page shows as text; a briefing's reference list needs only APA. */
const PAGE_STYLES = ["apa", "vancouver", "harvard"];

/** The stored citations of the publications a one-column subquery names, in the styles asked for. */
function citationTextsQuery(publicationIds: SQL, styles: readonly string[]): SQL {
  return sql`SELECT publication_id, style, body, error FROM citations
    WHERE publication_id IN (${publicationIds}) AND style IN (${sql.join(styles.map((s) => sql`${s}`), sql`, `)})`;
}

function groupCitations(rows: readonly CitationRow[]): Map<string, CitationText[]> {
  const byId = new Map<string, CitationText[]>();
  for (const row of rows) byId.set(row.publication_id, [...(byId.get(row.publication_id) ?? []), { style: row.style, body: row.body, error: row.error }]);
  return byId;
}

/** Each publication's stored APA text, where it rendered. */
function pickApaTexts(rows: readonly CitationRow[]): Map<string, string> {
  const apa = new Map<string, string>();
  for (const row of rows) if (row.style === "apa" && row.error === null && row.body !== "") apa.set(row.publication_id, row.body);
  return apa;
}

export type LaySummaryLink = { id: string; language: string; title: string };

/** The public lay summaries of the publication a subquery names, in every language, by language tag. */
function publicLaySummariesOfQuery(publicationId: SQL, now: string): SQL {
  return sql`SELECT l.id, l.language, l.title FROM lay_summaries AS l JOIN search_documents AS d ON d.item_id = l.id AND d.kind = 'lay-summaries'
    WHERE l.publication_id = (${publicationId}) AND ${isPublicNow(now)} ORDER BY l.language`;
}

export type BriefingLink = { id: string; title: string; audience: string; publish_at: string | null };

/** The public briefings that cite a publication as evidence, newest first. */
function publicBriefingsCitingQuery(publicationId: string, now: string): SQL {
  return sql`SELECT b.id, b.title, b.audience, b.publish_at FROM briefing_publications AS bp
    JOIN briefings AS b ON b.id = bp.briefing_id
    JOIN search_documents AS d ON d.item_id = b.id AND d.kind = 'briefings'
    WHERE bp.publication_id = ${publicationId} AND ${isPublicNow(now)} ORDER BY b.publish_at DESC, b.id`;
}

/** One item's public state (public, or its tombstone), read first in every page's batch; undefined: nothing to show. */
type Shown<T> = { state: PublicState; item: T } | undefined;

const one = (id: string) => sql`SELECT ${id}`;

export type PublicationPageData = NonNullable<Shown<PublicationJson>> & {
  citations: CitationText[];
  apa: string | undefined;
  laySummaries: LaySummaryLink[];
  briefings: BriefingLink[];
  corrections: PublicationCorrection[];
};

/** Everything a publication's page (or its tombstone) shows, in one round trip. */
export async function readPublicationPage(db: Database, id: string, now: string): Promise<PublicationPageData | undefined> {
  const [[state], rows, authors, topics, equity, citations, laySummaries, briefings, corrections] = await readBatch<
    [PublicState, ...PublicationRows, CitationRow, LaySummaryLink, BriefingLink, PublicationCorrection]
  >(db, [
    publicStateQuery("publications", id, now),
    ...publicationQueries(one(id)),
    citationTextsQuery(one(id), PAGE_STYLES),
    publicLaySummariesOfQuery(one(id), now),
    publicBriefingsCitingQuery(id, now),
    correctionsOfPublicationQuery(id),
  ]);
  const [item] = shapePublications([id], [rows, authors, topics, equity]);
  if (!state || !item) return undefined;
  return { state, item, citations: groupCitations(citations).get(id) ?? [], apa: pickApaTexts(citations).get(id), laySummaries, briefings, corrections };
}

export type BriefingPageData = NonNullable<Shown<BriefingJson>> & { evidence: PublicationJson[]; apa: Map<string, string>; notices: EvidenceNotice[] };

/** Everything a briefing's page shows, its public evidence and the changes to it included, in one round trip. */
export async function readBriefingPage(db: Database, id: string, now: string): Promise<BriefingPageData | undefined> {
  // The papers are those `briefingQueries` lists as public evidence; read beside it rather than after it.
  const paperIds = sql`SELECT bp.publication_id FROM briefing_publications AS bp
    WHERE bp.briefing_id = ${id} AND ${isPublicItem(sql`bp.publication_id`, now)}`;
  const [[state], rows, evidence, topics, equity, papers, authors, paperTopics, paperEquity, citations, notices] = await readBatch<
    [PublicState, ...BriefingRows, ...PublicationRows, CitationRow, EvidenceNotice]
  >(db, [
    publicStateQuery("briefings", id, now),
    ...briefingQueries(one(id), now),
    ...publicationQueries(paperIds),
    citationTextsQuery(paperIds, ["apa"]),
    noticesOfBriefingsQuery(one(id), noticeIsListed(now)),
  ]);
  const [item] = shapeBriefings([id], [rows, evidence, topics, equity]);
  if (!state || !item) return undefined;
  const shown = shapePublications(
    item.publications.map((p) => p.id),
    [papers, authors, paperTopics, paperEquity],
  );
  return { state, item, evidence: shown, apa: pickApaTexts(citations), notices };
}

export type LaySummaryPageData = NonNullable<Shown<LaySummaryJson>> & { translations: LaySummaryLink[]; paperEquity: EquityTags };

/** A lay summary's page: it, and the public summaries of its paper in other languages, in one round trip. */
export async function readLaySummaryPage(db: Database, id: string, now: string): Promise<LaySummaryPageData | undefined> {
  const paperId = sql`SELECT publication_id FROM lay_summaries WHERE id = ${id}`;
  const [[state], rows, topics, equity, summaries, paperEquity] = await readBatch<[PublicState, ...LaySummaryRows, LaySummaryLink, EquityRow]>(db, [
    publicStateQuery("lay-summaries", id, now),
    ...laySummaryQueries(one(id), now),
    publicLaySummariesOfQuery(paperId, now),
    equityTagsForQuery(paperId),
  ]);
  const [item] = shapeLaySummaries([id], [rows, topics, equity]);
  if (!state || !item) return undefined;
  const paperTags = [...groupEquityTags(paperEquity).values()][0] ?? {};
  return { state, item, translations: summaries.filter((s) => s.id !== id), paperEquity: paperTags };
}

