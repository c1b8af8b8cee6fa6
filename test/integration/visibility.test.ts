import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { newId } from "../../worker/db/ids";
import { deskFetch, signInAs } from "./desk-helpers";
import { callApi, createItem, createToken, deposit, publishItem } from "./helpers";

/**
 * One visibility rule, walked over every read path: what is hidden (a draft, a submitted item, one under embargo, one
 * withdrawn before it was ever public, a published lay summary of a hidden paper, a person known only from hidden
 * work) never shows in an anonymous answer, and probing it answers as for an id that does not exist.
 */

let editor: string;
let owner: string;
let prober: string;

const FUTURE = new Date(Date.now() + 30 * 86_400_000).toISOString();
const TOPIC = "income-debt-poverty";

type Hidden = { label: string; kind: "publications" | "briefings" | "lay-summaries"; id: string; title: string; secret: string };
/** Everything that must never reach an anonymous reader. */
const hidden: Hidden[] = [];
/** Public once, then withdrawn: its tombstone may name it, its content never shows. */
let withdrawn: Hidden;
let publicPaperId: string;
let publicBriefingId: string;
let hiddenPersonId: string;
let sharedPersonId: string;

/** Deposits one paper by `token`; returns its id and its authors' ids. */
async function depositPaper(key: string, title: string, secret: string, authors: string, token: string) {
  const { status, report } = await deposit(
    `@article{${key}, title = {${title}}, author = {${authors}}, journal = {Journal of Visibility}, year = 2024, abstract = {${secret}}, keywords = {visibilityprobe}}`,
    token,
  );
  expect(status, JSON.stringify(report)).toBe(201);
  const id = report.entries[0].id as string;
  const item = await (await callApi(`/api/publications/${id}`, { token: editor })).json<any>();
  return { id, authorIds: (item.authors as { id: string }[]).map((a) => a.id) };
}

async function patchItem(kind: string, id: string, json: Record<string, unknown>, token: string) {
  const response = await callApi(`/api/${kind}/${id}`, { method: "PATCH", token, json });
  expect(response.status, await response.clone().text()).toBe(200);
}

