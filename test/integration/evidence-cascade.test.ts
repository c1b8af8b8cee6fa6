// Evidence that stays honest: a cited paper withdrawn or corrected reaches every briefing citing it (page, feeds, the
// evidence API, the editors' queue) in the same batch, and a batch that fails stores none of it.
import { env } from "cloudflare:test";
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from "feedsmith";
import { beforeAll, describe, expect, it } from "vitest";
import evidenceBib from "../fixtures/evidence.bib?raw";
import { deskFetch, signInAs, type DeskPerson } from "./desk-helpers";
import { callApi, createItem, createToken, deposit, publishItem } from "./helpers";

let editor: string;
let depositor: string;
let deskEditor: DeskPerson;
/** Publication id by BibTeX key (without the run's suffix). */
const papers: Record<string, string> = {};
let hiddenPaper: string;
let embargoedPaper: string;
let firstBriefing: string;
let secondBriefing: string;
let summaryOfCornerstone: string;

const RUN = crypto.randomUUID().slice(0, 8);
const WITHDRAWAL_REASON = "Retracted by the journal: the sample was counted twice";
const today = () => new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(new Date());

/** A briefing's OAI-PMH datestamp, as a harvester reads it. */
async function oaiDatestamp(briefingId: string): Promise<string | undefined> {
  const response = await callApi(`/oai?verb=GetRecord&identifier=oai:repository.example.org:briefings/${briefingId}&metadataPrefix=oai_dc`);
  return /<datestamp>([^<]+)<\/datestamp>/u.exec(await response.text())?.[1];
}

type FeedEntry = { id: string | undefined; updated: string | undefined; summary: string | undefined };

/** The entry of one briefing in the briefings feed, in one format, as feedsmith reads it. */
async function feedEntryOf(format: "rss" | "atom" | "json", briefingId: string): Promise<FeedEntry> {
  const response = await callApi(`/feeds/briefings.${format}?limit=200`);
  const body = await response.text();
  expect(response.status, body).toBe(200);
  const entries: (FeedEntry & { url: string | undefined })[] =
    format === "rss"
      ? (parseRssFeed(body).items ?? []).map((i) => ({
          id: i.guid?.value,
          url: i.link,
          updated: i.dcterms?.modified?.[0] ? new Date(i.dcterms.modified[0] as string).toISOString() : undefined,
          summary: i.description,
        }))
      : format === "atom"
        ? (parseAtomFeed(body).entries ?? []).map((e) => ({
            id: e.id,
            url: e.links?.[0]?.href,
            updated: e.updated as string | undefined,
            summary: typeof e.summary === "string" ? e.summary : (e.summary as { value?: string } | undefined)?.value,
          }))
        : (parseJsonFeed(JSON.parse(body)).items ?? []).map((i) => ({ id: i.id, url: i.url, updated: i.date_modified as string | undefined, summary: i.content_text }));
  const entry = entries.find((e) => e.url?.endsWith(`/briefings/${briefingId}`));
  expect(entry, `briefing ${briefingId} in the ${format} feed`).toBeDefined();
  return entry!;
}

async function noticesOf(briefingId: string) {
  const { results } = await env.DB.prepare("SELECT publication_id, change, detail, at, reviewed_at, reviewed_by FROM evidence_notices WHERE briefing_id = ? ORDER BY id")
    .bind(briefingId)
    .all<{ publication_id: string; change: string; detail: string; at: string; reviewed_at: string | null; reviewed_by: string | null }>();
  return results;
}

async function briefingUpdatedAt(id: string): Promise<string> {
  return (await env.DB.prepare("SELECT updated_at FROM briefings WHERE id = ?").bind(id).first<string>("updated_at"))!;
}

async function chain(briefingId: string, token?: string) {
  const response = await callApi(`/api/briefings/${briefingId}/evidence`, { token });
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as {
    briefing: { id: string; title: string; status: string };
    publications: { id: string; title: string; status: string; withdrawn_at: string | null; withdrawal_reason: string | null; corrections: { note: string; at: string }[]; lay_summaries: { id: string; language: string; status: string }[] }[];
    notices: { change: string; publication_id: string; detail: string; at: string; reviewed_at: string | null }[];
  };
}

