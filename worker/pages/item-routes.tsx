// HTTP for each item's page: a publication, a policy briefing or a lay summary, or its tombstone.
import { type Context, Hono } from "hono";
import { BriefingPage, LaySummaryPage, PublicationPage, WithdrawnPage } from "../../web/pages/item";
import type { ItemKind } from "../../schema/vocabularies";
import { nowIso, openDatabase } from "../db/client";
import type { AppEnv } from "../env";
import { loadBriefings } from "../records/briefings";
import { loadLaySummaries } from "../records/lay-summaries";
import { loadPublications } from "../records/publications";
import { type PublicState, publicStateQuery } from "../records/public-documents";
import { alternatesFor } from "../feeds/alternates";

export const itemPages = new Hono<AppEnv>();

/**
 * An item's page while it is public (a lay summary only while its publication is too), its tombstone (410) once it was
 * withdrawn after being public, as feeds and OAI-PMH tell it; 404 for anything never public. Its feeds: its topics'
 * and (for a publication) its authors'.
 */
async function itemPage(c: Context<AppEnv>, kind: ItemKind) {
  const db = openDatabase(c.env.DB);
  const id = c.req.param("id") ?? "";
  const [shown] = await db.all<PublicState>(publicStateQuery(kind, id, nowIso()));
  if (!shown) return c.notFound();
  if (shown.state === "withdrawn") {
    const reason = shown.withdrawal_reason ?? "no reason was recorded.";
    return c.html(<WithdrawnPage siteName={c.env.SITE_NAME} title={shown.title || "Untitled"} withdrawnAt={shown.withdrawn_at ?? ""} reason={reason} />, 410);
  }
  const topicFeeds = (topics: { slug: string; name: string }[]) => topics.flatMap((t) => alternatesFor(t.name, `/feeds/topics/${t.slug}`));
  const siteName = c.env.SITE_NAME;
  if (kind === "publications") {
    const [item] = await loadPublications(db, [id]);
    const feeds = [...topicFeeds(item.topics), ...item.authors.flatMap((a) => alternatesFor(a.name, `/feeds/people/${a.id}`))];
    return c.html(<PublicationPage siteName={siteName} item={item} feeds={feeds} />);
  }
  if (kind === "briefings") {
    const [item] = await loadBriefings(db, [id]);
    return c.html(<BriefingPage siteName={siteName} item={item} feeds={topicFeeds(item.topics)} />);
  }
  const [item] = await loadLaySummaries(db, [id]);
  return c.html(<LaySummaryPage siteName={siteName} item={item} feeds={topicFeeds(item.topics)} />);
}

itemPages.get("/publications/:id", (c) => itemPage(c, "publications"));
itemPages.get("/briefings/:id", (c) => itemPage(c, "briefings"));
itemPages.get("/lay-summaries/:id", (c) => itemPage(c, "lay-summaries"));
