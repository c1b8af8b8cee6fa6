import AxeBuilder from "@axe-core/playwright";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { HAS_CHROMIUM, launchChromium } from "./chromium";

let browser: Browser;

async function openPage(path: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const page = await (await browser.newContext({ viewport })).newPage();
  const response = await page.goto(new URL(path, inject("baseUrl")).href);
  expect(response?.status()).toBeLessThan(400);
  return page;
}

async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
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
    expect(await page.locator("h1").textContent()).toBe("Mental Health Inequalities Repository");
    const headings = await page.locator("h2").allTextContents();
    expect(headings).toEqual(["Policy briefings", "Plain-language summaries", "Latest publications"]);
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
});
