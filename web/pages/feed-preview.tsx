// A feed opened in a browser: what it is, the address to copy into a feed reader, and what it holds now.
import type { Feed, FeedFormat } from "../../worker/feeds/render-feeds";
import { type AlternateFeed, Layout } from "../layout";
import { formatDate } from "./dates";
import { listAuthors } from "./author-names";

export type FeedPreviewProps = {
  siteName: string;
  feed: Feed;
  format: FeedFormat;
  formatName: string;
  /** The same feed in every format, this one included. */
  alternates: AlternateFeed[];
};

export function FeedPreviewPage({ siteName, feed, formatName, alternates }: FeedPreviewProps) {
  const title = feed.title.replace(` · ${siteName}`, "");
  return (
    <Layout title={`${title} (feed)`} siteName={siteName} feeds={alternates}>
      <h1>{title}</h1>
      <p class="lead">{feed.description}</p>
      <div class="notice">
        <h2 id="how-to-subscribe">This is a feed</h2>
        <p>
          You are looking at a feed ({formatName}). To have new items come to you, copy this address into a feed reader such as Feedly,
          Inoreader, NetNewsWire or Outlook's RSS feeds:
        </p>
        <p>
          <label for="feed-address">Feed address</label>
          <input id="feed-address" class="feed-address" type="text" readonly value={feed.feedUrl} />
        </p>
        <p class="meta">
          The same feed as{" "}
          {alternates.map((alternate, index) => (
            <>
              {index > 0 ? " · " : ""}
              <a href={alternate.href}>{alternate.title.replace(/^.*\((.*)\)$/u, "$1")}</a>
            </>
          ))}
          . <a href="/feeds">Every feed</a>.
        </p>
      </div>
      <h2 id="in-this-feed">In this feed now</h2>
      {feed.entries.length === 0 ? (
        <p>Nothing yet: new items will appear here, and in your feed reader, as they are published.</p>
      ) : (
        <ul class="items">
          {feed.entries.map((entry) => (
            <li>
              <a href={entry.url} lang={entry.language}>
                {entry.withdrawn ? `Withdrawn: ${entry.title}` : entry.title}
              </a>
              <div class="meta">
                {[listAuthors(entry.authors), formatDate(entry.withdrawn?.at ?? entry.published)].filter(Boolean).join(" · ")}
              </div>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
