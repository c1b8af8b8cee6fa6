// Review in a real Chromium: a depositor's two papers reach the queue, an editor publishes one (with JavaScript) and
// returns the other with a note (without it, at 320 px), the depositor sees both on My work; axe on every state.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoAxeViolations } from "./axe";
import { HAS_CHROMIUM, launchChromium } from "./chromium";
import { deskUrl, signInNewPerson, withoutJavaScript } from "./desk-session";

const FIXTURE = readFileSync(path.resolve(import.meta.dirname, "../fixtures/desk-review.bib"), "utf8");

let browser: Browser;

async function expectFitsWidth(page: Page, width: number): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
}

/** The queue's last page, where the newest submissions wait. */
async function openLastQueuePage(page: Page): Promise<void> {
  await page.goto(deskUrl("/review?page=1000000"));
  await page.locator("h1", { hasText: "Review" }).waitFor();
}

describe.skipIf(!HAS_CHROMIUM)("reviewing submitted work (skipped where /usr/bin/chromium is absent)", () => {
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("an editor publishes one entry and returns another with a note; the depositor sees both", async () => {
    const run = crypto.randomUUID().slice(0, 8);
    const firstTitle = `Waiting times for talking therapies in invented towns ${run}`;
    const secondTitle = `Rent arrears and sleep in a made-up city ${run}`;

    const depositor = await signInNewPerson(browser, "depositor", `Dee Depositor ${run}`);
    await depositor.page.goto(deskUrl("/deposit"));
    await depositor.page.getByLabel("Or paste BibTeX").fill(FIXTURE.replaceAll("RUN", run));
    await depositor.page.getByRole("button", { name: "Check the entries" }).click();
    await depositor.page.getByRole("button", { name: /Confirm and store/ }).first().click();
    await depositor.page.waitForURL((url) => url.pathname !== "/deposit" || url.search !== "");
    await depositor.page.goto(deskUrl("/account"));
    await expect.poll(() => depositor.page.getByRole("link", { name: firstTitle, exact: true }).count()).toBe(1);

    // The editor finds both in the queue (newest at its end) and publishes the first, with JavaScript, at 1280 px.
    const editor = await signInNewPerson(browser, "editor", `Eve Editor ${run}`);
    const { page } = editor;
    await page.getByRole("link", { name: "Review" }).click();
    await page.waitForURL((url) => url.pathname === "/review");
    await expectNoAxeViolations(page);
    await openLastQueuePage(page);
    const row = page.locator("tr", { hasText: firstTitle });
    expect(await row.locator("td").nth(2).textContent()).toBe(`Dee Depositor ${run}`);
    await page.screenshot({ path: "/tmp/desk-review-queue-1280.png", fullPage: false });
    await page.setViewportSize({ width: 375, height: 800 });
    await expectFitsWidth(page, 375);
    await page.screenshot({ path: "/tmp/desk-review-queue-375.png", fullPage: false });
    await page.setViewportSize({ width: 1280, height: 900 });
    await row.getByRole("link", { name: firstTitle, exact: true }).click();
    await page.waitForURL((url) => url.pathname.startsWith("/desk/publications/"));
    const firstPath = new URL(page.url()).pathname;
    expect(await page.locator(".not-public").textContent()).toBe("Not public. Submitted: waiting for an editor's review.");
    expect(await page.getByRole("heading", { name: "History" }).count()).toBe(1);
    await expectNoAxeViolations(page);
    await page.screenshot({ path: "/tmp/desk-review-item-1280.png", fullPage: true });
    await page.getByRole("button", { name: "Publish now" }).click();
    await page.waitForURL((url) => url.search === "?done=published");
    expect(await page.getByRole("status").first().textContent()).toBe("Published: it is public now.");
    expect(await page.locator(".not-public").count()).toBe(0);
    await expectNoAxeViolations(page);

    // A return without a note is refused, with the error summary linking to the note.
    await openLastQueuePage(page);
    await page.getByRole("link", { name: secondTitle, exact: true }).click();
    await page.waitForURL((url) => url.pathname.startsWith("/desk/publications/"));
    const secondPath = new URL(page.url()).pathname;
    await page.getByRole("button", { name: "Return to the author" }).click();
    await page.locator(".error-summary").waitFor();
    expect(await page.title()).toMatch(/^Error: /);
    await expectNoAxeViolations(page);
    await page.getByRole("link", { name: "Enter a note that tells the author what to change." }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("note");

    // Without JavaScript, at 320 px: the note, the return, the confirmation.
    const plain = await withoutJavaScript(browser, editor, { width: 320, height: 800 });
    await plain.goto(deskUrl(secondPath));
    await expectFitsWidth(plain, 320);
    await plain.getByLabel("Note to the author").fill("Please add the abstract and the sample size.");
    await plain.getByRole("button", { name: "Return to the author" }).click();
    await plain.waitForURL((url) => url.search === "?done=returned");
    expect(await plain.getByRole("status").first().textContent()).toBe("Returned to the author with your note.");
    expect(await plain.locator(".desk-history li", { hasText: "Returned to the author" }).locator(".desk-history-note").textContent()).toBe("“Please add the abstract and the sample size.”");
    await expectFitsWidth(plain, 320);
    await plain.setViewportSize({ width: 375, height: 800 });
    await plain.screenshot({ path: "/tmp/desk-review-item-375.png", fullPage: true });
    await plain.goto(deskUrl("/review"));
    await expectFitsWidth(plain, 375);
    await plain.context().close();

    // The depositor: the first published, the second returned with the note, on My work and on its own desk page.
    await depositor.page.goto(deskUrl("/account"));
    const published = depositor.page.locator("tr", { hasText: firstTitle });
    expect(await published.locator(".status").textContent()).toBe("Published");
    const returned = depositor.page.locator("tr", { hasText: secondTitle });
    expect(await returned.locator(".status").textContent()).toBe("Returned to you");
    expect(await returned.textContent()).toContain("Editor's note: Please add the abstract and the sample size.");
    await expectNoAxeViolations(depositor.page);
    await returned.getByRole("link", { name: secondTitle, exact: true }).click();
    await depositor.page.waitForURL((url) => url.pathname === secondPath);
    expect(await depositor.page.locator(".notice").textContent()).toContain("Please add the abstract and the sample size.");
    expect(await depositor.page.getByRole("heading", { name: "History" }).count()).toBe(0);
    await expectNoAxeViolations(depositor.page);
    // Another depositor is not told the paper exists.
    const stranger = await signInNewPerson(browser, "depositor");
    expect((await stranger.page.goto(deskUrl(firstPath)))?.status()).toBe(404);
    await stranger.context.close();

    // The depositor edits the returned paper without JavaScript and submits it again.
    const plainDepositor = await withoutJavaScript(browser, depositor, { width: 320, height: 800 });
    await plainDepositor.goto(deskUrl(`${secondPath}/edit`));
    await expectFitsWidth(plainDepositor, 320);
    await plainDepositor.getByLabel("Abstract (optional)").fill("Arrears were linked with shorter sleep in 240 invented households.");
    await plainDepositor.getByRole("button", { name: "Save and submit for review" }).click();
    await plainDepositor.waitForURL((url) => url.search === "?done=submitted");
    expect(await plainDepositor.locator(".not-public").textContent()).toBe("Not public. Submitted: waiting for an editor's review.");
    await plainDepositor.context().close();
    await depositor.page.goto(deskUrl(`${secondPath}/edit`));
    await expectNoAxeViolations(depositor.page);
    await depositor.page.setViewportSize({ width: 375, height: 800 });
    await depositor.page.screenshot({ path: "/tmp/desk-review-edit-375.png", fullPage: true });

    await depositor.context.close();
    await editor.context.close();
  }, 480_000);

  it("tells a depositor the queue is for editors, and sends a visitor to sign in", async () => {
    const depositor = await signInNewPerson(browser, "depositor");
    expect((await depositor.page.goto(deskUrl("/review")))?.status()).toBe(403);
    await depositor.context.close();
    const visitor = await browser.newContext();
    const page = await visitor.newPage();
    await page.goto(deskUrl("/review"));
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    await visitor.close();
  });
});
