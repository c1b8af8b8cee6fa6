import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { HAS_CHROMIUM, launchChromium } from "./chromium";
import { expectNoAxeViolations } from "./axe";

let browser: Browser;

/** Journeys run without JavaScript, as the browse pages must work (they are plain links); axe needs it in the page. */
async function openPage(path: string, viewport = { width: 1280, height: 900 }, javaScriptEnabled = false): Promise<Page> {
  const page = await (await browser.newContext({ viewport, javaScriptEnabled })).newPage();
  const response = await page.goto(new URL(path, inject("baseUrl")).href);
  expect(response?.status(), path).toBe(200);
  return page;
}

/** At 320 px nothing scrolls sideways and axe finds nothing; screenshots at 375 and 1280 px for a person to look at. */
async function checkPageType(path: string, name: string) {
  const narrow = await openPage(path, { width: 320, height: 700 }, true);
  await narrow.locator("h1").waitFor();
  expect(await narrow.evaluate(() => document.documentElement.scrollWidth), `${path} at 320 px`).toBeLessThanOrEqual(320);
  await expectNoAxeViolations(narrow);
  const phone = await openPage(path, { width: 375, height: 740 });
  await phone.screenshot({ path: `/tmp/mhi-browse-${name}-375.png`, fullPage: true });
  const desktop = await openPage(path);
  await desktop.screenshot({ path: `/tmp/mhi-browse-${name}-1280.png`, fullPage: true });
  await Promise.all([narrow, phone, desktop].map((p) => p.context().close()));
}

describe.skipIf(!HAS_CHROMIUM)("browse pages in Chromium (skipped where /usr/bin/chromium is absent)", () => {
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("goes from /topics to a topic, then to one of its items, without JavaScript", async () => {
    const page = await openPage("/topics", { width: 375, height: 740 });
    expect(await page.locator("h1").textContent()).toBe("Topics");
    const topic = page.locator("ul.topics li", { has: page.locator("a", { hasText: "Income, debt and poverty" }) });
    expect(await topic.locator(".meta").textContent()).toMatch(/^\d+ items?$/u);
    await topic.locator("a").click();
    await page.waitForURL(/\/topics\/income-debt-poverty$/u);
    expect(await page.locator("h1").textContent()).toBe("Income, debt and poverty");
    const headings = await page.locator("main h2").allTextContents();
    expect(headings[0]).toBe("Policy briefings");
    expect(headings.at(-1)).toBe("Subscribe to this topic");
    expect(await page.locator("a", { hasText: "RSS feed" }).getAttribute("href")).toBe("/feeds/topics/income-debt-poverty.rss");
    const first = page.locator("main ul.items li > a").first();
    const title = (await first.textContent())!;
    await first.click();
    await page.waitForURL(/\/briefings\/[0-9A-Z]{26}/u);
    expect(await page.locator("h1").textContent()).toBe(title);
  });

  /**
   * A demo paper's page, found by searching for its title: other browser tests deposit real files into the same Worker,
   * so the newest publication may be any of theirs (one without authors, say), and the demo's are pages further on.
   */
  async function openDemoPaper() {
    const page = await openPage(`/search?q=${encodeURIComponent('"Household debt and anxiety"')}&kind=publication`);
    await page.locator("li.result a", { hasText: "Sample study: Household debt and anxiety in the North West of England" }).click();
    await page.waitForURL(/\/publications\/[0-9A-Z]{26}/u);
    return page;
  }

  it("opens a person's page from an author link on a publication page", async () => {
    const page = await openDemoPaper();
    const author = page.locator("main a[href^='/people/']").first();
    const name = (await author.textContent())!;
    await author.click();
    await page.waitForURL(/\/people\/[0-9A-Z]+/u);
    expect(await page.locator("h1").textContent()).toBe(name);
    expect(await page.locator("main ul.items li > a").count()).toBeGreaterThan(0);
    expect(await page.locator("a", { hasText: "RSS feed" }).getAttribute("href")).toMatch(/^\/feeds\/people\/[0-9A-Z]+\.rss$/u);
  });

  it("shows an invented Urdu summary's title right to left in English lists and search results, without JavaScript", async () => {
    const base = inject("baseUrl");
    const token = inject("editorToken");
    const api = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(new URL(path, base), { method, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
      expect(response.ok, `${method} ${path}: ${response.status}`).toBe(true);
      return response.json() as Promise<any>;
    };
    const title = "خلاصہ: قرض اور ذہنی صحت";
    let urduId = "";
    try {
      const paper = (await api("GET", "/api/publications?limit=1")).items[0];
      urduId = (await api("POST", "/api/lay-summaries", { publication_id: paper.id, language: "ur", title, body: "یہ ایک فرضی خلاصہ ہے۔" })).id;
      await api("POST", `/api/lay-summaries/${urduId}/publish`, {});
      for (const path of ["/lay-summaries", "/search?lang=ur"]) {
        const page = await openPage(path, { width: 375, height: 740 });
        const link = page.locator(`main a[href='/lay-summaries/${urduId}']`);
        expect(await link.textContent(), path).toBe(title);
        expect(await link.getAttribute("lang"), path).toBe("ur");
        expect(await link.evaluate((a) => getComputedStyle(a).direction), path).toBe("rtl");
        expect(await page.locator("html").getAttribute("lang")).toBe("en-GB");
        await page.screenshot({ path: `/tmp/mhi-urdu-${path === "/lay-summaries" ? "list" : "search"}-375.png`, fullPage: true });
        await link.click();
        await page.waitForURL(new RegExp(`/lay-summaries/${urduId}$`, "u"));
        expect(await page.locator("h1").textContent()).toBe(title);
        await page.context().close();
      }
      await checkPageType("/search?lang=ur", "search-urdu");
    } finally {
      // Out of the demo again, so other tests' lists are as they expect.
      if (urduId) await api("POST", `/api/lay-summaries/${urduId}/withdraw`, { reason: "An invented summary for a test." });
    }
  }, 120_000);

  it("marks a Welsh summary's title as Welsh in the list of plain-language summaries", async () => {
    const page = await openPage("/lay-summaries");
    const welsh = page.locator("main ul.items li > a[lang='cy']");
    expect(await welsh.count()).toBe(1);
    expect(await page.locator("main ul.items li", { has: page.locator("a[lang='cy']") }).locator(".meta").first().textContent()).toMatch(/^Welsh · /u);
  });

  let personPath = "";

  it("has an empty topic that says so", async () => {
    const empty = await openPage("/topics/workforce-training");
    expect(await empty.locator("main").textContent()).toContain("Nothing is published on this topic yet.");
    await empty.context().close();
    const publication = await openDemoPaper();
    personPath = (await publication.locator("main a[href^='/people/']").first().getAttribute("href"))!;
    await publication.context().close();
  });

  it.each([
    ["/topics", "topics"],
    ["/topics/income-debt-poverty", "topic"],
    ["/topics/workforce-training", "empty-topic"],
    ["person", "person"],
    ["/publications", "publications"],
    ["/briefings", "briefings"],
    ["/lay-summaries", "lay-summaries"],
  ])("%s: no accessibility violations, no sideways scroll at 320 px", async (path, name) => {
    // The person's address comes from the test before: without it this would check the home page instead.
    if (path === "person") expect(personPath).toMatch(/^\/people\/[0-9A-Z]{26}$/u);
    await checkPageType(path === "person" ? personPath : path, name);
  }, 120_000);
});
