import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { callApi, createItem, createToken, deposit, publishItem } from "./helpers";

/**
 * Equity facets in search: filters (a value finds narrower places and lay summaries of tagged papers), counts checked
 * against a direct query over the same D1, what each result was found through, the search feed with the same
 * parameters, hidden items never counted, and unknown values answered clearly.
 */

let editor: string;
/** Item ids by name. */
const ids: Record<string, string> = {};
const nameOf = (id: string) => Object.entries(ids).find(([, v]) => v === id)?.[0] ?? id;

async function search(query: string): Promise<any> {
  const response = await callApi(`/api/search?${query}`);
  expect(response.status, await response.clone().text()).toBe(200);
  return response.json();
}
const names = (answer: any) => answer.items.map((item: any) => nameOf(item.id)).sort();

async function tag(kind: string, id: string, equity: Record<string, string[]>) {
  const response = await callApi(`/api/${kind}/${id}`, { method: "PATCH", token: editor, json: { equity } });
  expect(response.status, await response.clone().text()).toBe(200);
}

/**
 * What the counts must be, straight from the tables: the public items (search documents public now) whose titles hold
 * the word and that are found under every given value (the view item_equity_tags), each value's count among them.
 */
async function expectedCounts(word: string, filters: [string, string][]): Promise<Record<string, Record<string, number>>> {
  const under = filters.map(() => "d.item_id IN (SELECT item_id FROM item_equity_tags WHERE facet = ? AND value = ?)").join(" AND ");
  const { results } = await env.DB.prepare(
    `SELECT t.facet, t.value, count(*) AS n FROM search_documents AS d JOIN item_equity_tags AS t ON t.item_id = d.item_id
     WHERE d.public_from <= ? AND d.title LIKE ? ${under ? `AND ${under}` : ""} GROUP BY t.facet, t.value`,
  )
    .bind(new Date().toISOString(), `%${word}%`, ...filters.flat())
    .all<{ facet: string; value: string; n: number }>();
  const counts: Record<string, Record<string, number>> = {};
  for (const row of results) (counts[row.facet] ??= {})[row.value] = row.n;
  return counts;
}

const countsOf = (equity: Record<string, { value: string; count: number }[]>) =>
  Object.fromEntries(Object.entries(equity).filter(([, values]) => values.length > 0).map(([facet, values]) => [facet, Object.fromEntries(values.map((v) => [v.value, v.count]))]));

beforeAll(async () => {
  editor = await createToken("editor");
  const { report } = await deposit(
    `@article{zephManchester, title = {Zephyrine perinatal care in Manchester}, author = {Adeyemi, Tolu}, year = 2024}
     @article{zephNorthWest, title = {Zephyrine maternity services across the North West}, author = {Brennan, Cait}, year = 2023}
     @article{zephLondon, title = {Zephyrine perinatal outcomes in London}, author = {Chaudhry, Mina}, year = 2022}
     @article{zephLahore, title = {Zephyrine debt advice in Lahore}, author = {Dar, Imran}, year = 2021}`,
    editor,
  );
  for (const entry of report.entries) ids[entry.key] = entry.id;
  expect(Object.keys(ids)).toHaveLength(4);
  await tag("publications", ids.zephManchester, { place: ["greater-manchester"], "life-course": ["perinatal"], "population-group": ["south-asian-communities"] });
  await tag("publications", ids.zephNorthWest, { place: ["north-west"], "life-course": ["perinatal"] });
  await tag("publications", ids.zephLondon, { place: ["london"], "life-course": ["perinatal"], "population-group": ["minority-ethnic-communities"] });
  await tag("publications", ids.zephLahore, { place: ["pk"], "socioeconomic-position": ["debt"] });
  // A plain-language summary with no tags of its own: found under its paper's.
  ids.zephSummary = await createItem("lay-summaries", { publication_id: ids.zephManchester, language: "en", title: "Zephyrine: care before and after birth", body: "Plain words." }, editor);
  await publishItem("lay-summaries", ids.zephSummary, editor);
  // Hidden: a draft briefing and a withdrawn paper, both tagged, never found or counted.
  ids.zephDraft = await createItem(
    "briefings",
    { title: "Zephyrine draft briefing for carers", summary: "S", body: "B", audience: "A", equity: { place: ["greater-manchester"], "population-group": ["carers"], "life-course": ["perinatal"] } },
    editor,
  );
  const withdrawn = await deposit("@article{zephWithdrawn, title = {Zephyrine withdrawn study of carers}, author = {Evans, Rhys}, year = 2020}", editor);
  ids.zephWithdrawn = withdrawn.report.entries[0].id;
  await tag("publications", ids.zephWithdrawn, { place: ["greater-manchester"], "population-group": ["carers"] });
  const withdraw = await callApi(`/api/publications/${ids.zephWithdrawn}/withdraw`, { method: "POST", token: editor, json: { reason: "Duplicate." } });
  expect(withdraw.status, await withdraw.clone().text()).toBe(200);
});