beforeAll(async () => {
  editor = await createToken("editor", "Visibility Editor");
  owner = await createToken("depositor", "Visibility Owner");
  prober = await createToken("depositor", "Visibility Prober");

  const shared = await depositPaper("visPublic", "Visible paper on benefits and sleep", "Openly readable abstract", "Sharedname, Petra", editor);
  publicPaperId = shared.id;
  sharedPersonId = shared.authorIds[0];

  // Papers, by depositor `owner`: each in one hidden state. Zebedee Onlyhidden is an author of hidden papers only.
  const submitted = await depositPaper("visSubmitted", "Quokkasubmitted paper title", "Quokkasubmitted secret abstract", "Onlyhidden, Zebedee and Sharedname, Petra", owner);
  hiddenPersonId = submitted.authorIds[0];
  hidden.push({ label: "submitted publication", kind: "publications", id: submitted.id, title: "Quokkasubmitted paper title", secret: "Quokkasubmitted secret abstract" });

  const draft = await depositPaper("visDraft", "Quokkadraft paper title", "Quokkadraft secret abstract", "Onlyhidden, Zebedee", owner);
  await patchItem("publications", draft.id, { status: "draft" }, owner);
  hidden.push({ label: "draft publication", kind: "publications", id: draft.id, title: "Quokkadraft paper title", secret: "Quokkadraft secret abstract" });

  const embargoed = await depositPaper("visEmbargoed", "Quokkaembargoed paper title", "Quokkaembargoed secret abstract", "Onlyhidden, Zebedee", owner);
  await publishItem("publications", embargoed.id, editor, { publish_at: FUTURE });
  hidden.push({ label: "embargoed publication", kind: "publications", id: embargoed.id, title: "Quokkaembargoed paper title", secret: "Quokkaembargoed secret abstract" });

  const neverPublic = await depositPaper("visNeverPublic", "Quokkaunpublished paper title", "Quokkaunpublished secret abstract", "Onlyhidden, Zebedee", owner);
  const withdraw = await callApi(`/api/publications/${neverPublic.id}/withdraw`, { method: "POST", token: editor, json: { reason: "Deposited twice." } });
  expect(withdraw.status).toBe(200);
  hidden.push({ label: "publication withdrawn before it was public", kind: "publications", id: neverPublic.id, title: "Quokkaunpublished paper title", secret: "Quokkaunpublished secret abstract" });

  const wasPublic = await depositPaper("visWithdrawn", "Quokkawithdrawn paper title", "Quokkawithdrawn secret abstract", "Sharedname, Petra", editor);
  await callApi(`/api/publications/${wasPublic.id}/withdraw`, { method: "POST", token: editor, json: { reason: "Data could not be verified." } });
  withdrawn = { label: "withdrawn publication", kind: "publications", id: wasPublic.id, title: "Quokkawithdrawn paper title", secret: "Quokkawithdrawn secret abstract" };

  // Published lay summaries of hidden papers: public themselves, hidden by their paper.
  for (const paper of [submitted, embargoed]) {
    const state = paper === submitted ? "submitted" : "embargoed";
    const title = `Quokkalay summary of the ${state} paper`;
    const secret = `Quokkalay plain words about the ${state} paper.`;
    const id = await createItem("lay-summaries", { publication_id: paper.id, language: "en", title, body: secret, topics: [TOPIC] }, editor);
    await publishItem("lay-summaries", id, editor);
    hidden.push({ label: `published lay summary of a ${state} paper`, kind: "lay-summaries", id, title, secret });
  }
  // A lay summary of a public paper, itself a draft.
  const draftLayTitle = "Quokkalay draft summary";
  const draftLay = await createItem("lay-summaries", { publication_id: publicPaperId, language: "en", title: draftLayTitle, body: "Quokkalay draft words.", topics: [TOPIC] }, owner);
  hidden.push({ label: "draft lay summary", kind: "lay-summaries", id: draftLay, title: draftLayTitle, secret: "Quokkalay draft words." });

  // Briefings in each hidden state.
  const briefing = (title: string, extra: Record<string, unknown> = {}) => ({
    title,
    summary: `${title} summary`,
    key_messages: [`${title} message`],
    body: `${title} body`,
    audience: "Visibility testers",
    topics: [TOPIC],
    ...extra,
  });
  const draftBriefing = await createItem("briefings", briefing("Quokkabriefing draft"), owner);
  hidden.push({ label: "draft briefing", kind: "briefings", id: draftBriefing, title: "Quokkabriefing draft", secret: "Quokkabriefing draft body" });
  const submittedBriefing = await createItem("briefings", briefing("Quokkabriefing submitted", { status: "submitted" }), owner);
  hidden.push({ label: "submitted briefing", kind: "briefings", id: submittedBriefing, title: "Quokkabriefing submitted", secret: "Quokkabriefing submitted body" });
  const embargoedBriefing = await createItem("briefings", briefing("Quokkabriefing embargoed", { publish_at: FUTURE }), editor);
  await publishItem("briefings", embargoedBriefing, editor);
  hidden.push({ label: "embargoed briefing", kind: "briefings", id: embargoedBriefing, title: "Quokkabriefing embargoed", secret: "Quokkabriefing embargoed body" });

  // A public briefing whose evidence is one public paper and every hidden one.
  publicBriefingId = await createItem(
    "briefings",
    briefing("Visible briefing on sleep", { publication_ids: [publicPaperId, ...hidden.filter((h) => h.kind === "publications").map((h) => h.id), withdrawn.id] }),
    editor,
  );
  await publishItem("briefings", publicBriefingId, editor);
});

