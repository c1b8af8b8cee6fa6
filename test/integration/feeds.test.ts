import { parseAtomFeed, parseJsonFeed, parseOpml, parseRssFeed } from "feedsmith";
import { beforeAll, describe, expect, it } from "vitest";
import feedsBib from "../fixtures/feeds.bib?raw";
import { callApi, createToken, deposit } from "./helpers";

let editor: string;
/** Publication id by BibTeX key. */
const ids: Record<string, string> = {};
let briefingId: string;
let laySummaryId: string;
let withdrawnId: string;
let draftBriefingId: string;

/** Atom text constructs parse as `{ value, type }`. */
const text = (construct: unknown) => (typeof construct === "string" ? construct : (construct as { value?: string } | undefined)?.value);

async function fetchFeed(path: string, init: RequestInit = {}) {
  const response = await callApi(path, init);
  const body = await response.text();
  expect(response.status, body).toBe(200);
  return { response, body };
}

/** The entries of a feed in any of the three formats, each read by feedsmith, as { id, title, url, categories, authors, summary }. */
async function readFeed(path: string) {
  const { response, body } = await fetchFeed(path);
  const type = response.headers.get("content-type") ?? "";
  if (path.includes(".rss")) {
    expect(type).toBe("application/rss+xml; charset=utf-8");
    const feed = parseRssFeed(body);
    return {
      title: feed.title,
      entries: (feed.items ?? []).map((i) => ({
        id: i.guid?.value,
        title: i.title,
        url: i.link,
        summary: i.description,
        authors: i.dc?.creators ?? [],
        categories: (i.categories ?? []).map((c) => c.name),
        published: new Date(i.pubDate as string).toISOString(),
        updated: undefined as string | undefined,
      })),
    };
  }
  if (path.includes(".atom")) {
    expect(type).toBe("application/atom+xml; charset=utf-8");
    const feed = parseAtomFeed(body);
    return {
      title: text(feed.title),
      entries: (feed.entries ?? []).map((e) => ({
        id: e.id,
        title: text(e.title),
        url: e.links?.[0]?.href,
        summary: text(e.summary),
        authors: (e.authors ?? []).map((a) => a.name),
        categories: (e.categories ?? []).map((c) => c.term),
        published: e.published,
        updated: e.updated,
      })),
    };
  }
  expect(type).toBe("application/feed+json; charset=utf-8");
  const feed = parseJsonFeed(JSON.parse(body));
  return {
    title: feed.title,
    entries: (feed.items ?? []).map((i) => ({
      id: i.id,
      title: i.title,
      url: i.url,
      summary: i.content_text,
      authors: (i.authors ?? []).map((a) => a.name),
      categories: i.tags ?? [],
      published: i.date_published,
      updated: i.date_modified,
    })),
  };
}

const FORMATS = ["rss", "atom", "json"] as const;

/** How a summary reads in each format: RSS readers take a description as HTML, so its text comes escaped, with <br>. */
function summaryIn(format: (typeof FORMATS)[number], text: string): string {
  if (format !== "rss") return text;
  return text.replace(/&/gu, "&amp;").replace(/</gu, "&lt;").replace(/>/gu, "&gt;").replace(/\n/gu, "<br>");
}
const idOf = (url: string | undefined) => url?.split("/").pop();

async function publish(kind: string, id: string, body: Record<string, unknown> = {}) {
  const response = await callApi(`/api/${kind}/${id}/publish`, { method: "POST", token: editor, json: body });
  expect(response.status, await response.clone().text()).toBe(200);
}

