// Exactly once under concurrency: real parallel requests through the Worker, each race answered by the database.
import { env } from "cloudflare:test";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { isSameWork, workKey, type WorkIdentity } from "../../worker/deposit/same-work";
import migration0007 from "../../schema/migrations/0007_exactly_once.sql?raw";
import { callApi, createToken, deposit } from "./helpers";

let editor: string;
let depositor: string;

beforeAll(async () => {
  editor = await createToken("editor", "Racing Editor");
  depositor = await createToken("depositor", "Racing Depositor");
  // Warm: the first deposit in a Worker loads citation-js's LaTeX tables, which would put it far ahead of the race.
  await deposit("@misc{warm, title = {Warming up}}", editor, "?dry_run=1");
});

async function countRows(sql: string, ...values: unknown[]): Promise<number> {
  const row = await env.DB.prepare(sql).bind(...values).first<{ n: number }>();
  return row?.n ?? 0;
}

/** A submitted publication of the depositor's, waiting for an editor. */
async function submittedPublication(title: string): Promise<string> {
  const { status, report } = await deposit(`@article{race, title = {${title}}, author = {Quill, Ada}, year = 2024}`, depositor);
  expect(status, JSON.stringify(report)).toBe(201);
  return report.entries[0].id;
}

type Request = { path: string; token: string; method?: string; type?: string; body: string };

/**
 * Sends every request at the same moment: each body is held back until all have been dispatched, so none gets ahead
 * of the others while they are still being sent (the Worker reads a body before it reads or writes the database).
 */
async function fireTogether(requests: Request[]): Promise<Response[]> {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const responses = requests.map(({ path, token, method = "POST", type = "application/json", body }) =>
    callApi(path, {
      method,
      token,
      headers: { "content-type": type },
      body: new ReadableStream({
        async pull(controller) {
          await gate;
          controller.enqueue(new TextEncoder().encode(body));
          controller.close();
        },
      }),
    }),
  );
  await new Promise((resolve) => setTimeout(resolve, 200));
  release();
  return Promise.all(responses);
}

async function depositAllAtOnce(file: string, tokens: string[]): Promise<{ status: number; report: any }[]> {
  const responses = await fireTogether(tokens.map((token) => ({ path: "/api/deposits", token, type: "application/x-bibtex", body: file })));
  return Promise.all(responses.map(async (r) => ({ status: r.status, report: await r.json<any>() })));
}

async function read(id: string): Promise<{ status: string; publish_at: string | null }> {
  return (await env.DB.prepare("SELECT status, publish_at FROM publications WHERE id = ?").bind(id).first())!;
}