/** Every anonymous read path, as (path, text) pairs. */
async function readEverything(): Promise<{ path: string; status: number; body: string }[]> {
  const paths = [
    "/",
    "/api/publications?limit=100",
    "/api/briefings?limit=100",
    "/api/lay-summaries?limit=100",
    "/publications",
    "/briefings",
    "/lay-summaries",
    "/topics",
    `/topics/${TOPIC}`,
    `/people/${sharedPersonId}`,
    `/publications/${publicPaperId}`,
    `/briefings/${publicBriefingId}`,
    `/api/briefings/${publicBriefingId}`,
    `/api/publications/${publicPaperId}`,
    "/api/search?q=quokka*&limit=100",
    "/api/search?q=visibilityprobe&limit=100",
    "/api/search?limit=100",
    `/api/search?person=${sharedPersonId}&limit=100`,
    "/search?q=quokka*",
    "/api/suggest?q=quokka",
    "/api/suggest?q=onlyhid",
    "/api/suggest?q=zebedee",
    "/feeds/all.json?limit=200",
    "/feeds/publications.json?limit=200",
    "/feeds/briefings.json?limit=200",
    "/feeds/lay-summaries.json?limit=200",
    `/feeds/topics/${TOPIC}.json?limit=200`,
    `/feeds/people/${sharedPersonId}.json?limit=200`,
    "/feeds/search.json?q=quokka*&limit=200",
    "/sitemap.xml",
  ];
  const answers = [];
  for (const path of paths) {
    const response = await callApi(path);
    answers.push({ path, status: response.status, body: await response.text() });
  }
  for (const sitemap of answers.find((a) => a.path === "/sitemap.xml")!.body.matchAll(/<loc>[^<]*(\/sitemap-\d+\.xml)<\/loc>/gu)) {
    const response = await callApi(sitemap[1]);
    answers.push({ path: sitemap[1], status: response.status, body: await response.text() });
  }
  let query = "verb=ListRecords&metadataPrefix=oai_dc";
  for (let page = 0; page < 20; page++) {
    const response = await callApi(`/oai?${query}`);
    const body = await response.text();
    answers.push({ path: `/oai?${query}`, status: response.status, body });
    const token = /<resumptionToken[^>]*>([^<]+)<\/resumptionToken>/u.exec(body)?.[1];
    if (!token) break;
    query = `verb=ListRecords&resumptionToken=${encodeURIComponent(token.replace(/&amp;/gu, "&"))}`;
  }
  return answers;
}

describe("anonymous readers", () => {
  it("never see a hidden item's title, text or id on any read path", async () => {
    const answers = await readEverything();
    for (const answer of answers) expect(answer.status, `${answer.path}: ${answer.body.slice(0, 300)}`).toBe(200);
    // The walk reached the public items, so an empty answer would not pass for a hidden one.
    expect(answers.find((a) => a.path === "/api/publications?limit=100")!.body).toContain(publicPaperId);
    expect(answers.find((a) => a.path === "/api/search?q=visibilityprobe&limit=100")!.body).toContain(publicPaperId);
    expect(answers.find((a) => a.path.startsWith("/feeds/all"))!.body).toContain(withdrawn.id);
    for (const item of hidden) {
      for (const answer of answers) {
        expect(answer.body, `${item.label} in ${answer.path}`).not.toContain(item.id);
        expect(answer.body, `${item.label} in ${answer.path}`).not.toContain(item.title);
        expect(answer.body, `${item.label} in ${answer.path}`).not.toContain(item.secret);
      }
    }
  });

  it("are told of a withdrawn item only by its tombstone, never its content", async () => {
    const answers = await readEverything();
    for (const answer of answers) expect(answer.body, `withdrawn content in ${answer.path}`).not.toContain(withdrawn.secret);
    const listing = ["/", "/api/publications?limit=100", "/publications", "/api/search?q=quokka*&limit=100", "/api/suggest?q=quokka", "/sitemap.xml"];
    for (const path of listing) expect(answers.find((a) => a.path === path)!.body, path).not.toContain(withdrawn.id);
    expect((await callApi(`/publications/${withdrawn.id}`)).status).toBe(410);
    const api = await callApi(`/api/publications/${withdrawn.id}`);
    expect(api.status).toBe(410);
    expect(await api.text()).not.toContain(withdrawn.secret);
    expect((await callApi(`/api/publications/${withdrawn.id}/cite`)).status).toBe(410);
    const feed = JSON.parse(answers.find((a) => a.path.startsWith("/feeds/all"))!.body);
    const entry = feed.items.find((i: any) => i.id.endsWith(withdrawn.id));
    expect(entry.title).toContain("Withdrawn");
    const oai = answers.filter((a) => a.path.startsWith("/oai")).map((a) => a.body).join("");
    expect(oai).toMatch(new RegExp(`<header status="deleted"><identifier>[^<]*${withdrawn.id}</identifier>`, "u"));
  });

  it("do not find a person known only from hidden work, and find one with public work", async () => {
    const nobody = newId();
    const pairs: [string, string][] = [
      [`/people/${hiddenPersonId}`, `/people/${nobody}`],
      [`/feeds/people/${hiddenPersonId}.json`, `/feeds/people/${nobody}.json`],
      [`/feeds/people/${hiddenPersonId}.rss`, `/feeds/people/${nobody}.rss`],
      [`/api/search?person=${hiddenPersonId}`, `/api/search?person=${nobody}`],
    ];
    const statuses = [];
    for (const [probe, absent] of pairs) statuses.push(await expectSameAnswer(probe, absent, hiddenPersonId, nobody));
    expect(statuses).toEqual([404, 404, 404, 200]);
    expect(await (await callApi(`/api/search?person=${hiddenPersonId}`)).json()).toMatchObject({ total: 0, items: [] });
    expect((await callApi(`/people/${sharedPersonId}`)).status).toBe(200);
    const suggestions = await (await callApi("/api/suggest?q=onlyhidden")).text();
    expect(suggestions).not.toContain("Onlyhidden");
  });
});