async function create(kind: string, json: Record<string, unknown>): Promise<string> {
  const response = await callApi(`/api/${kind}`, { method: "POST", token: editor, json });
  expect(response.status, await response.clone().text()).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

beforeAll(async () => {
  editor = await createToken("editor");
  const { report } = await deposit(feedsBib, editor);
  for (const entry of report.entries) ids[entry.key] = entry.id;
  expect(Object.keys(ids).length).toBe(4);
  const patch = await callApi(`/api/publications/${ids.okafor2022}`, { method: "PATCH", token: editor, json: { topics: ["housing-homelessness"] } });
  expect(patch.status).toBe(200);
  briefingId = await create("briefings", {
    title: "Sample briefing: debt advice in GP surgeries",
    summary: "Sample summary.",
    key_messages: ["Debt advice belongs where people already go.", "Fund it for three years, not one."],
    body: "## Why\n\nSample body.",
    audience: "Integrated care boards",
    topics: ["income-debt-poverty"],
    publication_ids: [ids.escaping2024],
  });
  await publish("briefings", briefingId);
  laySummaryId = await create("lay-summaries", {
    publication_id: ids.okafor2022,
    language: "en",
    title: "Sample summary: when your home makes you ill",
    body: "Damp homes and the fear of eviction can make people anxious. This sample study spoke to renters.",
    topics: ["housing-homelessness"],
  });
  await publish("lay-summaries", laySummaryId);
  // Public, then withdrawn: feeds keep it, marked withdrawn.
  withdrawnId = await create("briefings", { title: "Sample briefing: later withdrawn", summary: "S.", key_messages: ["A message."], body: "B.", audience: "Everyone" });
  await publish("briefings", withdrawnId);
  const withdraw = await callApi(`/api/briefings/${withdrawnId}/withdraw`, { method: "POST", token: editor, json: { reason: "Superseded by a sample update." } });
  expect(withdraw.status).toBe(200);
  // Never public (yet): a draft, and a briefing under embargo until 2099.
  draftBriefingId = await create("briefings", { title: "Sample briefing: still a draft", summary: "S.", body: "B.", audience: "Everyone" });
  const embargoedId = await create("briefings", { title: "Sample briefing: under embargo", summary: "S.", key_messages: ["Embargoed."], body: "B.", audience: "Everyone" });
  await publish("briefings", embargoedId, { publish_at: "2099-01-01T00:00:00.000Z" });
});

describe("feeds in three formats, read by feedsmith", () => {
  it.each(FORMATS)("/feeds/all.%s lists every public item newest published first, and the withdrawn one as withdrawn", async (format) => {
    const feed = await readFeed(`/feeds/all.${format}`);
    expect(feed.title).toBe("Everything new · Mental Health Inequalities Repository");
    const titles = feed.entries.map((e) => e.title);
    expect(titles.slice(0, 3)).toEqual(["Withdrawn: Sample briefing: later withdrawn", "Sample summary: when your home makes you ill", "Sample briefing: debt advice in GP surgeries"]);
    expect(feed.entries.length).toBe(7);
    expect(titles).not.toContain("Sample briefing: still a draft");
    expect(titles).not.toContain("Sample briefing: under embargo");
    const withdrawn = feed.entries[0];
    expect(withdrawn.summary).toMatch(/^Withdrawn on \d{4}-\d{2}-\d{2}: Superseded by a sample update\.$/u);
    expect(withdrawn.url).toBe(`http://repository.test/briefings/${withdrawnId}`);
  });

  it.each(FORMATS)("/feeds/all.%s keeps escaped titles, accents, authors, topics and summaries intact", async (format) => {
    const feed = await readFeed(`/feeds/all.${format}`);
    const stored = (await (await callApi(`/api/publications/${ids.escaping2024}`)).json()) as { title: string; abstract: string };
    expect(stored.title).toContain("&");
    expect(stored.title).toContain("🙂");
    const escaping = feed.entries.find((e) => idOf(e.url) === ids.escaping2024)!;
    expect(escaping.title).toBe(stored.title);
    expect(escaping.summary).toBe(summaryIn(format, stored.abstract));
    expect(escaping.authors).toEqual(["Demo Ashworth", "Example Okafor"]);
    const accents = feed.entries.find((e) => idOf(e.url) === ids.accents2023)!;
    expect(accents.title).toBe("Santé mentale et précarité en Europe");
    expect(accents.authors).toEqual(["Ejemplo Sáez", "Kurt Gödel"]);
    const briefing = feed.entries.find((e) => idOf(e.url) === briefingId)!;
    expect(briefing.summary).toBe(summaryIn(format, "• Debt advice belongs where people already go.\n• Fund it for three years, not one."));
    expect(briefing.categories).toEqual(["Income, debt and poverty"]);
    const lay = feed.entries.find((e) => idOf(e.url) === laySummaryId)!;
    expect(lay.summary).toBe("Damp homes and the fear of eviction can make people anxious. This sample study spoke to renters.");
    expect(lay.authors).toEqual(["Example Okafor"]);
  });

  it("gives each kind its own feed", async () => {
    const briefings = await readFeed("/feeds/briefings.atom");
    expect(briefings.entries.map((e) => e.title)).toEqual(["Withdrawn: Sample briefing: later withdrawn", "Sample briefing: debt advice in GP surgeries"]);
    const publications = await readFeed("/feeds/publications.rss");
    expect(publications.entries.map((e) => idOf(e.url)).sort()).toEqual(Object.values(ids).sort());
    const lay = await readFeed("/feeds/lay-summaries.json");
    expect(lay.entries.map((e) => idOf(e.url))).toEqual([laySummaryId]);
  });

  it("gives each topic a feed of every kind on it, and 404 for an unknown topic", async () => {
    const housing = await readFeed("/feeds/topics/housing-homelessness.rss");
    expect(housing.title).toBe("Housing and homelessness · Mental Health Inequalities Repository");
    expect(housing.entries.map((e) => idOf(e.url))).toEqual([laySummaryId, ids.okafor2022]);
    const unknown = await callApi("/feeds/topics/no-such-topic.rss");
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("content-type")).toBe("application/problem+json; charset=utf-8");
    expect(((await unknown.json()) as { detail: string }).detail).toContain("no topic 'no-such-topic'");
  });

  it("gives each person a feed of their publications and the lay summaries of them", async () => {
    const okafor = (await (await callApi(`/api/publications/${ids.okafor2022}`)).json()) as { authors: { id: string; name: string }[] };
    const feed = await readFeed(`/feeds/people/${okafor.authors[0].id}.atom`);
    expect(feed.title).toBe("Example Okafor · Mental Health Inequalities Repository");
    expect(feed.entries.map((e) => idOf(e.url)).sort()).toEqual([ids.escaping2024, ids.okafor2022, laySummaryId].sort());
    expect((await callApi("/feeds/people/01KMZ0000000000000000000AB.rss")).status).toBe(404);
  });

  it("turns any search into a feed, with the search API's filters", async () => {
    const debt = await readFeed("/feeds/search.rss?q=debt");
    expect(debt.title).toBe("Search: “debt” · Mental Health Inequalities Repository");
    expect(debt.entries.map((e) => idOf(e.url))).toEqual([briefingId, ids.escaping2024]);
    const briefingsOnly = await readFeed("/feeds/search.json?q=debt&kind=briefing");
    expect(briefingsOnly.entries.map((e) => idOf(e.url))).toEqual([briefingId]);
    const housing = await readFeed("/feeds/search.atom?topic=housing-homelessness&kind=lay-summary");
    expect(housing.entries.map((e) => idOf(e.url))).toEqual([laySummaryId]);
    const accents = await readFeed("/feeds/search.rss?q=sante%20precarite");
    expect(accents.entries.map((e) => e.title)).toEqual(["Santé mentale et précarité en Europe"]);
    const none = await readFeed("/feeds/search.rss?q=zzyzx");
    expect(none.entries).toEqual([]);
  });

  it("answers bad feed requests with a problem a person can act on", async () => {
    for (const [path, status, words] of [
      ["/feeds/search.rss?topic=nope", 422, "Unknown topic 'nope'"],
      ["/feeds/search.rss?year_from=2030&year_to=2020", 422, "year_from is after year_to"],
      ["/feeds/all.rss?limit=201", 422, "limit"],
      ["/feeds/all.rss?limit=0", 422, "limit"],
      ["/feeds/all.xml", 404, ".rss, .atom or .json"],
      ["/feeds/everything.rss", 404, "no feed 'everything'"],
    ] as const) {
      const response = await callApi(path);
      expect(response.status, path).toBe(status);
      expect(response.headers.get("content-type")).toBe("application/problem+json; charset=utf-8");
      expect(((await response.json()) as { detail: string }).detail).toContain(words);
    }
  });
});

