// HTTP for the feeds: every feed in RSS 2.0, Atom 1.0 and JSON Feed 1.1, with conditional GETs, and their directory.
import { z } from "@hono/zod-openapi";
import { Hono, type Context } from "hono";
import type { ItemKind } from "../../schema/vocabularies";
import { validationError } from "../api-app";
import { nowIso, openDatabase, readBatch } from "../db/client";
import type { AppEnv } from "../env";
import { RepositoryError } from "../errors";
import { currentDataVersion, lastChangedAt } from "../db/data-version";
import { cachingHeaders, freshnessOf, isNotModified, notModifiedResponse } from "../http-caching";
import { itemPagePath, KIND_TITLES } from "../records/public-documents";
import { topicIdsFor } from "../records/topics";
import { equityValue, isEquityFacet } from "../records/equity";
import { EQUITY_FACET_SLUGS } from "../../schema/equity-vocabulary";
import { TOPICS_QUERY } from "../search/queries";
import { SEARCH_FILTER_FIELDS, YEARS_IN_ORDER } from "../search/routes";
import { describeEquityFilters } from "../search/equity-search";
import { searchSelection, type TopicRow } from "../search/search";
import { unlessSearchFails } from "../search/search-outage";
import { feedDirectory, renderOpml } from "./directory";
import { feedEntriesQuery, type FeedEntryRow, type FeedSelection, personQuery, SUMMARY_CHARACTERS } from "./feed-queries";
import { FEED_CONTENT_TYPES, FEED_FORMAT_NAMES, FEED_FORMATS, type Feed, type FeedEntry, type FeedFormat, renderFeed } from "./render-feeds";
import { FeedPreviewPage } from "../../web/pages/feed-preview";
import { describeEvidenceNotice } from "../../web/pages/evidence-notices";
import type { FeedNotice } from "../records/evidence-notices";
import { alternatesFor } from "./alternates";

const DEFAULT_FEED_LIMIT = 50;
const MAX_FEED_LIMIT = 200;

const Limit = z.coerce.number().int().min(1).max(MAX_FEED_LIMIT).default(DEFAULT_FEED_LIMIT);
const FeedQuery = z.object({ limit: Limit });
const SearchFeedQuery = z.object({ ...SEARCH_FILTER_FIELDS, limit: Limit }).refine(...YEARS_IN_ORDER);

/** The query string as zod reads it: a repeated parameter as a list, a single one as a string. */
function queryObject(c: Context): Record<string, string | string[]> {
  return Object.fromEntries(Object.entries(c.req.queries()).map(([key, values]) => [key, values.length === 1 ? values[0] : values]));
}

export function parseQueryString<T extends z.ZodType>(schema: T, c: Context): z.infer<T> {
  const result = schema.safeParse(queryObject(c));
  if (!result.success) throw validationError(result.error.issues, "query");
  return result.data;
}

/** `all.rss` → { name: "all", format: "rss" }; a file that is not a feed is a 404. */
function splitFeedFile(file: string): { name: string; format: FeedFormat } {
  const dot = file.lastIndexOf(".");
  const format = file.slice(dot + 1) as FeedFormat;
  if (dot < 1 || !(FEED_FORMATS as readonly string[]).includes(format)) {
    throw new RepositoryError("not_found", `There is no feed at this address: a feed ends in .rss, .atom or .json. Every feed is listed at /feeds.`);
  }
  return { name: file.slice(0, dot), format };
}

