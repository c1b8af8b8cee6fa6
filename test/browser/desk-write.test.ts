// Writing in a real Chromium: a depositor writes a plain-language summary of a demo paper without JavaScript (finds the
// paper, checks plain language, previews, submits) at 320 px; with JavaScript the papers, the preview and the check follow
// their typing; the forms' empty and error states have no axe violations.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoAxeViolations } from "./axe";
import { HAS_CHROMIUM, launchChromium } from "./chromium";
import { deskUrl, signInNewPerson, withoutJavaScript } from "./desk-session";

let browser: Browser;

const PLAIN =
  "Some people rent their home. Some of them fear they will have to move. We asked them how they felt. Many felt low and sad. " +
  "They did not sleep well.\n\nWe talked to **two hundred** people in the North West.";

describe.skipIf(!HAS_CHROMIUM)("writing briefings and summaries in the desk (skipped where /usr/bin/chromium is absent)", () => {
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("lets a depositor write a summary of a demo paper without JavaScript: find it, check plain language, preview, submit", async () => {
    const person = await signInNewPerson(browser, "depositor", "Willa Writer");
    const page = await withoutJavaScript(browser, person, { width: 320, height: 800 });
    await page.goto(deskUrl("/write/lay-summaries"));
    expect(await page.locator("h1").textContent()).toBe("Write a plain-language summary");
    await expectNoAxeViolations(page, { javaScript: false });

    await page.getByLabel("Search the repository's papers").fill("private renters");
    await page.getByRole("button", { name: "Find papers" }).click();
    const paper = page.getByRole("radio", { name: /Housing insecurity and depression among private renters/ });
    await paper.waitFor();
    await paper.check();
    await page.getByLabel("Title", { exact: true }).fill("Renting, moving and feeling low");
    await page.getByLabel("Summary", { exact: true }).fill(PLAIN);

    await page.getByRole("button", { name: "Check plain language" }).click();
    await page.locator("[data-reading-age]").waitFor();
    expect(await page.locator("[data-reading-age]").textContent()).toMatch(/^Reading age ([5-9]|1[0-2]): most people aged \d+ and over can read it\.$/);
    // Everything typed came back with the score.
    expect(await page.getByLabel("Title", { exact: true }).inputValue()).toBe("Renting, moving and feeling low");
    expect(await page.getByRole("radio", { name: /private renters/ }).isChecked()).toBe(true);

    await page.getByRole("button", { name: "Preview" }).click();
    await page.locator("#preview strong", { hasText: "two hundred" }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await page.screenshot({ path: "/tmp/desk-write-summary-320.png", fullPage: true });

    await page.getByRole("button", { name: "Submit for review" }).click();
    await page.waitForURL((url) => /^\/desk\/lay-summaries\/[0-9A-Z]{26}$/u.test(url.pathname));
    const editHref = `${new URL(page.url()).pathname}/edit`;
    // The summary is the author's, waiting for review, and still theirs to edit.
    await page.goto(deskUrl("/account"));
    await page.getByRole("link", { name: "Renting, moving and feeling low" }).waitFor();
    expect(await page.locator("tr", { hasText: "Renting, moving and feeling low" }).textContent()).toContain("Waiting for review");
    await page.goto(deskUrl(editHref));
    expect(await page.getByLabel("Summary", { exact: true }).inputValue()).toBe(PLAIN);
    expect(await page.locator("[data-reading-age]").textContent()).toMatch(/^Reading age \d+/);
    await page.context().close();
    await person.context.close();
  });

  it("follows the author's typing with JavaScript: papers found, the preview and the plain-language check", async () => {
    const person = await signInNewPerson(browser, "depositor");
    const { page } = person;
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(deskUrl("/write/lay-summaries"));

    await page.getByLabel("Search the repository's papers").pressSequentially("coastal", { delay: 20 });
    const paper = page.getByRole("radio", { name: /Young people's mental health in coastal towns/ });
    await paper.waitFor();
    await paper.check();
    // A new search keeps the paper picked.
    await page.getByLabel("Search the repository's papers").fill("debt");
    await page.getByRole("status").filter({ hasText: "“debt”" }).waitFor();
    expect(await page.getByRole("radio", { name: /coastal towns/ }).isChecked()).toBe(true);

    const summary = page.getByLabel("Summary", { exact: true });
    await summary.pressSequentially("Young people by the sea feel low. Jobs are few. ", { delay: 5 });
    const level = page.locator("[data-reading-age]");
    await level.waitFor();
    const easy = await level.textContent();
    expect(easy).toMatch(/^Reading age \d+/);
    await summary.pressSequentially("Intergenerational socioeconomic marginalisation disproportionately characterises peripheral municipalities.", { delay: 2 });
    await expect.poll(() => level.textContent(), { timeout: 20_000 }).not.toBe(easy);
    await page.locator("#preview", { hasText: "Young people by the sea feel low." }).waitFor();

    await page.getByLabel("Language", { exact: true }).selectOption("cy");
    await page.locator("[data-plain-language]", { hasText: "reads English only" }).waitFor();
    await page.getByLabel("Language", { exact: true }).selectOption("en");
    await level.waitFor();
    await expectNoAxeViolations(page);
    await page.screenshot({ path: "/tmp/desk-write-summary-js-375.png", fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    // Two frames: the page is laid out and painted at the new width before the picture.
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    await page.screenshot({ path: "/tmp/desk-write-summary-js-1280.png", fullPage: true });
    await person.context.close();
  });

  it("shows a briefing's problems in a summary linking to each field, at 320 px and 1280 px, with no axe violations", async () => {
    const person = await signInNewPerson(browser, "depositor");
    const { page } = person;
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(deskUrl("/write/briefings"));
    await expectNoAxeViolations(page);
    await page.getByLabel("Summary", { exact: true }).fill("What councils can do about money worries.");
    // Enter in the search box finds papers (the form's first, unseen button is "find"); it never saves.
    await page.getByLabel("Search the repository's papers").fill("debt anxiety");
    const posted = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/write/briefings");
    await page.getByLabel("Search the repository's papers").press("Enter");
    expect((await posted).status()).toBe(200);
    await page.waitForLoadState("load");
    await page.getByRole("checkbox", { name: /Household debt and anxiety/ }).check();
    // Searching again as they type keeps the paper the server listed and they ticked.
    await page.getByLabel("Search the repository's papers").fill("coastal");
    await page.getByRole("status").filter({ hasText: "“coastal”" }).waitFor();
    expect(await page.getByRole("checkbox", { name: /Household debt and anxiety/ }).isChecked()).toBe(true);
    expect(await page.getByRole("status").filter({ hasText: "“coastal”" }).count()).toBe(1);
    await page.getByRole("button", { name: "Save as draft" }).click();
    await page.locator(".error-summary").waitFor();
    await page.getByRole("link", { name: "Enter a title." }).waitFor();
    expect(await page.getByRole("checkbox", { name: /Household debt and anxiety/ }).isChecked()).toBe(true);
    expect(await page.getByLabel("Summary", { exact: true }).inputValue()).toBe("What councils can do about money worries.");
    await expectNoAxeViolations(page);
    await page.screenshot({ path: "/tmp/desk-write-briefing-errors-1280.png", fullPage: true });
    await page.setViewportSize({ width: 320, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await expectNoAxeViolations(page);

    await page.getByLabel("Title", { exact: true }).fill("Money worries: what councils can do");
    await page.getByLabel("Audience").fill("Local authority commissioners");
    await page.getByRole("button", { name: "Save as draft" }).click();
    await page.waitForURL((url) => /^\/desk\/briefings\/[0-9A-Z]{26}$/u.test(url.pathname));
    await person.context.close();
  });
});
