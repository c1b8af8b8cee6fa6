// Evidence that stays honest, in a real Chromium: a paper a briefing cites is withdrawn; a reader sees the notice on the
// briefing's page (320 px, no JavaScript, axe); an editor finds it in /review and marks it reviewed (with JavaScript,
// and without it on a phone), and the reader is then told an editor reviewed the briefing.
import { readFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { expectNoAxeViolations } from "./axe";
import { HAS_CHROMIUM, launchChromium } from "./chromium";
import { deskUrl, signInNewPerson, withoutJavaScript } from "./desk-session";

const RUN = crypto.randomUUID().slice(0, 8);
const REASON = "Retracted by the journal: the sample was counted twice";
const url = (path: string) => new URL(path, inject("baseUrl")).href;
const today = () => new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(new Date());

let browser: Browser;
const papers: Record<string, string> = {};
const briefings: { id: string; title: string }[] = [];

async function callApi(method: string, path: string, body?: string, type = "application/json") {
  const response = await fetch(url(path), { method, headers: { authorization: `Bearer ${inject("editorToken")}`, "content-type": type }, body });
  expect(response.status, await response.clone().text()).toBeLessThan(300);
  return response.json() as Promise<any>;
}

async function createPublishedBriefing(title: string, publicationIds: string[]): Promise<string> {
  const briefing = await callApi(
    "POST",
    "/api/briefings",
    JSON.stringify({ title, summary: "Sample summary.", key_messages: ["Offer debt advice where people already go."], body: "Sample body.", audience: "Councils", publication_ids: publicationIds }),
  );
  await callApi("POST", `/api/briefings/${briefing.id}/publish`, "{}");
  return briefing.id;
}

/** A reader's page, without JavaScript, at `width`. */
async function openAsReader(path: string, width: number): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width, height: 800 }, javaScriptEnabled: false })).newPage();
  const response = await page.goto(url(path));
  expect(response?.status()).toBe(200);
  return page;
}

async function expectFitsWidth(page: Page, width: number): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
}

