import { beforeAll, describe, expect, it } from "vitest";
import searchPageBib from "../fixtures/search-page.bib?raw";
import { callApi, createToken, deposit } from "./helpers";

let editor: string;
/** Publication id by BibTeX key. */
const ids: Record<string, string> = {};

async function page(path: string, status = 200): Promise<string> {
  const response = await callApi(path);
  const body = await response.text();
  expect(response.status, body.slice(0, 500)).toBe(status);
  expect(response.headers.get("content-type")).toBe("text/html; charset=UTF-8");
  return body;
}

/** The text of every element matched by `selector` (HTMLRewriter, as a browser would parse the page). */
async function texts(html: string, selector: string): Promise<string[]> {
  const found: string[] = [];
  await new HTMLRewriter()
    .on(selector, {
      element() {
        found.push("");
      },
      text(chunk) {
        found[found.length - 1] += chunk.text;
      },
    })
    .transform(new Response(html))
    .text();
  return found.map((t) => t.replace(/\s+/gu, " ").trim());
}

async function attributes(html: string, selector: string, name: string): Promise<string[]> {
  const found: string[] = [];
  await new HTMLRewriter()
    .on(selector, { element: (e) => void found.push(e.getAttribute(name) ?? "") })
    .transform(new Response(html))
    .text();
  return found.map((v) => v.replaceAll("&amp;", "&"));
}

beforeAll(async () => {
  editor = await createToken("editor");
  const { report } = await deposit(searchPageBib, editor);
  expect(report.created).toBe(3);
  for (const entry of report.entries) ids[entry.key] = entry.id;
  const created = await callApi("/api/briefings", {
    method: "POST",
    token: editor,
    json: { title: "Sample briefing: harbour shifts and worry", summary: "Split shifts go with worry.", key_messages: ["Worry rises with split shifts."], body: "Harbour worry.", audience: "Port employers", topics: ["income-debt-poverty"] },
  });
  expect(created.status).toBe(201);
  const { id } = (await created.json()) as { id: string };
  expect((await callApi(`/api/briefings/${id}/publish`, { method: "POST", token: editor, json: {} })).status).toBe(200);
});