describe("equity filters in search", () => {
  it("finds a region's narrower places and a lay summary under its paper's tag, saying what each was found through", async () => {
    const answer = await search("q=zephyrine&place=north-west");
    expect(names(answer)).toEqual(["zephManchester", "zephNorthWest", "zephSummary"]);
    expect(answer.total).toBe(3);
    const byName = Object.fromEntries(answer.items.map((item: any) => [nameOf(item.id), item.matched_equity]));
    expect(byName.zephNorthWest).toEqual([{ facet: "place", value: "north-west", label: "North West" }]);
    expect(byName.zephManchester).toEqual([
      { facet: "place", value: "north-west", label: "North West", via: { value: "greater-manchester", label: "Greater Manchester", from: "item" } },
    ]);
    expect(byName.zephSummary).toEqual([
      { facet: "place", value: "north-west", label: "North West", via: { value: "greater-manchester", label: "Greater Manchester", from: "publication" } },
    ]);
  });

  it("says the same for a prefix search, whose highlights are read another way", async () => {
    const answer = await search("q=zephyr*&place=north-west");
    expect(names(answer)).toEqual(["zephManchester", "zephNorthWest", "zephSummary"]);
    expect(answer.items.find((item: any) => item.id === ids.zephSummary).matched_equity[0].via).toEqual({ value: "greater-manchester", label: "Greater Manchester", from: "publication" });
  });

  it("needs every value at once: perinatal, minority ethnic communities and the North West", async () => {
    const answer = await search("q=zephyrine&life-course=perinatal&population-group=minority-ethnic-communities&place=north-west");
    expect(names(answer)).toEqual(["zephManchester", "zephSummary"]);
    // The kind facet counts within the equity filters too.
    expect(answer.facets.kind).toEqual([
      { value: "publication", count: 1 },
      { value: "lay-summary", count: 1 },
    ]);
  });

  it("filters with no words at all, as the kind and topic filters do", async () => {
    const answer = await search("place=greater-manchester&life-course=perinatal");
    expect(names(answer)).toEqual(["zephManchester", "zephSummary"]);
    expect(answer.items.every((item: any) => item.score === null)).toBe(true);
  });

  it("counts each value among the results as a direct query over the same tables does, hidden items never", async () => {
    const all = await search("q=zephyrine&equity_counts=true");
    expect(all.total).toBe(5);
    expect(countsOf(all.facets.equity)).toEqual(await expectedCounts("Zephyrine", []));
    expect(all.facets.equity.place.find((v: any) => v.value === "north-west")).toEqual({ value: "north-west", label: "North West", count: 3, level: "nhs-region" });
    expect(all.facets.equity.place.find((v: any) => v.value === "england").count).toBe(4);
    expect(all.facets.equity["population-group"].map((v: any) => v.value)).not.toContain("carers");

    const perinatal = await search("q=zephyrine&life-course=perinatal&equity_counts=true");
    expect(countsOf(perinatal.facets.equity)).toEqual(await expectedCounts("Zephyrine", [["life-course", "perinatal"]]));
    expect(perinatal.facets.equity["life-course"]).toEqual([{ value: "perinatal", label: "Perinatal", count: 4 }]);
    expect(perinatal.facets.equity["socioeconomic-position"]).toEqual([]);

    const journalist = await search("life-course=perinatal&population-group=minority-ethnic-communities&place=north-west&equity_counts=true");
    expect(countsOf(journalist.facets.equity)).toEqual(
      await expectedCounts("", [["life-course", "perinatal"], ["population-group", "minority-ethnic-communities"], ["place", "north-west"]]),
    );
    expect((await search("population-group=carers")).total).toBe(0);
  });

  it("gives no equity counts unless asked", async () => {
    expect((await search("q=zephyrine")).facets.equity).toBeUndefined();
  });

  it("answers an unknown value with a 422 naming it and where the values are listed", async () => {
    const response = await callApi("/api/search?q=zephyrine&place=atlantis&life-course=perinatal&life-course=dotage");
    expect(response.status).toBe(422);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    const problem = await response.json<any>();
    expect(problem.detail).toContain("'atlantis' is not a place value");
    expect(problem.detail).toContain("'dotage' is not a life-course value");
    expect(problem.detail).toContain("/api/equity");
    expect(problem.errors.map((e: any) => e.path).sort()).toEqual(["life-course", "place"]);
    const malformed = await callApi("/api/search?place=North%20West");
    expect(malformed.status).toBe(422);
    expect((await malformed.json<any>()).detail).toContain("place");
  });

  it("refuses more equity values than one D1 statement can bind, for the API, the page and the feed", async () => {
    const places = ["north-west", "london", "wales", "scotland", "pk", "in", "bd", "ng", "ke", "gh", "ug", "za", "br"];
    const query = places.map((p) => `place=${p}`).join("&");
    const response = await callApi(`/api/search?q=zephyrine&${query}`);
    expect(response.status).toBe(422);
    expect((await response.json<any>()).detail).toContain("at most 12 values");
    expect((await callApi(`/feeds/search.rss?q=zephyrine&${query}`)).status).toBe(422);
    expect((await callApi(`/search?q=zephyrine&${query}`)).status).toBeLessThan(500);
    const twelve = await callApi(`/api/search?q=zephyrine&${places.slice(0, 12).map((p) => `place=${p}`).join("&")}`);
    expect(twelve.status).toBe(200);
  });

  it("continues a search's next page whether or not it asks for equity counts", async () => {
    const first = await search("q=zephyrine&limit=1&equity_counts=true");
    expect(first.next_cursor).toBeTruthy();
    const next = await callApi(`/api/search?q=zephyrine&limit=1&cursor=${encodeURIComponent(first.next_cursor)}`);
    expect(next.status, await next.clone().text()).toBe(200);
  });

  it("shows the page's reader who and where with counts that add a filter, and what each result was tagged", async () => {
    const response = await callApi("/search?q=zephyrine&life-course=perinatal");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("Who and where");
    const addNorthWest = html.match(/<a href="([^"]*place=north-west[^"]*)"[^>]*>North West <span class="count">\((\d+)\)<\/span>/u);
    expect(addNorthWest?.[2]).toBe("3");
    expect(addNorthWest?.[1].replaceAll("&amp;", "&")).toBe("/search?q=zephyrine&life-course=perinatal&place=north-west");
    expect(html).toContain("Tagged: Perinatal</p>");
    expect(html).toContain("Tagged: Perinatal (its publication&#39;s tag)</p>");
    const region = await (await callApi("/search?q=zephyrine&place=north-west")).text();
    expect(region).toContain("Tagged: North West (via Greater Manchester)</p>");
    expect(region).toContain("Tagged: North West (via its publication&#39;s tag Greater Manchester)</p>");
    // Places the chosen one already implies would narrow nothing: not offered.
    expect(region).toMatch(/>Greater Manchester <span class="count">\(2\)/u);
    expect(region).not.toMatch(/>England <span class="count">/u);
    // The subscription carries the equity filters.
    expect(html).toContain("/feeds/search.rss?q=zephyrine&amp;life-course=perinatal");
  });

  it("tells a reader of the page which value is not one of ours, without a server error", async () => {
    const response = await callApi("/search?q=zephyrine&place=atlantis");
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("A place in this address is not one of ours");
  });
});

describe("equity filters in the search feeds", () => {
  it("lists exactly what the filtered search finds, and names the filters in its title", async () => {
    const response = await callApi("/feeds/search.json?q=zephyrine&life-course=perinatal&population-group=minority-ethnic-communities&place=north-west");
    expect(response.status, await response.clone().text()).toBe(200);
    const feed = await response.json<any>();
    expect(feed.items.map((item: any) => nameOf(item.id.split(":").pop())).sort()).toEqual(["zephManchester", "zephSummary"]);
    expect(feed.title).toContain("Perinatal");
    expect(feed.title).toContain("Minority ethnic communities");
    expect(feed.title).toContain("North West");
    const rss = await callApi("/feeds/search.rss?place=greater-manchester");
    expect(rss.status).toBe(200);
    const xml = await rss.text();
    expect(xml).toContain("Zephyrine perinatal care in Manchester");
    expect(xml).not.toContain("withdrawn study of carers");
    const bad = await callApi("/feeds/search.rss?place=atlantis");
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("/api/equity");
  });
});