describe("parallel deposits of one file", () => {
  it("store each work once: 20 deposits of a 3-entry file keep 3 rows, and every report names the stored one", async () => {
    const file = `
@article{raceA, title = {Waiting lists and distress in coastal towns}, author = {Marsh, Ines and Holt, Ben}, year = 2023, doi = {10.5555/Race.Coastal}}
@book{raceB, title = {Debt advice as mental health care}, author = {Okafor, Lena}, year = 2021, publisher = {Invented Press}}
@techreport{raceC, title = {Housing insecurity among young carers}, author = {Vance, Pia}, year = 2022, institution = {Invented Centre}}
`;
    const tokens = await Promise.all(Array.from({ length: 20 }, (_, i) => createToken("editor", `Parallel depositor ${i}`)));
    const results = await depositAllAtOnce(file, tokens);
    for (const { status, report } of results) expect([200, 201], JSON.stringify(report)).toContain(status);

    const titles = ["Waiting lists and distress in coastal towns", "Debt advice as mental health care", "Housing insecurity among young carers"];
    const stored = await env.DB.prepare("SELECT id, title FROM publications WHERE title IN (?, ?, ?) ORDER BY title").bind(...titles).all<{ id: string; title: string }>();
    expect(stored.results.map((r) => r.title).sort()).toEqual([...titles].sort());
    const storedIds = new Set(stored.results.map((r) => r.id));

    // The reports add up to what was stored: 3 created in all, 57 duplicates of exactly those three.
    expect(results.reduce((sum, { report }) => sum + report.created, 0)).toBe(3);
    expect(results.reduce((sum, { report }) => sum + report.duplicates, 0)).toBe(57);
    const entries = results.flatMap(({ report }) => report.entries);
    expect(new Set(entries.filter((e) => e.status === "created").map((e) => e.id))).toEqual(storedIds);
    for (const entry of entries.filter((e) => e.status === "duplicate")) expect(storedIds).toContain(entry.duplicate_of);

    // Nothing of a losing entry was written: one author link set, one audit row and one search document per work.
    const ids = [...storedIds];
    const marks = ids.map(() => "?").join(", ");
    expect(await countRows(`SELECT count(*) AS n FROM audit_log WHERE action = 'deposit' AND item_id IN (${marks})`, ...ids)).toBe(3);
    expect(await countRows(`SELECT count(*) AS n FROM publication_authors WHERE publication_id IN (${marks})`, ...ids)).toBe(4);
    expect(await countRows(`SELECT count(*) AS n FROM search_documents WHERE item_id IN (${marks})`, ...ids)).toBe(3);
    expect(await countRows("SELECT count(*) AS n FROM search_documents WHERE kind = 'publication' AND item_id NOT IN (SELECT id FROM publications)")).toBe(0);
    // Each deposit row's counts agree with its report.
    for (const { report } of results.filter((r) => r.report.deposit_id)) {
      const row = await env.DB.prepare("SELECT created, duplicates, failed FROM deposits WHERE id = ?").bind(report.deposit_id).first();
      expect(row).toEqual({ created: report.created, duplicates: report.duplicates, failed: report.failed });
      expect(await countRows("SELECT count(*) AS n FROM publications WHERE deposit_id = ?", report.deposit_id)).toBe(report.created);
    }
  });

  it("keep what the duplicate rules call different works apart, in parallel too: a book and its chapters share a DOI", async () => {
    const book = "@book{raceBook, title = {Invented handbook of neighbourhood health}, editor = {Lark, Tom}, year = 2020, doi = {10.5555/race.handbook}, publisher = {Invented Press}}";
    const chapter1 = "@incollection{raceCh1, title = {Green space and low mood}, author = {Fenn, Ruth}, booktitle = {Invented handbook of neighbourhood health}, year = 2020, doi = {10.5555/race.handbook}, publisher = {Invented Press}}";
    const chapter2 = "@incollection{raceCh2, title = {Bus routes and isolation}, author = {Fenn, Ruth}, booktitle = {Invented handbook of neighbourhood health}, year = 2020, doi = {10.5555/RACE.handbook}, publisher = {Invented Press}}";
    const sameTitleOtherTeam = "@article{raceT2, title = {Loneliness in later life}, author = {Ross, Kit}, year = 2019, journal = {Invented Journal}}";
    const sameTitle = "@article{raceT1, title = {Loneliness in later life}, author = {Pike, Noor}, year = 2019, journal = {Invented Journal}}";
    const results = await Promise.all([book, chapter1, chapter2, sameTitle, sameTitleOtherTeam].map((entry) => deposit(entry, editor)));
    expect(results.map((r) => r.report.created)).toEqual([1, 1, 1, 1, 1]);
  });
});

