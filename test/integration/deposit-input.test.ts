// What comes in as a deposit is read right: text encodings, files that are not BibTeX, comments, undefined macros, and
// error messages that name a line.
import { beforeAll, describe, expect, it } from "vitest";
import parseErrorsBib from "../fixtures/input-parse-errors.bib?raw";
import { callApi, createToken, deposit } from "./helpers";

let editor: string;
beforeAll(async () => {
  editor = await createToken("editor");
});

/** Latin-1 bytes of a string whose characters are all below U+0100. */
function latin1(text: string): Uint8Array {
  return Uint8Array.from([...text].map((c) => c.charCodeAt(0)));
}

async function depositBytes(body: BodyInit, contentType = "application/x-bibtex", query = "") {
  const response = await callApi(`/api/deposits${query}`, { method: "POST", token: editor, headers: { "content-type": contentType }, body });
  return { status: response.status, contentType: response.headers.get("content-type"), body: await response.json<any>() };
}

async function readPublication(id: string) {
  return (await callApi(`/api/publications/${id}`)).json<any>();
}

describe("deposits in other text encodings", () => {
  it("reads a Latin-1 file that does not say so as Windows-1252, and warns", async () => {
    const { status, body } = await depositBytes(latin1("@article{latin2019,\n  author = {J\xfcrgen M\xfcller and Fran\xe7oise Caf\xe9},\n  title = {Stress at work: a {K\xf6ln} cohort},\n  year = 2019\n}\n"));
    expect(status).toBe(201);
    expect(body.file_warnings).toEqual([
      "This file is not UTF-8: line 2 is the first that is not; it was read as Windows-1252 (Western European). Check accented names and titles in the report; if they are wrong, save the file as UTF-8 (in JabRef: Library properties, Encoding; in Zotero's export dialog: Character encoding, Unicode (UTF-8)) and deposit it again.",
    ]);
    expect(body.warnings).toBeGreaterThanOrEqual(1);
    const publication = await readPublication(body.entries[0].id);
    expect(publication.authors.map((a: any) => a.name)).toEqual(["Jürgen Müller", "Françoise Café"]);
    expect(publication.title).toBe("Stress at work: a Köln cohort");
  });

  it("honours the charset of the request, and of a multipart part", async () => {
    const viaHeader = await depositBytes(latin1("@book{charset2018, author = {Se\xf1ora N\xfa\xf1ez}, title = {Charset in the header}, year = 2018}"), "text/plain; charset=ISO-8859-1");
    expect(viaHeader.status).toBe(201);
    expect(viaHeader.body.file_warnings).toEqual([]);
    expect((await readPublication(viaHeader.body.entries[0].id)).authors[0].name).toBe("Señora Núñez");

    const form = new FormData();
    const bytes = latin1("% Encoding: ISO-8859-1\n@book{multipart2018, author = {Bj\xf6rn \xc5kesson}, title = {Sent as a Latin-1 form part}, year = 2018}");
    form.set("file", new File([bytes], "library.bib", { type: "application/x-bibtex" }));
    const response = await callApi("/api/deposits", { method: "POST", token: editor, body: form });
    const viaForm = await response.json<any>();
    expect(response.status).toBe(201);
    expect(viaForm.file_warnings).toEqual([]);
    expect((await readPublication(viaForm.entries[0].id)).authors[0].name).toBe("Björn Åkesson");

    const typed = new FormData();
    const part = latin1("@book{partCharset2018, author = {Zo\xeb L\xf8vgren}, title = {A form part that names its charset}, year = 2018}");
    typed.set("file", new File([part], "library.bib", { type: "text/plain; charset=iso-8859-1" }));
    const typedResponse = await callApi("/api/deposits", { method: "POST", token: editor, body: typed });
    const viaTypedPart = await typedResponse.json<any>();
    expect(viaTypedPart.file_warnings).toEqual([]);
    expect((await readPublication(viaTypedPart.entries[0].id)).authors[0].name).toBe("Zoë Løvgren");
  });

  it("drops a UTF-8 byte order mark", async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode("@misc{bom2020, title = {After a byte order mark}, year = 2020}")]);
    const { status, body } = await depositBytes(bytes);
    expect(status).toBe(201);
    expect(body.entries[0]).toMatchObject({ key: "bom2020", line: 1, status: "created" });
    expect(body.file_warnings).toEqual([]);
  });

  it("answers 422 naming the line when neither UTF-8 nor Windows-1252 makes sense of the bytes", async () => {
    const bytes = new Uint8Array([...latin1("@misc{a, title = {A}}\n@misc{b, title = {"), 0x81, 0x8d, 0x9d, ...latin1("}}")]);
    const { status, contentType, body } = await depositBytes(bytes);
    expect(status).toBe(422);
    expect(contentType).toMatch(/^application\/problem\+json/);
    expect(body.detail).toMatch(/^Line 2 holds bytes that make no sense as text in UTF-8 or in Windows-1252/);
  });
});

