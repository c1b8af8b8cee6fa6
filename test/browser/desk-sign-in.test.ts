// Signing in to the desk in a real Chromium: an invitation, a passkey on the virtual authenticator, the session cookie's
// flags, sign-out, signing in again, and the desk's people page for an admin, at 320 px and under axe.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoAxeViolations } from "./axe";
import { HAS_CHROMIUM, launchChromium } from "./chromium";
import { acceptInvitation, deskUrl, invitePerson, withoutJavaScript } from "./desk-session";

let browser: Browser;

describe.skipIf(!HAS_CHROMIUM)("signing in to the desk with a passkey (skipped where /usr/bin/chromium is absent)", () => {
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("registers a passkey from an invitation, signs out, and signs in again with it", async () => {
    const invitation = await invitePerson("admin", "Ada Admin");
    const { context, page } = await acceptInvitation(browser, invitation.link);
    await expectNoAxeViolations(page);

    const [cookie] = (await context.cookies()).filter((c) => c.name === "__Host-desk-session");
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: "Strict", path: "/" });

    // The invitation link worked once.
    const again = await context.newPage();
    const used = await again.goto(invitation.link);
    expect(used?.status()).toBe(410);
    await again.close();

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL((url) => url.pathname === "/sign-in");
    const signedOut = await page.goto(deskUrl("/admin/people"));
    expect(new URL(signedOut!.url()).pathname).toBe("/sign-in");
    await expectNoAxeViolations(page);

    await page.getByRole("button", { name: "Sign in with a passkey" }).click();
    await page.waitForURL((url) => url.pathname === "/admin/people");
    expect(await page.locator("h1").textContent()).toBe("People");
    expect(await page.locator("td", { hasText: invitation.email }).count()).toBe(1);
    await expectNoAxeViolations(page);
    await context.close();
  });

  it("lets an admin invite someone without JavaScript, at 320 px, and shows the link once", async () => {
    const invitation = await invitePerson("admin");
    const { context } = await acceptInvitation(browser, invitation.link);
    const page = await withoutJavaScript(browser, { ...invitation, context, page: undefined as never }, { width: 320, height: 800 });
    await page.goto(deskUrl("/admin/people"));
    await page.getByLabel("Name", { exact: true }).fill("Ola Otherperson");
    await page.getByLabel("Email").fill(`ola-${Date.now()}@example.org`);
    await page.getByLabel("Role", { exact: true }).selectOption("editor");
    await page.getByRole("button", { name: "Invite", exact: true }).click();
    await page.waitForLoadState("load");
    const link = await page.locator("#invitation-link").inputValue();
    expect(link).toMatch(/\/invitations\/[A-Za-z0-9_-]{43}$/u);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    // Shown once: the people page, opened again, lists the invitation but not its link.
    await page.goto(deskUrl("/admin/people"));
    expect(await page.locator("#invitation-link").count()).toBe(0);
    expect(await page.locator("td", { hasText: "Invited, link open until" }).count()).toBeGreaterThan(0);
    await page.context().close();
    await context.close();
  });

  it("keeps the tokens and people pages accessible and phone-sized when empty, full and wrong", async () => {
    const invitation = await invitePerson("admin");
    const { context, page } = await acceptInvitation(browser, invitation.link);
    const fits = async () => {
      await page.setViewportSize({ width: 320, height: 800 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
      await page.setViewportSize({ width: 1280, height: 900 });
    };
    await page.goto(deskUrl("/account/tokens"));
    expect(await page.locator("main").textContent()).toContain("There are no tokens yet.");
    await expectNoAxeViolations(page);
    await fits();
    // Wrong: no name.
    await page.getByRole("button", { name: "Make the token" }).click();
    await page.locator(".error-summary").waitFor();
    await expectNoAxeViolations(page);
    await fits();
    // Full: a token, shown once, and listed with a revoke button.
    await page.getByLabel("Name").fill("Nightly export");
    await page.getByRole("button", { name: "Make the token" }).click();
    await page.locator("#new-token").waitFor();
    expect(await page.locator("#new-token").inputValue()).toMatch(/^mhr_[0-9a-f]{8}_/u);
    await expectNoAxeViolations(page);
    await fits();
    // The people page, wrong: an email that is not one.
    await page.goto(deskUrl("/admin/people"));
    await page.getByLabel("Name", { exact: true }).fill("Wrong Email");
    await page.getByLabel("Email").fill("not-an-email");
    await page.getByRole("button", { name: "Invite", exact: true }).click();
    await page.locator(".error-summary").waitFor();
    await expectNoAxeViolations(page);
    await fits();
    await context.close();
  });

  it("refuses a form posted to the desk from another site", async () => {
    const invitation = await invitePerson("admin");
    const { context, page } = await acceptInvitation(browser, invitation.link);
    // A page on another origin (127.0.0.1 is another site to localhost) posts the invitation form with the admin's cookie.
    const attacker = await context.newPage();
    await attacker.goto(new URL("/about", deskUrl("/").replace("localhost", "127.0.0.1")).href);
    const status = await attacker.evaluate(async (target) => {
      const form = new URLSearchParams({ name: "Mallory", email: "mallory@example.org", role: "admin", orcid: "" });
      const response = await fetch(target, { method: "POST", body: form, credentials: "include", mode: "no-cors" }).catch(() => null);
      return response ? response.type : "blocked";
    }, deskUrl("/admin/people"));
    expect(["opaque", "blocked"]).toContain(status);
    await page.goto(deskUrl("/admin/people"));
    expect(await page.locator("td", { hasText: "mallory@example.org" }).count()).toBe(0);
    await context.close();
  });
});
