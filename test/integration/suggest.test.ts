// Suggestions as the data changes under them: answers given again from the isolate's memory, and never a hidden item.
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { callApi, createItem, createToken, deposit, publishItem } from "./helpers";

let editor: string;
let depositor: string;

async function suggest(text: string): Promise<{ type: string; label: string; url: string }[]> {
  const response = await callApi(`/api/suggest?q=${encodeURIComponent(text)}`);
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json<any>()).suggestions;
}

const bibtex = (key: string, title: string, author: string) => `@article{${key}, title = {${title}}, author = {${author}}, year = 2021}`;

beforeAll(async () => {
  editor = await createToken("editor");
  depositor = await createToken("depositor");
});

describe("an answer given again", () => {
  it("comes from the isolate's memory while nothing has changed: the same words are answered with the full-text index away", async () => {
    const { report } = await deposit(bibtex("tern1", "Ternwick allotments and wellbeing", "Marram, Ola"), editor);
    expect(report.created).toBe(1);
    const first = await suggest("ternwi");
    expect(first.map((s) => s.label)).toEqual(["Ternwick allotments and wellbeing"]);
    await env.DB.prepare("ALTER TABLE suggest_fts RENAME TO suggest_fts_away").run();
    try {
      expect(await suggest("ternwi")).toEqual(first);
      // Words not asked before need the index.
      expect((await callApi("/api/suggest?q=ternwic")).status).toBe(503);
    } finally {
      await env.DB.prepare("ALTER TABLE suggest_fts_away RENAME TO suggest_fts").run();
    }
  });

  it("is not given once an item is withdrawn, nor once another is published", async () => {
    const id = await createItem("briefings", { title: "Saltmarsh walking groups", summary: "S.", body: "B.", audience: "Readers" }, editor);
    await publishItem("briefings", id, editor);
    expect((await suggest("saltma")).map((s) => s.label)).toEqual(["Saltmarsh walking groups"]);
    expect((await suggest("saltma")).map((s) => s.label)).toEqual(["Saltmarsh walking groups"]);

    const second = await createItem("briefings", { title: "Saltmarsh birds and calm", summary: "S.", body: "B.", audience: "Readers" }, editor);
    await publishItem("briefings", second, editor);
    expect((await suggest("saltma")).map((s) => s.label).sort()).toEqual(["Saltmarsh birds and calm", "Saltmarsh walking groups"]);

    const withdrawn = await callApi(`/api/briefings/${id}/withdraw`, { method: "POST", token: editor, json: { reason: "Test of withdrawal." } });
    expect(withdrawn.status).toBe(200);
    expect((await suggest("saltma")).map((s) => s.label)).toEqual(["Saltmarsh birds and calm"]);
  });

  it("is not given once an embargo ends", async () => {
    const id = await createItem("briefings", { title: "Heronsgate embargo briefing", summary: "S.", body: "B.", audience: "Readers" }, editor);
    await publishItem("briefings", id, editor, { publish_at: new Date(Date.now() + 1500).toISOString() });
    expect(await suggest("heronsg")).toEqual([]);
    expect(await suggest("heronsg")).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 1600));
    expect((await suggest("heronsg")).map((s) => s.label)).toEqual(["Heronsgate embargo briefing"]);
  });
});

describe("many matches", () => {
  it("suggests ten public titles and their author when the newest matches are hundreds of drafts", async () => {
    const published = Array.from({ length: 30 }, (_, i) => bibtex(`pub${i}`, `Quillmore cohort wave ${i + 1}`, "Brackenridge, Tova")).join("\n");
    expect((await deposit(published, editor)).report.created).toBe(30);
    // Deposited later, so newer: a depositor's entries wait for review, and must not crowd the public ones out.
    const drafts = Array.from({ length: 260 }, (_, i) => bibtex(`draft${i}`, `Quillmore draft number ${i + 1}`, "Hiddenfield, Ursa")).join("\n");
    expect((await deposit(drafts, depositor)).report.created).toBe(260);

    const found = await suggest("quillm");
    const titles = found.filter((s) => s.type === "title").map((s) => s.label);
    expect(titles.length).toBe(10);
    for (const title of titles) expect(title).toMatch(/^Quillmore cohort wave \d+$/u);
    expect(found.filter((s) => s.type === "person").map((s) => s.label)).toEqual([]);
    expect((await suggest("brackenr")).filter((s) => s.type === "person").map((s) => s.label)).toEqual(["Tova Brackenridge"]);
    expect((await suggest("hiddenf")).map((s) => s.label)).toEqual([]);
  });
});
