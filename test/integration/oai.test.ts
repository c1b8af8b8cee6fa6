import { XMLParser, XMLValidator } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import feedsBib from "../fixtures/feeds.bib?raw";
import { env } from "cloudflare:test";
import { signToken } from "../../worker/oai/protocol";
import { callApi, createToken, deposit } from "./helpers";

let editor: string;
const ids: Record<string, string> = {};
let briefingId: string;
let laySummaryId: string;
let withdrawnId: string;
let draftId: string;
let withdrawnDraftId: string;
/** The day (UTC) the records were made. */
let startedOn: string;
let embargoedId: string;
/** Every record a full harvest must return: public items and withdrawn ones (as deleted). */
let listedCount: number;

const REPEATED = new Set(["record", "header", "setSpec", "set", "metadataFormat", "dc:title", "dc:creator", "dc:subject", "dc:description", "dc:identifier", "dc:type", "dc:relation", "dc:language"]);
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", textNodeName: "#text", isArray: (name) => REPEATED.has(name), parseTagValue: false });

const PREFIX = "oai:repository.example.org:";

/** One OAI-PMH response (GET, or POST as a form), checked well-formed and read by fast-xml-parser. */
async function oai(query: string, method: "GET" | "POST" = "GET"): Promise<any> {
  const response =
    method === "GET"
      ? await callApi(`/oai?${query}`)
      : await callApi("/oai", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: query });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("text/xml; charset=utf-8");
  const xml = await response.text();
  expect(XMLValidator.validate(xml)).toBe(true);
  const root = parser.parse(xml)["OAI-PMH"];
  expect(root["@xmlns"]).toBe("http://www.openarchives.org/OAI/2.0/");
  expect(root.responseDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/u);
  return root;
}

function errorCode(root: any): string | undefined {
  return root.error?.["@code"];
}

/** Every header of a list, following resumption tokens to the end, with the tokens seen. */
async function harvest(verb: "ListRecords" | "ListIdentifiers", args: string): Promise<{ records: any[]; tokens: any[] }> {
  const records: any[] = [];
  const tokens: any[] = [];
  let query = `verb=${verb}&${args}`;
  for (let page = 0; page < 100; page++) {
    const root = await oai(query);
    expect(errorCode(root), JSON.stringify(root.error)).toBeUndefined();
    const list = root[verb];
    records.push(...(verb === "ListRecords" ? list.record : list.header));
    const token = list.resumptionToken;
    if (token === undefined) break;
    tokens.push(token);
    if (!token["#text"]) break;
    query = `verb=${verb}&resumptionToken=${encodeURIComponent(token["#text"])}`;
  }
  return { records, tokens };
}

const headerOf = (record: any) => record.header?.[0] ?? record;
const identifierOf = (record: any) => headerOf(record).identifier as string;

async function create(kind: string, json: Record<string, unknown>, publish: Record<string, unknown> | false = {}): Promise<string> {
  const response = await callApi(`/api/${kind}`, { method: "POST", token: editor, json });
  expect(response.status, await response.clone().text()).toBe(201);
  const id = ((await response.json()) as { id: string }).id;
  if (publish) expect((await callApi(`/api/${kind}/${id}/publish`, { method: "POST", token: editor, json: publish })).status).toBe(200);
  return id;
}

beforeAll(async () => {
  startedOn = new Date().toISOString().slice(0, 10);
  editor = await createToken("editor");
  const { report } = await deposit(feedsBib, editor);
  for (const entry of report.entries) ids[entry.key] = entry.id;
  const filler = Array.from({ length: 230 }, (_, i) => `@misc{filler${i}, author = {Harvest${i}, Sample}, title = {Sample harvest filler ${i}}, year = 2019}`).join("\n");
  expect((await deposit(filler, editor)).report.created).toBe(230);
  expect((await callApi(`/api/publications/${ids.okafor2022}`, { method: "PATCH", token: editor, json: { topics: ["housing-homelessness"] } })).status).toBe(200);
  briefingId = await create("briefings", {
    title: "Sample briefing: debt advice in GP surgeries",
    summary: "Sample summary.",
    key_messages: ["Debt advice belongs where people already go."],
    body: "Sample body.",
    audience: "Integrated care boards",
    topics: ["income-debt-poverty"],
    publication_ids: [ids.escaping2024],
  });
  laySummaryId = await create("lay-summaries", { publication_id: ids.okafor2022, language: "cy", title: "Crynodeb enghreifftiol", body: "Testun enghreifftiol." });
  withdrawnId = await create("briefings", { title: "Sample briefing: later withdrawn", summary: "S.", body: "B.", audience: "Everyone" });
  expect((await callApi(`/api/briefings/${withdrawnId}/withdraw`, { method: "POST", token: editor, json: { reason: "Superseded." } })).status).toBe(200);
  draftId = await create("briefings", { title: "Sample briefing: a draft", summary: "S.", body: "B.", audience: "Everyone" }, false);
  // Never public, then withdrawn: never a record, not even a deleted one.
  withdrawnDraftId = await create("briefings", { title: "Sample briefing: a withdrawn draft", summary: "S.", body: "B.", audience: "Everyone", publish_at: "2020-01-01T00:00:00.000Z" }, false);
  expect((await callApi(`/api/briefings/${withdrawnDraftId}/withdraw`, { method: "POST", token: editor, json: { reason: "Dropped." } })).status).toBe(200);
  embargoedId = await create("briefings", { title: "Sample briefing: embargoed", summary: "S.", body: "B.", audience: "Everyone" }, { publish_at: "2099-01-01T00:00:00.000Z" });
  listedCount = 4 + 230 + 1 + 1 + 1;
});

