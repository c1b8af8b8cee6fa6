import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { callApi, createItem, createToken, deposit, publishItem } from "./helpers";

let editor: string;
/** Publication id by BibTeX key. */
const ids: Record<string, string> = {};
let paginaId: string;
let okaforId: string;
let welshSummaryId: string;

const PAGED = 27;

/** Invented entries: one author with more works than a page holds, one with a lay summary, one with a withdrawn paper. */
function browseBib(): string {
  const paged = Array.from({ length: PAGED }, (_, i) => `@article{paged${i},
  author = {Pagina, Example},
  title = {Sample paged study number ${String(i).padStart(2, "0")}},
  journal = {Journal of Sample Studies},
  year = ${1990 + i}
}`);
  return [
    ...paged,
    `@article{okafor2023, author = {Okafor, Sample and Pagina, Example}, title = {Sample study of debt and anxiety}, journal = {Journal of Sample Studies}, year = 2023}`,
    `@article{gone2019, author = {Withdrawn, Sample}, title = {Sample study later withdrawn}, journal = {Journal of Sample Studies}, year = 2019}`,
  ].join("\n\n");
}

const create = (kind: string, json: Record<string, unknown>) => createItem(kind, json, editor);

const publish = (kind: string, id: string, body: Record<string, unknown> = {}) => publishItem(kind, id, editor, body);

async function withdraw(kind: string, id: string) {
  const response = await callApi(`/api/${kind}/${id}/withdraw`, { method: "POST", token: editor, json: { reason: "A sample withdrawal." } });
  expect(response.status, await response.clone().text()).toBe(200);
}

async function fetchPage(path: string, status = 200): Promise<string> {
  const response = await callApi(path);
  const body = await response.text();
  expect(response.status, `${path}: ${body.slice(0, 300)}`).toBe(status);
  if (status === 200) expect(response.headers.get("content-type")).toMatch(/^text\/html; charset=utf-8$/iu);
  return body;
}

/** The item links on a page, in order, as a reader sees them: title text, the address, and the language if marked. */
function itemLinks(html: string): { href: string; title: string; lang?: string }[] {
  return itemLinksWithDirection(html).map(({ dir: _dir, ...link }) => link);
}

/** The item links with their writing direction too. */
function itemLinksWithDirection(html: string): { href: string; title: string; lang?: string; dir?: string }[] {
  return [...html.matchAll(/<a href="(\/(?:publications|briefings|lay-summaries)\/[0-9A-Z]{26})"([^>]*)>([^<]*)<\/a>/gu)].map((m) => {
    const lang = /\blang="([^"]+)"/u.exec(m[2])?.[1];
    const dir = /\bdir="([^"]+)"/u.exec(m[2])?.[1];
    return { href: m[1], title: m[3], ...(lang ? { lang } : {}), ...(dir ? { dir } : {}) };
  });
}

const nextHref = (html: string) => html.match(/<a href="([^"]+)" rel="next">Next page<\/a>/u)?.[1]?.replace(/&amp;/gu, "&");

/** Every page of a list, following its "Next page" links. */
async function allPages(path: string): Promise<string[][]> {
  const pages: string[][] = [];
  let next: string | undefined = path;
  while (next) {
    const html = await fetchPage(next);
    pages.push(itemLinks(html).map((l) => l.title));
    next = nextHref(html);
  }
  return pages;
}

