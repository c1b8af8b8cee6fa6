// The page shell every server-rendered page shares: doctype, landmarks, skip link, header search, one stylesheet, no scripts needed.
import type { Child } from "hono/jsx";
import { raw } from "hono/html";

/** A feed a page offers: browsers and feed readers find it through `<link rel="alternate">`. */
export type AlternateFeed = { title: string; type: string; href: string };

export type LayoutProps = {
  title: string;
  siteName: string;
  lang?: string;
  feeds?: AlternateFeed[];
  /** A page's own tags inside `<head>` (citation metadata, Open Graph, a canonical link …). */
  head?: Child;
  /** The address of the section the page belongs to, marked as current in the header's navigation ("/topics"). */
  section?: string;
  children: Child;
};

/** The header's sections, in the order a reader meets them. */
export const SITE_SECTIONS: { href: string; label: string }[] = [
  { href: "/search", label: "Search" },
  { href: "/topics", label: "Topics" },
  { href: "/briefings", label: "Briefings" },
  { href: "/publications", label: "Publications" },
  { href: "/lay-summaries", label: "Plain-language summaries" },
  { href: "/feeds", label: "Subscribe" },
];

/**
 * A GET form to /search: it works without JavaScript, and a search's address can be shared. `id` keeps two boxes on one
 * page apart (the header's and the home page's); `label` names the search landmark, which must differ between them.
 */
export function SearchForm({ id, label, big = false, value }: { id: string; label: string; big?: boolean; value?: string }) {
  return (
    <form class={big ? "search-box search-box-big" : "search-box"} action="/search" method="get" role="search" aria-label={label}>
      <label for={id} class={big ? "search-label" : "visually-hidden"}>
        {big ? "Search research, briefings and summaries" : "Search the repository"}
      </label>
      <div class="search-row">
        <input type="search" id={id} name="q" value={value} autocomplete="off" spellcheck={false} />
        <button type="submit">Search</button>
      </div>
    </form>
  );
}

export function Layout({ title, siteName, lang = "en-GB", feeds = [], head, section, children }: LayoutProps) {
  return (
    <>
      {/* hono/jsx writes no doctype: without it Chromium renders in quirks mode. */}
      {raw("<!DOCTYPE html>")}
      <html lang={lang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`${title} · ${siteName}`}</title>
          <meta name="color-scheme" content="light dark" />
          <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
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
          <header class="site-header">
            <div class="site-header-inner">
              <a class="site-name" href="/">
                {siteName}
              </a>
              <SearchForm id="site-search" label="Site search" />
            </div>
            <nav class="site-nav" aria-label="Sections">
              <ul>
                {SITE_SECTIONS.map((s) => (
                  <li>
                    <a href={s.href} aria-current={s.href === section ? "page" : undefined}>
                      {s.label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          </header>
          <main id="main" tabindex={-1}>
            {children}
          </main>
          <footer class="site-footer">
            <p>Research, policy briefings and plain-language summaries on mental health inequalities.</p>
            <ul class="footer-links">
              <li>
                <a href="/about">About the centre</a>
              </li>
              <li>
                <a href="/accessibility">Accessibility statement</a>
              </li>
              <li>
                <a href="/feeds">Subscribe</a>
              </li>
              <li>
                <a href="/api/docs">API reference</a>
              </li>
            </ul>
          </footer>
        </body>
      </html>
    </>
  );
}
