// The plain-language check through the real Worker and D1: POST /api/plain-language for anyone, the editors' target in
// the API and on /review/settings (who may change it, its bounds, nothing stored on a refusal), and the check on the
// writing forms and an item's desk page against that target.
import { env } from "cloudflare:test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TARGET_READING_AGE_KEY } from "../../worker/records/plain-language-settings";
import { deskFetch, type DeskPerson, signInAs } from "./desk-helpers";
import { callApi, createItem, createToken, deposit } from "./helpers";

/** Counted by hand in test/unit/plain-language.test.ts: 17 words, 3 sentences, 23 syllables; ease 86.6, grade 2.6, age 8. */
const HAND_COUNTED = "The cat sat on the mat. We talked to people about money. Many felt worried and alone.";
/** Reading age 11 by the same formulas: above a target of 9, within the default 12. */
const MIDDLING = "Participants were recruited from groups in Leeds. About 25% of the cohort felt sad about money and their homes.";

let editor: string;
let depositor: string;

async function storedTarget(): Promise<string | null> {
  const row = await env.DB.prepare("SELECT value FROM settings WHERE key = ?").bind(TARGET_READING_AGE_KEY).first<{ value: string }>();
  return row?.value ?? null;
}

async function putTarget(json: unknown, token?: string): Promise<Response> {
  return callApi("/api/settings/plain-language", { method: "PUT", token, json });
}

beforeAll(async () => {
  editor = await createToken("editor", "Edith Editor");
  depositor = await createToken("depositor");
  await env.DB.prepare("DELETE FROM settings WHERE key = ?").bind(TARGET_READING_AGE_KEY).run();
});

afterAll(async () => {
  await env.DB.prepare("DELETE FROM settings WHERE key = ?").bind(TARGET_READING_AGE_KEY).run();
});

describe("POST /api/plain-language", () => {
  it("checks a text without a token, with the figures and the sentences to quote", async () => {
    const response = await callApi("/api/plain-language", { method: "POST", json: { text: HAND_COUNTED, language: "en" } });
    expect(response.status).toBe(200);
    const check = await response.json<any>();
    expect(check).toMatchObject({
      english: true,
      target_reading_age: 12,
      counts: { words: 17, sentences: 3, syllables: 23 },
      readability: { flesch_reading_ease: 86.6, flesch_kincaid_grade: 2.6, reading_age: 8, meets_target: true },
      long_sentences: { limit: 25, sentences: [] },
    });
    expect(check.statements.slice(0, 2)).toEqual(["Reading age 8: most people aged 8 and over can read it.", "It meets the target of reading age 12 or below."]);
  });

  it("finds jargon, passive verbs and percentages in a researcher's sentence", async () => {
    const check = await (await callApi("/api/plain-language", { method: "POST", json: { text: MIDDLING } })).json<any>();
    expect(check.language).toBe("en");
    expect(check.readability.reading_age).toBe(11);
    expect(check.jargon.terms.map((t: any) => [t.term, t.found[0].text])).toEqual([
      ["participants", "Participants"],
      ["cohort", "cohort"],
    ]);
    expect(check.passive_voice.clauses).toEqual([{ sentence: 1, text: "were recruited" }]);
    expect(check.natural_frequencies.figures).toEqual([{ text: "25%", sentence: 2, natural_frequency: "1 in 4", exact: true }]);
  });

  it("says that text in another language is not checked", async () => {
    const check = await (await callApi("/api/plain-language", { method: "POST", json: { text: "Roedd pobl yn unig.", language: "cy" } })).json<any>();
    expect(check).toMatchObject({ language: "cy", english: false, readability: null, jargon: null });
    expect(check.statements[0]).toMatch(/^The plain-language check reads English only/u);
  });

  it("answers bad input with a problem that says what to change", async () => {
    const tooLong = await callApi("/api/plain-language", { method: "POST", json: { text: "Words. ".repeat(31_000) } });
    expect(tooLong.status).toBe(413);
    expect((await tooLong.json<any>()).detail).toMatch(/the check takes at most 210,000/u);
    const noText = await callApi("/api/plain-language", { method: "POST", json: { language: "en" } });
    expect(noText.status).toBe(422);
    expect((await noText.json<any>()).errors.map((e: any) => e.path)).toEqual(["text"]);
    const badLanguage = await callApi("/api/plain-language", { method: "POST", json: { text: "Hello.", language: "not a tag" } });
    expect(badLanguage.status).toBe(422);
    const form = await callApi("/api/plain-language", { method: "POST", headers: { "content-type": "text/plain" }, body: "Hello." });
    expect(form.status).toBe(415);
  });

  it("is described in the OpenAPI document", async () => {
    const doc = await (await callApi("/api/openapi.json")).json<any>();
    expect(Object.keys(doc.paths["/api/plain-language"])).toEqual(["post"]);
    expect(Object.keys(doc.paths["/api/settings/plain-language"]).sort()).toEqual(["get", "put"]);
    expect(doc.components.schemas.PlainLanguageSettingsChange.properties.target_reading_age).toMatchObject({ type: "integer", minimum: 7, maximum: 18 });
    expect(doc.components.schemas.PlainLanguageCheck.properties.readability).toBeDefined();
  });
});

