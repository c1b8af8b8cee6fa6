// Every feed the repository offers, as one list: the /feeds page and the OPML file a policy team imports in one step.
import { EQUITY_FACETS } from "../../schema/equity-vocabulary";
import type { ItemKind } from "../../schema/vocabularies";
import { KIND_TITLES } from "../records/public-documents";
import { SEARCH_KINDS, type SearchKind, type TopicRow } from "../search/search";
import { escapeXml } from "../xml";
import { FEED_FORMATS, type FeedFormat } from "./render-feeds";

export type FeedLink = { title: string; description: string; urls: Record<FeedFormat, string> };
export type FeedGroup = { heading: string; feeds: FeedLink[] };

const urlsFor = (origin: string, path: string) => Object.fromEntries(FEED_FORMATS.map((format) => [format, `${origin}${path}.${format}`])) as Record<FeedFormat, string>;

/** Everything new, each kind, each topic by name, and each equity value. Person and search feeds are made from their pages and searches. */
export function feedDirectory(origin: string, topics: readonly TopicRow[]): FeedGroup[] {
  return [
    {
      heading: "Everything",
      feeds: [{ title: "Everything new", description: "Every publication, briefing and plain-language summary.", urls: urlsFor(origin, "/feeds/all") }],
    },
    {
      heading: "By kind",
      feeds: (Object.entries(KIND_TITLES) as [ItemKind, string][]).map(([kind, title]) => ({
        title,
        description: `New ${title.toLowerCase()} only.`,
        urls: urlsFor(origin, `/feeds/${kind}`),
      })),
    },
    {
      heading: "By topic",
      feeds: [...topics]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((topic) => ({ title: topic.name, description: `Everything new on ${topic.name.toLowerCase()}.`, urls: urlsFor(origin, `/feeds/topics/${topic.slug}`) })),
    },
    ...equityFeedGroups(origin),
  ];
}

/**
 * One group per equity facet, values in the vocabulary's order. Countries are left out (249 feeds, most of them empty):
 * each country's page at /equity/place/<code> names its feed.
 */
function equityFeedGroups(origin: string): FeedGroup[] {
  return EQUITY_FACETS.map((facet) => ({
    heading: `By ${facet.name.toLowerCase()}`,
    feeds: facet.values
      .filter((value) => value.level !== "country")
      .map((value) => ({ title: value.name, description: value.description, urls: urlsFor(origin, `/feeds/equity/${facet.slug}/${value.slug}`) })),
  }));
}

/** What a person chose in the /feeds builder: words, a topic slug ("" for any) and search kinds (none for every kind). */
export type FeedChoice = { q: string; topic: string; kinds: SearchKind[] };

/**
 * The one feed that gives what was chosen: the plain feed where one exists (everything, one kind, one topic), so a
 * reader shares it with others who follow the same; else a search feed with the same filters. A topic that does not
 * exist is left out (the form only offers real ones).
 */
export function buildFeedLink(origin: string, topics: readonly TopicRow[], choice: FeedChoice): FeedLink {
  const topic = topics.find((t) => t.slug === choice.topic);
  const q = choice.q.trim();
  const kinds = [...new Set(choice.kinds)];
  const kindNames = kinds.map((kind) => KIND_TITLES[SEARCH_KINDS[kind]].toLowerCase());
  if (!q && !topic && kinds.length === 0) {
    return { title: "Everything new", description: "Every publication, briefing and plain-language summary.", urls: urlsFor(origin, "/feeds/all") };
  }
  if (!q && !topic && kinds.length === 1) {
    const title = KIND_TITLES[SEARCH_KINDS[kinds[0]]];
    return { title, description: `New ${title.toLowerCase()} only.`, urls: urlsFor(origin, `/feeds/${SEARCH_KINDS[kinds[0]]}`) };
  }
  if (!q && topic && kinds.length === 0) {
    return { title: topic.name, description: `Everything new on ${topic.name.toLowerCase()}.`, urls: urlsFor(origin, `/feeds/topics/${topic.slug}`) };
  }
  const query = new URLSearchParams();
  if (q) query.set("q", q);
  if (topic) query.set("topic", topic.slug);
  for (const kind of kinds) query.append("kind", kind);
  const what = [kindNames.length > 0 ? kindNames.join(" and ") : "everything", topic ? `on ${topic.name.toLowerCase()}` : "", q ? `matching “${q}”` : ""];
  const description = `New ${what.filter(Boolean).join(" ")}, newest first.`;
  const urls = Object.fromEntries(FEED_FORMATS.map((format) => [format, `${origin}/feeds/search.${format}?${query}`])) as Record<FeedFormat, string>;
  return { title: [topic?.name, kindNames.join(" and "), q ? `“${q}”` : ""].filter(Boolean).join(" · "), description, urls };
}

/** OPML 2.0 with one folder per group and the RSS version of each feed (every reader takes RSS). */
export function renderOpml(siteName: string, origin: string, groups: readonly FeedGroup[], updated: string): string {
  const outline = (feed: FeedLink) =>
    `<outline type="rss" text="${escapeXml(feed.title)}" title="${escapeXml(feed.title)}" description="${escapeXml(feed.description)}" xmlUrl="${escapeXml(feed.urls.rss)}" htmlUrl="${escapeXml(`${origin}/`)}"/>`;
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<opml version="2.0">',
    "<head>",
    `<title>${escapeXml(`Feeds of the ${siteName}`)}</title>`,
    `<dateModified>${new Date(updated).toUTCString()}</dateModified>`,
    `<docs>http://opml.org/spec2.opml</docs>`,
    "</head>",
    "<body>",
    ...groups.map((group) => [`<outline text="${escapeXml(group.heading)}" title="${escapeXml(group.heading)}">`, ...group.feeds.map(outline), "</outline>"].join("\n")),
    "</body>",
    "</opml>",
  ].join("\n");
}
