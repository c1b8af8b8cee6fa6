// Real deposited records (../shared/bib) on a 320 px phone: the longest titles, DOIs and web addresses, the most authors
// and the longest unbroken words, picked by measuring what the API stored, on their publication, search and person pages.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { HAS_CHROMIUM, launchChromium } from "./chromium";
import { expectNoAxeViolations } from "./axe";

const SHARED_BIB_DIR = path.resolve(import.meta.dirname, "../../../shared/bib");
/**
 * The files whose entries stretch a page most, found by reading them: JabRef's 409-character titles, 75-character DOIs
 * and 38 authors, Mendeley's 629-character web address and 282-character titles. Left out to keep the test quick (the
 * queue renders every deposited record's citations in the same Worker): bbt-1436-3-large.bib (3 MB, minutes to deposit
 * on a busy machine) and bbt-97-jabref-groups.bib (one DOI longer, by 18 characters, than these). Left out because
 * the desk's deposit tests deposit them into the same Worker and need their entries new: biblatex-examples.bib (an
 * 80-character DOI) and bbt-873-crossref-comments.bib.
 */
const FILES = ["bbt-1436-2-jabref.bib", "bbt-mendeley-export.bib"];
const HAS_SHARED_BIB = FILES.every((name) => existsSync(path.join(SHARED_BIB_DIR, name)));
/** How many records each measure picks. */
const PICKS = 10;

type Publication = {
  id: string;
  title: string | null;
  authors: { id: string; name: string }[];
  container_title: string | null;
  publisher: string | null;
  pages: string | null;
  abstract: string | null;
  keywords: string[];
  doi: string | null;
  url: string | null;
};

let browser: Browser;
let phone: Page;
let baseUrl: string;
let records: Publication[] = [];

const url = (pathname: string) => new URL(pathname, baseUrl).href;

/** A Worker that reloads (wrangler with file watching on, as `npm start`) answers a request it was in with this, once. */
async function callApi(token: string, method: string, pathname: string, body?: string, type = "application/json"): Promise<any> {
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(url(pathname), { method, headers: { authorization: `Bearer ${token}`, "content-type": type }, body });
    const text = await response.text();
    if (text.startsWith("Your worker restarted mid-request") && attempt < 4) continue;
    expect(response.status, `${method} ${pathname}: ${text.slice(0, 500)}`).toBeLessThan(300);
    return JSON.parse(text);
  }
}

/** Every stored publication, page by page, as the API gives them. */
async function listPublications(token: string): Promise<Publication[]> {
  const all: Publication[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: Publication[]; next_cursor: string | null } = await callApi(
      token,
      "GET",
      `/api/publications?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
    );
    all.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return all;
}

/**
 * The longest run of characters with nowhere to break a line (no space, no hyphen) in the text a record's page shows;
 * DOIs and web addresses are measured on their own.
 */
function findLongestWord(record: Publication): string {
  const shown = [record.title, record.container_title, record.publisher, record.pages, record.abstract, ...record.keywords, ...record.authors.map((a) => a.name)];
  return shown
    .flatMap((text) => (text ?? "").split(/[\s\-\u2010-\u2014]+/u))
    .reduce((longest, word) => (word.length > longest.length ? word : longest), "");
}

/** The `PICKS` records that measure highest, highest first. */
function pickLongest(measure: (record: Publication) => number): Publication[] {
  return [...records].sort((a, b) => measure(b) - measure(a) || a.id.localeCompare(b.id)).slice(0, PICKS);
}

const BY_MEASURE = {
  "longest title": (r: Publication) => (r.title ?? "").length,
  "longest DOI or web address": (r: Publication) => Math.max((r.doi ?? "").length, (r.url ?? "").length),
  "most authors": (r: Publication) => r.authors.length,
  "longest unbroken word": (r: Publication) => findLongestWord(r).length,
};

/** Opens an address in the one 320 px page and says how wide the document is (its scrollWidth). */
async function measureWidth(pathname: string): Promise<number> {
  const response = await phone.goto(url(pathname));
  expect(response?.status(), pathname).toBe(200);
  await phone.locator("h1").waitFor();
  return phone.evaluate(() => document.documentElement.scrollWidth);
}

/** Every address wider than 320 px, with its width, so one failure names all of them. */
async function findOverflows(paths: string[]): Promise<string[]> {
  const wide: string[] = [];
  for (const pathname of paths) {
    const width = await measureWidth(pathname);
    if (width > 320) wide.push(`${pathname} is ${width} px wide`);
  }
  return wide;
}

/** Photographed at 375 and 1280 px for a person to look at. */
async function takeScreenshots(pathname: string, name: string): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(90_000);
    await page.goto(url(pathname));
    await page.locator("h1").waitFor();
    await page.screenshot({ path: `/tmp/mhi-real-${name}-375.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: `/tmp/mhi-real-${name}-1280.png`, fullPage: true });
  } finally {
    await context.close();
  }
}

