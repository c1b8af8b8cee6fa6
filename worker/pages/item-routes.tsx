// HTTP for each item's page: a publication, a policy briefing or a lay summary, or its tombstone.
import { type Context, Hono } from "hono";
import { BriefingPage, LaySummaryPage, PublicationPage, SHOWN_STYLES, WithdrawnPage } from "../../web/pages/item";
import type { ItemKind } from "../../schema/vocabularies";
import { nowIso, openDatabase } from "../db/client";
import type { AppEnv } from "../env";
import { alternatesFor } from "../feeds/alternates";
import { loadBriefings } from "../records/briefings";
import { listCitationTexts, listPublicBriefingsCiting, listPublicLaySummariesOf } from "../records/item-page-queries";
import { loadLaySummaries } from "../records/lay-summaries";
import { loadPublications } from "../records/publications";
import { type PublicState, publicStateQuery } from "../records/public-documents";

export const itemPages = new Hono<AppEnv>();

const SHOWN = SHOWN_STYLES.map((s) => s.style);

/** Each publication's stored APA text, where it rendered. */
async function listApaTexts(db: ReturnType<typeof openDatabase>, ids: readonly string[]): Promise<Map<string, string>> {
  const stored = await listCitationTexts(db, ids, ["apa"]);
  const apa = new Map<string, string>();
  for (const [id, texts] of stored) {
    const found = texts.find((t) => t.error === null && t.body !== "");
    if (found) apa.set(id, found.body);
  }
  return apa;
}

/**
 * An item's page while it is public (a lay summary only while its publication is too), its tombstone (410) once it was
 * withdrawn after being public, as feeds and OAI-PMH tell it; 404 for anything never public. Its feeds: its topics'
 * and (for a publication) its authors'.
 */
async function itemPage(c: Context<AppEnv>, kind: ItemKind) {
  const db = openDatabase(c.env.DB);
  const id = c.req.param("id") ?? "";
  const now = nowIso();
  const [shown] = await db.all<PublicState>(publicStateQuery(kind, id, now));
  if (!shown) return c.notFound();
  const siteName = c.env.SITE_NAME;
  const origin = new URL(c.req.url).origin;
  if (shown.state === "withdrawn") {
    const reason = shown.withdrawal_reason ?? "no reason was recorded.";
    const tombstone = { siteName, title: shown.title || "Untitled", withdrawnAt: shown.withdrawn_at ?? "", reason };
    if (kind !== "publications") return c.html(<WithdrawnPage {...tombstone} />, 410);
    const [[item], apa] = await Promise.all([loadPublications(db, [id]), listApaTexts(db, [id])]);
    return c.html(<WithdrawnPage {...tombstone} publication={item && { item, apa: apa.get(id) }} />, 410);
  }
  const topicFeeds = (topics: { slug: string; name: string }[]) => topics.flatMap((t) => alternatesFor(t.name, `/feeds/topics/${t.slug}`));
  if (kind === "publications") {
    const [[item], citations, laySummaries, briefings] = await Promise.all([
      loadPublications(db, [id]),
      listCitationTexts(db, [id], SHOWN),
      listPublicLaySummariesOf(db, id, now),
      listPublicBriefingsCiting(db, id, now),
    ]);
    const feeds = [...topicFeeds(item.topics), ...item.authors.flatMap((a) => alternatesFor(a.name, `/feeds/people/${a.id}`))];
    return c.html(
      <PublicationPage siteName={siteName} origin={origin} item={item} feeds={feeds} citations={citations.get(id) ?? []} laySummaries={laySummaries} briefings={briefings} />,
    );
  }
  if (kind === "briefings") {
    const [item] = await loadBriefings(db, [id]);
    const paperIds = item.publications.map((p) => p.id);
    const [papers, apa] = await Promise.all([loadPublications(db, paperIds), listApaTexts(db, paperIds)]);
    return c.html(<BriefingPage siteName={siteName} origin={origin} item={item} feeds={topicFeeds(item.topics)} evidence={papers} apa={apa} />);
  }
  const [item] = await loadLaySummaries(db, [id]);
  const summaries = await listPublicLaySummariesOf(db, item.publication.id, now);
  const translations = summaries.filter((s) => s.id !== item.id);
  return c.html(<LaySummaryPage siteName={siteName} origin={origin} item={item} feeds={topicFeeds(item.topics)} translations={translations} />);
}

itemPages.get("/publications/:id", (c) => itemPage(c, "publications"));
itemPages.get("/briefings/:id", (c) => itemPage(c, "briefings"));
itemPages.get("/lay-summaries/:id", (c) => itemPage(c, "lay-summaries"));
