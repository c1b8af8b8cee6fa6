// Search's narrow copy (migration 0008): `search_filters` and `public_from` say exactly what the search documents and the visibility rule say, through every kind of write and on a database migrated with data in it.
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import migration0008 from "../../schema/migrations/0008_narrow_search.sql?raw";
import migration0009 from "../../schema/migrations/0009_facet_sets.sql?raw";
import { callApi, createItem, createToken, deposit, publishItem } from "./helpers";

const FUTURE = "2031-03-01T09:00:00.000Z";
const COLUMNS = "id, kind, public_from, year, language, sort_date, topic_ids";

/** Every row of both tables, compared whole: the narrow copy must hold what the documents hold, no more and no less. */
async function bothTables() {
  const [documents, filters] = await env.DB.batch([
    env.DB.prepare(`SELECT ${COLUMNS} FROM search_documents ORDER BY id`),
    env.DB.prepare(`SELECT ${COLUMNS} FROM search_filters ORDER BY id`),
  ]);
  return { documents: documents.results, filters: filters.results };
}

async function search(query: string): Promise<{ total: number; items: { id: string }[]; next_cursor: string | null }> {
  const response = await callApi(`/api/search?${query}`);
  expect(response.status).toBe(200);
  return response.json();
}

let editor: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  editor = await createToken("editor", "Storage Editor");
  const depositor = await createToken("depositor", "Storage Depositor");
  const published = await deposit(
    `@article{stoPublic, title = {Narrowtable evidence on debt and sleep}, author = {Fenwick, Ada and Okoro, Bisi}, year = 2021, abstract = {Narrowtable public abstract.}, langid = {english}}
@article{stoWithdrawn, title = {Narrowtable withdrawn paper}, author = {Okoro, Bisi}, year = 2019, abstract = {Narrowtable withdrawn abstract.}}`,
    editor,
  );
  for (const entry of published.report.entries) ids[entry.key] = entry.id;
  // A depositor's deposits wait for an editor: one stays submitted, the other is published under embargo.
  const submitted = await deposit(
    `@article{stoSubmitted, title = {Narrowtable submitted paper}, author = {Fenwick, Ada}, year = 2020}
@article{stoEmbargo, title = {Narrowtable embargoed findings}, author = {Fenwick, Ada}, year = 2022, abstract = {Narrowtable embargoed abstract.}}`,
    depositor,
  );
  for (const entry of submitted.report.entries) ids[entry.key] = entry.id;

  await publishItem("publications", ids.stoEmbargo, editor, { publish_at: FUTURE });
  expect((await callApi(`/api/publications/${ids.stoWithdrawn}/withdraw`, { method: "POST", token: editor, json: { reason: "Storage test." } })).status).toBe(200);
  const edit = await callApi(`/api/publications/${ids.stoPublic}`, { method: "PATCH", token: editor, json: { topics: ["income-debt-poverty"], title: "Narrowtable evidence on debt, sleep and work" } });
  expect(edit.status, await edit.clone().text()).toBe(200);

  ids.layPublic = await createItem("lay-summaries", { publication_id: ids.stoPublic, language: "en-GB", title: "Narrowtable summary", body: "Narrowtable plain words." }, editor);
  await publishItem("lay-summaries", ids.layPublic, editor);
  // Published itself, but its paper is under embargo: public from the paper's date, not its own.
  ids.layOfEmbargoed = await createItem("lay-summaries", { publication_id: ids.stoEmbargo, language: "en", title: "Narrowtable summary of embargoed", body: "Narrowtable hidden words." }, editor);
  await publishItem("lay-summaries", ids.layOfEmbargoed, editor);
  ids.briefing = await createItem(
    "briefings",
    { title: "Narrowtable briefing", summary: "Narrowtable summary.", key_messages: ["Narrowtable message"], body: "Narrowtable body.", audience: "Testers", topics: ["housing-homelessness"] },
    editor,
  );
});

