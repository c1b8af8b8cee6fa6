import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { callApi, createToken, deposit } from "./helpers";

let editor: string;
let depositor: string;

beforeAll(async () => {
  editor = await createToken("editor");
  depositor = await createToken("depositor");
});

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
    expect(publication.doi).toBe("10.1234/jts.2021.abc");
    expect(publication).toMatchObject({ year: 2021, issued: "2021-03", volume: "12", issue: "3", pages: "101-119", container_title: "Journal of Test Studies" });
    expect(publication.keywords).toEqual(["debt", "anxiety", "cohort"]);
  });
});
