// HTTP for search engines: /robots.txt, and /sitemap.xml with every public page (an index of several files past the limit).
import { sql } from "drizzle-orm";
import { type Context, Hono } from "hono";
import type { ItemKind } from "../../schema/vocabularies";
import { nowIso, openDatabase } from "../db/client";
import type { AppEnv } from "../env";
import { RepositoryError } from "../errors";
import { escapeXml } from "../xml";
import { cachingHeaders, freshnessOf, isNotModified, notModifiedResponse } from "../http-caching";
import { currentDataVersion, lastChangedAt } from "../db/data-version";
import { isPublicNow, itemPagePath } from "../records/public-documents";

/** The pages that are not items, listed first in the first file. */
const SITE_PAGES = ["/", "/feeds", "/api/docs"];

/** The sitemap protocol's limit of URLs in one file. */
const MAX_URLS_PER_FILE = 50_000;
const SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9";
const XML_TYPE = { "content-type": "application/xml; charset=utf-8" };

type PageRow = { kind: ItemKind; item_id: string; changed_at: string };

const publicItemCount = (now: string) => sql`SELECT count(*) AS count FROM search_documents AS d WHERE ${isPublicNow(now)}`;

/** Public items in a fixed order (the documents' ids), one file's worth. */
const publicItemsSlice = (now: string, offset: number, limit: number) =>
  sql`SELECT d.kind, d.item_id, d.changed_at FROM search_documents AS d WHERE ${isPublicNow(now)} ORDER BY d.id LIMIT ${limit} OFFSET ${offset}`;

function renderUrlset(origin: string, sitePages: readonly string[], items: readonly PageRow[]): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<urlset xmlns="${SITEMAP_NAMESPACE}">`,
    ...sitePages.map((path) => `<url><loc>${escapeXml(origin + path)}</loc></url>`),
    ...items.map((row) => `<url><loc>${escapeXml(origin + itemPagePath(row.kind, row.item_id))}</loc><lastmod>${row.changed_at.slice(0, 19)}Z</lastmod></url>`),
    "</urlset>",
  ].join("\n");
}

function renderIndex(origin: string, files: number, lastChanged: string): string {
  const lastmod = `${lastChanged.slice(0, 19)}Z`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<sitemapindex xmlns="${SITEMAP_NAMESPACE}">`,
    ...Array.from({ length: files }, (_, i) => `<sitemap><loc>${escapeXml(`${origin}/sitemap-${i + 1}.xml`)}</loc><lastmod>${lastmod}</lastmod></sitemap>`),
    "</sitemapindex>",
  ].join("\n");
}

/**
 * `file` 0 is /sitemap.xml: every URL when they fit in one file, else an index of the numbered files. File n ≥ 1
 * holds URLs (n-1)·size to n·size-1, the site's own pages first.
 */
async function serveSitemap(c: Context<AppEnv>, file: number): Promise<Response> {
  const db = openDatabase(c.env.DB);
  const now = nowIso();
  const perFile = Math.min(Number(c.env.SITEMAP_URLS_PER_FILE) || MAX_URLS_PER_FILE, MAX_URLS_PER_FILE);
  const version = await currentDataVersion(db);
  const freshness = freshnessOf(version, new URL(c.req.url));
  // A validator is only ever given for a file that existed, and the files change only with the version.
  if (isNotModified(c, freshness)) return notModifiedResponse(freshness);
  const [{ count }] = await db.all<{ count: number }>(publicItemCount(now));
  const files = Math.ceil((SITE_PAGES.length + count) / perFile);
  if (file > 0 && (files === 1 || file > files)) {
    throw new RepositoryError("not_found", `There is no sitemap file ${file}: /sitemap.xml lists them.`);
  }
  const origin = new URL(c.req.url).origin;
  if (file === 0 && files > 1) return c.body(renderIndex(origin, files, lastChangedAt(version)), 200, { ...XML_TYPE, ...cachingHeaders(freshness) });
  const first = file === 0 ? 0 : (file - 1) * perFile;
  const sitePages = SITE_PAGES.slice(first, first + perFile);
  const itemOffset = Math.max(0, first - SITE_PAGES.length);
  const items = await db.all<PageRow>(publicItemsSlice(now, itemOffset, perFile - sitePages.length));
  return c.body(renderUrlset(origin, sitePages, items), 200, { ...XML_TYPE, ...cachingHeaders(freshness) });
}

export const sitemaps = new Hono<AppEnv>();

sitemaps.get("/sitemap.xml", (c) => serveSitemap(c, 0));
sitemaps.get("/:file{sitemap-[1-9][0-9]*\\.xml}", (c) => serveSitemap(c, Number(/\d+/u.exec(c.req.param("file"))![0])));

sitemaps.get("/robots.txt", (c) => {
  const origin = new URL(c.req.url).origin;
  const robots = ["User-agent: *", "Allow: /", "Allow: /api/docs", "Disallow: /api/", "", `Sitemap: ${origin}/sitemap.xml`, ""].join("\n");
  return c.body(robots, 200, { "content-type": "text/plain; charset=utf-8", "cache-control": "public, max-age=86400" });
});