/** Status, content type and body of two answers agree once `id` stands for `stand`. */
async function expectSameAnswer(probe: string, absent: string, id: string, stand: string, init: Parameters<typeof callApi>[1] = {}, json?: (id: string) => unknown) {
  const a = await callApi(probe, json ? { ...init, json: json(id) } : init);
  const b = await callApi(absent, json ? { ...init, json: json(stand) } : init);
  const [aBody, bBody] = [await a.text(), await b.text()];
  expect({ status: a.status, type: a.headers.get("content-type"), body: aBody.replaceAll(id, stand) }, probe).toEqual({
    status: b.status,
    type: b.headers.get("content-type"),
    body: bBody,
  });
  return a.status;
}

describe("a person whose only paper was public, then withdrawn", () => {
  it("keeps a feed that tells of the withdrawal, with nothing of the paper's content", async () => {
    const gone = await depositPaper("visGone", "Goneworks paper title", "Goneworks secret abstract", "Gonename, Gus", editor);
    await callApi(`/api/publications/${gone.id}/withdraw`, { method: "POST", token: editor, json: { reason: "Retracted by the authors." } });
    const feed = await callApi(`/feeds/people/${gone.authorIds[0]}.json`);
    const body = await feed.text();
    expect(feed.status).toBe(200);
    expect(JSON.parse(body).items.map((i: any) => i.title)).toEqual(["Withdrawn: Goneworks paper title"]);
    expect(body).not.toContain("Goneworks secret abstract");
  });
});

describe("a published lay summary of a paper withdrawn after it was public", () => {
  it("is a tombstone in the API as on its page, its words shown nowhere", async () => {
    const paper = await depositPaper("visLayGone", "Laygone paper title", "Laygone abstract", "Layauthor, Lena", editor);
    const lay = await createItem("lay-summaries", { publication_id: paper.id, language: "en", title: "Laygone summary", body: "Laygone plain words." }, editor);
    await publishItem("lay-summaries", lay, editor);
    await callApi(`/api/publications/${paper.id}/withdraw`, { method: "POST", token: editor, json: { reason: "Errors in the data." } });
    const api = await callApi(`/api/lay-summaries/${lay}`);
    const problem = await api.json<any>();
    expect({ status: api.status, reason: problem.withdrawal_reason }).toEqual({ status: 410, reason: "The publication it summarises was withdrawn: Errors in the data." });
    expect(JSON.stringify(problem)).not.toContain("Laygone plain words.");
    expect((await callApi(`/lay-summaries/${lay}`)).status).toBe(410);
    expect(await (await callApi("/api/lay-summaries?limit=100")).text()).not.toContain(lay);
    expect(await (await callApi("/")).text()).not.toContain("Laygone summary");
  });
});

