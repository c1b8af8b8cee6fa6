// What readers see of deposited and written text: only http, https and doi links stored as links; no control or
// direction-override characters on pages, in feeds or in the API, while the deposited BibTeX keeps them; feed text
// escaped for readers that take it as XML and for those that render it as HTML.
import { env } from "cloudflare:test";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { callApi, createItem, createToken, deposit, publishItem } from "./helpers";

const NUL = "\u0000";
const ESC = "\u001b";
const RLO = "\u202e";
/** Everything the repository removes from displayed text, as one regular expression. */
const HIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;

let editor: string;

beforeAll(async () => {
  editor = await createToken("editor");
});

async function storedBibtex(id: string): Promise<string> {
  return (await env.DB.prepare("SELECT bibtex FROM publications WHERE id = ?").bind(id).first<{ bibtex: string }>())!.bibtex;
}

async function text(path: string): Promise<string> {
  const response = await callApi(path);
  expect(response.status, path).toBe(200);
  return response.text();
}

describe("links", () => {
  it("stores a deposited javascript:, data: or vbscript: address as no link at all, says so, and keeps the BibTeX as written", async () => {
    const source = [
      "@misc{scriptLink2023, author = {Placeholder, Linka}, title = {A deposit whose link runs script}, year = 2023, url = {javascript:alert(1)}}",
      "@misc{dataLink2023, author = {Placeholder, Linkb}, title = {A deposit whose link is data}, year = 2023, url = {data:text/html,<script>alert(1)</script>}}",
      "@misc{vbLink2023, author = {Placeholder, Linkc}, title = {A deposit whose link is vbscript}, year = 2023, url = {VBScript:msgbox(1)}}",
      "@misc{tabLink2023, author = {Placeholder, Linkd}, title = {A deposit whose link hides its scheme}, year = 2023, url = {java\tscript:alert(1)}}",
      "@misc{webLink2023, author = {Placeholder, Linke}, title = {A deposit with a real web address}, year = 2023, url = {https://example.org/invented/paper}}",
    ].join("\n");
    const { status, report } = await deposit(source, editor);
    expect(status).toBe(201);
    expect(report.entries.map((e: any) => e.status)).toEqual(["created", "created", "created", "created", "created"]);
    expect(report.entries[0].warnings).toContain(
      'the url "javascript:alert(1)" is not an http, https or doi address, so it was not stored as a link (the BibTeX keeps it as written)',
    );
    for (const entry of report.entries.slice(0, 4)) expect(entry.warnings.some((w: string) => w.startsWith("the url "))).toBe(true);
    expect(report.entries[4].warnings).toEqual([]);

    const urls = [];
    for (const entry of report.entries) urls.push((await (await callApi(`/api/publications/${entry.id}`)).json<any>()).url);
    expect(urls).toEqual([null, null, null, null, "https://example.org/invented/paper"]);

    const page = await text(`/publications/${report.entries[0].id}`);
    expect(page).not.toMatch(/javascript:/iu);
    expect(page).toContain("A deposit whose link runs script");
    expect(await text(`/publications/${report.entries[4].id}`)).toContain('<a class="long-link" href="https://example.org/invented/paper">');
    expect(await storedBibtex(report.entries[0].id)).toContain("url = {javascript:alert(1)}");
    // Nor do the citations carry it: their CSL item has no URL.
    const csl = await (await callApi(`/api/publications/${report.entries[0].id}/cite?style=csl-json`)).text();
    expect(csl).not.toMatch(/javascript/iu);
  });

  it("refuses a javascript: or data: address written through the API", async () => {
    const { report } = await deposit("@misc{patchLink2023, author = {Placeholder, Patch}, title = {A deposit to be given a link}, year = 2023}", editor);
    const id = report.entries[0].id;
    for (const url of ["javascript:alert(1)", "data:text/html,hi", "ftp://example.org/file"]) {
      const response = await callApi(`/api/publications/${id}`, { method: "PATCH", token: editor, json: { url } });
      expect(response.status, url).toBe(422);
      expect((await response.json<any>()).errors[0].path).toBe("url");
    }
    const ok = await callApi(`/api/publications/${id}`, { method: "PATCH", token: editor, json: { url: "https://example.org/given" } });
    expect(ok.status).toBe(200);
    expect((await ok.json<any>()).url).toBe("https://example.org/given");
  });
});

