import { XMLParser } from "fast-xml-parser";
import { parseJsonFeed } from "feedsmith";
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import namesAndDois from "../fixtures/fidelity-names-dois.bib?raw";
import warningsBib from "../fixtures/fidelity-warnings.bib?raw";
import { callApi, createToken, deposit } from "./helpers";

let editor: string;

beforeAll(async () => {
  editor = await createToken("editor");
});

async function publication(id: string): Promise<any> {
  return (await callApi(`/api/publications/${id}`)).json<any>();
}

async function citation(id: string, style: string): Promise<string> {
  return new TextDecoder().decode(await (await callApi(`/api/publications/${id}/cite?style=${style}`)).arrayBuffer());
}

function byKey(report: any): Record<string, any> {
  return Object.fromEntries(report.entries.map((e: any) => [e.key, e]));
}

describe("names, as the researcher wrote them", () => {
  let entries: Record<string, any>;
  beforeAll(async () => {
    const { status, report } = await deposit(namesAndDois, editor);
    expect(status, JSON.stringify(report)).toBe(201);
    entries = byKey(report);
  });

  it("keeps particles and suffixes on the record, its page, feeds, OAI-PMH and citations", async () => {
    const id = entries.particles2021.id;
    const expected = ["Demo von Ashworth III", "Example van der Okafor", "E. de Núñez", "Sample Lindqvist Jr."];
    expect((await publication(id)).authors.map((a: any) => a.name)).toEqual(expected);

    const page = await (await callApi(`/publications/${id}`)).text();
    for (const name of expected) expect(page).toContain(name);

    const feed = parseJsonFeed(await (await callApi("/feeds/publications.json?limit=200")).text());
    const item = feed.items?.find((i: any) => i.url?.endsWith(`/publications/${id}`));
    expect(item?.authors?.map((a: any) => a.name)).toEqual(expected);

    const oai = new XMLParser({ isArray: (name) => name === "dc:creator" }).parse(
      await (await callApi(`/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:repository.example.org:publications/${id}`)).text(),
    );
    expect(oai["OAI-PMH"].GetRecord.record.metadata["oai_dc:dc"]["dc:creator"]).toEqual(expected);

    const apa = await citation(id, "apa");
    expect(apa).toContain("van der Okafor, E.");
    expect(apa).toContain("de Núñez, E.");
    const ris = await citation(id, "ris");
    for (const au of ["von Ashworth, Demo, III", "van der Okafor, Example", "de Núñez, E.", "Lindqvist, Sample, Jr."]) expect(ris).toContain(`AU  - ${au}\n`);
    expect(await citation(id, "bibtex")).toContain("author = {von Ashworth, III, Demo and van der Okafor, Example and de Núñez, E. and Lindqvist, Jr., Sample}");
  });

  it("finds a name by its particle, and keeps 'van der Okafor' and 'Okafor' apart", async () => {
    const search = await (await callApi(`/api/search?q=${encodeURIComponent('author:"van der Okafor"')}`)).json<any>();
    expect(search.items.map((i: any) => i.id)).toEqual([entries.particles2021.id]);
    const withParticle = (await publication(entries.particles2021.id)).authors[1];
    const without = (await publication(entries.okaforPlain2021.id)).authors[0];
    expect(without.name).toBe("Example Okafor");
    expect(without.id).not.toBe(withParticle.id);
  });
});

describe("citations keep what was decoded", () => {
  it("writes symbols into the BibTeX citation as Unicode rather than dropping them", async () => {
    const { report } = await deposit(
      `@article{symbols2021, author = {Placeholder, Symbol}, title = {Effects at $p \\leq 0.05$ on the $\\alpha$ scale}, journal = {Invented}, year = 2021}`,
      editor,
    );
    const bibtex = await citation(report.entries[0].id, "bibtex");
    expect(bibtex).toMatch(/title = \{Effects at p ≤ ?0\.05 on the α scale\}/);
  });
});

