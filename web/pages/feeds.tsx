// The feeds page: a form that builds a feed from a topic, kinds and words; every feed in three formats; the OPML file.
import type { FeedGroup, FeedLink } from "../../worker/feeds/directory";
import { type AlternateFeed, Layout } from "../layout";

/** What the feed builder was asked for, and the feed it made (absent until the form is sent). */
export type FeedBuilderState = {
  topics: { slug: string; name: string }[];
  kinds: { value: string; label: string }[];
  chosen: { q: string; topic: string; kinds: string[] };
  built?: FeedLink;
};

export type FeedsPageProps = { siteName: string; groups: FeedGroup[]; alternates: AlternateFeed[]; builder: FeedBuilderState };

function FeedBuilder({ topics, kinds, chosen, built }: FeedBuilderState) {
  return (
    <section aria-labelledby="build-a-feed" class="feed-builder">
      <h2 id="build-a-feed">Make a feed for what you follow</h2>
      <p>Choose a topic, the kinds of item you want, and any words to look for. Leave a choice empty to take everything.</p>
      <form method="get" action="/feeds#your-feed">
        <p>
          <label for="builder-topic">Topic</label>
          <select id="builder-topic" name="topic">
            <option value="">Any topic</option>
            {topics.map((topic) => (
              <option value={topic.slug} selected={topic.slug === chosen.topic}>
                {topic.name}
              </option>
            ))}
          </select>
        </p>
        <fieldset>
          <legend>Kinds of item</legend>
          {kinds.map((kind) => (
            <div class="choice">
              <input id={`builder-kind-${kind.value}`} type="checkbox" name="kind" value={kind.value} checked={chosen.kinds.includes(kind.value)} />
              <label for={`builder-kind-${kind.value}`}>{kind.label}</label>
            </div>
          ))}
        </fieldset>
        <p>
          <label for="builder-words">Words to look for (optional)</label>
          <input id="builder-words" name="q" type="search" value={chosen.q} placeholder="for example: debt anxiety" />
        </p>
        <button type="submit">Make my feed</button>
      </form>
      {built ? (
        <div class="notice" id="your-feed">
          <h3>Your feed: {built.title}</h3>
          <p>{built.description} Copy its address into your feed reader:</p>
          <p>
            <label for="built-feed-rss">RSS (choose this if unsure)</label>
            <input id="built-feed-rss" class="feed-address" type="text" readonly value={built.urls.rss} />
          </p>
          <p class="meta">
            Or as <a href={built.urls.atom}>Atom</a> or <a href={built.urls.json}>JSON Feed</a>. <a href={built.urls.rss}>See what it holds now</a>.
          </p>
        </div>
      ) : null}
    </section>
  );
}

export function FeedsPage({ siteName, groups, alternates, builder }: FeedsPageProps) {
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
      <FeedBuilder {...builder} />
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