/** The text a page shows, without tags, entities decoded as a reader sees them. */
function pageText(html: string): string {
  return html
    .replace(/<[^>]+>/gu, " ")
    .replace(/&#39;|&#x27;/gu, "'")
    .replace(/&quot;/gu, '"')
    .replace(/&amp;/gu, "&")
    .replace(/\s+/gu, " ")
    .replace(/ ([:.,])/gu, "$1");
}

beforeAll(async () => {
  editor = await createToken("editor");
  depositor = await createToken("depositor");
  deskEditor = await signInAs("editor", { name: "Evidence Editor" });
  const { status, report } = await deposit(evidenceBib.replaceAll("RUN", RUN), editor);
  expect(status, JSON.stringify(report)).toBe(201);
  for (const entry of report.entries) papers[entry.key.replace(RUN, "")] = entry.id;
  // A depositor's paper waits for review (never public), and one under embargo until 2099: cited by an editor all the same.
  const hidden = await deposit(`@article{hidden${RUN}, author = {Hidden, Eta}, title = {A paper still under review ${RUN}}, journal = {J}, year = 2024}`, depositor);
  hiddenPaper = hidden.report.entries[0].id;
  const embargoed = await deposit(`@article{embargoed${RUN}, author = {Later, Theta}, title = {A paper under embargo ${RUN}}, journal = {J}, year = 2024}`, depositor);
  embargoedPaper = embargoed.report.entries[0].id;
  await publishItem("publications", embargoedPaper, editor, { publish_at: "2099-01-01T00:00:00.000Z" });
  firstBriefing = await createItem(
    "briefings",
    {
      title: `Sample briefing: debt advice where people already go ${RUN}`,
      summary: "Sample summary.",
      key_messages: ["Offer debt advice in GP surgeries."],
      body: "Sample body.",
      audience: "Integrated care boards",
      publication_ids: [papers.cornerstone, papers.erratum, hiddenPaper, embargoedPaper],
    },
    editor,
  );
  secondBriefing = await createItem(
    "briefings",
    { title: `Sample briefing: money and mental health ${RUN}`, summary: "Sample.", key_messages: ["Money worries are a health matter."], body: "Sample.", audience: "Councils", publication_ids: [papers.bystander, papers.cornerstone] },
    editor,
  );
  await publishItem("briefings", firstBriefing, editor);
  await publishItem("briefings", secondBriefing, editor);
  summaryOfCornerstone = await createItem(
    "lay-summaries",
    { publication_id: papers.cornerstone, language: "en", title: "Sample summary: help with debt at the doctor's", body: "Getting help with debt at the doctor's may ease worry." },
    editor,
  );
  await publishItem("lay-summaries", summaryOfCornerstone, editor);
});

describe("a cited paper is withdrawn", () => {
  const before: Record<string, FeedEntry> = {};
  let firstUpdatedBefore: string;
  let datestampBefore: string | undefined;

  beforeAll(async () => {
    for (const format of ["rss", "atom", "json"] as const) before[format] = await feedEntryOf(format, firstBriefing);
    firstUpdatedBefore = await briefingUpdatedAt(firstBriefing);
    datestampBefore = await oaiDatestamp(firstBriefing);
    // OAI-PMH datestamps are to the second: the withdrawal lands in a later one.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const response = await callApi(`/api/publications/${papers.cornerstone}/withdraw`, { method: "POST", token: editor, json: { reason: WITHDRAWAL_REASON } });
    expect(response.status, await response.clone().text()).toBe(200);
  });

  it("writes one notice on every briefing citing it, in the same batch as the withdrawal", async () => {
    const withdrawnAt = await env.DB.prepare("SELECT withdrawn_at FROM publications WHERE id = ?").bind(papers.cornerstone).first<string>("withdrawn_at");
    for (const briefing of [firstBriefing, secondBriefing]) {
      expect(await noticesOf(briefing)).toEqual([
        { publication_id: papers.cornerstone, change: "withdrawn", detail: WITHDRAWAL_REASON, at: withdrawnAt, reviewed_at: null, reviewed_by: null },
      ]);
      expect(await briefingUpdatedAt(briefing)).toBe(withdrawnAt);
    }
    expect(await briefingUpdatedAt(firstBriefing)).not.toBe(firstUpdatedBefore);
    const audit = await env.DB.prepare("SELECT item_id FROM audit_log WHERE action = 'evidence-changed' AND at = ? ORDER BY item_id").bind(withdrawnAt).all<{ item_id: string }>();
    expect(audit.results.map((r) => r.item_id)).toEqual([firstBriefing, secondBriefing].sort());
  });

  it("keeps each feed entry's id, with a later updated date and the change stated before the key messages", async () => {
    for (const format of ["rss", "atom", "json"] as const) {
      const after = await feedEntryOf(format, firstBriefing);
      expect(after.id, format).toBe(before[format].id);
      expect(after.updated! > before[format].updated!, `${format}: ${after.updated} after ${before[format].updated}`).toBe(true);
      expect(before[format].summary).not.toContain("withdrawn");
      const stated = `One of the studies this briefing rests on was withdrawn on ${today()}: ${WITHDRAWAL_REASON}. The briefing has not yet been reviewed since.`;
      expect(after.summary?.replace(/<br>/gu, "\n"), format).toBe(`${stated}\n\n• Offer debt advice in GP surgeries.`);
    }
  });

  it("gives the briefing a later OAI-PMH datestamp, so harvesters take it again", async () => {
    expect(datestampBefore).toMatch(/^\d{4}-\d{2}-\d{2}T/u);
    const after = await oaiDatestamp(firstBriefing);
    expect(after! > datestampBefore!, `${after} after ${datestampBefore}`).toBe(true);
  });

  it("shows the notice near the top of the briefing's page, naming the study", async () => {
    const response = await callApi(`/briefings/${firstBriefing}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    const text = pageText(html);
    expect(text).toContain(`One of the studies this briefing rests on was withdrawn on ${today()}: ${WITHDRAWAL_REASON}. The briefing has not yet been reviewed since.`);
    expect(text).toContain(`The study: Debt advice in invented surgeries and anxiety a year later ${RUN}`);
    // Above the key messages: a reader meets it before the briefing's claims.
    expect(html.indexOf("evidence-changed")).toBeLessThan(html.indexOf("key-messages"));
  });

  it("lists the chain for anyone: the withdrawn paper as withdrawn, never the paper under review or under embargo", async () => {
    const seen = await chain(firstBriefing);
    expect(seen.briefing).toEqual({ id: firstBriefing, title: `Sample briefing: debt advice where people already go ${RUN}`, status: "published" });
    expect(seen.publications.map((p) => [p.id, p.status])).toEqual([
      [papers.cornerstone, "withdrawn"],
      [papers.erratum, "published"],
    ]);
    expect(seen.publications[0]).toMatchObject({ withdrawal_reason: WITHDRAWAL_REASON, corrections: [] });
    expect(seen.publications[0].lay_summaries).toEqual([{ id: summaryOfCornerstone, language: "en", title: "Sample summary: help with debt at the doctor's", status: "withdrawn" }]);
    expect(seen.notices).toEqual([{ change: "withdrawn", publication_id: papers.cornerstone, detail: WITHDRAWAL_REASON, at: expect.any(String), reviewed_at: null }]);
    // A briefing itself answers as its own address does: a draft is unknown but to editors, a withdrawn one is gone.
    const draft = await createItem("briefings", { title: `Sample draft ${RUN}`, summary: "S.", body: "B.", audience: "Everyone", publication_ids: [papers.erratum] }, editor);
    expect((await callApi(`/api/briefings/${draft}/evidence`)).status).toBe(404);
    expect((await chain(draft, editor)).publications.map((p) => p.id)).toEqual([papers.erratum]);
    const gone = await createItem("briefings", { title: `Sample gone ${RUN}`, summary: "S.", body: "B.", audience: "Everyone" }, editor);
    await publishItem("briefings", gone, editor);
    expect((await callApi(`/api/briefings/${gone}/withdraw`, { method: "POST", token: editor, json: { reason: "Superseded by a sample." } })).status).toBe(200);
    expect((await callApi(`/api/briefings/${gone}/evidence`)).status).toBe(410);
    // A depositor sees the paper they deposited, still under review, and their own under embargo.
    const asDepositor = await chain(firstBriefing, depositor);
    expect(asDepositor.publications.map((p) => p.id)).toEqual([papers.cornerstone, papers.erratum, hiddenPaper, embargoedPaper]);
  });

  it("lists every link of the chain for an editor, with each one's status", async () => {
    const seen = await chain(firstBriefing, editor);
    expect(seen.publications.map((p) => [p.id, p.status])).toEqual([
      [papers.cornerstone, "withdrawn"],
      [papers.erratum, "published"],
      [hiddenPaper, "submitted"],
      [embargoedPaper, "published"],
    ]);
  });

  it("answers a second withdrawal 409 and writes no second notice", async () => {
    const again = await callApi(`/api/publications/${papers.cornerstone}/withdraw`, { method: "POST", token: editor, json: { reason: "Withdrawn twice?" } });
    expect(again.status).toBe(409);
    expect(again.headers.get("content-type")).toContain("application/problem+json");
    expect((await noticesOf(firstBriefing)).length).toBe(1);
    expect((await noticesOf(secondBriefing)).length).toBe(1);
  });
});

describe("a batch that fails stores nothing", () => {
  it("leaves the paper published and every briefing untouched when D1 refuses the notices", async () => {
    const before = { second: await briefingUpdatedAt(secondBriefing), notices: (await noticesOf(secondBriefing)).length };
    const audit = await env.DB.prepare("SELECT max(id) AS id FROM audit_log").first<number>("id");
    await env.DB.prepare("CREATE TRIGGER refuse_evidence_notices BEFORE INSERT ON evidence_notices BEGIN SELECT RAISE(ABORT, 'injected fault'); END").run();
    try {
      const response = await callApi(`/api/publications/${papers.bystander}/withdraw`, { method: "POST", token: editor, json: { reason: "This withdrawal must not land." } });
      expect(response.status).toBeGreaterThanOrEqual(500);
    } finally {
      await env.DB.prepare("DROP TRIGGER refuse_evidence_notices").run();
    }
    const paper = await env.DB.prepare("SELECT status, withdrawn_at FROM publications WHERE id = ?").bind(papers.bystander).first();
    expect(paper).toEqual({ status: "published", withdrawn_at: null });
    expect(await briefingUpdatedAt(secondBriefing)).toBe(before.second);
    expect((await noticesOf(secondBriefing)).length).toBe(before.notices);
    expect(await env.DB.prepare("SELECT max(id) AS id FROM audit_log").first<number>("id")).toBe(audit);
    const document = await env.DB.prepare("SELECT withdrawn_at FROM search_documents WHERE item_id = ?").bind(papers.bystander).first<string | null>("withdrawn_at");
    expect(document).toBeNull();
  });
});

describe("a cited paper is corrected", () => {
  const note = "An erratum: table 2 gave 421 renters where there were 412";

  it("refuses an empty note with a 422 that says what to write, storing nothing", async () => {
    const response = await callApi(`/api/publications/${papers.erratum}/corrections`, { method: "POST", token: editor, json: { note: "   ", title: "Changed?" } });
    expect(response.status).toBe(422);
    const problem = (await response.json()) as { detail: string; errors: { path: string }[] };
    expect(problem.errors.map((e) => e.path)).toEqual(["note"]);
    expect(problem.detail).toContain("Say what was corrected");
    const stored = await env.DB.prepare("SELECT count(*) AS n FROM publication_corrections WHERE publication_id = ?").bind(papers.erratum).first<number>("n");
    expect(stored).toBe(0);
    expect(await env.DB.prepare("SELECT title FROM publications WHERE id = ?").bind(papers.erratum).first<string>("title")).toBe(`Rent arrears and sleep in a made-up city ${RUN}`);
  });

  it("is for editors, for published papers, and for papers that exist", async () => {
    const body = { note: "A correction." };
    expect((await callApi(`/api/publications/${papers.erratum}/corrections`, { method: "POST", token: depositor, json: body })).status).toBe(403);
    expect((await callApi(`/api/publications/${papers.erratum}/corrections`, { method: "POST", json: body })).status).toBe(401);
    expect((await callApi(`/api/publications/01JD3Q7Z8K5V2M4N6P8R0T2W4Y/corrections`, { method: "POST", token: editor, json: body })).status).toBe(404);
    const withdrawn = await callApi(`/api/publications/${papers.cornerstone}/corrections`, { method: "POST", token: editor, json: body });
    expect(withdrawn.status).toBe(409);
    expect(((await withdrawn.json()) as { detail: string }).detail).toContain("Only a published publication can be corrected");
    expect((await callApi(`/api/publications/${hiddenPaper}/corrections`, { method: "POST", token: editor, json: body })).status).toBe(409);
  });

  it("stores the note with the changed fields, shows it on the paper's page, and tells the briefing citing it", async () => {
    const updatedBefore = await briefingUpdatedAt(firstBriefing);
    const response = await callApi(`/api/publications/${papers.erratum}/corrections`, {
      method: "POST",
      token: editor,
      json: { note, title: `Rent arrears and sleep in a made-up city (corrected) ${RUN}` },
    });
    expect(response.status, await response.clone().text()).toBe(201);
    const correction = (await response.json()) as { note: string; at: string; publication: { title: string; updated_at: string } };
    expect(correction.note).toBe(note);
    expect(correction.publication.title).toBe(`Rent arrears and sleep in a made-up city (corrected) ${RUN}`);
    expect(correction.publication.updated_at).toBe(correction.at);

    const page = pageText(await (await callApi(`/publications/${papers.erratum}`)).text());
    expect(page).toContain(`Corrected on ${today()}: ${note}`);

    const notices = await noticesOf(firstBriefing);
    expect(notices.map((n) => [n.publication_id, n.change, n.detail])).toEqual([
      [papers.cornerstone, "withdrawn", WITHDRAWAL_REASON],
      [papers.erratum, "corrected", note],
    ]);
    expect(await briefingUpdatedAt(firstBriefing)).toBe(correction.at);
    expect(correction.at > updatedBefore).toBe(true);
    expect((await noticesOf(secondBriefing)).map((n) => n.change)).toEqual(["withdrawn"]);

    const briefingPage = pageText(await (await callApi(`/briefings/${firstBriefing}`)).text());
    expect(briefingPage).toContain(`One of the studies this briefing rests on was corrected on ${today()}: ${note}. The briefing has not yet been reviewed since.`);
    const atom = await feedEntryOf("atom", firstBriefing);
    expect(atom.updated).toBe(correction.at);
    expect(atom.summary).toContain(`was corrected on ${today()}: ${note}.`);

    const seen = await chain(firstBriefing);
    expect(seen.publications[1].corrections).toEqual([{ note, at: correction.at }]);
    expect(seen.notices.map((n) => n.change)).toEqual(["withdrawn", "corrected"]);
  });
});

describe("a correction made at the desk", () => {
  it("offers the note on a published paper's edit form, and a save with a note alone is a correction", async () => {
    const form = pageText(await (await deskFetch(`/desk/publications/${papers.bystander}/edit`, { person: deskEditor })).text());
    expect(form).toContain("Correction note (optional)");
    const unchanged = { title: `Loneliness among carers in an imaginary county ${RUN}`, abstract: "", keywords: "", language: "", licence: "", url: "" };
    const tooLong = await deskFetch(`/desk/publications/${papers.bystander}/edit`, { person: deskEditor, form: { ...unchanged, correction_note: "x".repeat(2001) } });
    expect(tooLong.status).toBe(422);
    expect(pageText(await tooLong.text())).toContain("The correction note must be 2,000 characters or fewer.");
    const saved = await deskFetch(`/desk/publications/${papers.bystander}/edit`, { person: deskEditor, form: { ...unchanged, correction_note: "The authors' affiliations were corrected" } });
    expect(saved.status, await saved.clone().text()).toBe(303);
    expect(saved.headers.get("location")).toBe(`/desk/publications/${papers.bystander}?done=corrected`);
    const stored = await env.DB.prepare("SELECT note, actor FROM publication_corrections WHERE publication_id = ?").bind(papers.bystander).all();
    expect(stored.results).toEqual([{ note: "The authors' affiliations were corrected", actor: "Evidence Editor" }]);
    expect((await noticesOf(secondBriefing)).map((n) => [n.change, n.detail])).toEqual([
      ["withdrawn", WITHDRAWAL_REASON],
      ["corrected", "The authors' affiliations were corrected"],
    ]);
    const history = pageText(await (await deskFetch(`/desk/publications/${papers.bystander}`, { person: deskEditor })).text());
    expect(history).toContain("Corrected");
    // Without a note, the same form saves a plain edit (here, nothing to save).
    const plain = await deskFetch(`/desk/publications/${papers.bystander}/edit`, { person: deskEditor, form: unchanged });
    expect(plain.headers.get("location")).toBe(`/desk/publications/${papers.bystander}?done=unchanged`);
  });
});

describe("an editor reviews a briefing whose evidence changed", () => {
  /** How many of the queue's entries are about the second briefing. */
  const entriesOfSecond = (queue: string) => queue.split(`Sample briefing: money and mental health ${RUN}`).length - 1;

  it("lists the unreviewed notices in /review, and marking one reviewed takes it off and tells readers", async () => {
    const queue = pageText(await (await deskFetch("/review", { person: deskEditor })).text());
    expect(queue).toContain("Briefings whose evidence changed");
    // Its paper's withdrawal and the correction of another (the desk's test above); each a button naming the briefing too.
    expect(entriesOfSecond(queue)).toBe(4);
    const [notice] = (
      await env.DB.prepare("SELECT id FROM evidence_notices WHERE briefing_id = ? AND reviewed_at IS NULL ORDER BY id").bind(secondBriefing).all<{ id: number }>()
    ).results;

    const withoutCsrf = await deskFetch(`/desk/evidence-notices/${notice.id}/reviewed`, { person: deskEditor, form: { from: "review" }, csrf: null });
    expect(withoutCsrf.status).toBe(403);
    expect((await noticesOf(secondBriefing))[0].reviewed_at).toBeNull();

    const done = await deskFetch(`/desk/evidence-notices/${notice.id}/reviewed`, { person: deskEditor, form: { from: "review" } });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe("/review#evidence-changed");
    const [reviewed] = await noticesOf(secondBriefing);
    expect(reviewed.reviewed_by).toBe("Evidence Editor");
    expect(reviewed.reviewed_at).not.toBeNull();
    const audit = await env.DB.prepare("SELECT actor, detail FROM audit_log WHERE action = 'evidence-reviewed' AND item_id = ?").bind(secondBriefing).first<{ actor: string; detail: string }>();
    expect(audit?.actor).toBe("Evidence Editor");
    expect(JSON.parse(audit!.detail)).toEqual({ notice: notice.id, publication_id: papers.cornerstone, change: "withdrawn" });

    const again = await deskFetch(`/desk/evidence-notices/${notice.id}/reviewed`, { person: deskEditor, form: { from: "review" } });
    expect(again.status).toBe(409);

    const after = pageText(await (await deskFetch("/review", { person: deskEditor })).text());
    expect(entriesOfSecond(after)).toBe(2);
    expect(after).toContain(`Corrected on ${today()}: Loneliness among carers in an imaginary county ${RUN}`);
    const page = pageText(await (await callApi(`/briefings/${secondBriefing}`)).text());
    expect(page).toContain(`was withdrawn on ${today()}: ${WITHDRAWAL_REASON}. An editor reviewed the briefing on ${today()}.`);
    expect((await chain(secondBriefing)).notices[0].reviewed_at).toBe(reviewed.reviewed_at);
  });

  it("shows a briefing's notices on its desk page, with the form for those not reviewed", async () => {
    const html = await (await deskFetch(`/desk/briefings/${firstBriefing}`, { person: deskEditor })).text();
    const text = pageText(html);
    expect(text).toContain("The evidence under this briefing has changed");
    expect(text).toContain(`Withdrawn on ${today()}: Debt advice in invented surgeries and anxiety a year later ${RUN}`);
    expect(text).toContain(`Corrected on ${today()}: Rent arrears and sleep in a made-up city (corrected) ${RUN}`);
    expect(html.match(/\/desk\/evidence-notices\/\d+\/reviewed/gu)?.length).toBe(2);
    const reviewed = await deskFetch(`/desk/evidence-notices/${(await env.DB.prepare("SELECT id FROM evidence_notices WHERE briefing_id = ? ORDER BY id LIMIT 1").bind(firstBriefing).first<number>("id"))}/reviewed`, {
      person: deskEditor,
      form: { from: "briefing" },
    });
    expect(reviewed.headers.get("location")).toBe(`/desk/briefings/${firstBriefing}?done=evidence-reviewed`);
  });

  it("refuses a depositor, and an unknown notice is a 404", async () => {
    const author = await signInAs("depositor");
    const refused = await deskFetch(`/desk/evidence-notices/1/reviewed`, { person: author, form: { from: "review" } });
    expect(refused.status).toBe(403);
    expect((await deskFetch(`/desk/evidence-notices/999999999/reviewed`, { person: deskEditor, form: { from: "review" } })).status).toBe(404);
  });
});