describe("DOIs", () => {
  let entries: Record<string, any>;
  beforeAll(async () => {
    entries = byKey((await deposit(namesAndDois, editor, "?dry_run=0")).report);
  });

  it("are stored bare, in their own case, in the record and in every citation", async () => {
    const { report } = await deposit(
      `@article{doiUrl2022, author = {Sample, Doi}, title = {A DOI given as a link}, journal = {Invented}, year = 2022,
        doi = {https://doi.org/10.5555/Case.Kept.2022}}`,
      editor,
    );
    const id = report.entries[0].id;
    expect((await publication(id)).doi).toBe("10.5555/Case.Kept.2022");
    const csl = JSON.parse(await citation(id, "csl-json"));
    expect(csl.DOI).toBe("10.5555/Case.Kept.2022");
    const apa = await citation(id, "apa");
    expect(apa).toContain("https://doi.org/10.5555/Case.Kept.2022");
    expect(apa).not.toContain("https://doi.org/https://");
    expect(await citation(id, "ris")).toContain("DO  - 10.5555/Case.Kept.2022");
  });

  it("reads Web of Science's doubled braces as a DOI, and finds the duplicate by it whatever its case", async () => {
    const first = await (await callApi(`/api/publications/${entries.wos2018?.duplicate_of ?? entries.wos2018?.id}`)).json<any>();
    expect(first.doi).toBe("10.5555/J.WOS.2018.07.033");
    const again = await deposit(
      `@article{wosLower, author = {Placeholder, Alpha}, title = {Web of Science doubles the braces}, year = 2018,
        doi = {10.5555/j.wos.2018.07.033}}`,
      editor,
    );
    expect(again.report.entries[0]).toMatchObject({ status: "duplicate", duplicate_of: first.id });
  });

  it("warns about a doi field that holds no DOI, and stores the rest", async () => {
    const { report } = await deposit(namesAndDois.replace("notADoi2019", "notADoiAgain").replace("A doi field that holds no DOI", "Another doi field with no DOI"), editor);
    const entry = byKey(report).notADoiAgain;
    expect(entry.status).toBe("created");
    expect(entry.warnings).toEqual([`the doi "see the publisher's site" is not a DOI (a DOI starts with "10."), so it was not stored as one`]);
    expect((await publication(entry.id)).doi).toBeNull();
  });
});