describe("what a subscriber sees over time", () => {
  it("keeps an entry's id when the item is edited, and moves its updated date", async () => {
    const before = (await readFeed("/feeds/publications.atom")).entries.find((e) => idOf(e.url) === ids.untitledless2021)!;
    await new Promise((resolve) => setTimeout(resolve, 5));
    const edit = await callApi(`/api/publications/${ids.untitledless2021}`, { method: "PATCH", token: editor, json: { title: "Social connection in later life (revised)" } });
    expect(edit.status).toBe(200);
    const after = (await readFeed("/feeds/publications.atom")).entries.find((e) => idOf(e.url) === ids.untitledless2021)!;
    expect(after.id).toBe(before.id);
    expect(after.title).toBe("Social connection in later life (revised)");
    expect(after.published).toBe(before.published);
    expect(after.updated! > before.updated!).toBe(true);
  });

  it("shows an embargoed item only from its publish-at time", async () => {
    const embargoEnds = Date.now() + 3000;
    const id = await create("briefings", { title: "Sample briefing: embargoed briefly", summary: "S.", key_messages: ["Soon."], body: "B.", audience: "Everyone" });
    await publish("briefings", id, { publish_at: new Date(embargoEnds).toISOString() });
    const titles = async () => (await readFeed("/feeds/briefings.json")).entries.map((e) => e.title);
    expect(await titles()).not.toContain("Sample briefing: embargoed briefly");
    const etag = (await callApi("/feeds/briefings.json")).headers.get("etag")!;
    expect((await callApi("/feeds/briefings.json", { headers: { "if-none-match": etag } })).status).toBe(304);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, embargoEnds - Date.now()) + 50));
    // The embargo's end changes the feed without any write: a client's copy from before is no longer current.
    expect((await callApi("/feeds/briefings.json", { headers: { "if-none-match": etag } })).status).toBe(200);
    expect((await titles())[0]).toBe("Sample briefing: embargoed briefly");
  });

  it("lists 50 items by default and up to 200 with ?limit=", async () => {
    const many = Array.from({ length: 210 }, (_, i) => `@misc{many${i}, author = {Writer${i}, Sample}, title = {Sample feed filler number ${i}}, year = 2020}`).join("\n");
    expect((await deposit(many, editor)).report.created).toBe(210);
    expect((await readFeed("/feeds/all.rss")).entries.length).toBe(50);
    expect((await readFeed("/feeds/all.atom?limit=200")).entries.length).toBe(200);
    expect((await readFeed("/feeds/publications.json?limit=7")).entries.length).toBe(7);
    const search = await readFeed("/feeds/search.rss?q=filler&limit=120");
    expect(search.entries.length).toBe(120);
    expect(search.entries[0].title).toBe("Sample feed filler number 209");
  });
});