describe("probing another person's hidden item", () => {
  it("answers as for an id that does not exist, anonymously and as another depositor", async () => {
    for (const item of hidden) {
      const nobody = newId();
      for (const token of [undefined, prober]) {
        expect(await expectSameAnswer(`/api/${item.kind}/${item.id}`, `/api/${item.kind}/${nobody}`, item.id, nobody, { token })).toBe(404);
        expect(await expectSameAnswer(`/${item.kind}/${item.id}`, `/${item.kind}/${nobody}`, item.id, nobody, { token })).toBe(404);
      }
      const patch = { method: "PATCH", token: prober };
      expect(await expectSameAnswer(`/api/${item.kind}/${item.id}`, `/api/${item.kind}/${nobody}`, item.id, nobody, patch, () => ({ title: "Mine now" }))).toBe(404);
      if (item.kind === "publications") {
        expect(await expectSameAnswer(`/api/publications/${item.id}/cite`, `/api/publications/${nobody}/cite`, item.id, nobody)).toBe(404);
        const oai = (id: string) => `/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:${env.OAI_REPOSITORY_IDENTIFIER}:publications/${id}`;
        const [probe, absent] = [await (await callApi(oai(item.id))).text(), await (await callApi(oai(nobody))).text()];
        const undated = (xml: string) => xml.replace(/<responseDate>[^<]*<\/responseDate>/u, "");
        expect(undated(probe).replaceAll(item.id, nobody)).toBe(undated(absent));
        expect(probe).toContain("idDoesNotExist");
      }
    }
  });

  it("by attaching a lay summary or citing it in a briefing answers as for a paper that does not exist", async () => {
    const submittedPaper = hidden.find((h) => h.label === "submitted publication")!;
    for (const paper of hidden.filter((h) => h.kind === "publications")) {
      const nobody = newId();
      const lay = (id: string) => ({ publication_id: id, language: "fr", title: "Un résumé", body: "Des mots simples." });
      const post = { method: "POST", token: prober };
      expect(await expectSameAnswer("/api/lay-summaries", "/api/lay-summaries", paper.id, nobody, post, lay)).toBe(422);
      const brief = (id: string) => ({ title: "B", summary: "S", body: "B", audience: "A", publication_ids: [id] });
      expect(await expectSameAnswer("/api/briefings", "/api/briefings", paper.id, nobody, post, brief)).toBe(422);
    }
    // Its own depositor and an editor may still attach to it.
    const mine = await callApi("/api/lay-summaries", { method: "POST", token: owner, json: { publication_id: submittedPaper.id, language: "cy", title: "Crynodeb", body: "Geiriau syml." } });
    expect(mine.status).toBe(201);
  });

  it("by depositing it again is told it is a duplicate, but not which record", async () => {
    const submittedPaper = hidden.find((h) => h.label === "submitted publication")!;
    const { status, report } = await deposit(
      "@article{visAgain, title = {Quokkasubmitted paper title}, author = {Onlyhidden, Zebedee and Sharedname, Petra}, journal = {Journal of Visibility}, year = 2024}",
      prober,
    );
    expect({ status, entry: report.entries[0].status, duplicates: report.duplicates }).toEqual({ status: 200, entry: "duplicate", duplicates: 1 });
    expect(JSON.stringify(report)).not.toContain(submittedPaper.id);
    const asOwner = await deposit("@article{visAgain, title = {Quokkasubmitted paper title}, author = {Onlyhidden, Zebedee and Sharedname, Petra}, journal = {Journal of Visibility}, year = 2024}", owner);
    expect(asOwner.report.entries[0].duplicate_of).toBe(submittedPaper.id);
  });

  it("in the desk's paper picker answers as for a paper that does not exist", async () => {
    const someone = await signInAs("depositor");
    for (const paper of hidden.filter((h) => h.kind === "publications")) {
      const nobody = newId();
      const [probe, absent] = await Promise.all(
        [paper.id, nobody].map(async (id) => {
          const response = await deskFetch(`/write/lay-summaries?publication_id=${id}`, { person: someone });
          // The form's one-time values differ from page to page; what it says of the paper must not.
          return { status: response.status, body: (await response.text()).replace(/value="[A-Za-z0-9_-]{20,}"/gu, "") };
        }),
      );
      expect(probe.status).toBe(200);
      expect({ ...probe, body: probe.body.replaceAll(paper.id, nobody) }).toEqual(absent);
      expect(probe.body).not.toContain("not public");
    }
  });

  it("tells a depositor a paper's summary in a language exists, but not the hidden summary's id", async () => {
    const draftLay = hidden.find((h) => h.label === "draft lay summary")!;
    const response = await callApi("/api/lay-summaries", { method: "POST", token: prober, json: { publication_id: publicPaperId, language: "en", title: "T", body: "B" } });
    expect(response.status).toBe(409);
    expect(await response.text()).not.toContain(draftLay.id);
    const own = await callApi("/api/lay-summaries", { method: "POST", token: owner, json: { publication_id: publicPaperId, language: "en", title: "T", body: "B" } });
    expect(await own.json()).toMatchObject({ status: 409, existing_id: draftLay.id });
  });

  it("lets a depositor keep the hidden evidence an editor added to their briefing", async () => {
    const submittedPaper = hidden.find((h) => h.label === "submitted publication")!;
    const mine = await createItem("briefings", { title: "Mine", summary: "S", body: "B", audience: "A", publication_ids: [publicPaperId] }, prober);
    await patchItem("briefings", mine, { publication_ids: [publicPaperId, submittedPaper.id] }, editor);
    await patchItem("briefings", mine, { publication_ids: [submittedPaper.id, publicPaperId], title: "Mine, edited" }, prober);
  });

  it("still shows the owner and editors what is hidden from everyone else", async () => {
    const submittedLay = hidden.find((h) => h.label === "published lay summary of a submitted paper")!;
    expect((await callApi(`/api/lay-summaries/${submittedLay.id}`, { token: editor })).status).toBe(200);
    const draftBriefing = hidden.find((h) => h.label === "draft briefing")!;
    expect((await callApi(`/api/briefings/${draftBriefing.id}`, { token: owner })).status).toBe(200);
    const own = await (await callApi("/api/publications?status=submitted&limit=100", { token: owner })).json<any>();
    expect(own.items.map((i: any) => i.id)).toContain(hidden[0].id);
    const evidence = await (await callApi(`/api/briefings/${publicBriefingId}`, { token: editor })).json<any>();
    expect(evidence.publications.length).toBe(1 + hidden.filter((h) => h.kind === "publications").length + 1);
  });
});

