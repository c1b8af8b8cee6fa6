// Depositing real BibTeX files (../shared/bib) at /deposit in a real Chromium: the report, confirming, and the entries
// waiting for review on /account; with JavaScript (upload progress) and without it at 320 px; axe on every state.
import { existsSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoAxeViolations } from "./axe";
import { HAS_CHROMIUM, launchChromium } from "./chromium";
import { deskUrl, signInNewPerson, withoutJavaScript } from "./desk-session";

const SHARED_BIB_DIR = path.resolve(import.meta.dirname, "../../../shared/bib");
/** 92 entries, 68 kB: @string, crossref, @set and accents. */
const SMALL_FILE = path.join(SHARED_BIB_DIR, "biblatex-examples.bib");
/** 988 entries, 288 kB: a larger export, and other works than the small file's, so both tests store new entries. */
const LARGER_FILE = path.join(SHARED_BIB_DIR, "bbt-873-crossref-comments.bib");
const HAS_SHARED_BIB = existsSync(SMALL_FILE) && existsSync(LARGER_FILE);

let browser: Browser;

/** The number in the report's count of one kind ("new, to be stored", "stored, waiting for review" …). */
async function countOf(page: Page, words: string): Promise<number> {
  const item = page.locator(".deposit-counts li", { hasText: words });
  return Number((await item.locator("strong").textContent())!.replace(/,/g, ""));
}

async function expectFitsWidth(page: Page, width: number): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
}