describe("OAI-PMH verbs", () => {
  it("Identify says who we are, how deleted records are kept and the datestamp granularity", async () => {
    const root = await oai("verb=Identify");
    expect(root.request).toEqual({ "#text": "http://repository.test/oai", "@verb": "Identify" });
    const identify = root.Identify;
    expect(identify.repositoryName).toBe("Mental Health Inequalities Repository");
    expect(identify.baseURL).toBe("http://repository.test/oai");
    expect(identify.protocolVersion).toBe("2.0");
    expect(identify.adminEmail).toBe("repository@example.org");
    expect(identify.deletedRecord).toBe("persistent");
    expect(identify.granularity).toBe("YYYY-MM-DDThh:mm:ssZ");
    expect(identify.earliestDatestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/u);
    expect(identify.description["oai-identifier"].repositoryIdentifier).toBe("repository.example.org");
  });

  it("ListMetadataFormats offers oai_dc, for the repository and for one record", async () => {
    const formats = (await oai("verb=ListMetadataFormats")).ListMetadataFormats.metadataFormat;
    expect(formats).toEqual([
      { metadataPrefix: "oai_dc", schema: "http://www.openarchives.org/OAI/2.0/oai_dc.xsd", metadataNamespace: "http://www.openarchives.org/OAI/2.0/oai_dc/" },
    ]);
    expect((await oai(`verb=ListMetadataFormats&identifier=${PREFIX}briefings/${briefingId}`)).ListMetadataFormats.metadataFormat.length).toBe(1);
    expect(errorCode(await oai(`verb=ListMetadataFormats&identifier=${PREFIX}briefings/${draftId}`))).toBe("idDoesNotExist");
  });

  it("ListSets has a set for each kind and each topic", async () => {
    const sets = (await oai("verb=ListSets")).ListSets.set.map((s: any) => s.setSpec[0]);
    expect(sets).toEqual(expect.arrayContaining(["kind", "kind:publications", "kind:briefings", "kind:lay-summaries", "topic", "topic:housing-homelessness"]));
    expect(sets.length).toBe(2 + 3 + 17);
  });

  it("GetRecord gives Dublin Core for a public item and a bare deleted header for a withdrawn one", async () => {
    const record = (await oai(`verb=GetRecord&identifier=${PREFIX}briefings/${briefingId}&metadataPrefix=oai_dc`)).GetRecord.record[0];
    expect(record.header[0].identifier).toBe(`${PREFIX}briefings/${briefingId}`);
    expect(record.header[0].setSpec).toEqual(["kind:briefings", "topic:income-debt-poverty"]);
    const dc = record.metadata["oai_dc:dc"];
    expect(dc["dc:title"]).toEqual(["Sample briefing: debt advice in GP surgeries"]);
    expect(dc["dc:description"]).toEqual(["Sample summary.", "Debt advice belongs where people already go."]);
    expect(dc["dc:identifier"]).toEqual([`http://repository.test/briefings/${briefingId}`]);
    expect(dc["dc:relation"]).toEqual([`http://repository.test/publications/${ids.escaping2024}`]);

    const publication = (await oai(`verb=GetRecord&identifier=${PREFIX}publications/${ids.escaping2024}&metadataPrefix=oai_dc`)).GetRecord.record[0];
    const stored = (await (await callApi(`/api/publications/${ids.escaping2024}`)).json()) as { title: string };
    expect(publication.metadata["oai_dc:dc"]["dc:title"]).toEqual([stored.title]);
    expect(publication.metadata["oai_dc:dc"]["dc:creator"]).toEqual(["Demo Ashworth", "Example Okafor"]);
    expect(publication.metadata["oai_dc:dc"]["dc:identifier"]).toContain("https://doi.org/10.5555/feeds.2024.001");

    const lay = (await oai(`verb=GetRecord&identifier=${PREFIX}lay-summaries/${laySummaryId}&metadataPrefix=oai_dc`)).GetRecord.record[0];
    expect(lay.metadata["oai_dc:dc"]["dc:language"]).toEqual(["cy"]);

    const deleted = (await oai(`verb=GetRecord&identifier=${PREFIX}briefings/${withdrawnId}&metadataPrefix=oai_dc`)).GetRecord.record[0];
    expect(deleted.header[0]["@status"]).toBe("deleted");
    expect(deleted.metadata).toBeUndefined();
  });

  it("harvests every listed record exactly once through resumption tokens, with cursor, size and expiry", async () => {
    const { records, tokens } = await harvest("ListRecords", "metadataPrefix=oai_dc");
    const identifiers = records.map(identifierOf);
    expect(identifiers.length).toBe(listedCount);
    expect(new Set(identifiers).size).toBe(listedCount);
    expect(identifiers).not.toContain(`${PREFIX}briefings/${draftId}`);
    expect(identifiers).not.toContain(`${PREFIX}briefings/${embargoedId}`);
    expect(identifiers).not.toContain(`${PREFIX}briefings/${withdrawnDraftId}`);
    expect(tokens.map((t) => t["@cursor"])).toEqual(["0", "100", "200"]);
    expect(tokens.every((t) => t["@completeListSize"] === String(listedCount))).toBe(true);
    expect(tokens[tokens.length - 1]["#text"]).toBeUndefined();
    expect(Date.parse(tokens[0]["@expirationDate"])).toBeGreaterThan(Date.now() + 60 * 60 * 1000);
    const datestamps = records.map((r) => headerOf(r).datestamp as string);
    expect([...datestamps].sort()).toEqual(datestamps);
    const deleted = records.filter((r) => headerOf(r)["@status"] === "deleted");
    expect(deleted.map(identifierOf)).toEqual([`${PREFIX}briefings/${withdrawnId}`]);
    expect(deleted[0].metadata).toBeUndefined();
    const identifiersOnly = await harvest("ListIdentifiers", "metadataPrefix=oai_dc");
    expect(identifiersOnly.records.map(identifierOf)).toEqual(identifiers);
  });

  it("keeps a harvest's tokens valid and its records once each while items are added mid-harvest", async () => {
    const first = await oai("verb=ListIdentifiers&metadataPrefix=oai_dc");
    const seen = first.ListIdentifiers.header.map(identifierOf);
    const startedAt = first.responseDate as string;
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const added = Array.from({ length: 5 }, (_, i) => `@misc{late${i}, author = {Late${i}, Sample}, title = {Sample late arrival ${i}}, year = 2025}`).join("\n");
    expect((await deposit(added, editor)).report.created).toBe(5);
    let token = first.ListIdentifiers.resumptionToken["#text"];
    while (token) {
      const root = await oai(`verb=ListIdentifiers&resumptionToken=${encodeURIComponent(token)}`);
      seen.push(...root.ListIdentifiers.header.map(identifierOf));
      token = root.ListIdentifiers.resumptionToken["#text"];
    }
    expect(seen.length).toBe(listedCount);
    expect(new Set(seen).size).toBe(listedCount);
    // The next incremental harvest, from when this one started, brings the new records.
    const { records } = await harvest("ListIdentifiers", `metadataPrefix=oai_dc&from=${startedAt}`);
    const late = records.map(identifierOf).filter((id) => !seen.includes(id));
    expect(late.length).toBe(5);
    listedCount += 5;
  });

  it("harvests selectively by set and by date", async () => {
    const briefings = (await harvest("ListIdentifiers", "metadataPrefix=oai_dc&set=kind:briefings")).records.map(identifierOf);
    expect(briefings.sort()).toEqual([`${PREFIX}briefings/${briefingId}`, `${PREFIX}briefings/${withdrawnId}`].sort());
    const housing = (await harvest("ListIdentifiers", "metadataPrefix=oai_dc&set=topic:housing-homelessness")).records.map(identifierOf);
    expect(housing).toEqual([`${PREFIX}publications/${ids.okafor2022}`]);
    const all = (await harvest("ListIdentifiers", "metadataPrefix=oai_dc&set=kind")).records;
    expect(all.length).toBe(listedCount);
    // Whole days: from the day the records were made to the day after, in case the suite runs across midnight (UTC).
    const day = startedOn;
    const nextDay = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    expect((await harvest("ListIdentifiers", `metadataPrefix=oai_dc&from=${day}&until=${nextDay}`)).records.length).toBe(listedCount);
    expect(errorCode(await oai(`verb=ListIdentifiers&metadataPrefix=oai_dc&until=${new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10)}`))).toBe("noRecordsMatch");
    expect(errorCode(await oai("verb=ListRecords&metadataPrefix=oai_dc&until=2000-01-01"))).toBe("noRecordsMatch");
    expect(errorCode(await oai("verb=ListRecords&metadataPrefix=oai_dc&from=2099-01-01T00:00:00Z"))).toBe("noRecordsMatch");
    expect(errorCode(await oai("verb=ListRecords&metadataPrefix=oai_dc&set=topic:no-such-topic"))).toBe("noRecordsMatch");
  });
});

