// The page shell on every page: doctype, header search and sections, footer, favicon, security headers, ETags and 304s,
// the home page's lists, /about and /accessibility.
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { callApi, createItem, createToken, deposit, publishItem } from "./helpers";

let editor: string;
const ids: Record<string, string> = {};

const create = (kind: string, json: Record<string, unknown>) => createItem(kind, json, editor);

const publish = (kind: string, id: string, body: Record<string, unknown> = {}) => publishItem(kind, id, editor, body);

beforeAll(async () => {
  editor = await createToken("editor");
  const { report } = await deposit(
    `@article{shell2024, author = {Zephyrine, Sample and Quillon, Example and Abernathy, Test}, title = {Sample study for the shell}, journal = {Journal of Sample Shells}, year = 2024}
@article{hidden2023, author = {Hidden, Sample}, title = {Sample study later withdrawn from the shell}, journal = {J}, year = 2023}`,
    editor,
  );
  for (const entry of report.entries) ids[entry.key] = entry.id;
  ids.welsh = await create("lay-summaries", { publication_id: ids.shell2024, language: "cy", title: "Crynodeb enghreifftiol o'r gragen", body: "Testun enghreifftiol." });
  await publish("lay-summaries", ids.welsh);
  ids.orphan = await create("lay-summaries", { publication_id: ids.hidden2023, language: "en", title: "Sample summary of a withdrawn paper", body: "Sample text." });
  await publish("lay-summaries", ids.orphan);
  const withdrawn = await callApi(`/api/publications/${ids.hidden2023}/withdraw`, { method: "POST", token: editor, json: { reason: "A sample withdrawal." } });
  expect(withdrawn.status).toBe(200);
  ids.briefing = await create("briefings", { title: "Sample briefing for the shell", summary: "S.", body: "B.", audience: "Local councils" });
  await publish("briefings", ids.briefing);
  // A publication's page changes (and so its ETag) when the queue stores its citations: let that happen first.
  const rendered = async () => (await env.DB.prepare("SELECT count(*) AS n FROM citations WHERE publication_id = ?").bind(ids.shell2024).first<{ n: number }>())!.n;
  for (let attempt = 0; attempt < 150 && (await rendered()) < 5; attempt++) await new Promise((resolve) => setTimeout(resolve, 200));
  expect(await rendered()).toBe(5);
});

const PAGES = ["/", "/about", "/accessibility", "/feeds", "/api/docs"];

describe("every page's shell", () => {
  it.each([...PAGES, "/no-such-page"])("%s starts with the HTML doctype and has the header search, the sections and the footer", async (path) => {
    const response = await callApi(path);
    const html = await response.text();
    expect(response.status).toBe(path === "/no-such-page" ? 404 : 200);
    expect(html.startsWith("<!DOCTYPE html><html lang=\"en-GB\">")).toBe(true);
    expect(html).toMatch(/<form class="search-box" action="\/search" method="get" role="search" aria-label="Site search">/u);
    expect(html).toMatch(/<label for="site-search" class="visually-hidden">Search the repository<\/label>/u);
    expect(html).toMatch(/<input type="search" id="site-search" name="q"/u);
    const nav = html.match(/<nav class="site-nav" aria-label="Sections">(.*?)<\/nav>/su)![1];
    expect([...nav.matchAll(/<a href="([^"]+)"[^>]*>([^<]+)<\/a>/gu)].map((m) => `${m[2]} ${m[1]}`)).toEqual([
      "Search /search",
      "Topics /topics",
      "Briefings /briefings",
      "Publications /publications",
      "Plain-language summaries /lay-summaries",
      "Subscribe /feeds",
    ]);
    expect(html).toContain('<a class="skip" href="#main">Skip to content</a>');
    expect(html).toContain('<a href="/about">About the centre</a>');
    expect(html).toContain('<a href="/accessibility">Accessibility statement</a>');
    expect(html).toContain('<link rel="icon" href="/favicon.svg" type="image/svg+xml"/>');
  });

  it.each([...PAGES, "/no-such-page"])("%s has no inline script or style, which the Content-Security-Policy forbids", async (path) => {
    const html = await (await callApi(path)).text();
    expect(html).not.toMatch(/\sstyle="/u);
    expect(html).not.toMatch(/<style[\s>]/u);
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/u);
    expect(html).not.toMatch(/\son[a-z]+="/u);
  });

  it.each([...PAGES, "/no-such-page", `/publications/ID`])("%s carries the security headers", async (path) => {
    const response = await callApi(path.replace("ID", ids.shell2024));
    expect(response.headers.get("content-security-policy")).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    );
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
  });

  it("gives feeds, the API, the stylesheet and the icon a policy that allows nothing, and their own validators", async () => {
    for (const path of ["/feeds/all.rss", "/api/publications", "/static/site.css", "/favicon.svg"]) {
      const response = await callApi(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get("content-security-policy"), path).toBe("default-src 'none'; frame-ancestors 'none'");
    }
    const feed = await callApi("/feeds/all.rss");
    expect(feed.headers.get("etag")).not.toMatch(/^"page/u);
  });

  it("serves its icon as SVG from this origin", async () => {
    const response = await callApi("/favicon.svg");
    expect(response.headers.get("content-type")).toBe("image/svg+xml");
    expect(response.headers.get("cache-control")).toBe("public, max-age=86400");
    expect(await response.text()).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 32 32">/u);
  });

  it("wraps long words and URLs, and has a dark colour scheme", async () => {
    const css = await (await callApi("/static/site.css")).text();
    expect(css).toMatch(/body \{[^}]*overflow-wrap: anywhere;/u);
    expect(css).toContain("@media (prefers-color-scheme: dark)");
  });
});

