// Equity tags from a deposit's keywords: stored with the publication, reported, counted by GET /api/equity, harvested.
import { env } from "cloudflare:test";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { DC_ELEMENTS } from "../../worker/oai/render-oai";
import { deskFetch, signInAs } from "./desk-helpers";
import { callApi, createItem, createToken, deposit, HAS_SHARED_BIB, publishItem, SHARED_BIB } from "./helpers";

let editor: string;
let run: string;
/** The deposit's first entry: a publication whose keywords name vocabulary values in every form, and free ones. */
let taggedId: string;
let report: any;

/** The keywords exactly as the entry below exports them, in order: `Côte d'Ivoire` is written with a LaTeX accent. */
const EXPORTED_KEYWORDS = [
  "Postnatal Depression",
  "anxiety",
  "bame",
  "place:pk",
  "GREATER MANCHESTER",
  "Côte d'Ivoire",
  "Population group: Carers",
  "asylum",
  "mixed methods",
];

function taggedEntry(key: string, doi: string, keywords: string): string {
  return `@article{${key},
  title = {Perinatal anxiety among mothers of Pakistani heritage, ${run}},
  author = {Okafor, Ada and Lindqvist, Maja},
  journal = {Journal of Invented Studies},
  year = 2025,
  doi = {${doi}},
  keywords = {${keywords}}
}
`;
}

const KEYWORDS_FIELD = "Postnatal Depression, anxiety; bame, place:pk, GREATER MANCHESTER, C{\\^o}te d'Ivoire, Population group: Carers, asylum, mixed methods";

async function storedRows(itemId: string) {
  const { results } = await env.DB.prepare("SELECT facet, value, implied FROM equity_tags WHERE item_id = ? ORDER BY facet, value").bind(itemId).all();
  return results;
}

beforeAll(async () => {
  editor = await createToken("editor");
  run = crypto.randomUUID().slice(0, 8);
  const bibtex =
    taggedEntry(`tagged${run}`, `10.5555/equity.${run}`, KEYWORDS_FIELD) +
    `@article{free${run}, title = {Sleep and shift work, ${run}}, author = {Okafor, Ada}, journal = {J}, year = 2024, keywords = {sleep, Shift work}}\n`;
  const response = await deposit(bibtex, editor);
  expect(response.status, JSON.stringify(response.report)).toBe(201);
  report = response.report;
  taggedId = report.entries[0].id;
});

describe("equity tags from a deposit's keywords", () => {
  it("stores the tags the keywords name, in any form, with the broader places they imply", async () => {
    expect(await storedRows(taggedId)).toEqual([
      { facet: "life-course", value: "perinatal", implied: 0 },
      { facet: "place", value: "ci", implied: 0 },
      { facet: "place", value: "england", implied: 1 },
      { facet: "place", value: "gb", implied: 1 },
      { facet: "place", value: "greater-manchester", implied: 0 },
      { facet: "place", value: "north-west", implied: 1 },
      { facet: "place", value: "pk", implied: 0 },
      { facet: "population-group", value: "carers", implied: 0 },
      { facet: "population-group", value: "minority-ethnic-communities", implied: 0 },
    ]);
    expect(await storedRows(report.entries[1].id)).toEqual([]);
  });

  it("keeps every keyword as exported, in order, matched or free", async () => {
    const publication = await (await callApi(`/api/publications/${taggedId}`)).json<any>();
    expect(publication.keywords).toEqual(EXPORTED_KEYWORDS);
    expect(publication.equity).toEqual({
      "population-group": ["carers", "minority-ethnic-communities"],
      "life-course": ["perinatal"],
      place: ["ci", "greater-manchester", "pk"],
    });
    const free = await (await callApi(`/api/publications/${report.entries[1].id}`)).json<any>();
    expect(free.keywords).toEqual(["sleep", "Shift work"]);
    expect(free.equity).toEqual({});
  });

  it("says in the API's report which tags each new entry's keywords gave", () => {
    expect(report.entries[0].equity).toEqual({
      "life-course": ["perinatal"],
      "population-group": ["minority-ethnic-communities", "carers"],
      place: ["pk", "greater-manchester", "ci"],
    });
    expect(report.entries[1].equity).toEqual({});
  });

  it("reports the tags on a dry run too, storing nothing", async () => {
    const other = crypto.randomUUID().slice(0, 8);
    const { status, report: dry } = await deposit(taggedEntry(`dry${other}`, `10.5555/dry.${other}`, "Older people, Wales"), editor, "?dry_run=1");
    expect(status).toBe(200);
    expect(dry.entries[0]).toMatchObject({ status: "created", equity: { "life-course": ["older-adults"], place: ["wales"] } });
    const stored = await env.DB.prepare("SELECT count(*) AS n FROM publications WHERE doi = ?").bind(`10.5555/dry.${other}`).first<{ n: number }>();
    expect(stored?.n).toBe(0);
  });

  it("adds no tags to the stored record when a duplicate entry's keywords name others", async () => {
    const before = await storedRows(taggedId);
    const { status, report: again } = await deposit(taggedEntry(`again${run}`, `10.5555/equity.${run}`, "Refugees, Scotland, Older adults"), editor);
    expect(status).toBe(200);
    expect(again.entries[0]).toMatchObject({ status: "duplicate", duplicate_of: taggedId });
    expect(again.entries[0].equity).toBeUndefined();
    expect(await storedRows(taggedId)).toEqual(before);
  });

  it("shows the desk's report which tags the keywords gave, by name and facet", async () => {
    const person = await signInAs("editor");
    const other = crypto.randomUUID().slice(0, 8);
    const response = await deskFetch("/deposit", { person, form: { bibtex: taggedEntry(`desk${other}`, `10.5555/desk.${other}`, "perinatal, North West, sleep") } });
    expect(response.status).toBe(200);
    const text = (await response.text()).replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
    expect(text).toContain("Tagged from keywords: Perinatal (life-course stage), North West (place)");
  });
});

