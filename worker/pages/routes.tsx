// HTTP for the server-rendered pages: home, the feeds page, the API reference, and the stylesheet.
import { Hono } from "hono";
import { ApiDocsPage, type OpenApiDocument } from "../../web/pages/api-docs";
import { FeedsPage } from "../../web/pages/feeds";
import { HomePage } from "../../web/pages/home";
import { SITE_CSS } from "../../web/static/site-css";
import { api, OPENAPI_CONFIG } from "../api";
import { openDatabase } from "../db/client";
import { buildFeedLink, feedDirectory } from "../feeds/directory";
import { EVERYTHING_FEEDS } from "../feeds/alternates";
import type { AppEnv } from "../env";
import { listProblemTypes } from "../errors";
import { KIND_TITLES } from "../records/public-documents";
import { TOPICS_QUERY } from "../search/queries";
import { SEARCH_KINDS, type SearchKind, type TopicRow } from "../search/search";
import { loadHomeLists } from "./home-data";

export const pages = new Hono<AppEnv>();


pages.get("/", async (c) => {
  const lists = await loadHomeLists(openDatabase(c.env.DB));
  return c.html(<HomePage siteName={c.env.SITE_NAME} feeds={EVERYTHING_FEEDS} {...lists} />);
});

pages.get("/api/docs", (c) => {
  const document = api.getOpenAPI31Document(OPENAPI_CONFIG) as unknown as OpenApiDocument;
  return c.html(<ApiDocsPage siteName={c.env.SITE_NAME} document={document} problems={listProblemTypes()} />);
});

pages.get("/static/site.css", (c) => c.body(SITE_CSS, 200, { "content-type": "text/css; charset=utf-8", "cache-control": "public, max-age=3600" }));

pages.get("/feeds", async (c) => {
  const topics = await openDatabase(c.env.DB).all<TopicRow>(TOPICS_QUERY);
  const origin = new URL(c.req.url).origin;
  const kinds = Object.entries(SEARCH_KINDS).map(([value, kind]) => ({ value, label: KIND_TITLES[kind] }));
  const chosen = {
    q: (c.req.query("q") ?? "").slice(0, 500),
    topic: c.req.query("topic") ?? "",
    kinds: (c.req.queries("kind") ?? []).filter((kind): kind is SearchKind => Object.hasOwn(SEARCH_KINDS, kind)),
  };
  const sent = c.req.query("q") !== undefined || c.req.query("topic") !== undefined || chosen.kinds.length > 0;
  const builder = { topics: [...topics].sort((a, b) => a.name.localeCompare(b.name)), kinds, chosen, built: sent ? buildFeedLink(origin, topics, chosen) : undefined };
  return c.html(<FeedsPage siteName={c.env.SITE_NAME} groups={feedDirectory(origin, topics)} alternates={EVERYTHING_FEEDS} builder={builder} />);
});
