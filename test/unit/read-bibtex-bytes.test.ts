// Unit tests for reading a deposit's bytes: its text encoding, and files that are not BibTeX at all.
import { describe, expect, it } from "vitest";
import { RepositoryError } from "../../worker/errors";
import { encodingOf, findInvalidUtf8, readBibtexBytes } from "../../worker/deposit/read-bibtex-bytes";

/** Latin-1 (and Windows-1252) bytes of a string whose characters are all below U+0100. */
function latin1(text: string): Uint8Array {
  return Uint8Array.from([...text].map((c) => c.charCodeAt(0)));
}

function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

function concat(...parts: (Uint8Array | number[])[]): Uint8Array {
  return Uint8Array.from(parts.flatMap((p) => [...p]));
}

/** The problem detail readBibtexBytes refuses with, or "" when it reads the bytes. */
function refusal(bytes: Uint8Array, charset?: string): string {
  try {
    readBibtexBytes(bytes, charset);
    return "";
  } catch (error) {
    expect(error).toBeInstanceOf(RepositoryError);
    expect((error as RepositoryError).status).toBe(422);
    return (error as RepositoryError).message;
  }
}

const ENTRY = "@article{mueller1999,\n  author = {Jürgen Müller},\n  title = {Café prices},\n}\n";

describe("readBibtexBytes: encodings", () => {
  it("reads UTF-8 as it is, without warnings, and drops a byte order mark", () => {
    expect(readBibtexBytes(utf8(ENTRY))).toEqual({ text: ENTRY, warnings: [] });
    expect(readBibtexBytes(concat([0xef, 0xbb, 0xbf], utf8(ENTRY)))).toEqual({ text: ENTRY, warnings: [] });
  });

  it("reads bytes that are not UTF-8 and name no encoding as Windows-1252, and says so with the first such line", () => {
    const { text, warnings } = readBibtexBytes(latin1(`% exported\n${ENTRY}`));
    expect(text).toBe(`% exported\n${ENTRY}`);
    expect(warnings).toEqual([
      "This file is not UTF-8: line 3 is the first that is not; it was read as Windows-1252 (Western European). Check accented names and titles in the report; if they are wrong, save the file as UTF-8 (in JabRef: Library properties, Encoding; in Zotero's export dialog: Character encoding, Unicode (UTF-8)) and deposit it again.",
    ]);
    // Windows-1252's own letters beyond Latin-1: the curly quote and the euro sign.
    expect(readBibtexBytes(concat(latin1("@misc{q, title = {"), [0x93, 0x80, 0x94], latin1("}}"))).text).toBe("@misc{q, title = {“€”}}");
  });

  it("honours a charset parameter", () => {
    expect(readBibtexBytes(latin1(ENTRY), "ISO-8859-1")).toEqual({ text: ENTRY, warnings: [] });
    const polish = concat(latin1("@misc{p, author = {"), [0xa3, 0xf3, 0x64, 0xbc], latin1("}}"));
    expect(readBibtexBytes(polish, "iso-8859-2").text).toBe("@misc{p, author = {Łódź}}");
    const polishWindows = concat(latin1("@misc{p, author = {"), [0xa3, 0xf3, 0x64, 0x9f], latin1("}}"));
    expect(readBibtexBytes(polishWindows, "windows-1250").text).toBe("@misc{p, author = {Łódź}}");
  });

  it("honours JabRef's `% Encoding:` line, in Java's spellings too", () => {
    for (const label of ["ISO-8859-1", "ISO8859_1", "Cp1252", "windows-1252"]) {
      const source = `% This file was created with JabRef 2.10.\n% Encoding: ${label}\n\n${ENTRY}`;
      expect(readBibtexBytes(latin1(source)), label).toEqual({ text: source, warnings: [] });
    }
    const utf8Line = `% Encoding: UTF8\n\n${ENTRY}`;
    expect(readBibtexBytes(utf8(utf8Line))).toEqual({ text: utf8Line, warnings: [] });
  });

  it("prefers the file's own encoding line to a request that says UTF-8 when the bytes are not UTF-8", () => {
    const source = `% Encoding: ISO-8859-1\n${ENTRY}`;
    expect(readBibtexBytes(latin1(source), "utf-8")).toEqual({ text: source, warnings: [] });
  });

  it("says so when a file that calls itself UTF-8 is not", () => {
    const source = `% Encoding: UTF-8\n${ENTRY}`;
    const { text, warnings } = readBibtexBytes(latin1(source));
    expect(text).toBe(source);
    expect(warnings[0]).toMatch(/^Its `% Encoding:` line says the file is UTF-8, but line 3 is not valid UTF-8; it was read as Windows-1252 \(Western European\)\./);
  });

  it("reads valid UTF-8 as UTF-8 even under an old `% Encoding: ISO-8859-1` line, and says so", () => {
    const source = `% Encoding: ISO-8859-1\n${ENTRY}`;
    const { text, warnings } = readBibtexBytes(utf8(source));
    expect(text).toBe(source);
    expect(warnings[0]).toMatch(/^Its `% Encoding:` line says the file is ISO-8859-1, but its accented letters are written in UTF-8, so it was read as UTF-8\./);
  });

  it("ignores an encoding it does not know, with a warning", () => {
    const { text, warnings } = readBibtexBytes(utf8(ENTRY), "klingon-1");
    expect(text).toBe(ENTRY);
    expect(warnings).toEqual(['The request says the file is "klingon-1", an encoding we do not know; that was ignored.']);
  });

  it("reads UTF-16 with or without a byte order mark", () => {
    const units = [...ENTRY].flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8]);
    expect(readBibtexBytes(concat([0xff, 0xfe], units)).text).toBe(ENTRY);
    expect(readBibtexBytes(Uint8Array.from(units)).text).toBe(ENTRY);
  });

  it("refuses bytes that Windows-1252 cannot make sense of either, naming the first bad line", () => {
    const bytes = concat(latin1("@misc{a, title = {A}}\n@misc{b,\n  title = {"), [0x81, 0x8d, 0xe3], latin1("}}"));
    expect(refusal(bytes)).toMatch(/^Line 3 holds bytes that make no sense as text in UTF-8 or in Windows-1252: save the file as UTF-8/);
  });

  it("keeps a stray control character in a text file, as real exports hold them", () => {
    const source = "@misc{a, note = {from 300\u0001C to 900\u0001C}}";
    expect(readBibtexBytes(utf8(source)).text).toBe(source);
  });
});

