import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import searchBib from "../fixtures/search.bib?raw";
import { callApi, createToken, deposit } from "./helpers";

let editor: string;
let depositor: string;
/** Publication id by BibTeX key. */
const ids: Record<string, string> = {};

async function search(query: string): Promise<any> {
  const response = await callApi(`/api/search?${query}`);
  expect(response.status, await response.clone().text()).toBe(200);
  return response.json();
}

const q = (text: string, extra = "") => search(`q=${encodeURIComponent(text)}${extra}`);
const keysOf = (answer: any) => answer.items.map((item: any) => Object.entries(ids).find(([, id]) => id === item.id)?.[0] ?? item.id);

async function publish(kind: string, id: string, body: Record<string, unknown> = {}) {
  const response = await callApi(`/api/${kind}/${id}/publish`, { method: "POST", token: editor, json: body });
  expect(response.status).toBe(200);
}

beforeAll(async () => {
  editor = await createToken("editor");
  depositor = await createToken("depositor");
  const { report } = await deposit(searchBib, editor);
  for (const entry of report.entries) ids[entry.key] = entry.id;
  expect(Object.keys(ids).length).toBe(11);
  const resilience = Array.from(
    { length: 25 },
    (_, i) => `@article{resilience${i}, author = {Author${i}, Sample}, title = {Resilience study number ${i + 1}}, year = ${2000 + (i % 5)},
      abstract = {${"Resilience ".repeat(1 + (i % 4))}in a sample of ${i + 10} people.}}`,
  ).join("\n");
  const second = await deposit(resilience, editor);
  expect(second.report.created).toBe(25);
});

describe("ranking and query syntax", () => {
  it("ranks a title match above an abstract match", async () => {
    const answer = await q("loneliness");
    expect(keysOf(answer)).toEqual(["titleMatch2021", "abstractMatch2021"]);
    expect(answer.items[0].score).toBeGreaterThan(answer.items[1].score);
    expect(answer.items[0].matched_in).toContain("title");
    expect(answer.items[1].matched_in).toEqual(["text"]);
    expect(answer.items[1].snippet).toContain("<mark>loneliness</mark>");
  });

  it("needs every word, and reads quotes as an exact phrase", async () => {
    expect(keysOf(await q("social prescribing")).sort()).toEqual(["phrase2022", "scattered2022"]);
    expect(keysOf(await q('"social prescribing"'))).toEqual(["phrase2022"]);
  });

  it("drops results holding an excluded word", async () => {
    expect(keysOf(await q("housing")).sort()).toEqual(["eviction2023", "housing2023"]);
    expect(keysOf(await q("housing -eviction"))).toEqual(["housing2023"]);
    expect(keysOf(await q('cohort -"social prescribing" -resilience'))).not.toContain("phrase2022");
  });

  it("reads OR as either word, grouped before the words around it", async () => {
    expect(keysOf(await q("eviction OR damp")).sort()).toEqual(["eviction2023", "housing2023"]);
    expect(keysOf(await q("eviction OR damp renters"))).toEqual(["eviction2023"]);
  });

  it("searches one field with title:, author: and doi:", async () => {
    expect(keysOf(await q("title:cohort"))).toEqual(["abstractMatch2021"]);
    expect(keysOf(await q("author:okafor")).sort()).toEqual(["eviction2023", "titleMatch2021"]);
    expect(keysOf(await q("doi:10.5555/unique.doi.2018"))).toEqual(["doiOnly2018"]);
    expect((await q("doi:10.5555/unique.doi.2018")).items[0].matched_in).toEqual(["doi"]);
  });

  it("ignores accents and case either way round", async () => {
    expect(keysOf(await q("godel"))).toEqual(["godel1931"]);
    expect(keysOf(await q("GÖDEL"))).toEqual(["godel1931"]);
    expect(keysOf(await q("Saez"))).toEqual(["saez2019"]);
    expect(keysOf(await q("sante precarite"))).toEqual(["saez2019"]);
    expect((await q("godel")).items[0].authors).toEqual(["Kurt Gödel"]);
    expect((await q("godel")).did_you_mean).toBeUndefined();
  });

  it("finds words by prefix with a trailing *", async () => {
    expect(keysOf(await q("precar*"))).toEqual(["saez2019"]);
  });

  it("escapes the snippet and marks only the matched words", async () => {
    const [hit] = (await q("ampersand")).items;
    expect(hit.snippet).toBe("An abstract that mentions &lt;em&gt;bold&lt;/em&gt; markup &amp; an <mark>ampersand</mark> next to the word cohort.");
    expect(hit.title).toBe('Tags like <script> & "quotes" in a title');
  });
});

