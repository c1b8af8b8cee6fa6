// The site's one stylesheet, served at /static/site.css: system fonts, high contrast, readable on any phone.
export const SITE_CSS = `
:root { color-scheme: light dark; --ink: #1b1b1f; --paper: #fdfdfc; --muted: #4a4a55; --accent: #005a9c; --rule: #d0d0d8; }
@media (prefers-color-scheme: dark) { :root { --ink: #ececf1; --paper: #16161a; --muted: #b9b9c6; --accent: #8cc4ff; --rule: #3a3a44; } }
* { box-sizing: border-box; }
body { margin: 0; font: 1.0625rem/1.6 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--paper); }
a { color: var(--accent); text-underline-offset: 0.15em; }
a:focus-visible, button:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.skip { position: absolute; left: -999px; } .skip:focus { left: 1rem; top: 1rem; background: var(--paper); padding: 0.5rem; }
header.site, footer.site { border-bottom: 1px solid var(--rule); padding: 0.75rem 1rem; }
footer.site { border-top: 1px solid var(--rule); border-bottom: 0; color: var(--muted); font-size: 0.95rem; margin-top: 3rem; }
header.site a { font-weight: 600; text-decoration: none; }
main { max-width: 46rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.75rem; line-height: 1.25; } h2 { font-size: 1.3rem; margin-top: 2rem; }
ul.items { list-style: none; padding: 0; } ul.items li { border-top: 1px solid var(--rule); padding: 0.75rem 0; }
.meta { color: var(--muted); font-size: 0.95rem; }
code, pre { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.92em; }
pre { overflow-x: auto; background: color-mix(in srgb, var(--ink) 6%, transparent); padding: 0.75rem; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; border-top: 1px solid var(--rule); padding: 0.35rem 0.5rem; vertical-align: top; }
.method { font-weight: 700; text-transform: uppercase; }
form.search-feed { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
form.search-feed label { flex-basis: 100%; font-weight: 600; }
input, button { font: inherit; color: var(--ink); background: var(--paper); border: 1px solid var(--muted); border-radius: 4px; padding: 0.45rem 0.7rem; }
input[type="search"] { flex: 1 1 14rem; min-width: 0; }
button { cursor: pointer; }
input:focus-visible { outline: 3px solid var(--accent); outline-offset: 1px; }
.notice { border-left: 4px solid var(--accent); padding: 0.5rem 1rem; background: color-mix(in srgb, var(--accent) 8%, transparent); }
.small-caps { font-variant: small-caps; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; } dl.facts dt { font-weight: 600; } dl.facts dd { margin: 0; }
`;
