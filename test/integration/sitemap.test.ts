import { XMLParser, XMLValidator } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { callApi, createToken, deposit } from "./helpers";

// vitest.config.ts sets SITEMAP_URLS_PER_FILE to 100 (50,000 in wrangler.toml), so 250 URLs need an index of three files.
const PER_FILE = 100;
const parser = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === "url" || name === "sitemap" });

let editor: string;
let publicIds: string[];
let withdrawnId: string;
let draftId: string;

async function readXml(path: string): Promise<any> {
  const response = await callApi(path);
  expect(response.status, path).toBe(200);
  expect(response.headers.get("content-type")).toBe("application/xml; charset=utf-8");
  const xml = await response.text();
  expect(XMLValidator.validate(xml)).toBe(true);
  return parser.parse(xml);
}

async function createBriefing(title: string, publish: boolean): Promise<string> {
  const response = await callApi("/api/briefings", { method: "POST", token: editor, json: { title, summary: "S.", body: "B.", audience: "Everyone" } });
  const id = ((await response.json()) as { id: string }).id;
  if (publish) expect((await callApi(`/api/briefings/${id}/publish`, { method: "POST", token: editor, json: {} })).status).toBe(200);
  return id;
}

beforeAll(async () => {
  editor = await createToken("editor");
  const entries = Array.from({ length: 40 }, (_, i) => `@misc{map${i}, author = {Mapper${i}, Sample}, title = {Sample sitemap entry ${i}}, year = 2018}`).join("\n");
  const { report } = await deposit(entries, editor);
  publicIds = report.entries.map((e: { id: string }) => e.id);
  withdrawnId = await createBriefing("Sample briefing: withdrawn", true);
  expect((await callApi(`/api/briefings/${withdrawnId}/withdraw`, { method: "POST", token: editor, json: { reason: "Superseded." } })).status).toBe(200);
  draftId = await createBriefing("Sample briefing: draft", false);
});

describe("sitemap and robots.txt", () => {
  it("lists the site's pages and every public item, with last-modified dates, in one file while they fit", async () => {
    const urlset = (await readXml("/sitemap.xml")).urlset;
    expect(urlset["@_xmlns"]).toBe("http://www.sitemaps.org/schemas/sitemap/0.9");
    const locs = urlset.url.map((u: any) => u.loc);
    expect(locs.slice(0, 3)).toEqual(["http://repository.test/", "http://repository.test/feeds", "http://repository.test/api/docs"]);
    expect(locs.length).toBe(3 + publicIds.length);
    expect(locs).toContain(`http://repository.test/publications/${publicIds[0]}`);
    expect(locs.some((loc: string) => loc.endsWith(withdrawnId) || loc.endsWith(draftId))).toBe(false);
    expect(urlset.url[3].lastmod).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/u);
  });

  it("becomes an index of files of at most the limit each, together listing every URL once", async () => {
    const more = Array.from({ length: 210 }, (_, i) => `@misc{more${i}, author = {More${i}, Sample}, title = {Sample sitemap extra ${i}}, year = 2017}`).join("\n");
    expect((await deposit(more, editor)).report.created).toBe(210);
    const total = 3 + publicIds.length + 210;
    const index = (await readXml("/sitemap.xml")).sitemapindex;
    const files = index.sitemap.map((s: any) => new URL(s.loc).pathname);
    expect(files).toEqual(["/sitemap-1.xml", "/sitemap-2.xml", "/sitemap-3.xml"]);
    const locs: string[] = [];
    for (const file of files) {
      const urls = (await readXml(file)).urlset.url;
      expect(urls.length).toBeLessThanOrEqual(PER_FILE);
      locs.push(...urls.map((u: any) => u.loc));
    }
    expect(locs.length).toBe(total);
    expect(new Set(locs).size).toBe(total);
    const missing = await callApi("/sitemap-4.xml");
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toBe("application/problem+json; charset=utf-8");
  });

  it("answers a conditional GET of the sitemap with 304", async () => {
    const first = await callApi("/sitemap.xml");
    const etag = first.headers.get("etag")!;
    expect((await callApi("/sitemap.xml", { headers: { "if-none-match": etag } })).status).toBe(304);
  });

  it("points robots.txt at the sitemap", async () => {
    const response = await callApi("/robots.txt");
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    const lines = (await response.text()).split("\n");
    expect(lines).toContain("Sitemap: http://repository.test/sitemap.xml");
    expect(lines).toContain("Disallow: /api/");
  });
});
