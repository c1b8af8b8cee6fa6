// Equity tags on the desk: the tags page reached from the review queue, the writing and publication edit forms, the
// desk item page; errors in the form's summary with nothing stored, owners and strangers, CSRF.
import { env, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import type { Role } from "../../schema/vocabularies";
import { hashToken } from "../../worker/auth/tokens";
import { readTypedCountries } from "../../worker/desk/equity-form";
import { type DeskPerson, DESK_ORIGIN, deskFetch, signInAs, textOf } from "./desk-helpers";
import { callApi, createItem, createToken, deposit, publishItem } from "./helpers";

/** A form post with repeated fields (ticked boxes), as the browser sends it: same origin, the session's CSRF secret unless told otherwise. */
async function postForm(path: string, person: DeskPerson, fields: [string, string][], options: { csrf?: string | null; origin?: string } = {}): Promise<Response> {
  const csrf = options.csrf === undefined ? person.csrf : options.csrf;
  const body = new URLSearchParams([...(csrf === null ? [] : [["csrf", csrf] as [string, string]]), ...fields]);
  return SELF.fetch(`${DESK_ORIGIN}${path}`, {
    method: "POST",
    headers: { cookie: person.cookie, origin: options.origin ?? DESK_ORIGIN, "content-type": "application/x-www-form-urlencoded" },
    body: body.toString(),
    redirect: "manual",
  });
}

/** An API token that acts for a signed-in person, as /account/tokens makes one. */
async function apiTokenFor(person: DeskPerson, role: Role = "depositor"): Promise<string> {
  const prefix = `eq${crypto.randomUUID().slice(0, 8)}`;
  const token = `mhr_${prefix}_${crypto.randomUUID().replace(/-/g, "")}`;
  await env.DB.prepare("INSERT INTO api_tokens (name, role, prefix, hash, account_id) VALUES (?, ?, ?, ?, ?)")
    .bind(`${person.name}'s script`, role, prefix, await hashToken(token), person.accountId)
    .run();
  return token;
}

/** An item's stored tags as facet/value, with `*` after those implied by a chosen narrower place. */
async function storedTags(itemId: string): Promise<string[]> {
  const { results } = await env.DB.prepare("SELECT facet, value, implied FROM equity_tags WHERE item_id = ? ORDER BY facet, value").bind(itemId).all<{ facet: string; value: string; implied: number }>();
  return results.map((r) => `${r.facet}/${r.value}${r.implied ? "*" : ""}`);
}

async function updatedAt(table: string, id: string): Promise<string> {
  return (await env.DB.prepare(`SELECT updated_at FROM ${table} WHERE id = ?`).bind(id).first<{ updated_at: string }>())!.updated_at;
}

async function countRows(table: string): Promise<number> {
  return (await env.DB.prepare(`SELECT count(*) AS n FROM ${table}`).first<{ n: number }>())!.n;
}

const TAGS: [string, string][] = [
  ["equity-picker", "1"],
  ["equity-population-group", "south-asian-communities"],
  ["equity-life-course", "perinatal"],
  ["equity-place", "greater-manchester"],
  ["equity-countries", " pakistan ; IN,,"],
];

/** A depositor's briefing waiting for review, written through the API with their token. */
async function submittedBriefing(author: DeskPerson, title: string): Promise<string> {
  return createItem("briefings", { title, summary: "What helps new mothers.", body: "Text.", audience: "Commissioners", status: "submitted" }, await apiTokenFor(author));
}

let editor: DeskPerson;
let author: DeskPerson;

beforeAll(async () => {
  editor = await signInAs("editor", { name: "Tagging Editor" });
  author = await signInAs("depositor", { name: "Tagged Author" });
});

describe("reading countries typed by name or code", () => {
  it("knows names, ISO codes and common other names in any case, once each, and names the rest", () => {
    expect(readTypedCountries("Pakistan, in; UK\nCote d'Ivoire, Côte d’Ivoire, pk, Narnia,  ")).toEqual({ found: ["pk", "in", "gb", "ci"], unknown: ["Narnia"] });
    expect(readTypedCountries("")).toEqual({ found: [], unknown: [] });
  });
});

describe("tagging from the review queue", () => {
  it("links each waiting item to its tags page, saves the tags with the places they imply, and returns to the queue saying so", async () => {
    const title = `Perinatal peer support ${crypto.randomUUID().slice(0, 6)}`;
    const id = await submittedBriefing(author, title);

    const queue = await deskFetch("/review", { person: editor });
    const queueHtml = await queue.text();
    const link = `/desk/briefings/${id}/tags?back=%2Freview`;
    expect(queueHtml).toContain(`href="${link}"`);
    expect(textOf(queueHtml)).toContain(`Add tags for “${title}”`);

    const form = await deskFetch(link, { person: editor });
    expect(form.status).toBe(200);
    const formHtml = await form.text();
    expect(formHtml).toContain('name="back" value="/review"');
    expect(textOf(formHtml)).toContain("Chosen now: none yet.");
    // Every NHS England region folds its integrated care boards under it; North West holds three.
    expect(textOf(formHtml)).toContain("Its 3 integrated care boards in North West");
    expect(formHtml).toContain('<option value="Pakistan">PK</option>');

    const before = await updatedAt("briefings", id);
    const saved = await postForm(`/desk/briefings/${id}/tags`, editor, [...TAGS, ["back", "/review"]]);
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toBe(`/review?tagged=briefings/${id}`);
    expect(await storedTags(id)).toEqual([
      "life-course/perinatal",
      "place/england*",
      "place/gb*",
      "place/greater-manchester",
      "place/in",
      "place/north-west*",
      "place/pk",
      "population-group/minority-ethnic-communities*",
      "population-group/south-asian-communities",
    ]);
    const audit = await env.DB.prepare("SELECT actor, action, detail FROM audit_log WHERE kind = 'briefings' AND item_id = ? ORDER BY id DESC LIMIT 1").bind(id).first<{ actor: string; action: string; detail: string }>();
    expect({ ...audit, detail: JSON.parse(audit!.detail) }).toEqual({ actor: "Tagging Editor", action: "update", detail: { fields: ["equity"] } });
    // The API answers the same tags, by the same records code.
    const json = (await (await callApi(`/api/briefings/${id}`, { token: await createToken("editor") })).json()) as { equity: Record<string, string[]> };
    expect(json.equity).toEqual({ "population-group": ["south-asian-communities"], "life-course": ["perinatal"], place: ["greater-manchester", "in", "pk"] });

    // Back in the queue: the confirmation names the item, and its row lists its tags. Tagging is a change, so it waits longer.
    expect(await updatedAt("briefings", id)).not.toBe(before);
    const back = await deskFetch(`/review?tagged=briefings/${id}`, { person: editor });
    const backText = textOf(await back.text());
    expect(backText).toContain(`Equity tags saved for ${title} . As a change to it, it now waits at the end of the queue.`);
    expect(backText).toContain("South Asian communities; Perinatal; Greater Manchester; India; Pakistan Change tags");

    // The desk item page shows the tags, facet by facet, with the way to change them.
    const page = textOf(await (await deskFetch(`/desk/briefings/${id}`, { person: editor })).text());
    expect(page).toContain("Equity tags Population group South Asian communities Life-course stage Perinatal Place Greater Manchester, India, Pakistan Change the equity tags");
  });

  it("shows ticked values checked, and unticking every box clears the tags", async () => {
    const id = await submittedBriefing(author, "Cleared tags");
    expect((await postForm(`/desk/briefings/${id}/tags`, editor, TAGS)).status).toBe(303);
    const form = await (await deskFetch(`/desk/briefings/${id}/tags`, { person: editor })).text();
    expect(form).toMatch(/<input type="checkbox" id="equity-place-greater-manchester" name="equity-place" value="greater-manchester" checked=""/u);
    expect(form).toMatch(/<input type="checkbox" id="equity-place-pk" name="equity-place" value="pk" checked=""/u);
    // The region whose board is ticked is open; the others stay folded.
    expect(form.match(/<details class="equity-icbs" open="">/gu)?.length).toBe(1);
    expect(textOf(form)).toContain("Chosen now: South Asian communities; Perinatal; Greater Manchester; India; Pakistan");

    const cleared = await postForm(`/desk/briefings/${id}/tags`, editor, [["equity-picker", "1"], ["equity-countries", ""]]);
    expect(cleared.headers.get("location")).toBe(`/desk/briefings/${id}?done=tagged`);
    expect(await storedTags(id)).toEqual([]);
    expect(textOf(await (await deskFetch(`/desk/briefings/${id}?done=tagged`, { person: editor })).text())).toContain("Equity tags saved. ");
  });

  it("answers an unknown country and an unknown value in the error summary, keeps what was typed, and stores nothing", async () => {
    const id = await submittedBriefing(author, "Unknown places");
    expect((await postForm(`/desk/briefings/${id}/tags`, editor, [["equity-picker", "1"], ["equity-life-course", "older-adults"]])).status).toBe(303);
    const before = { tags: await storedTags(id), at: await updatedAt("briefings", id), audit: await countRows("audit_log") };

    const refused = await postForm(`/desk/briefings/${id}/tags`, editor, [
      ["equity-picker", "1"],
      ["equity-life-course", "perinatal"],
      ["equity-place", "atlantis-icb"],
      ["equity-countries", "Pakistan, Narnia, Ruritania"],
      ["back", "/review?page=2"],
    ]);
    expect(refused.status).toBe(422);
    const html = await refused.text();
    const text = textOf(html);
    expect(text).toMatch(/^Error: Equity tags: Unknown places/u);
    expect(text).toContain("There is a problem");
    expect(html).toContain('<a href="#equity-countries">No country is known as “Narnia” and “Ruritania”.');
    expect(html).toContain('<a href="#equity-place">“atlantis-icb” is not in the place list');
    // What was typed stays to be mended; the tick that was sent stays ticked; the way back is kept.
    expect(html).toMatch(/id="equity-countries" name="equity-countries" value="Pakistan, Narnia, Ruritania"/u);
    // Perinatal is the facet's first box, which carries the facet's own id.
    expect(html).toMatch(/id="equity-life-course" name="equity-life-course" value="perinatal" checked=""/u);
    expect(html).toContain('name="back" value="/review?page=2"');
    expect(await storedTags(id)).toEqual(before.tags);
    expect(await updatedAt("briefings", id)).toBe(before.at);
    expect(await countRows("audit_log")).toBe(before.audit);
  });

  it("sends nothing anywhere but a page of the queue or the item's own page", async () => {
    const id = await submittedBriefing(author, "Where back goes");
    const form = await (await deskFetch(`/desk/briefings/${id}/tags?back=${encodeURIComponent("https://elsewhere.example/")}`, { person: editor })).text();
    expect(form).toContain(`name="back" value="/desk/briefings/${id}"`);
    const saved = await postForm(`/desk/briefings/${id}/tags`, editor, [...TAGS, ["back", "//elsewhere.example/review"]]);
    expect(saved.headers.get("location")).toBe(`/desk/briefings/${id}?done=tagged`);
  });
});

describe("who may tag", () => {
  it("lets an author tag their own waiting item, and tells another depositor it does not exist, storing nothing", async () => {
    const id = await submittedBriefing(author, "An author's own");
    expect((await deskFetch(`/desk/briefings/${id}/tags`, { person: author })).status).toBe(200);
    expect((await postForm(`/desk/briefings/${id}/tags`, author, TAGS)).status).toBe(303);
    const mine = await storedTags(id);
    expect(mine).toContain("life-course/perinatal");

    const stranger = await signInAs("depositor");
    expect((await deskFetch(`/desk/briefings/${id}/tags`, { person: stranger })).status).toBe(404);
    const refused = await postForm(`/desk/briefings/${id}/tags`, stranger, [["equity-picker", "1"], ["equity-life-course", "older-adults"]]);
    expect(refused.status).toBe(404);
    expect(await storedTags(id)).toEqual(mine);
  });

  it("refuses the author once their item is published: only an editor changes it then", async () => {
    const id = await submittedBriefing(author, "Published, then tagged");
    await publishItem("briefings", id, await createToken("editor"));
    const refused = await postForm(`/desk/briefings/${id}/tags`, author, TAGS);
    expect(refused.status).toBe(403);
    expect(await storedTags(id)).toEqual([]);
    expect((await postForm(`/desk/briefings/${id}/tags`, editor, TAGS)).status).toBe(303);
    expect(await storedTags(id)).toContain("place/greater-manchester");
  });

  it("changes nothing when a post to the tags page carries no picker, rather than clearing every tag", async () => {
    const id = await submittedBriefing(author, "No picker");
    expect((await postForm(`/desk/briefings/${id}/tags`, editor, TAGS)).status).toBe(303);
    const before = await storedTags(id);
    expect(before).toContain("place/greater-manchester");
    const bare = await postForm(`/desk/briefings/${id}/tags`, editor, [["back", "/review"]]);
    expect(bare.status).toBe(303);
    expect(await storedTags(id)).toEqual(before);
  });

  it("refuses a post without the session's CSRF secret, or from another site, storing nothing", async () => {
    const id = await submittedBriefing(author, "CSRF");
    const noSecret = await postForm(`/desk/briefings/${id}/tags`, editor, TAGS, { csrf: null });
    expect(noSecret.status).toBe(403);
    expect(textOf(await noSecret.text())).toContain("This form has expired");
    expect((await postForm(`/desk/briefings/${id}/tags`, editor, TAGS, { csrf: "not-the-secret" })).status).toBe(403);
    expect((await postForm(`/desk/briefings/${id}/tags`, editor, TAGS, { origin: "https://elsewhere.example" })).status).toBe(403);
    expect(await storedTags(id)).toEqual([]);
  });
});

describe("the writing forms", () => {
  const BRIEFING: [string, string][] = [
    ["title", "Debt advice in maternity wards"],
    ["summary", "Money worries weigh on new parents."],
    ["key_messages", "Offer debt advice early."],
    ["body", "Text."],
    ["audience", "Maternity services"],
  ];

  it("offers the picker on a new briefing and stores the tags chosen with it", async () => {
    const writer = await signInAs("depositor");
    const empty = textOf(await (await deskFetch("/write/briefings", { person: writer })).text());
    expect(empty).toContain("Equity tags Who the evidence is about and where.");
    const created = await postForm("/write/briefings", writer, [["action", "draft"], ...BRIEFING, ...TAGS, ["equity-socioeconomic-position", "debt"]]);
    expect(created.status).toBe(303);
    const id = created.headers.get("location")!.split("/").pop()!;
    expect(await storedTags(id)).toContain("socioeconomic-position/debt");
    expect(await storedTags(id)).toContain("place/pk");

    // The edit form shows them; saving with the boxes unticked clears them; a form without the picker leaves them be.
    const edit = await (await deskFetch(`/desk/briefings/${id}/edit`, { person: writer })).text();
    expect(edit).toMatch(/id="equity-socioeconomic-position-debt" name="equity-socioeconomic-position" value="debt" checked=""/u);
    expect((await postForm(`/desk/briefings/${id}/edit`, writer, [["action", "draft"], ...BRIEFING, ["equity-picker", "1"], ["equity-place", "wales"]])).status).toBe(303);
    expect(await storedTags(id)).toEqual(["place/gb*", "place/wales"]);
    expect((await postForm(`/desk/briefings/${id}/edit`, writer, [["action", "draft"], ...BRIEFING])).status).toBe(303);
    expect(await storedTags(id)).toEqual(["place/gb*", "place/wales"]);
  });

  it("refuses an unknown country on a new briefing with the other problems, and creates nothing", async () => {
    const writer = await signInAs("depositor");
    const before = await countRows("briefings");
    const refused = await postForm("/write/briefings", writer, [["action", "submitted"], ...BRIEFING.filter(([k]) => k !== "title"), ["title", ""], ["equity-picker", "1"], ["equity-countries", "Westeros"]]);
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain('<a href="#title">Enter a title.</a>');
    expect(html).toContain('<a href="#equity-countries">No country is known as “Westeros”.');
    expect(await countRows("briefings")).toBe(before);
  });

  it("stores a new lay summary's tags, and keeps them through a Preview", async () => {
    const writer = await signInAs("depositor");
    const token = await apiTokenFor(writer);
    const { report } = await deposit(`@article{eqsummary${crypto.randomUUID().slice(0, 6)}, title = {A paper to summarise with tags}, author = {Okafor, Ada}, journal = {J}, year = 2025}`, token);
    const paper = report.entries[0].id as string;
    const fields: [string, string][] = [["publication_id", paper], ["language", "en"], ["title", "Help for new mums"], ["body", "Short words about help."], ["equity-picker", "1"], ["equity-life-course", "perinatal"], ["equity-countries", "Ghana"]];
    const preview = await (await postForm("/write/lay-summaries", writer, [["action", "preview"], ...fields])).text();
    // Known countries typed move to ticked boxes once nothing typed is in doubt.
    expect(preview).toMatch(/id="equity-place-gh" name="equity-place" value="gh" checked=""/u);
    expect(preview).toMatch(/id="equity-countries" name="equity-countries" value=""/u);
    const created = await postForm("/write/lay-summaries", writer, [["action", "draft"], ...fields]);
    expect(created.status).toBe(303);
    const id = created.headers.get("location")!.split("/").pop()!;
    expect(await storedTags(id)).toEqual(["life-course/perinatal", "place/gh"]);
    expect(textOf(await (await deskFetch(`/desk/lay-summaries/${id}`, { person: writer })).text())).toContain("Readers also find a summary under its paper's tags.");
  });
});

describe("a publication's edit form", () => {
  it("stores the tags an editor chooses, refuses an unknown country, and calls an unchanged save unchanged", async () => {
    const token = await createToken("depositor");
    const { report } = await deposit(`@article{eqpaper${crypto.randomUUID().slice(0, 6)}, title = {Anxiety and arrears in an invented town}, author = {Okafor, Ada}, journal = {J}, year = 2025}`, token);
    const id = report.entries[0].id as string;
    const form = await (await deskFetch(`/desk/publications/${id}/edit`, { person: editor })).text();
    const text = textOf(form);
    expect(text).toContain("Equity tags");
    const stored: [string, string][] = [["title", "Anxiety and arrears in an invented town"], ["abstract", ""], ["keywords", ""], ["language", ""], ["licence", ""], ["url", ""]];

    const refused = await postForm(`/desk/publications/${id}/edit`, editor, [...stored, ["equity-picker", "1"], ["equity-countries", "Freedonia"]]);
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('<a href="#equity-countries">No country is known as “Freedonia”.');
    expect(await storedTags(id)).toEqual([]);

    const saved = await postForm(`/desk/publications/${id}/edit`, editor, [...stored, ["equity-picker", "1"], ["equity-socioeconomic-position", "debt"], ["equity-place", "north-west"]]);
    expect(saved.headers.get("location")).toBe(`/desk/publications/${id}?done=saved`);
    expect(await storedTags(id)).toEqual(["place/england*", "place/gb*", "place/north-west", "socioeconomic-position/debt"]);
    const again = await postForm(`/desk/publications/${id}/edit`, editor, [...stored, ["equity-picker", "1"], ["equity-place", "north-west"], ["equity-socioeconomic-position", "debt"]]);
    expect(again.headers.get("location")).toBe(`/desk/publications/${id}?done=unchanged`);
  });
});
