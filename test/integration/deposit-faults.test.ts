// Deposits under faults: the database failing part-way, a deposit interrupted after writing, a client gone mid-upload.
//
// Faults are real D1 errors, not mocks: a test adds a trigger to the test database that makes D1 itself refuse one
// statement (RAISE(ABORT), exactly as a constraint violation or a failed write would reach the Worker), at a point
// only a crafted entry or table reaches, and drops it afterwards. The Worker's code and bindings are untouched.
import { env } from "cloudflare:test";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { callApi, createToken, deposit } from "./helpers";

let editor: string;

beforeAll(async () => {
  editor = await createToken("editor", "Faulty Editor");
});

afterEach(async () => {
  await env.DB.exec("DROP TRIGGER IF EXISTS fault_in_audit; DROP TRIGGER IF EXISTS fault_in_counts;");
});

async function count(sql: string, ...values: unknown[]): Promise<number> {
  return (await env.DB.prepare(sql).bind(...values).first<{ n: number }>())?.n ?? 0;
}

const ENTRIES = 40;
/** Entries big enough (a 30,000-character abstract each) that the deposit is stored in several chunks. */
function bigFile(tag: string): string {
  const abstract = "Invented words about waiting, worry and the cost of living in a seaside town. ".repeat(380);
  return Array.from(
    { length: ENTRIES },
    (_, i) => `@article{${tag}${i}, title = {${tag} study number ${i} of waiting and worry}, author = {Faultline${tag}, Entry${i}}, year = 2024, journal = {Invented Journal}, abstract = {${abstract}}}`,
  ).join("\n\n");
}

/** Every deposit's counts against the records that name it. */
async function depositCountsDisagreeing(): Promise<unknown[]> {
  const { results } = await env.DB.prepare(
    `SELECT d.id, d.created, (SELECT count(*) FROM publications AS p WHERE p.deposit_id = d.id) AS stored FROM deposits AS d
      WHERE d.created <> (SELECT count(*) FROM publications AS p WHERE p.deposit_id = d.id)`,
  ).all();
  return results;
}

describe("a D1 error in the middle of a deposit", () => {
  it("answers 503 with Retry-After, keeps the chunks stored before it whole and counted, and writes nothing of the rest", async () => {
    // The audit row of entry 21 (in the second chunk) is refused: the batch has already inserted its publications, people and authors.
    await env.DB.exec(
      "CREATE TRIGGER fault_in_audit BEFORE INSERT ON audit_log WHEN NEW.item_id IN (SELECT id FROM publications WHERE bibtex_key = 'midway21') BEGIN SELECT RAISE(ABORT, 'injected fault: the database refused a write'); END",
    );
    const file = bigFile("midway");
    const response = await callApi("/api/deposits", { method: "POST", token: editor, headers: { "content-type": "application/x-bibtex" }, body: file });
    expect(response.status).toBe(503);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
    const problem = await response.json<{ status: number; detail: string; deposit_id: string; created: number; retry_after: number }>();
    expect(problem.status).toBe(503);
    expect(problem.detail).toContain("deposit the file again");

    const stored = await count("SELECT count(*) AS n FROM publications WHERE deposit_id = ?", problem.deposit_id);
    expect(stored).toBe(problem.created);
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThan(21);
    expect(await env.DB.prepare("SELECT created, duplicates, failed FROM deposits WHERE id = ?").bind(problem.deposit_id).first()).toEqual({
      created: stored,
      duplicates: 0,
      failed: 0,
    });
    // Each stored record is whole: its author, its audit row, its search document.
    const whole = `SELECT count(*) AS n FROM publications AS p WHERE p.deposit_id = ?
      AND EXISTS (SELECT 1 FROM publication_authors AS a WHERE a.publication_id = p.id)
      AND EXISTS (SELECT 1 FROM audit_log AS l WHERE l.item_id = p.id AND l.action = 'deposit')
      AND EXISTS (SELECT 1 FROM search_documents AS s WHERE s.item_id = p.id)`;
    expect(await count(whole, problem.deposit_id)).toBe(stored);
    // Nothing of the refused chunk: no record, no person, no link, no audit row, no search document.
    expect(await count("SELECT count(*) AS n FROM publications WHERE bibtex_key = 'midway21'")).toBe(0);
    expect(await count("SELECT count(*) AS n FROM people WHERE name_key LIKE 'faultlinemidway, entry21%'")).toBe(0);
    expect(await count("SELECT count(*) AS n FROM publication_authors WHERE publication_id NOT IN (SELECT id FROM publications)")).toBe(0);
    expect(await count("SELECT count(*) AS n FROM search_documents WHERE kind = 'publication' AND item_id NOT IN (SELECT id FROM publications)")).toBe(0);

    // Once the database is well again, the same file stores the rest and reports the stored ones as duplicates.
    await env.DB.exec("DROP TRIGGER fault_in_audit");
    const again = await deposit(file, editor);
    expect(again.status).toBe(201);
    expect(again.report).toMatchObject({ created: ENTRIES - stored, duplicates: stored, failed: 0 });
    expect(await count("SELECT count(*) AS n FROM publications WHERE bibtex_key LIKE 'midway%'")).toBe(ENTRIES);
    expect(await depositCountsDisagreeing()).toEqual([]);
  });

  it("keeps the deposit row's counts true when the deposit is cut off after its records are written", async () => {
    // Counting fails, as if the Worker had died between storing the entries and writing the counts.
    await env.DB.exec(
      "CREATE TRIGGER fault_in_counts BEFORE UPDATE ON deposits WHEN NEW.created > 0 BEGIN SELECT RAISE(ABORT, 'injected fault: cut off while counting'); END",
    );
    const response = await callApi("/api/deposits", {
      method: "POST",
      token: editor,
      headers: { "content-type": "application/x-bibtex" },
      body: "@article{cut1, title = {Cut off after writing}, author = {Stop, Ann}, year = 2024}\n@article{cut2, title = {Cut off after writing again}, author = {Stop, Ann}, year = 2024}",
    });
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).not.toBeNull();
    expect(await depositCountsDisagreeing()).toEqual([]);
  });
});

describe("a client that disconnects mid-upload", () => {
  it("stores nothing: the body is read whole before anything is written", async () => {
    const before = await count("SELECT count(*) AS n FROM publications");
    const depositsBefore = await count("SELECT count(*) AS n FROM deposits");
    const half = new TextEncoder().encode("@article{gone1, title = {Sent before the line dropped}, author = {Drop, Lee}, year = 2024}\n@article{gone2, title = {Never");
    let sent = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (!sent) {
          sent = true;
          controller.enqueue(half);
        } else {
          controller.error(new Error("the connection was reset"));
        }
      },
    });
    // The client said how long the file is (curl and browsers always do) and sent half of it before the line dropped.
    const headers = { "content-type": "application/x-bibtex", "content-length": String(half.length * 2) };
    const answer = await callApi("/api/deposits", { method: "POST", token: editor, headers, body }).catch(
      (error: unknown) => error,
    );
    if (answer instanceof Response) {
      expect(answer.status).toBe(400);
      expect(answer.headers.get("content-type")).toContain("application/problem+json");
    }
    expect(await count("SELECT count(*) AS n FROM publications")).toBe(before);
    expect(await count("SELECT count(*) AS n FROM deposits")).toBe(depositsBefore);
    expect(await count("SELECT count(*) AS n FROM publications WHERE bibtex_key = 'gone1'")).toBe(0);
  });
});
