// Feeds as text: one feed model written as RSS 2.0, Atom 1.0 or JSON Feed 1.1, every value escaped for its format.
import { removeControlCharacters } from "../records/clean-text";
import { escapeXml } from "../xml";

/** One item in a feed. `id` never changes when the item is edited; `withdrawn` keeps a withdrawn item visible as such. */
export type FeedEntry = {
  id: string;
  url: string;
  title: string;
  summary: string;
  published: string;
  updated: string;
  authors: string[];
  categories: string[];
  /** The language of its title and summary, when known. */
  language?: string;
  withdrawn?: { at: string; reason: string };
  /** What changed in the evidence under a briefing, one sentence each, oldest first: stated before its summary. */
  evidenceChanges?: string[];
};

export type Feed = {
  /** Never changes for the same feed (Atom's `<id>`): its address without paging or format details. */
  id: string;
  title: string;
  description: string;
  /** The page a person would read the feed's items on. */
  homeUrl: string;
  /** This feed's own address (Atom's `self` link, JSON Feed's `feed_url`). */
  feedUrl: string;
  /** The latest `updated` of its entries, or when the feed was made if it has none. */
  updated: string;
  /** Who publishes the feed: Atom needs an author for entries that have none. */
  publisher: string;
  language?: string;
  entries: FeedEntry[];
};

/** The formats every feed comes in, as their addresses end: `/feeds/all.rss`. */
export const FEED_FORMATS = ["rss", "atom", "json"] as const;
export type FeedFormat = (typeof FEED_FORMATS)[number];

export const FEED_FORMAT_NAMES: Record<FeedFormat, string> = { rss: "RSS", atom: "Atom", json: "JSON Feed" };

export const FEED_CONTENT_TYPES: Record<FeedFormat, string> = {
  rss: "application/rss+xml; charset=utf-8",
  atom: "application/atom+xml; charset=utf-8",
  json: "application/feed+json; charset=utf-8",
};

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };

/**
 * RSS readers take `<description>` as HTML: plain text is escaped as HTML first (so a `<b>` in an abstract shows as
 * written) and its line breaks become `<br>`; the XML escaping then wraps that.
 */
function asHtml(text: string): string {
  return text.replace(/[&<>]/gu, (c) => HTML_ESCAPES[c]).replace(/\n/gu, "<br>");
}

/** A language tag as xml:lang and JSON Feed take it, or nothing for what is not one (a BibTeX "English"). */
function languageTag(language: string | undefined): string | undefined {
  return language !== undefined && /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/iu.test(language) ? language : undefined;
}

/**
 * Deposits and writes store text without control or direction-override characters (clean-text.ts); rows stored
 * before that rule are cleaned here, so no feed reader shows "abc\u202Egnp.exe" as "abcexe.png".
 */
function entryTitle(entry: FeedEntry): string {
  return removeControlCharacters(entry.withdrawn ? `Withdrawn: ${entry.title}` : entry.title);
}

/**
 * A withdrawn item's summary says so first, with the date and the reason, so a reader never sees it silently vanish; a
 * briefing whose evidence changed says so before its key messages.
 */
function entrySummary(entry: FeedEntry): string {
  if (!entry.withdrawn) return removeControlCharacters([...(entry.evidenceChanges ?? []), entry.summary].join("\n\n"));
  return removeControlCharacters(`Withdrawn on ${entry.withdrawn.at.slice(0, 10)}: ${entry.withdrawn.reason}`);
}

/** RSS wants RFC 822 dates: `Wed, 25 Nov 2026 22:00:00 GMT`. */
function rfc822(iso: string): string {
  return new Date(iso).toUTCString();
}

