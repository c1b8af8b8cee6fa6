// Issue 14's "done when": a journalist answers "what does the centre have on perinatal mental health among minority
// ethnic communities in the North West" in two clicks from the home page, and subscribes to it, without JavaScript.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { expectNoAxeViolations } from "./axe";
import { HAS_CHROMIUM, launchChromium } from "./chromium";

let browser: Browser;

/** Follows a link as a person does, and waits for the page it leads to. */
async function follow(page: Page, link: ReturnType<Page["locator"]>): Promise<void> {
  const before = page.url();
  await link.click();
  await page.waitForURL((url) => url.href !== before);
  await page.waitForLoadState("load");
}

/** Nothing on the page is wider than a 320 px screen, but what scrolls inside its own box (the tables, the heat map). */
async function widestOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const wide = Array.from(document.querySelectorAll("main *"))
      .filter((e) => !e.parentElement?.closest(".table-scroll, .gap-chart"))
      .filter((e) => e.getBoundingClientRect().right > width + 1)
      .map((e) => `${e.tagName.toLowerCase()}.${e.className}`);
    // What a scrolling box holds must not widen the page either (a positioned descendant escapes an unpositioned box).
    return document.documentElement.scrollWidth > width ? [...wide, `page ${document.documentElement.scrollWidth} px wide`] : wide;
  });
}

describe.skipIf(!HAS_CHROMIUM)("the equity lens in a browser, without JavaScript (skipped where /usr/bin/chromium is absent)", () => {
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("goes from the home page to perinatal, minority ethnic communities and the North West in two clicks, then subscribes", async () => {
    const context = await browser.newContext({ viewport: { width: 320, height: 720 }, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(new URL("/", inject("baseUrl")).href);
    const section = page.locator("section[aria-labelledby='who-and-where']");
    expect(await section.locator("h2").textContent()).toBe("Find evidence by who and where");
    await section.screenshot({ path: "/tmp/mhi-equity-home-320.png" });
    expect(await widestOverflow(page)).toEqual([]);
    await expectNoAxeViolations(page, { javaScript: false });

    // Click 1: the life-course stage, with its count.
    const perinatal = section.getByRole("link", { name: "Perinatal", exact: true });
    await follow(page, perinatal);
    expect(new URL(page.url()).pathname).toBe("/equity/life-course/perinatal");
    expect(await page.locator("h1").textContent()).toBe("Perinatal");

    // Click 2: the cell of the cross table, named for a screen reader by its row and column.
    const cell = page.getByRole("link", { name: /items?: Minority ethnic communities, North West$/u });
    const count = Number((await cell.textContent())!.match(/^\d+/u)![0]);
    expect(count).toBeGreaterThanOrEqual(3);
    await page.screenshot({ path: "/tmp/mhi-equity-perinatal-320.png", fullPage: true });
    expect(await widestOverflow(page)).toEqual([]);
    await expectNoAxeViolations(page, { javaScript: false });
    await follow(page, cell);

    // The answer: the search for all three, as many results as the cell said, the South Asian mothers' study among them.
    const url = new URL(page.url());
    expect(url.pathname).toBe("/search");
    expect(url.searchParams.getAll("life-course")).toEqual(["perinatal"]);
    expect(url.searchParams.getAll("population-group")).toEqual(["minority-ethnic-communities"]);
    expect(url.searchParams.getAll("place")).toEqual(["north-west"]);
    expect(await page.locator("#results-heading").textContent()).toBe(`${count} results`);
    const titles = await page.locator("li.result a").allTextContents();
    expect(titles).toContain("Sample study: Perinatal mental health among South Asian mothers in Greater Manchester");
    expect(titles).not.toContain("Sample study: Temporary housing and the mental health of refugees in London");
    await page.screenshot({ path: "/tmp/mhi-equity-search-320.png", fullPage: true });
    await expectNoAxeViolations(page, { javaScript: false });

    // Subscribe to this search: the feed follows the same three filters.
    const subscribe = page.locator("section[aria-labelledby='subscribe-heading']");
    expect(await subscribe.locator("h2").textContent()).toBe("Subscribe to this search");
    await follow(page, subscribe.locator("a", { hasText: "RSS feed" }));
    expect(await page.locator("h2#how-to-subscribe").textContent()).toBe("This is a feed");
    const address = new URL(await page.inputValue("#feed-address"));
    expect(address.searchParams.getAll("place")).toEqual(["north-west"]);
    const feed = await (await fetch(address)).text();
    expect(feed).toContain("Sample study: Perinatal mental health among South Asian mothers in Greater Manchester");
    expect(feed).not.toContain("Temporary housing and the mental health of refugees");
    await context.close();
  });

  it("shows every facet at /equity and a gap map whose form works without JavaScript, at 320 px with no axe violations", async () => {
    const context = await browser.newContext({ viewport: { width: 320, height: 720 }, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(new URL("/equity", inject("baseUrl")).href);
    expect(await page.locator("main h2").allTextContents()).toEqual(["Population group", "Protected characteristic", "Socioeconomic position", "Life-course stage", "Place"]);
    expect(await page.getByRole("link", { name: "Pakistan", exact: true }).count()).toBe(1);
    expect(await page.getByRole("link", { name: "France", exact: true }).count()).toBe(0);
    await page.screenshot({ path: "/tmp/mhi-equity-index-320.png", fullPage: true });
    expect(await widestOverflow(page)).toEqual([]);
    await expectNoAxeViolations(page, { javaScript: false });

    await follow(page, page.getByRole("link", { name: "See the gap map" }));
    await page.selectOption("#gap-rows", "life-course");
    await page.selectOption("#gap-columns", "place");
    await page.selectOption("#gap-level", "icb");
    await Promise.all([page.waitForURL(/rows=life-course/u), page.click("button:has-text('Show the map')")]);
    expect(await page.locator("table.gap-map caption").textContent()).toBe("Life-course stage by Integrated care boards: public items in each cell");
    expect(await page.locator("svg[role='img'] title").textContent()).toContain("Heat map");
    const gm = page.getByRole("link", { name: /items?: Perinatal, Greater Manchester$/u });
    expect(Number(await gm.textContent().then((t) => t!.match(/^\d+/u)![0]))).toBeGreaterThanOrEqual(1);
    await page.screenshot({ path: "/tmp/mhi-equity-gaps-320.png", fullPage: true });
    expect(await widestOverflow(page)).toEqual([]);
    await expectNoAxeViolations(page, { javaScript: false });
    await context.close();
  });

  it("shows a paper's tags as links to each value's page, with that value's feeds", async () => {
    const context = await browser.newContext({ viewport: { width: 320, height: 720 }, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(new URL("/equity/place/greater-manchester", inject("baseUrl")).href);
    await follow(page, page.getByRole("link", { name: "Sample study: Perinatal mental health among South Asian mothers in Greater Manchester" }));
    const tags = page.locator("section[aria-labelledby='who-and-where']");
    expect(await tags.getByRole("link").allTextContents()).toEqual(["South Asian communities", "Pregnancy and maternity", "Race", "Perinatal", "Greater Manchester"]);
    await follow(page, tags.getByRole("link", { name: "South Asian communities" }));
    expect(await page.locator("link[rel='alternate'][type='application/rss+xml']").getAttribute("href")).toBe("/feeds/equity/population-group/south-asian-communities.rss");
    await expectNoAxeViolations(page, { javaScript: false });
    await context.close();
  });
});
