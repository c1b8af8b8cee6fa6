import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { callApi, createToken } from "./helpers";

let editor: string;

beforeAll(async () => {
  editor = await createToken("editor");
});

async function countRows(table: string): Promise<number> {
  return (await env.DB.prepare(`SELECT count(*) AS n FROM ${table}`).first<{ n: number }>())!.n;
}

async function expectProblem(response: Response, status: number, detail: RegExp) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toBe("application/problem+json; charset=utf-8");
  const problem = await response.json<any>();
  expect(problem.status).toBe(status);
  expect(problem.type).toMatch(/^\/api\/docs#problem-/);
  expect(problem.detail).toMatch(detail);
  return problem;
}

describe("bad input gets a clear answer and changes nothing", () => {
  it("422 lists every invalid field of a briefing", async () => {
    const before = await countRows("briefings");
    const response = await callApi("/api/briefings", { method: "POST", token: editor, json: { title: "", summary: 5, key_messages: "one", audience: "x", body: "b" } });
    const problem = await expectProblem(response, 422, /request body is not valid/);
    expect(problem.errors.map((e: any) => e.path).sort()).toEqual(["key_messages", "summary", "title"]);
    expect(await countRows("briefings")).toBe(before);
  });

  it("422 for unknown fields, unknown topics and unknown evidence", async () => {
    const base = { title: "T", summary: "S", body: "B", audience: "A" };
    await expectProblem(await callApi("/api/briefings", { method: "POST", token: editor, json: { ...base, colour: "red" } }), 422, /colour/);
    const topic = await expectProblem(await callApi("/api/briefings", { method: "POST", token: editor, json: { ...base, topics: ["astrology"] } }), 422, /Unknown topic 'astrology'.*Known topics: .*income-debt-poverty/);
    expect(topic.errors).toEqual([{ path: "topics", message: "unknown topic 'astrology'" }]);
    await expectProblem(
      await callApi("/api/briefings", { method: "POST", token: editor, json: { ...base, publication_ids: ["01ZZZZZZZZZZZZZZZZZZZZZZZZ"] } }),
      422,
      /No publication with id '01ZZZZZZZZZZZZZZZZZZZZZZZZ'/,
    );
  });

  it("422 for a language tag, a date or a limit that does not parse", async () => {
    await expectProblem(
      await callApi("/api/lay-summaries", { method: "POST", token: editor, json: { publication_id: "01ZZZZZZZZZZZZZZZZZZZZZZZZ", language: "not a tag!", title: "t", body: "b" } }),
      422,
      /BCP 47/,
    );
    await expectProblem(await callApi("/api/briefings?limit=1000"), 422, /query string is not valid: limit/);
    await expectProblem(await callApi("/api/briefings/not-an-id"), 422, /Not an item id/);
  });

  it("400 for a body that is not JSON, 415 for the wrong content type", async () => {
    await expectProblem(
      await callApi("/api/briefings", { method: "POST", token: editor, headers: { "content-type": "application/json" }, body: "{not json" }),
      400,
      /not valid JSON/,
    );
    await expectProblem(
      await callApi("/api/briefings", { method: "POST", token: editor, headers: { "content-type": "text/plain" }, body: "title=x" }),
      415,
      /application\/json/,
    );
    await expectProblem(
      await callApi("/api/deposits", { method: "POST", token: editor, headers: { "content-type": "application/json" }, body: "{}" }),
      415,
      /application\/x-bibtex, text\/plain or a multipart form field 'file'/,
    );
  });

  it("413 for a body over the limit, with nothing stored", async () => {
    const before = await countRows("briefings");
    const huge = "x".repeat(1024 * 1024 + 1);
    await expectProblem(
      await callApi("/api/briefings", { method: "POST", token: editor, json: { title: "T", summary: "S", body: huge, audience: "A" } }),
      413,
      /larger than the 1 MB/,
    );
    expect(await countRows("briefings")).toBe(before);
    const hugeBib = `@misc{big, title = {${"y".repeat(9 * 1024 * 1024)}}}`;
    await expectProblem(
      await callApi("/api/deposits", { method: "POST", token: editor, headers: { "content-type": "application/x-bibtex" }, body: hugeBib }),
      413,
      /larger than the 8 MB/,
    );
  });

  it("400 for a multipart body that cannot be read", async () => {
    const response = await callApi("/api/deposits", { method: "POST", token: editor, headers: { "content-type": "multipart/form-data" }, body: "@article{x, title={y}}" });
    await expectProblem(response, 400, /multipart form could not be read/);
  });

  it("422 for a deposit with no BibTeX in it", async () => {
    const response = await callApi("/api/deposits", { method: "POST", token: editor, headers: { "content-type": "text/plain" }, body: "Dear editor, please find my papers attached." });
    await expectProblem(response, 422, /No BibTeX entries were found/);
  });

  it("404 problem for an unknown API path and an HTML page elsewhere", async () => {
    await expectProblem(await callApi("/api/nothing-here"), 404, /There is nothing at GET \/api\/nothing-here/);
    const page = await callApi("/nothing-here");
    expect(page.status).toBe(404);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(await page.text()).toContain("Page not found");
  });
});