describe("ids", () => {
  /** The 80-bit random part of a ULID, as a number. */
  const randomPart = (id: string) => [...id.slice(10)].reduce((n, c) => n * 32n + BigInt("0123456789ABCDEFGHJKMNPQRSTVWXYZ".indexOf(c)), 0n);

  it("are not guessable from one another, yet sort in the order they were made", () => {
    const ids = Array.from({ length: 2000 }, () => newId());
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    let sameMillisecond = 0;
    for (let i = 1; i < ids.length; i++) {
      if (ids[i].slice(0, 10) !== ids[i - 1].slice(0, 10)) continue;
      sameMillisecond++;
      // Neighbours differ in far more than a counter's last digits: 2^40 guesses at the very least.
      expect(randomPart(ids[i]) - randomPart(ids[i - 1]), `${ids[i - 1]} then ${ids[i]}`).toBeGreaterThan(2n ** 40n);
    }
    expect(sameMillisecond).toBeGreaterThan(0);
  });

  it("of a paper and its authors, made together, are far apart", async () => {
    const paper = await depositPaper("visIds", "Ids paper", "Ids abstract", "Alpha, Ann and Beta, Ben", editor);
    for (const id of [paper.id, ...paper.authorIds]) {
      for (const other of [paper.id, ...paper.authorIds]) {
        if (id === other || id.slice(0, 10) !== other.slice(0, 10)) continue;
        const gap = randomPart(id) - randomPart(other);
        expect(gap < 0n ? -gap : gap).toBeGreaterThan(2n ** 40n);
      }
    }
    const row = await env.DB.prepare("SELECT count(*) AS n FROM people WHERE id IN (?, ?)").bind(...paper.authorIds).first<{ n: number }>();
    expect(row?.n).toBe(2);
  });
});
