// Hostile and random input at deposit, search and cite: every request answers within seconds, never a 5xx, and a
// deposit writes exactly what its report says it created.
import { env } from "cloudflare:test";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { callApi, createToken, deposit } from "./helpers";

/** A hang guard only: every request here takes well under a second on a quiet machine. */
const ANSWER_WITHIN_MS = 10_000;

let editor: string;
let publicationId: string;
beforeAll(async () => {
  editor = await createToken("editor");
  const { report } = await deposit("@article{citeme2022, author = {Quill, Ember}, title = {Rent arrears and sleep}, journal = {Invented Studies}, year = 2022}", editor);
  publicationId = report.entries[0].id;
});

async function countPublications(): Promise<number> {
  return (await env.DB.prepare("SELECT count(*) AS n FROM publications").first<{ n: number }>())!.n;
}

const encoder = new TextEncoder();

/** Deposits a body and returns the status, the parsed body and how long the answer took. */
async function depositTimed(body: string | Uint8Array, query = "") {
  const started = Date.now();
  const response = await callApi(`/api/deposits${query}`, { method: "POST", token: editor, headers: { "content-type": "application/x-bibtex" }, body });
  const text = await response.text();
  const contentType = response.headers.get("content-type") ?? "";
  return { status: response.status, contentType, body: contentType.includes("json") ? JSON.parse(text) : text, ms: Date.now() - started };
}

/** `@string{a0="xx"} @string{a1=a0#a0} … @string{a25=a24#a24}`: a few hundred bytes that expand to 64 MB. */
function macroBomb(doublings = 25, seed = '"xx"'): string[] {
  const lines = [`@string{a0=${seed}}`];
  for (let i = 1; i <= doublings; i++) lines.push(`@string{a${i}=a${i - 1}#a${i - 1}}`);
  return lines;
}

let neighbours = 0;
/** An ordinary entry, with a title of its own each time so that it is never a duplicate of an earlier one. */
function neighbour(): string {
  return `@article{neighbour, title = {An ordinary entry beside a hostile one, number ${++neighbours}}, author = {Bystander, Ada}, year = 2021}`;
}

/** The report's entries as [key, status], and the one invalid entry's error. */
function outcome(body: any): { entries: [string, string][]; error?: string } {
  return { entries: body.entries.map((e: any) => [e.key, e.status]), error: body.entries.find((e: any) => e.status === "invalid")?.error };
}

describe("the breaks from issue 12", () => {
  it("answers a 682-byte macro bomb with one invalid entry, in a dry run and for real, and keeps its neighbour", async () => {
    const source = [...macroBomb(), "@article{bomb, title = a25, author = {Bomb, Macro}, year = 2020}", neighbour()].join("\n");
    expect(encoder.encode(source).length).toBeLessThan(800);
    const dry = await depositTimed(source, "?dry_run=1");
    expect(dry.status).toBe(200);
    expect(dry.ms).toBeLessThan(ANSWER_WITHIN_MS);
    expect(outcome(dry.body)).toEqual({
      entries: [["bomb", "invalid"], ["neighbour", "created"]],
      error:
        'entry \'bomb\' at line 27: its field "title" expands to more than 50,000 characters through @string macros, the most one field may have: write the value out in full, or define its macros without repeating each other, and deposit the entry again',
    });

    const before = await countPublications();
    const real = await depositTimed(source);
    expect(real.status).toBe(201);
    expect(real.body).toMatchObject({ created: 1, failed: 1 });
    expect(await countPublications()).toBe(before + 1);
  });

  it("answers an entry with a 2.5 MB title as invalid, and stores the rest of its file", async () => {
    const title = "Loneliness ".repeat(230_000);
    const source = `@article{huge, title = {${title}}, author = {Long, Tina}, year = 2020}\n@article{small, title = {A small neighbour}, author = {Short, Sam}, year = 2020}\n`;
    const before = await countPublications();
    const { status, body, ms } = await depositTimed(source);
    expect(ms).toBeLessThan(ANSWER_WITHIN_MS);
    expect(status).toBe(201);
    expect(outcome(body)).toEqual({
      entries: [["huge", "invalid"], ["small", "created"]],
      error:
        'entry \'huge\' at line 1: its field "title" is 2,530,000 characters long, more than the 50,000 one field may have: shorten it or leave it out, and deposit the entry again',
    });
    expect(await countPublications()).toBe(before + 1);
  });
});