describe("hostile and malformed queries", () => {
  const queries = [
    '"unclosed phrase',
    "-",
    "- -",
    "OR",
    "housing OR",
    "NEAR(housing eviction)",
    "*",
    "**",
    "a*",
    "^housing",
    "housing:",
    "title:",
    '"',
    "'; DROP TABLE publications; --",
    "housing) OR (1=1",
    "{title}: x",
    "!!!???",
    "\u0000\u0001\u0002",
    "🙂 housing",
    "AND AND NOT",
    "x".repeat(500),
    Array.from({ length: 200 }, (_, i) => `w${i}`).join(" ").slice(0, 500),
  ];

  it.each(queries)("answers %j with a sane 200", async (text) => {
    const answer = await q(text);
    expect(answer.total).toBeGreaterThanOrEqual(0);
    expect(answer.items.length).toBeLessThanOrEqual(20);
    expect(answer.items.length).toBeLessThanOrEqual(answer.total);
  });

  it("reads an unclosed quote as plain words", async () => {
    expect(keysOf(await q('"housing eviction'))).toEqual(["eviction2023"]);
  });

  it("reads FTS5 syntax as words", async () => {
    expect((await q("NEAR(housing eviction)")).total).toBe(0);
    expect(keysOf(await q("housing NOT eviction"))).toEqual([]);
    expect(keysOf(await q("housing OR"))).toEqual(keysOf(await q("housing")));
  });

  it("refuses a query over 500 characters, or bad parameters, with a 422 that says why", async () => {
    for (const query of [`q=${"x".repeat(501)}`, "kind=book", "topic=unknown-topic", "year_from=2024&year_to=2020", "limit=500", "cursor=abc", "sort=best"]) {
      const response = await callApi(`/api/search?${query}`);
      expect(response.status, query).toBe(422);
      expect(response.headers.get("content-type")).toContain("application/problem+json");
      expect((await response.json<any>()).detail.length).toBeGreaterThan(10);
    }
    const unknownTopic = await (await callApi("/api/search?q=cohort&topic=housing-homelessness&topic=unknown-topic")).json<any>();
    expect(unknownTopic.errors).toEqual([{ path: "topic", message: "unknown topic 'unknown-topic'" }]);
    expect(unknownTopic.detail).toContain("Known topics: addictions, children-young-people,");
  });
});

describe("filters and facets", () => {
  beforeAll(async () => {
    for (const [key, topics] of [
      ["housing2023", ["housing-homelessness"]],
      ["eviction2023", ["housing-homelessness", "income-debt-poverty"]],
      ["phrase2022", ["services-access"]],
    ] as const) {
      const response = await callApi(`/api/publications/${ids[key]}`, { method: "PATCH", token: editor, json: { topics } });
      expect(response.status).toBe(200);
    }
  });

  it("counts each facet over the whole result set, as if its own filter were off", async () => {
    const all = await q("cohort");
    expect(all.total).toBe(8);
    expect(all.facets.kind).toEqual([{ value: "publication", count: 8 }]);
    expect(all.facets.topic).toEqual([
      { value: "housing-homelessness", label: "Housing and homelessness", count: 2 },
      { value: "services-access", label: "Access to and experience of services", count: 1 },
      { value: "income-debt-poverty", label: "Income, debt and poverty", count: 1 },
    ]);
    expect(all.facets.year.reduce((sum: number, f: any) => sum + f.count, 0)).toBe(8);

    const housing = await q("cohort", "&topic=housing-homelessness");
    expect(housing.total).toBe(2);
    expect(keysOf(housing).sort()).toEqual(["eviction2023", "housing2023"]);
    expect(housing.facets.topic).toEqual(all.facets.topic);
    expect(housing.facets.year).toEqual([{ value: 2023, count: 2 }]);

    const recent = await q("cohort", "&topic=housing-homelessness&topic=services-access&year_from=2022");
    expect(keysOf(recent).sort()).toEqual(["eviction2023", "housing2023", "phrase2022"]);
    expect(recent.facets.year).toEqual([
      { value: 2023, count: 2 },
      { value: 2022, count: 1 },
    ]);
  });

  it("filters by year range, kind, language and person", async () => {
    expect(keysOf(await q("cohort", "&year_from=2020&year_to=2021")).sort()).toEqual(["abstractMatch2021", "inequalities2020", "titleMatch2021"]);
    expect((await q("cohort", "&kind=briefing")).total).toBe(0);
    expect((await q("cohort", "&kind=briefing")).facets.kind).toEqual([{ value: "publication", count: 8 }]);
    expect(keysOf(await q("", "&lang=fr"))).toEqual(["saez2019"]);
    const person = await env.DB.prepare("SELECT id FROM people WHERE name = 'Example Okafor'").first<{ id: string }>();
    expect(keysOf(await search(`person=${person!.id}`)).sort()).toEqual(["eviction2023", "titleMatch2021"]);
    await env.DB.prepare("UPDATE people SET orcid = '0000-0002-1825-0097' WHERE id = ?").bind(person!.id).run();
    expect(keysOf(await search("person=https://orcid.org/0000-0002-1825-0097&q=housing"))).toEqual(["eviction2023"]);
    expect((await search("person=0000-0001-0000-0000")).total).toBe(0);
  });

  it("sorts by date when asked, and lists everything newest first without words", async () => {
    const newest = await search("q=cohort&sort=newest");
    expect(newest.items.map((i: any) => i.year)).toEqual([...newest.items.map((i: any) => i.year)].sort((a, b) => b - a));
    const oldest = await search("q=cohort&sort=oldest");
    expect(oldest.items.map((i: any) => i.year)).toEqual([...oldest.items.map((i: any) => i.year)].sort((a, b) => a - b));
    const everything = await search("limit=100");
    expect(everything.total).toBe(36);
    expect(everything.items[0].year).toBe(2024);
    expect(everything.items[0].score).toBeNull();
  });
});

