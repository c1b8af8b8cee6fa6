// HTTP for the server-rendered pages: the home page, the API reference and the stylesheet.
import { Hono } from "hono";
import { ApiDocsPage, type OpenApiDocument } from "../../web/pages/api-docs";
import { HomePage, type HomeItem } from "../../web/pages/home";
import { SITE_CSS } from "../../web/static/site-css";
import { api, OPENAPI_CONFIG } from "../api";
import { openDatabase } from "../db/client";
import type { AppEnv } from "../env";
import { listProblemTypes } from "../errors";
import { loadBriefings } from "../records/briefings";
import { loadLaySummaries } from "../records/lay-summaries";
import { listPageIds } from "../records/lifecycle";
import { loadPublications } from "../records/publications";

export const pages = new Hono<AppEnv>();

pages.get("/", async (c) => {
  const db = openDatabase(c.env.DB);
  const newest = async (kind: "publications" | "briefings" | "lay-summaries") => (await listPageIds(db, kind, undefined, { limit: 5 })).ids;
  const publications: HomeItem[] = (await loadPublications(db, await newest("publications"))).map((p) => ({
    title: p.title ?? `Untitled (${[p.container_title, p.year].filter(Boolean).join(", ")})`,
    href: `/api/publications/${p.id}`,
    meta: [p.authors.map((a) => a.name).join(", "), p.year, p.container_title].filter(Boolean).join(" · "),
  }));
  const briefings: HomeItem[] = (await loadBriefings(db, await newest("briefings"))).map((b) => ({
    title: b.title,
    href: `/api/briefings/${b.id}`,
    meta: `For ${b.audience}`,
  }));
  const laySummaries: HomeItem[] = (await loadLaySummaries(db, await newest("lay-summaries"))).map((l) => ({
    title: l.title,
    href: `/api/lay-summaries/${l.id}`,
    meta: `Summary of: ${l.publication.title ?? "an untitled publication"}`,
  }));
  return c.html(<HomePage siteName={c.env.SITE_NAME} publications={publications} briefings={briefings} laySummaries={laySummaries} />);
});

pages.get("/api/docs", (c) => {
  const document = api.getOpenAPI31Document(OPENAPI_CONFIG) as unknown as OpenApiDocument;
  return c.html(<ApiDocsPage siteName={c.env.SITE_NAME} document={document} problems={listProblemTypes()} />);
});

pages.get("/static/site.css", (c) => c.body(SITE_CSS, 200, { "content-type": "text/css; charset=utf-8", "cache-control": "public, max-age=3600" }));