describe.skipIf(!HAS_SHARED_BIB)("equity tags from a real Mendeley export (skipped where ../shared/bib is absent)", () => {
  it("tags what its keywords name and nothing they do not", async () => {
    const { status, report: dry } = await deposit(SHARED_BIB["bbt-mendeley-export.bib"], await createToken("editor"), "?dry_run=1");
    expect(status).toBe(200);
    const entriesByValue = new Map<string, number>();
    for (const entry of dry.entries) {
      for (const [facet, values] of Object.entries(entry.equity ?? {}) as [string, string[]][]) {
        for (const value of values) entriesByValue.set(`${facet}/${value}`, (entriesByValue.get(`${facet}/${value}`) ?? 0) + 1);
      }
    }
    // Read by hand in the file: "Racism", "Race" and "Ethnicity" (race); "United States" and "USA"; "Children",
    // "Adolescents" and "Youth", not "Students" (preservice teachers, college students); "Minority & ethnic groups";
    // "Religion"; "Sexuality". A book on whiteness with the keyword "Ethnicity" is not about minority ethnic communities.
    // Counted over new entries only: the file's second Mabbott2017 (Children, Racism) repeats its first and adds nothing.
    expect(dry.entries.filter((e: any) => e.key === "Mabbott2017").map((e: any) => e.status)).toEqual(["created", "duplicate"]);
    expect(Object.fromEntries([...entriesByValue].sort())).toEqual({
      "life-course/children-and-young-people": 6,
      "place/us": 9,
      "population-group/minority-ethnic-communities": 2,
      "protected-characteristic/race": 28,
      "protected-characteristic/religion-or-belief": 1,
      "protected-characteristic/sexual-orientation": 1,
    });
  });
});