describe("racing lifecycle changes", () => {
  it("publish now against publish under embargo: a publication answered as published now is never put back under embargo", async () => {
    const embargo = new Date(Date.now() + 30 * 86_400_000).toISOString();
    for (let round = 0; round < 8; round++) {
      const id = await submittedPublication(`Embargo race round ${round}`);
      const [now, later] = await fireTogether([
        { path: `/api/publications/${id}/publish`, token: editor, body: "{}" },
        { path: `/api/publications/${id}/publish`, token: editor, body: JSON.stringify({ publish_at: embargo }) },
      ]);
      const row = await read(id);
      expect(row.status).toBe("published");
      if (now.status === 200 && later.status !== 200) expect(row.publish_at! <= new Date().toISOString(), `round ${round}`).toBe(true);
      if (later.status === 200 && now.status !== 200) expect(row.publish_at).toBe(embargo);
      if (now.status === 200 && later.status === 200) throw new Error(`round ${round}: both publications answered 200 (${row.publish_at})`);
      for (const loser of [now, later].filter((r) => r.status !== 200)) {
        expect(loser.status).toBe(409);
        expect(loser.headers.get("content-type")).toContain("application/problem+json");
      }
      expect(await countRows("SELECT count(*) AS n FROM audit_log WHERE item_id = ? AND action = 'publish'", id)).toBe(1);
    }
  });

  it("publish against PATCH status draft: a publication answered as published stays published", async () => {
    for (let round = 0; round < 6; round++) {
      const id = await submittedPublication(`Draft race round ${round}`);
      const [publish, toDraft] = await fireTogether([
        { path: `/api/publications/${id}/publish`, token: editor, body: "{}" },
        { path: `/api/publications/${id}`, method: "PATCH", token: editor, body: JSON.stringify({ status: "draft" }) },
      ]);
      const row = await read(id);
      expect(publish.status, `round ${round}`).toBe(200);
      expect(row.status, `round ${round}: PATCH answered ${toDraft.status}`).toBe("published");
      expect([200, 409]).toContain(toDraft.status);
      const updates = await countRows("SELECT count(*) AS n FROM audit_log WHERE item_id = ? AND action = 'update'", id);
      expect(updates).toBe(toDraft.status === 200 ? 1 : 0);
    }
  });

  it("six parallel withdrawals: one answers 200, the others 409, and the audit log holds one withdrawal", async () => {
    const id = await submittedPublication("Withdrawn once in a race");
    await callApi(`/api/publications/${id}/publish`, { method: "POST", token: editor, json: {} });
    const answers = await fireTogether(
      Array.from({ length: 6 }, (_, i) => ({ path: `/api/publications/${id}/withdraw`, token: editor, body: JSON.stringify({ reason: `Reason ${i}` }) })),
    );
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409, 409]);
    expect(await countRows("SELECT count(*) AS n FROM audit_log WHERE item_id = ? AND action = 'withdraw'", id)).toBe(1);
    const winner = await answers.find((r) => r.status === 200)!.json<{ withdrawal_reason: string }>();
    const row = await env.DB.prepare("SELECT withdrawal_reason FROM publications WHERE id = ?").bind(id).first<{ withdrawal_reason: string }>();
    expect(row?.withdrawal_reason).toBe(winner.withdrawal_reason);
    // A repeat later answers as the losers did.
    expect((await callApi(`/api/publications/${id}/withdraw`, { method: "POST", token: editor, json: { reason: "Again" } })).status).toBe(409);
  });

  it("two editors' PATCHes of one publication: neither edit is lost from what citations are rendered from", async () => {
    for (let round = 0; round < 4; round++) {
      const id = await submittedPublication(`Edit race round ${round}`);
      const answers = await fireTogether([
        { path: `/api/publications/${id}`, method: "PATCH", token: editor, body: JSON.stringify({ title: `Retitled in round ${round}` }) },
        { path: `/api/publications/${id}`, method: "PATCH", token: editor, body: JSON.stringify({ abstract: `Abstract of round ${round}.` }) },
      ]);
      for (const answer of answers) expect([200, 409], `round ${round}`).toContain(answer.status);
      const row = (await env.DB.prepare("SELECT title, abstract, csl FROM publications WHERE id = ?").bind(id).first<{ title: string; abstract: string | null; csl: string }>())!;
      const csl = JSON.parse(row.csl) as { title: string; abstract?: string };
      // Whatever landed is in the columns and the CSL-JSON alike: a 200 is never silently undone by the other edit.
      expect(csl.title, `round ${round}`).toBe(row.title);
      expect(csl.abstract ?? null, `round ${round}`).toBe(row.abstract);
      if (answers[0].status === 200) expect(row.title).toBe(`Retitled in round ${round}`);
      if (answers[1].status === 200) expect(row.abstract).toBe(`Abstract of round ${round}.`);
    }
  });

  it("two lay summaries of one paper in one language at once: one is stored, the other answered 409, never 500", async () => {
    const paper = await submittedPublication("Summarised twice at once");
    await callApi(`/api/publications/${paper}/publish`, { method: "POST", token: editor, json: {} });
    const summary = (title: string) => JSON.stringify({ publication_id: paper, language: "en", title, body: "Short words. Plain words." });
    const answers = await fireTogether([
      { path: "/api/lay-summaries", token: editor, body: summary("First telling") },
      { path: "/api/lay-summaries", token: editor, body: summary("Second telling") },
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    expect(await countRows("SELECT count(*) AS n FROM lay_summaries WHERE publication_id = ?", paper)).toBe(1);
  });

  it("a tombstone is neither re-embargoed nor edited: its 410 and its OAI deleted record stay", async () => {
    const { report } = await deposit("@techreport{tomb, title = {Tombstone kept in a race}, author = {Wren, Jo}, year = 2021, institution = {Invented Centre}}", editor);
    const id = report.entries[0].id;
    const withdrawn = await callApi(`/api/publications/${id}/withdraw`, { method: "POST", token: editor, json: { reason: "Duplicate of a later report." } });
    expect(withdrawn.status).toBe(200);
    const future = new Date(Date.now() + 86_400_000).toISOString();

    for (const json of [{ title: "A new title on a tombstone" }, { keywords: ["tombstone"] }]) {
      const answer = await callApi(`/api/publications/${id}`, { method: "PATCH", token: editor, json });
      expect(answer.status, JSON.stringify(json)).toBe(409);
      expect(answer.headers.get("content-type")).toContain("application/problem+json");
    }
    const embargoBriefing = await callApi("/api/briefings", {
      method: "POST",
      token: editor,
      json: { title: "Briefing tombstone", summary: "S.", body: "B.", audience: "Everyone" },
    });
    const briefingId = (await embargoBriefing.json<{ id: string }>()).id;
    await callApi(`/api/briefings/${briefingId}/publish`, { method: "POST", token: editor, json: {} });
    await callApi(`/api/briefings/${briefingId}/withdraw`, { method: "POST", token: editor, json: { reason: "Superseded." } });
    for (const json of [{ publish_at: future }, { title: "A new title on a tombstone" }]) {
      const answer = await callApi(`/api/briefings/${briefingId}`, { method: "PATCH", token: editor, json });
      expect(answer.status, JSON.stringify(json)).toBe(409);
      expect(answer.headers.get("content-type")).toContain("application/problem+json");
    }

    for (const [kind, itemId] of [["publications", id], ["briefings", briefingId]]) {
      expect((await callApi(`/api/${kind}/${itemId}`)).status).toBe(410);
      const xml = await (await callApi(`/oai?verb=GetRecord&identifier=oai:repository.example.org:${kind}/${itemId}&metadataPrefix=oai_dc`)).text();
      expect(xml).toContain('status="deleted"');
    }
    const row = await env.DB.prepare("SELECT title, status, publish_at FROM publications WHERE id = ?").bind(id).first();
    expect(row).toMatchObject({ title: "Tombstone kept in a race", status: "withdrawn" });
  });
});