describe("the editors' target in the API", () => {
  it("is 12 until an editor sets it; an editor sets it, and the check follows", async () => {
    expect(await (await callApi("/api/settings/plain-language")).json<any>()).toMatchObject({ target_reading_age: 12, default_target_reading_age: 12, updated_at: null, updated_by: null });
    const set = await putTarget({ target_reading_age: 9 }, editor);
    expect(set.status).toBe(200);
    expect(await set.json<any>()).toMatchObject({ target_reading_age: 9, updated_by: "Edith Editor" });
    expect(await storedTarget()).toBe("9");
    const check = await (await callApi("/api/plain-language", { method: "POST", json: { text: MIDDLING } })).json<any>();
    expect(check.target_reading_age).toBe(9);
    expect(check.readability).toMatchObject({ reading_age: 11, meets_target: false, target_statement: "It is above the target of reading age 9 or below, by two years: use shorter sentences and everyday words." });
  });

  it("may not be changed by a depositor or without a token, nor set outside 7 to 18; nothing is stored then", async () => {
    await putTarget({ target_reading_age: 11 }, editor);
    expect((await putTarget({ target_reading_age: 10 }, depositor)).status).toBe(403);
    expect((await putTarget({ target_reading_age: 10 })).status).toBe(401);
    for (const refused of [6, 19, 12.5, "12", null]) {
      const response = await putTarget({ target_reading_age: refused }, editor);
      expect(response.status, String(refused)).toBe(422);
      expect(response.headers.get("content-type")).toContain("application/problem+json");
    }
    const low = await (await putTarget({ target_reading_age: 6 }, editor)).json<any>();
    expect(low.detail).toContain("target_reading_age must be 7 or more");
    expect((await putTarget({ target_reading_age: 10, extra: true }, editor)).status).toBe(422);
    expect(await storedTarget()).toBe("11");
    expect((await (await callApi("/api/settings/plain-language")).json<any>()).target_reading_age).toBe(11);
  });
});

describe("the target and the check on the desk", () => {
  let deskEditor: DeskPerson;
  let author: DeskPerson;

  beforeAll(async () => {
    deskEditor = await signInAs("editor", { name: "Desk Editor Ada" });
    author = await signInAs("depositor");
  });

  it("lets an editor change the target on /review/settings, linked from /review, and refuses a depositor", async () => {
    expect(await (await deskFetch("/review", { person: deskEditor })).text()).toContain('<a href="/review/settings">Settings</a>');
    const page = await (await deskFetch("/review/settings", { person: deskEditor })).text();
    expect(page).toContain("<h1>Settings</h1>");
    expect(page).toContain('name="target_reading_age"');

    const saved = await deskFetch("/review/settings", { person: deskEditor, form: { target_reading_age: "10" } });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toBe("/review/settings?saved=1");
    expect(await storedTarget()).toBe("10");
    const after = await (await deskFetch("/review/settings?saved=1", { person: deskEditor })).text();
    expect(after).toContain("Saved: lay summaries and briefings are now checked against reading age 10.");
    expect(after).toContain("set by Desk Editor Ada on");

    const refused = await deskFetch("/review/settings", { person: deskEditor, form: { target_reading_age: "30" } });
    expect(refused.status).toBe(422);
    const refusedHtml = await refused.text();
    expect(refusedHtml).toContain('<a href="#target_reading_age">Enter a whole number of years from 7 to 18, such as 12.</a>');
    expect(refusedHtml).toContain('value="30"');
    expect((await deskFetch("/review/settings", { person: deskEditor, form: { target_reading_age: "12" }, csrf: "wrong" })).status).toBe(403);
    expect((await deskFetch("/review/settings", { person: author, form: { target_reading_age: "12" } })).status).toBe(403);
    expect(await storedTarget()).toBe("10");
  });

  it("shows the check on the writing forms and before publishing, against the target", async () => {
    await putTarget({ target_reading_age: 9 }, editor);
    const checked = await deskFetch("/write/briefings", {
      person: author,
      form: { action: "check", title: "T", summary: "Socioeconomic deprivation intensifies psychological distress throughout communities.", key_messages: "Act early\nUse plain words", body: MIDDLING, audience: "Councils" },
    });
    expect(checked.status).toBe(200);
    const briefingHtml = await checked.text();
    expect(briefingHtml).toContain("Above the target");
    expect(briefingHtml).toContain("<strong>Participants</strong>: say “people who took part”.");
    expect(briefingHtml).toContain("<strong>Socioeconomic</strong>: say “to do with money, work and education”.");

    const token = await createToken("depositor");
    const { report } = await deposit("@article{plainLanguage2024, author = {Example, Author}, title = {An invented paper for the plain-language check}, journal = {Invented}, year = 2024}", token);
    const summary = await createItem("lay-summaries", { publication_id: report.entries[0].id, language: "en", title: "Money and housing", body: MIDDLING, status: "submitted" }, token);
    const desk = await (await deskFetch(`/desk/lay-summaries/${summary}`, { person: deskEditor })).text();
    expect(desk).toContain('<h2 id="plain-language-check">Plain language</h2>');
    expect(desk).toContain("Reading age 11: most people aged 11 and over can read it.");
    expect(desk).toContain("It is above the target of reading age 9 or below, by two years");
    expect(desk.indexOf('id="plain-language-check"')).toBeLessThan(desk.indexOf('id="publish-now"'));
    const publication = await (await deskFetch(`/desk/publications/${report.entries[0].id}`, { person: deskEditor })).text();
    expect(publication).not.toContain("plain-language-check");
  });
});