describe("GET /api/equity", () => {
  let depositor: string;

  beforeAll(async () => {
    // What must not be counted: a depositor's paper waiting for review, tagged with Pakistan. What must: a published
    // lay summary of the tagged paper, found under its paper's tags.
    depositor = await createToken("depositor");
    const other = crypto.randomUUID().slice(0, 8);
    const { status } = await deposit(taggedEntry(`waiting${other}`, `10.5555/waiting.${other}`, "place:pk, Carers"), depositor);
    expect(status).toBe(201);
    const summary = await createItem("lay-summaries", { publication_id: taggedId, language: "en", title: `What helps new mothers ${run}`, body: "Short sentences help." }, editor);
    await publishItem("lay-summaries", summary, editor);
  });

  async function directCounts(): Promise<Map<string, number>> {
    const { results } = await env.DB.prepare(
      `SELECT t.facet, t.value, count(DISTINCT t.item_id) AS n FROM item_equity_tags AS t
        JOIN search_documents AS d ON d.item_id = t.item_id
        WHERE d.public_from IS NOT NULL AND d.public_from <= ? GROUP BY t.facet, t.value`,
    )
      .bind(new Date().toISOString())
      .all<{ facet: string; value: string; n: number }>();
    return new Map(results.map((r) => [`${r.facet}/${r.value}`, r.n]));
  }

  it("lists every facet and value with the count of public items under each, as a direct count finds", async () => {
    const response = await callApi("/api/equity");
    expect(response.status).toBe(200);
    const vocabulary = await response.json<any>();
    expect(vocabulary.facets.map((f: any) => f.slug)).toEqual(["population-group", "protected-characteristic", "socioeconomic-position", "life-course", "place"]);
    const expected = await directCounts();
    const answered = new Map<string, number>();
    for (const facet of vocabulary.facets) for (const value of facet.values) answered.set(`${facet.slug}/${value.slug}`, value.items);
    for (const [key, n] of expected) expect(answered.get(key), key).toBe(n);
    for (const [key, n] of answered) if (!expected.has(key)) expect(n, key).toBe(0);
    // The paper and its summary; not the paper waiting for review.
    expect(answered.get("place/pk")).toBeGreaterThanOrEqual(2);
    expect(expected.get("place/pk")).toBe(answered.get("place/pk"));

    const place = vocabulary.facets.find((f: any) => f.slug === "place");
    expect(place.values.find((v: any) => v.slug === "greater-manchester")).toMatchObject({
      name: "Greater Manchester",
      parent: "north-west",
      level: "icb",
      aliases: expect.arrayContaining(["NHS Greater Manchester"]),
    });
    const perinatal = vocabulary.facets.find((f: any) => f.slug === "life-course").values.find((v: any) => v.slug === "perinatal");
    expect(perinatal).toMatchObject({ name: "Perinatal", parent: null, level: null, items: expected.get("life-course/perinatal") });
    expect(perinatal.items).toBeGreaterThanOrEqual(2);
  });

  it("counts a paper once it is public, and not before", async () => {
    const pk = async () =>
      (await (await callApi("/api/equity?facet=place")).json<any>()).facets[0].values.find((v: any) => v.slug === "pk").items as number;
    const before = await pk();
    const other = crypto.randomUUID().slice(0, 8);
    const { report: waiting } = await deposit(taggedEntry(`later${other}`, `10.5555/later.${other}`, "Pakistan"), depositor);
    expect(await pk()).toBe(before);
    await publishItem("publications", waiting.entries[0].id, editor);
    expect(await pk()).toBe(before + 1);
  });

  it("narrows to one facet, and refuses an unknown one with a problem that names it", async () => {
    const place = await (await callApi("/api/equity?facet=place")).json<any>();
    expect(place.facets.map((f: any) => f.slug)).toEqual(["place"]);
    const unknown = await callApi("/api/equity?facet=places");
    expect(unknown.status).toBe(422);
    expect(unknown.headers.get("content-type")).toContain("application/problem+json");
    expect((await unknown.json<any>()).detail).toContain("facet");
  });

  it("is cacheable: validators, and 304 for a copy that is current", async () => {
    const response = await callApi("/api/equity");
    const etag = response.headers.get("etag");
    expect(etag).toMatch(/^"equity\./u);
    expect(response.headers.get("cache-control")).toBe("public, max-age=300");
    const again = await callApi("/api/equity", { headers: { "if-none-match": etag! } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    const narrowed = await callApi("/api/equity?facet=place", { headers: { "if-none-match": etag! } });
    expect(narrowed.status).toBe(200);
  });
});

describe("equity tags in OAI-PMH", () => {
  it("gives places as dc:coverage and the other facets as dc:subject, in valid oai_dc", async () => {
    const response = await callApi(`/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=${encodeURIComponent(`oai:repository.example.org:publications/${taggedId}`)}`);
    expect(response.status).toBe(200);
    const xml = await response.text();
    expect(XMLValidator.validate(xml)).toBe(true);
    const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", isArray: (name) => name.startsWith("dc:"), parseTagValue: false });
    const dc = parser.parse(xml)["OAI-PMH"].GetRecord.record.metadata["oai_dc:dc"];
    expect(dc["dc:coverage"]).toEqual(["Côte d’Ivoire", "Greater Manchester", "Pakistan"]);
    expect(dc["dc:subject"]).toEqual(expect.arrayContaining(["Carers", "Minority ethnic communities", "Perinatal", ...EXPORTED_KEYWORDS]));
    // oai_dc.xsd allows only the fifteen Dublin Core elements inside oai_dc:dc.
    const allowed = new Set(DC_ELEMENTS.map((name) => `dc:${name}`));
    for (const name of Object.keys(dc).filter((n) => !n.startsWith("@"))) expect(allowed.has(name), name).toBe(true);
  });
});
