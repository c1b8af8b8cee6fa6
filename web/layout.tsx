// The page shell every server-rendered page shares: landmarks, skip link, one stylesheet, no scripts needed.
import type { Child } from "hono/jsx";

/** A feed a page offers: browsers and feed readers find it through `<link rel="alternate">`. */
export type AlternateFeed = { title: string; type: string; href: string };

export type LayoutProps = { title: string; siteName: string; lang?: string; feeds?: AlternateFeed[]; head?: Child; children: Child };

export function Layout({ title, siteName, lang = "en-GB", feeds = [], head, children }: LayoutProps) {
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · ${siteName}`}</title>
        <link rel="stylesheet" href="/static/site.css" />
        {feeds.map((feed) => (
          <link rel="alternate" type={feed.type} title={feed.title} href={feed.href} />
        ))}
        {head}
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header class="site">
          <a href="/">{siteName}</a>
        </header>
        <main id="main">{children}</main>
        <footer class="site">
          <p>
            Research, policy briefings and plain-language summaries on mental health inequalities. <a href="/feeds">Subscribe</a> ·{" "}
            <a href="/api/docs">API reference</a>
          </p>
        </footer>
      </body>
    </html>
  );
}
