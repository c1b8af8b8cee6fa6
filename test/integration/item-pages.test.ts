// Item pages as machines and people read them: head tags, JSON-LD, citations, Markdown, languages, downloads.
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import itemPagesBib from "../fixtures/item-pages.bib?raw";
import manyAuthorsBib from "../fixtures/many-authors.bib?raw";
import { openDatabase } from "../../worker/db/client";
import { readBriefingPage, readLaySummaryPage, readPublicationPage } from "../../worker/records/item-page-queries";
import { callApi, createItem, createToken, deposit, publishItem } from "./helpers";

let editor: string;
const ids: Record<string, string> = {};
let briefingId: string;
const summaries: Record<string, string> = {};

const create = (kind: string, json: Record<string, unknown>) => createItem(kind, json, editor);

const publish = (kind: string, id: string, body: Record<string, unknown> = {}) => publishItem(kind, id, editor, body);

async function fetchPage(path: string, status = 200): Promise<string> {
  const response = await callApi(path);
  const html = await response.text();
  expect(response.status, html).toBe(status);
  return html;
}

/** Every `<meta name|property content>` in the head, read by HTMLRewriter, in document order. */
async function readMeta(path: string): Promise<[string, string][]> {
  const found: [string, string][] = [];
  await new HTMLRewriter()
    .on("head meta", {
      element: (e) => {
        const name = e.getAttribute("name") ?? e.getAttribute("property");
        if (name) found.push([name, e.getAttribute("content") ?? ""]);
      },
    })
    .transform(await callApi(path))
    .text();
  return found;
}

/** The text of each JSON-LD block, parsed. */
async function readJsonLd(path: string): Promise<any[]> {
  const blocks: string[] = [];
  await new HTMLRewriter()
    .on('script[type="application/ld+json"]', {
      element: () => void blocks.push(""),
      text: (t) => void (blocks[blocks.length - 1] += t.text),
    })
    .transform(await callApi(path))
    .text();
  return blocks.map((block) => JSON.parse(block));
}

async function readLinks(path: string, selector: string): Promise<Record<string, string | null>[]> {
  const links: Record<string, string | null>[] = [];
  await new HTMLRewriter()
    .on(selector, { element: (e) => void links.push(Object.fromEntries([...e.attributes])) })
    .transform(await callApi(path))
    .text();
  return links;
}

beforeAll(async () => {
  editor = await createToken("editor");
  const { report } = await deposit(itemPagesBib, editor);
  for (const entry of report.entries) ids[entry.key] = entry.id;
  expect(Object.keys(ids).length).toBe(2);
  // Stored as the queue would store them: asking once renders and stores every style.
  for (const id of Object.values(ids)) expect((await callApi(`/api/publications/${id}/cite?style=apa`)).status).toBe(200);
  briefingId = await create("briefings", {
    title: "Sample briefing: loneliness and where people live",
    summary: "An invented summary of invented evidence.",
    key_messages: ["Loneliness follows deprivation.", "Fund neighbourhood groups."],
    body: "## What we found\n\nThis is **very important** and *sample* text.\n\n<script>alert('x')</script>\n\n[Bad link](javascript:alert(1)) and [a good one](https://example.org/more).",
    audience: "Local authority commissioners",
    topics: ["income-debt-poverty"],
    publication_ids: [ids.sampleWellbeing2021, ids.sampleReport2020],
  });
  await publish("briefings", briefingId);
  for (const [language, title, body] of [
    ["en", "Sample summary: lonely streets", "Where money is tight, people feel lonely more often. This is a short sample. It uses short words."],
    ["ur-PK", "نمونہ خلاصہ: تنہائی", "یہ ایک فرضی خلاصہ ہے۔"],
    ["cy", "Crynodeb enghreifftiol: unigrwydd", "Crynodeb ffug yw hwn."],
  ]) {
    summaries[language] = await create("lay-summaries", { publication_id: ids.sampleWellbeing2021, language, title, body });
    await publish("lay-summaries", summaries[language]);
  }
});