describe("GET /search", () => {
  it("without a query shows the form and how to search, and no feeds", async () => {
    const html = await page("/search");
    expect(await attributes(html, "form.search-page-form", "method")).toEqual(["get"]);
    expect(await attributes(html, "form.search-page-form", "action")).toEqual(["/search"]);
    expect(await attributes(html, "label[for=search-q]", "for")).toEqual(["search-q"]);
    expect(await texts(html, "#tips-heading")).toEqual(["How to search"]);
    expect(await texts(html, "#results-heading")).toEqual([]);
    expect(await attributes(html, "link[rel=alternate]", "href")).toEqual([]);
    expect(await attributes(html, "script[src]", "src")).toContain("/static/suggest.js");
    expect(html).not.toMatch(/<script>(?!<\/script>)/u);
  });

  it("shows the count, each result's kind, authors and year, its highlighted snippet with everything else escaped, and where it matched", async () => {
    const html = await page("/search?q=worry&sort=relevance");
    expect(await texts(html, "#results-heading")).toEqual(["4 results for “worry”"]);
    expect(await texts(html, ".result-kind")).toEqual(expect.arrayContaining(["Publication", "Policy briefing"]));
    const tides = (await texts(html, ".result")).find((t) => t.includes("Tidal work and worry"))!;
    expect(tides).toContain("Quilla Marram, Tamsin Fenwick-Oduya · 2024");
    expect(tides).toContain("Matched in the title and the text");
    expect(await texts(html, ".snippet mark")).toContain("worry");
    // The abstract's markup is text: escaped once, never an element.
    expect(html).toContain("x &lt; y &amp; &lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toContain("<script>alert");
  });

  it("counts each facet, and its links narrow the search keeping the words and the other filters", async () => {
    const html = await page("/search?q=worry&kind=publication");
    expect(await texts(html, "#results-heading")).toEqual(["3 results for “worry”"]);
    const kinds = await texts(html, ".facet a");
    expect(kinds).toEqual(expect.arrayContaining(["Remove filter: Publications (3)", "Policy briefings (1)", "2024 (1)", "2021 (1)", "2019 (1)"]));
    // Languages are counted too, with their names.
    expect(kinds.filter((k) => /^English \(\d\)$/u.test(k))).toHaveLength(1);
    const hrefs = await attributes(html, ".facet a", "href");
    expect(hrefs).toContain("/search?q=worry");
    expect(hrefs).toContain("/search?q=worry&kind=publication&lang=en");
    expect(hrefs).toContain("/search?q=worry&kind=publication&kind=briefing");
    expect(hrefs).toContain("/search?q=worry&kind=publication&year_from=2024&year_to=2024");
    const narrowed = await page("/search?q=worry&kind=publication&year_from=2024&year_to=2024");
    expect(await texts(narrowed, "#results-heading")).toEqual(["1 result for “worry”"]);
    expect(await attributes(narrowed, "input[type=hidden][name=kind]", "value")).toEqual(["publication"]);
  });

  it("names the search's feeds in the head and offers them to subscribe to", async () => {
    const html = await page("/search?q=worry&kind=briefing&sort=newest");
    const feeds = ["/feeds/search.rss?q=worry&kind=briefing", "/feeds/search.atom?q=worry&kind=briefing", "/feeds/search.json?q=worry&kind=briefing"];
    expect(await attributes(html, "link[rel=alternate]", "href")).toEqual(feeds);
    expect(await attributes(html, ".subscribe a", "href")).toEqual([...feeds, "/feeds"]);
    expect(await texts(html, ".subscribe a")).toEqual(["RSS feed", "Atom feed", "JSON Feed", "What is a feed?"]);
    for (const feed of feeds) expect((await callApi(feed)).status).toBe(200);
  });

  it("pages with the API's cursor, and offers the first page back", async () => {
    const first = await page("/search?q=harbour&limit=2&sort=oldest");
    const next = (await attributes(first, "a[rel=next]", "href"))[0];
    expect(next).toMatch(/^\/search\?q=harbour&sort=oldest&limit=2&cursor=[\w-]+&page=2$/u);
    const second = await page(next);
    expect(await texts(second, ".result h3")).toHaveLength(2);
    expect(await texts(second, ".result h3")).not.toEqual(await texts(first, ".result h3"));
    expect(await texts(second, ".pagination a")).toEqual(["First page"]);
  });

  it("offers the repository's spelling as a link when little matches", async () => {
    const html = await page("/search?q=harbur");
    expect(await attributes(html, ".no-results a", "href")).toContain("/search?q=harbour");
  });

  it("shows the form with an error summary, not a 500 or JSON, for input it cannot take", async () => {
    const html = await page("/search?q=worry&year_from=soon&limit=0", 400);
    expect(await texts(html, ".error-summary h2")).toEqual(["There is a problem"]);
    expect(await texts(html, ".error-summary li")).toEqual(["Enter the first year as 4 digits, like 2019", "Results per page must be a whole number from 1 to 100"]);
    expect(await attributes(html, ".error-summary a", "href")).toEqual(["#year-from"]);
    expect(await attributes(html, "#year-from", "aria-describedby")).toEqual(["year-from-error"]);
    expect(await attributes(html, "#search-q", "value")).toEqual(["worry"]);
    // Sending the form again must not carry the bad limit back.
    expect(await attributes(html, "input[name=limit]", "value")).toEqual([]);
    expect(await texts(html, "title")).toEqual([expect.stringMatching(/^Error: worry – Search/u)]);

    const order = await page("/search?year_from=2024&year_to=2020", 400);
    expect(await texts(order, ".error-summary li")).toEqual(["The first year must be the same as the last year or before it"]);
    const topic = await page("/search?q=worry&topic=no-such-topic", 400);
    expect(await texts(topic, ".error-summary li")).toEqual(["A topic in this address is not one of ours: choose one from the list"]);
    const cursor = await page("/search?q=worry&cursor=not-a-cursor", 400);
    expect(await texts(cursor, ".error-summary li")).toEqual(["This page link is out of date: start again from the first page"]);
  });

  it("links an out-of-date page link to the same search's first page", async () => {
    const html = await page("/search?q=worry&kind=publication&sort=newest&cursor=WyJ4IiwxLDJd&page=2", 400);
    expect(await texts(html, ".error-summary a")).toEqual(["This page link is out of date: start again from the first page"]);
    expect(await attributes(html, ".error-summary a", "href")).toEqual(["/search?q=worry&kind=publication&sort=newest"]);
    const first = await page("/search?q=worry&kind=publication&sort=newest");
    expect(await texts(first, "#results-heading")).toEqual(["3 results for “worry”"]);
  });
});

describe("titles in other languages", () => {
  const urdu = "خلاصہ: بندرگاہ کی شفٹیں اور پریشانی";
  let urduId: string;

  beforeAll(async () => {
    const created = await callApi("/api/lay-summaries", {
      method: "POST",
      token: editor,
      json: { publication_id: ids.marram2024tides, language: "ur", title: urdu, body: "بندرگاہ کے عملے میں پریشانی زیادہ تھی۔", topics: ["income-debt-poverty"] },
    });
    expect(created.status, await created.clone().text()).toBe(201);
    urduId = ((await created.json()) as { id: string }).id;
    expect((await callApi(`/api/lay-summaries/${urduId}/publish`, { method: "POST", token: editor, json: {} })).status).toBe(200);
  });

  it("gives each API hit its language, and counts languages among the facets", async () => {
    const answer = (await (await callApi("/api/search?kind=lay-summary,publication")).json()) as {
      items: { id: string; language: string | null }[];
      facets: { language: { value: string; count: number }[] };
    };
    expect(answer.items.find((i) => i.id === urduId)?.language).toBe("ur");
    expect(answer.items.find((i) => i.id === ids.marram2024tides)?.language).toBe("en");
    expect(answer.facets.language).toContainEqual({ value: "ur", count: 1 });
    // Counted as if `lang` were off, as every facet is.
    const everything = (await (await callApi("/api/search")).json()) as typeof answer;
    const urduOnly = (await (await callApi("/api/search?lang=ur")).json()) as typeof answer;
    expect(urduOnly.items.map((i) => i.id)).toEqual([urduId]);
    expect(urduOnly.facets.language).toEqual(everything.facets.language);
    expect(everything.facets.language.map((f) => f.value)).toEqual(expect.arrayContaining(["en", "ur"]));
  });

  it("marks an Urdu summary's title and snippet as Urdu and right to left inside the English page", async () => {
    const html = await page("/search?kind=lay-summary&kind=publication&sort=newest");
    const hrefs = await attributes(html, ".result h3 a", "href");
    const langs = await attributes(html, ".result h3 a", "lang");
    const dirs = await attributes(html, ".result h3 a", "dir");
    const at = hrefs.indexOf(`/lay-summaries/${urduId}`);
    expect(at).toBeGreaterThanOrEqual(0);
    expect([langs[at], dirs[at]]).toEqual(["ur", "rtl"]);
    expect((await texts(html, ".result h3 a"))[at]).toBe(urdu);
    // An English paper on an English page needs no lang.
    const paper = hrefs.indexOf(`/publications/${ids.marram2024tides}`);
    expect([langs[paper], dirs[paper]]).toEqual(["", "ltr"]);
    expect(await attributes(html, ".result .snippet[lang=ur]", "dir")).toEqual(["rtl"]);
    expect(await attributes(html, ".result h3[lang=ur]", "dir")).toEqual(["rtl"]);
    expect(await texts(html, ".facet a")).toContain("Urdu (1)");
  });
});

describe("GET /static/suggest.js", () => {
  it("is an external script under 5 KB", async () => {
    const response = await callApi("/static/suggest.js");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    const body = await response.text();
    expect(new TextEncoder().encode(body).length).toBeLessThan(5 * 1024);
    expect(body).toContain('setAttribute("role", "combobox")');
  });
});
