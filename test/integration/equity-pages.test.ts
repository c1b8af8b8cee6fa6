import { env } from "cloudflare:test";
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from "feedsmith";
import { beforeAll, describe, expect, it } from "vitest";
import { callApi, createItem, createToken, deposit, publishItem } from "./helpers";

/**
 * The equity lens's public faces: /equity, a value's page, its feeds, the gap map (API and page), the home page's first
 * click and the tags on item pages. Counts are checked against SQL written here over the base tables, not the view the
 * Worker reads.
 */

let editor: string;
const ids: Record<string, string> = {};

const BIB = `
@article{eqperinatal1, title = {Sample study: perinatal care for South Asian mothers in Greater Manchester}, author = {Rahman, Samira}, journal = {Sample Journal}, year = 2024}
@article{eqperinatal2, title = {Sample study: maternal mental health in minority ethnic communities in the North West and London}, author = {Okafor, Ada}, journal = {Sample Journal}, year = 2023}
@article{eqdebt1, title = {Sample study: debt and anxiety in Lancashire}, author = {Hughes, Tom}, journal = {Sample Journal}, year = 2022}
`;

async function tag(kind: string, id: string, equity: Record<string, string[]>) {
  const response = await callApi(`/api/${kind}/${id}`, { method: "PATCH", token: editor, json: { equity } });
  expect(response.status, await response.clone().text()).toBe(200);
}

beforeAll(async () => {
  editor = await createToken("editor");
  const { status, report } = await deposit(BIB, editor);
  expect(status, JSON.stringify(report)).toBe(201);
  for (const entry of report.entries) ids[entry.key] = entry.id;
  await tag("publications", ids.eqperinatal1, { "life-course": ["perinatal"], "population-group": ["south-asian-communities"], place: ["greater-manchester"] });
  // Two regions: one item in each region's column, once in its row's total.
  await tag("publications", ids.eqperinatal2, { "life-course": ["perinatal"], "population-group": ["minority-ethnic-communities"], place: ["north-west", "london"] });
  await tag("publications", ids.eqdebt1, { "socioeconomic-position": ["debt"], "life-course": ["working-age"], place: ["lancashire-and-south-cumbria"] });
  // Found under perinatal through its paper's tags.
  ids.summary = await createItem("lay-summaries", { publication_id: ids.eqperinatal1, language: "en", title: "Sample summary: support for new mothers", body: "Plain words." }, editor);
  await publishItem("lay-summaries", ids.summary, editor);
  const perinatalMinorityNorthWest = { "life-course": ["perinatal"], "population-group": ["minority-ethnic-communities"], place: ["north-west"] };
  const briefing = (title: string) => ({ title, summary: "S.", key_messages: ["A message."], body: "B.", audience: "Commissioners", equity: perinatalMinorityNorthWest });
  ids.briefing = await createItem("briefings", briefing("Sample briefing: perinatal support in the North West"), editor);
  await publishItem("briefings", ids.briefing, editor);
  // Hidden: a draft, an embargoed briefing, and one public then withdrawn (its feed entry stays, marked withdrawn).
  ids.draft = await createItem("briefings", briefing("Sample briefing: a draft on perinatal care"), editor);
  ids.embargoed = await createItem("briefings", briefing("Sample briefing: embargoed perinatal findings"), editor);
  await publishItem("briefings", ids.embargoed, editor, { publish_at: "2099-01-01T00:00:00.000Z" });
  ids.withdrawn = await createItem("briefings", briefing("Sample briefing: withdrawn perinatal advice"), editor);
  await publishItem("briefings", ids.withdrawn, editor);
  const withdraw = await callApi(`/api/briefings/${ids.withdrawn}/withdraw`, { method: "POST", token: editor, json: { reason: "Superseded by a sample update." } });
  expect(withdraw.status).toBe(200);
});

/** Public items now, with what each is found under (a lay summary: its own tags and its paper's), written from the base tables. */
const DIRECT = `WITH public_items AS (
    SELECT id FROM publications WHERE status = 'published' AND publish_at <= ?1
    UNION ALL SELECT id FROM briefings WHERE status = 'published' AND publish_at <= ?1
    UNION ALL SELECT l.id FROM lay_summaries AS l JOIN publications AS p ON p.id = l.publication_id
      WHERE l.status = 'published' AND l.publish_at <= ?1 AND p.status = 'published' AND p.publish_at <= ?1),
  found AS (SELECT item_id, facet, value FROM equity_tags
    UNION SELECT l.id, t.facet, t.value FROM lay_summaries AS l JOIN equity_tags AS t ON t.item_id = l.publication_id)`;

async function directCount(pairs: [string, string][]): Promise<number> {
  const conditions = pairs.map((_, i) => `EXISTS (SELECT 1 FROM found WHERE item_id = i.id AND facet = ?${2 * i + 2} AND value = ?${2 * i + 3})`);
  const row = await env.DB.prepare(`${DIRECT} SELECT count(*) AS n FROM public_items AS i WHERE ${conditions.join(" AND ") || "1"}`)
    .bind(new Date().toISOString(), ...pairs.flat())
    .first<{ n: number }>();
  return row!.n;
}