describe("the narrow copy search reads", () => {
  it("holds exactly the search documents' filter columns after deposits, edits, embargoes, withdrawals and lay summaries", async () => {
    const { documents, filters } = await bothTables();
    expect(documents.length).toBeGreaterThanOrEqual(7);
    expect(filters).toEqual(documents);
  });

  it("numbers each row's combination of kind, year, topics and language (lower case), one number a combination", async () => {
    const mismatched = await env.DB.prepare(
      `SELECT f.id FROM search_filters AS f JOIN search_facet_sets AS s ON s.id = f.facet_set
      WHERE s.kind IS NOT f.kind OR s.year IS NOT f.year OR s.topic_ids IS NOT f.topic_ids OR s.language IS NOT lower(nullif(f.language, ''))`,
    ).all();
    expect(mismatched.results).toEqual([]);
    const unnumbered = await env.DB.prepare("SELECT count(*) AS n FROM search_filters WHERE facet_set NOT IN (SELECT id FROM search_facet_sets)").first();
    expect(unnumbered).toEqual({ n: 0 });
    const repeated = await env.DB.prepare(
      "SELECT count(*) AS n FROM (SELECT 1 FROM search_facet_sets GROUP BY kind, year, topic_ids, language HAVING count(*) > 1)",
    ).first();
    expect(repeated).toEqual({ n: 0 });
  });

  it("gives each item the moment it became public, and none while it is not", async () => {
    const row = async (id: string) =>
      (await env.DB.prepare("SELECT public_from, publish_at FROM search_documents WHERE item_id = ?").bind(id).first()) as { public_from: string | null; publish_at: string | null };
    const paper = await row(ids.stoPublic);
    expect(paper.public_from).toBe(paper.publish_at);
    expect((await row(ids.stoEmbargo)).public_from).toBe(FUTURE);
    expect((await row(ids.layOfEmbargoed)).public_from).toBe(FUTURE);
    expect((await row(ids.stoWithdrawn)).public_from).toBeNull();
    expect((await row(ids.stoSubmitted)).public_from).toBeNull();
    expect((await row(ids.briefing)).public_from).toBeNull();
  });

  it("agrees with the visibility rule written out in full, for every document at every moment", async () => {
    const moments = ["1990-01-01T00:00:00.000Z", new Date().toISOString(), "2031-02-28T23:59:59.999Z", FUTURE, "2099-01-01T00:00:00.000Z"];
    for (const now of moments) {
      const disagreements = await env.DB.prepare(
        `SELECT item_id FROM search_documents
        WHERE (coalesce(public_from <= ?1, 0)) IS NOT (coalesce(status = 'published' AND publish_at <= ?1
          AND (parent_status IS NULL OR (parent_status = 'published' AND parent_publish_at <= ?1)), 0))`,
      ).bind(now).all();
      expect(disagreements.results, now).toEqual([]);
    }
  });

  it("finds by the edited topic and language filters, and never the hidden items", async () => {
    const answer = await search(`q=narrowtable&topic=income-debt-poverty`);
    expect(answer.items.map((i) => i.id)).toEqual([ids.stoPublic]);
    const all = await search(`q=narrowtable`);
    expect(new Set(all.items.map((i) => i.id))).toEqual(new Set([ids.stoPublic, ids.layPublic]));
    // `en` is the paper's language (from its langid) and the summary's en-GB; `en-gb` only the summary's, in any case.
    expect(new Set((await search(`q=narrowtable&lang=en`)).items.map((i) => i.id))).toEqual(new Set([ids.stoPublic, ids.layPublic]));
    expect((await search(`q=narrowtable&lang=en-gb`)).items.map((i) => i.id)).toEqual([ids.layPublic]);
  });

  it("answers a prefix (whose page reads the matches once) as the one word it stands for: same hits, order, snippets and marks", async () => {
    const word = await search(`q=narrowtable`);
    const prefix = await search(`q=narrowtab*`);
    expect(prefix.items.length).toBe(2);
    expect(prefix).toEqual(word);
    expect(JSON.stringify(prefix.items)).toContain("<mark>Narrowtable</mark>");
  });

  it("is filled and numbered for what a database already holds when migrations 0008 and 0009 run", async () => {
    const before = await search(`q=narrowtable`);
    // The state before the migration: the narrow table empty beside search documents that hold data.
    await env.DB.prepare("DELETE FROM search_filters").run();
    expect((await bothTables()).filters).toEqual([]);
    const fill = migration0008.split("--> statement-breakpoint").filter((s) => /INSERT INTO search_filters .*\s*SELECT/u.test(s) && !/CREATE TRIGGER/u.test(s));
    expect(fill.length).toBe(1);
    await env.DB.prepare(fill[0]).run();
    // Then migration 0009 numbers the combinations of what is there.
    await env.DB.prepare("DELETE FROM search_facet_sets").run();
    const numbering = migration0009.split("--> statement-breakpoint").filter((s) => /^\s*(INSERT OR IGNORE INTO search_facet_sets|UPDATE search_filters)/mu.test(s) && !/CREATE TRIGGER/u.test(s));
    expect(numbering.length).toBe(2);
    for (const statement of numbering) await env.DB.prepare(statement).run();
    const { documents, filters } = await bothTables();
    expect(filters).toEqual(documents);
    expect(await search(`q=narrowtable`)).toEqual(before);
  });
});

describe("a page ranked by relevance, looked up among the best-ranked matches first", () => {
  it("still finds public items ranked below more than a hundred hidden ones, on every page, as the unnarrowed query does", async () => {
    const depositor = await createToken("depositor", "Candidate Depositor");
    const hiddenFile = Array.from({ length: 120 }, (_, i) => `@article{candHidden${i}, title = {Zyzzcand Zyzzcand hidden study ${i}}, author = {Marsh, Tove}, year = 2020}`).join("\n");
    const hidden = await deposit(hiddenFile, depositor);
    expect(hidden.report.created).toBe(120);
    const shownFile = Array.from({ length: 3 }, (_, i) => `@article{candShown${i}, title = {Public study ${i} of candidates}, author = {Marsh, Tove}, year = 2020, abstract = {Mentions zyzzcand once${" and more".repeat(i)}.}}`).join("\n");
    const shown = await deposit(shownFile, editor);
    const shownIds = shown.report.entries.map((e: { id: string }) => e.id);

    const answer = await search(`q=zyzzcand`);
    expect(answer.total).toBe(3);
    expect(new Set(answer.items.map((i) => i.id))).toEqual(new Set(shownIds));
    // The same order as a filtered search, which always reads every match.
    const filtered = await search(`q=zyzzcand&kind=publication`);
    expect(answer.items.map((i) => i.id)).toEqual(filtered.items.map((i) => i.id));

    // One result a page: every page past the candidates still comes, in order, each result once.
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await search(`q=zyzzcand&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      paged.push(...page.items.map((i) => i.id));
      cursor = page.next_cursor;
    } while (cursor !== null && paged.length < 10);
    expect(paged).toEqual(filtered.items.map((i) => i.id));
  });
});