describe("conditional GETs for public pages", () => {
  it.each(["/", "/about", "/accessibility", "/feeds", "/api/docs", "/publications/ID", "/lay-summaries/WELSH"])(
    "%s has an ETag and Cache-Control, and answers 304 to a repeated request with it",
    async (template) => {
      const path = template.replace("ID", ids.shell2024).replace("WELSH", ids.welsh);
      const first = await callApi(path);
      expect(first.status).toBe(200);
      const etag = first.headers.get("etag")!;
      expect(etag).toMatch(/^"page\d+\.[^"]+"$/u);
      expect(first.headers.get("cache-control")).toBe("public, no-cache");
      const again = await callApi(path, { headers: { "if-none-match": etag } });
      expect(again.status).toBe(304);
      expect(again.headers.get("etag")).toBe(etag);
      expect(await again.text()).toBe("");
      const weak = await callApi(path, { headers: { "if-none-match": `"another", W/${etag}` } });
      expect(weak.status).toBe(304);
    },
  );

  it("gives each page its own ETag, and a new one once something is published", async () => {
    const home = (await callApi("/")).headers.get("etag")!;
    const about = (await callApi("/about")).headers.get("etag")!;
    expect(home).not.toBe(about);
    expect((await callApi("/about", { headers: { "if-none-match": home } })).status).toBe(200);
    const briefing = await create("briefings", { title: "Sample briefing published later", summary: "S.", body: "B.", audience: "Everyone" });
    await publish("briefings", briefing);
    const after = await callApi("/", { headers: { "if-none-match": home } });
    expect(after.status).toBe(200);
    expect(after.headers.get("etag")).not.toBe(home);
    expect(await after.text()).toContain("Sample briefing published later");
  });

  it("never caches an error page", async () => {
    const missing = await callApi("/no-such-page");
    expect(missing.status).toBe(404);
    expect(missing.headers.get("etag")).toBeNull();
    expect(missing.headers.get("cache-control")).toBeNull();
    expect(await missing.text()).toMatch(/<form class="search-box search-box-big" action="\/search" method="get" role="search" aria-label="Search for a missing page">/u);
    const gone = await callApi(`/publications/${ids.hidden2023}`);
    expect(gone.status).toBe(410);
    expect(gone.headers.get("etag")).toBeNull();
  });
});

describe("the home page", () => {
  it("has the big search box and lists the newest public items of each kind, a summary in its own language", async () => {
    const html = await (await callApi("/")).text();
    expect(html).toContain("<h1>Research on mental health inequalities</h1>");
    expect(html).toMatch(/<label for="home-search" class="search-label">Search research, briefings and summaries<\/label>/u);
    expect(html).toMatch(/<input type="search" id="home-search" name="q"/u);
    expect(html).toContain(
      `<a href="/publications/${ids.shell2024}" dir="auto">Sample study for the shell</a><div class="meta">Sample Zephyrine, Example Quillon, Test Abernathy · 2024 · Journal of Sample Shells</div>`,
    );
    expect(html).toContain(`<a href="/lay-summaries/${ids.welsh}" lang="cy" dir="ltr">Crynodeb enghreifftiol o&#39;r gragen</a><div class="meta">Summary of: Sample study for the shell</div>`);
    expect(html).toContain(`<a href="/briefings/${ids.briefing}" dir="ltr">Sample briefing for the shell</a><div class="meta">For Local councils</div>`);
    // A summary of a withdrawn paper has no page, so it is not listed; nor is the paper.
    expect(html).not.toContain("Sample summary of a withdrawn paper");
    expect(html).not.toContain("Sample study later withdrawn from the shell");
  });
});

describe("/about and /accessibility", () => {
  it("states the centre's aims in plain words", async () => {
    const html = await (await callApi("/about")).text();
    expect(html).toContain("<title>About the centre · Mental Health Inequalities Repository</title>");
    expect([...html.matchAll(/<h3>([^<]+)<\/h3>/gu)].map((m) => m[1])).toEqual([
      "Understand the causes",
      "Find what works, here and abroad",
      "Share what we learn",
      "Open research to everyone",
      "Research inclusively",
    ]);
    expect(html).toContain("This is sometimes called &quot;reverse innovation&quot;.");
  });

  it("publishes an accessibility statement naming the standard, the tests and where to report a problem", async () => {
    const html = await (await callApi("/accessibility")).text();
    expect([...html.matchAll(/<h2>([^<]+)<\/h2>/gu)].map((m) => m[1])).toEqual([
      "How accessible this website is",
      "Feedback and contact information",
      "Reporting accessibility problems with this website",
      "Enforcement procedure",
      "Technical information about this website&#39;s accessibility",
      "How we tested this website",
      "Preparation of this accessibility statement",
    ]);
    expect(html).toContain("WCAG) version 2.2</a> AA");
    expect(html).toContain(`<a href="mailto:${env.ADMIN_EMAIL}">${env.ADMIN_EMAIL}</a>`);
    expect(html).toContain("at a width of 320 CSS pixels");
  });
});
