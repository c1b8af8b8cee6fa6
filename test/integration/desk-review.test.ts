// Review in the browser: the queue, an item's desk page (who may see it, its history), an editor's actions through
// lifecycle.ts with their audit rows and conflicts, and a publication's editing form.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { Role } from "../../schema/vocabularies";
import { hashToken } from "../../worker/auth/tokens";
import source from "../fixtures/desk-review.bib?raw";
import { type DeskPerson, deskFetch, signInAs, textOf } from "./desk-helpers";
import { callApi, createItem, createToken, deposit, publishItem } from "./helpers";

/** An API token that acts for a signed-in person, as /account/tokens makes one. */
async function apiTokenFor(person: DeskPerson, role: Role = "depositor"): Promise<string> {
  const prefix = `rv${crypto.randomUUID().slice(0, 8)}`;
  const token = `mhr_${prefix}_${crypto.randomUUID().replace(/-/g, "")}`;
  await env.DB.prepare("INSERT INTO api_tokens (name, role, prefix, hash, account_id) VALUES (?, ?, ?, ?, ?)")
    .bind(`${person.name}'s script`, role, prefix, await hashToken(token), person.accountId)
    .run();
  return token;
}

/** A depositor's two submitted papers from the fixture, each run apart from the others. */
async function depositTwo(person: DeskPerson): Promise<{ run: string; first: string; second: string }> {
  const run = crypto.randomUUID().slice(0, 8);
  const { status, report } = await deposit(source.replaceAll("RUN", run), await apiTokenFor(person));
  expect(status, JSON.stringify(report)).toBe(201);
  expect(report.status).toBe("submitted");
  const [first, second] = report.entries.map((e: { id: string }) => e.id);
  return { run, first, second };
}

async function auditRows(kind: string, id: string) {
  const { results } = await env.DB.prepare("SELECT actor, action, detail FROM audit_log WHERE kind = ? AND item_id = ? ORDER BY id").bind(kind, id).all<{ actor: string; action: string; detail: string }>();
  return results.map((r) => ({ ...r, detail: JSON.parse(r.detail) }));
}

async function statusOf(table: string, id: string) {
  return env.DB.prepare(`SELECT status, publish_at, withdrawal_reason FROM ${table} WHERE id = ?`).bind(id).first<{ status: string; publish_at: string | null; withdrawal_reason: string | null }>();
}