describe("limits on one entry, each an invalid line of the report that names the limit", () => {
  /** Deposits `hostile` then an ordinary neighbour as a dry run; the neighbour must still be read. */
  async function dryRunBeside(hostile: string) {
    const { status, body, ms } = await depositTimed(`${hostile}\n${neighbour()}`, "?dry_run=1");
    expect(status).toBe(200);
    expect(ms).toBeLessThan(ANSWER_WITHIN_MS);
    expect(body.entries.at(-1)).toMatchObject({ key: "neighbour", status: "created" });
    return body.entries[0];
  }

  it("macros that expand to nothing, but 2^20 times", async () => {
    const entry = await dryRunBeside([...macroBomb(20, "{}"), "@article{empty, title = {T} # a20, year = 2020}"].join("\n"));
    expect(entry).toMatchObject({ key: "empty", line: 22, status: "invalid" });
    expect(entry.error).toBe(
      "entry 'empty' at line 22: its @string macros, counted each time one is expanded inside another, are used more than 1,000 times, the most one entry may use: write its values out in full and deposit it again",
    );
  });

  it("an entry longer than 100,000 characters", async () => {
    const fields = Array.from({ length: 5 }, (_, i) => `note${i} = {${"n".repeat(30_000)}}`).join(",\n");
    const entry = await dryRunBeside(`@misc{long, title = {Long}, ${fields}}`);
    expect(entry.error).toMatch(/^entry 'long' at line 1: is 150,\d{3} characters long, more than the 100,000 one entry may have: /);
  });

  it("braces nested 5,000 deep", async () => {
    const entry = await dryRunBeside(`@article{deep, title = {${"{".repeat(5000)}x${"}".repeat(5000)}}, year = 2020}`);
    expect(entry.error).toBe('entry \'deep\' at line 1: its field "title" has braces nested more than 100 deep: remove the extra braces and deposit the entry again');
  });

  it("two entries whose crossrefs name each other", async () => {
    const { body } = await depositTimed(
      "@inproceedings{child, title = {A}, author = {Kin, Ode}, crossref = {parent}}\n@proceedings{parent, title = {B}, editor = {Kin, Ada}, crossref = {child}, year = 2020}",
      "?dry_run=1",
    );
    expect(body.entries.map((e: any) => e.error)).toEqual([
      "entry 'child' at line 1: its crossref 'parent' is an entry whose own crossref names this one, so neither could inherit from the other: remove the crossref from one of them and deposit again",
      "entry 'parent' at line 2: its crossref 'child' is an entry whose own crossref names this one, so neither could inherit from the other: remove the crossref from one of them and deposit again",
    ]);
  });

  it("10,000 authors: refused by the limit on names, or on a field's length, within seconds", async () => {
    const initials = Array.from({ length: 10_000 }, (_, i) => String.fromCharCode(65 + (i % 26)));
    const short = await dryRunBeside(`@article{many, title = {Many}, author = {${initials.join(" and ")}}, year = 2020}`);
    expect(short.error).toBe(
      'entry \'many\' at line 1: its field "author" lists more than 3,000 names, the most one list may have: keep the first names and end the list with "and others", and deposit the entry again',
    );
    const full = await dryRunBeside(`@article{full, title = {Many}, author = {${initials.map((initial, i) => `Author${i}, ${initial}.`).join(" and ")}}, year = 2020}`);
    expect(full.error).toBe(short.error.replace("'many'", "'full'"));
  });

  it("stores 3,000 authors, the most a list may have, within seconds", async () => {
    const authors = Array.from({ length: 3_000 }, (_, i) => `M${i}, ${String.fromCharCode(65 + (i % 26))}.`).join(" and ");
    const { status, body, ms } = await depositTimed(`@article{consortium2024, title = {A consortium paper}, author = {${authors}}, journal = {Invented Genetics}, year = 2024}`);
    expect(status, JSON.stringify(body.entries?.[0])).toBe(201);
    expect(ms).toBeLessThan(ANSWER_WITHIN_MS);
    const publication = await (await callApi(`/api/publications/${body.entries[0].id}`)).json<any>();
    expect(publication.authors).toHaveLength(3_000);
    expect(publication.authors.at(-1).name).toBe("J. M2999");
  });
});

