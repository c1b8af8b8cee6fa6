// The page shell as a reader meets it in Chromium: standards mode, no CSP violations, the header search, keyboard focus,
// 320 px phones, dark mode, and /about and /accessibility.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { HAS_CHROMIUM, launchChromium } from "./chromium";
import { expectNoAxeViolations } from "./axe";

let browser: Browser;
let itemPath: string;

const url = (path: string) => new URL(path, inject("baseUrl")).href;

/** A page, with every console message about the Content-Security-Policy it caused collected as it loads. */
async function openPage(path: string, options: { width?: number; context?: BrowserContext; status?: number } = {}) {
  const context = options.context ?? (await browser.newContext({ viewport: { width: options.width ?? 1280, height: 900 } }));
  const page = await context.newPage();
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content[- ]Security[- ]Policy/iu.test(message.text())) violations.push(message.text());
  });
  const response = await page.goto(url(path));
  expect(response?.status()).toBe(options.status ?? 200);
  await page.waitForLoadState("load");
  return { page, response: response!, violations };
}

const scrollWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

describe.skipIf(!HAS_CHROMIUM)("the page shell in Chromium", () => {
  beforeAll(async () => {
    browser = await launchChromium();
    const { items } = (await (await fetch(url("/api/publications?limit=1"))).json()) as { items: { id: string }[] };
    itemPath = `/publications/${items[0].id}`;
  });
  afterAll(async () => {
    await browser?.close();
  });

  it.each(["/", "/about", "/accessibility", "ITEM", "/no-such-page"])("renders %s in standards mode under its CSP, with no violation", async (path) => {
    const { page, response, violations } = await openPage(path === "ITEM" ? itemPath : path, { status: path === "/no-such-page" ? 404 : 200 });
    expect(await page.evaluate(() => document.compatMode)).toBe("CSS1Compat");
    expect(response.headers()["content-security-policy"]).toContain("script-src 'self'");
    // The stylesheet loaded and applied: the header's band is dark in the light scheme too.
    expect(await page.locator(".site-header").evaluate((e) => getComputedStyle(e).backgroundColor)).toBe("rgb(11, 46, 79)");
    expect(violations).toEqual([]);
  });

  it.each(["/", "/about", "/accessibility", "/no-such-page"])("shows %s on a 320 px phone with no sideways scroll and no axe violations", async (path) => {
    const { page } = await openPage(path, { width: 320, status: path === "/no-such-page" ? 404 : 200 });
    expect(await scrollWidth(page)).toBeLessThanOrEqual(320);
    await expectNoAxeViolations(page);
    const name = path === "/" ? "home" : path.slice(1);
    await page.screenshot({ path: `/tmp/mhi-shell-${name}-320.png`, fullPage: true });
  });

  it("keeps a long unbroken word and URL inside a 320 px phone", async () => {
    const { page } = await openPage("/about", { width: 320 });
    await page.evaluate(() => {
      const p = document.createElement("p");
      p.textContent = `https://doi.org/10.1002/${"averyveryverylongunbrokenidentifier".repeat(4)} Pneumonoultramicroscopicsilicovolcanoconiosis`;
      document.querySelector("main")!.append(p);
    });
    expect(await scrollWidth(page)).toBeLessThanOrEqual(320);
  });

  it("searches from the header without JavaScript, and from the home page's big box", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 375, height: 740 } });
    const { page } = await openPage("/about", { context });
    await page.getByRole("search", { name: "Site search" }).getByLabel("Search the repository").fill("debt anxiety");
    await Promise.all([page.waitForURL((u) => u.pathname === "/search"), page.keyboard.press("Enter")]);
    expect(new URL(page.url()).searchParams.get("q")).toBe("debt anxiety");

    const home = await openPage("/", { context });
    await home.page.getByLabel("Search research, briefings and summaries").fill("loneliness");
    await Promise.all([home.page.waitForURL((u) => u.pathname === "/search"), home.page.getByRole("search", { name: "Search the repository" }).getByRole("button", { name: "Search" }).click()]);
    expect(new URL(home.page.url()).searchParams.get("q")).toBe("loneliness");
  });

  it("reaches the skip link first with the keyboard, and shows focus in GOV.UK's yellow", async () => {
    const { page } = await openPage("/");
    await page.keyboard.press("Tab");
    const skip = page.locator("a.skip");
    await expect.poll(() => skip.evaluate((e) => e === document.activeElement)).toBe(true);
    expect(await skip.isVisible()).toBe(true);
    expect(await skip.evaluate((e) => getComputedStyle(e).backgroundColor)).toBe("rgb(255, 221, 0)");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("main");
    // The next Tab goes on from the start of the content: the home page's search box. From the site's name in the header,
    // it goes to the header's search box, whose focus is a yellow outline.
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("home-search");
    await page.locator("a.site-name").focus();
    await page.keyboard.press("Tab");
    const search = page.locator("#site-search");
    expect(await search.evaluate((e) => e === document.activeElement)).toBe(true);
    expect(await search.evaluate((e) => getComputedStyle(e).outlineColor)).toBe("rgb(255, 221, 0)");
  });

  it("answers a repeated request carrying the page's ETag with 304", async () => {
    const first = await fetch(url("/about"));
    const etag = first.headers.get("etag")!;
    expect(first.headers.get("cache-control")).toBe("public, no-cache");
    const again = await fetch(url("/about"), { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
  });

  it("has a dark colour scheme with AA contrast", async () => {
    const context = await browser.newContext({ colorScheme: "dark", viewport: { width: 375, height: 740 } });
    const { page } = await openPage("/", { context });
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe("rgb(22, 22, 26)");
    await expectNoAxeViolations(page);
    await page.screenshot({ path: "/tmp/mhi-shell-home-dark-375.png", fullPage: true });
    await page.emulateMedia({ colorScheme: "dark" });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: "/tmp/mhi-shell-home-dark-1280.png" });
    const accessibility = await openPage("/accessibility", { context });
    await expectNoAxeViolations(accessibility.page);
  });

  it("publishes the centre's aims and an accessibility statement, both linked from every footer", async () => {
    const { page } = await openPage("/", { width: 1280 });
    await page.screenshot({ path: "/tmp/mhi-shell-home-1280.png", fullPage: true });
    await Promise.all([page.waitForURL((u) => u.pathname === "/about"), page.getByRole("contentinfo").getByRole("link", { name: "About the centre" }).click()]);
    expect(await page.locator("h1").textContent()).toBe("About the centre");
    expect(await page.locator("main h2").allTextContents()).toEqual(["What we aim to do", "What this site holds", "Contact"]);
    await page.screenshot({ path: "/tmp/mhi-shell-about-1280.png", fullPage: true });
    await Promise.all([
      page.waitForURL((u) => u.pathname === "/accessibility"),
      page.getByRole("contentinfo").getByRole("link", { name: "Accessibility statement" }).click(),
    ]);
    expect(await page.locator("h1").textContent()).toBe("Accessibility statement");
    expect(await page.getByRole("link", { name: "repository@example.org" }).first().getAttribute("href")).toBe("mailto:repository@example.org");
    await page.setViewportSize({ width: 375, height: 740 });
    await page.screenshot({ path: "/tmp/mhi-shell-accessibility-375.png", fullPage: true });
  });
});