describe("OAI-PMH errors, each by its name", () => {
  it.each([
    ["", "badVerb"],
    ["verb=Fetch", "badVerb"],
    ["verb=Identify&verb=Identify", "badVerb"],
    ["verb=Identify&extra=1", "badArgument"],
    ["verb=ListRecords", "badArgument"],
    ["verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc", "badArgument"],
    ["verb=ListRecords&metadataPrefix=oai_dc&from=2026-13-01", "badArgument"],
    ["verb=ListRecords&metadataPrefix=oai_dc&from=2026-02-30", "badArgument"],
    ["verb=ListRecords&metadataPrefix=oai_dc&from=2026-01-01T00:00:00.000Z", "badArgument"],
    ["verb=ListRecords&metadataPrefix=oai_dc&from=2026-01-01&until=2026-06-01T00:00:00Z", "badArgument"],
    ["verb=ListRecords&metadataPrefix=oai_dc&from=2026-06-01&until=2026-01-01", "badArgument"],
    ["verb=ListRecords&resumptionToken=abc&metadataPrefix=oai_dc", "badArgument"],
    ["verb=GetRecord&identifier=oai:repository.example.org:publications/01KMZ0000000000000000000AB", "badArgument"],
    ["verb=ListRecords&metadataPrefix=marc21", "cannotDisseminateFormat"],
    ["verb=ListIdentifiers&metadataPrefix=mods", "cannotDisseminateFormat"],
    ["verb=GetRecord&identifier=oai:repository.example.org:publications/01KMZ0000000000000000000AB&metadataPrefix=oai_dc", "idDoesNotExist"],
    ["verb=GetRecord&identifier=oai:elsewhere.org:publications/1&metadataPrefix=oai_dc", "idDoesNotExist"],
    ["verb=ListRecords&resumptionToken=not-a-token", "badResumptionToken"],
    ["verb=ListSets&resumptionToken=anything", "badResumptionToken"],
  ])("%s → %s", async (query, code) => {
    const root = await oai(query);
    expect(errorCode(root)).toBe(code);
    expect(root.error["#text"].length).toBeGreaterThan(10);
    // After badVerb and badArgument the request element holds the base URL only.
    if (code === "badVerb" || code === "badArgument") expect(root.request).toBe("http://repository.test/oai");
    else expect(root.request["@verb"]).toBeDefined();
  });

  it("refuses an expired token and one issued for another verb", async () => {
    const state = { verb: "ListRecords" as const, until: new Date().toISOString(), cursor: 100, completeListSize: 300 };
    const expired = await signToken({ ...state, expires: Date.now() - 1000 }, env.OAI_TOKEN_SECRET!);
    expect(errorCode(await oai(`verb=ListRecords&resumptionToken=${expired}`))).toBe("badResumptionToken");
    const live = (await oai("verb=ListIdentifiers&metadataPrefix=oai_dc")).ListIdentifiers.resumptionToken["#text"];
    expect(errorCode(await oai(`verb=ListRecords&resumptionToken=${encodeURIComponent(live)}`))).toBe("badResumptionToken");
  });

  it("answers POST requests sent as forms the same as GET", async () => {
    const root = await oai(`verb=GetRecord&identifier=${encodeURIComponent(`${PREFIX}briefings/${briefingId}`)}&metadataPrefix=oai_dc`, "POST");
    expect(root.GetRecord.record[0].header[0].identifier).toBe(`${PREFIX}briefings/${briefingId}`);
  });
});

describe("OAI-PMH after a publication is withdrawn", () => {
  it("reports it and its lay summary as deleted records from then on", async () => {
    // Datestamps have whole seconds: earlier changes must fall in an earlier second than `before`, and the withdrawal in a later one.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const before = (await oai("verb=Identify")).responseDate as string;
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await callApi(`/api/publications/${ids.okafor2022}/withdraw`, { method: "POST", token: editor, json: { reason: "Retracted." } })).status).toBe(200);
    const { records } = await harvest("ListIdentifiers", `metadataPrefix=oai_dc&from=${before}`);
    expect(records.map((r) => [identifierOf(r), headerOf(r)["@status"]])).toEqual([
      [`${PREFIX}publications/${ids.okafor2022}`, "deleted"],
      [`${PREFIX}lay-summaries/${laySummaryId}`, "deleted"],
    ]);
  });
});

