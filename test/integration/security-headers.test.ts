// Security headers on every response the repository gives, of every kind and status: pages, errors, the API, feeds,
// OPML, OAI-PMH, sitemaps, static files, 304s, redirects and the desk; HSTS only over HTTPS.
import { SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { callApi, createToken, deposit } from "./helpers";
import { signInAs } from "./desk-helpers";

const PAGE_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
const MACHINE_POLICY = "default-src 'none'; frame-ancestors 'none'";

let publicationId: string;
let pageEtag: string;
let deskCookie: string;

beforeAll(async () => {
  const editor = await createToken("editor");
  const { report } = await deposit(`@article{headers2024, author = {Placeholder, Header}, title = {Invented headers study}, journal = {Invented}, year = 2024}`, editor);
  publicationId = report.entries[0].id;
  deskCookie = (await signInAs("depositor")).cookie;
  // After every write above: a page's ETag follows the data version.
  pageEtag = (await callApi("/about")).headers.get("etag")!;
});

type Case = { name: string; path: string; status: number; html: boolean; init?: RequestInit };

function cases(): Case[] {
  return [
    { name: "a page", path: "/", status: 200, html: true },
    { name: "a publication's page", path: `/publications/${publicationId}`, status: 200, html: true },
    { name: "an error page", path: "/no-such-page", status: 404, html: true },
    // A 304's headers replace the stored page's: it must carry the page's policy, or the page loses its stylesheet.
    { name: "a page's 304", path: "/about", status: 304, html: true, init: { headers: { "if-none-match": pageEtag } } },
    { name: "a redirect to sign in", path: "/account", status: 303, html: false },
    { name: "a desk page", path: "/account", status: 200, html: true, init: { headers: { cookie: deskCookie } } },
    { name: "the sign-in page", path: "/sign-in", status: 200, html: true },
    { name: "an API item", path: `/api/publications/${publicationId}`, status: 200, html: false },
    { name: "an API list", path: "/api/publications", status: 200, html: false },
    { name: "an API error", path: "/api/publications/not-an-id", status: 422, html: false },
    { name: "an API 404", path: "/api/nothing-here", status: 404, html: false },
    { name: "an RSS feed", path: "/feeds/all.rss", status: 200, html: false },
    { name: "an Atom feed", path: "/feeds/all.atom", status: 200, html: false },
    { name: "a JSON Feed", path: "/feeds/all.json", status: 200, html: false },
    { name: "a feed's error", path: "/feeds/topics/no-such-topic.rss", status: 404, html: false },
    { name: "the OPML", path: "/feeds.opml", status: 200, html: false },
    { name: "OAI-PMH", path: "/oai?verb=Identify", status: 200, html: false },
    { name: "the sitemap", path: "/sitemap.xml", status: 200, html: false },
    { name: "robots.txt", path: "/robots.txt", status: 200, html: false },
    { name: "the stylesheet", path: "/static/site.css", status: 200, html: false },
    { name: "a script", path: "/static/suggest.js", status: 200, html: false },
    { name: "the icon", path: "/favicon.svg", status: 200, html: false },
  ];
}

async function fetchOver(scheme: "http" | "https", path: string, init: RequestInit = {}): Promise<Response> {
  const response = await SELF.fetch(`${scheme}://repository.test${path}`, { redirect: "manual", ...init });
  await response.arrayBuffer();
  return response;
}

describe("every kind of response", () => {
  it("carries a Content-Security-Policy, nosniff, a referrer policy and no framing, and no HSTS over plain HTTP", async () => {
    for (const c of cases()) {
      const response = await fetchOver("http", c.path, c.init);
      expect(response.status, c.name).toBe(c.status);
      expect(response.headers.get("content-security-policy"), c.name).toBe(c.html ? PAGE_POLICY : MACHINE_POLICY);
      expect(response.headers.get("x-content-type-options"), c.name).toBe("nosniff");
      expect(response.headers.get("referrer-policy"), c.name).toBe("strict-origin-when-cross-origin");
      expect(response.headers.get("x-frame-options"), c.name).toBe("DENY");
      expect(response.headers.get("strict-transport-security"), c.name).toBeNull();
    }
  });

  it("carries HSTS when the request came over HTTPS", async () => {
    for (const c of cases()) {
      const response = await fetchOver("https", c.path, c.init);
      expect(response.status, c.name).toBe(c.status);
      expect(response.headers.get("strict-transport-security"), c.name).toBe("max-age=63072000; includeSubDomains");
      expect(response.headers.get("content-security-policy"), c.name).toBe(c.html ? PAGE_POLICY : MACHINE_POLICY);
    }
  });

  it("covers answers to writes too: a deposit's report, a refused token and a body too large", async () => {
    const editor = await createToken("editor");
    const answers = [
      await callApi("/api/deposits?dry_run=1", { method: "POST", token: editor, headers: { "content-type": "application/x-bibtex" }, body: "@misc{a, title = {T}}" }),
      await callApi("/api/briefings", { method: "POST", token: "mhr_nope_nope", json: {} }),
      await callApi("/oai", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "verb=Identify&x=" + "a".repeat(2 * 1024 * 1024) }),
    ];
    expect(answers.map((r) => r.status)).toEqual([200, 401, 413]);
    for (const response of answers) {
      expect(response.headers.get("content-security-policy")).toMatch(/frame-ancestors 'none'/u);
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    }
  });
});
