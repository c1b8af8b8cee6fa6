// The three item pages and a tombstone as a person sees them: on a 320 px phone, on paper, with axe, without JavaScript.
import { readFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { HAS_CHROMIUM, launchChromium } from "./chromium";
import { expectNoAxeViolations } from "./axe";

let browser: Browser;
const ids: Record<string, string> = {};
let briefingId: string;
let welshId: string;
let consortiumId: string;

const url = (path: string) => new URL(path, inject("baseUrl")).href;

async function callApi(token: string, method: string, path: string, body?: string, type = "application/json") {
  const response = await fetch(url(path), { method, headers: { authorization: `Bearer ${token}`, "content-type": type }, body });
  expect(response.status, await response.clone().text()).toBeLessThan(300);
  return response.json() as Promise<any>;
}

async function openPage(path: string, width: number, status = 200, javaScriptEnabled = true): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width, height: 800 }, javaScriptEnabled })).newPage();
  const response = await page.goto(url(path));
  expect(response?.status()).toBe(status);
  await page.locator("h1").waitFor();
  return page;
}

/** Fits a 320 px phone with no sideways scroll, passes axe, and is photographed at 375 and 1280 px for a person to look at. */
async function checkPage(path: string, name: string, status = 200) {
  const phone = await openPage(path, 320, status);
  expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  await expectNoAxeViolations(phone);
  await phone.setViewportSize({ width: 375, height: 800 });
  await phone.screenshot({ path: `/tmp/mhi-item-${name}-375.png`, fullPage: true });
  const desktop = await openPage(path, 1280, status);
  await expectNoAxeViolations(desktop);
  await desktop.screenshot({ path: `/tmp/mhi-item-${name}-1280.png`, fullPage: true });
  return desktop;
}

describe.skipIf(!HAS_CHROMIUM)("item pages in Chromium (skipped where /usr/bin/chromium is absent)", () => {
  beforeAll(async () => {
    browser = await launchChromium();
    const token = inject("editorToken");
    const bib = readFileSync(new URL("../fixtures/item-pages.bib", import.meta.url), "utf8");
    const report = await callApi(token, "POST", "/api/deposits", bib, "application/x-bibtex");
    for (const entry of report.entries) ids[entry.key] = entry.id;
    const many = await callApi(token, "POST", "/api/deposits", readFileSync(new URL("../fixtures/many-authors.bib", import.meta.url), "utf8"), "application/x-bibtex");
    consortiumId = many.entries[0].id;
    await fetch(url(`/api/publications/${consortiumId}/cite?style=apa`));
    // Rendered now rather than waiting on the queue: asking once stores every style.
    for (const id of Object.values(ids)) await fetch(url(`/api/publications/${id}/cite?style=apa`));
    await callApi(token, "POST", `/api/publications/${ids.sampleReport2020}/withdraw`, JSON.stringify({ reason: "Withdrawn by its invented authors: a sample error." }));
    const briefings = await callApi(token, "GET", "/api/briefings?limit=100");
    briefingId = briefings.items.find((b: { publications: unknown[] }) => b.publications.length > 0).id;
    const summaries = await callApi(token, "GET", "/api/lay-summaries?limit=100");
    welshId = summaries.items.find((s: { language: string }) => s.language === "cy").id;
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });

  it("shows a publication with a long title and DOI on a 320 px phone, citations and downloads included", async () => {
    const page = await checkPage(`/publications/${ids.sampleWellbeing2021}`, "publication");
    expect(await page.locator("h1").textContent()).toMatch(/^Neighbourhood deprivation, loneliness/u);
    expect(await page.locator("dl.citations dt").allTextContents()).toEqual(["APA", "Vancouver", "Harvard"]);
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("a:text-is('BibTeX')")]);
    expect(download.suggestedFilename()).toBe("sampleWellbeing2021.bib");
  });

  it("shows a paper by 300 authors on a 320 px phone, every author a link, its citations and downloads below", async () => {
    const page = await checkPage(`/publications/${consortiumId}`, "publication-300-authors");
    expect(await page.locator(".authors a").count()).toBe(300);
    expect(await page.locator('head link[rel="alternate"][href^="/feeds/people/"]').count()).toBe(9);
    // Without JavaScript too: the first ten are shown, the other 290 open from a native disclosure.
    const noScript = await openPage(`/publications/${consortiumId}`, 375, 200, false);
    expect(await noScript.locator(".authors a:visible").count()).toBe(10);
    await noScript.locator("summary", { hasText: "and 290 more authors" }).click();
    expect(await noScript.locator(".authors a:visible").count()).toBe(300);
    await noScript.locator(".authors a").last().click();
    await noScript.waitForURL(/\/people\//u);
    expect(await noScript.locator("h1").textContent()).toBe("Invented Placeholderln");
  });

  it("shows a briefing, key messages first, and prints it as a clean brief", async () => {
    const page = await checkPage(`/briefings/${briefingId}`, "briefing");
    // Key messages first, after the notice this file's withdrawal of a paper it may cite puts above them.
    const headings = await page.locator("main h2").allTextContents();
    expect(headings.filter((h) => h !== "The evidence under this briefing has changed")[0]).toBe("Key messages");
    expect(await page.locator("ol.references li").count()).toBeGreaterThan(0);
    await page.emulateMedia({ media: "print" });
    expect(await page.locator("header").first().isVisible()).toBe(false);
    expect(await page.locator("footer").first().isVisible()).toBe(false);
    await page.screenshot({ path: "/tmp/mhi-item-briefing-print.png", fullPage: true });
  });

  it("shows a Welsh lay summary in its language, with its other languages and its paper", async () => {
    const page = await checkPage(`/lay-summaries/${welshId}`, "lay-summary-cy");
    expect(await page.locator("div.item-text").getAttribute("lang")).toBe("cy");
    expect(await page.locator("a[hreflang]").count()).toBeGreaterThan(0);
  });

  it("shows a withdrawn publication's tombstone with its citation, date and reason", async () => {
    const page = await checkPage(`/publications/${ids.sampleReport2020}`, "tombstone", 410);
    expect(await page.locator(".notice").textContent()).toContain("Withdrawn by its invented authors: a sample error.");
    expect(await page.locator("p.citation").textContent()).toMatch(/^Quenby, I\. \(2020\)/u);
  });

  it("goes from a paper to its summary in another language and back, without JavaScript", async () => {
    const summaries = await fetch(url("/api/lay-summaries?limit=100")).then((r) => r.json() as Promise<{ items: { publication: { id: string }; language: string }[] }>);
    const counts = new Map<string, number>();
    for (const s of summaries.items) counts.set(s.publication.id, (counts.get(s.publication.id) ?? 0) + 1);
    const [paperId] = [...counts].find(([, n]) => n > 1) ?? [summaries.items[0].publication.id];
    const page = await openPage(`/publications/${paperId}`, 375, 200, false);
    await page.locator("section[aria-labelledby='lay-summaries'] a").first().click();
    await page.locator("h1").waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/lay-summaries\//u);
    if ((counts.get(paperId) ?? 0) > 1) {
      const other = page.locator("section[aria-labelledby='other-languages'] a").first();
      const lang = await other.getAttribute("hreflang");
      await other.click();
      await page.locator("h1").waitFor();
      expect(await page.locator("div.item-text").getAttribute("lang")).toBe(lang);
    }
    await page.click("text=This summarises the research paper >> a");
    await page.locator("h1").waitFor();
    expect(new URL(page.url()).pathname).toBe(`/publications/${paperId}`);
  });
});