describe("duplicates, decided as a person would", () => {
  async function statuses(bib: string): Promise<string[]> {
    const { report } = await deposit(bib, editor, "?dry_run=1");
    return report.entries.map((e: any) => e.status);
  }

  it("takes one DOI under titles that differ only in markup, case and punctuation as one work", async () => {
    expect(
      await statuses(`@article{markupA, author = {Sample, Markup}, title = {Sleep and {H$_2$O}: \\emph{a} trial}, year = 2023, doi = {10.5555/markup.1}}
@article{markupB, author = {Sample, Markup}, title = {SLEEP AND H2O -- A TRIAL}, year = 2023, doi = {https://doi.org/10.5555/MARKUP.1}}`),
    ).toEqual(["created", "duplicate"]);
  });

  it("keeps a book and a chapter that share a DOI and a title as two works, in either order", async () => {
    const book = `@book{sharedBook, editor = {Sample, Editor}, title = {Invented Perspectives}, publisher = {Sample Press}, year = 2019, doi = {10.5555/book.9}}`;
    const chapter = `@incollection{sharedChapter, author = {Example, Chapter}, title = {Invented Perspectives}, booktitle = {Invented Perspectives}, year = 2019, doi = {10.5555/book.9}}`;
    expect(await statuses(`${book}\n${chapter}`)).toEqual(["created", "created"]);
    expect(await statuses(`${chapter}\n${book}`)).toEqual(["created", "created"]);
  });

  it("keeps a book and a journal's review of it apart though they share title and year", async () => {
    const book = `@book{reviewedBook, author = {Writer, Book}, title = {Invented Minds}, publisher = {Sample Press}, year = 2018}`;
    const review = `@article{bookReview, author = {Reader, Critical}, title = {Invented Minds}, journal = {Invented Review of Books}, year = 2018}`;
    expect(await statuses(`${book}\n${review}`)).toEqual(["created", "created"]);
    expect(await statuses(`${review}\n${book}`)).toEqual(["created", "created"]);
  });

  it("takes one DOI under a title with and without its subtitle as one work, in either order", async () => {
    const short = `@article{shortTitle, author = {Sample, Sub}, title = {Invented towns}, journal = {J}, year = 2021, doi = {10.5555/sub.1}}`;
    const long = `@article{longTitle, author = {Sample, Sub}, title = {Invented towns: a cohort study}, journal = {J}, year = 2021, doi = {10.5555/SUB.1}}`;
    expect(await statuses(`${short}\n${long}`)).toEqual(["created", "duplicate"]);
    expect(await statuses(`${long}\n${short}`)).toEqual(["created", "duplicate"]);
  });

  it("needs a shared author for title and year to make a duplicate, in either order", async () => {
    const a = `@article{teamA, author = {Alpha, Team and Beta, Team}, title = {Loneliness in invented towns}, journal = {J}, year = 2020}`;
    const b = `@article{teamB, author = {Gamma, Other}, title = {Loneliness in Invented Towns}, journal = {K}, year = 2020}`;
    const c = `@misc{teamAPreprint, author = {Beta, Team}, title = {Loneliness in invented towns.}, year = 2020}`;
    expect(await statuses(`${a}\n${b}`)).toEqual(["created", "created"]);
    expect(await statuses(`${b}\n${a}`)).toEqual(["created", "created"]);
    expect(await statuses(`${a}\n${c}`)).toEqual(["created", "duplicate"]);
    expect(await statuses(`${c}\n${a}`)).toEqual(["created", "duplicate"]);
  });
});

