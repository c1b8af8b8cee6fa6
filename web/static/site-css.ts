// The site's one stylesheet, served at /static/site.css: system fonts, high contrast, dark mode, readable on any phone.
export const SITE_CSS = `
/* Base: the page shell (layout part). Colours, type, header, footer, focus, wrapping; each part appends its own block below.
   Text keeps to a readable measure: a direct child of main that needs the whole width (a two-column layout) has class "wide". */
:root {
  color-scheme: light dark;
  --ink: #1b1b1f; --paper: #ffffff; --muted: #4a4a55; --accent: #0b5394; --accent-hover: #003078; --rule: #d0d0d8; --tint: #f3f4f6;
  --band: #0b2e4f; --band-ink: #ffffff; --band-rule: #1d70b8; --button: #1d70b8; --button-hover: #003078; --button-ink: #ffffff;
  --focus: #ffdd00; --focus-ink: #0b0c0c; --page: 60rem; --measure: 44rem;
}
@media (prefers-color-scheme: dark) {
  :root { --ink: #ececf1; --paper: #16161a; --muted: #b9b9c6; --accent: #8cc4ff; --accent-hover: #c4e0ff; --rule: #3a3a44; --tint: #202027;
    --band: #0d1b2a; --band-ink: #f3f5f8; --band-rule: #5a9bd5; --button: #1d70b8; --button-hover: #2b86d6; }
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
/* Long words, DOIs and URLs break where they must rather than push the page sideways (320 px and up). */
body { margin: 0; font: 1.0625rem/1.6 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: var(--paper); overflow-wrap: anywhere; }
img, svg, video { max-width: 100%; height: auto; }
a { color: var(--accent); text-decoration-thickness: max(1px, 0.0625rem); text-underline-offset: 0.15em; }
a:hover { color: var(--accent-hover); text-decoration-thickness: max(3px, 0.1875rem); }
h1, h2, h3, h4 { line-height: 1.25; font-weight: 700; margin: 1.75rem 0 0.75rem; }
h1 { font-size: clamp(1.75rem, 1.35rem + 1.6vw, 2.4rem); margin-top: 0.5rem; }
h2 { font-size: 1.4rem; margin-top: 2.25rem; } h3 { font-size: 1.15rem; }
p, ul, ol, dl { margin: 0 0 1rem; }
main ul:not([class]) > li + li, main ol:not([class]) > li + li { margin-top: 0.4rem; }
.lead { font-size: 1.2rem; }
.meta { color: var(--muted); font-size: 0.95rem; }
.visually-hidden { position: absolute !important; width: 1px !important; height: 1px !important; margin: 0 !important; padding: 0 !important; overflow: hidden !important; clip: rect(0 0 0 0) !important; clip-path: inset(50%) !important; border: 0 !important; white-space: nowrap !important; }
.skip { position: absolute; left: -9999px; top: 0; }
.skip:focus { position: static; display: block; padding: 0.75rem 1rem; }
/* Header: the site's name, a search box and the sections, on a dark band in both colour schemes. */
.site-header { background: var(--band); color: var(--band-ink); border-bottom: 6px solid var(--band-rule); }
.site-header-inner, .site-nav ul { max-width: var(--page); margin: 0 auto; padding: 0.75rem 1rem; }
.site-header-inner { display: flex; flex-wrap: wrap; gap: 0.75rem 2rem; align-items: center; justify-content: space-between; padding-bottom: 0.5rem; }
.site-name { color: var(--band-ink); font-weight: 700; font-size: 1.2rem; line-height: 1.3; text-decoration: none; }
.site-name:hover { color: var(--band-ink); text-decoration: underline; }
.site-header .search-box { flex: 1 1 15rem; max-width: 24rem; }
.site-header .search-row input[type="search"] { border-color: var(--band-ink); }
.site-nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: 0 1.5rem; padding-top: 0; padding-bottom: 0.25rem; }
.site-nav a { display: inline-block; padding: 0.4rem 0; color: var(--band-ink); font-weight: 600; text-decoration: none; }
.site-nav a:hover, .site-nav a[aria-current="page"] { color: var(--band-ink); text-decoration: underline; text-decoration-thickness: 3px; }
@media (max-width: 40rem) { .site-nav ul { gap: 0 1rem; } .site-nav a { font-size: 0.95rem; padding: 0.2rem 0; } .site-name { font-size: 1.1rem; } }
/* Search boxes: the header's and the home page's bigger one. A GET form to /search. */
.search-box { margin: 0; }
.search-row { display: flex; }
.search-row input[type="search"] { flex: 1 1 auto; min-width: 0; border: 2px solid var(--ink); border-right: 0; border-radius: 0; background: var(--paper); color: var(--ink); }
.search-row button { flex: none; border: 2px solid var(--button); border-radius: 0; background: var(--button); color: var(--button-ink); font-weight: 600; }
.search-row button:hover { background: var(--button-hover); border-color: var(--button-hover); }
.search-box-big { margin: 1.5rem 0 0.75rem; }
.search-label { display: block; font-weight: 700; font-size: 1.2rem; margin-bottom: 0.4rem; }
.search-box-big input[type="search"], .search-box-big button { font-size: 1.2rem; padding: 0.55rem 0.8rem; }
main { display: block; max-width: var(--page); margin: 0 auto; padding: 1.5rem 1rem 3rem; }
main > :not(.wide) { max-width: var(--measure); }
.site-footer { background: var(--tint); border-top: 1px solid var(--rule); color: var(--muted); font-size: 0.95rem; padding: 1.5rem max(1rem, calc((100% - var(--page)) / 2 + 1rem)); }
.footer-links { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; }
.footer-links a { display: inline-block; padding: 0.15rem 0; }
/* Shared components. */
ul.items { list-style: none; padding: 0; } ul.items li { border-top: 1px solid var(--rule); padding: 0.75rem 0; }
code, pre { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.92em; }
pre { overflow-x: auto; background: color-mix(in srgb, var(--ink) 6%, transparent); padding: 0.75rem; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; border-top: 1px solid var(--rule); padding: 0.35rem 0.5rem; vertical-align: top; }
.table-scroll { overflow-x: auto; }
.method { font-weight: 700; text-transform: uppercase; }
form.search-feed { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
form.search-feed label { flex-basis: 100%; font-weight: 600; }
input, select, textarea, button { font: inherit; color: var(--ink); background: var(--paper); border: 1px solid var(--muted); border-radius: 4px; padding: 0.45rem 0.7rem; }
input[type="search"] { flex: 1 1 14rem; min-width: 0; }
button { cursor: pointer; }
.notice { border-left: 4px solid var(--accent); padding: 0.5rem 1rem; background: color-mix(in srgb, var(--accent) 8%, transparent); }
.small-caps { font-variant: small-caps; }
dl.facts { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 0.25rem 1rem; } dl.facts dt { font-weight: 600; } dl.facts dd { margin: 0; }
@media (max-width: 30rem) { dl.facts { grid-template-columns: minmax(0, 1fr); } dl.facts dd { margin-bottom: 0.5rem; } }
/* Focus: GOV.UK's yellow, strong in both colour schemes and on the header's band. */
:focus-visible { outline: 3px solid var(--focus); outline-offset: 0; }
a:focus-visible { outline: 3px solid transparent; color: var(--focus-ink); background-color: var(--focus); box-shadow: 0 -2px var(--focus), 0 4px var(--focus-ink); text-decoration: none; }
input:focus-visible, select:focus-visible, textarea:focus-visible { outline: 3px solid var(--focus); outline-offset: 0; box-shadow: inset 0 0 0 2px var(--focus-ink); }
button:focus-visible { outline: 3px solid transparent; color: var(--focus-ink); background: var(--focus); border-color: var(--focus); box-shadow: 0 2px var(--focus-ink); }
main:focus { outline: none; }
@media print { .skip, .site-header .search-box, .site-nav, .site-footer .footer-links { display: none; } .site-header { background: none; color: #000; border: 0; } .site-name { color: #000; } }
/* End of the base. */
/* Item pages (publication, briefing, lay summary, tombstone): summary lists, citations, references, print. */
dl.summary-list { margin: 1rem 0 1.5rem; border-top: 1px solid var(--rule); }
dl.summary-list > div { display: flex; flex-wrap: wrap; gap: 0 1rem; border-bottom: 1px solid var(--rule); padding: 0.45rem 0; }
dl.summary-list dt { flex: 0 0 9rem; font-weight: 600; }
dl.summary-list dd { flex: 1 1 14rem; margin: 0; min-width: 0; }
.item h1, .item .authors, .item .citation, .item li { overflow-wrap: anywhere; }
a.long-link { overflow-wrap: anywhere; word-break: break-word; }
.item .authors { font-size: 1.1rem; }
/* Item pages, many authors (items part): the first ten, then the rest behind a native disclosure, no JavaScript needed. */
.item .authors > p { margin-bottom: 0.35rem; }
.item details.more-authors { margin: 0 0 1rem; }
.item details.more-authors > summary { cursor: pointer; color: var(--accent); text-decoration: underline; text-underline-offset: 0.15em; width: fit-content; }
.item details.more-authors > summary:hover { color: var(--accent-hover); }
.item details.more-authors[open] > summary { margin-bottom: 0.35rem; }
ul.inline-list { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; }
dl.citations dt { font-weight: 600; margin-top: 0.75rem; }
dl.citations dd { margin: 0; }
.citation { margin: 0.25rem 0; padding: 0.5rem 0.75rem; border-left: 4px solid var(--rule); }
.key-messages h2 { margin-top: 0.25rem; } .key-messages ol { margin: 0; padding-left: 1.5rem; } .key-messages li { margin: 0.35rem 0; }
.item-text .lead { font-size: 1.15rem; }
ol.references { padding-left: 1.5rem; } ol.references li { margin: 0.6rem 0; }
@media print {
  header.site, footer.site, .site-header, .site-footer, .site-nav, nav { display: none !important; }
  body { font: 11pt/1.45 Georgia, "Times New Roman", serif; color: #000; background: #fff; }
  main { max-width: none; padding: 0; }
  a { color: #000; }
  .item-text a[href^="http"]::after, .summary-list a[href^="http"]::after { content: " (" attr(href) ")"; font-size: 0.9em; overflow-wrap: anywhere; }
  .summary-list a.long-link::after { content: none; }
  .notice, .key-messages { background: none; border: 1px solid #000; break-inside: avoid; }
  h1, h2, h3 { break-after: avoid; } li { break-inside: avoid; }
  ol.references a.no-print-url { display: none; }
}
/* Browse (topics, a topic, a person, lists by kind): titles that wrap, a pager, the subscribe box. */
ul.items li > a { font-weight: 600; font-size: 1.05rem; overflow-wrap: anywhere; }
ul.items li p { margin: 0.3rem 0 0; }
ul.items .meta { overflow-wrap: anywhere; }
.breadcrumb { margin: 0 0 0.5rem; }
nav.pager { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; margin: 1.5rem 0; padding-top: 1rem; border-top: 1px solid var(--rule); }
nav.pager a[rel="next"] { margin-left: auto; font-weight: 600; }
.subscribe { margin-top: 2rem; padding: 1rem 1.25rem; background: var(--tint); border-left: 4px solid var(--accent); }
.subscribe h2 { margin-top: 0; }
ul.feed-links { list-style: none; margin: 0.5rem 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; }
.lay-summary-links { margin-top: 0.35rem; }
ul.items .lay-summary-links ul { margin: 0.2rem 0 0; padding-left: 1.25rem; list-style: disc; }
ul.items .lay-summary-links li { border: 0; padding: 0.15rem 0; }
/* Search page (/search) and its suggestions (issue 10, item 1) */
.search-page h1 { margin-bottom: 0.5rem; }
.search-page-form .field-label { display: block; font-weight: 700; font-size: 1.2rem; }
.search-page-form .meta { margin: 0.2rem 0 0.5rem; max-width: var(--measure); }
.search-page-row { display: flex; align-items: stretch; max-width: var(--measure); }
.combo { position: relative; flex: 1 1 auto; min-width: 0; }
.combo input[type="search"] { width: 100%; border: 2px solid var(--ink); border-right: 0; border-radius: 0; font-size: 1.1rem; }
.search-page-row button { flex: none; border: 2px solid var(--button); border-radius: 0; background: var(--button); color: var(--button-ink); font-weight: 600; font-size: 1.1rem; }
.search-page-row button:hover { background: var(--button-hover); border-color: var(--button-hover); }
.refine { border: 0; padding: 0; margin: 1rem 0 0; }
.refine legend { font-weight: 700; padding: 0; }
.refine-row { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: flex-end; }
.refine-row .field label { display: block; font-size: 0.95rem; }
.refine-row input { width: 6.5rem; }
.refine-row button { border: 2px solid var(--button); color: var(--button); font-weight: 600; }
.field.has-error { border-left: 4px solid #b3261e; padding-left: 0.75rem; }
.field-error { color: #b3261e; font-weight: 700; margin: 0.25rem 0; }
.error-summary { border: 4px solid #b3261e; padding: 0.75rem 1rem; margin: 1rem 0; max-width: var(--measure); }
.error-summary h2 { margin-top: 0; font-size: 1.2rem; }
.error-summary a { color: #b3261e; font-weight: 700; }
@media (prefers-color-scheme: dark) { .field-error, .error-summary a { color: #ffb4ab; } .error-summary, .field.has-error { border-color: #ffb4ab; } }
.search-body { margin-top: 1.5rem; }
@media (min-width: 56rem) { .search-body { display: grid; grid-template-columns: 15rem minmax(0, 1fr); gap: 2.5rem; align-items: start; } .skip-facets { display: none; } }
.facets h2 { margin-top: 0; font-size: 1.15rem; }
.facet h3 { font-size: 1rem; margin: 1rem 0 0.25rem; }
.facet ul { list-style: none; padding: 0; margin: 0; }
.facet li { padding: 0.15rem 0; }
.facet a.selected { font-weight: 700; }
.facet a.selected::before { content: "✓ "; }
.facet .count { color: var(--muted); }
.equity-facets > h3 { font-size: 1.05rem; margin: 1.5rem 0 0; border-top: 1px solid var(--rule); padding-top: 0.75rem; }
.facet h4 { font-size: 0.95rem; margin: 0.75rem 0 0.25rem; }
.facet-more summary { cursor: pointer; padding: 0.25rem 0; text-decoration: underline; }
.facet-more .facet h4 { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
.search-main { max-width: var(--measure); }
.results h2 { margin-top: 0; }
.result-list { list-style: none; padding: 0; }
.result { border-top: 1px solid var(--rule); padding: 0.9rem 0; }
.result h3 { font-size: 1.15rem; margin: 0.1rem 0 0.25rem; }
.result p { margin: 0.2rem 0; }
.result-kind { font-size: 0.85rem; font-weight: 700; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); }
.search-page mark { background: #fff2a8; color: #1b1b1f; padding: 0 0.1em; }
@media (prefers-color-scheme: dark) { .search-page mark { background: #6b5a00; color: #fff; } }
.did-you-mean { font-size: 1.1rem; }
.pagination { display: flex; flex-wrap: wrap; gap: 1.5rem; padding: 1rem 0; border-top: 1px solid var(--rule); font-weight: 600; }
.search-page { overflow-wrap: anywhere; }
.suggest-list { position: absolute; z-index: 10; left: 0; right: 0; top: 100%; margin: 2px 0 0; padding: 0; list-style: none; background: var(--paper); border: 2px solid var(--ink); max-height: 22rem; overflow-y: auto; }
.suggest-list li { padding: 0.45rem 0.7rem; cursor: pointer; display: flex; flex-wrap: wrap; justify-content: space-between; gap: 0 0.75rem; }
.suggest-list li[aria-selected="true"] { background: var(--button); color: var(--button-ink); }
.suggest-type { font-size: 0.85rem; opacity: 0.85; }
/* Feeds: the feed builder on /feeds and a feed opened in a browser. */
.feed-builder form { display: grid; grid-template-columns: minmax(0, 1fr); gap: 0.75rem; max-width: 36rem; }
.feed-builder label, .feed-builder legend { display: block; font-weight: 600; margin-bottom: 0.25rem; }
.feed-builder fieldset { border: 0; padding: 0; margin: 0; }
.feed-builder .choice { display: flex; gap: 0.5rem; align-items: center; }
.feed-builder .choice label { font-weight: normal; margin: 0; }
.feed-builder select { font: inherit; padding: 0.4rem; width: 100%; }
.feed-builder input[type="checkbox"] { width: 1.25rem; height: 1.25rem; }
input.feed-address { width: 100%; font-family: ui-monospace, monospace; font-size: 0.9rem; padding: 0.4rem; }
/* The desk (issue 11): the signed-in bar, forms, tables of work, buttons by weight, statuses. */
.desk-bar { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 1.5rem; background: var(--tint); border: 1px solid var(--rule); padding: 0.5rem 1rem; margin-bottom: 1.5rem; }
.desk-who { margin: 0; }
.desk-nav { list-style: none; display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; margin: 0; padding: 0; }
.desk-nav a[aria-current="page"] { font-weight: 700; text-decoration-thickness: 3px; }
.desk-sign-out { margin: 0 0 0 auto; }
.desk-form { max-width: var(--measure); }
.desk-form .field, .desk-form fieldset { margin: 0 0 1.25rem; }
.desk-form label, .desk-form legend { display: block; font-weight: 700; margin-bottom: 0.2rem; }
.desk-form .meta { margin: 0 0 0.35rem; }
.desk-form input:not([type="checkbox"]):not([type="radio"]):not([type="hidden"]), .desk-form select, .desk-form textarea { width: 100%; max-width: 36rem; border: 2px solid var(--ink); border-radius: 0; }
.desk-form textarea { min-height: 10rem; font-family: inherit; }
.desk-form input[type="checkbox"], .desk-form input[type="radio"] { width: 1.25rem; height: 1.25rem; vertical-align: middle; }
.button-primary { background: var(--button); border: 2px solid var(--button); color: var(--button-ink); font-weight: 700; border-radius: 0; padding: 0.5rem 1rem; }
.button-primary:hover { background: var(--button-hover); border-color: var(--button-hover); }
.button-warning { background: #b3261e; border: 2px solid #b3261e; color: #fff; font-weight: 700; border-radius: 0; }
.button-warning:hover { background: #8c1d18; border-color: #8c1d18; }
.button-row { display: flex; flex-wrap: wrap; gap: 0.75rem; align-items: center; }
.token-value { width: 100%; font-family: ui-monospace, Menlo, Consolas, monospace; }
.notice label { display: block; font-weight: 700; }
.notice-title { margin-top: 0.5rem; font-size: 1.15rem; }
.inline-form { display: flex; flex-wrap: wrap; gap: 0.35rem; align-items: center; margin: 0; }
.desk-table td form { margin: 0; }
.desk-table th, .desk-table td { padding: 0.5rem; }
.status { display: inline-block; font-weight: 700; font-size: 0.9rem; padding: 0.1rem 0.45rem; border: 2px solid currentColor; }
.status-published { color: #00703c; } .status-returned, .status-withdrawn { color: #b3261e; } .status-submitted { color: var(--accent); } .status-draft { color: var(--muted); }
@media (prefers-color-scheme: dark) { .status-published { color: #7bd89f; } .status-returned, .status-withdrawn { color: #ffb4ab; } }
.not-public { border: 4px solid #b3261e; padding: 0.75rem 1rem; font-weight: 700; }
.passkey-status:empty { display: none; }
.passkey-status { font-weight: 700; }
/* Deposit (issue 11, /deposit): the report's counts and entries, their statuses, warnings, and the upload's progress. */
.deposit-counts { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; }
.deposit-counts strong { font-size: 1.4rem; }
.deposit-entries { padding-left: 0; list-style: none; max-width: var(--measure); }
.deposit-entry { border-top: 1px solid var(--rule); padding: 0.75rem 0; overflow-wrap: anywhere; }
.deposit-entry:target { outline: 3px solid var(--accent); outline-offset: 2px; }
.deposit-entry-where { margin: 0 0 0.25rem; }
.deposit-entry-title { font-size: 1.1rem; margin: 0.25rem 0; }
.deposit-entry .meta { margin: 0.25rem 0; }
.deposit-key { overflow-wrap: anywhere; }
.deposit-reason { margin: 0.25rem 0; }
.deposit-warnings { border-left: 4px solid #8a5a00; padding: 0.25rem 0.75rem; margin: 0.5rem 0; }
.deposit-warnings-title { font-weight: 700; margin: 0; }
.deposit-warnings ul { margin: 0.25rem 0; padding-left: 1.25rem; }
.status-new { color: #00703c; } .status-duplicate { color: var(--muted); } .status-invalid { color: #b3261e; }
@media (prefers-color-scheme: dark) { .status-new { color: #7bd89f; } .status-invalid { color: #ffb4ab; } .deposit-warnings { border-color: #f0b04a; } }
.deposit-progress { margin: 0 0 1rem; }
.deposit-progress-bar[hidden] { display: none; }
.deposit-progress progress { width: 100%; max-width: 36rem; height: 1.25rem; }
.deposit-progress-status { font-weight: 700; margin: 0.25rem 0; }
.deposit-progress-status:empty { display: none; }

/* Writing briefings and summaries (issue 11): choices in lists, paper search, the preview and the reading level. */
.write-choices { list-style: none; margin: 0 0 0.75rem; padding: 0; }
.write-choices li { margin: 0 0 0.4rem; padding-left: 1.9rem; text-indent: -1.9rem; }
.write-choices label { display: inline !important; font-weight: 400 !important; overflow-wrap: anywhere; }
.write-list-title { font-weight: 700; margin: 0.75rem 0 0.35rem; }
.write-paper-detail { display: block; text-indent: 0; }
.write-search { margin-bottom: 0.75rem; }
.write-search input { flex: 1 1 12rem; min-width: 0; }
.write-save { margin-top: 1.5rem; }
.write-form .button-row { margin-bottom: 1.25rem; }
.write-preview { border-top: 4px solid var(--rule); margin-top: 2rem; padding-top: 0.5rem; max-width: var(--measure); overflow-wrap: anywhere; }
/* The plain-language check (issue 14): on the writing forms and an editor's item page. */
.plain-language { border-left: 4px solid var(--rule); padding: 0.25rem 0 0.25rem 1rem; margin: 1rem 0 1.25rem; max-width: var(--measure); overflow-wrap: anywhere; }
.plain-language h2 { margin-top: 0; font-size: 1.15rem; }
.plain-language h3, .plain-language-part h3 { font-size: 1rem; margin: 1rem 0 0.25rem; }
.plain-language-summary { font-weight: 700; }
.plain-language-summary:empty { display: none; }
.plain-language-scores dt { font-weight: 700; }
.plain-language-scores dd { margin: 0 0 0.5rem; }
.plain-language-part ul { margin: 0.25rem 0 0.5rem; padding-left: 1.25rem; }

/* Review (issue 11): an item's desk page (its actions one under another) and the queue's pages. */
.desk-action { border-top: 1px solid var(--rule); padding-top: 0.5rem; margin-bottom: 1.5rem; }
.desk-action h3 { margin-top: 0.5rem; }
.desk-preview { border-left: 4px solid var(--rule); padding-left: 1rem; margin: 1.5rem 0; }
.review-pager ul { list-style: none; padding: 0; }
.topic-choices { list-style: none; padding: 0; margin: 0; }
.topic-choices li { display: flex; gap: 0.5rem; align-items: flex-start; margin: 0 0 0.4rem; }
.desk-form .topic-choices label { display: inline; font-weight: 400; margin: 0; }
.topic-choices input { flex: none; }
.desk-history { list-style: none; padding: 0; margin: 0; }
.desk-history li { border-left: 4px solid var(--rule); padding: 0 0 0 0.75rem; margin: 0 0 1rem; }
.desk-history p { margin: 0 0 0.2rem; }
.desk-history-what { font-weight: 700; }
/* Names and dates wrap between words (the page's overflow-wrap: anywhere broke them mid-word); the table scrolls instead. */
.review-queue th, .review-queue td { overflow-wrap: normal; }
.review-queue td:first-child { overflow-wrap: anywhere; min-width: 9rem; }
/* On a phone each waiting item is a block of labelled lines, not four squeezed columns. */
@media (max-width: 40rem) {
  .review-queue thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  .review-queue tr { display: block; border-bottom: 1px solid var(--rule); padding: 0.5rem 0; }
  .review-queue td { display: block; padding: 0.1rem 0; border: 0; }
  .review-queue td[data-label]::before { content: attr(data-label) ": "; font-weight: 700; }
}
/* Equity tags (issue 14): the picker's facets, places by region with their ICBs folded, and the queue's tags. */
.equity-picker { border: 0; padding: 0; margin: 1.5rem 0; min-width: 0; }
.desk-form .equity-picker > legend { font-size: 1.25rem; }
.equity-chosen { margin: 0 0 1rem; overflow-wrap: anywhere; }
.equity-facet, .equity-subgroup { min-width: 0; }
.equity-facet { border: 1px solid var(--rule); padding: 0.5rem 0.75rem 0.25rem; }
.equity-subgroup { border: 0; border-top: 1px solid var(--rule); padding: 0.5rem 0 0; margin: 0.75rem 0 0; }
.desk-form .equity-subgroup > legend { font-size: 1rem; padding: 0 0.25rem 0 0; }
.equity-choices { list-style: none; margin: 0 0 0.5rem; padding: 0; }
.equity-columns { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(15rem, 100%), 1fr)); gap: 0 1rem; }
.equity-choices li { margin: 0 0 0.4rem; padding-left: 1.9rem; text-indent: -1.9rem; overflow-wrap: anywhere; }
.equity-choices li > *, .equity-choices details { text-indent: 0; }
.desk-form .equity-choices label { display: inline; font-weight: 400; margin: 0; }
.equity-narrower { margin: 0.4rem 0 0; }
.equity-icbs { margin: 0.25rem 0 0.5rem; }
.equity-icbs > summary { cursor: pointer; color: var(--accent); text-decoration: underline; text-underline-offset: 0.15em; width: fit-content; }
.equity-icbs > summary:hover { color: var(--accent-hover); }
.queue-tag-link { display: inline-block; }
/* The equity lens's public pages (issue 14): values with counts, the home page's first click, the gap map and its heat map. */
.count { color: var(--muted); white-space: nowrap; }
ul.equity-values { list-style: none; padding: 0; margin: 0 0 1rem; }
ul.equity-values > li { padding: 0.3rem 0; border-top: 1px solid var(--rule); }
ul.equity-values ul { list-style: none; margin: 0.25rem 0 0; padding-left: 1.25rem; }
ul.equity-values ul li { padding: 0.15rem 0; }
.who-and-where .columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(16rem, 100%), 1fr)); gap: 0 2rem; }
.who-and-where h3 { margin-top: 0.5rem; }
.facet-contents ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.25rem 1.5rem; }
ul.equity-related { list-style: none; padding: 0; margin: 1rem 0; }
ul.equity-related > li { padding: 0.35rem 0; border-top: 1px solid var(--rule); }
ul.equity-related ul { list-style: none; padding-left: 1.25rem; margin: 0.25rem 0 0; }
.equity-related .label { font-weight: 600; }
.gap-map-form { display: flex; flex-wrap: wrap; gap: 0.75rem 1.25rem; align-items: flex-end; margin: 1rem 0 1.5rem; }
.gap-map-form div.field > label, .gap-map-form legend { display: block; font-weight: 600; }
.gap-map-form .choice { display: flex; gap: 0.5rem; align-items: center; padding: 0.15rem 0; }
.gap-map-form .choice input { width: 1.25rem; height: 1.25rem; margin: 0; }
.gap-map-form fieldset { border: 0; padding: 0; margin: 0; min-width: 0; }
.gap-map-form button { border: 2px solid var(--button); background: var(--button); color: var(--button-ink); font-weight: 600; }
.gap-map-form button:hover { background: var(--button-hover); border-color: var(--button-hover); }
table.gap-map { width: auto; min-width: 100%; margin-bottom: 0.5rem; }
/* The caption stays in view while the table scrolls sideways on a phone; so do the row headers. */
table.gap-map caption { text-align: left; font-weight: 600; padding: 0.25rem 0 0.5rem; position: sticky; left: 0; max-width: calc(100vw - 2.5rem); }
table.gap-map tbody th, table.gap-map tfoot th { position: sticky; left: 0; background: var(--paper); z-index: 1; }
table.gap-map th, table.gap-map td { overflow-wrap: normal; }
table.gap-map thead th { vertical-align: bottom; font-size: 0.9rem; min-width: 5.5rem; }
table.gap-map tbody th { min-width: 8.5rem; }
table.gap-map th.narrower { padding-left: 1.5rem; font-weight: 400; }
table.gap-map td { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.gap-map td a { display: inline-block; min-width: 2.75rem; padding: 0.2rem 0.35rem; font-weight: 700; }
table.gap-map td.gap { color: var(--muted); background: color-mix(in srgb, var(--muted) 10%, transparent); }
table.gap-map .gap-mark { font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.03em; }
table.gap-map .total, table.gap-map tfoot th { font-weight: 700; border-top: 2px solid var(--ink); }
table.gap-map td.total { border-top-width: 1px; border-left: 2px solid var(--rule); }
.table-scroll:focus-visible { outline: 3px solid var(--focus); }
/* What is visually hidden in a cell is positioned: the scrolling box must contain it, or the page scrolls sideways. */
.gap-map-scroll { position: relative; }
/* The heat map keeps its drawn size and scrolls sideways on a phone, as the table does, rather than shrink to nothing. */
.gap-chart { margin: 1rem 0; max-width: 100%; overflow-x: auto; }
.gap-chart:focus-visible { outline: 3px solid var(--focus); }
.gap-chart svg { display: block; max-width: none; }
.gap-chart .heat-label { font: 12px system-ui, sans-serif; fill: var(--ink); }
.gap-chart rect { stroke: var(--rule); stroke-width: 1; }
.gap-chart .heat-gap { fill: var(--paper); stroke: var(--muted); stroke-dasharray: 3 2; }
.gap-chart .heat-1 { fill: color-mix(in srgb, var(--accent) 25%, var(--paper)); }
.gap-chart .heat-2 { fill: color-mix(in srgb, var(--accent) 50%, var(--paper)); }
.gap-chart .heat-3 { fill: color-mix(in srgb, var(--accent) 75%, var(--paper)); }
.gap-chart .heat-4 { fill: var(--accent); }
`;