/** Text cut at the last word boundary before `SUMMARY_CHARACTERS`, with an ellipsis, when longer. */
function shortened(text: string): string {
  if (text.length <= SUMMARY_CHARACTERS) return text;
  const cut = text.slice(0, SUMMARY_CHARACTERS);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), SUMMARY_CHARACTERS / 2)).trimEnd()}…`;
}

function toEntry(row: FeedEntryRow, origin: string, topicNames: Map<number, string>): FeedEntry {
  const notices = (JSON.parse(row.evidence_notices) as FeedNotice[]).sort((a, b) => a.at.localeCompare(b.at));
  return {
    id: `urn:mhi-repository:${row.kind}:${row.item_id}`,
    url: origin + itemPagePath(row.kind, row.item_id),
    title: row.title || "Untitled publication",
    summary: shortened(row.summary ?? ""),
    published: row.public_from,
    updated: row.changed_at,
    authors: row.people === "" ? [] : row.people.split("; "),
    language: row.language ?? undefined,
    categories: (JSON.parse(row.topic_ids) as number[]).map((id) => topicNames.get(id)).filter((name): name is string => name !== undefined),
    ...(row.withdrawn_at ? { withdrawn: { at: row.withdrawn_at, reason: row.withdrawal_reason ?? "no reason was recorded" } } : {}),
    ...(notices.length > 0 ? { evidenceChanges: notices.map(describeEvidenceNotice) } : {}),
  };
}

type FeedHeading = { title: string; description: string };

/**
 * One feed answer: 304 when the client's copy is current (from the isolate's data version, usually with no read at
 * all), else the entries, the topics and (for a person's feed) the person in one batch. `heading` names the feed from
 * what the batch read, or throws when the topic or person is unknown.
 */
async function serveFeed(
  c: Context<AppEnv>,
  format: FeedFormat,
  limit: number,
  selection: FeedSelection,
  heading: (rows: { topics: TopicRow[]; person?: { id: string; name: string } }) => FeedHeading,
): Promise<Response> {
  const db = openDatabase(c.env.DB);
  const url = new URL(c.req.url);
  const version = await currentDataVersion(db);
  // The page a browser gets is another representation of the same address: its own validator.
  const feedFreshness = freshnessOf(version, url);
  const freshness = isBrowserNavigation(c) ? { ...feedFreshness, etag: feedFreshness.etag.replace(/^"/u, '"preview.') } : feedFreshness;
  if (isNotModified(c, freshness)) return notModifiedResponse(freshness);
  const [rows, topics, people = []] = await readBatch<[FeedEntryRow, TopicRow, ...{ id: string; name: string }[]]>(db, [
    feedEntriesQuery(selection, nowIso(), limit),
    TOPICS_QUERY,
    ...(selection.by === "person" ? [personQuery(selection.personId, nowIso())] : []),
  ]);
  const { title, description } = heading({ topics, person: people[0] });
  const topicNames = new Map(topics.map((t) => [t.id, t.name]));
  const entries = rows.map((row) => toEntry(row, url.origin, topicNames));
  const sameFeed = new URL(url);
  sameFeed.searchParams.delete("limit");
  const feed: Feed = {
    id: sameFeed.href,
    title: `${title} · ${c.env.SITE_NAME}`,
    description,
    homeUrl: `${url.origin}/`,
    feedUrl: url.href,
    updated: entries.reduce((latest, e) => (e.updated > latest ? e.updated : latest), "") || lastChangedAt(version),
    publisher: c.env.SITE_NAME,
    language: "en",
    entries,
  };
  if (isBrowserNavigation(c)) {
    const alternates = alternatesFor(title, url.pathname.replace(/\.(rss|atom|json)$/u, ""), url.search);
    const page = <FeedPreviewPage siteName={c.env.SITE_NAME} feed={feed} format={format} formatName={FEED_FORMAT_NAMES[format]} alternates={alternates} />;
    return c.html(page, 200, { ...cachingHeaders(freshness), vary: "Sec-Fetch-Dest" });
  }
  return c.body(renderFeed(feed, format), 200, { "content-type": FEED_CONTENT_TYPES[format], ...cachingHeaders(freshness), vary: "Sec-Fetch-Dest" });
}

/**
 * A person who opens a feed's address in a browser gets a page that explains it, lists what it holds and shows the
 * address to copy; feed readers and programs get the feed. Browsers say a top-level navigation with
 * `Sec-Fetch-Dest: document`, which server-side fetchers (feed readers, validators, harvesters) never send. (The usual
 * way, an XSLT stylesheet, is on its way out of browsers: Chromium 156 shows a deprecation banner over such pages.)
 */
function isBrowserNavigation(c: Context): boolean {
  return c.req.header("sec-fetch-dest") === "document";
}

export const feeds = new Hono<AppEnv>();

function describeSearch(request: z.infer<typeof SearchFeedQuery>, topics: TopicRow[]): string {
  const parts: string[] = [];
  if (request.q?.trim()) parts.push(`“${request.q.trim()}”`);
  if (request.kind.length > 0) parts.push(request.kind.join(" or "));
  const topicIds = topicIdsFor(topics, request.topic, "topic");
  if (topicIds.length > 0) parts.push(`on ${topics.filter((t) => topicIds.includes(t.id)).map((t) => t.name).join(" or ")}`);
  if (request.year_from !== undefined || request.year_to !== undefined) parts.push(`from ${request.year_from ?? "any year"} to ${request.year_to ?? "now"}`);
  if (request.person) parts.push(`by person ${request.person}`);
  if (request.lang) parts.push(`in ${request.lang}`);
  parts.push(...describeEquityFilters(request));
  return parts.length === 0 ? "everything" : parts.join(", ");
}

feeds.get("/feeds/topics/:file", async (c) => {
  const { name: slug, format } = splitFeedFile(c.req.param("file"));
  const { limit } = parseQueryString(FeedQuery, c);
  return serveFeed(c, format, limit, { by: "topic", slug }, ({ topics }) => {
    const topic = topics.find((t) => t.slug === slug);
    if (!topic) throw new RepositoryError("not_found", `There is no topic '${slug}'. Every topic's feed is listed at /feeds.`);
    return { title: topic.name, description: `New research, briefings and plain-language summaries on ${topic.name.toLowerCase()}.` };
  });
});

