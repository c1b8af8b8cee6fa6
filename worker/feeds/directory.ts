// Every feed the repository offers, as one list: the /feeds page and the OPML file a policy team imports in one step.
import type { ItemKind } from "../../schema/vocabularies";
import { KIND_TITLES } from "../records/public-documents";
import type { TopicRow } from "../search/search";
import { escapeXml } from "../xml";
import { FEED_FORMATS, type FeedFormat } from "./render-feeds";

export type FeedLink = { title: string; description: string; urls: Record<FeedFormat, string> };
export type FeedGroup = { heading: string; feeds: FeedLink[] };

const urlsFor = (origin: string, path: string) => Object.fromEntries(FEED_FORMATS.map((format) => [format, `${origin}${path}.${format}`])) as Record<FeedFormat, string>;

/** Everything new, each kind, and each topic by name. Person and search feeds are made from their pages and searches. */
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
  ];
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
