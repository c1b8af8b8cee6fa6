// Unit tests for the BibTeX scanner that splits a file into entries and @string macros before citation-js sees them.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { plugins } from "@citation-js/core";
import "@citation-js/plugin-bibtex";
import { buildEntryParseText, PREDEFINED_MACROS, scanBibtex } from "../../worker/deposit/scan-bibtex";

/** Joins fixture lines with "\n", so that a line's index in the array + 1 is its line number. */
function joinLines(lines: string[]): string {
  return lines.join("\n");
}

describe("scanBibtex", () => {
  it("gives each entry its key, lower-case type, 1-based line and exact text", () => {
    const source = joinLines([
      "This preamble text is a comment to BibTeX.", // 1
      "", // 2
      "@Article{smith2020,", // 3
      "  title = {One},", // 4
      "}", // 5
      "% a line comment", // 6
      "  @ INPROCEEDINGS { jones2021, title = {Two} }", // 7
      "@misc{doe,year=2019}", // 8
    ]);
    const { entries } = scanBibtex(source);
    expect(entries.map(({ key, type, line }) => ({ key, type, line }))).toEqual([
      { key: "smith2020", type: "article", line: 3 },
      { key: "jones2021", type: "inproceedings", line: 7 },
      { key: "doe", type: "misc", line: 8 },
    ]);
    expect(entries[0].text).toBe("@Article{smith2020,\n  title = {One},\n}");
    expect(entries[1].text).toBe("@ INPROCEEDINGS { jones2021, title = {Two} }");
    expect(entries.every((entry) => entry.error === undefined)).toBe(true);
  });

  it("balances braces inside quoted values and ignores quotes inside braced ones", () => {
    const source = joinLines([
      '@article{quoted, title = "A {B "inner" C} D", note = {He said "hi}, year = 2000}',
      "@article{escaped, title = {Set \\{x\\} and \\\\}, note = {100% sure}}",
      "@article{after, title = {Still found}}",
    ]);
    const { entries } = scanBibtex(source);
    expect(entries.map((entry) => entry.key)).toEqual(["quoted", "escaped", "after"]);
    expect(entries[0].text).toBe('@article{quoted, title = "A {B "inner" C} D", note = {He said "hi}, year = 2000}');
    expect(entries[1].text).toBe("@article{escaped, title = {Set \\{x\\} and \\\\}, note = {100% sure}}");
    expect(entries.every((entry) => entry.error === undefined)).toBe(true);
  });

  it("skips % comments between fields but not inside values", () => {
    const source = joinLines([
      "@article{commented,", // 1
      "  % title = {commented out},", // 2
      "  title = {50% of {it}}, % trailing remark", // 3
      "}", // 4
      "@book{next, title = {Next}}", // 5
    ]);
    const { entries } = scanBibtex(source);
    expect(entries.map(({ key, line, error }) => ({ key, line, error }))).toEqual([
      { key: "commented", line: 1, error: undefined },
      { key: "next", line: 5, error: undefined },
    ]);
  });

  it("records @string macros and which macros entries and macros use through bare names and #", () => {
    const source = joinLines([
      '@string{ acm = "ACM" }', // 1
      "@STRING(pub = acm # { Press})", // 2
      "@string{acm = {Association for Computing Machinery}}", // 3
      "@book{knuth,", // 4
      "  publisher = Pub # { and } # ACM,", // 5
      "  month = jan,", // 6
      "  year = 1968", // 7
      "}", // 8
    ]);
    const { entries, macros } = scanBibtex(source);
    expect([...macros.keys()]).toEqual(["acm", "pub"]);
    expect(macros.get("acm")).toEqual({
      name: "acm",
      line: 3,
      text: "@string{acm = {Association for Computing Machinery}}",
      macrosUsed: [],
    });
    expect(macros.get("pub")).toEqual({ name: "pub", line: 2, text: "@STRING(pub = acm # { Press})", macrosUsed: ["acm"] });
    expect(entries).toHaveLength(1);
    expect(entries[0].macrosUsed).toEqual(["pub", "acm", "jan"]);
  });

  it("skips @comment blocks and line comments, even when a block holds entry-like lines", () => {
    const source = joinLines([
      "@Comment Len Schubert", // 1
      "@comment{jabref-meta: groupstree:", // 2
      "@article{notAnEntry, title = {inside a comment}}", // 3
      "0 AllEntriesGroup:;", // 4
      "}", // 5
      "@Comment(parenthesised {comment})", // 6
      "@article{real, title = {Real}}", // 7
    ]);
    const { entries } = scanBibtex(source);
    expect(entries.map(({ key, line, error }) => ({ key, line, error }))).toEqual([
      { key: "real", line: 7, error: undefined },
    ]);
  });

  it("ends a @comment whose braces never close at its own line, as BibTeX does, so the entries after it are found", () => {
    const source = joinLines([
      "@comment{ notes: see {the draft", // 1
      "@article{first, title = {First}}", // 2
      "", // 3
      "@Comment(an unclosed (parenthesis", // 4
      "@book{second, title = {Second}}", // 5
      "@comment{jabref-meta: databaseType:bibtex;}", // 6
      "@misc{third, title = {Third}}", // 7
    ]);
    const { entries } = scanBibtex(source);
    expect(entries.map(({ key, line, error }) => ({ key, line, error }))).toEqual([
      { key: "first", line: 2, error: undefined },
      { key: "second", line: 5, error: undefined },
      { key: "third", line: 7, error: undefined },
    ]);
  });

  it("skips @preamble blocks", () => {
    const source = joinLines([
      '@PREAMBLE{" \\makeatletter', // 1
      "\\@ifundefined{url}{\\newcommand{\\url}[1]{\\texttt{#1}}}{}", // 2
      '\\makeatother "}', // 3
      "@article{after, title = {After}}", // 4
    ]);
    const { entries, macros } = scanBibtex(source);
    expect(entries.map(({ key, line }) => ({ key, line }))).toEqual([{ key: "after", line: 4 }]);
    expect(macros.size).toBe(0);
  });

  it("reads parenthesised entries, where braces and quotes may hold parentheses", () => {
    const source = joinLines([
      "@book(Scripts,", // 1
      "  title = {Scripts (and) Plans},", // 2
      '  note = "see (2)")', // 3
      "@book(next, title = {Next})", // 4
    ]);
    const { entries } = scanBibtex(source);
    expect(entries.map(({ key, line, error }) => ({ key, line, error }))).toEqual([
      { key: "Scripts", line: 1, error: undefined },
      { key: "next", line: 4, error: undefined },
    ]);
    expect(entries[0].text).toBe('@book(Scripts,\n  title = {Scripts (and) Plans},\n  note = "see (2)")');
  });

  it("keeps the other entries when one is left unclosed, and reports it with its line", () => {
    const source = joinLines([
      "@article{broken,", // 1
      "  title = {Unclosed {brace},", // 2
      "  year = 2020,", // 3
      "", // 4
      "  @book{good,", // 5
      "  title = {Good},", // 6
      "}", // 7
      "@misc{lastOpen, title = {x}", // 8
    ]);
    const { entries } = scanBibtex(source);
    expect(entries.map(({ key, line, error }) => ({ key, line, error }))).toEqual([
      { key: "broken", line: 1, error: "missing closing brace" },
      { key: "good", line: 5, error: undefined },
      { key: "lastOpen", line: 8, error: "missing closing brace" },
    ]);
    expect(entries[0].text).toBe("@article{broken,\n  title = {Unclosed {brace},\n  year = 2020,");
    expect(entries[1].text).toBe("@book{good,\n  title = {Good},\n}");
    expect(entries[2].text).toBe("@misc{lastOpen, title = {x}");
  });

  it("lists an entry without a citation key, and gives citation-js a placeholder key for it", () => {
    const source = joinLines([
      "@article{,", // 1
      "  title = {No key},", // 2
      "}", // 3
      "@book{title = {Field where the key should be}}", // 4
      "@misc{fine, title = {Fine}}", // 5
    ]);
    const { entries } = scanBibtex(source);
    expect(entries.map(({ key, type, line, error }) => ({ key, type, line, error }))).toEqual([
      { key: "", type: "article", line: 1, error: undefined },
      { key: "", type: "book", line: 4, error: undefined },
      { key: "fine", type: "misc", line: 5, error: undefined },
    ]);
    const scan = scanBibtex(source);
    expect(buildEntryParseText(scan, scan.entries[0]).text).toBe("@article{line-1,\n  title = {No key},\n}");
    expect(buildEntryParseText(scan, scan.entries[1]).text).toBe("@book{line-4,title = {Field where the key should be}}");
  });

  it("reports a malformed field and resumes after the entry's closing brace", () => {
    const source = joinLines([
      "@article{twoKeys extra, title = {x}}", // 1
      "@article{noEquals, title {x}}", // 2
      "@article{noValue, title = , year = 2000}", // 3
      "@article{ok, title = {ok}}", // 4
    ]);
    const { entries } = scanBibtex(source);
    expect(entries.map(({ key, line, error }) => ({ key, line, error }))).toEqual([
      { key: "twoKeys", line: 1, error: 'unexpected "e" after citation key "twoKeys"' },
      { key: "noEquals", line: 2, error: 'expected "=" after field "title"' },
      { key: "noValue", line: 3, error: 'field "title" has no value' },
      { key: "ok", line: 4, error: undefined },
    ]);
    expect(entries[2].text).toBe("@article{noValue, title = , year = 2000}");
  });

  it("handles CRLF line endings", () => {
    const source = [
      "% exported on Windows", // 1
      '@string{acm = "ACM"}', // 2
      "@article{a,", // 3
      "  publisher = acm,", // 4
      "}", // 5
      "@article{b,", // 6
      "  title = {Unclosed", // 7
      "@article{c, title = {C}}", // 8
      "",
    ].join("\r\n");
    const { entries, macros } = scanBibtex(source);
    expect(macros.get("acm")?.line).toBe(2);
    expect(entries.map(({ key, line, error }) => ({ key, line, error }))).toEqual([
      { key: "a", line: 3, error: undefined },
      { key: "b", line: 6, error: "missing closing brace" },
      { key: "c", line: 8, error: undefined },
    ]);
    expect(entries[0].text).toBe("@article{a,\r\n  publisher = acm,\r\n}");
    expect(entries[1].text).toBe("@article{b,\r\n  title = {Unclosed");
  });

  it("takes crossref only from a plain braced or quoted value", () => {
    const source = joinLines([
      "@inproceedings{a, crossref = {conf2020}}",
      '@inproceedings{b, CrossRef = "conf2020"}',
      "@inproceedings{c, crossref = confMacro}",
    ]);
    expect(scanBibtex(source).entries.map((entry) => entry.crossref)).toEqual(["conf2020", "conf2020", undefined]);
  });
});

