// Tagging in a real Chromium: an editor tags a submitted briefing from the review queue with the keyboard alone (Tab,
// Space, Enter; an NHS region opened for its ICB, a country typed), is brought back to the queue, and sees the tags on
// the item's desk page; the tags page without JavaScript at 320 px, an unknown country's error; axe on every state.
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { expectNoAxeViolations } from "./axe";
import { HAS_CHROMIUM, launchChromium } from "./chromium";
import { deskUrl, signInNewPerson, withoutJavaScript } from "./desk-session";

let browser: Browser;

/** A briefing waiting for review, written through the API with the tests' editor token. */
async function submitBriefing(title: string): Promise<string> {
  const response = await fetch(new URL("/api/briefings", inject("baseUrl")), {
    method: "POST",
    headers: { authorization: `Bearer ${inject("editorToken")}`, "content-type": "application/json" },
    body: JSON.stringify({ title, summary: "What helps new mothers who have moved here.", body: "Sample body.", audience: "Maternity services", status: "submitted" }),
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

/** Presses Tab until `target` has the focus, as a keyboard user moves through the page; fails after `most` presses. */
async function tabTo(page: Page, target: Locator, most = 250): Promise<void> {
  for (let i = 0; i < most; i++) {
    await page.keyboard.press("Tab");
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error(`${most} presses of Tab never reached ${target.toString()}`);
}

async function expectFitsWidth(page: Page, width: number): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
}

describe.skipIf(!HAS_CHROMIUM)("tagging items on the desk (skipped where /usr/bin/chromium is absent)", () => {
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("an editor tags a submitted briefing from the queue with the keyboard alone, and sees the tags on its desk page", async () => {
    const run = crypto.randomUUID().slice(0, 8);
    const title = `Perinatal support for new arrivals ${run}`;
    const id = await submitBriefing(title);
    const editor = await signInNewPerson(browser, "editor", `Tess Tagger ${run}`);
    const { page } = editor;

    // The queue's last page, where the newest submission waits: its row says it has no tags yet.
    await page.goto(deskUrl("/review?page=1000000"));
    const row = page.locator("tr", { hasText: title });
    expect(await row.locator('td[data-label="Equity tags"]').textContent()).toBe(`None yet Add tags for “${title}”`);
    const tagLink = row.getByRole("link", { name: `Add tags for “${title}”` });
    await tabTo(page, tagLink);
    await page.keyboard.press("Enter");
    await page.waitForURL((url) => url.pathname === `/desk/briefings/${id}/tags`);
    expect(await page.locator("h1").textContent()).toBe("Equity tags");
    await expectNoAxeViolations(page);

    // A population group and a life-course stage, each ticked with Space.
    await tabTo(page, page.getByRole("checkbox", { name: "Refugees and asylum seekers" }));
    await page.keyboard.press("Space");
    await tabTo(page, page.getByRole("checkbox", { name: "Perinatal" }));
    await page.keyboard.press("Space");
    // North West's boards are folded away until its disclosure is opened with Enter.
    const greaterManchester = page.getByRole("checkbox", { name: "Greater Manchester" });
    expect(await greaterManchester.isVisible()).toBe(false);
    await tabTo(page, page.getByText("Its 3 integrated care boards in North West"));
    await page.keyboard.press("Enter");
    await tabTo(page, greaterManchester);
    await page.keyboard.press("Space");
    // A country typed by its code, then Enter sends the form.
    await tabTo(page, page.getByRole("combobox", { name: "Add countries" }));
    await page.keyboard.type("SY");
    await page.setViewportSize({ width: 320, height: 800 });
    await expectFitsWidth(page, 320);
    await page.screenshot({ path: "/tmp/desk-equity-tags-320.png", fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.keyboard.press("Enter");

    // Back in the queue: the confirmation names the item, and its row lists what was chosen.
    await page.waitForURL((url) => url.pathname === "/review" && url.searchParams.get("tagged") === `briefings/${id}`);
    const notice = page.getByRole("status").filter({ hasText: "Equity tags saved for" });
    expect(await notice.textContent()).toBe(`Equity tags saved for ${title}. As a change to it, it now waits at the end of the queue.`);
    await expectNoAxeViolations(page);
    await page.goto(deskUrl("/review?page=1000000"));
    expect(await page.locator("tr", { hasText: title }).locator('td[data-label="Equity tags"]').textContent()).toBe(
      `Refugees and asylum seekers; Perinatal; Greater Manchester; Syria Change tags for “${title}”`,
    );
    await page.setViewportSize({ width: 320, height: 800 });
    await expectFitsWidth(page, 320);
    await page.screenshot({ path: "/tmp/desk-equity-queue-320.png", fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });

    // The item's desk page lists the tags facet by facet.
    await page.goto(deskUrl(`/desk/briefings/${id}`));
    const tags = page.locator("section", { has: page.getByRole("heading", { name: "Equity tags" }) });
    expect(await tags.locator("dl").innerText()).toBe("Population group\nRefugees and asylum seekers\nLife-course stage\nPerinatal\nPlace\nGreater Manchester, Syria");
    await expectNoAxeViolations(page);

    // Without JavaScript on a phone: the tags page shows the choices ticked, and an unknown country comes back named.
    const plain = await withoutJavaScript(browser, editor, { width: 320, height: 800 });
    await plain.goto(deskUrl(`/desk/briefings/${id}/tags`));
    expect(await plain.locator(".equity-chosen").textContent()).toBe("Chosen now: Refugees and asylum seekers; Perinatal; Greater Manchester; Syria");
    expect(await plain.getByRole("checkbox", { name: "Greater Manchester" }).isChecked()).toBe(true);
    expect(await plain.getByRole("checkbox", { name: "Syria" }).isChecked()).toBe(true);
    await plain.getByLabel("Add more countries").fill("Atlantis");
    await plain.getByRole("button", { name: "Save tags" }).click();
    await plain.locator(".error-summary").waitFor();
    expect(await plain.title()).toMatch(/^Error: /u);
    expect(await plain.locator(".error-summary li").textContent()).toMatch(/^No country is known as “Atlantis”\./u);
    await expectFitsWidth(plain, 320);
    await plain.screenshot({ path: "/tmp/desk-equity-error-320.png", fullPage: false });
    await plain.context().close();
    // The same error state, checked by axe (which needs JavaScript).
    await page.goto(deskUrl(`/desk/briefings/${id}/tags`));
    await page.getByLabel("Add more countries").fill("Atlantis");
    await page.getByRole("button", { name: "Save tags" }).click();
    await page.locator(".error-summary").waitFor();
    await expectNoAxeViolations(page);
    await editor.context.close();
  }, 300_000);
});