describe.skipIf(!HAS_CHROMIUM)("briefings whose evidence changed (skipped where /usr/bin/chromium is absent)", () => {
  beforeAll(async () => {
    browser = await launchChromium();
    const bib = readFileSync(new URL("../fixtures/evidence.bib", import.meta.url), "utf8").replaceAll("RUN", RUN);
    const report = await callApi("POST", "/api/deposits", bib, "application/x-bibtex");
    for (const entry of report.entries) papers[entry.key.replace(RUN, "")] = entry.id;
    for (const [title, cited] of [
      [`Sample briefing: debt advice where people already go ${RUN}`, [papers.cornerstone, papers.erratum]],
      [`Sample briefing: money and mental health ${RUN}`, [papers.bystander, papers.cornerstone]],
    ] as const) {
      briefings.push({ id: await createPublishedBriefing(title, [...cited]), title });
    }
    await callApi("POST", `/api/publications/${papers.cornerstone}/withdraw`, JSON.stringify({ reason: REASON }));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    // Out of the demo again, so other tests' lists (the home page's briefings) are as they expect.
    for (const { id } of briefings) await callApi("POST", `/api/briefings/${id}/withdraw`, JSON.stringify({ reason: "Invented briefings for a test." }));
  });

  it("a reader sees the notice near the top of the briefing, on a 320 px phone without JavaScript", async () => {
    const page = await openAsReader(`/briefings/${briefings[0].id}`, 320);
    const notice = page.getByRole("region", { name: "The evidence under this briefing has changed" });
    expect(await notice.locator("li p").first().textContent()).toBe(
      `One of the studies this briefing rests on was withdrawn on ${today()}: ${REASON}. The briefing has not yet been reviewed since.`,
    );
    expect(await notice.getByRole("link").textContent()).toBe(`Debt advice in invented surgeries and anxiety a year later ${RUN}`);
    // It comes before the key messages: a reader meets it before the briefing's claims.
    const order = await page.evaluate(() => {
      const notice = document.querySelector(".evidence-notices");
      const messages = document.querySelector(".key-messages");
      return notice && messages ? notice.compareDocumentPosition(messages) & Node.DOCUMENT_POSITION_FOLLOWING : 0;
    });
    expect(order).toBeTruthy();
    await expectFitsWidth(page, 320);
    await expectNoAxeViolations(page, { javaScript: false });
    await page.screenshot({ path: "/tmp/mhi-evidence-briefing-320.png", fullPage: true });
  });

  it("an editor finds both briefings in /review and marks them reviewed, with JavaScript and without it", async () => {
    const editor = await signInNewPerson(browser, "editor", `Evi Editor ${RUN}`);
    const { page } = editor;
    await page.goto(deskUrl("/review"));
    const section = page.locator("section", { has: page.getByRole("heading", { name: "Briefings whose evidence changed" }) });
    await section.waitFor();
    for (const briefing of briefings) {
      const entry = section.locator("li", { hasText: briefing.title });
      expect(await entry.count()).toBe(1);
      expect(await entry.textContent()).toContain(`Withdrawn on ${today()}: Debt advice in invented surgeries and anxiety a year later ${RUN}`);
      expect(await entry.textContent()).toContain(`“${REASON}”`);
    }
    await expectNoAxeViolations(page);
    await page.screenshot({ path: "/tmp/mhi-evidence-review-1280.png", fullPage: true });

    // With JavaScript, at 1280 px: the first briefing.
    await section.getByRole("button", { name: `Mark reviewed for ${briefings[0].title}, after “Debt advice in invented surgeries and anxiety a year later ${RUN}” was withdrawn` }).click();
    await page.waitForURL((address) => address.pathname === "/review" && address.hash === "#evidence-changed");
    expect(await section.locator("li", { hasText: briefings[0].title }).count()).toBe(0);
    expect(await section.locator("li", { hasText: briefings[1].title }).count()).toBe(1);

    // Without JavaScript, on a 320 px phone: the second, from the briefing's own desk page.
    const phone = await withoutJavaScript(browser, editor, { width: 320, height: 800 });
    await phone.goto(deskUrl("/review"));
    await phone.getByRole("link", { name: briefings[1].title }).click();
    await phone.waitForURL((address) => address.pathname === `/desk/briefings/${briefings[1].id}`);
    const onDesk = phone.getByRole("region", { name: "The evidence under this briefing has changed" });
    expect(await onDesk.textContent()).toContain("The briefing has not yet been reviewed since.");
    await expectFitsWidth(phone, 320);
    await expectNoAxeViolations(phone, { javaScript: false });
    await onDesk.getByRole("button", { name: /^Mark reviewed/u }).click();
    await phone.waitForURL((address) => address.search === "?done=evidence-reviewed");
    expect(await phone.getByRole("status").first().textContent()).toBe("Marked reviewed: readers of the briefing are told an editor reviewed it.");
    expect(await phone.getByRole("region", { name: "The evidence under this briefing has changed" }).textContent()).toContain(`Evi Editor ${RUN} reviewed the briefing on ${today()}.`);
    await phone.screenshot({ path: "/tmp/mhi-evidence-desk-320.png", fullPage: true });

    await phone.goto(deskUrl("/review"));
    const after = await phone.locator("section", { has: phone.getByRole("heading", { name: "Briefings whose evidence changed" }) }).textContent();
    expect(after).not.toContain(RUN);
  });

  it("a reader is then told an editor reviewed the briefing", async () => {
    const page = await openAsReader(`/briefings/${briefings[1].id}`, 1280);
    expect(await page.getByRole("region", { name: "The evidence under this briefing has changed" }).locator("li p").first().textContent()).toBe(
      `One of the studies this briefing rests on was withdrawn on ${today()}: ${REASON}. An editor reviewed the briefing on ${today()}.`,
    );
    await expectNoAxeViolations(page, { javaScript: false });
  });
});
