// Issue 11's whole workflow in a real Chromium, from the first admin's invitation to a published paper: the admin
// invites a depositor and an editor in the browser, the depositor registers a passkey and deposits a real BibTeX export,
// the editor publishes one entry and returns another with a note, and the depositor sees both on their desk.
import { existsSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoAxeViolations } from "./axe";
import { HAS_CHROMIUM, launchChromium } from "./chromium";
import { acceptInvitation, deskUrl, invitePerson, newDeskContext } from "./desk-session";

/** A real JabRef export with groups (916 entries) that no other browser test deposits, so its entries are new here. */
const REAL_FILE = path.resolve(import.meta.dirname, "../../../shared/bib/bbt-97-jabref-groups.bib");

let browser: Browser;

/** The admin invites someone on /admin/people, as a person does, and reads the link the page shows once. */
async function inviteInBrowser(admin: Page, name: string, role: "depositor" | "editor"): Promise<string> {
  await admin.goto(deskUrl("/admin/people"));
  await admin.getByLabel("Name", { exact: true }).fill(name);
  await admin.getByLabel("Email").fill(`${role}-${Date.now()}@example.org`);
  await admin.getByLabel("Role", { exact: true }).selectOption(role);
  await admin.getByRole("button", { name: "Invite", exact: true }).click();
  return admin.locator("#invitation-link").inputValue();
}

describe.skipIf(!HAS_CHROMIUM || !existsSync(REAL_FILE))("the desk's whole workflow (skipped where Chromium or ../shared/bib is absent)", () => {
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("goes from the first admin's invitation to a published paper and a returned one, in the browser alone", async () => {
    // The first admin, invited the way `npm run token -- --invite` does on a fresh repository.
    const first = await invitePerson("admin", "First Admin");
    const admin = await acceptInvitation(browser, first.link);
    const depositorLink = await inviteInBrowser(admin.page, "Dee Depositor", "depositor");
    const editorLink = await inviteInBrowser(admin.page, "Eli Editor", "editor");

    // The depositor makes a passkey, and cannot open the editors' or admins' pages.
    const depositor = await acceptInvitation(browser, depositorLink);
    for (const path of ["/review", "/admin/people"]) {
      const response = await depositor.page.goto(deskUrl(path));
      expect(response?.status()).toBe(403);
    }

    // They deposit a real export, read the report and confirm.
    await depositor.page.goto(deskUrl("/deposit"));
    await depositor.page.getByLabel("BibTeX file").setInputFiles(REAL_FILE);
    await depositor.page.getByRole("button", { name: "Check the entries" }).click();
    await depositor.page.locator("h1", { hasText: "Check your deposit" }).waitFor();
    await expectNoAxeViolations(depositor.page);
    await depositor.page.getByRole("button", { name: /^Confirm and store \d+ new entr/u }).first().click();
    await depositor.page.locator("h1", { hasText: "Deposit stored" }).waitFor();
    const stored = depositor.page.locator(".deposit-entry-created .deposit-entry-title a");
    expect(await stored.count()).toBeGreaterThan(100);
    const [toPublish, toReturn] = [await stored.nth(0).getAttribute("href"), await stored.nth(1).getAttribute("href")];
    expect(toPublish).toMatch(/^\/desk\/publications\/[0-9A-Z]{26}$/u);

    // The editor finds the deposit waiting for review, publishes one entry and returns another with a note.
    const editor = await acceptInvitation(browser, editorLink);
    await editor.page.goto(deskUrl("/review"));
    expect(await editor.page.locator("h1").textContent()).toMatch(/review/iu);
    await expectNoAxeViolations(editor.page);
    await editor.page.goto(deskUrl(toPublish!));
    expect(await editor.page.locator(".not-public").count()).toBe(1);
    await editor.page.getByRole("button", { name: "Publish now" }).click();
    await editor.page.waitForLoadState("load");
    expect(await editor.page.locator(".not-public").count()).toBe(0);
    await editor.page.goto(deskUrl(toReturn!));
    await editor.page.getByLabel("Note to the author").fill("Please add the DOI before this is published.");
    await editor.page.getByRole("button", { name: "Return to the author" }).click();
    await editor.page.waitForLoadState("load");

    // The depositor sees both on their desk: one published, one returned with the editor's note.
    const publishedId = toPublish!.split("/").pop();
    await depositor.page.goto(deskUrl("/account"));
    const publishedRow = depositor.page.locator("tr", { has: depositor.page.locator(`a[href="/publications/${publishedId}"]`) });
    expect(await publishedRow.locator(".status").textContent()).toBe("Published");
    const returnedRow = depositor.page.locator("tr", { has: depositor.page.locator(`a[href="${toReturn}"]`) });
    expect(await returnedRow.locator(".status").textContent()).toBe("Returned to you");
    expect(await returnedRow.textContent()).toContain("Please add the DOI before this is published.");
    await expectNoAxeViolations(depositor.page);

    // The published paper is public now; a visitor who is not signed in is sent to sign in on the editors' pages.
    const visitorContext = await newDeskContext(browser);
    const visitor = await visitorContext.newPage();
    expect((await visitor.goto(deskUrl(`/publications/${publishedId}`)))?.status()).toBe(200);
    await visitor.goto(deskUrl("/review"));
    expect(new URL(visitor.url()).pathname).toBe("/sign-in");
    for (const context of [admin.context, depositor.context, editor.context, visitorContext]) await context.close();
  }, 600_000);
});