describe("HTTP caching", () => {
  it("answers a conditional GET with 304 until something changes", async () => {
    // Last-Modified has whole seconds: it is sent once the last change is in an earlier second than the answer.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const { response } = await fetchFeed("/feeds/all.rss");
    const etag = response.headers.get("etag")!;
    const lastModified = response.headers.get("last-modified")!;
    expect(etag).toMatch(/^"[^"]+"$/u);
    expect(new Date(lastModified).toUTCString()).toBe(lastModified);
    expect(response.headers.get("cache-control")).toBe("public, max-age=300");

    const byTag = await callApi("/feeds/all.rss", { headers: { "if-none-match": etag } });
    expect(byTag.status).toBe(304);
    expect(await byTag.text()).toBe("");
    expect(byTag.headers.get("etag")).toBe(etag);
    const weak = await callApi("/feeds/all.rss", { headers: { "if-none-match": `"other", W/${etag}` } });
    expect(weak.status).toBe(304);
    const byDate = await callApi("/feeds/all.rss", { headers: { "if-modified-since": lastModified } });
    expect(byDate.status).toBe(304);
    const older = await callApi("/feeds/all.rss", { headers: { "if-modified-since": new Date(Date.parse(lastModified) - 60_000).toUTCString() } });
    expect(older.status).toBe(200);
    // A validator belongs to its own feed, and `*` is not taken as a match.
    expect((await callApi("/feeds/all.atom", { headers: { "if-none-match": etag } })).status).toBe(200);
    expect((await callApi("/feeds/topics/no-such-topic.rss", { headers: { "if-none-match": "*" } })).status).toBe(404);

    const id = await create("briefings", { title: "Sample briefing: news after the first fetch", summary: "S.", body: "B.", audience: "Everyone" });
    await publish("briefings", id);
    const changed = await callApi("/feeds/all.rss", { headers: { "if-none-match": etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);
    expect(parseRssFeed(await changed.text()).items?.[0].title).toBe("Sample briefing: news after the first fetch");
  });
});

describe("discovery", () => {
  it("lists every topic's feed in OPML, in folders a feed reader imports in one step", async () => {
    const response = await callApi("/feeds.opml");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/x-opml; charset=utf-8");
    const opml = parseOpml(await response.text());
    const folders = opml.body?.outlines ?? [];
    expect(folders.map((f) => f.text)).toEqual([
      "Everything",
      "By kind",
      "By topic",
      "By population group",
      "By protected characteristic",
      "By socioeconomic position",
      "By life-course stage",
      "By place",
    ]);
    const topicFeeds = folders[2].outlines ?? [];
    expect(topicFeeds.length).toBe(17);
    const housing = topicFeeds.find((o) => o.text === "Housing and homelessness")!;
    expect(housing.xmlUrl).toBe("http://repository.test/feeds/topics/housing-homelessness.rss");
    expect(housing.type).toBe("rss");
    expect((await readFeed(new URL(housing.xmlUrl!).pathname)).entries.length).toBeGreaterThan(0);
  });

  it("links feeds from pages with <link rel=alternate>, read by HTMLRewriter", async () => {
    const alternates = async (path: string) => {
      const links: { type: string | null; href: string | null; title: string | null }[] = [];
      const response = await callApi(path);
      expect(response.status, path).toBe(200);
      await new HTMLRewriter()
        .on('link[rel="alternate"]', { element: (e) => void links.push({ type: e.getAttribute("type"), href: e.getAttribute("href"), title: e.getAttribute("title") }) })
        .transform(response)
        .text();
      return links;
    };
    expect(await alternates("/")).toEqual([
      { type: "application/rss+xml", href: "/feeds/all.rss", title: "Everything new (RSS)" },
      { type: "application/atom+xml", href: "/feeds/all.atom", title: "Everything new (Atom)" },
      { type: "application/feed+json", href: "/feeds/all.json", title: "Everything new (JSON Feed)" },
    ]);
    const onPublication = (await alternates(`/publications/${ids.okafor2022}`)).map((l) => l.href);
    expect(onPublication).toContain("/feeds/topics/housing-homelessness.rss");
    expect(onPublication.filter((href) => href?.startsWith("/feeds/people/")).length).toBe(3);
    expect((await alternates(`/lay-summaries/${laySummaryId}`)).map((l) => l.href)).toContain("/feeds/topics/housing-homelessness.atom");
    expect((await alternates("/feeds")).length).toBe(3);
  });

  it("shows item pages for public items, a tombstone for withdrawn ones, and nothing for the rest", async () => {
    const page = await callApi(`/briefings/${briefingId}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Debt advice belongs where people already go.");
    const withdrawn = await callApi(`/briefings/${withdrawnId}`);
    expect(withdrawn.status).toBe(410);
    expect(await withdrawn.text()).toContain("Superseded by a sample update.");
    expect((await callApi(`/briefings/${draftBriefingId}`)).status).toBe(404);
    expect((await callApi("/publications/not-an-id")).status).toBe(404);
    // A publication's page offers its citations as files to download, and each link gives one.
    const citeLinks: string[] = [];
    await new HTMLRewriter()
      .on('a[href*="/cite"]', { element: (e) => void citeLinks.push(e.getAttribute("href")!) })
      .transform(await callApi(`/publications/${ids.accents2023}`))
      .text();
    expect(citeLinks.map((href) => new URL(href, "http://repository.test").searchParams.get("style"))).toEqual(["bibtex", "ris", "csl-json"]);
    for (const href of citeLinks) {
      const cite = await callApi(href);
      expect(cite.status, href).toBe(200);
      expect(await cite.text()).toMatch(/Revue d.Exemple/u);
    }
  });
});

describe("when a publication is withdrawn", () => {
  it("marks it withdrawn in the feeds, and its lay summary too, with the reason", async () => {
    const withdraw = await callApi(`/api/publications/${ids.okafor2022}/withdraw`, { method: "POST", token: editor, json: { reason: "Retracted: sample data error." } });
    expect(withdraw.status).toBe(200);
    const housing = await readFeed("/feeds/topics/housing-homelessness.atom");
    expect(housing.entries.map((e) => [idOf(e.url), e.title, e.summary])).toEqual([
      [laySummaryId, "Withdrawn: Sample summary: when your home makes you ill", expect.stringMatching(/: The publication it summarises was withdrawn: Retracted: sample data error\.$/u)],
      [ids.okafor2022, "Withdrawn: Housing insecurity and mental health in sample towns", expect.stringMatching(/^Withdrawn on \d{4}-\d{2}-\d{2}: Retracted: sample data error\.$/u)],
    ]);
    // A search feed lists what is public now, as search does.
    expect((await readFeed("/feeds/search.rss?q=eviction")).entries).toEqual([]);
  });
});

describe("what never was public stays out", () => {
  it("keeps a withdrawn draft, and a lay summary of a paper still in review, out of feeds and pages", async () => {
    const draft = await create("briefings", { title: "Sample briefing: draft then withdrawn", summary: "S.", body: "B.", audience: "Everyone", publish_at: "2020-01-01T00:00:00.000Z" });
    expect((await callApi(`/api/briefings/${draft}/withdraw`, { method: "POST", token: editor, json: { reason: "Never mind." } })).status).toBe(200);
    const depositor = await createToken("depositor");
    const inReview = (await deposit("@article{review2025, author = {Reviewer, Sample}, title = {Sample paper still in review}, year = 2025}", depositor)).report.entries[0].id;
    const lay = await create("lay-summaries", { publication_id: inReview, language: "en", title: "Sample summary of a paper in review", body: "Plain words." });
    await publish("lay-summaries", lay);
    const titles = (await readFeed("/feeds/all.json?limit=200")).entries.map((e) => e.title ?? "");
    expect(titles.filter((t) => t.includes("draft then withdrawn") || t.includes("in review"))).toEqual([]);
    expect((await callApi(`/briefings/${draft}`)).status).toBe(404);
    expect((await callApi(`/lay-summaries/${lay}`)).status).toBe(404);
    expect((await callApi(`/publications/${inReview}`)).status).toBe(404);
  });

  it("refuses to put a public item back under embargo: it is withdrawn, with a reason, instead", async () => {
    const republish = await callApi(`/api/briefings/${briefingId}/publish`, { method: "POST", token: editor, json: { publish_at: "2099-01-01T00:00:00.000Z" } });
    expect(republish.status).toBe(409);
    const patch = await callApi(`/api/briefings/${briefingId}`, { method: "PATCH", token: editor, json: { publish_at: "2099-01-01T00:00:00.000Z" } });
    expect(patch.status).toBe(409);
    expect(((await patch.json()) as { detail: string }).detail).toContain("withdraw it");
    expect((await readFeed("/feeds/briefings.rss")).entries.map((e) => idOf(e.url))).toContain(briefingId);
  });
});