describe("files that are not BibTeX", () => {
  it("answers a PDF with 422 saying it is a PDF", async () => {
    const { status, contentType, body } = await depositBytes(latin1("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"));
    expect(status).toBe(422);
    expect(contentType).toMatch(/^application\/problem\+json/);
    expect(body.detail).toBe(
      "This looks like a PDF, not a BibTeX file: export your library from Zotero, JabRef or Mendeley as BibTeX (.bib) and deposit that file.",
    );
  });

  it("answers a Word document sent as a form field with 422", async () => {
    const form = new FormData();
    form.set("file", new File([new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 6, 0, ...latin1("[Content_Types].xml")])], "references.docx"));
    const response = await callApi("/api/deposits", { method: "POST", token: editor, body: form });
    expect(response.status).toBe(422);
    expect((await response.json<any>()).detail).toMatch(/^This looks like a Word document \(\.docx\) or another ZIP archive, not a BibTeX file/);
  });

  it("names RIS, CSL-JSON and web pages rather than inventing entries from them", async () => {
    const ris = await depositBytes("TY  - JOUR\nAU  - Example, Demo\nTI  - Debt and anxiety\nPY  - 2020\nER  - \n", "text/plain");
    expect([ris.status, ris.body.detail]).toEqual([422, expect.stringMatching(/^This looks like a RIS file \(\.ris\), not a BibTeX file/)]);
    const csl = await depositBytes('[{"id": "x", "type": "article-journal", "title": "Debt and anxiety"}]');
    expect(csl.body.detail).toMatch(/^This looks like CSL-JSON, not a BibTeX file/);
    const page = await depositBytes("<!doctype html><html><style>@media print { body { color: black } }</style><p>user@example.org</p></html>");
    expect([page.status, page.body.detail]).toEqual([422, expect.stringMatching(/^This looks like a web page \(HTML\), not a BibTeX file/)]);
  });
});

describe("comments and macros", () => {
  it("does not let an unclosed brace in a @comment swallow the entries after it", async () => {
    const { status, report } = await deposit(
      "@comment{ Exported for the review, see {draft notes\n@article{afterComment2021, title = {Found after an unclosed comment}, year = 2021}\n",
      editor,
      "?dry_run=1",
    );
    expect(status).toBe(200);
    expect(report.entries.map((e: any) => ({ key: e.key, line: e.line, status: e.status }))).toEqual([
      { key: "afterComment2021", line: 2, status: "created" },
    ]);
  });

  it("keeps an undefined @string macro as its own name", async () => {
    const { status, report } = await deposit(
      "@inproceedings{macro1991,\n  author = {Example, Demo},\n  title = {Planning with undefined macros},\n  booktitle = AAAI91,\n  year = 1991\n}\n",
      editor,
    );
    expect(status).toBe(201);
    const publication = await readPublication(report.entries[0].id);
    expect(publication.container_title).toBe("AAAI91");
  });
});

describe("errors a researcher can act on", () => {
  it("names the line of each mistake, in plain words", async () => {
    const { status, report } = await deposit(parseErrorsBib, editor, "?dry_run=1");
    expect(status).toBe(200);
    const errors = Object.fromEntries(report.entries.map((e: any) => [e.key, e.error]));
    expect(errors).toEqual({
      strayDollar2020:
        "entry 'strayDollar2020' at line 3: line 6: a `$` in the abstract starts mathematics that never ends; write `\\$` for a dollar sign, or close the formula with another `$`",
      unclosedEnvironment2020: "entry 'unclosedEnvironment2020' at line 12: line 13: `\\begin{itshape}` has no `\\end{itshape}` in the title",
      mismatchedEnvironment2020:
        "entry 'mismatchedEnvironment2020' at line 17: line 18: `\\begin{itshape}` is ended by `\\end{bfseries}`; they must name the same environment",
      noBraces2020: "entry 'noBraces2020' at line 22: line 23: `\\textit` needs its text in braces right after it, as in `\\textit{text}`",
      dottedField2020:
        "entry 'dottedField2020' at line 27: line 29: `my.note` cannot be a field name, which may hold only letters, digits and `_ - : +` and starts with a letter",
      dottedMacro2020:
        "entry 'dottedMacro2020' at line 33: line 35: `J.Ment.Health` is read as the name of a @string macro, which may hold only letters, digits and `_ - : +`; if it is text, put it in braces: `{J.Ment.Health}`",
      digitField2020:
        "entry 'digitField2020' at line 39: line 41: `2nd-author` cannot be a field name, which may hold only letters, digits and `_ - : +` and starts with a letter",
      fine2020: undefined,
    });
    for (const error of Object.values(errors).filter(Boolean)) expect(error).not.toMatch(/expected "|got "|rbrace|lbrace|EOF/);
  });
});