async function page(path: string, status = 200): Promise<string> {
  const response = await callApi(path);
  const body = await response.text();
  expect(response.status, `${path}: ${body.slice(0, 300)}`).toBe(status);
  return body;
}

describe("the /equity index", () => {
  it("lists each facet's values with their public counts, as a direct query counts them", async () => {
    const html = await page("/equity");
    const perinatal = await directCount([["life-course", "perinatal"]]);
    expect(perinatal).toBe(4); // two papers, the summary of one, the public briefing
    expect(html).toContain(`<a href="/equity/life-course/perinatal">Perinatal</a> <span class="count">(${perinatal} items)</span>`);
    const northWest = await directCount([["place", "north-west"]]);
    expect(northWest).toBe(5);
    expect(html).toContain(`<a href="/equity/place/north-west">North West</a> <span class="count">(${northWest} items)</span>`);
    expect(html).toContain(`<a href="/equity/place/greater-manchester">Greater Manchester</a> <span class="count">(2 items)</span>`);
  });

  it("groups places: nations, regions with their boards, and only the countries that have items", async () => {
    const html = await page("/equity");
    expect(html).toContain("UK nations");
    expect(html).toContain("NHS England regions and their integrated care boards");
    expect(html).toContain('<a href="/equity/place/gb">United Kingdom</a>');
    expect(html).not.toContain('href="/equity/place/fr"');
  });
});

describe("a value's page", () => {
  it("shows the value, its broader places, its items by kind, and a subscribe box with its feeds", async () => {
    const html = await page("/equity/place/greater-manchester");
    expect(html).toContain("<h1>Greater Manchester</h1>");
    expect(html).toContain('href="/equity/place/north-west"');
    expect(html).toContain("Sample study: perinatal care for South Asian mothers in Greater Manchester");
    expect(html).toContain("Sample summary: support for new mothers");
    expect(html).not.toContain("Sample study: debt and anxiety in Lancashire");
    expect(html).toContain('<link rel="alternate" type="application/rss+xml" title="Greater Manchester (RSS)" href="/feeds/equity/place/greater-manchester.rss"');
    expect(html.indexOf("Plain-language summaries")).toBeLessThan(html.indexOf("<h2 id=\"kind-publications\">"));
  });

  it("has a cross table whose cells count as a direct query does and link to the search for them", async () => {
    const html = await page("/equity/life-course/perinatal");
    const expected = await directCount([["life-course", "perinatal"], ["population-group", "minority-ethnic-communities"], ["place", "north-west"]]);
    expect(expected).toBe(4); // both papers (South Asian is a minority ethnic group), the summary, the public briefing; not the hidden ones
    expect(html).toContain(
      `<a href="/search?life-course=perinatal&amp;population-group=minority-ethnic-communities&amp;place=north-west">${expected}<span class="visually-hidden"> items: Minority ethnic communities, North West</span></a>`,
    );
    expect(html).not.toContain("a draft on perinatal care");
    expect(html).not.toContain("embargoed perinatal findings");
  });

  it("answers 404 for an unknown facet or value, naming where the known ones are", async () => {
    expect(await page("/equity/place/atlantis", 404)).toContain("Every value is listed at /equity#place");
    expect(await page("/equity/star-sign/leo", 404)).toContain("population-group, protected-characteristic");
  });
});

describe("feeds per value", () => {
  it("lists the value's items newest first in RSS, Atom and JSON Feed, keeping the withdrawn one as withdrawn", async () => {
    const rss = parseRssFeed(await page("/feeds/equity/life-course/perinatal.rss"));
    const atom = parseAtomFeed(await page("/feeds/equity/life-course/perinatal.atom"));
    const json = parseJsonFeed(await page("/feeds/equity/life-course/perinatal.json"));
    const expected = [ids.withdrawn, ids.briefing, ids.summary, ids.eqperinatal2, ids.eqperinatal1];
    const idOf = (urn: string | undefined) => urn?.split(":").pop();
    expect((rss.items ?? []).map((i) => idOf(i.guid?.value)).sort()).toEqual([...expected].sort());
    expect((atom.entries ?? []).map((e) => idOf(e.id)).sort()).toEqual([...expected].sort());
    const jsonItems = json.items ?? [];
    expect(jsonItems.map((i) => idOf(i.id)).sort()).toEqual([...expected].sort());
    expect(idOf(jsonItems[0].id)).toBe(ids.withdrawn);
    expect(jsonItems[0].title).toMatch(/withdrawn/i);
    expect(rss.title).toContain("Perinatal");
  });

  it("answers 304 to a conditional request, and 404 problem+json naming the facets for an unknown one", async () => {
    const first = await callApi("/feeds/equity/place/north-west.atom");
    expect(first.status).toBe(200);
    const again = await callApi("/feeds/equity/place/north-west.atom", { headers: { "if-none-match": first.headers.get("etag")! } });
    expect(again.status).toBe(304);
    const unknown = await callApi("/feeds/equity/place/atlantis.rss");
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("content-type")).toContain("application/problem+json");
    expect((await unknown.json<{ detail: string }>()).detail).toContain("There is no place value 'atlantis'");
    const facet = await callApi("/feeds/equity/star-sign/leo.json");
    expect(facet.status).toBe(404);
    expect((await facet.json<{ detail: string }>()).detail).toContain("life-course, place");
  });

  it("is listed in the feed directory", async () => {
    const html = await page("/feeds");
    expect(html).toContain("/feeds/equity/life-course/perinatal.rss");
    expect(html).toContain("/feeds/equity/place/greater-manchester.rss");
  });
});

