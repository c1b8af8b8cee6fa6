// The plain-language check in a real Chromium: an author types a lay summary and the check follows (the polite status
// line and the report change, the focus stays in the text), without JavaScript "Check plain language" shows it at
// 320 px, and an editor sees it, with the target and whether it is met, on the summary's desk page before publishing.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { expectNoAxeViolations } from "./axe";
import { HAS_CHROMIUM, launchChromium } from "./chromium";
import { deskUrl, signInNewPerson, withoutJavaScript } from "./desk-session";

let browser: Browser;

const EASY = "We talked to people who rent. Many felt low. ";
const JARGON = "Participants were recruited from a longitudinal cohort, and 25% reported psychological distress.";

async function callApi(method: string, path: string, body: unknown) {
  const response = await fetch(new URL(path, inject("baseUrl")), {
    method,
    headers: { authorization: `Bearer ${inject("editorToken")}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(response.status, await response.clone().text()).toBeLessThan(300);
  return response.json() as Promise<any>;
}

describe.skipIf(!HAS_CHROMIUM)("the plain-language check in the desk (skipped where /usr/bin/chromium is absent)", () => {
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("follows an author's typing in a lay summary, in a polite status line, without taking the focus", async () => {
    const person = await signInNewPerson(browser, "depositor");
    const { page } = person;
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(deskUrl("/write/lay-summaries"));
    const status = page.locator("[data-plain-language-status]");
    expect(await status.getAttribute("role")).toBe("status");
    expect(await page.locator("[data-plain-language] [aria-live=assertive]").count()).toBe(0);

    const summary = page.getByLabel("Summary", { exact: true });
    await summary.pressSequentially(EASY, { delay: 5 });
    await expect.poll(() => status.textContent(), { timeout: 20_000 }).toMatch(/^Reading age \d+: meets the target of 12 or below\. Nothing else to fix\.$/u);
    expect(await page.locator("[data-plain-language-verdict]").textContent()).toBe("Meets the target");

    await summary.pressSequentially(JARGON, { delay: 2 });
    await expect.poll(() => status.textContent(), { timeout: 20_000 }).toMatch(/: above the target of 12 or below\. One passive verb, four jargon terms, one figure to write as 1 in n\.$/u);
    expect(await page.locator("[data-plain-language-jargon] li").allTextContents()).toEqual([
      "Participants: say “people who took part”. Or name them: the parents, the young people.",
      'longitudinal: say “over a long time”. For a study: "a study that followed people for 10 years".',
      "cohort: say “group of people followed over time”.",
      "psychological distress: say “feeling very worried, low or upset”.",
    ]);
    await page.locator("[data-plain-language]", { hasText: "“25%”: say “1 in 4”" }).waitFor();
    // The author is still typing where they were.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("body");
    await expectNoAxeViolations(page);
    await page.screenshot({ path: "/tmp/plain-language-write-375.png", fullPage: true });
    await person.context.close();
  });

  it("checks on request without JavaScript, at 320 px", async () => {
    const person = await signInNewPerson(browser, "depositor");
    const page = await withoutJavaScript(browser, person, { width: 320, height: 800 });
    await page.goto(deskUrl("/write/lay-summaries"));
    await page.getByLabel("Summary", { exact: true }).fill(`${EASY}${JARGON}`);
    await page.getByRole("button", { name: "Check plain language" }).click();
    await page.locator("[data-reading-age]").waitFor();
    expect(await page.locator("[data-plain-language-status]").textContent()).toMatch(/^Reading age \d+: (meets|above) the target of 12 or below\./u);
    expect(await page.getByLabel("Summary", { exact: true }).inputValue()).toBe(`${EASY}${JARGON}`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await expectNoAxeViolations(page, { javaScript: false });
    await page.context().close();
    await person.context.close();
  });

  it("shows an editor the check, the target and whether it is met, before the publish actions", async () => {
    // A paper of its own, so that its English summary is the first.
    const run = crypto.randomUUID().slice(0, 8);
    const bibtex = `@article{plainLanguage${run}, author = {Example, Author}, title = {An invented paper for the plain-language check ${run}}, journal = {Invented}, year = 2024}`;
    const deposited = await fetch(new URL("/api/deposits", inject("baseUrl")), {
      method: "POST",
      headers: { authorization: `Bearer ${inject("editorToken")}`, "content-type": "application/x-bibtex" },
      body: bibtex,
    });
    expect(deposited.status).toBe(201);
    const publicationId = (await deposited.json()).entries[0].id as string;
    const summary = await callApi("POST", "/api/lay-summaries", {
      publication_id: publicationId,
      language: "en",
      title: "A summary full of jargon",
      body: `${JARGON} Socioeconomic determinants were operationalised longitudinally.`,
      status: "submitted",
    });

    const editor = await signInNewPerson(browser, "editor");
    const { page } = editor;
    await page.setViewportSize({ width: 320, height: 800 });
    await page.goto(deskUrl(`/desk/lay-summaries/${summary.id}`));
    const section = page.locator("section", { has: page.getByRole("heading", { name: "Plain language", level: 2 }) });
    await section.waitFor();
    expect(await section.locator("[data-plain-language-verdict]").textContent()).toBe("Above the target");
    expect(await section.textContent()).toMatch(/It is above the target of reading age 12 or below, by \d+ years/u);
    expect(await section.getByRole("link", { name: "settings" }).getAttribute("href")).toBe("/review/settings");
    // The target is the editors' to change, from the link beside it; saving it as it is changes nothing for other tests.
    await section.getByRole("link", { name: "settings" }).click();
    await page.waitForURL((url) => url.pathname === "/review/settings");
    expect(await page.getByLabel("Target reading age").inputValue()).toBe("12");
    await expectNoAxeViolations(page);
    await page.getByRole("button", { name: "Save the target" }).click();
    await page.getByRole("status").filter({ hasText: "now checked against reading age 12" }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await page.goto(deskUrl(`/desk/lay-summaries/${summary.id}`));
    // Next to the publish actions: the check comes just before them.
    const order = await page.locator("h2").allTextContents();
    expect(order.indexOf("Plain language") + 1).toBe(order.indexOf("Actions"));
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await expectNoAxeViolations(page);
    await page.screenshot({ path: "/tmp/plain-language-desk-320.png", fullPage: true });
    await editor.context.close();
  });
});