describe("control and direction-override characters", () => {
  let id: string;
  let warnings: string[];

  beforeAll(async () => {
    // A NUL in the first 8 KB marks a file as binary (read-bibtex-bytes.ts): this one comes later, as in a long export.
    const source = [
      `@comment{${"A long export's preamble. ".repeat(400)}}`,
      "@article{hiddenChars2024,",
      `  author = {Ov${ESC}erride, Ri${NUL}ght and Pla${RLO}ceholder, Mark},`,
      `  title = {abc${RLO}gnp.exe and a b${NUL}ell${ESC}[31m},`,
      `  journal = {Journal of In\u0085vented Controls},`,
      `  abstract = {An abstract with a NUL${NUL} here, an escape ${ESC}[2J there, and \u2066isolates\u2069.},`,
      `  keywords = {hidden${RLO}, visible},`,
      "  year = 2024",
      "}",
    ].join("\n");
    const { status, report } = await deposit(source, editor);
    expect(status, JSON.stringify(report)).toBe(201);
    id = report.entries[0].id;
    warnings = report.entries[0].warnings;
  });

  it("are removed from the stored record the API shows, and the deposit's report says so", async () => {
    expect(warnings).toContain("title: control or direction-override characters (such as NUL, ESC or U+202E) were removed");
    const item = await (await callApi(`/api/publications/${id}`)).json<any>();
    expect(item.title).toBe("abcgnp.exe and a bell[31m");
    expect(item.container_title).toBe("Journal of Invented Controls");
    expect(item.abstract).toBe("An abstract with a NUL here, an escape [2J there, and isolates.");
    expect(item.keywords).toEqual(["hidden", "visible"]);
    expect(item.authors.map((a: any) => a.name)).toEqual(["Right Override", "Mark Placeholder"]);
    expect(JSON.stringify(item)).not.toMatch(HIDDEN);
  });

  it("never reach the page or the feeds", async () => {
    const page = await text(`/publications/${id}`);
    expect(page).toContain("abcgnp.exe and a bell[31m");
    expect(page).not.toMatch(HIDDEN);
    for (const format of ["rss", "atom", "json"]) {
      const feed = await text(`/feeds/all.${format}`);
      expect(feed, format).toContain("abcgnp.exe");
      expect(feed, format).not.toMatch(HIDDEN);
    }
  });

  it("stay in the deposited BibTeX, which is stored as written", async () => {
    const bibtex = await storedBibtex(id);
    expect(bibtex).toContain(`abc${RLO}gnp.exe`);
    expect(bibtex).toContain(NUL);
    expect(bibtex).toContain(ESC);
  });

  it("are removed from briefings and lay summaries written through the API", async () => {
    const publisher = await createToken("editor");
    const briefingId = await createItem(
      "briefings",
      {
        title: `Brief${NUL}ing abc${RLO}gnp.exe`,
        summary: `A sum${ESC}mary.`,
        key_messages: [`One ${RLO}message`],
        body: `Body line one${NUL}\n\nBody ${ESC}[1mline two`,
        audience: `Commis\u0085sioners`,
        publication_ids: [id],
      },
      publisher,
    );
    await publishItem("briefings", briefingId, publisher);
    const briefing = await (await callApi(`/api/briefings/${briefingId}`)).json<any>();
    expect([briefing.title, briefing.summary, briefing.key_messages, briefing.body, briefing.audience]).toEqual([
      "Briefing abcgnp.exe",
      "A summary.",
      ["One message"],
      "Body line one\n\nBody [1mline two",
      "Commissioners",
    ]);
    expect(await text(`/briefings/${briefingId}`)).not.toMatch(HIDDEN);

    const summaryId = await createItem("lay-summaries", { publication_id: id, language: "en", title: `In ${RLO}short`, body: `What it${NUL} found${ESC}.` }, publisher);
    await publishItem("lay-summaries", summaryId, publisher);
    const summary = await (await callApi(`/api/lay-summaries/${summaryId}`)).json<any>();
    expect([summary.title, summary.body]).toEqual(["In short", "What it found."]);
    expect(await text(`/lay-summaries/${summaryId}`)).not.toMatch(HIDDEN);

    const patched = await callApi(`/api/lay-summaries/${summaryId}`, { method: "PATCH", token: publisher, json: { title: `${RLO}${NUL}` } });
    expect(patched.status).toBe(422);
  });

  it("keep the right-to-left marks and joiners an Urdu summary needs", async () => {
    const body = "یہ خلاصہ\u200c ہے\u200f۔";
    const summaryId = await createItem("lay-summaries", { publication_id: id, language: "ur", title: "خلاصہ", body }, editor);
    expect((await (await callApi(`/api/lay-summaries/${summaryId}`, { token: editor })).json<any>()).body).toBe(body);
  });
});

describe("text in feeds", () => {
  it("is escaped for XML, and the RSS description once more for readers that render it as HTML", async () => {
    const { report } = await deposit(
      "@article{markupFeed2025, author = {Placeholder, Angle}, title = {Angles <script>alert(1)</script> & ampersands}, journal = {Invented}, year = 2025, abstract = {An <img src=x onerror=alert(1)> abstract & more.}}",
      editor,
    );
    expect(report.entries[0].status).toBe("created");
    const rss = await text("/feeds/all.rss");
    expect(XMLValidator.validate(rss)).toBe(true);
    const channel = new XMLParser({ isArray: (name) => name === "item" }).parse(rss).rss.channel;
    const item = channel.item.find((i: any) => String(i.title).startsWith("Angles"));
    // An XML reader gets the title as text, with its angle brackets.
    expect(item.title).toBe("Angles <script>alert(1)</script> & ampersands");
    // A reader that renders the description as HTML gets markup-free HTML: the brackets are entities, so they show as text.
    expect(item.description).toBe("An &lt;img src=x onerror=alert(1)&gt; abstract &amp; more.");
    expect(rss).not.toContain("<script>");
    expect(rss).not.toContain("<img");

    const atom = await text("/feeds/all.atom");
    expect(XMLValidator.validate(atom)).toBe(true);
    const entry = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === "entry" })
      .parse(atom)
      .feed.entry.find((e: any) => String(e.title["#text"]).startsWith("Angles"));
    expect(entry.title["@_type"]).toBe("text");
    expect(entry.summary).toMatchObject({ "#text": "An <img src=x onerror=alert(1)> abstract & more.", "@_type": "text" });
    expect(atom).not.toContain("<img");
  });
});
