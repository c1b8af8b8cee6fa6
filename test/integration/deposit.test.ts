import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import mixedBib from "../fixtures/mixed.bib?raw";
import { callApi, createToken, deposit } from "./helpers";

let editor: string;
let depositor: string;

beforeAll(async () => {
  editor = await createToken("editor");
  depositor = await createToken("depositor");
});

async function countPublications(): Promise<number> {
  return (await env.DB.prepare("SELECT count(*) AS n FROM publications").first<{ n: number }>())!.n;
}

describe("BibTeX deposit", () => {
  it("stores entries, decodes LaTeX and normalises the DOI", async () => {
    const bib = `@article{godel2021,
  author = {G{\\"o}del, Kurt and Fran{\\c{c}}ois, Am{\\'e}lie},
  title = {Debt, anxiety and {Liverpool}: a cohort study},
  journal = {Journal of Test Studies},
  year = {2021}, month = mar, volume = {12}, number = {3}, pages = {101--119},
  doi = {https://doi.org/10.1234/JTS.2021.ABC},
  keywords = {debt; anxiety, cohort}
}`;
    const { status, report } = await deposit(bib, editor);
    expect(status, JSON.stringify(report)).toBe(201);
    expect(report).toMatchObject({ created: 1, duplicates: 0, failed: 0, status: "published" });
    const [entry] = report.entries;
    expect(entry).toMatchObject({ key: "godel2021", line: 1, status: "created" });
    const publication = await (await callApi(`/api/publications/${entry.id}`)).json<any>();
    expect(publication.title).toBe("Debt, anxiety and Liverpool: a cohort study");
    expect(publication.authors.map((a: any) => a.name)).toEqual(["Kurt Gödel", "Amélie François"]);
    expect(publication.doi).toBe("10.1234/JTS.2021.ABC");
    expect(publication).toMatchObject({ year: 2021, issued: "2021-03", volume: "12", issue: "3", pages: "101-119", container_title: "Journal of Test Studies" });
    expect(publication.keywords).toEqual(["debt", "anxiety", "cohort"]);
  });

  it("reports every entry of a mixed file: created, duplicate by DOI and by title, and malformed with its line", async () => {
    // sameDoi2020 is first2020 by DOI (its title only differs in case); the two chapters share their book's DOI but are
    // two works; sameTitle2022 is afterBroken2022 by title and year.
    const dry = await deposit(mixedBib, editor, "?dry_run=1");
    expect(dry.status).toBe(200);
    const before = await countPublications();
    const { status, report } = await deposit(mixedBib, editor);
    expect(status).toBe(201);
    const summary = report.entries.map((e: any) => ({ key: e.key, line: e.line, status: e.status }));
    expect(summary).toEqual([
      { key: "first2020", line: 4, status: "created" },
      { key: "broken2021", line: 12, status: "invalid" },
      { key: "afterBroken2022", line: 17, status: "created" },
      { key: "sameDoi2020", line: 24, status: "duplicate" },
      { key: "sameTitle2022", line: 30, status: "duplicate" },
      { key: "conf2023", line: 35, status: "created" },
      { key: "talk2023", line: 41, status: "created" },
      { key: "chapterOne2024", line: 47, status: "created" },
      { key: "chapterTwo2024", line: 54, status: "created" },
    ]);
    expect(dry.report.entries.map((e: any) => ({ key: e.key, line: e.line, status: e.status }))).toEqual(summary);
    expect(dry.report.entries.every((e: any) => e.id === undefined)).toBe(true);
    expect(report).toMatchObject({ created: 6, duplicates: 2, failed: 1, dry_run: false });
    expect(await countPublications()).toBe(before + 6);

    const byKey = Object.fromEntries(report.entries.map((e: any) => [e.key, e]));
    expect(byKey.broken2021.error).toBe("entry 'broken2021' at line 12: missing closing brace");
    expect(byKey.sameDoi2020).toMatchObject({ duplicate_of: byKey.first2020.id, duplicate_of_key: "first2020" });
    expect(byKey.sameTitle2022).toMatchObject({ duplicate_of: byKey.afterBroken2022.id, duplicate_of_key: "afterBroken2022" });

    const first = await (await callApi(`/api/publications/${byKey.first2020.id}`)).json<any>();
    expect(first.container_title).toBe("Journal of Mental Health Inequalities");
    expect(first.authors.map((a: any) => a.name)).toEqual(["Demo Ashworth", "Ejemplo Núñez"]);
    const talk = await (await callApi(`/api/publications/${byKey.talk2023.id}`)).json<any>();
    expect(talk).toMatchObject({ year: 2023, publisher: "Sample Press", container_title: "Proceedings of the Invented Conference on Inclusive Research" });
    expect(talk.authors[0].name).toBe("Placeholder Baç");

    const again = await deposit(mixedBib, editor);
    expect(again.status).toBe(200);
    expect(again.report).toMatchObject({ created: 0, duplicates: 8, failed: 1 });
    expect(again.report.entries.find((e: any) => e.key === "first2020").duplicate_of).toBe(byKey.first2020.id);
    expect(again.report.entries.find((e: any) => e.key === "chapterTwo2024").duplicate_of).toBe(byKey.chapterTwo2024.id);
    expect(await countPublications()).toBe(before + 6);
  });

  it("takes the file as a multipart form field and as text/plain", async () => {
    const form = new FormData();
    form.set("file", new File(["@book{formbook, title = {Sent as a form}, year = 2019}"], "library.bib", { type: "application/x-bibtex" }));
    const viaForm = await callApi("/api/deposits", { method: "POST", token: editor, body: form });
    expect(viaForm.status).toBe(201);
    expect((await viaForm.json<any>()).entries[0]).toMatchObject({ key: "formbook", status: "created" });
    const viaText = await callApi("/api/deposits", { method: "POST", token: editor, headers: { "content-type": "text/plain; charset=utf-8" }, body: "@book{plainbook, title = {Sent as plain text}, year = 2019}" });
    expect((await viaText.json<any>()).created).toBe(1);
    const noFile = await callApi("/api/deposits", { method: "POST", token: editor, body: new FormData() });
    expect(noFile.status).toBe(422);
  });

  it("needs a depositor token, and writes who deposited what to the audit log", async () => {
    expect((await callApi("/api/deposits", { method: "POST", headers: { "content-type": "application/x-bibtex" }, body: "@misc{x, title = {x}}" })).status).toBe(401);
    const { report } = await deposit("@misc{audited, title = {An audited deposit}, year = 2024}", depositor);
    const id = report.entries[0].id;
    const audit = await env.DB.prepare("SELECT actor, action, detail FROM audit_log WHERE item_id = ?").bind(id).first<any>();
    expect(audit).toMatchObject({ actor: "Test depositor", action: "deposit" });
    expect(JSON.parse(audit.detail)).toEqual({ deposit_id: report.deposit_id, status: "submitted" });
  });

  it("stores a 1,500-entry deposit whole, across several chunks", async () => {
    const entries = Array.from({ length: 1500 }, (_, i) =>
      `@article{bulk${i}, author = {Author${i % 50}, Sample and Coauthor, Demo}, title = {Bulk entry number ${i}}, year = ${2000 + (i % 20)}, abstract = {${"Words of an abstract. ".repeat(60)}}}`,
    ).join("\n");
    const before = await countPublications();
    const { report } = await deposit(entries, editor);
    expect(report).toMatchObject({ created: 1500, duplicates: 0, failed: 0 });
    expect(await countPublications()).toBe(before + 1500);
    const links = await env.DB.prepare("SELECT count(*) AS n FROM publication_authors a JOIN publications p ON p.id = a.publication_id WHERE p.deposit_id = ?")
      .bind(report.deposit_id)
      .first<{ n: number }>();
    expect(links!.n).toBe(3000);
    const deposits = await env.DB.prepare("SELECT created, duplicates, failed FROM deposits WHERE id = ?").bind(report.deposit_id).first();
    expect(deposits).toEqual({ created: 1500, duplicates: 0, failed: 0 });
  });
});