describe("limits on a whole file", () => {
  it("answers 413 for more than 10,000 entries, and writes nothing", async () => {
    const before = await countPublications();
    const source = Array.from({ length: 10_001 }, (_, i) => `@misc{k${i}, title = {Entry ${i}}}`).join("\n");
    const { status, contentType, body } = await depositTimed(source);
    expect(status).toBe(413);
    expect(contentType).toMatch(/^application\/problem\+json/);
    expect(body.detail).toBe("This file has more than 10,000 entries, the most one deposit may hold: split it into files of fewer entries and deposit each.");
    expect(await countPublications()).toBe(before);
  });
});

describe("limits on a query", () => {
  it("refuses a search of more than 500 characters as problem+json, and reads 500 characters of FTS5 syntax as words", async () => {
    const long = await callApi(`/api/search?q=${"a".repeat(10_000)}`);
    expect(long.status).toBe(422);
    expect(long.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    const operators = 'NEAR(a b, 1) "x" AND OR NOT title:* -- ^c {d} (e OR f)* '.repeat(9).slice(0, 500);
    const started = Date.now();
    const answer = await callApi(`/api/search?q=${encodeURIComponent(operators)}`);
    expect(answer.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(ANSWER_WITHIN_MS);
    expect(await answer.json<any>()).toMatchObject({ total: 0, items: [] });
  });

  it("refuses a citation style it does not know as problem+json, naming the styles it does", async () => {
    const response = await callApi(`/api/publications/${publicationId}/cite?style=${"x".repeat(5_000)}`);
    expect(response.status).toBe(422);
    expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(JSON.stringify(await response.json())).toContain("apa");
  });
});

/** Text or raw bytes; joined into one body, so that invalid UTF-8 reaches the decoder as sent. */
type Fragment = string | Uint8Array;

function joinFragments(fragments: Fragment[]): Uint8Array {
  const parts = fragments.flatMap((f) => [typeof f === "string" ? encoder.encode(f) : f, encoder.encode("\n")]);
  const bytes = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return bytes;
}

const key = fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/);
const words = fc.array(fc.stringMatching(/^[A-Za-z]{1,10}$/), { minLength: 1, maxLength: 8 }).map((w) => w.join(" "));
const initials = (n: number) => Array.from({ length: n }, (_, i) => `${String.fromCharCode(65 + (i % 26))}${i}, Q.`).join(" and ");

/** Ordinary entries mixed with every kind of hostile BibTeX the issue names. */
const fragment: fc.Arbitrary<Fragment> = fc.oneof(
  fc.record({ key, title: words, author: words, year: fc.integer({ min: 1900, max: 2030 }) }).map(
    ({ key, title, author, year }) => `@article{${key}, title = {${title}}, author = {${author}}, year = ${year}}`,
  ),
  fc.string({
    unit: fc.constantFrom("@", "{", "}", "(", ")", ",", "=", '"', "#", "%", "\\", " ", "\n", "a", "1", "article", "string", "comment", "crossref", "title", "author", " and ", "$"),
    maxLength: 120,
  }),
  fc.integer({ min: 50, max: 3000 }).chain((n) => key.map((k) => `@article{${k}, title = {${"{".repeat(n)}deep${"}".repeat(n)}}, year = 2020}`)),
  fc.integer({ min: 1, max: 40 }).map((n) => `@article{open${n}, title = {${"{".repeat(n)}never closed, year = 2020`),
  fc.integer({ min: 3, max: 40 }).map((d) => [...macroBomb(d), `@article{bomb${d}, title = a${d} # {!}, year = 2020}`].join("\n")),
  words.map((title) => `@article{nul, title = {${title}\u0000${title}}, author = {Nul\u0000, Ada}, year = 2020}`),
  fc.uint8Array({ min: 0x80, max: 0xff, minLength: 1, maxLength: 12 }),
  fc.integer({ min: 40_000, max: 300_000 }).map((n) => `@misc{huge${n}, title = {${"x".repeat(n)}}, year = 2020}`),
  fc.constantFrom(500, 3_500, 10_000).map((n) => `@article{authors${n}, title = {Authors ${n}}, author = {${initials(n)}}, year = 2020}`),
  key.map((k) => `@inproceedings{${k}a, title = {Child}, crossref = {${k}b}}\n@proceedings{${k}b, title = {Parent}, crossref = {${k}a}}`),
  fc.string({ unit: "grapheme", maxLength: 80 }),
  // Past the first 8 KB, where a NUL no longer marks the file as binary, so NULs reach the entries.
  fc.constant(`@comment{${"padding ".repeat(1200)}}`),
);

describe("random and hostile input (fast-check)", () => {
  it("a deposit of any bytes answers within seconds, never with a 5xx, and writes exactly what its report says it created", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fragment, { minLength: 1, maxLength: 5 }), fc.boolean(), async (fragments, dryRun) => {
        const before = await countPublications();
        const { status, contentType, body, ms } = await depositTimed(joinFragments(fragments), dryRun ? "?dry_run=1" : "");
        expect(status).toBeLessThan(500);
        expect(ms).toBeLessThan(ANSWER_WITHIN_MS);
        const stored = (await countPublications()) - before;
        if (status >= 400) {
          expect(contentType).toMatch(/^application\/problem\+json/);
          expect(stored).toBe(0);
          return;
        }
        expect(stored).toBe(dryRun ? 0 : body.created);
        for (const entry of body.entries.filter((e: any) => e.status === "invalid")) {
          expect(entry.error).toMatch(new RegExp(`^(entry '.*' at line ${entry.line}|the entry at line ${entry.line}): \\S`, "s"));
        }
      }),
      { numRuns: 30 },
    );
  });

  const queryPiece = fc.oneof(
    fc.constantFrom('"', "*", "(", ")", ":", "^", "-", "+", "NEAR", "NEAR(", "AND", "OR", "NOT", "title:", "author:", "doi:", "{", "}", "\\", "'", "%", "%zz", "&", "=", "\u0000", "\u202e", " "),
    fc.string({ unit: "grapheme", maxLength: 6 }),
    fc.stringMatching(/^[a-z]{1,12}$/),
  );
  const query = fc.array(queryPiece, { maxLength: 120 }).map((pieces) => pieces.join(""));

  it("a search for anything answers within seconds, never with a 5xx, at the API, the page and suggestions", async () => {
    await fc.assert(
      fc.asyncProperty(query, fc.option(fc.string({ maxLength: 40 })), fc.boolean(), async (q, cursor, raw) => {
        // `raw` sends the query as typed into an address bar, stray `%` and all.
        const value = raw ? q.replace(/[#&\s]/g, "+") : encodeURIComponent(q);
        const extra = cursor === null ? "" : `&cursor=${encodeURIComponent(cursor)}`;
        for (const path of [`/api/search?q=${value}${extra}`, `/search?q=${value}${extra}`, `/api/suggest?q=${value}`]) {
          const started = Date.now();
          const response = await callApi(path);
          await response.arrayBuffer();
          expect(response.status, path).toBeLessThan(500);
          expect(Date.now() - started).toBeLessThan(ANSWER_WITHIN_MS);
          if (path.startsWith("/api/") && response.status >= 400) expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
        }
      }),
      { numRuns: 60 },
    );
  });

  it("a citation asked for in any style, format or id answers within seconds, never with a 5xx", async () => {
    const style = fc.oneof(fc.constantFrom("apa", "vancouver", "harvard", "bibtex", "ris", "csl-json", "APA", "chicago", "", "apa,ris"), fc.string({ maxLength: 30 }));
    const id = fc.oneof(fc.constant(() => publicationId), fc.string({ maxLength: 40 }).map((s) => () => s));
    const extraName = fc.constantFrom("format", "lang", "locale", "style", "download", "q");
    await fc.assert(
      fc.asyncProperty(id, style, fc.array(fc.tuple(extraName, fc.string({ maxLength: 20 })), { maxLength: 3 }), async (idOf, s, extras) => {
        const params = new URLSearchParams([["style", s], ...extras]);
        const started = Date.now();
        const response = await callApi(`/api/publications/${encodeURIComponent(idOf())}/cite?${params}`);
        await response.arrayBuffer();
        expect(response.status).toBeLessThan(500);
        expect(Date.now() - started).toBeLessThan(ANSWER_WITHIN_MS);
        if (response.status >= 400) expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      }),
      { numRuns: 40 },
    );
  });
});
