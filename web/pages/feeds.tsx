// The feeds page: every feed in three formats, the OPML file of them all, and a form that turns a search into a feed.
import type { FeedGroup } from "../../worker/feeds/directory";
import { type AlternateFeed, Layout } from "../layout";

export type FeedsPageProps = { siteName: string; groups: FeedGroup[]; alternates: AlternateFeed[] };

export function FeedsPage({ siteName, groups, alternates }: FeedsPageProps) {
  return (
    <Layout title="Subscribe" siteName={siteName} feeds={alternates}>
      <h1>Subscribe</h1>
      <p>
        A feed brings new items to you, so you do not have to come back and check. Copy a feed's address into a feed reader (such as Feedly,
        Inoreader, NetNewsWire or Outlook's RSS feeds) and new publications, briefings and summaries appear there as they are published. If an
        item is withdrawn, the feed says so and why.
      </p>
      <p>
        <a href="/feeds.opml">Download every feed below as one OPML file</a>: most feed readers import it in one step (look for "Import OPML").
      </p>
      <p class="meta">
        Each feed comes in three formats. Choose RSS if you are unsure; Atom and JSON Feed suit some readers and programs better.
      </p>
      {groups.map((group) => {
        const headingId = `group-${group.heading.replace(/\W+/g, "-").toLowerCase()}`;
        return (
          <section aria-labelledby={headingId}>
            <h2 id={headingId}>{group.heading}</h2>
            <ul class="items">
              {group.feeds.map((feed) => (
                <li>
                  <strong>{feed.title}</strong>
                  <div class="meta">{feed.description}</div>
                  <div>
                    <a href={feed.urls.rss} aria-label={`${feed.title}: RSS feed`}>RSS</a> · <a href={feed.urls.atom} aria-label={`${feed.title}: Atom feed`}>Atom</a> ·{" "}
                    <a href={feed.urls.json} aria-label={`${feed.title}: JSON Feed`}>JSON Feed</a>
                  </div>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
      <section aria-labelledby="search-feed">
        <h2 id="search-feed">A feed for any search</h2>
        <p>Type words to follow. The feed lists the newest items that match them, and new ones as they are published.</p>
        <form method="get" action="/feeds/search.rss" class="search-feed">
          <label for="search-feed-words">Words to follow</label>
          <input id="search-feed-words" name="q" type="search" required placeholder="for example: debt anxiety" />
          <button type="submit">Make an RSS feed</button>
          <button type="submit" formaction="/feeds/search.atom">
            Atom
          </button>
          <button type="submit" formaction="/feeds/search.json">
            JSON Feed
          </button>
        </form>
        <p class="meta">
          A search feed takes the same filters as the search API: add <code>&amp;topic=housing-homelessness</code> or <code>&amp;kind=briefing</code> to its
          address.
        </p>
      </section>
      <section aria-labelledby="person-feed">
        <h2 id="person-feed">A feed for a person</h2>
        <p>
          Each author has a feed of their publications and the plain-language summaries of them, at <code>/feeds/people/</code> followed by the
          person's id and <code>.rss</code>.
        </p>
      </section>
      <section aria-labelledby="harvesting">
        <h2 id="harvesting">For harvesters and search engines</h2>
        <p>
          OAI-PMH 2.0 at <a href="/oai?verb=Identify">/oai</a> (Dublin Core, sets for each kind and topic); a sitemap at <a href="/sitemap.xml">/sitemap.xml</a>.
        </p>
      </section>
    </Layout>
  );
}