describe("buildEntryParseText", () => {
  const source = joinLines([
    '@string{ieee = "IEEE"}', // 1
    "@string{unused = {Unused}}", // 2
    "@string{procs = {Proceedings of the } # ieee}", // 3
    "", // 4
    "@inproceedings{child,", // 5
    "  title = {Child},", // 6
    "  crossref = {CONF2020},", // 7
    "  month = may", // 8
    "}", // 9
    "@string{press = ieee # { Press}}", // 10
    "@proceedings{conf2020,", // 11
    "  booktitle = procs,", // 12
    "  publisher = press", // 13
    "}", // 14
    "@article{plain, title = {Plain}}", // 15
  ]);
  const scan = scanBibtex(source);
  const findEntry = (key: string) => scan.entries.find((entry) => entry.key === key)!;

  it("puts the needed @string blocks first, in file order, then the entry", () => {
    const { text, lineOffset } = buildEntryParseText(scan, findEntry("conf2020"));
    expect(text).toBe(
      joinLines([
        '@string{ieee = "IEEE"}',
        "@string{procs = {Proceedings of the } # ieee}",
        "@string{press = ieee # { Press}}",
        "@proceedings{conf2020,",
        "  booktitle = procs,",
        "  publisher = press",
        "}",
      ]),
    );
    expect(lineOffset).toBe(3);
  });

  it("maps a line of the parse text back to the file line with lineOffset", () => {
    const entry = findEntry("conf2020");
    const { text, lineOffset } = buildEntryParseText(scan, entry);
    const parseLine = text.split("\n").indexOf("  publisher = press") + 1;
    expect(parseLine - lineOffset + entry.line - 1).toBe(13);
  });

  it("appends the crossref parent, found case-insensitively, with the parent's macros", () => {
    const child = findEntry("child");
    expect(child.macrosUsed).toEqual(["may"]);
    const { text, lineOffset } = buildEntryParseText(scan, child);
    expect(text).toBe(
      joinLines([
        '@string{ieee = "IEEE"}',
        "@string{procs = {Proceedings of the } # ieee}",
        "@string{press = ieee # { Press}}",
        child.text,
        findEntry("conf2020").text,
      ]),
    );
    expect(lineOffset).toBe(3);
  });

  it("returns the entry alone when it needs no macros", () => {
    expect(buildEntryParseText(scan, findEntry("plain"))).toEqual({
      text: "@article{plain, title = {Plain}}",
      lineOffset: 0,
      undefinedMacros: [],
    });
  });

  it("defines each macro the file never defines as its own name, as first written, and lists it in undefinedMacros", () => {
    const file = scanBibtex(
      joinLines([
        "@string{conf = {Proceedings of } # AAAI91}", // 1
        "@inproceedings{talk,", // 2
        "  booktitle = conf,", // 3
        "  publisher = MyPress,", // 4
        "  journal = cacm,", // 5
        "  month = Feb,", // 6
        "  note = J.Odd,", // 7
        "  crossref = {parent}", // 8
        "}", // 9
        "@proceedings{parent, organization = someOrg}", // 10
      ]),
    );
    const { text, lineOffset, undefinedMacros } = buildEntryParseText(file, file.entries[0]);
    // cacm and feb are citation-js's own; J.Odd is no name citation-js could read, so defining it would not help.
    expect(undefinedMacros).toEqual(["AAAI91", "MyPress", "someOrg"]);
    expect(text.split("\n").slice(0, 4)).toEqual([
      "@string{AAAI91 = {AAAI91}}",
      "@string{MyPress = {MyPress}}",
      "@string{someOrg = {someOrg}}",
      "@string{conf = {Proceedings of } # AAAI91}",
    ]);
    expect(lineOffset).toBe(4);
    expect(buildEntryParseText(file, file.entries[1]).undefinedMacros).toEqual(["someOrg"]);
  });

  it("knows the macros citation-js defines itself", () => {
    expect([...PREDEFINED_MACROS].sort()).toEqual(Object.keys(plugins.config.get("@bibtex").constants.defaultStrings).sort());
  });

  it("counts the lines of multi-line @string blocks in lineOffset", () => {
    const multiLine = scanBibtex(joinLines(["@string{long = {First", "  second}}", "@misc{m, note = long}"]));
    const { text, lineOffset } = buildEntryParseText(multiLine, multiLine.entries[0]);
    expect(text).toBe("@string{long = {First\n  second}}\n@misc{m, note = long}");
    expect(lineOffset).toBe(2);
  });
});

