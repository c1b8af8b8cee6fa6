// When the search index fails, search answers 503 with Retry-After and everything else goes on serving (issue 12, faults).
import { env, SELF } from "cloudflare:test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createItem, createToken, publishItem } from "./helpers";

const SITE = "http://repository.test";

describe("a search index that fails", () => {
  let briefingId: string;

  beforeAll(async () => {
    const editor = await createToken("editor");
    briefingId = await createItem("briefings", { title: "Warm homes on prescription", summary: "Heating helps.", body: "Text.", audience: "Commissioners" }, editor);
    await publishItem("briefings", briefingId, editor);
    expect((await SELF.fetch(`${SITE}/api/search?q=warm`)).status).toBe(200);
    // A real failure, not a mock: the full-text tables are moved away, so every query that needs them fails in D1.
    await env.DB.batch([env.DB.prepare("ALTER TABLE search_fts RENAME TO search_fts_away"), env.DB.prepare("ALTER TABLE suggest_fts RENAME TO suggest_fts_away")]);
  });

  afterAll(async () => {
    await env.DB.batch([env.DB.prepare("ALTER TABLE search_fts_away RENAME TO search_fts"), env.DB.prepare("ALTER TABLE suggest_fts_away RENAME TO suggest_fts")]);
  });

  it("answers search, suggestions and search feeds with 503 and Retry-After, as problem+json or a page", async () => {
    for (const path of ["/api/search?q=warm", "/api/suggest?q=warm", "/feeds/search.rss?q=warm"]) {
      const response = await SELF.fetch(`${SITE}${path}`);
      expect(response.status, path).toBe(503);
      expect(response.headers.get("retry-after"), path).toBe("60");
      expect(response.headers.get("content-type"), path).toContain("application/problem+json");
      expect(((await response.json()) as { detail: string }).detail, path).toContain("Search is not available just now");
    }
    const page = await SELF.fetch(`${SITE}/search?q=warm`);
    expect(page.status).toBe(503);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(await page.text()).toContain("Search is not available just now");
  });

  it("goes on serving pages, feeds, OAI-PMH, the sitemap and the API", async () => {
    for (const path of ["/", `/briefings/${briefingId}`, "/briefings", "/api/briefings", `/api/briefings/${briefingId}`, "/feeds/briefings.rss", "/oai?verb=ListRecords&metadataPrefix=oai_dc&set=briefings", "/sitemap.xml"]) {
      const response = await SELF.fetch(`${SITE}${path}`);
      expect(response.status, path).toBe(200);
    }
    expect(await (await SELF.fetch(`${SITE}/briefings/${briefingId}`)).text()).toContain("Warm homes on prescription");
  });
});