describe("pagination", () => {
  async function collect(query: string, limit: number) {
    const seen: any[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const answer: any = await search(`${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`);
      expect(answer.total).toBe(25);
      seen.push(...answer.items);
      cursor = answer.next_cursor;
      pages++;
    } while (cursor);
    return { seen, pages };
  }

  it.each(["relevance", "newest", "oldest"])("walks every result once, in order, sorted by %s", async (sort) => {
    const { seen, pages } = await collect(`q=resilience&sort=${sort}`, 7);
    expect(pages).toBe(4);
    expect(new Set(seen.map((i) => i.id)).size).toBe(25);
    const all = await search(`q=resilience&sort=${sort}&limit=100`);
    expect(seen.map((i) => i.id)).toEqual(all.items.map((i: any) => i.id));
    if (sort === "relevance") expect(seen.map((i) => i.score)).toEqual([...seen.map((i) => i.score)].sort((a, b) => b - a));
  });

  it("refuses a cursor from another search, or one sorted another way", async () => {
    const first = await search("q=resilience&limit=5");
    expect((await callApi(`/api/search?q=resilience&sort=newest&cursor=${first.next_cursor}`)).status).toBe(422);
    expect((await callApi(`/api/search?q=resilience+study&cursor=${first.next_cursor}`)).status).toBe(422);
    expect((await callApi(`/api/search?q=resilience&limit=9&cursor=${first.next_cursor}`)).status).toBe(200);
  });
});

describe("did you mean", () => {
  it("offers the repository's own spelling when a word finds nothing", async () => {
    const answer = await q("inequalites");
    expect(answer.total).toBe(0);
    expect(answer.did_you_mean).toBe("inequalities");
    expect((await q(answer.did_you_mean)).total).toBe(1);
  });

  it("corrects only the misspelt word of several", async () => {
    expect((await q("mental helth")).did_you_mean).toBe("mental health");
  });

  it("offers nothing when the query already finds enough", async () => {
    expect((await q("cohort")).did_you_mean).toBeUndefined();
  });
});

describe("suggestions", () => {
  async function suggest(text: string) {
    const response = await callApi(`/api/suggest?q=${encodeURIComponent(text)}`);
    expect(response.status).toBe(200);
    return (await response.json<any>()).suggestions as { type: string; label: string; url: string }[];
  }

  it("completes a prefix to titles, people and topics", async () => {
    const labels = (await suggest("lonel")).map((s) => s.label);
    expect(labels).toContain("Loneliness among older adults in coastal towns");
    expect((await suggest("hous")).filter((s) => s.type === "topic").map((s) => s.label)).toEqual(["Housing and homelessness"]);
    expect((await suggest("okaf")).find((s) => s.type === "person")).toMatchObject({ label: "Example Okafor" });
  });

  it("tolerates typos and accents", async () => {
    expect((await suggest("lonliness")).map((s) => s.label)).toContain("Loneliness among older adults in coastal towns");
    expect((await suggest("godel")).find((s) => s.type === "person")).toMatchObject({ label: "Kurt Gödel" });
    expect((await suggest("precarite")).map((s) => s.label)).toContain("Santé mentale et précarité");
  });

  it("gives at most ten, and none for nothing typed", async () => {
    expect((await suggest("resilience")).length).toBe(10);
    expect(await suggest("")).toEqual([]);
    expect(await suggest("!!")).toEqual([]);
  });
});

