// Feeds as a person meets them in a browser: the builder on /feeds, a feed's address opened as a page, the OPML download.
import { beforeAll, describe, expect, it } from "vitest";
import { callApi, createToken, deposit } from "./helpers";

const AS_A_BROWSER = { "sec-fetch-dest": "document", accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" };

beforeAll(async () => {
  const editor = await createToken("editor");
  await deposit(`@article{browserFeed2024, author = {Placeholder, Feed}, title = {Debt advice <and> invented towns}, journal = {Invented}, year = 2024}`, editor);
});

describe("a feed opened in a browser", () => {
  it("is a page that says what a feed is, shows the address to copy and lists what the feed holds", async () => {
    const response = await callApi("/feeds/publications.rss", { headers: AS_A_BROWSER });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=UTF-8");
    expect(response.headers.get("vary")).toBe("Sec-Fetch-Dest");
    const html = await response.text();
    expect(html).toContain("<h2 id=\"how-to-subscribe\">This is a feed</h2>");
    expect(html).toContain('value="http://repository.test/feeds/publications.rss"');
    expect(html).toContain("Debt advice &lt;and&gt; invented towns");
    expect(html).toMatch(/<link rel="alternate" type="application\/atom\+xml" title="[^"]*" href="\/feeds\/publications\.atom"/u);
  });

  it("that does not exist is a page that says so, while a feed reader still gets problem+json", async () => {
    const page = await callApi("/feeds/topics/no-such-topic.rss", { headers: AS_A_BROWSER });
    expect(page.status).toBe(404);
    expect(page.headers.get("content-type")).toBe("text/html; charset=UTF-8");
    expect(await page.text()).toContain("There is no topic &#39;no-such-topic&#39;. Every topic&#39;s feed is listed at /feeds.");
    const reader = await callApi("/feeds/topics/no-such-topic.rss");
    expect(reader.status).toBe(404);
    expect(reader.headers.get("content-type")).toMatch(/^application\/problem\+json/u);
  });

  it("stays the feed for feed readers, with a validator of its own", async () => {
    const feed = await callApi("/feeds/publications.rss");
    expect(feed.headers.get("content-type")).toBe("application/rss+xml; charset=utf-8");
    expect(feed.headers.get("vary")).toBe("Sec-Fetch-Dest");
    const page = await callApi("/feeds/publications.rss", { headers: AS_A_BROWSER });
    expect(page.headers.get("etag")).not.toBe(feed.headers.get("etag"));
    expect((await callApi("/feeds/publications.rss", { headers: { ...AS_A_BROWSER, "if-none-match": page.headers.get("etag")! } })).status).toBe(304);
    expect((await callApi("/feeds/publications.rss", { headers: { "if-none-match": page.headers.get("etag")! } })).status).toBe(200);
  });

  it("keeps a search feed's filters in its other formats", async () => {
    const html = await (await callApi("/feeds/search.rss?q=debt&kind=publication", { headers: AS_A_BROWSER })).text();
    expect(html).toContain('href="/feeds/search.json?q=debt&amp;kind=publication"');
    expect(html).toContain("Debt advice");
  });
});

describe("the feed builder on /feeds", () => {
  async function builtAddress(query: string): Promise<string | null> {
    const html = await (await callApi(`/feeds${query}`)).text();
    return /id="built-feed-rss"[^>]*value="([^"]*)"/u.exec(html)?.[1]?.replaceAll("&amp;", "&") ?? null;
  }

  it("offers the plain feed where one exists, and a search feed otherwise", async () => {
    expect(await builtAddress("")).toBeNull();
    expect(await builtAddress("?topic=&q=")).toBe("http://repository.test/feeds/all.rss");
    expect(await builtAddress("?topic=housing-homelessness&q=")).toBe("http://repository.test/feeds/topics/housing-homelessness.rss");
    expect(await builtAddress("?topic=&kind=briefing&q=")).toBe("http://repository.test/feeds/briefings.rss");
    expect(await builtAddress("?topic=housing-homelessness&kind=briefing&kind=lay-summary&q=rent")).toBe(
      "http://repository.test/feeds/search.rss?q=rent&topic=housing-homelessness&kind=briefing&kind=lay-summary",
    );
  });

  it("leaves out a topic or kind that does not exist rather than failing", async () => {
    expect(await builtAddress("?topic=no-such-topic&kind=podcast&q=debt")).toBe("http://repository.test/feeds/search.rss?q=debt");
  });

  it("keeps what was chosen in the form", async () => {
    const html = await (await callApi("/feeds?topic=housing-homelessness&kind=briefing&q=rent")).text();
    expect(html).toMatch(/<option value="housing-homelessness" selected="">/u);
    expect(html).toMatch(/id="builder-kind-briefing" type="checkbox" name="kind" value="briefing" checked=""/u);
    expect(html).toContain('id="builder-words" name="q" type="search" value="rent"');
  });
});

describe("the OPML file", () => {
  it("downloads as a file for the feed reader's import", async () => {
    const response = await callApi("/feeds.opml");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="mental-health-inequalities-feeds.opml"');
  });
});