export function renderRss(feed: Feed): string {
  const items = feed.entries.map((entry) =>
    [
      "<item>",
      `<title>${escapeXml(entryTitle(entry))}</title>`,
      `<link>${escapeXml(entry.url)}</link>`,
      `<guid isPermaLink="false">${escapeXml(entry.id)}</guid>`,
      `<pubDate>${rfc822(entry.published)}</pubDate>`,
      // RSS has no date of change of its own: Dublin Core's, so a reader sees a briefing re-dated when its evidence changes.
      `<dcterms:modified>${entry.updated}</dcterms:modified>`,
      `<description>${escapeXml(asHtml(entrySummary(entry)))}</description>`,
      ...entry.authors.map((name) => `<dc:creator>${escapeXml(name)}</dc:creator>`),
      ...(languageTag(entry.language) ? [`<dc:language>${escapeXml(languageTag(entry.language)!)}</dc:language>`] : []),
      ...entry.categories.map((category) => `<category>${escapeXml(category)}</category>`),
      "</item>",
    ].join(""),
  );
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/">',
    "<channel>",
    `<title>${escapeXml(feed.title)}</title>`,
    `<link>${escapeXml(feed.homeUrl)}</link>`,
    `<description>${escapeXml(feed.description)}</description>`,
    `<atom:link href="${escapeXml(feed.feedUrl)}" rel="self" type="application/rss+xml"/>`,
    ...(feed.language ? [`<language>${escapeXml(feed.language)}</language>`] : []),
    `<lastBuildDate>${rfc822(feed.updated)}</lastBuildDate>`,
    ...items,
    "</channel>",
    "</rss>",
  ].join("\n");
}

export function renderAtom(feed: Feed): string {
  const entries = feed.entries.map((entry) =>
    [
      languageTag(entry.language) ? `<entry xml:lang="${escapeXml(languageTag(entry.language)!)}">` : "<entry>",
      `<id>${escapeXml(entry.id)}</id>`,
      `<title type="text">${escapeXml(entryTitle(entry))}</title>`,
      `<link rel="alternate" href="${escapeXml(entry.url)}"/>`,
      `<published>${entry.published}</published>`,
      `<updated>${entry.updated}</updated>`,
      ...entry.authors.map((name) => `<author><name>${escapeXml(name)}</name></author>`),
      ...entry.categories.map((category) => `<category term="${escapeXml(category)}"/>`),
      `<summary type="text">${escapeXml(entrySummary(entry))}</summary>`,
      "</entry>",
    ].join(""),
  );
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom"${feed.language ? ` xml:lang="${escapeXml(feed.language)}"` : ""}>`,
    `<id>${escapeXml(feed.id)}</id>`,
    `<title type="text">${escapeXml(feed.title)}</title>`,
    `<subtitle type="text">${escapeXml(feed.description)}</subtitle>`,
    `<updated>${feed.updated}</updated>`,
    `<link rel="self" type="application/atom+xml" href="${escapeXml(feed.feedUrl)}"/>`,
    `<link rel="alternate" type="text/html" href="${escapeXml(feed.homeUrl)}"/>`,
    `<author><name>${escapeXml(feed.publisher)}</name></author>`,
    ...entries,
    "</feed>",
  ].join("\n");
}

export function renderJsonFeed(feed: Feed): string {
  return JSON.stringify({
    version: "https://jsonfeed.org/version/1.1",
    title: feed.title,
    home_page_url: feed.homeUrl,
    feed_url: feed.feedUrl,
    description: feed.description,
    ...(feed.language ? { language: feed.language } : {}),
    authors: [{ name: feed.publisher }],
    items: feed.entries.map((entry) => ({
      id: entry.id,
      url: entry.url,
      title: entryTitle(entry),
      content_text: entrySummary(entry),
      date_published: entry.published,
      date_modified: entry.updated,
      ...(entry.authors.length > 0 ? { authors: entry.authors.map((name) => ({ name })) } : {}),
      ...(entry.categories.length > 0 ? { tags: entry.categories } : {}),
      ...(languageTag(entry.language) ? { language: languageTag(entry.language) } : {}),
      ...(entry.withdrawn ? { _repository: { withdrawn_at: entry.withdrawn.at, withdrawal_reason: entry.withdrawn.reason } } : {}),
    })),
  });
}

export function renderFeed(feed: Feed, format: FeedFormat): string {
  return format === "rss" ? renderRss(feed) : format === "atom" ? renderAtom(feed) : renderJsonFeed(feed);
}
