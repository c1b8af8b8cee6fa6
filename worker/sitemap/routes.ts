// HTTP for search engines: /robots.txt, and /sitemap.xml with every public page (an index of several files past the limit).
import { sql } from "drizzle-orm";
import { type Context, Hono } from "hono";
import type { ItemKind } from "../../schema/vocabularies";
import { type Database, nowIso, openDatabase } from "../db/client";
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

type PageRow = { id: number; kind: ItemKind; item_id: string; changed_at: string };

const publicItemCount = (now: string) => sql`SELECT count(*) AS count FROM search_documents AS d WHERE ${isPublicNow(now)}`;

/**
 * Rows per D1 query. A file of 50,000 URLs read at once was a 5 MB answer held whole in the isolate (and, under wrangler
 * dev, copied to the inspector too); in slices of this size no answer passes about 400 KB.
 */
const ROWS_PER_QUERY = 5_000;

/** The document id just before the `offset`-th public item (in id order), where a file's keyset walk starts. */
const idBeforeOffset = (now: string, offset: number) =>
  sql`SELECT d.id FROM search_documents AS d WHERE ${isPublicNow(now)} ORDER BY d.id LIMIT 1 OFFSET ${offset - 1}`;

/** Public items in a fixed order (the documents' ids) after `afterId`: a keyset slice. */
const publicItemsAfter = (now: string, afterId: number, limit: number) =>
  sql`SELECT d.id, d.kind, d.item_id, d.changed_at FROM search_documents AS d WHERE ${isPublicNow(now)} AND d.id > ${afterId} ORDER BY d.id LIMIT ${limit}`;

/** `limit` public items from the `offset`-th on, read slice by slice. */
async function readItems(db: Database, now: string, offset: number, limit: number): Promise<PageRow[]> {
  let afterId = 0;
  if (offset > 0) {
    const [before] = await db.all<{ id: number }>(idBeforeOffset(now, offset));
    if (!before) return [];
    afterId = before.id;
  }
  const items: PageRow[] = [];
  while (items.length < limit) {
    const slice = await db.all<PageRow>(publicItemsAfter(now, afterId, Math.min(ROWS_PER_QUERY, limit - items.length)));
    items.push(...slice);
    if (slice.length < ROWS_PER_QUERY) break;
    afterId = slice[slice.length - 1].id;
  }
  return items;
}

function renderUrlset(origin: string, sitePages: readonly string[], items: readonly PageRow[]): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<urlset xmlns="${SITEMAP_NAMESPACE}">`,
    ...sitePages.map((path) => `<url><loc>${escapeXml(origin + path)}</loc></url>`),
    ...items.map((row) => `<url><loc>${escapeXml(origin + itemPagePath(row.kind, row.item_id))}</loc><lastmod>${row.changed_at.slice(0, 19)}Z</lastmod></url>`),
    "</urlset>",
  ].join("\n");
}

/**
 * Files this isolate has rendered, by validator (data version and path) and origin. A crawler, or fifty, asking again
 * before anything changes costs one small query for the version, not a walk over every public item. Only finished
 * text is kept, never a pending promise: a request must not wait on I/O that another request started.
 */
const renderedFiles = new Map<string, string>();
/** About two full files of 50,000 URLs (5.5 million characters each): a bounded share of the isolate's 128 MB. */
const MAX_REMEMBERED_CHARACTERS = 12_000_000;

function rememberFile(key: string, xml: string): void {
  if (xml.length > MAX_REMEMBERED_CHARACTERS / 2) return;
  renderedFiles.delete(key);
  renderedFiles.set(key, xml);
  let total = 0;
  for (const text of renderedFiles.values()) total += text.length;
  // Oldest first: the files of an older data version go before the current one's.
  for (const [oldKey, text] of renderedFiles) {
    if (total <= MAX_REMEMBERED_CHARACTERS) break;
    renderedFiles.delete(oldKey);
    total -= text.length;
  }
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
  const origin = new URL(c.req.url).origin;
  const headers = { ...XML_TYPE, ...cachingHeaders(freshness) };
  // Keyed by the file and the data, not the query string: `?n=1`, `?n=2`… must not each render and push real files out.
  const key = `${freshnessOf(version, new URL(c.req.path, origin)).etag} ${origin} ${perFile}`;
  const remembered = renderedFiles.get(key);
  if (remembered !== undefined) return c.body(remembered, 200, headers);
  const [{ count }] = await db.all<{ count: number }>(publicItemCount(now));
  const files = Math.ceil((SITE_PAGES.length + count) / perFile);
  if (file > 0 && (files === 1 || file > files)) {
    throw new RepositoryError("not_found", `There is no sitemap file ${file}: /sitemap.xml lists them.`);
  }
  let xml: string;
  if (file === 0 && files > 1) xml = renderIndex(origin, files, lastChangedAt(version));
  else {
    const first = file === 0 ? 0 : (file - 1) * perFile;
    const sitePages = SITE_PAGES.slice(first, first + perFile);
    const items = await readItems(db, now, Math.max(0, first - SITE_PAGES.length), perFile - sitePages.length);
    xml = renderUrlset(origin, sitePages, items);
  }
  rememberFile(key, xml);
  return c.body(xml, 200, headers);
}

export const sitemaps = new Hono<AppEnv>();

sitemaps.get("/sitemap.xml", (c) => serveSitemap(c, 0));
sitemaps.get("/:file{sitemap-[1-9][0-9]*\\.xml}", (c) => serveSitemap(c, Number(/\d+/u.exec(c.req.param("file"))![0])));

sitemaps.get("/robots.txt", (c) => {
  const origin = new URL(c.req.url).origin;
  const robots = ["User-agent: *", "Allow: /", "Allow: /api/docs", "Disallow: /api/", "", `Sitemap: ${origin}/sitemap.xml`, ""].join("\n");
  return c.body(robots, 200, { "content-type": "text/plain; charset=utf-8", "cache-control": "public, max-age=86400" });
});
