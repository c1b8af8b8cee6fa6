// Issue 10's whole journey, as a new user takes it in a browser without JavaScript: search from the home page, narrow by
// topic, read a briefing, follow its evidence to a paper, cite the paper, read its summary in Welsh, subscribe.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { HAS_CHROMIUM, launchChromium } from "./chromium";
import { expectNoAxeViolations } from "./axe";

let browser: Browser;

/** Follows a link as a person does, and waits for the page it leads to. */
async function follow(page: Page, link: ReturnType<Page["locator"]>): Promise<void> {
  const before = page.url();
  await link.click();
  await page.waitForURL((url) => url.href !== before);
  await page.waitForLoadState("load");
}

describe.skipIf(!HAS_CHROMIUM)("the public site's whole journey, without JavaScript (skipped where /usr/bin/chromium is absent)", () => {
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("finds a briefing on debt and anxiety, follows it to a paper, cites it, reads it in Welsh and subscribes to the search", async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 800 }, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(new URL("/", inject("baseUrl")).href);

    // Search from the home page.
    await page.fill("#home-search", "debt anxiety");
    await Promise.all([page.waitForURL(/\/search\?/u), page.press("#home-search", "Enter")]);
    const briefing = page.locator("li.result a", { hasText: "Sample briefing: Money worries and mental health in the North West" });
    await expect.poll(() => briefing.count()).toBe(1);
    const searchUrl = page.url();

    // Narrow it by topic: the briefing is about income, debt and poverty, so it stays.
    await follow(page, page.locator(".facets a", { hasText: "Income, debt and poverty" }));
    expect(new URL(page.url()).searchParams.getAll("topic")).toEqual(["income-debt-poverty"]);
    await expect.poll(() => briefing.count()).toBe(1);
    await expectNoAxeViolations(page, { javaScript: false });

    // Read it: key messages first.
    await follow(page, briefing);
    expect(await page.locator("h1").textContent()).toBe("Sample briefing: Money worries and mental health in the North West");
    expect(await page.locator("main h2").first().textContent()).toBe("Key messages");

    // Follow its evidence to a paper.
    const evidence = page.locator("section[aria-labelledby='evidence'] ol.references a[href^='/publications/']").first();
    await follow(page, evidence);
    expect(new URL(page.url()).pathname).toMatch(/^\/publications\/[0-9A-Z]{26}$/u);
    const paperUrl = page.url();

    // Cite it: the APA text on the page (once the queue has rendered it), and the BibTeX file as a named download. The
    // queue may still be busy with another test's real deposit in the same Worker (real-records.test.ts, about 1,600
    // entries): on a cold machine the paper's citations can take minutes.
    await expect
      .poll(async () => {
        await page.goto(paperUrl);
        return page.locator("section[aria-labelledby='cite']").textContent();
      }, { timeout: 180_000, interval: 2_000 })
      .toMatch(/\(20\d\d\)\./u);
    const bibtexHref = await page.locator("section[aria-labelledby='cite'] a", { hasText: "BibTeX" }).getAttribute("href");
    const bibtex = await fetch(new URL(bibtexHref!, paperUrl));
    expect(bibtex.headers.get("content-disposition")).toMatch(/^attachment; filename="[^"]+\.bib"$/u);
    expect(await bibtex.text()).toMatch(/^@article\{/u);
    await expectNoAxeViolations(page, { javaScript: false });

    // Read its plain-language summary in Welsh.
    await follow(page, page.locator("section[aria-labelledby='lay-summaries'] a[hreflang='cy']"));
    expect(await page.locator(".item-text").getAttribute("lang")).toBe("cy");
    expect(await page.locator("h1").textContent()).toMatch(/^Crynodeb enghreifftiol:/u);
    await expectNoAxeViolations(page, { javaScript: false });

    // Subscribe to the search: the feed's address opens as a page that says what to do with it.
    await page.goto(searchUrl);
    await follow(page, page.locator("section[aria-labelledby='subscribe-heading'] a", { hasText: "RSS feed" }));
    expect(await page.locator("h2#how-to-subscribe").textContent()).toBe("This is a feed");
    const address = await page.inputValue("#feed-address");
    const feed = await fetch(address);
    expect(feed.headers.get("content-type")).toBe("application/rss+xml; charset=utf-8");
    expect(await feed.text()).toContain("Sample briefing: Money worries and mental health in the North West");
    await page.screenshot({ path: "/tmp/mhi-journey-end.png", fullPage: true });
    await context.close();
  }, 360_000);
});