describe.skipIf(!HAS_CHROMIUM || !HAS_SHARED_BIB)(
  "real deposited records on a 320 px phone (skipped where /usr/bin/chromium or ../shared/bib is absent)",
  () => {
    beforeAll(async () => {
      baseUrl = inject("baseUrl");
      // An editor's deposit is published at once; a depositor's would wait for review and have no public page.
      const token = inject("editorToken");
      for (const name of FILES) {
        await callApi(token, "POST", "/api/deposits", readFileSync(path.join(SHARED_BIB_DIR, name), "utf8"), "application/x-bibtex");
      }
      records = await listPublications(token);
      browser = await launchChromium();
      phone = await (await browser.newContext({ viewport: { width: 320, height: 800 } })).newPage();
      // The Worker is busy rendering the deposit's citations on a cold, shared machine: pages may take a while.
      phone.setDefaultTimeout(90_000);
    }, 300_000);
    afterAll(async () => {
      await browser?.close();
    });

    it("stores enough real records to measure", () => {
      expect(records.length).toBeGreaterThan(1500);
    });

    for (const [measure, of] of Object.entries(BY_MEASURE)) {
      it(`fits the publication pages of the ${PICKS} records with the ${measure} in 320 px`, async () => {
        const picked = pickLongest(of);
        expect(await findOverflows(picked.map((r) => `/publications/${r.id}`))).toEqual([]);
        // axe on the one that measures highest: the others share its markup.
        await measureWidth(`/publications/${picked[0].id}`);
        await expectNoAxeViolations(phone);
        await takeScreenshots(`/publications/${picked[0].id}`, measure.replaceAll(" ", "-"));
      });
    }

    it("fits search results for the longest titles and unbroken words in 320 px", async () => {
      const titles = pickLongest(BY_MEASURE["longest title"]).slice(0, 3);
      const words = pickLongest(BY_MEASURE["longest unbroken word"]).slice(0, 3);
      // The title's first words find it; the long word itself is what the results show highlighted.
      const queries = [
        ...titles.map((r) => (r.title ?? "").split(/\s+/u).slice(0, 6).join(" ")),
        ...words.map((r) => findLongestWord(r).replace(/[^\p{L}\p{N}]+/gu, " ").trim().slice(0, 200)),
      ];
      const paths = queries.map((q) => `/search?q=${encodeURIComponent(q)}`);
      expect(await findOverflows(paths)).toEqual([]);
      await measureWidth(paths[0]);
      expect(await phone.locator("li.result").count()).toBeGreaterThan(0);
      await expectNoAxeViolations(phone);
      await takeScreenshots(paths[0], "search-long-title");
    });

    it("fits the person pages of authors of the longest titles and of the longest names in 320 px", async () => {
      const people = new Map<string, string>();
      for (const r of pickLongest(BY_MEASURE["longest title"]).slice(0, 3)) if (r.authors[0]) people.set(r.authors[0].id, r.authors[0].name);
      const everyone = records.flatMap((r) => r.authors);
      for (const a of everyone.sort((x, y) => y.name.length - x.name.length).slice(0, 3)) people.set(a.id, a.name);
      const paths = [...people.keys()].map((id) => `/people/${id}`);
      expect(await findOverflows(paths)).toEqual([]);
      await measureWidth(paths[0]);
      await expectNoAxeViolations(phone);
      await takeScreenshots(paths[0], "person");
    });
  },
);