describe("migration 0007 on a database that already holds duplicates", () => {
  it("keys the oldest record of each work as the deposit would, leaves a later copy keyless, and creates the unique index", async () => {
    const file = `
@article{mig1, title = {Migrated article with a DOI}, author = {Birch, Ola}, year = 2018, doi = {10.5555/Migrated.Article}, journal = {Invented Journal}}
@incollection{mig2, title = {Migrated chapter}, author = {Birch, Ola}, booktitle = {Invented book}, year = 2018, doi = {10.5555/migrated.book}, publisher = {Invented Press}}
@book{mig3, title = {Migrated book without a DOI}, author = {van der Berg, Ida and Birch, Ola}, year = 2017, publisher = {Invented Press}}
@techreport{mig4, title = {Migrated report without authors}, year = 2016, institution = {Invented Centre}}
`;
    const { report } = await deposit(file, editor);
    const ids: string[] = report.entries.map((e: { id: string }) => e.id);
    expect(ids.every(Boolean)).toBe(true);
    const keysAsDeposited = await env.DB.prepare(`SELECT id, work_key FROM publications WHERE id IN (${ids.map(() => "?").join(", ")}) ORDER BY id`).bind(...ids).all();
    expect(keysAsDeposited.results.every((r) => typeof r.work_key === "string")).toBe(true);

    // The state before the migration: no keys, no index, and a copy of the article stored again later (a later id).
    await env.DB.prepare(
      `INSERT INTO publications (id, type, title, title_key, doi, issued_year, csl, status, publish_at, created_at, updated_at)
        SELECT id || 'z', type, title, title_key, upper(doi), issued_year, csl, status, publish_at, created_at, updated_at FROM publications WHERE id = ?`,
    ).bind(ids[0]).run();
    await env.DB.batch([env.DB.prepare("DROP INDEX publications_work_key"), env.DB.prepare("UPDATE publications SET work_key = NULL")]);

    const statements = migration0007.split("--> statement-breakpoint").filter((s) => /WITH shaped|CREATE UNIQUE INDEX/.test(s));
    expect(statements.length).toBe(2);
    for (const statement of statements) await env.DB.prepare(statement).run();

    const keysAfter = await env.DB.prepare(`SELECT id, work_key FROM publications WHERE id IN (${ids.map(() => "?").join(", ")}) ORDER BY id`).bind(...ids).all();
    expect(keysAfter.results).toEqual(keysAsDeposited.results);
    const copy = await env.DB.prepare("SELECT work_key FROM publications WHERE id = ?").bind(`${ids[0]}z`).first();
    expect(copy).toEqual({ work_key: null });
    // The rule holds again: the same article deposited once more is a duplicate of the oldest record.
    const again = await deposit("@article{mig1b, title = {Migrated article with a DOI}, author = {Birch, Ola}, year = 2018, doi = {10.5555/migrated.article}}", editor);
    expect(again.report.entries[0]).toMatchObject({ status: "duplicate", duplicate_of: ids[0] });
    expect(await countRows("SELECT count(*) AS n FROM sqlite_master WHERE type = 'index' AND name = 'publications_work_key'")).toBe(1);
  });
});

describe("the work key the database holds unique", () => {
  it("is shared only by records the duplicate rules call one work, so the index never refuses a different work", () => {
    const types = ["article-journal", "chapter", "paper-conference", "book", "collection", "review", "review-book", "report", "thesis", "document", "entry-encyclopedia"];
    const work: fc.Arbitrary<WorkIdentity> = fc.record({
      doiKey: fc.option(fc.constantFrom("10.1/a", "10.1/b"), { nil: null }),
      titleKey: fc.option(fc.constantFrom("debt and worry", "debt and worry in towns", "sleep"), { nil: null }),
      issuedYear: fc.option(fc.constantFrom(2019, 2020), { nil: null }),
      type: fc.constantFrom(...types),
      familyKeys: fc.uniqueArray(fc.constantFrom("marsh", "holt", "van der berg"), { maxLength: 3 }),
    });
    fc.assert(
      fc.property(work, work, (a, b) => {
        const key = workKey(a);
        if (key !== null && key === workKey(b)) expect(isSameWork(a, b)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });
});
