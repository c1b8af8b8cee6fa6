// HTTP for the server-rendered pages: home, each item, the feeds page, the API reference, and the stylesheet.
import { type Context, Hono } from "hono";
import { ApiDocsPage, type OpenApiDocument } from "../../web/pages/api-docs";
import { FeedsPage } from "../../web/pages/feeds";
import { HomePage, type HomeItem } from "../../web/pages/home";
import { BriefingPage, LaySummaryPage, PublicationPage, WithdrawnPage } from "../../web/pages/item";
import type { AlternateFeed } from "../../web/layout";
import { SITE_CSS } from "../../web/static/site-css";
import { api, OPENAPI_CONFIG } from "../api";
import { nowIso, openDatabase } from "../db/client";
import { feedDirectory } from "../feeds/directory";
import { FEED_CONTENT_TYPES, FEED_FORMAT_NAMES, FEED_FORMATS } from "../feeds/render-feeds";
import type { AppEnv } from "../env";
import { listProblemTypes } from "../errors";
import { loadBriefings } from "../records/briefings";
import { loadLaySummaries } from "../records/lay-summaries";
import { listPageIds } from "../records/lifecycle";
import { itemPagePath, type PublicState, publicStateQuery } from "../records/public-documents";
import { TOPICS_QUERY } from "../search/queries";
import type { TopicRow } from "../search/search";
import type { ItemKind } from "../../schema/vocabularies";
import { loadPublications } from "../records/publications";

export const pages = new Hono<AppEnv>();

/** The `<link rel="alternate">` entries for one feed, in every format. */
function alternatesFor(title: string, path: string): AlternateFeed[] {
  return FEED_FORMATS.map((format) => ({
    title: `${title} (${FEED_FORMAT_NAMES[format]})`,
    type: FEED_CONTENT_TYPES[format].split(";")[0],
    href: `${path}.${format}`,
  }));
}

const EVERYTHING_FEEDS = alternatesFor("Everything new", "/feeds/all");

pages.get("/", async (c) => {
  const db = openDatabase(c.env.DB);
  const newest = async (kind: "publications" | "briefings" | "lay-summaries") => (await listPageIds(db, kind, undefined, { limit: 5 })).ids;
  const publications: HomeItem[] = (await loadPublications(db, await newest("publications"))).map((p) => ({
    title: p.title ?? `Untitled (${[p.container_title, p.year].filter(Boolean).join(", ")})`,
    href: itemPagePath("publications", p.id),
    meta: [p.authors.map((a) => a.name).join(", "), p.year, p.container_title].filter(Boolean).join(" · "),
  }));
  const briefings: HomeItem[] = (await loadBriefings(db, await newest("briefings"))).map((b) => ({
    title: b.title,
    href: itemPagePath("briefings", b.id),
    meta: `For ${b.audience}`,
  }));
  const laySummaries: HomeItem[] = (await loadLaySummaries(db, await newest("lay-summaries"))).map((l) => ({
    title: l.title,
    href: itemPagePath("lay-summaries", l.id),
    meta: `Summary of: ${l.publication.title ?? "an untitled publication"}`,
  }));
  return c.html(<HomePage siteName={c.env.SITE_NAME} feeds={EVERYTHING_FEEDS} publications={publications} briefings={briefings} laySummaries={laySummaries} />);
});

pages.get("/api/docs", (c) => {
  const document = api.getOpenAPI31Document(OPENAPI_CONFIG) as unknown as OpenApiDocument;
  return c.html(<ApiDocsPage siteName={c.env.SITE_NAME} document={document} problems={listProblemTypes()} />);
});

pages.get("/static/site.css", (c) => c.body(SITE_CSS, 200, { "content-type": "text/css; charset=utf-8", "cache-control": "public, max-age=3600" }));

pages.get("/feeds", async (c) => {
  const topics = await openDatabase(c.env.DB).all<TopicRow>(TOPICS_QUERY);
  return c.html(<FeedsPage siteName={c.env.SITE_NAME} groups={feedDirectory(new URL(c.req.url).origin, topics)} alternates={EVERYTHING_FEEDS} />);
});

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

pages.get("/publications/:id", (c) => itemPage(c, "publications"));
pages.get("/briefings/:id", (c) => itemPage(c, "briefings"));
pages.get("/lay-summaries/:id", (c) => itemPage(c, "lay-summaries"));