describe("freshness and visibility", () => {
  const BRIEFING = {
    title: "Quokka sightings and wellbeing",
    summary: "A briefing written for the freshness test.",
    key_messages: ["Marsupials are not the point."],
    body: "Body text.",
    audience: "Test readers",
  };

  it("finds a briefing only once it is published, under its new title once edited, and never once withdrawn", async () => {
    const created = await callApi("/api/briefings", { method: "POST", token: editor, json: BRIEFING });
    const { id } = await created.json<any>();
    expect((await q("quokka")).total).toBe(0);
    await publish("briefings", id);
    expect((await q("quokka")).items.map((i: any) => [i.kind, i.id])).toEqual([["briefing", id]]);

    const edited = await callApi(`/api/briefings/${id}`, { method: "PATCH", token: editor, json: { title: "Wombat sightings and wellbeing" } });
    expect(edited.status).toBe(200);
    expect((await q("quokka")).total).toBe(0);
    expect((await q("wombat")).items[0].id).toBe(id);
    expect((await callApi("/api/suggest?q=womb").then((r) => r.json<any>())).suggestions.map((s: any) => s.label)).toContain(
      "Wombat sightings and wellbeing",
    );

    const withdrawn = await callApi(`/api/briefings/${id}/withdraw`, { method: "POST", token: editor, json: { reason: "Test of withdrawal." } });
    expect(withdrawn.status).toBe(200);
    expect((await q("wombat")).total).toBe(0);
    expect((await callApi("/api/suggest?q=womb").then((r) => r.json<any>())).suggestions).toEqual([]);
  });

  it("keeps drafts and submitted deposits out", async () => {
    const { report } = await deposit("@article{sub1, title = {Platypus habitats}, author = {Depositor, Dee}, year = 2024}", depositor);
    expect(report.created).toBe(1);
    expect((await q("platypus")).total).toBe(0);
    expect((await callApi("/api/suggest?q=platyp").then((r) => r.json<any>())).suggestions).toEqual([]);
  });

  it("shows an embargoed item from its publish-at time, not before", async () => {
    const created = await callApi("/api/briefings", { method: "POST", token: editor, json: { ...BRIEFING, title: "Echidna embargo briefing" } });
    const { id } = await created.json<any>();
    await publish("briefings", id, { publish_at: new Date(Date.now() + 1500).toISOString() });
    expect((await q("echidna")).total).toBe(0);
    expect((await callApi("/api/suggest?q=echid").then((r) => r.json<any>())).suggestions).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 1600));
    expect((await q("echidna")).items.map((i: any) => i.id)).toEqual([id]);
    expect((await callApi("/api/suggest?q=echid").then((r) => r.json<any>())).suggestions.map((s: any) => s.label)).toEqual(["Echidna embargo briefing"]);
  });

  it("keeps a lay summary out while its publication is not public, so that publication's title and authors stay hidden", async () => {
    const { report } = await deposit("@article{hidden1, title = {Wallaby migration draft}, author = {Quietly, Quentin}, year = 2024}", depositor);
    const publicationId = report.entries[0].id;
    const created = await callApi("/api/lay-summaries", {
      method: "POST",
      token: editor,
      json: { publication_id: publicationId, language: "en", title: "Plain words about kangaroos", body: "A plain summary for the test." },
    });
    const { id } = await created.json<any>();
    await publish("lay-summaries", id);
    expect((await q("wallaby")).total).toBe(0);
    expect((await q("author:quietly")).total).toBe(0);
    expect((await q("kangaroos")).total).toBe(0);
    expect((await callApi("/api/suggest?q=quietl").then((r) => r.json<any>())).suggestions).toEqual([]);
    await publish("publications", publicationId);
    expect((await q("kangaroos")).items.map((i: any) => i.id)).toEqual([id]);
    expect((await q("author:quietly")).items.map((i: any) => i.kind).sort()).toEqual(["lay-summary", "publication"]);
  });

  it("finds a lay summary by its publication's authors and title", async () => {
    const created = await callApi("/api/lay-summaries", {
      method: "POST",
      token: editor,
      json: { publication_id: ids.godel1931, language: "en", title: "Some true things cannot be proved", body: "A plain summary for the test." },
    });
    const { id } = await created.json<any>();
    await publish("lay-summaries", id);
    const answer = await q("author:godel");
    expect(answer.items.map((i: any) => i.kind).sort()).toEqual(["lay-summary", "publication"]);
    expect((await q("undecidable", "&kind=lay-summary")).items.map((i: any) => i.id)).toEqual([id]);
    const retitled = await callApi(`/api/publications/${ids.godel1931}`, { method: "PATCH", token: editor, json: { title: "On formally unprovable propositions" } });
    expect(retitled.status).toBe(200);
    expect((await q("undecidable")).total).toBe(0);
    expect((await q("unprovable", "&kind=lay-summary")).items.map((i: any) => i.id)).toEqual([id]);
  });
});