describe("scanBibtex on the real corpus in ../shared/bib", () => {
  const corpus = JSON.parse(env.SHARED_BIB_FILES) as Record<string, string>;
  // An independent count: BibTeX data entries in these files each start a line.
  const ENTRY_LINE = /^\s*@(?!string|comment|preamble)\w+\s*[{(]/i;
  // Mendeley wrote 37 references with no key (`@article{,`); every other entry has one.
  const EXPECTED_KEYLESS: Record<string, number> = { "bbt-mendeley-export.bib": 37 };

  it.skipIf(Object.keys(corpus).length === 0)(
    "lists every data entry of each file without a scan error, keyless ones included (skipped when ../shared/bib is absent)",
    () => {
      for (const [name, source] of Object.entries(corpus)) {
        const { entries } = scanBibtex(source);
        const entryLines = source.split("\n").filter((line) => ENTRY_LINE.test(line)).length;
        expect(entries.length, name).toBe(entryLines);
        expect(entries.filter((entry) => entry.error !== undefined), name).toEqual([]);
        expect(entries.filter((entry) => entry.key === "").length, name).toBe(EXPECTED_KEYLESS[name] ?? 0);
      }
      expect(scanBibtex(corpus["bbt-1436-3-large.bib"]).entries.length).toBeGreaterThanOrEqual(7000);
    },
  );
});