type GapMapAnswer = {
  rows: { facet: string; values: { slug: string; total: number }[] };
  columns: { facet: string; values: { slug: string; total: number }[] };
  counts: number[][];
  total: number;
  left_out: number;
};

describe("the gap map", () => {
  it("counts every cell, 0 included, as a direct query does, with an item in two regions once in its row", async () => {
    const response = await callApi("/api/equity/gap-map?rows=population-group&columns=place&level=nhs-region");
    expect(response.status).toBe(200);
    const map = await response.json<GapMapAnswer>();
    expect(map.columns.values.map((v) => v.slug)).toHaveLength(7);
    expect(map.rows.values.length).toBe(13);
    for (const [r, row] of map.rows.values.entries()) {
      for (const [c, column] of map.columns.values.entries()) {
        expect(map.counts[r][c], `${row.slug} × ${column.slug}`).toBe(await directCount([["population-group", row.slug], ["place", column.slug]]));
      }
    }
    const minority = map.rows.values.findIndex((v) => v.slug === "minority-ethnic-communities");
    const london = map.columns.values.findIndex((v) => v.slug === "london");
    const northWest = map.columns.values.findIndex((v) => v.slug === "north-west");
    expect(map.counts[minority][london]).toBe(1);
    expect(map.counts[minority][northWest]).toBe(4);
    expect(map.rows.values[minority].total).toBe(4);
    expect(map.total).toBe(4);
    expect(map.counts[minority][map.columns.values.findIndex((v) => v.slug === "south-west")]).toBe(0);
  });

  it("takes within and kind, and lists only countries with items at country level", async () => {
    const within = await callApi("/api/equity/gap-map?rows=life-course&columns=place&within=population-group:south-asian-communities&kind=lay-summary");
    const map = await within.json<GapMapAnswer>();
    const perinatal = map.rows.values.findIndex((v) => v.slug === "perinatal");
    expect(map.counts[perinatal][map.columns.values.findIndex((v) => v.slug === "north-west")]).toBe(1);
    expect(map.total).toBe(1);
    const countries = await (await callApi("/api/equity/gap-map?rows=life-course&columns=place&level=country")).json<GapMapAnswer>();
    expect(countries.columns.values.map((v) => v.slug)).toEqual(["gb"]);
    expect(countries.left_out).toBe(248);
  });

  it("refuses the same facet twice, an unknown within value and an unknown level with a 422 that says what to do", async () => {
    const same = await callApi("/api/equity/gap-map?rows=place&columns=place");
    expect(same.status).toBe(422);
    expect((await same.json<{ detail: string }>()).detail).toContain("choose two different facets");
    const within = await callApi("/api/equity/gap-map?within=place:atlantis");
    expect(within.status).toBe(422);
    expect((await within.json<{ detail: string }>()).detail).toContain("no value 'atlantis'");
    expect((await callApi("/api/equity/gap-map?level=planet")).status).toBe(422);
  });

  it("renders a page with a form, an accessible table and an SVG heat map with a text alternative", async () => {
    const html = await page("/equity/gaps?rows=population-group&columns=place");
    expect(html).toContain('<form method="get" action="/equity/gaps"');
    expect(html).toContain("<caption>Population group by NHS England regions: public items in each cell</caption>");
    expect(html).toContain('<th scope="row">Minority ethnic communities</th>');
    expect(html).toMatch(/<svg role="img" aria-labelledby="gap-chart-title gap-chart-desc"/);
    expect(html).toContain("91 cells, 88 of them gaps with no items.");
    expect(await page("/equity/gaps?rows=place&columns=place", 422)).toContain("choose two different facets");
  });
});

describe("the first click and the item pages", () => {
  it("offers life-course stages and population groups with counts on the home page, and the gap map", async () => {
    const html = await page("/");
    expect(html).toContain("Find evidence by who and where");
    expect(html).toContain('<a href="/equity/life-course/perinatal">Perinatal</a> <span class="count">(4 items)</span>');
    expect(html).toContain('href="/equity/population-group/minority-ethnic-communities"');
    expect(html).toContain('href="/equity/gaps"');
  });

  it("shows an item's tags as links, and a lay summary its paper's", async () => {
    const paper = await page(`/publications/${ids.eqperinatal1}`);
    expect(paper).toContain("Who and where");
    expect(paper).toContain('<a href="/equity/place/greater-manchester">Greater Manchester</a>');
    const summary = await page(`/lay-summaries/${ids.summary}`);
    expect(summary).toContain('<a href="/equity/population-group/south-asian-communities">South Asian communities</a>');
  });
});
