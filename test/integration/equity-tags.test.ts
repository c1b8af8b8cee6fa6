import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { callApi, createItem, createToken, deposit } from "./helpers";

/**
 * Equity tags through the API: a briefing, a lay summary and a publication take them on create and PATCH, answer them
 * back as chosen, store the broader places they imply, and refuse unknown ones whole, storing nothing.
 */

let editor: string;
let paperId: string;

beforeAll(async () => {
  editor = await createToken("editor");
  const { status, report } = await deposit(
    "@article{equitytags1, title = {Equity tags through the API}, author = {Okafor, Ada}, journal = {J}, year = 2025}",
    editor,
  );
  expect(status, JSON.stringify(report)).toBe(201);
  paperId = report.entries[0].id;
});

async function storedRows(itemId: string) {
  const { results } = await env.DB.prepare("SELECT facet, value, implied FROM equity_tags WHERE item_id = ? ORDER BY facet, value").bind(itemId).all();
  return results;
}

describe("equity tags in the API", () => {
  it("stores a briefing's chosen tags with the places they imply, and answers the chosen ones", async () => {
    const id = await createItem(
      "briefings",
      {
        title: "Perinatal support in Greater Manchester",
        summary: "What helps.",
        body: "Text.",
        audience: "Commissioners",
        equity: { place: ["greater-manchester"], "life-course": ["perinatal"], "population-group": ["south-asian-communities"] },
      },
      editor,
    );
    const briefing = await (await callApi(`/api/briefings/${id}`, { token: editor })).json<any>();
    expect(briefing.equity).toEqual({ "population-group": ["south-asian-communities"], "life-course": ["perinatal"], place: ["greater-manchester"] });
    expect(await storedRows(id)).toEqual([
      { facet: "life-course", value: "perinatal", implied: 0 },
      { facet: "place", value: "england", implied: 1 },
      { facet: "place", value: "gb", implied: 1 },
      { facet: "place", value: "greater-manchester", implied: 0 },
      { facet: "place", value: "north-west", implied: 1 },
      { facet: "population-group", value: "minority-ethnic-communities", implied: 1 },
      { facet: "population-group", value: "south-asian-communities", implied: 0 },
    ]);

    const patched = await callApi(`/api/briefings/${id}`, { method: "PATCH", token: editor, json: { equity: { place: ["pk"] } } });
    expect(patched.status, await patched.clone().text()).toBe(200);
    expect((await patched.json<any>()).equity).toEqual({ place: ["pk"] });
    expect(await storedRows(id)).toEqual([{ facet: "place", value: "pk", implied: 0 }]);
  });

  it("takes tags on a publication's PATCH and a lay summary's create; the summary is found under its paper's tags too", async () => {
    const patched = await callApi(`/api/publications/${paperId}`, { method: "PATCH", token: editor, json: { equity: { "socioeconomic-position": ["debt"] } } });
    expect(patched.status, await patched.clone().text()).toBe(200);
    expect((await patched.json<any>()).equity).toEqual({ "socioeconomic-position": ["debt"] });

    const summaryId = await createItem(
      "lay-summaries",
      { publication_id: paperId, language: "en", title: "Debt and worry", body: "Debt can make people worry.", equity: { "life-course": ["working-age"] } },
      editor,
    );
    const summary = await (await callApi(`/api/lay-summaries/${summaryId}`, { token: editor })).json<any>();
    expect(summary.equity).toEqual({ "life-course": ["working-age"] });
    const { results } = await env.DB.prepare("SELECT facet, value FROM item_equity_tags WHERE item_id = ? ORDER BY facet, value").bind(summaryId).all();
    expect(results).toEqual([
      { facet: "life-course", value: "working-age" },
      { facet: "socioeconomic-position", value: "debt" },
    ]);
  });

  it("refuses unknown facets and values with every one named, and changes nothing", async () => {
    const before = await env.DB.prepare("SELECT count(*) AS n FROM briefings").first<{ n: number }>();
    const response = await callApi("/api/briefings", {
      method: "POST",
      token: editor,
      json: { title: "T", summary: "S", body: "B", audience: "A", equity: { place: ["atlantis", "north-west"], creed: ["x"] } },
    });
    expect(response.status).toBe(422);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    const problem = await response.json<any>();
    expect(problem.detail).toContain("unknown place value 'atlantis'");
    expect(problem.detail).toContain("unknown equity facet 'creed'");
    expect(problem.errors.map((e: { path: string }) => e.path).sort()).toEqual(["equity.creed", "equity.place"]);
    const after = await env.DB.prepare("SELECT count(*) AS n FROM briefings").first<{ n: number }>();
    expect(after!.n).toBe(before!.n);
  });
});