describe("the review queue", () => {
  it("sends a visitor who is not signed in to sign in, and refuses a depositor", async () => {
    const out = await deskFetch("/review");
    expect(out.status).toBe(303);
    expect(out.headers.get("location")).toBe("/sign-in?next=%2Freview");
    const depositor = await signInAs("depositor");
    const refused = await deskFetch("/review", { person: depositor });
    expect(refused.status).toBe(403);
    expect(textOf(await refused.text())).toContain("This page is for people with the editor role; you are signed in as depositor.");
  });

  it("lists submitted items of every kind, oldest first, with who submitted them and when, and a count", async () => {
    const author = await signInAs("depositor", { name: "Queue Author" });
    const { run, first, second } = await depositTwo(author);
    const briefing = await createItem(
      "briefings",
      { title: `Queued briefing ${run}`, summary: "A summary.", body: "Text.", audience: "Commissioners", status: "submitted" },
      await apiTokenFor(author),
    );
    const draft = await createItem("briefings", { title: `Draft briefing ${run}`, summary: "A summary.", body: "Text.", audience: "Commissioners" }, await apiTokenFor(author));
    const editor = await signInAs("editor");
    const response = await deskFetch("/review", { person: editor });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    const html = await response.text();
    const text = textOf(html);
    expect(text).toMatch(/\d+ items are waiting for review \(.*publications.*, .*polic(y|ies) briefings?.*\), oldest first\./);
    // The person behind the token, not the token's own name, and the day it was submitted.
    expect(text).toMatch(new RegExp(`invented towns ${run} Publication Queue Author \\d{1,2} [A-Z][a-z]+ \\d{4}`));
    expect(text).toMatch(new RegExp(`Queued briefing ${run} Policy briefing Queue Author \\d{1,2} [A-Z][a-z]+ \\d{4}`));
    expect(html).not.toContain(`Draft briefing ${run}`);
    expect(html).not.toContain(draft);
    // Oldest first: the deposit came before the briefing.
    const [firstAt, secondAt, briefingAt] = [first, second, briefing].map((id) => html.indexOf(id));
    expect(firstAt).toBeGreaterThan(0);
    expect(secondAt).toBeGreaterThan(0);
    expect(briefingAt).toBeGreaterThan(Math.max(firstAt, secondAt));
  });

  it("shows a 7,000-entry deposit a page at a time", async () => {
    const author = await signInAs("depositor", { name: "Bulk Author" });
    const run = crypto.randomUUID().slice(0, 8);
    const bibtex = Array.from({ length: 60 }, (_, i) => `@article{bulk${i}${run}, author = {Bulk, Author}, title = {Bulk paper ${i} ${run}}, journal = {J}, year = 2020}`).join("\n\n");
    expect((await deposit(bibtex, await apiTokenFor(author))).status).toBe(201);
    const editor = await signInAs("editor");
    const page1 = await (await deskFetch("/review", { person: editor })).text();
    expect((page1.match(/<tr>/g) ?? []).length).toBe(51); // the head's row and 50
    expect(textOf(page1)).toMatch(/Showing 1 to 50\. .*Page 1 of \d+ Next page/);
    expect(page1).toContain('href="/review?page=2" rel="next"');
    const page2 = await deskFetch("/review?page=2", { person: editor });
    expect(page2.status).toBe(200);
    expect(textOf(await page2.text())).toContain("Showing 51 to");
    const tooFar = await deskFetch("/review?page=9999", { person: editor });
    expect(tooFar.status).toBe(303);
    expect(tooFar.headers.get("location")).toMatch(/^\/review(\?page=\d+)?$/);
    expect((await deskFetch("/review?page=nope", { person: editor })).headers.get("location")).toBe("/review");
  });
});