describe("a publication's page", () => {
  it("is the same page with a readable slug after the id, and keeps the bare id as its canonical address", async () => {
    const id = ids.sampleWellbeing2021;
    const slugged = await callApi(`/publications/${id}/neighbourhood-deprivation-and-loneliness`);
    expect(slugged.status).toBe(200);
    const html = await slugged.text();
    expect(html).toContain(`<link rel="canonical" href="http://repository.test/publications/${id}"`);
    for (const kind of ["briefings", "lay-summaries"]) {
      const itemId = kind === "briefings" ? briefingId : summaries.en;
      expect((await callApi(`/${kind}/${itemId}/any-readable-words`)).status).toBe(200);
    }
    expect((await callApi(`/publications/${id}/Not A Slug`)).status).toBe(404);
  });

  it("carries Google Scholar's citation_* tags with the record's values", async () => {
    const meta = await readMeta(`/publications/${ids.sampleWellbeing2021}`);
    const citation = meta.filter(([name]) => name.startsWith("citation_"));
    expect(citation).toEqual([
      ["citation_title", expect.stringMatching(/^Neighbourhood deprivation, loneliness and low mood .* imaginary households$/u)],
      ["citation_author", "Invented Quenby"],
      ["citation_author", "Placeholder Marlowe-Tran"],
      ["citation_author", "Example Öztürk"],
      ["citation_publication_date", "2021/03"],
      ["citation_journal_title", "Journal of Invented Mental Health"],
      ["citation_volume", "12"],
      ["citation_issue", "3"],
      ["citation_firstpage", "101"],
      ["citation_lastpage", "117"],
      ["citation_doi", "10.5555/invented-journal.mental-health.2021.volume-twelve.issue-three.article-0101-sample"],
      ["citation_publisher", "Sample Academic Press"],
      ["citation_abstract_html_url", `http://repository.test/publications/${ids.sampleWellbeing2021}`],
      ["citation_language", "en"],
      ["citation_keywords", "loneliness; deprivation"],
    ]);
    expect(meta).toContainEqual(["description", "Loneliness was commoner where deprivation was higher. This is an invented abstract."]);
    expect(meta).toContainEqual(["og:url", `http://repository.test/publications/${ids.sampleWellbeing2021}`]);
    expect(meta).toContainEqual(["og:type", "article"]);
    expect(await readLinks(`/publications/${ids.sampleWellbeing2021}`, 'link[rel="canonical"]')).toEqual([
      { rel: "canonical", href: `http://repository.test/publications/${ids.sampleWellbeing2021}` },
    ]);
    // A report names its institution, not a journal.
    const report = await readMeta(`/publications/${ids.sampleReport2020}`);
    expect(report.map(([name]) => name)).not.toContain("citation_journal_title");
    expect(report).toContainEqual(["citation_technical_report_institution", "Sample Research Unit"]);
  });

  it("describes itself in schema.org JSON-LD that parses, with < escaped inside the block", async () => {
    const [ld] = await readJsonLd(`/publications/${ids.sampleWellbeing2021}`);
    expect(ld["@type"]).toBe("ScholarlyArticle");
    expect(ld.author.map((a: { name: string }) => a.name)).toEqual(["Invented Quenby", "Placeholder Marlowe-Tran", "Example Öztürk"]);
    expect(ld.sameAs).toBe("https://doi.org/10.5555/invented-journal.mental-health.2021.volume-twelve.issue-three.article-0101-sample");
    expect(ld.isPartOf).toEqual({ "@type": "Periodical", name: "Journal of Invented Mental Health", volumeNumber: "12", issueNumber: "3" });
    // A title holding markup cannot end the data block early.
    const patch = await callApi(`/api/publications/${ids.sampleReport2020}`, { method: "PATCH", token: editor, json: { title: "Waiting </script><script>alert(1)</script> times" } });
    expect(patch.status).toBe(200);
    const html = await fetchPage(`/publications/${ids.sampleReport2020}`);
    const block = html.split('<script type="application/ld+json">')[1].split("</script>")[0];
    expect(block).not.toContain("<");
    expect(JSON.parse(block).name).toBe("Waiting </script><script>alert(1)</script> times");
  });

  it("shows the citation details, links, lay summaries, citing briefings and the citations as text", async () => {
    const html = await fetchPage(`/publications/${ids.sampleWellbeing2021}`);
    expect(html).toContain("<dt>Journal</dt><dd>Journal of Invented Mental Health</dd>");
    expect(html).toContain("<dt>Pages</dt><dd>101-117</dd>");
    expect(html).toContain('<time datetime="2021-03">March 2021</time>');
    expect(html).toContain('href="https://doi.org/10.5555/invented-journal.mental-health.2021.volume-twelve.issue-three.article-0101-sample"');
    expect(html).toContain('href="https://example.org/papers/neighbourhood-deprivation-loneliness"');
    const people = await readLinks(`/publications/${ids.sampleWellbeing2021}`, 'p.authors a');
    expect(people.map((a) => a.href)).toEqual([expect.stringMatching(/^\/people\/[0-9A-Z]{26}$/u), expect.any(String), expect.any(String)]);
    const laySummaries = await readLinks(`/publications/${ids.sampleWellbeing2021}`, 'section[aria-labelledby="lay-summaries"] a');
    expect(laySummaries.map((a) => [a.href, a.lang, a.dir])).toEqual([
      [`/lay-summaries/${summaries.cy}`, "cy", "ltr"],
      [`/lay-summaries/${summaries.en}`, "en", "ltr"],
      [`/lay-summaries/${summaries["ur-PK"]}`, "ur-PK", "rtl"],
    ]);
    expect(html).toContain("(Welsh)");
    expect(html).toContain(`<a href="/briefings/${briefingId}">Sample briefing: loneliness and where people live</a>`);
    for (const style of ["APA", "Vancouver", "Harvard"]) expect(html).toContain(`<dt>${style}</dt>`);
    expect(html).toMatch(/<p class="citation">Quenby, I\., Marlowe-Tran, P\., &amp; Öztürk, E\. \(2021\)/u);
  });

  it("leaves out a style whose rendering failed, and says so when none is rendered yet", async () => {
    const html = await fetchPage(`/publications/${ids.sampleWellbeing2021}`);
    expect(html).toContain("<dt>Vancouver</dt>");
    await env.DB.prepare("UPDATE citations SET body = '', error = 'invented failure' WHERE publication_id = ? AND style = 'vancouver'").bind(ids.sampleWellbeing2021).run();
    const failed = await fetchPage(`/publications/${ids.sampleWellbeing2021}`);
    expect(failed).not.toContain("<dt>Vancouver</dt>");
    expect(failed).toContain("<dt>APA</dt>");
    await env.DB.prepare("DELETE FROM citations WHERE publication_id = ?").bind(ids.sampleWellbeing2021).run();
    expect(await fetchPage(`/publications/${ids.sampleWellbeing2021}`)).toContain("Formatted citations are still being prepared");
    expect((await callApi(`/api/publications/${ids.sampleWellbeing2021}/cite?style=apa`)).status).toBe(200);
  });

  it("sends a page shown before its citations were stored again once they are, rather than answering 304", async () => {
    const { report } = await deposit(`@article{etagCitations2022, author = {Placeholder, Etag}, title = {Citations arrive later}, journal = {Invented}, year = 2022}`, editor);
    const id = report.entries[0].id;
    // Let the queue's own rendering finish first, so that nothing but this test's request renders them again.
    const rendered = () => env.DB.prepare("SELECT count(*) AS n FROM citations WHERE publication_id = ?").bind(id).first<{ n: number }>();
    await expect.poll(async () => (await rendered())!.n, { timeout: 30_000, interval: 200 }).toBe(5);
    await env.DB.prepare("DELETE FROM citations WHERE publication_id = ?").bind(id).run();
    const first = await callApi(`/publications/${id}`);
    expect(await first.text()).toContain("Formatted citations are still being prepared");
    expect((await callApi(`/publications/${id}`, { headers: { "if-none-match": first.headers.get("etag")! } })).status).toBe(304);
    expect((await callApi(`/api/publications/${id}/cite?style=apa`)).status).toBe(200);
    const again = await callApi(`/publications/${id}`, { headers: { "if-none-match": first.headers.get("etag")! } });
    expect(again.status).toBe(200);
    expect(await again.text()).toContain("<dt>APA</dt>");
  });

  it("never shows a deposited web address that is not a web address as a link (the deposit does not store it as one)", async () => {
    const { report } = await deposit(`@misc{scriptUrl2022, author = {Placeholder, Script}, title = {A link that runs script}, year = 2022, url = {javascript:alert(1)}}`, editor);
    const html = await fetchPage(`/publications/${report.entries[0].id}`);
    expect(html).not.toContain("Web address");
    expect(html).not.toMatch(/href="javascript:/iu);
  });

  it("offers BibTeX, RIS and CSL-JSON as downloads named by the BibTeX key", async () => {
    const links = await readLinks(`/publications/${ids.sampleWellbeing2021}`, 'a[href*="/cite"]');
    expect(links.map((a) => new URL(a.href!, "http://repository.test").searchParams.get("style"))).toEqual(["bibtex", "ris", "csl-json"]);
    const expected = { bibtex: "sampleWellbeing2021.bib", ris: "sampleWellbeing2021.ris", "csl-json": "sampleWellbeing2021.json" };
    for (const [style, filename] of Object.entries(expected)) {
      const response = await callApi(`/api/publications/${ids.sampleWellbeing2021}/cite?style=${style}`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-disposition")).toBe(`attachment; filename="${filename}"`);
      expect(await response.text()).toContain("Journal of Invented Mental Health");
    }
    // The styles people read stay inline.
    expect((await callApi(`/api/publications/${ids.sampleWellbeing2021}/cite?style=apa`)).headers.get("content-disposition")).toBeNull();
  });
});

describe("a briefing's page", () => {
  it("renders Markdown bold, escapes raw HTML and drops unsafe links", async () => {
    const html = await fetchPage(`/briefings/${briefingId}`);
    expect(html).toContain("<strong>very important</strong>");
    expect(html).not.toContain("**very important**");
    expect(html).toContain("<em>sample</em>");
    expect(html).toContain("<h3>What we found</h3>");
    expect(html).toContain("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    expect(html).not.toContain("<script>alert");
    expect(html).not.toContain("javascript:");
    expect(html).toContain('<a href="https://example.org/more">a good one</a>');
  });

  it("lists its evidence as references in APA with links to each paper, and isBasedOn them in JSON-LD", async () => {
    const html = await fetchPage(`/briefings/${briefingId}`);
    expect(html).toContain("<dt>For</dt><dd>Local authority commissioners</dd>");
    const main = html.slice(html.indexOf("<main"));
    expect(main.indexOf("Key messages")).toBeLessThan(main.indexOf("An invented summary"));
    const references = html.split('<ol class="references">')[1].split("</ol>")[0];
    expect(references).toMatch(/<li>Quenby, I\., Marlowe-Tran, P\., &amp; Öztürk, E\. \(2021\)\. Neighbourhood deprivation/u);
    expect(references).toContain(`href="/publications/${ids.sampleWellbeing2021}"`);
    expect(references).toContain(`href="/publications/${ids.sampleReport2020}"`);
    const [ld] = await readJsonLd(`/briefings/${briefingId}`);
    expect(ld.isBasedOn.map((p: { "@id": string }) => p["@id"])).toEqual([
      `http://repository.test/publications/${ids.sampleWellbeing2021}`,
      `http://repository.test/publications/${ids.sampleReport2020}`,
    ]);
  });
});

describe("a lay summary's page", () => {
  it("sets lang and dir from its language: right to left for Urdu", async () => {
    const html = await fetchPage(`/lay-summaries/${summaries["ur-PK"]}`);
    expect(html).toMatch(/<div lang="ur-PK" dir="rtl" class="item-text"><h1>نمونہ خلاصہ: تنہائی<\/h1>/u);
    expect(await fetchPage(`/lay-summaries/${summaries.cy}`)).toContain('<div lang="cy" dir="ltr" class="item-text">');
  });

  it("links its other languages with hreflang, in the page and in the head", async () => {
    const inPage = await readLinks(`/lay-summaries/${summaries.en}`, 'section[aria-labelledby="other-languages"] a');
    expect(inPage.map((a) => [a.href, a.hreflang])).toEqual([
      [`/lay-summaries/${summaries.cy}`, "cy"],
      [`/lay-summaries/${summaries["ur-PK"]}`, "ur-PK"],
    ]);
    const html = await fetchPage(`/lay-summaries/${summaries.en}`);
    expect(html).toContain(`lang="cy" dir="ltr">Cymraeg</a><span class="meta"> (Welsh)</span>`);
    const inHead = await readLinks(`/lay-summaries/${summaries.en}`, 'link[rel="alternate"][hreflang]');
    expect(inHead.map((l) => l.hreflang).sort()).toEqual(["cy", "en", "ur-PK"]);
    expect(html).toContain(`href="/publications/${ids.sampleWellbeing2021}"`);
  });

  it("gives an English summary's reading level in words", async () => {
    const html = await fetchPage(`/lay-summaries/${summaries.en}`);
    expect(html).toMatch(/<dt>Reading level<\/dt><dd>(Very easy|Easy|Fairly easy) to read: reading age \d{1,2}<\/dd>/u);
    expect(await fetchPage(`/lay-summaries/${summaries.cy}`)).not.toContain("Reading level");
  });
});

describe("a withdrawn publication's tombstone", () => {
  it("answers 410 and keeps the citation and authors, with the date and reason", async () => {
    const withdraw = await callApi(`/api/publications/${ids.sampleReport2020}/withdraw`, { method: "POST", token: editor, json: { reason: "Withdrawn by its invented authors." } });
    expect(withdraw.status).toBe(200);
    const html = await fetchPage(`/publications/${ids.sampleReport2020}`, 410);
    expect(html).toContain("The reason given: Withdrawn by its invented authors.");
    expect(html).toMatch(/This was withdrawn on <time datetime="\d{4}-\d{2}-\d{2}">\d{1,2} [A-Z][a-z]+ \d{4}<\/time>/u);
    // Named, not linked: a person whose only work this was has no public page to link to.
    expect(html).toContain('<p class="authors">Invented Quenby</p>');
    expect(html).not.toContain('href="/people/');
    expect(html).toMatch(/<p class="citation">Quenby, I\. \(2020\)/u);
  });
});

/** The real D1 binding, counting each round trip a caller makes to it: a batch, or one statement run on its own. */
function countRoundTrips(d1: D1Database): { db: D1Database; trips: () => number } {
  let trips = 0;
  const real = new WeakMap<object, D1PreparedStatement>();
  const wrap = (statement: D1PreparedStatement): D1PreparedStatement => {
    const counted = new Proxy(statement, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target);
        if (typeof value !== "function") return value;
        if (prop === "bind") return (...args: unknown[]) => wrap(value.apply(target, args));
        if (prop === "all" || prop === "raw" || prop === "first" || prop === "run") {
          return (...args: unknown[]) => {
            trips++;
            return value.apply(target, args);
          };
        }
        return value.bind(target);
      },
    });
    real.set(counted, statement);
    return counted;
  };
  const db = new Proxy(d1, {
    get(target, prop) {
      if (prop === "prepare") return (query: string) => wrap(target.prepare(query));
      if (prop === "batch") {
        return (statements: D1PreparedStatement[]) => {
          trips++;
          return target.batch(statements.map((s) => real.get(s) ?? s));
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { db, trips: () => trips };
}

describe("reading an item's page", () => {
  it("reads each kind of page, and a tombstone, in one round trip to D1", async () => {
    const now = new Date().toISOString();
    const publication = countRoundTrips(env.DB);
    const paper = await readPublicationPage(openDatabase(publication.db), ids.sampleWellbeing2021, now);
    expect(publication.trips()).toBe(1);
    expect(paper?.state.state).toBe("public");
    expect(paper?.item.authors.map((a) => a.name)).toEqual(["Invented Quenby", "Placeholder Marlowe-Tran", "Example Öztürk"]);
    expect(paper?.laySummaries.map((s) => s.language)).toEqual(["cy", "en", "ur-PK"]);
    expect(paper?.briefings.map((b) => b.id)).toEqual([briefingId]);

    const briefing = countRoundTrips(env.DB);
    const brief = await readBriefingPage(openDatabase(briefing.db), briefingId, now);
    expect(briefing.trips()).toBe(1);
    expect(brief?.item.key_messages).toEqual(["Loneliness follows deprivation.", "Fund neighbourhood groups."]);
    // The report was withdrawn above: only public evidence is listed.
    expect(brief?.evidence.map((p) => p.id)).toEqual([ids.sampleWellbeing2021]);
    expect(brief?.apa.get(ids.sampleWellbeing2021)).toMatch(/^Quenby, I\., Marlowe-Tran, P\., & Öztürk, E\. \(2021\)/u);

    const summary = countRoundTrips(env.DB);
    const welsh = await readLaySummaryPage(openDatabase(summary.db), summaries.cy, now);
    expect(summary.trips()).toBe(1);
    expect(welsh?.item.title).toBe("Crynodeb enghreifftiol: unigrwydd");
    expect(welsh?.translations.map((t) => t.language)).toEqual(["en", "ur-PK"]);

    const missing = countRoundTrips(env.DB);
    expect(await readPublicationPage(openDatabase(missing.db), "01NOSUCHPUBLICATION0000000", now)).toBeUndefined();
    expect(missing.trips()).toBe(1);
  });
});

/** Bytes of a text once gzipped, as a browser fetching it with `accept-encoding: gzip` would receive it. */
async function gzipSize(text: string): Promise<number> {
  const stream = new Response(text).body!.pipeThrough(new CompressionStream("gzip"));
  return (await new Response(stream).arrayBuffer()).byteLength;
}

describe("a publication with 300 authors", () => {
  let id: string;
  beforeAll(async () => {
    const { report } = await deposit(manyAuthorsBib, editor);
    expect(report.entries[0].status, JSON.stringify(report.entries[0])).toBe("created");
    id = report.entries[0].id;
    const patch = await callApi(`/api/publications/${id}`, { method: "PATCH", token: editor, json: { topics: ["income-debt-poverty"] } });
    expect(patch.status, await patch.clone().text()).toBe(200);
    // The page as readers mostly get it: with its citations stored.
    expect((await callApi(`/api/publications/${id}/cite?style=apa`)).status).toBe(200);
  });

  it("names a few authors' feeds in the head, keeps its topics' feeds, and links every author in the page", async () => {
    const alternates = await readLinks(`/publications/${id}`, 'head link[rel="alternate"]');
    const people = alternates.filter((l) => l.href!.startsWith("/feeds/people/"));
    const topics = alternates.filter((l) => l.href!.startsWith("/feeds/topics/"));
    expect(people.length).toBe(9);
    expect(new Set(people.map((l) => l.href!.replace(/\.\w+$/u, ""))).size).toBe(3);
    expect(topics.map((l) => l.href)).toContain("/feeds/topics/income-debt-poverty.atom");
    expect(alternates.length).toBeLessThanOrEqual(15);
    const authors = await readLinks(`/publications/${id}`, ".authors a");
    expect(authors.length).toBe(300);
    expect(new Set(authors.map((a) => a.href)).size).toBe(300);
    // The first ten shown, the rest a disclosure away, so the paper's details are not screens down.
    const html = await fetchPage(`/publications/${id}`);
    expect(html).toContain('<details class="more-authors"><summary>and 290 more authors</summary>');
    expect(html.split('<details class="more-authors">')[0].match(/href="\/people\//gu)?.length).toBe(10);
  });

  it("stays under 30 KB gzipped with its stylesheet and scripts, and small for a phone to parse", async () => {
    const html = await fetchPage(`/publications/${id}`);
    // Three feed links per author made it 211 kB; what is left is each author once in the page, its tags and its JSON-LD.
    expect(new TextEncoder().encode(html).byteLength).toBeLessThan(120_000);
    const assets = [...html.matchAll(/<(?:link rel="stylesheet" href|script[^>]*? src)="([^"]+)"/gu)].map((m) => m[1]);
    expect(assets).toContain("/static/site.css");
    let total = await gzipSize(html);
    for (const asset of assets) {
      const response = await callApi(asset);
      expect(response.status, asset).toBe(200);
      total += await gzipSize(await response.text());
    }
    expect(total).toBeLessThan(30 * 1024);
  });
});

describe("a briefing's JSON-LD", () => {
  it("names each paper it is based on by what identifies it, without the paper's abstract", async () => {
    const [ld] = await readJsonLd(`/briefings/${briefingId}`);
    const [paper] = ld.isBasedOn;
    expect(paper).toEqual({
      "@type": "ScholarlyArticle",
      "@id": `http://repository.test/publications/${ids.sampleWellbeing2021}`,
      url: `http://repository.test/publications/${ids.sampleWellbeing2021}`,
      name: expect.stringMatching(/^Neighbourhood deprivation, loneliness/u),
      author: [
        { "@type": "Person", name: "Invented Quenby" },
        { "@type": "Person", name: "Placeholder Marlowe-Tran" },
        { "@type": "Person", name: "Example Öztürk" },
      ],
      datePublished: "2021-03",
      identifier: { "@type": "PropertyValue", propertyID: "DOI", value: "10.5555/invented-journal.mental-health.2021.volume-twelve.issue-three.article-0101-sample" },
      sameAs: "https://doi.org/10.5555/invented-journal.mental-health.2021.volume-twelve.issue-three.article-0101-sample",
    });
    expect(JSON.stringify(ld)).not.toContain("This is an invented abstract");
  });
});

describe("a lay summary of a paper without a title", () => {
  it("still links the paper, as the paper", async () => {
    const { report } = await deposit(`@article{untitledOld1999, author = {Placeholder, Untitled}, title = {Soon to lose its title}, journal = {Invented}, year = 1999}`, editor);
    const paperId = report.entries[0].id;
    const summaryId = await create("lay-summaries", { publication_id: paperId, language: "en", title: "Sample summary of an untitled paper", body: "A short invented summary." });
    await publish("lay-summaries", summaryId);
    // As records deposited before untitled entries were given a stand-in title are stored.
    await env.DB.prepare("UPDATE publications SET title = NULL WHERE id = ?").bind(paperId).run();
    const html = await fetchPage(`/lay-summaries/${summaryId}`);
    expect(html).toContain(`This summarises <a href="/publications/${paperId}">the research paper</a>.`);
  });
});

describe("an impossible stored date", () => {
  it("is shown as its year and month, never rolled over into the next month", async () => {
    const { report } = await deposit(`@article{impossibleDate2021, author = {Placeholder, Calendar}, title = {A date that never was}, journal = {Invented}, date = {2021-02-31}}`, editor);
    const id = report.entries[0].id;
    const stored = (await (await callApi(`/api/publications/${id}`)).json()) as { issued: string };
    expect(stored.issued).toBe("2021-02-31");
    const html = await fetchPage(`/publications/${id}`);
    expect(html).not.toContain("March 2021");
    expect(html).toContain('<time datetime="2021-02">February 2021</time>');
  });
});