describe.skipIf(!HAS_CHROMIUM)("the deposit page (skipped where /usr/bin/chromium is absent)", () => {
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("says what is wrong with an empty form (in an error summary that takes focus and links to the field) and with a file over 8 MB", async () => {
    const person = await signInNewPerson(browser, "depositor");
    const { page } = person;
    await page.getByRole("link", { name: "Deposit BibTeX" }).click();
    await page.waitForURL((url) => url.pathname === "/deposit");
    await expectNoAxeViolations(page);
    await page.getByRole("button", { name: "Check the entries" }).click();
    await expect.poll(() => page.locator(".error-summary").count()).toBe(1);
    await expect.poll(() => page.evaluate(() => document.activeElement?.className)).toBe("error-summary");
    expect(await page.title()).toMatch(/^Error: Deposit BibTeX/);
    await page.getByRole("link", { name: "Choose a .bib file, or paste BibTeX into the box below." }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("file");
    await expectNoAxeViolations(page);

    // A file over the limit is refused before it is sent, in the polite status line.
    await page.getByLabel("BibTeX file").setInputFiles({ name: "everything.bib", mimeType: "text/plain", buffer: Buffer.alloc(9 * 1024 * 1024, 0x20) });
    await page.getByRole("button", { name: "Check the entries" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toBe(
      "This file is 9 MB, more than the 8 MB a deposit may be. Split your library into smaller exports and deposit each.",
    );
    expect(await page.locator("h1").textContent()).toBe("Deposit BibTeX");
    await person.context.close();
  });

  describe.skipIf(!HAS_SHARED_BIB)("with real files (skipped where ../shared/bib is absent)", () => {
    it("sends a real file with a progress bar, shows the report, stores it, and lists the entries as waiting for review", async () => {
      const person = await signInNewPerson(browser, "depositor", "Dana Depositor");
      const { page } = person;
      await page.goto(deskUrl("/deposit"));
      await page.getByLabel("BibTeX file").setInputFiles(SMALL_FILE);
      // Slow the upload to a few seconds, so the bar can be seen where localhost takes no time at all.
      const cdp = await page.context().newCDPSession(page);
      await cdp.send("Network.enable");
      await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 16 * 1024 });
      await page.getByRole("button", { name: "Check the entries" }).click();
      await expect.poll(() => page.locator("progress").isVisible()).toBe(true);
      await expect.poll(() => page.getByRole("status").first().textContent(), { timeout: 60_000 }).toMatch(/Sending the file: \d+% sent\.|Sent\. Reading every entry/);
      await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
      await page.locator("h1", { hasText: "Check your deposit" }).waitFor({ timeout: 120_000 });

      // The report replaces the form as a new page would: from its top, with focus on its heading.
      await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe("H1");
      expect(await page.evaluate(() => window.scrollY)).toBe(0);
      expect(await page.getByText(`From ${path.basename(SMALL_FILE)}`).count()).toBe(1);
      const created = await countOf(page, "new, to be stored");
      const failed = await countOf(page, "cannot be stored");
      expect(created).toBeGreaterThan(50);
      expect(await page.locator(".deposit-entries > li").count()).toBe(created + (await countOf(page, "not stored again")) + failed);
      // biblatex's examples hold a @set, which is never a reference: its line and the reason, in words.
      const set = page.locator(".deposit-entry", { hasText: "stdmodel" });
      expect(await set.locator(".deposit-entry-where").textContent()).toMatch(/Cannot be stored Line \d+ stdmodel/);
      expect(await set.locator(".deposit-reason").textContent()).toContain("Why: It is a @set");
      await page.screenshot({ path: "/tmp/mhi-deposit-report-1280.png" });
      await expectNoAxeViolations(page);

      await page.getByRole("button", { name: `Confirm and store ${created} new entries` }).first().click();
      await page.locator("h1", { hasText: "Deposit stored" }).waitFor({ timeout: 120_000 });
      expect(await countOf(page, "stored, waiting for review")).toBe(created);
      expect(await page.locator(".deposit-entry-created .deposit-entry-title a").first().getAttribute("href")).toMatch(/^\/desk\/publications\/[0-9A-Z]{26}$/);
      await page.screenshot({ path: "/tmp/mhi-deposit-stored-1280.png" });
      await expectNoAxeViolations(page);

      await page.getByRole("link", { name: "See your work" }).click();
      await page.waitForURL((url) => url.pathname === "/account");
      expect(await page.locator("td .status", { hasText: "Waiting for review" }).count()).toBe(created);
      await person.context.close();
    });

    it("works without JavaScript on a 320 px phone: another real file, its report, confirmed, and listed as waiting for review", async () => {
      const person = await signInNewPerson(browser, "depositor", "Noor Nojs");
      const page = await withoutJavaScript(browser, person, { width: 320, height: 800 });
      await page.goto(deskUrl("/deposit"));
      await expectFitsWidth(page, 320);
      await expectNoAxeViolations(page, { javaScript: false });
      // A file that is not BibTeX is named on the form, linked from its error summary.
      await page.getByLabel("BibTeX file").setInputFiles({ name: "paper.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.7\n%\xe2\xe3\n1 0 obj") });
      await page.getByRole("button", { name: "Check the entries" }).click();
      await page.locator(".error-summary").waitFor();
      expect(await page.locator(".error-summary a").textContent()).toContain("This looks like a PDF, not a BibTeX file");
      expect(await page.locator("#file-error").textContent()).toContain("This looks like a PDF");
      await expectFitsWidth(page, 320);
      await page.getByLabel("BibTeX file").setInputFiles(LARGER_FILE);
      await page.getByRole("button", { name: "Check the entries" }).click();
      await page.locator("h1", { hasText: "Check your deposit" }).waitFor({ timeout: 120_000 });
      await expectFitsWidth(page, 320);
      const created = await countOf(page, "new, to be stored");
      expect(created).toBeGreaterThan(500);
      await page.setViewportSize({ width: 375, height: 800 });
      await page.screenshot({ path: "/tmp/mhi-deposit-report-375.png" });

      await page.getByRole("button", { name: /^Confirm and store/ }).first().click();
      await page.locator("h1", { hasText: "Deposit stored" }).waitFor({ timeout: 120_000 });
      expect(await countOf(page, "stored, waiting for review")).toBe(created);
      await page.screenshot({ path: "/tmp/mhi-deposit-stored-375.png" });
      await page.setViewportSize({ width: 320, height: 800 });

      await page.goto(deskUrl("/account"));
      // My work lists a person's 500 newest items.
      expect(await page.locator("td .status", { hasText: "Waiting for review" }).count()).toBe(Math.min(created, 500));
      await expectFitsWidth(page, 320);
      await page.context().close();
      await person.context.close();
    });
  });
});
