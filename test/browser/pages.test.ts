import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { HAS_CHROMIUM, launchChromium } from "./chromium";
import { expectNoAxeViolations } from "./axe";

let browser: Browser;

async function openPage(path: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const page = await (await browser.newContext({ viewport })).newPage();
  const response = await page.goto(new URL(path, inject("baseUrl")).href);
  expect(response?.status()).toBeLessThan(400);
  return page;
}

describe.skipIf(!HAS_CHROMIUM)("pages in Chromium (skipped where /usr/bin/chromium is absent: apt-get install chromium)", () => {
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("shows the demo collection on the home page, on a phone, with no accessibility violations", async () => {
    const page = await openPage("/", { width: 375, height: 740 });
    expect(await page.locator("h1").textContent()).toBe("Research on mental health inequalities");
    const headings = await page.locator("h2").allTextContents();
    expect(headings).toEqual(["Find evidence by who and where", "Policy briefings", "Plain-language summaries", "Latest publications"]);
    const briefings = await page.locator("section[aria-labelledby='policy-briefings'] li a").allTextContents();
    expect(briefings.length).toBe(3);
    expect(briefings.every((title) => title.startsWith("Sample briefing:"))).toBe(true);
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(375);
    await expectNoAxeViolations(page);
    await page.screenshot({ path: "/tmp/mhi-home-phone.png", fullPage: true });
  });

  it("renders the API reference readably, with no accessibility violations", async () => {
    const page = await openPage("/api/docs");
    expect(await page.locator("h1").textContent()).toBe("API reference");
    expect(await page.locator("h2").allTextContents()).toEqual(expect.arrayContaining(["Publications", "Briefings", "Lay summaries", "Deposits", "Errors"]));
    await expectNoAxeViolations(page);
    await page.screenshot({ path: "/tmp/mhi-api-docs.png" });
  });

  it("answers an unknown page with a readable 404 page", async () => {
    const page = await (await browser.newContext()).newPage();
    const response = await page.goto(new URL("/no-such-page", inject("baseUrl")).href);
    expect(response?.status()).toBe(404);
    expect(await page.locator("h1").textContent()).toBe("Page not found");
    await expectNoAxeViolations(page);
  });

  it("builds a feed from a topic, a kind and words on /feeds, without JavaScript, and shows a feed opened in the browser as a page", async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 740 }, javaScriptEnabled: false });
    const page = await context.newPage();
    expect((await page.goto(new URL("/feeds", inject("baseUrl")).href))?.status()).toBe(200);
    expect(await page.locator("h1").textContent()).toBe("Subscribe");
    expect(await page.locator("section[aria-labelledby='group-by-topic'] li").count()).toBe(17);
    expect(await page.locator("a[href='/feeds.opml']").count()).toBe(1);
    await page.selectOption("#builder-topic", { label: "Income, debt and poverty" });
    await page.check("#builder-kind-briefing");
    await page.fill("#builder-words", "debt");
    await Promise.all([page.waitForURL(/\/feeds\?/u), page.click("button:text('Make my feed')")]);
    const address = await page.inputValue("#built-feed-rss");
    expect(new URL(address).pathname).toBe("/feeds/search.rss");
    expect(new URL(address).search).toBe("?q=debt&topic=income-debt-poverty&kind=briefing");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await expectNoAxeViolations(page, { javaScript: false });
    await page.screenshot({ path: "/tmp/mhi-feeds-builder-phone.png", fullPage: true });

    // A feed reader gets the feed at that address; a browser gets a page saying what it is and what it holds.
    const feed = await fetch(address);
    expect(feed.headers.get("content-type")).toBe("application/rss+xml; charset=utf-8");
    await Promise.all([page.waitForURL(/\/feeds\/search\.rss/u), page.click("a:text('See what it holds now')")]);
    expect(await page.locator("h1").textContent()).toContain("debt");
    expect(await page.inputValue("#feed-address")).toBe(address);
    const titles = await page.locator("ul.items li a").allTextContents();
    expect(titles.length).toBeGreaterThan(0);
    expect(titles.every((title) => title.startsWith("Sample briefing:"))).toBe(true);
    await expectNoAxeViolations(page, { javaScript: false });
    await page.screenshot({ path: "/tmp/mhi-feed-preview-phone.png", fullPage: true });
    await context.close();
  });

  it("opens a briefing from the home page, key messages first, and a lay summary in its own language", async () => {
    const home = await openPage("/");
    await home.locator("section[aria-labelledby='policy-briefings'] li a").first().click();
    await home.waitForLoadState();
    expect(new URL(home.url()).pathname).toMatch(/^\/briefings\/[0-9A-Z]{26}$/u);
    // Key messages first, after the notice an earlier file's withdrawal of a paper it cites may put above them.
    const headings = await home.locator("h2").allTextContents();
    expect(headings.filter((h) => h !== "The evidence under this briefing has changed")[0]).toBe("Key messages");
    expect(await home.locator("ol li").count()).toBeGreaterThan(0);
    await expectNoAxeViolations(home);
    await home.screenshot({ path: "/tmp/mhi-briefing.png", fullPage: true });

    const start = await openPage("/", { width: 375, height: 740 });
    const summaries = start.locator("section[aria-labelledby='plain-language-summaries'] li a");
    const hrefs = await summaries.evaluateAll((links) => links.map((a) => a.getAttribute("href")));
    const langs: string[] = [];
    for (const href of hrefs) {
      const page = await openPage(href!, { width: 375, height: 740 });
      langs.push((await page.locator("article .item-text").getAttribute("lang"))!);
      await expectNoAxeViolations(page);
      if (langs.at(-1) === "cy") await page.screenshot({ path: "/tmp/mhi-lay-summary-cy-phone.png", fullPage: true });
    }
    expect(langs).toEqual(expect.arrayContaining(["en", "cy", "es"]));
  });
});