beforeAll(async () => {
  editor = await createToken("editor");
  const { report } = await deposit(browseBib(), editor);
  for (const entry of report.entries) ids[entry.key] = entry.id;
  expect(Object.keys(ids).length).toBe(PAGED + 2);
  const authors = async (id: string) => ((await (await callApi(`/api/publications/${id}`)).json()) as { authors: { id: string; name: string }[] }).authors;
  paginaId = (await authors(ids.paged0))[0].id;
  okaforId = (await authors(ids.okafor2023))[0].id;
  await env.DB.prepare("UPDATE people SET orcid = ? WHERE id = ?").bind("0000-0002-1825-0097", okaforId).run();
  for (const key of ["okafor2023", "gone2019"]) {
    const patch = await callApi(`/api/publications/${ids[key]}`, { method: "PATCH", token: editor, json: { topics: ["income-debt-poverty"] } });
    expect(patch.status).toBe(200);
  }
  const briefing = await create("briefings", {
    title: "Sample briefing: money worries",
    summary: "S.",
    key_messages: ["A message."],
    body: "B.",
    audience: "Local authorities",
    topics: ["income-debt-poverty"],
    publication_ids: [ids.okafor2023],
  });
  await publish("briefings", briefing);
  welshSummaryId = await create("lay-summaries", {
    publication_id: ids.okafor2023,
    language: "cy",
    title: "Crynodeb enghreifftiol: dyled a gorbryder",
    body: "Testun enghreifftiol.",
    topics: ["income-debt-poverty"],
  });
  await publish("lay-summaries", welshSummaryId);
  // A topic with more than a page: one briefing, then every paged study.
  for (let i = 0; i < PAGED; i++) {
    const patch = await callApi(`/api/publications/${ids[`paged${i}`]}`, { method: "PATCH", token: editor, json: { topics: ["older-adults"] } });
    expect(patch.status).toBe(200);
  }
  await publish("briefings", await create("briefings", { title: "Sample briefing: later life", summary: "S.", key_messages: ["M."], body: "B.", audience: "Care homes", topics: ["older-adults"] }));
  // Never listed: a draft, an embargoed and a withdrawn briefing on the topic, and a summary of a withdrawn paper.
  await create("briefings", { title: "Sample briefing: still a draft", summary: "S.", body: "B.", audience: "Everyone", topics: ["income-debt-poverty"] });
  const embargoed = await create("briefings", { title: "Sample briefing: under embargo", summary: "S.", body: "B.", audience: "Everyone", topics: ["income-debt-poverty"] });
  await publish("briefings", embargoed, { publish_at: "2099-01-01T00:00:00.000Z" });
  const withdrawn = await create("briefings", { title: "Sample briefing: later withdrawn", summary: "S.", body: "B.", audience: "Everyone", topics: ["income-debt-poverty"] });
  await publish("briefings", withdrawn);
  await withdraw("briefings", withdrawn);
  const orphan = await create("lay-summaries", { publication_id: ids.gone2019, language: "en", title: "Sample summary of a withdrawn paper", body: "Sample text.", topics: ["income-debt-poverty"] });
  await publish("lay-summaries", orphan);
  await withdraw("publications", ids.gone2019);
  // A depositor's entry waits for review: its author is known to nobody outside.
  const depositor = await createToken("depositor");
  const submitted = await deposit(`@article{waiting2024, author = {Waiting, Sample}, title = {Sample study awaiting review}, journal = {J}, year = 2024}`, depositor);
  ids.waiting2024 = submitted.report.entries[0].id;
});

const NEVER_LISTED = ["Sample briefing: still a draft", "Sample briefing: under embargo", "Sample briefing: later withdrawn", "Sample summary of a withdrawn paper", "Sample study later withdrawn", "Sample study awaiting review"];

