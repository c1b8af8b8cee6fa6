import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { HAS_CHROMIUM, launchChromium } from "./chromium";
import { expectNoAxeViolations } from "./axe";

let browser: Browser;

const url = (path: string) => new URL(path, inject("baseUrl")).href;

async function openPage(path: string, { width = 1280, javaScript = true, status = 200 } = {}): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width, height: 900 }, javaScriptEnabled: javaScript })).newPage();
  const response = await page.goto(url(path));
  expect(response?.status()).toBe(status);
  return page;
}

async function expectNoSidewaysScroll(page: Page) {
  await page.setViewportSize({ width: 320, height: 740 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
}

const heading = (page: Page) => page.locator("#results-heading").textContent();

describe.skipIf(!HAS_CHROMIUM)("the search page in Chromium (skipped where /usr/bin/chromium is absent)", () => {
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("searches, narrows by topic, follows did-you-mean, pages with the cursor and subscribes, all without JavaScript", async () => {
    const page = await openPage("/search", { javaScript: false });
    expect(await page.locator("h1").textContent()).toBe("Search");
    await page.getByLabel("Search publications, policy briefings and plain-language summaries").fill("debt anxiety");
    await Promise.all([page.waitForURL(/\/search\?q=debt\+anxiety/u), page.getByRole("search", { name: "Search the repository" }).getByRole("button", { name: "Search", exact: true }).click()]);
    const all = await heading(page);
    expect(all).toMatch(/^\d+ results? for “debt anxiety”$/u);
    const firstKinds = await page.locator(".result .result-kind").allTextContents();
    // The ranking is the API's: a briefing with the words in its text, not its title, comes near the top.
    expect(firstKinds.slice(0, 5)).toContain("Policy briefing");
    const briefing = page.locator(".result").filter({ has: page.locator(".result-kind", { hasText: "Policy briefing" }) }).first();
    expect(await briefing.locator("h3 a").textContent()).toMatch(/^Sample briefing:/u);
    expect((await briefing.locator(".snippet mark").allTextContents()).map((m) => m.toLowerCase())).toEqual(expect.arrayContaining(["debt"]));
    expect(await briefing.locator(".matched").textContent()).toMatch(/^Matched in .*the text/u);

    // Narrowing by a topic changes the count to the topic's, and keeps the words.
    const total = Number(/^\d+/u.exec(all!)![0]);
    const topicLinks = page.locator(".facet", { has: page.locator("h3", { hasText: "Topic" }) }).locator("a");
    const topics = (await topicLinks.allTextContents()).map((t) => ({ name: t.replace(/ \(\d+\)$/u, ""), count: Number(/\((\d+)\)$/u.exec(t)![1]) }));
    const narrower = topics.find((t) => t.count < total)!;
    expect(narrower).toBeDefined();
    await Promise.all([page.waitForURL(/topic=/u), topicLinks.filter({ hasText: narrower.name }).first().click()]);
    expect(await heading(page)).toBe(`${narrower.count} ${narrower.count === 1 ? "result" : "results"} for “debt anxiety”`);
    expect(await page.locator(".facet a.selected").textContent()).toContain(narrower.name);
    expect(await page.locator("#search-q").inputValue()).toBe("debt anxiety");

    // Subscribe: the three feeds of the same search answer, and the head names them.
    const feedLinks = await page.locator(".subscribe .feed-links a").evaluateAll((links) => links.map((a) => a.getAttribute("href")!));
    const search = new URL(page.url()).search;
    expect(search).toMatch(/^\?q=debt\+anxiety&topic=[a-z0-9-]+$/u);
    expect(feedLinks).toEqual(["rss", "atom", "json"].map((format) => `/feeds/search.${format}${search}`));
    const firstTitle = (await page.locator(".result h3 a").first().textContent())!;
    for (const href of feedLinks) {
      const response = await fetch(url(href));
      expect(response.status).toBe(200);
      expect(await response.text()).toContain(firstTitle);
    }
    expect(await page.locator("head link[rel=alternate]").evaluateAll((links) => links.map((l) => l.getAttribute("href")))).toEqual(expect.arrayContaining(feedLinks));

    // Did you mean, for a misspelling.
    await page.goto(url("/search?q=inequalites"));
    const didYouMean = page.locator("main a", { hasText: /^inequalities$/u }).first();
    await Promise.all([page.waitForURL(/q=inequalities/u), didYouMean.click()]);
    expect(await heading(page)).toMatch(/^\d+ results? for “inequalities”$/u);

    // Paging with the cursor: two at a time, no result shown twice.
    await page.goto(url("/search?q=anxiety&limit=2"));
    const seen = await page.locator(".result h3 a").allTextContents();
    expect(seen.length).toBe(2);
    await Promise.all([page.waitForURL(/cursor=/u), page.getByRole("link", { name: /Next page/u }).click()]);
    expect(await page.locator(".search-main").textContent()).toContain("Page 2");
    const second = await page.locator(".result h3 a").allTextContents();
    expect(second.length).toBeGreaterThan(0);
    expect(second.filter((t) => seen.includes(t))).toEqual([]);
    await Promise.all([page.waitForURL((u) => !u.search.includes("cursor")), page.getByRole("link", { name: "First page" }).click()]);
    expect(await page.locator(".result h3 a").allTextContents()).toEqual(seen);
  });

  it("answers the search box in every page's header, without JavaScript", async () => {
    const page = await openPage("/", { javaScript: false });
    const header = page.getByRole("search", { name: "Site search" });
    await header.getByRole("searchbox").fill("debt");
    await Promise.all([page.waitForURL(/\/search\?q=debt$/u), header.getByRole("button", { name: "Search" }).click()]);
    expect(await heading(page)).toMatch(/^\d+ results? for “debt”$/u);
    expect(await page.locator("#search-q").inputValue()).toBe("debt");
  });

  it.each([
    ["empty", "/search", 200],
    ["full", "/search?q=anxiety", 200],
    ["no-results", "/search?q=zzqqxx+nothingmatches&kind=briefing", 200],
    ["error", "/search?q=debt&year_from=last+year&limit=500", 400],
  ] as const)("has no accessibility violations and fits a 320 px screen in its %s state", async (name, path, status) => {
    const page = await openPage(path, { status });
    await expectNoAxeViolations(page);
    await page.screenshot({ path: `/tmp/mhi-search-${name}-1280.png`, fullPage: true });
    await page.setViewportSize({ width: 375, height: 740 });
    await page.screenshot({ path: `/tmp/mhi-search-${name}-375.png`, fullPage: true });
    await expectNoSidewaysScroll(page);
    await expectNoAxeViolations(page);
  });

  it("says what to fix in a summary at the top, and what to try when nothing matches", async () => {
    const error = await openPage("/search?q=debt&year_from=last+year&limit=500", { status: 400 });
    expect(await error.title()).toMatch(/^Error: /u);
    expect(await error.locator(".error-summary li").allTextContents()).toEqual([
      "Enter the first year as 4 digits, like 2019",
      "Results per page must be a whole number from 1 to 100",
    ]);
    expect(await error.locator("#year-from").inputValue()).toBe("last year");
    // As GOV.UK's pattern does, the summary takes focus, so keyboard and screen reader users start at it.
    await expect.poll(() => error.evaluate(() => document.activeElement?.className)).toBe("error-summary");
    const none = await openPage("/search?q=zzqqxx+nothingmatches&kind=briefing");
    expect(await heading(none)).toBe("No results for “zzqqxx nothingmatches”");
    expect(await none.getByRole("link", { name: "search again without the filters" }).getAttribute("href")).toBe("/search?q=zzqqxx+nothingmatches");
  });

  it("suggests as you type, as an ARIA combobox worked from the keyboard, and Enter opens the item", async () => {
    const page = await openPage("/search");
    const box = page.locator("#search-q");
    await expect.poll(() => box.getAttribute("role")).toBe("combobox");
    expect(await box.getAttribute("aria-expanded")).toBe("false");
    expect(await box.getAttribute("aria-controls")).toBe("suggest-list");
    await box.focus();
    await page.keyboard.type("money wor", { delay: 40 });
    const options = page.locator("#suggest-list [role=option]");
    // On a slow machine a list for the first letters can show before the one for the whole query replaces it: wait for
    // the final one, so the keys below act on the list they are checked against.
    await expect
      .poll(async () => ((await options.count()) > 0 ? options.first().locator("span").first().textContent() : null), { timeout: 30_000 })
      .toMatch(/^Sample briefing: Money worries/u);
    expect(await box.getAttribute("aria-expanded")).toBe("true");
    expect(await page.locator("#suggest-list").getAttribute("role")).toBe("listbox");
    await expect.poll(() => page.locator("#suggest-status").textContent()).toMatch(/^\d+ suggestions?/u);
    await expectNoAxeViolations(page);
    await page.screenshot({ path: "/tmp/mhi-search-suggest-1280.png" });

    await page.keyboard.press("ArrowDown");
    const first = options.first();
    expect(await first.getAttribute("aria-selected")).toBe("true");
    expect(await box.getAttribute("aria-activedescendant")).toBe(await first.getAttribute("id"));
    if ((await options.count()) > 1) {
      await page.keyboard.press("ArrowDown");
      await page.keyboard.press("ArrowUp");
      expect(await box.getAttribute("aria-activedescendant")).toBe(await first.getAttribute("id"));
    }
    await page.keyboard.press("Escape");
    expect(await box.getAttribute("aria-expanded")).toBe("false");
    expect(await box.getAttribute("aria-activedescendant")).toBeNull();

    await page.keyboard.press("ArrowDown");
    expect(await box.getAttribute("aria-expanded")).toBe("true");
    const label = (await first.locator("span").first().textContent())!;
    expect(label).toMatch(/^Sample briefing: Money worries/u);
    await Promise.all([page.waitForURL(/\/briefings\/[0-9A-Z]{26}$/u), page.keyboard.press("Enter")]);
    expect(await page.locator("h1").textContent()).toBe(label);
  });

  it("serves the suggestion script small and external", async () => {
    const response = await fetch(url("/static/suggest.js"));
    expect(response.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect((await response.text()).length).toBeLessThan(5 * 1024);
  });
});