describe("an item's desk page", () => {
  it("opens from any address of the item's public page, for an editor; a wrong address is answered on the review page", async () => {
    const editor = await signInAs("editor");
    const id = "01JABCDEFGHJKMNPQRSTVWXYZ0";
    for (const address of [`https://repository.example.org/publications/${id}/a-readable-slug`, `/publications/${id}`, `http://localhost:8787/publications/${id.toLowerCase()}?x=1`]) {
      const response = await deskFetch(`/desk/open?address=${encodeURIComponent(address)}`, { person: editor });
      expect(response.status).toBe(303);
      expect(response.headers.get("location")).toBe(`/desk/publications/${id}`);
    }
    const wrong = await deskFetch(`/desk/open?address=${encodeURIComponent("https://example.org/somewhere")}`, { person: editor });
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain("Paste the address of an item&#39;s page");
    const depositor = await signInAs("depositor");
    expect((await deskFetch(`/desk/open?address=/publications/${id}`, { person: depositor })).status).toBe(403);
  });

  it("shows an editor the unpublished item, marked not public, with its history and actions", async () => {
    const author = await signInAs("depositor", { name: "Page Author" });
    const { run, first } = await depositTwo(author);
    const editor = await signInAs("editor");
    const response = await deskFetch(`/desk/publications/${first}`, { person: editor });
    expect(response.status).toBe(200);
    const html = await response.text();
    const text = textOf(html);
    expect(html).toContain(`<h1>Waiting times for talking therapies in <i>invented</i> towns ${run}</h1>`);
    expect(html).toContain('<p class="not-public" role="status">Not public. Submitted: waiting for an editor&#39;s review.</p>');
    expect(text).toContain("Created by Page Author on");
    expect(text).toContain("Published in Journal of Invented Services");
    expect(text).toContain(`DOI 10.5555/review-first-${run}`);
    expect(text).toContain("Waiting times were longer where deprivation was higher.");
    expect(text).toMatch(/History .* Deposited and submitted for review \d{1,2} \w+ \d{4}, \d\d:\d\d UTC ?, by Page Author's script/);
    for (const action of ["publish", "return"]) expect(html).toContain(`action="/desk/publications/${first}/${action}"`);
    expect(html).not.toContain(`/withdraw"`);
    expect(html).toContain(`href="/desk/publications/${first}/edit"`);
  });

  it("shows the author their own item and its status without the history or actions; 404 for another depositor", async () => {
    const author = await signInAs("depositor", { name: "Own Author" });
    const { first } = await depositTwo(author);
    const own = await deskFetch(`/desk/publications/${first}`, { person: author });
    expect(own.status).toBe(200);
    const html = await own.text();
    expect(html).toContain('class="not-public" role="status"');
    expect(html).not.toContain("History");
    expect(html).not.toContain(`/publish"`);
    expect(html).toContain(`href="/desk/publications/${first}/edit"`);

    const stranger = await signInAs("depositor");
    const hidden = await deskFetch(`/desk/publications/${first}`, { person: stranger });
    expect(hidden.status).toBe(404);
    expect(await hidden.text()).not.toContain("Waiting times");
    expect((await deskFetch(`/desk/publications/${first}/edit`, { person: stranger })).status).toBe(404);
    expect((await deskFetch(`/desk/publications/${first}`)).status).toBe(303);
    expect((await deskFetch("/desk/nothing/01JD3Q7Z8K5V2M4N6P8R0T2W4Y", { person: author })).status).toBe(404);
    expect((await deskFetch("/desk/publications/not-an-id", { person: author })).status).toBe(404);
  });

  it("does not admit a public item by someone else exists on the desk", async () => {
    const editorToken = await createToken("editor");
    const id = await createItem("briefings", { title: "Someone else's briefing", summary: "S.", body: "B.", audience: "All" }, editorToken);
    await publishItem("briefings", id, editorToken);
    const depositor = await signInAs("depositor");
    expect((await deskFetch(`/desk/briefings/${id}`, { person: depositor })).status).toBe(404);
  });

  it("shows a briefing and a lay summary as they will appear", async () => {
    const author = await signInAs("depositor", { name: "Writer" });
    const { first } = await depositTwo(author);
    const token = await apiTokenFor(author);
    const briefing = await createItem(
      "briefings",
      { title: "Briefing to review", summary: "Why it matters.", key_messages: ["Act early."], body: "## Findings\n\nMore *support*.", audience: "Councils", publication_ids: [first], status: "submitted" },
      token,
    );
    const summary = await createItem("lay-summaries", { publication_id: first, language: "cy", title: "Crynodeb", body: "Mae hyn yn bwysig.", status: "submitted" }, token);
    const editor = await signInAs("editor");
    const b = await (await deskFetch(`/desk/briefings/${briefing}`, { person: editor })).text();
    expect(textOf(b)).toContain("Why it matters. Key messages Act early.");
    expect(b).toContain("<em>support</em>");
    expect(b).toContain(`href="/desk/publications/${first}"`);
    const s = await (await deskFetch(`/desk/lay-summaries/${summary}`, { person: editor })).text();
    expect(s).toContain('<h1 lang="cy" dir="ltr">Crynodeb</h1>');
    expect(textOf(s)).toContain("Language Welsh");
  });
});

describe("an editor's actions", () => {
  it("publishes now: the item is public, the audit log names the editor, and the page confirms", async () => {
    const author = await signInAs("depositor");
    const { first } = await depositTwo(author);
    const editor = await signInAs("editor", { name: "Pat Editor" });
    const response = await deskFetch(`/desk/publications/${first}/publish`, { person: editor, form: { when: "now" } });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/desk/publications/${first}?done=published`);
    expect((await statusOf("publications", first))?.status).toBe("published");
    const audit = await auditRows("publications", first);
    expect(audit.at(-1)).toMatchObject({ actor: "Pat Editor", action: "publish", detail: { from: "submitted" } });
    expect((await callApi(`/api/publications/${first}`)).status).toBe(200);
    const page = await (await deskFetch(response.headers.get("location")!, { person: editor })).text();
    expect(page).toContain('<div class="notice" role="status"><p>Published: it is public now.</p></div>');
    expect(page).not.toContain('class="not-public"');
    expect(page).toContain(`href="/publications/${first}"`);
    expect(page).toContain(`action="/desk/publications/${first}/withdraw"`);
    expect(textOf(page)).toMatch(/Published \d{1,2} \w+ \d{4}, \d\d:\d\d UTC ?, by Pat Editor/);
  });

  it("publishes at a date: an embargo, checked and explained when the date is wrong", async () => {
    const author = await signInAs("depositor");
    const { first } = await depositTwo(author);
    const editor = await signInAs("editor");
    for (const [value, message] of [
      ["", "Enter the date it should become public"],
      ["2027-02-31", "Enter a real date as year, month and day"],
      ["2020-01-01", "The date must be after today."],
    ]) {
      const refused = await deskFetch(`/desk/publications/${first}/publish`, { person: editor, form: { when: "date", publish_at: value } });
      expect(refused.status).toBe(422);
      const html = await refused.text();
      expect(html).toContain(`<a href="#publish_at">${message}`);
      expect(html).toContain('aria-invalid="true"');
      expect(html).toContain("<title>Error: ");
    }
    expect((await statusOf("publications", first))?.status).toBe("submitted");
    const year = new Date().getUTCFullYear() + 1;
    const ok = await deskFetch(`/desk/publications/${first}/publish`, { person: editor, form: { when: "date", publish_at: `${year}-03-01` } });
    expect(ok.headers.get("location")).toBe(`/desk/publications/${first}?done=embargoed`);
    expect(await statusOf("publications", first)).toMatchObject({ status: "published", publish_at: `${year}-03-01T00:00:00.000Z` });
    expect((await callApi(`/api/publications/${first}`)).status).toBe(404);
    const page = textOf(await (await deskFetch(`/desk/publications/${first}`, { person: editor })).text());
    expect(page).toContain(`Not public. Published under embargo: it becomes public on 1 March ${year}, 00:00 UTC.`);
    expect(page).toContain(`Scheduled to be public on 1 March ${year}`);
  });

  it("returns an item to its author with a required note, which the author sees on the item and in My work", async () => {
    const author = await signInAs("depositor");
    const { run, second } = await depositTwo(author);
    const editor = await signInAs("editor", { name: "Robin Editor" });
    const empty = await deskFetch(`/desk/publications/${second}/return`, { person: editor, form: { note: "  " } });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('<a href="#note">Enter a note that tells the author what to change.</a>');
    const response = await deskFetch(`/desk/publications/${second}/return`, { person: editor, form: { note: "Please add the abstract." } });
    expect(response.headers.get("location")).toBe(`/desk/publications/${second}?done=returned`);
    expect((await statusOf("publications", second))?.status).toBe("draft");
    expect((await auditRows("publications", second)).at(-1)).toMatchObject({ actor: "Robin Editor", action: "return", detail: { note: "Please add the abstract." } });

    const own = textOf(await (await deskFetch(`/desk/publications/${second}`, { person: author })).text());
    expect(own).toContain("Returned to the author");
    expect(own).toContain("Editor's note from Robin Editor Please add the abstract.");
    const myWork = textOf(await (await deskFetch("/account", { person: author })).text());
    expect(myWork).toContain(`Rent arrears and sleep in a made-up city ${run} : “Please add the abstract.” (Robin Editor)`);
    const history = textOf(await (await deskFetch(`/desk/publications/${second}`, { person: editor })).text());
    expect(history).toMatch(/Returned to the author \d{1,2} \w+ \d{4}, \d\d:\d\d UTC ?, by Robin Editor “Please add the abstract\.”/);
  });

  it("says why an action cannot be done: returning a published item, withdrawing twice", async () => {
    const author = await signInAs("depositor");
    const { first } = await depositTwo(author);
    const editor = await signInAs("editor");
    await deskFetch(`/desk/publications/${first}/publish`, { person: editor, form: { when: "now" } });
    const again = await deskFetch(`/desk/publications/${first}/return`, { person: editor, form: { note: "Too late." } });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('<a href="#note">Only a submitted publication can be returned to its author; this one is published.</a>');
    const embargo = await deskFetch(`/desk/publications/${first}/publish`, { person: editor, form: { when: "date", publish_at: `${new Date().getUTCFullYear() + 1}-01-01` } });
    expect(embargo.status).toBe(409);
    expect(await embargo.text()).toContain("its publication time stays as it is");
  });

  it("withdraws a published item with a required reason; then it is withdrawn for good", async () => {
    const author = await signInAs("depositor");
    const { first } = await depositTwo(author);
    const editor = await signInAs("editor", { name: "Sam Editor" });
    await deskFetch(`/desk/publications/${first}/publish`, { person: editor, form: { when: "now" } });
    const empty = await deskFetch(`/desk/publications/${first}/withdraw`, { person: editor, form: { reason: "" } });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('<a href="#reason">Enter the reason it is withdrawn: readers of its page will see it.</a>');
    const response = await deskFetch(`/desk/publications/${first}/withdraw`, { person: editor, form: { reason: "Retracted by the journal." } });
    expect(response.headers.get("location")).toBe(`/desk/publications/${first}?done=withdrawn`);
    expect(await statusOf("publications", first)).toMatchObject({ status: "withdrawn", withdrawal_reason: "Retracted by the journal." });
    expect((await auditRows("publications", first)).at(-1)).toMatchObject({ actor: "Sam Editor", action: "withdraw", detail: { reason: "Retracted by the journal." } });
    expect((await callApi(`/api/publications/${first}`)).status).toBe(410);
    const page = await (await deskFetch(`/desk/publications/${first}`, { person: editor })).text();
    expect(textOf(page)).toContain("Not public. Withdrawn on");
    expect(page).not.toContain('id="actions"');
    const twice = await deskFetch(`/desk/publications/${first}/withdraw`, { person: editor, form: { reason: "Again." } });
    expect(twice.status).toBe(409);
    expect(await twice.text()).toContain("was already withdrawn");
    // The author still sees their withdrawn paper on the desk, with the reason.
    expect(textOf(await (await deskFetch(`/desk/publications/${first}`, { person: author })).text())).toContain("Retracted by the journal.");
  });

  it("lets only editors act, and only from this site", async () => {
    const author = await signInAs("depositor");
    const { first } = await depositTwo(author);
    const own = await deskFetch(`/desk/publications/${first}/publish`, { person: author, form: { when: "now" } });
    expect(own.status).toBe(403);
    expect((await deskFetch(`/desk/publications/${first}/publish`, { form: { when: "now" } })).status).toBe(303);
    const editor = await signInAs("editor");
    expect((await deskFetch(`/desk/publications/${first}/publish`, { person: editor, form: { when: "now" }, origin: "https://evil.example" })).status).toBe(403);
    expect((await deskFetch(`/desk/publications/${first}/publish`, { person: editor, form: { when: "now" }, csrf: null })).status).toBe(403);
    expect((await statusOf("publications", first))?.status).toBe("submitted");
  });

  it("acts on briefings and lay summaries through the same code", async () => {
    const author = await signInAs("depositor");
    const token = await apiTokenFor(author);
    const briefing = await createItem("briefings", { title: "B to publish", summary: "S.", body: "B.", audience: "All", status: "submitted" }, token);
    const editor = await signInAs("editor");
    const response = await deskFetch(`/desk/briefings/${briefing}/publish`, { person: editor, form: { when: "now" } });
    expect(response.headers.get("location")).toBe(`/desk/briefings/${briefing}?done=published`);
    expect((await callApi(`/api/briefings/${briefing}`)).status).toBe(200);
  });
});

describe("editing a publication", () => {
  it("shows the fields the API lets anyone change, and saves only what changed", async () => {
    const author = await signInAs("depositor");
    const { first } = await depositTwo(author);
    const editor = await signInAs("editor", { name: "Lee Editor" });
    const form = await deskFetch(`/desk/publications/${first}/edit`, { person: editor });
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toContain('<label for="title">Title</label>');
    expect(html).toMatch(/<textarea id="keywords"[^>]*>waiting times\ntherapy<\/textarea>/);
    expect(html).toContain('name="topics" value="income-debt-poverty"');
    expect(html).not.toContain("Save and submit for review");

    const unchanged = await deskFetch(`/desk/publications/${first}/edit`, {
      person: editor,
      form: { title: "Waiting times for talking therapies in invented towns ".concat(html.match(/towns (\w+)/)![1]), abstract: "Waiting times were longer where deprivation was higher.\r\n", keywords: "waiting times\r\ntherapy", language: "", licence: "", url: "" },
    });
    expect(unchanged.headers.get("location")).toBe(`/desk/publications/${first}?done=unchanged`);

    const saved = await deskFetch(`/desk/publications/${first}/edit`, {
      person: editor,
      form: { title: "A clearer title", abstract: "Waiting times were longer where deprivation was higher.", keywords: "waiting times\ntherapy\nrural", language: "en-gb", licence: "CC BY 4.0", url: "https://example.org/paper", topics: "income-debt-poverty" },
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toBe(`/desk/publications/${first}?done=saved`);
    const stored = (await (await callApi(`/api/publications/${first}`, { token: await createToken("editor") })).json()) as Record<string, any>;
    expect(stored).toMatchObject({ title: "A clearer title", title_html: null, keywords: ["waiting times", "therapy", "rural"], language: "en-GB", licence: "CC BY 4.0", url: "https://example.org/paper" });
    expect(stored.topics.map((t: { slug: string }) => t.slug)).toEqual(["income-debt-poverty"]);
    expect((await auditRows("publications", first)).at(-1)).toMatchObject({ actor: "Lee Editor", action: "update", detail: { fields: ["title", "keywords", "language", "licence", "url", "topics"] } });
    // The title is in its citations, so they were queued to be rendered again.
    await expect
      .poll(async () => (await env.DB.prepare("SELECT body FROM citations WHERE publication_id = ? AND style = 'apa'").bind(first).first<{ body: string }>())?.body ?? "", { timeout: 20_000, interval: 200 })
      .toContain("A clearer title");
    const page = await (await deskFetch(`/desk/publications/${first}?done=saved`, { person: editor })).text();
    expect(page).toContain("Your changes are saved.");
    expect(page).toContain("<h1>A clearer title</h1>");
  });

  it("shows each problem beside its field and keeps what was typed", async () => {
    const author = await signInAs("depositor");
    const { first } = await depositTwo(author);
    const response = await deskFetch(`/desk/publications/${first}/edit`, { person: author, form: { title: " ", abstract: "", keywords: "", language: "not a language!", licence: "", url: "not a web address" } });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain('<a href="#title">Enter a title of at most 1,000 characters.</a>');
    expect(html).toContain('<a href="#url">Enter a full web address, such as https://example.org/paper, or leave it empty.</a>');
    expect(textOf(html)).toContain("There is a problem Enter a title of at most 1,000 characters. 'not a language!' is not a BCP 47 language tag (try 'en', 'cy' or 'ur-PK').");
    expect(html).toContain('value="not a web address"');
    expect(html).toMatch(/id="url-error"/);
    expect((await statusOf("publications", first))?.status).toBe("submitted");
  });

  it("lets the author of a returned draft change it and submit it again, but not a published one", async () => {
    const author = await signInAs("depositor");
    const { second } = await depositTwo(author);
    const editor = await signInAs("editor");
    await deskFetch(`/desk/publications/${second}/return`, { person: editor, form: { note: "Add keywords." } });
    const form = await (await deskFetch(`/desk/publications/${second}/edit`, { person: author })).text();
    expect(form).toContain("Save and submit for review");
    const response = await deskFetch(`/desk/publications/${second}/edit`, {
      person: author,
      form: { title: form.match(/id="title" name="title" type="text" value="([^"]+)"/)![1], abstract: "", keywords: "sleep", language: "", licence: "", url: "", submit_for_review: "yes" },
    });
    expect(response.headers.get("location")).toBe(`/desk/publications/${second}?done=submitted`);
    expect((await statusOf("publications", second))?.status).toBe("submitted");
    // Submitted again, it waits at the end of the queue.
    const last = (await deskFetch("/review?page=100000", { person: editor })).headers.get("location")!;
    expect(await (await deskFetch(last, { person: editor })).text()).toContain(`/desk/publications/${second}`);

    await deskFetch(`/desk/publications/${second}/publish`, { person: editor, form: { when: "now" } });
    const closed = await deskFetch(`/desk/publications/${second}/edit`, { person: author });
    expect(closed.status).toBe(403);
    expect(textOf(await closed.text())).toContain("This publication is published: only an editor can change it now.");
  });
});