describe("readBibtexBytes: files that are not BibTeX", () => {
  const advice = "not a BibTeX file: export your library from Zotero, JabRef or Mendeley as BibTeX (.bib) and deposit that file.";
  const cases: [string, Uint8Array, string][] = [
    ["PDF", latin1("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), "a PDF"],
    ["Word .docx", concat([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 6, 0], latin1("[Content_Types].xml")), "a Word document (.docx) or another ZIP archive"],
    ["Word .doc", concat([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), "an old Word document (.doc) or another Microsoft Office file"],
    ["PNG", concat([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), "a PNG image"],
    ["JPEG", concat([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), "a JPEG image"],
    ["gzip", concat([0x1f, 0x8b, 0x08, 0, 0, 0]), "a gzip archive"],
    ["RIS", utf8("TY  - JOUR\nAU  - Example, Demo\nTI  - A title\nER  - \n"), "a RIS file (.ris)"],
    ["EndNote XML", utf8('<?xml version="1.0" encoding="UTF-8"?><xml><records><record><ref-type name="Journal Article">17</ref-type>'), "an EndNote XML export"],
    ["EndNote tagged", utf8("%0 Journal Article\n%T A title\n%A Example, Demo\n"), "an EndNote tagged export (.enw)"],
    ["CSL-JSON", utf8('[{"id": "x", "type": "article-journal", "title": "A title"}]'), "CSL-JSON"],
    ["HTML", utf8("<!DOCTYPE html>\n<html><head><style>@media screen { body { margin: 0 } }</style></head></html>"), "a web page (HTML)"],
  ];
  for (const [name, bytes, what] of cases) {
    it(`refuses ${name}, naming what it looks like`, () => {
      expect(refusal(bytes)).toBe(`This looks like ${what}, ${advice}`);
    });
  }

  it("refuses random bytes sent as BibTeX", () => {
    let seed = 7;
    const random = Uint8Array.from({ length: 4000 }, () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 16);
    expect(refusal(random)).toMatch(/^This file holds binary data, not text, so it is not a BibTeX file/);
    const noZeros = random.map((b) => b || 1).subarray(0, 300);
    expect(refusal(noZeros)).toMatch(/^Line \d+ holds bytes that make no sense as text in UTF-8 or in Windows-1252/);
  });

  it("reads a BibTeX file whose text mentions these formats", () => {
    const source = "% converted from RIS\n@misc{a, note = {TY  - JOUR, %PDF-, <html>}}";
    expect(readBibtexBytes(utf8(source)).text).toBe(source);
  });
});

describe("findInvalidUtf8 and encodingOf", () => {
  it("finds the first byte that breaks UTF-8, overlong forms and surrogates included", () => {
    expect(findInvalidUtf8(utf8("Jürgen 😀"))).toBe(-1);
    expect(findInvalidUtf8(latin1("ab\xfc"))).toBe(2);
    expect(findInvalidUtf8(Uint8Array.from([0x41, 0xc0, 0x80]))).toBe(1);
    expect(findInvalidUtf8(Uint8Array.from([0xed, 0xa0, 0x80]))).toBe(0);
    expect(findInvalidUtf8(Uint8Array.from([0x41, 0xe2, 0x82]))).toBe(1);
  });

  it("knows WHATWG labels and Java's spellings", () => {
    expect(encodingOf("latin1")).toBe("windows-1252");
    expect(encodingOf("ISO8859_2")).toBe("iso-8859-2");
    expect(encodingOf("Cp1250")).toBe("windows-1250");
    expect(encodingOf("UTF8")).toBe("utf-8");
    expect(encodingOf("nonsense")).toBeUndefined();
  });
});
