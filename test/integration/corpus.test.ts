// Deposits of the real BibTeX files in ../shared/bib (skipped, and said so, where that folder is absent).
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { callApi, createToken, deposit, HAS_SHARED_BIB, SHARED_BIB } from "./helpers";

const ENTRY_LINE = /^\s*@(?!string|comment|preamble)\w+\s*[{(]/i;

/**
 * The entries citation-js cannot read on its own, found by reading the files: a stray `$` in an abstract (bbt-97),
 * a title of mangled MathML (bbt-1436-3), `\enquote*` in an annotation (biblatex-examples), and @set groups.
 */
const UNREADABLE: Record<string, { key: string; line: number }[]> = {
  "bbt-1436-2-jabref.bib": [],
  "bbt-1436-3-large.bib": [{ key: "odkhuu_2011", line: 53839 }],
  "bbt-873-crossref-comments.bib": [],
  "bbt-97-jabref-groups.bib": [
    { key: "Olsen_1980_proc", line: 9226 },
    { key: "Trivich_1978", line: 12355 },
    { key: "Wang_1980_proc", line: 12803 },
  ],
  "bbt-mendeley-export.bib": [],
  "biblatex-examples.bib": [
    { key: "set", line: 26 },
    { key: "stdmodel", line: 31 },
    { key: "reese", line: 237 },
    { key: "britannica", line: 1096 },
    { key: "cms", line: 1362 },
  ],
};

let editor: string;
beforeAll(async () => {
  editor = await createToken("editor");
});

/** This test file has its own D1 (isolated per file): each corpus file is deposited into an empty repository. */
async function emptyRepository() {
  await env.DB.batch(
    ["audit_log", "citations", "search_documents", "publication_authors", "publication_topics", "publications", "deposits", "people"].map((t) =>
      env.DB.prepare(`DELETE FROM ${t}`),
    ),
  );
}

async function publicationByKey(key: string) {
  const row = await env.DB.prepare("SELECT id FROM publications WHERE bibtex_key = ?").bind(key).first<{ id: string }>();
  return (await callApi(`/api/publications/${row!.id}`)).json<any>();
}

describe.skipIf(!HAS_SHARED_BIB)("the real BibTeX corpus (skipped where ../shared/bib is absent)", () => {
  for (const name of Object.keys(UNREADABLE)) {
    it(`deposits ${name} in one request, keeping every entry citation-js can read`, async () => {
      await emptyRepository();
      const source = SHARED_BIB[name];
      const { status, report } = await deposit(source, editor);
      expect(status).toBe(201);
      expect(report.entries.length).toBe(source.split("\n").filter((l) => ENTRY_LINE.test(l)).length);
      const invalid = report.entries.filter((e: any) => e.status === "invalid");
      expect(invalid.map((e: any) => ({ key: e.key, line: e.line }))).toEqual(UNREADABLE[name]);
      for (const e of invalid) expect(e.error).toMatch(new RegExp(`^entry '${e.key}' at line ${e.line}: `));

      const stored = await env.DB.prepare("SELECT count(*) AS n FROM publications").first<{ n: number }>();
      expect(stored!.n).toBe(report.created);
      const duplicates = report.entries.filter((e: any) => e.status === "duplicate");
      const createdIds = new Set(report.entries.filter((e: any) => e.status === "created").map((e: any) => e.id));
      for (const d of duplicates) expect(createdIds.has(d.duplicate_of), `${d.key} duplicates a stored entry`).toBe(true);
    });
  }

  it("keeps accents, macros and subtitles from biblatex-examples.bib", async () => {
    await emptyRepository();
    await deposit(SHARED_BIB["biblatex-examples.bib"], editor);
    const aksin = await publicationByKey("aksin");
    expect(aksin.authors.map((a: any) => a.name)).toEqual([
      "Özge Aksın", "Hayati Türkmen", "Levent Artok", "Bekir Çetinkaya", "Chaoying Ni", "Orhan Büyükgüngör", "Erhan Özkal",
    ]);
    const kastenholz = await publicationByKey("kastenholz");
    expect(kastenholz.container_title).toBe("J. Chem. Phys.");
    expect(kastenholz.title).toMatch(/from molecular simulations: I\. The electrostatic potential in molecular liquids$/);
    const cicero = await publicationByKey("cicero");
    expect(cicero.title).toContain("Über das Wesen der Götter");
    const set = (await deposit(SHARED_BIB["biblatex-examples.bib"], editor, "?dry_run=1")).report.entries.find((e: any) => e.key === "stdmodel");
    expect(set.error).toContain("is a @set");
  });

  it("fills a crossref child from its parent in bbt-873-crossref-comments.bib", async () => {
    await emptyRepository();
    const { report } = await deposit(SHARED_BIB["bbt-873-crossref-comments.bib"], editor);
    const child = report.entries.find((e: any) => e.key === "NguyenETAL:DiversityAIJ");
    const publication = await (await callApi(`/api/publications/${child.id}`)).json<any>();
    expect(publication.title).toBe("Generating diverse plans to handle unknown and partially known user preferences");
    expect(publication.authors.map((a: any) => a.name)).toEqual([
      "Tuan Anh Nguyen", "Minh Binh Do", "Alfonso Gerevini", "Ivan Serina", "Biplav Srivastava", "Subbarao Kambhampati",
    ]);
    const parent = report.entries.find((e: any) => e.key === "journals/ai/NguyenDGSSK12");
    expect(parent).toMatchObject({ status: "duplicate", duplicate_of: child.id });
  });

  it("keeps distinct works that share a DOI or a title: book chapters, and papers of one title in different journals", async () => {
    await emptyRepository();
    const large = (await deposit(SHARED_BIB["bbt-1436-3-large.bib"], editor)).report;
    const status = (report: any, key: string) => report.entries.find((e: any) => e.key === key).status;
    for (const key of ["begum_2010", "conesa-boj_2010", "zardo_2010", "reed_2009", "schwarzer_2009"]) expect(status(large, key), key).toBe("created");
    await emptyRepository();
    const jabref = (await deposit(SHARED_BIB["bbt-1436-2-jabref.bib"], editor)).report;
    expect(status(jabref, "Naresh-Kumar_2016")).toBe("created");
    expect(status(jabref, "Naresh-Kumar_2016a")).toBe("created");
    await emptyRepository();
    const groups = (await deposit(SHARED_BIB["bbt-97-jabref-groups.bib"], editor)).report;
    expect(status(groups, "Lu_2005")).toBe("created");
    expect(status(groups, "Lu_2005_B")).toBe("created");
  });

  it("stores Mendeley's keyless entries and finds a second deposit of the same file all duplicate", async () => {
    await emptyRepository();
    const first = await deposit(SHARED_BIB["bbt-mendeley-export.bib"], editor);
    const keyless = first.report.entries.filter((e: any) => e.key === "");
    expect(keyless.length).toBe(37);
    expect(keyless.every((e: any) => e.status === "created" || e.status === "duplicate")).toBe(true);
    const again = await deposit(SHARED_BIB["bbt-mendeley-export.bib"], editor, "?dry_run=1");
    expect(again.report).toMatchObject({ created: 0, failed: 0, duplicates: 512, deposit_id: null, dry_run: true });
  });
});

describe.skipIf(!HAS_SHARED_BIB)("search over the whole real corpus (skipped where ../shared/bib is absent)", () => {
  const search = async (query: string) => {
    const response = await callApi(`/api/search?${query}`);
    expect(response.status).toBe(200);
    return response.json<any>();
  };

  beforeAll(async () => {
    await emptyRepository();
    for (const source of Object.values(SHARED_BIB)) expect((await deposit(source, editor)).status).toBe(201);
  });

  it("finds a sample of stored titles by their words, each at or near the top", async () => {
    const { results } = await env.DB.prepare(
      "SELECT id, title FROM publications WHERE title IS NOT NULL AND length(title) > 30 AND rowid % 500 = 0 ORDER BY rowid",
    ).all<{ id: string; title: string }>();
    expect(results.length).toBeGreaterThan(15);
    for (const { id, title } of results) {
      const answer = await search(`q=${encodeURIComponent(title)}&limit=5`);
      expect(answer.items.slice(0, 3).map((i: any) => i.id), title).toContain(id);
    }
  });

  it("folds accents in names and titles", async () => {
    // "ozge" finds Özge; the dotless ı of Aksın is a letter of its own, not an accent, so "aksin" would not.
    const aksin = await search("q=author:ozge");
    expect(aksin.items[0].authors).toContain("Özge Aksın");
    const cicero = await search(`q=${encodeURIComponent("uber das wesen der gotter")}`);
    expect(cicero.items[0].title).toContain("Über das Wesen der Götter");
  });

  it("counts facets that add up to the total on a broad query", async () => {
    const answer = await search("q=graphene");
    expect(answer.total).toBeGreaterThan(20);
    expect(answer.facets.kind).toEqual([{ value: "publication", count: answer.total }]);
    expect(answer.facets.year.reduce((sum: number, f: any) => sum + f.count, 0)).toBeLessThanOrEqual(answer.total);
    const narrowed = await search(`q=graphene&year_from=${answer.facets.year[0].value}&year_to=${answer.facets.year[0].value}`);
    expect(narrowed.total).toBe(answer.facets.year[0].count);
  });

  it("suggests the corpus's own spelling and its people", async () => {
    expect((await search("q=electrostatc")).did_you_mean).toBe("electrostatic");
    const response = await callApi("/api/suggest?q=kastenh");
    const { suggestions } = await response.json<any>();
    expect(suggestions.find((s: any) => s.type === "person")?.label).toMatch(/Kastenholz/);
  });
});
