// Writing briefings and plain-language summaries in the browser's forms, without JavaScript: create, edit, the evidence
// search, preview, readability, validation, who may edit, and the live preview and score the script asks for.
import { env, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import deskWriteBib from "../fixtures/desk-write.bib?raw";
import { openDatabase } from "../../worker/db/client";
import { loadBriefings } from "../../worker/records/briefings";
import { loadLaySummaries } from "../../worker/records/lay-summaries";
import { returnItem } from "../../worker/records/lifecycle";
import { type DeskPerson, DESK_ORIGIN, deskFetch, signInAs } from "./desk-helpers";
import { createToken, deposit, publishItem } from "./helpers";

/** A form post with repeated fields (ticked boxes), as the browser sends it: same origin, the session's CSRF secret. */
async function postForm(path: string, person: DeskPerson, fields: [string, string][], origin = DESK_ORIGIN): Promise<Response> {
  const body = new URLSearchParams([["csrf", person.csrf], ...fields]);
  return SELF.fetch(`${DESK_ORIGIN}${path}`, {
    method: "POST",
    headers: { cookie: person.cookie, origin, "content-type": "application/x-www-form-urlencoded" },
    body: body.toString(),
    redirect: "manual",
  });
}

/** The id at the end of a 303's Location, after checking where it points. */
function redirectedId(response: Response, kind: string): string {
  expect(response.status).toBe(303);
  const location = response.headers.get("location") ?? "";
  expect(location).toMatch(new RegExp(`^/desk/${kind}/[0-9A-Z]{26}$`));
  return location.split("/").pop()!;
}

async function countRows(table: string): Promise<number> {
  return (await env.DB.prepare(`SELECT count(*) AS n FROM ${table}`).first<{ n: number }>())!.n;
}

const papers: Record<string, string> = {};
let editorToken: string;

beforeAll(async () => {
  editorToken = await createToken("editor");
  const { status, report } = await deposit(deskWriteBib, editorToken);
  expect(status).toBe(201);
  for (const entry of report.entries) papers[entry.key] = entry.id;
});

const BRIEFING: [string, string][] = [
  ["title", "Quarry villages need their buses back"],
  ["summary", "Since the quarries closed, isolation has grown. Councils can act."],
  ["key_messages", "Isolation grew after the quarries closed.\r\n\r\n  Buses are a lifeline.  \r\n"],
  ["body", "## What we found\n\nPeople felt **cut off**."],
  ["audience", "Rural transport planners"],
  ["topics", "communities-connection"],
  ["topics", "place-deprivation"],
];

describe("writing a briefing", () => {
  it("offers an empty form to a depositor, and the sign-in page to a visitor", async () => {
    const person = await signInAs("depositor");
    const response = await deskFetch("/write/briefings", { person });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("<h1>Write a policy briefing</h1>");
    for (const label of ["Title", "Summary", "Key messages", "Body", "Audience"]) expect(html).toMatch(new RegExp(`<label for="[a-z_]+">${label}</label>`));
    expect(html).toContain('value="housing-homelessness"');
    expect(html).toContain("Housing and homelessness");
    expect(html).toContain('src="/static/write.js"');
    expect(html).toContain('aria-current="page">Write a briefing');
    const visitor = await deskFetch("/write/briefings");
    expect(visitor.status).toBe(303);
    expect(visitor.headers.get("location")).toBe("/sign-in?next=%2Fwrite%2Fbriefings");
  });

  it("finds papers without JavaScript, keeping everything typed and the papers already picked", async () => {
    const person = await signInAs("depositor");
    const first = await postForm("/write/briefings", person, [...BRIEFING, ["evidence_q", "quarrystone"], ["action", "find"]]);
    expect(first.status).toBe(200);
    let html = await first.text();
    expect(html).toContain('value="Quarry villages need their buses back"');
    expect(html).toContain("Since the quarries closed, isolation has grown. Councils can act.</textarea>");
    expect(html).toContain('value="communities-connection" checked');
    expect(html).not.toContain('value="housing-homelessness" checked');
    expect(html).toContain("2 papers match “quarrystone”");
    expect(html).toContain("Quarrystone villages: isolation and low mood after the quarries closed");
    expect(html).toContain("Ysolde Brackenwold, Fenn Tremayne-Okoro (2023)");
    expect(html).toContain(`type="checkbox" id="publication_ids-${papers.brackenwold2023quarry}" name="publication_ids" value="${papers.brackenwold2023quarry}"/>`);
    expect(html).not.toContain("Ferrymoor");

    // One picked; a second search keeps it ticked among the picked, and offers only the other.
    const second = await postForm("/write/briefings", person, [...BRIEFING, ["publication_ids", papers.brackenwold2023quarry], ["evidence_q", "quarrystone"], ["action", "find"]]);
    html = await second.text();
    expect(html).toContain(`name="publication_ids" value="${papers.brackenwold2023quarry}" checked`);
    expect(html).toContain("1 paper matches “quarrystone”");
    expect(html.match(new RegExp(`value="${papers.brackenwold2023quarry}"`, "g"))).toHaveLength(1);
    expect(html).toContain(`value="${papers.brackenwold2021quarry}"/>`);
  });

  it("says so when nothing matches, and treats an empty search (Enter in any field) as nothing done", async () => {
    const person = await signInAs("depositor");
    const none = await postForm("/write/briefings", person, [...BRIEFING, ["evidence_q", "zzyzzogram"], ["action", "find"]]);
    expect(await none.text()).toContain("No other papers match “zzyzzogram”.");
    const before = await countRows("briefings");
    const enter = await postForm("/write/briefings", person, [...BRIEFING, ["evidence_q", ""], ["action", "find"]]);
    expect(enter.status).toBe(200);
    expect(await enter.text()).toContain("Nothing was saved yet");
    expect(await countRows("briefings")).toBe(before);
  });

  it("previews the body through the site's Markdown renderer, raw HTML shown as text", async () => {
    const person = await signInAs("depositor");
    const response = await postForm("/write/briefings", person, [
      ...BRIEFING.filter(([name]) => name !== "body"),
      ["body", "## What we found\n\nPeople felt **cut off**. <script>alert(1)</script>"],
      ["action", "preview"],
    ]);
    expect(response.status).toBe(200);
    const html = await response.text();
    const preview = html.slice(html.indexOf('id="preview"'));
    expect(preview).toContain("<h3>What we found</h3>");
    expect(preview).toContain("<strong>cut off</strong>");
    expect(preview).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("People felt **cut off**. &lt;script&gt;alert(1)&lt;/script&gt;</textarea>");
  });

  it("saves a draft through the records code, with its evidence, topics and key messages, and goes to its desk page", async () => {
    const person = await signInAs("depositor", { name: "Wren Writer" });
    const response = await postForm("/write/briefings", person, [...BRIEFING, ["publication_ids", papers.brackenwold2023quarry], ["publication_ids", papers.tremayne2022ferries], ["evidence_q", ""], ["action", "draft"]]);
    const id = redirectedId(response, "briefings");
    const [stored] = await loadBriefings(openDatabase(env.DB), [id], true);
    expect(stored).toMatchObject({
      title: "Quarry villages need their buses back",
      key_messages: ["Isolation grew after the quarries closed.", "Buses are a lifeline."],
      body: "## What we found\n\nPeople felt **cut off**.",
      audience: "Rural transport planners",
      language: "en",
      status: "draft",
    });
    expect(stored.publications.map((p) => p.id)).toEqual([papers.brackenwold2023quarry, papers.tremayne2022ferries]);
    expect(stored.topics.map((t) => t.slug).sort()).toEqual(["communities-connection", "place-deprivation"]);
    const audit = await env.DB.prepare("SELECT actor, action FROM audit_log WHERE item_id = ?").bind(id).first<{ actor: string; action: string }>();
    expect(audit).toEqual({ actor: "Wren Writer", action: "create" });
    // It is the person's own, on their desk.
    expect(await (await deskFetch("/account", { person })).text()).toContain("Quarry villages need their buses back");
  });

  it("submits for review", async () => {
    const person = await signInAs("depositor");
    const id = redirectedId(await postForm("/write/briefings", person, [...BRIEFING, ["action", "submitted"]]), "briefings");
    const [stored] = await loadBriefings(openDatabase(env.DB), [id], true);
    expect(stored.status).toBe("submitted");
  });

  it("says what is wrong with each field, keeps everything typed, and stores nothing", async () => {
    const person = await signInAs("depositor");
    const before = await countRows("briefings");
    const tooMany = Array.from({ length: 13 }, (_, i) => `Message ${i + 1}`).join("\n");
    const response = await postForm("/write/briefings", person, [
      ["title", ""],
      ["summary", "Kept as typed <b>here</b>"],
      ["key_messages", tooMany],
      ["body", ""],
      ["audience", " "],
      ["topics", "place-deprivation"],
      ["publication_ids", papers.brackenwold2021quarry],
      ["action", "submitted"],
    ]);
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain("There is a problem");
    expect(html).toContain('<a href="#title">Enter a title.</a>');
    expect(html).toContain('<a href="#key_messages">Write at most 12 key messages');
    expect(html).toContain('<a href="#audience">Enter who the briefing is for.</a>');
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain("Kept as typed &lt;b&gt;here&lt;/b&gt;</textarea>");
    expect(html).toContain("Message 13</textarea>");
    expect(html).toContain('value="place-deprivation" checked');
    expect(html).toContain(`value="${papers.brackenwold2021quarry}" checked`);
    expect(html).toContain("Quarrystone households and debt");
    const tooLong = await postForm("/write/briefings", person, [...BRIEFING.filter(([n]) => n !== "title"), ["title", "T".repeat(301)], ["action", "draft"]]);
    expect(tooLong.status).toBe(422);
    expect(await tooLong.text()).toContain('<a href="#title">The title can be at most 300 characters.</a>');
    expect(await countRows("briefings")).toBe(before);
  });

  it("refuses an unknown topic or paper as a field's problem, and a post from another site", async () => {
    const person = await signInAs("depositor");
    const unknown = await postForm("/write/briefings", person, [...BRIEFING, ["topics", "astrology"], ["action", "draft"]]);
    expect(unknown.status).toBe(422);
    expect(await unknown.text()).toContain('<a href="#topics">Pick at most 20 topics from the list.</a>');
    const crossSite = await postForm("/write/briefings", person, [...BRIEFING, ["action", "draft"]], "https://evil.example");
    expect(crossSite.status).toBe(403);
  });
});

describe("editing a briefing", () => {
  async function writeOne(person: DeskPerson, action = "draft"): Promise<string> {
    return redirectedId(await postForm("/write/briefings", person, [...BRIEFING, ["publication_ids", papers.brackenwold2023quarry], ["action", action]]), "briefings");
  }

  it("opens the author's own item filled in, and saves the changes", async () => {
    const person = await signInAs("depositor");
    const id = await writeOne(person);
    const form = await deskFetch(`/desk/briefings/${id}/edit`, { person });
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toContain("<h1>Edit the policy briefing</h1>");
    expect(html).toContain('value="Quarry villages need their buses back"');
    expect(html).toContain("Isolation grew after the quarries closed.\nBuses are a lifeline.</textarea>");
    expect(html).toContain(`value="${papers.brackenwold2023quarry}" checked`);
    expect(html).toContain(`href="/desk/briefings/${id}"`);
    const saved = await postForm(`/desk/briefings/${id}/edit`, person, [
      ...BRIEFING.filter(([name]) => name !== "title" && name !== "topics"),
      ["title", "Quarry villages need buses"],
      ["action", "submitted"],
    ]);
    expect(redirectedId(saved, "briefings")).toBe(id);
    const [stored] = await loadBriefings(openDatabase(env.DB), [id], true);
    expect(stored).toMatchObject({ title: "Quarry villages need buses", status: "submitted", topics: [], publications: [] });
  });

  it("shows an editor's note on an item returned to its author", async () => {
    const person = await signInAs("depositor");
    const id = await writeOne(person, "submitted");
    const editor = await signInAs("editor", { name: "Eda Editor" });
    const token = await env.DB.prepare("SELECT id FROM api_tokens WHERE account_id = ?").bind(editor.accountId).first<{ id: number }>();
    await returnItem(openDatabase(env.DB), "briefings", id, { tokenId: token!.id, accountId: editor.accountId, name: "Eda Editor", role: "editor" }, "Please cite the 2021 paper too.");
    const html = await (await deskFetch(`/desk/briefings/${id}/edit`, { person })).text();
    expect(html).toContain("Returned to you by an editor");
    expect(html).toContain("Please cite the 2021 paper too.");
  });

  it("gives another depositor 404, lets an editor in, and closes the item to its author once published", async () => {
    const author = await signInAs("depositor");
    const id = await writeOne(author, "submitted");
    const other = await signInAs("depositor");
    expect((await deskFetch(`/desk/briefings/${id}/edit`, { person: other })).status).toBe(404);
    expect((await postForm(`/desk/briefings/${id}/edit`, other, [...BRIEFING, ["action", "draft"]])).status).toBe(404);
    expect((await deskFetch("/desk/briefings/not-an-id/edit", { person: author })).status).toBe(404);

    const editor = await signInAs("editor");
    expect((await deskFetch(`/desk/briefings/${id}/edit`, { person: editor })).status).toBe(200);

    await publishItem("briefings", id, editorToken);
    expect((await deskFetch(`/desk/briefings/${id}/edit`, { person: author })).status).toBe(403);
    // An editor edits the published briefing: it stays published, with one button to save.
    const html = await (await deskFetch(`/desk/briefings/${id}/edit`, { person: editor })).text();
    expect(html).toContain("Save changes");
    expect(html).not.toContain("Submit for review");
    const saved = await postForm(`/desk/briefings/${id}/edit`, editor, [...BRIEFING.filter(([n]) => n !== "audience"), ["audience", "Councillors"], ["action", "save"]]);
    expect(saved.status).toBe(303);
    const [stored] = await loadBriefings(openDatabase(env.DB), [id], true);
    expect(stored).toMatchObject({ audience: "Councillors", status: "published" });
    expect((await postForm(`/desk/briefings/${id}/edit`, editor, [...BRIEFING, ["action", "draft"]])).status).toBe(409);
  });
});

const SUMMARY_BODY = "People in quarry villages felt alone. The buses stopped. Many said they were sad.\n\nWe talked to **forty** people.";

describe("writing a plain-language summary", () => {
  it("picks the paper by searching, and scores readability and previews on request", async () => {
    const person = await signInAs("depositor");
    const form = await (await deskFetch("/write/lay-summaries", { person })).text();
    expect(form).toContain("<h1>Write a plain-language summary</h1>");
    expect(form).toContain('<option value="cy">Cymraeg (cy)</option>');
    expect(form).toContain("Check plain language");

    const found = await postForm("/write/lay-summaries", person, [["publication_q", "ferrymoor"], ["title", "Island evenings"], ["body", SUMMARY_BODY], ["language", "en"], ["action", "find"]]);
    const foundHtml = await found.text();
    expect(foundHtml).toContain(`type="radio" id="publication_id-${papers.tremayne2022ferries}" name="publication_id" value="${papers.tremayne2022ferries}"/>`);
    expect(foundHtml).toContain('value="Island evenings"');

    const scored = await postForm("/write/lay-summaries", person, [["publication_id", papers.tremayne2022ferries], ["title", "Island evenings"], ["body", SUMMARY_BODY], ["language", "en"], ["action", "check"]]);
    expect(scored.status).toBe(200);
    const scoredHtml = await scored.text();
    expect(scoredHtml).toMatch(/<span data-reading-age[^>]*>Reading age ([5-9]): most people aged \1 and over can read it\.<\/span>/);
    expect(scoredHtml).toContain("Meets the target");
    expect(scoredHtml).toContain(`value="${papers.tremayne2022ferries}" checked`);
    expect(scoredHtml).toContain("Ferrymoor evenings: island life and wellbeing");

    const previewed = await postForm("/write/lay-summaries", person, [["publication_id", papers.tremayne2022ferries], ["title", "Island evenings"], ["body", SUMMARY_BODY], ["language", "en"], ["action", "preview"]]);
    expect(await previewed.text()).toContain("<p>We talked to <strong>forty</strong> people.</p>");

    const welsh = await postForm("/write/lay-summaries", person, [["title", "Nosweithiau"], ["body", "Roedd pobl yn unig."], ["language", "cy"], ["action", "check"]]);
    expect(await welsh.text()).toContain("The plain-language check reads English only");
  });

  it("opens with the paper already picked when a page links to it", async () => {
    const person = await signInAs("depositor");
    const html = await (await deskFetch(`/write/lay-summaries?publication_id=${papers.tremayne2022ferries}`, { person })).text();
    expect(html).toContain(`name="publication_id" value="${papers.tremayne2022ferries}" checked`);
    expect(html).toContain("Ferrymoor evenings: island life and wellbeing");
  });

  it("saves and submits through the records code, with its score, and refuses a second summary in the same language", async () => {
    const person = await signInAs("depositor");
    const fields: [string, string][] = [["publication_id", papers.brackenwold2021quarry], ["title", "Debt in quarry villages"], ["body", SUMMARY_BODY], ["language", "en"], ["topics", "income-debt-poverty"]];
    const id = redirectedId(await postForm("/write/lay-summaries", person, [...fields, ["action", "submitted"]]), "lay-summaries");
    const [stored] = await loadLaySummaries(openDatabase(env.DB), [id], true);
    expect(stored).toMatchObject({ title: "Debt in quarry villages", language: "en", status: "submitted", publication: { id: papers.brackenwold2021quarry } });
    expect(stored.readability?.flesch_reading_ease).toBeGreaterThan(70);
    expect(stored.topics.map((t) => t.slug)).toEqual(["income-debt-poverty"]);

    const before = await countRows("lay_summaries");
    const again = await postForm("/write/lay-summaries", person, [...fields, ["action", "draft"]]);
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('<a href="#language">This paper already has a summary in this language');
    const draft = redirectedId(await postForm("/write/lay-summaries", person, [...fields.filter(([n]) => n !== "language"), ["language", "cy"], ["action", "draft"]]), "lay-summaries");
    const [welsh] = await loadLaySummaries(openDatabase(env.DB), [draft], true);
    expect(welsh).toMatchObject({ status: "draft", language: "cy", readability: null });
    expect(await countRows("lay_summaries")).toBe(before + 1);
  });

  it("says what is missing, keeps what was typed, and stores nothing", async () => {
    const person = await signInAs("depositor");
    const before = await countRows("lay_summaries");
    const response = await postForm("/write/lay-summaries", person, [["title", "Kept title"], ["body", "  "], ["language", "xx-invalid-language"], ["action", "draft"]]);
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain('<a href="#publication_q">Pick the paper the summary is about');
    expect(html).toContain('<a href="#body">Write the summary.</a>');
    expect(html).toContain('<a href="#language">Choose the language');
    expect(html).toContain('value="Kept title"');
    expect(await countRows("lay_summaries")).toBe(before);
  });

  it("edits the author's own summary (its paper and language fixed) and rescores it; another depositor gets 404", async () => {
    const person = await signInAs("depositor");
    const id = redirectedId(
      await postForm("/write/lay-summaries", person, [["publication_id", papers.brackenwold2023quarry], ["title", "Quarry villages"], ["body", SUMMARY_BODY], ["language", "en"], ["action", "draft"]]),
      "lay-summaries",
    );
    const html = await (await deskFetch(`/desk/lay-summaries/${id}/edit`, { person })).text();
    expect(html).toContain("Quarrystone villages: isolation and low mood after the quarries closed");
    expect(html).not.toContain('name="publication_id"');
    expect(html).toContain("Reading age");
    const hard =
      "Socioeconomic deindustrialisation precipitated considerable psychological deterioration, notwithstanding intergenerational community institutions.";
    const saved = await postForm(`/desk/lay-summaries/${id}/edit`, person, [["title", "Quarry villages"], ["body", hard], ["language", "cy"], ["action", "submitted"]]);
    expect(redirectedId(saved, "lay-summaries")).toBe(id);
    const [stored] = await loadLaySummaries(openDatabase(env.DB), [id], true);
    expect(stored).toMatchObject({ body: hard, language: "en", status: "submitted" });
    expect(stored.readability?.flesch_reading_ease).toBeLessThan(30);

    const other = await signInAs("depositor");
    expect((await deskFetch(`/desk/lay-summaries/${id}/edit`, { person: other })).status).toBe(404);
    expect((await postForm(`/desk/lay-summaries/${id}/edit`, other, [["title", "Mine now"], ["body", "x"], ["action", "draft"]])).status).toBe(404);
  });
});

describe("as the author types (the enhancing script's requests)", () => {
  it("scores and previews JSON sent with the session's CSRF secret, and refuses it without", async () => {
    const person = await signInAs("depositor");
    const ask = (path: string, body: unknown, csrf: string | null) =>
      SELF.fetch(`${DESK_ORIGIN}${path}`, {
        method: "POST",
        headers: { cookie: person.cookie, origin: DESK_ORIGIN, "content-type": "application/json", ...(csrf === null ? {} : { "x-csrf-token": csrf }) },
        body: JSON.stringify(body),
      });
    const scored = await ask("/write/plain-language", { body: SUMMARY_BODY, language: "en" }, person.csrf);
    expect(scored.status).toBe(200);
    const score = (await scored.json()) as { summary: string; html: string };
    expect(score.summary).toMatch(/^Reading age [5-9]: meets the target of \d+ or below\./u);
    expect(score.html).toContain("data-plain-language-report");
    const welsh = (await (await ask("/write/plain-language", { body: "Roedd pobl yn unig.", language: "cy" }, person.csrf)).json()) as { summary: string };
    expect(welsh.summary).toMatch(/^The plain-language check reads English only/u);
    const preview = (await (await ask("/write/preview", { body: "**bold** <i>x</i>" }, person.csrf)).json()) as { html: string };
    expect(preview.html).toBe("<p><strong>bold</strong> &lt;i&gt;x&lt;/i&gt;</p>\n");
    expect((await ask("/write/preview", { body: "x" }, null)).status).toBe(403);
    expect((await ask("/write/plain-language", { body: "x" }, "wrong")).status).toBe(403);
  });

  it("serves the script", async () => {
    const response = await SELF.fetch(`${DESK_ORIGIN}/static/write.js`);
    expect(response.headers.get("content-type")).toContain("text/javascript");
    expect(await response.text()).toContain("/write/plain-language");
  });
});