describe("/topics", () => {
  it("lists every topic with its description and how many public items it has", async () => {
    const html = await fetchPage("/topics");
    expect(html).toContain('<a href="/topics/income-debt-poverty">Income, debt and poverty</a><div class="meta">3 items</div>');
    expect(html).toContain('<a href="/topics/housing-homelessness">Housing and homelessness</a><div class="meta">0 items</div>');
    expect((html.match(/<a href="\/topics\/[a-z0-9-]+">/gu) ?? []).length).toBe(17);
    expect(html).toContain('<a href="/topics/older-adults">Older adults</a><div class="meta">28 items</div>');
  });

  it("shows a topic's public items, briefings first, then plain-language summaries, then publications, with its feeds", async () => {
    const html = await fetchPage("/topics/income-debt-poverty");
    expect(html).toContain("<h1>Income, debt and poverty</h1>");
    expect([...html.matchAll(/<h2 id="[^"]+">([^<]+)<\/h2>/gu)].map((m) => m[1])).toEqual(["Policy briefings", "Plain-language summaries", "Publications", "Subscribe to this topic"]);
    expect(itemLinks(html)).toEqual([
      { href: expect.stringMatching(/^\/briefings\//u), title: "Sample briefing: money worries" },
      { href: `/lay-summaries/${welshSummaryId}`, title: "Crynodeb enghreifftiol: dyled a gorbryder", lang: "cy" },
      { href: `/publications/${ids.okafor2023}`, title: "Sample study of debt and anxiety" },
    ]);
    for (const title of NEVER_LISTED) expect(html).not.toContain(title);
    for (const format of ["rss", "atom", "json"]) {
      expect(html).toContain(`<link rel="alternate" type=`);
      expect(html).toMatch(new RegExp(`<link rel="alternate" type="[^"]+" title="Income, debt and poverty \\([^)]+\\)" href="/feeds/topics/income-debt-poverty.${format}"/?>`, "u"));
      expect(html).toContain(`<a href="/feeds/topics/income-debt-poverty.${format}">`);
    }
  });

  it("pages through a topic across its kinds, the briefing first, no item twice", async () => {
    const first = await fetchPage("/topics/older-adults");
    expect([...first.matchAll(/<h2 id="[^"]+">([^<]+)<\/h2>/gu)].map((m) => m[1])).toEqual(["Policy briefings", "Publications", "Subscribe to this topic"]);
    const pages = await allPages("/topics/older-adults");
    expect(pages.map((p) => p.length)).toEqual([25, PAGED + 1 - 25]);
    const titles = pages.flat();
    expect(titles[0]).toBe("Sample briefing: later life");
    expect(titles.slice(1)).toEqual(Array.from({ length: PAGED }, (_, i) => `Sample paged study number ${String(PAGED - 1 - i).padStart(2, "0")}`));
    const second = await fetchPage(nextHref(first)!);
    expect(second).toContain('<a href="/topics/older-adults">First page</a>');
  });

  it("says an empty topic has nothing yet, and still offers its feed", async () => {
    const html = await fetchPage("/topics/housing-homelessness");
    expect(html).toContain("Nothing is published on this topic yet.");
    expect(itemLinks(html)).toEqual([]);
    expect(html).toContain('<a href="/feeds/topics/housing-homelessness.rss">RSS feed</a>');
  });

  it("answers an unknown topic with the 404 page", async () => {
    const html = await fetchPage("/topics/no-such-topic", 404);
    expect(html).toContain("<h1>Page not found</h1>");
  });
});

describe("lists by kind", () => {
  it("pages through every public publication newest first, none twice, none that is not public", async () => {
    const pages = await allPages("/publications");
    expect(pages.map((p) => p.length)).toEqual([25, PAGED + 1 - 25]);
    const titles = pages.flat();
    expect(new Set(titles).size).toBe(titles.length);
    expect(titles[0]).toBe("Sample study of debt and anxiety");
    expect(titles[1]).toBe("Sample paged study number 26");
    expect(titles.at(-1)).toBe("Sample paged study number 00");
    for (const title of NEVER_LISTED) expect(titles).not.toContain(title);
  });

  it("shows each publication's authors and year, and names the kind's feed", async () => {
    const html = await fetchPage("/publications");
    expect(html).toContain(`>Sample study of debt and anxiety</a><div class="meta">Sample Okafor, Example Pagina · 2023</div>`);
    expect(html).toContain('<a href="/feeds/publications.atom">Atom feed</a>');
    expect(html).toContain('href="/feeds/publications.json"');
  });

  it("lists briefings with their audience and no draft, embargoed or withdrawn one", async () => {
    const html = await fetchPage("/briefings");
    expect(itemLinks(html).map((l) => l.title)).toEqual(["Sample briefing: later life", "Sample briefing: money worries"]);
    expect(html).toMatch(/<div class="meta">For Local authorities · \d{1,2} [A-Z][a-z]+ 20\d\d<\/div>/u);
  });

  it("lists lay summaries with their language, the title marked with its lang, and none of a withdrawn paper", async () => {
    const html = await fetchPage("/lay-summaries");
    expect(itemLinks(html)).toEqual([{ href: `/lay-summaries/${welshSummaryId}`, title: "Crynodeb enghreifftiol: dyled a gorbryder", lang: "cy" }]);
    expect(html).toMatch(/<div class="meta">Welsh · /u);
    expect(html).toContain("Summary of: Sample study of debt and anxiety");
  });

  it("answers a cursor that another list gave, or a hand-edited one, with a page saying the link is out of date and leading to the first page", async () => {
    const next = nextHref(await fetchPage("/publications"));
    expect(next).toMatch(/^\/publications\?cursor=/u);
    const cases: [string, string][] = [
      [next!.replace("/publications", "/briefings"), "/briefings"],
      ["/publications?cursor=not-a-cursor", "/publications"],
      [`${next!}x`, "/publications"],
      [`/topics/older-adults?cursor=${btoa(JSON.stringify(["topic:older-adults", "two", "2020", 1]))}`, "/topics/older-adults"],
      [next!.replace("/publications", `/people/${paginaId}`), `/people/${paginaId}`],
    ];
    for (const [path, first] of cases) {
      const html = await fetchPage(path, 400);
      expect(html).toContain("<h1>This page link is out of date</h1>");
      expect(html).toContain(`<a href="${first}">Go to the first page</a>`);
      expect(html).not.toContain("Something went wrong");
    }
  });
});

describe("/people/:id", () => {
  it("pages through a person's public works newest first, with the lay summaries of them and their feeds", async () => {
    const pages = await allPages(`/people/${paginaId}`);
    const titles = pages.flat();
    expect(pages[0].slice(0, 3)).toEqual(["Sample study of debt and anxiety", "Crynodeb enghreifftiol: dyled a gorbryder", "Sample paged study number 26"]);
    expect(titles.filter((t) => t.startsWith("Sample paged study")).length).toBe(PAGED);
    expect(new Set(titles).size).toBe(titles.length);
    expect(titles).toContain("Crynodeb enghreifftiol: dyled a gorbryder");
    const first = await fetchPage(`/people/${paginaId}`);
    expect(first).toContain("<h1>Example Pagina</h1>");
    expect(first).not.toContain("ORCID");
    expect(first).toContain(`<a href="/feeds/people/${paginaId}.rss">RSS feed</a>`);
    expect(first).toMatch(new RegExp(`<link rel="alternate" type="application/atom\\+xml" title="Example Pagina \\(Atom\\)" href="/feeds/people/${paginaId}.atom"/?>`, "u"));
  });

  it("shows an ORCID iD as a link to orcid.org, and the Welsh summary marked as Welsh", async () => {
    const html = await fetchPage(`/people/${okaforId}`);
    expect(html).toContain('ORCID iD: <a href="https://orcid.org/0000-0002-1825-0097">0000-0002-1825-0097</a>');
    expect(itemLinks(html)).toEqual([
      { href: `/publications/${ids.okafor2023}`, title: "Sample study of debt and anxiety" },
      { href: `/lay-summaries/${welshSummaryId}`, title: "Crynodeb enghreifftiol: dyled a gorbryder", lang: "cy" },
    ]);
    expect(html).toContain('<span class="meta">(Welsh)</span>');
  });

  it("answers 404 for an unknown person, and for one whose work is not public", async () => {
    expect(await fetchPage("/people/01NOSUCHPERSON00000000000", 404)).toContain("<h1>Page not found</h1>");
    const waiting = ((await (await callApi(`/api/publications/${ids.waiting2024}`, { token: editor })).json()) as { authors: { id: string }[] }).authors[0].id;
    await fetchPage(`/people/${waiting}`, 404);
    const withdrawnAuthor = await env.DB.prepare("SELECT person_id FROM publication_authors WHERE publication_id = ?").bind(ids.gone2019).first<{ person_id: string }>();
    expect(withdrawnAuthor?.person_id).toMatch(/^[0-9A-Z]+$/u);
    await fetchPage(`/people/${withdrawnAuthor!.person_id}`, 404);
  });
});

describe("titles in other languages", () => {
  it("marks an Urdu summary's title as Urdu and right to left in every list, and a paper of no stated language with no lang", async () => {
    const urdu = "خلاصہ: قرض اور پریشانی";
    const urduId = await create("lay-summaries", { publication_id: ids.okafor2023, language: "ur", title: urdu, body: "نمونہ متن۔", topics: ["income-debt-poverty"] });
    await publish("lay-summaries", urduId);
    const expected = { href: `/lay-summaries/${urduId}`, title: urdu, lang: "ur", dir: "rtl" };
    for (const path of ["/lay-summaries", "/topics/income-debt-poverty", `/people/${okaforId}`, "/"]) {
      const links = itemLinksWithDirection(await fetchPage(path));
      expect(links, path).toContainEqual(expected);
      expect(links.find((l) => l.title === "Crynodeb enghreifftiol: dyled a gorbryder"), path).toMatchObject({ lang: "cy", dir: "ltr" });
      const english = links.find((l) => l.title === "Sample study of debt and anxiety");
      // A deposited paper names no language: no lang, and the browser takes its direction from its letters.
      if (english) expect(english, path).toEqual({ href: `/publications/${ids.okafor2023}`, title: "Sample study of debt and anxiety", dir: "auto" });
    }
  });
});