describe("nothing lost in silence", () => {
  let entries: Record<string, any>;
  let report: any;
  beforeAll(async () => {
    const result = await deposit(warningsBib, editor);
    expect(result.status, JSON.stringify(result.report)).toBe(201);
    report = result.report;
    entries = byKey(report);
  });

  it("reads a crossref child alone when its parent cannot be read with it, and says so", async () => {
    const child = entries.childChapter;
    expect(child.status).toBe("created");
    expect(child.warnings).toHaveLength(1);
    expect(child.warnings[0]).toMatch(/^could not be read together with its crossref parent 'parentBook', so it was read without it/);
    expect((await publication(child.id)).title).toBe("Participation in an invented chapter");
  });

  it("shows an entry without a title by its booktitle", async () => {
    const entry = entries.noTitle2011;
    expect(entry.warnings).toEqual([`has no title: shown as "Proceedings of the Invented Workshop" (its booktitle)`]);
    expect((await publication(entry.id)).title).toBe("Proceedings of the Invented Workshop");
  });

  it("keeps the first year of a range and cites the range", async () => {
    const entry = entries.yearRange1982;
    expect(entry.warnings).toEqual([`the date "1982–1983" is a range: stored as 1982, cited as 1982–1983`]);
    expect(await publication(entry.id)).toMatchObject({ year: 1982, issued: "1982" });
    expect(await citation(entry.id, "apa")).toContain("(1982–1983)");
  });

  it("reads the year out of a date written as text", async () => {
    const entry = entries.yearText1978;
    expect(entry.warnings).toEqual([`the date "January 1978" is text: read as 1978-01`]);
    expect(await publication(entry.id)).toMatchObject({ year: 1978, issued: "1978-01" });
  });

  it("stores an open date range as its start, and every citation renders", async () => {
    const entry = entries.openRange2015;
    expect(entry.warnings).toEqual(["the date is an open range from 2015: stored and cited as 2015"]);
    expect((await publication(entry.id)).year).toBe(2015);
    expect(await citation(entry.id, "apa")).toBe("Placeholder, O. (2015). An open date range. Journal of Invented Dates.");
  });

  it("leaves an empty author out, and says so", async () => {
    const entry = entries.emptyAuthor2016;
    expect(entry.warnings).toEqual([`an author was empty and was left out (a stray "and"?)`]);
    expect((await publication(entry.id)).authors.map((a: any) => a.name)).toEqual(["First Placeholder"]);
    expect(await citation(entry.id, "ris")).toContain("AU  - Placeholder, First");
  });

  it("keeps an undefined @string macro as its name, and says so", async () => {
    const entry = entries.undefinedMacro1991;
    expect(entry.warnings).toEqual([`uses the @string macro WORKSHOP91, which this file does not define: it was kept as the text "WORKSHOP91"`]);
    expect((await publication(entry.id)).container_title).toBe("WORKSHOP91");
    // Its open-ended urldate (2016/) throws in every CSL style unless it is closed.
    expect(await citation(entry.id, "apa")).toBe("Placeholder, M. (1991). Planning with an undefined macro. WORKSHOP91.");
  });

  it("names LaTeX it could not read, and stores every other field as text without markup", async () => {
    const { report: own } = await deposit(
      `@article{unknownCommand2020, author = {Placeholder, Latex}, title = {A \\frobnicate{new} measure of wellbeing},
        journal = {\\emph{Invented} Journal of \\textbf{Markup}}, publisher = {\\textsc{Sample} Press}, year = 2020}`,
      editor,
    );
    const entry = own.entries[0];
    expect(entry.warnings).toEqual(["title: the LaTeX \\frobnicate could not be read and was kept as written"]);
    const stored = await publication(entry.id);
    expect(stored).toMatchObject({ container_title: "Invented Journal of Markup", publisher: "Sample Press" });
    const ris = await citation(entry.id, "ris");
    expect(ris).toMatch(/^[A-Z][A-Z0-9]  - Invented Journal of Markup\r?$/m);
    expect(ris).not.toMatch(/<\/?(i|b|span)\b/);
  });

  it("keeps an undefined @string macro in a list of names as written, and says so", async () => {
    const { report: own } = await deposit(
      `@article{macroAuthor2000, author = NOBODY # { and Placeholder, Karen L.}, title = {An author list that starts with a macro}, journal = {Invented}, year = 2000}`,
      editor,
    );
    const entry = own.entries[0];
    expect(entry.warnings).toEqual([`uses the @string macro NOBODY, which this file does not define: it was kept as the text "NOBODY"`]);
    expect((await publication(entry.id)).authors.map((a: any) => a.name)).toEqual(["NOBODY", "Karen L. Placeholder"]);
  });

  it("stores an entry whose only title is its titleaddon", async () => {
    const { report: own } = await deposit(`@misc{addonOnly, titleaddon = {Minutes of an invented meeting}, year = 2019}`, editor);
    const entry = own.entries[0];
    expect(entry).toMatchObject({ status: "created", warnings: [`has no title: shown as "Minutes of an invented meeting" (its titleaddon)`] });
    expect((await publication(entry.id)).title).toBe("Minutes of an invented meeting");
  });

  it("counts every warning, and gives a clean entry none", async () => {
    expect(entries.cleanEntry2017.warnings).toEqual([]);
    const total = report.entries.reduce((sum: number, e: any) => sum + e.warnings.length, 0);
    expect(report.warnings).toBe(total + report.file_warnings.length);
    expect(report.warnings).toBe(7);
    const stored = await env.DB.prepare("SELECT count(*) AS n FROM publications WHERE deposit_id = ?").bind(report.deposit_id).first<{ n: number }>();
    expect(stored!.n).toBe(9);
  });
});
