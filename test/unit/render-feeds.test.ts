import { parseAtomFeed, parseJsonFeed, parseRssFeed } from "feedsmith";
import { describe, expect, it } from "vitest";
import { type Feed, renderAtom, renderJsonFeed, renderRss } from "../../worker/feeds/render-feeds";
import { escapeXml } from "../../worker/xml";

/** Atom text constructs parse as `{ value, type }`. */
const text = (construct: unknown) => (typeof construct === "string" ? construct : (construct as { value?: string } | undefined)?.value);

const FEED: Feed = {
  id: "https://repository.test/feeds/all.atom",
  title: "Briefings & reports <test>",
  description: 'Everything "new"',
  homeUrl: "https://repository.test/",
  feedUrl: "https://repository.test/feeds/all.atom",
  updated: "2026-11-25T20:00:00.000Z",
  publisher: "Centre for Mental Health Inequalities",
  language: "en",
  entries: [
    {
      id: "urn:mhi:briefing:01M8AAAAAAAAAAAAAAAAAAAAAA",
      url: "https://repository.test/briefings/01M8AAAAAAAAAAAAAAAAAAAAAA",
      title: 'Debt & anxiety: "<b>bold</b>" 🙂 in Liverpool',
      summary: "Key message one.\u0001 Key message two.",
      published: "2026-11-20T09:00:00.000Z",
      updated: "2026-11-25T20:00:00.000Z",
      authors: [],
      categories: ["Income, debt and poverty", "Place & deprivation"],
    },
    {
      id: "urn:mhi:publication:01M8BBBBBBBBBBBBBBBBBBBBBB",
      url: "https://repository.test/publications/01M8BBBBBBBBBBBBBBBBBBBBBB",
      title: "Santé mentale et précarité",
      summary: "An abstract.",
      published: "2026-11-01T09:00:00.000Z",
      updated: "2026-11-24T10:00:00.000Z",
      authors: ["Ejemplo Sáez", "Kurt Gödel"],
      categories: [],
      withdrawn: { at: "2026-11-24T10:00:00.000Z", reason: "Retracted by the journal: data error." },
    },
  ],
};

describe("escapeXml", () => {
  it("escapes markup and drops characters XML cannot hold", () => {
    expect(escapeXml(`a & b < c > d " e ' f \u0001 \ud800 🙂`)).toBe("a &amp; b &lt; c &gt; d &quot; e &apos; f   🙂");
  });
});

describe("feeds read by feedsmith", () => {
  it("writes RSS 2.0 whose items keep their titles, ids, dates, authors and categories", () => {
    const rss = parseRssFeed(renderRss(FEED));
    expect(rss.title).toBe(FEED.title);
    expect(rss.items?.map((i) => i.title)).toEqual(['Debt & anxiety: "<b>bold</b>" 🙂 in Liverpool', "Withdrawn: Santé mentale et précarité"]);
    expect(rss.items?.[0].guid?.value).toBe("urn:mhi:briefing:01M8AAAAAAAAAAAAAAAAAAAAAA");
    expect(rss.items?.[0].categories?.map((c) => c.name)).toEqual(["Income, debt and poverty", "Place & deprivation"]);
    expect(rss.items?.[0].description).toBe("Key message one. Key message two.");
    expect(rss.items?.[1].description).toBe("Withdrawn on 2026-11-24: Retracted by the journal: data error.");
    expect(rss.items?.[1].dc?.creators).toEqual(["Ejemplo Sáez", "Kurt Gödel"]);
    expect(new Date(rss.items?.[1].pubDate as string).toISOString()).toBe("2026-11-01T09:00:00.000Z");
  });

  it("writes Atom 1.0 with a feed author, self link and one entry per item", () => {
    const atom = parseAtomFeed(renderAtom(FEED));
    expect(atom.id).toBe(FEED.feedUrl);
    expect(atom.authors?.[0].name).toBe(FEED.publisher);
    expect(atom.links?.find((l) => l.rel === "self")?.href).toBe(FEED.feedUrl);
    expect(atom.entries?.map((e) => e.id)).toEqual(FEED.entries.map((e) => e.id));
    expect(text(atom.entries?.[0].title)).toBe('Debt & anxiety: "<b>bold</b>" 🙂 in Liverpool');
    expect(text(atom.entries?.[1].summary)).toBe("Withdrawn on 2026-11-24: Retracted by the journal: data error.");
    expect(atom.entries?.[1].authors?.map((a) => a.name)).toEqual(["Ejemplo Sáez", "Kurt Gödel"]);
    expect(atom.entries?.[1].updated).toBe("2026-11-24T10:00:00.000Z");
  });

  it("writes JSON Feed 1.1", () => {
    const json = parseJsonFeed(JSON.parse(renderJsonFeed(FEED)));
    expect(json.title).toBe(FEED.title);
    expect(json.items?.map((i) => i.id)).toEqual(FEED.entries.map((e) => e.id));
    expect(json.items?.[0].tags).toEqual(["Income, debt and poverty", "Place & deprivation"]);
    expect(json.items?.[1].title).toBe("Withdrawn: Santé mentale et précarité");
  });
});
