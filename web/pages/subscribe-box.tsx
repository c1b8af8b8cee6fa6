// The "Subscribe" box every list and search ends with: its feeds in each format, as the page's head names them.
import type { AlternateFeed } from "../layout";

const FORMAT_LABELS: Record<string, string> = {
  "application/rss+xml": "RSS feed",
  "application/atom+xml": "Atom feed",
  "application/feed+json": "JSON Feed",
};

/** `what` finishes "Get … in a feed reader as they are published"; `feeds` are the page's alternates (alternatesFor). */
export function SubscribeBox({ heading, what, feeds }: { heading: string; what: string; feeds: AlternateFeed[] }) {
  if (feeds.length === 0) return null;
  return (
    <section class="subscribe" aria-labelledby="subscribe-heading">
      <h2 id="subscribe-heading">{heading}</h2>
      <p>Get {what} in a feed reader as they are published. Choose RSS if you are unsure.</p>
      <ul class="feed-links">
        {feeds.map((feed) => (
          <li>
            <a href={feed.href}>{FORMAT_LABELS[feed.type] ?? feed.title}</a>
          </li>
        ))}
      </ul>
      <p class="meta">
        <a href="/feeds">What is a feed?</a>
      </p>
    </section>
  );
}