feeds.get("/feeds/people/:file", async (c) => {
  const { name: personId, format } = splitFeedFile(c.req.param("file"));
  const { limit } = parseQueryString(FeedQuery, c);
  return serveFeed(c, format, limit, { by: "person", personId }, ({ person }) => {
    if (!person) throw new RepositoryError("not_found", `There is no person with id '${personId}'.`);
    return { title: person.name, description: `New publications by ${person.name}, and plain-language summaries of them.` };
  });
});

feeds.get("/feeds/equity/:facet/:file", async (c) => {
  const { name: value, format } = splitFeedFile(c.req.param("file"));
  const facet = c.req.param("facet");
  const { limit } = parseQueryString(FeedQuery, c);
  const definition = equityValue(facet, value);
  if (!isEquityFacet(facet)) throw new RepositoryError("not_found", `There is no equity facet '${facet}': the facets are ${EQUITY_FACET_SLUGS.join(", ")}. Every value is listed at /equity.`);
  if (!definition) throw new RepositoryError("not_found", `There is no ${facet} value '${value}'. Every value of the facet is listed at /equity, and their feeds at /feeds.`);
  return serveFeed(c, format, limit, { by: "equity", facet, value }, () => ({
    title: definition.name,
    description: `New research, briefings and plain-language summaries about ${definition.name}: ${definition.description}`,
  }));
});

feeds.get("/feeds/:file", async (c) => {
  const { name, format } = splitFeedFile(c.req.param("file"));
  if (name === "all") {
    const { limit } = parseQueryString(FeedQuery, c);
    return serveFeed(c, format, limit, { by: "all" }, () => ({
      title: "Everything new",
      description: "Every publication, policy briefing and plain-language summary, newest first.",
    }));
  }
  if (Object.hasOwn(KIND_TITLES, name)) {
    const kind = name as ItemKind;
    const { limit } = parseQueryString(FeedQuery, c);
    return serveFeed(c, format, limit, { by: "kind", kind }, () => ({ title: KIND_TITLES[kind], description: `New ${KIND_TITLES[kind].toLowerCase()}, newest first.` }));
  }
  if (name === "search") {
    const request = parseQueryString(SearchFeedQuery, c);
    return unlessSearchFails(async () => {
      const selection: FeedSelection = { by: "search", ...(await searchSelection(openDatabase(c.env.DB), request, nowIso())) };
      return serveFeed(c, format, request.limit, selection, ({ topics }) => {
        const what = describeSearch(request, topics);
        return { title: `Search: ${what}`, description: `New items matching the search ${what}, newest first.` };
      });
    });
  }
  throw new RepositoryError("not_found", `There is no feed '${name}'. Every feed is listed at /feeds.`);
});

feeds.get("/feeds.opml", async (c) => {
  const db = openDatabase(c.env.DB);
  const version = await currentDataVersion(db);
  const freshness = freshnessOf(version, new URL(c.req.url));
  if (isNotModified(c, freshness)) return notModifiedResponse(freshness);
  const topics = await db.all<TopicRow>(TOPICS_QUERY);
  const origin = new URL(c.req.url).origin;
  const opml = renderOpml(c.env.SITE_NAME, origin, feedDirectory(origin, topics), lastChangedAt(version));
  return c.body(opml, 200, {
    "content-type": "text/x-opml; charset=utf-8",
    // A browser saves it for the feed reader's "Import OPML" rather than showing XML.
    "content-disposition": 'attachment; filename="mental-health-inequalities-feeds.opml"',
    ...cachingHeaders(freshness),
  });
});
