// Signing in to the desk in a real Chromium: an invitation made by the tests' admin through /admin/people (global-setup.ts
// signs that admin in), a passkey registered on Chromium's virtual authenticator, and the session that follows.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { expect, inject } from "vitest";
import { addVirtualAuthenticator } from "./passkey-sign-in";

export { addVirtualAuthenticator };

/** Passkeys refuse IP addresses: the desk is used at localhost (the Worker sends 127.0.0.1 there too). */
export function deskUrl(path: string): string {
  const url = new URL(path, inject("baseUrl"));
  url.hostname = "localhost";
  return url.href;
}

/**
 * A context whose waits allow for a cold, busy machine (Chromium's first start, wrangler compiling on first request):
 * Playwright's 30 s default was hit here while other test runs shared the two cores.
 */
export async function newDeskContext(browser: Browser, options: Parameters<Browser["newContext"]>[0] = {}): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  context.setDefaultTimeout(90_000);
  context.setDefaultNavigationTimeout(90_000);
  return context;
}

let invited = 0;

export type DeskBrowserPerson = { name: string; email: string; context: BrowserContext; page: Page };

/**
 * A request from Node to the test Worker, sent once more (with a warning) if no answer has come in 45 s: the same
 * rare hang as `openInvitation`'s (docs/architecture.md, "Browser tests"). Sending a form again is safe here: an
 * invitation for a new email, or a page read.
 */
async function fetchOnceMore(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(45_000) });
  } catch (error) {
    if (!(error instanceof Error && error.name === "TimeoutError")) throw error;
    console.warn(`No answer from ${init.method ?? "GET"} ${url} in 45 s; sending it again`);
    return fetch(url, init);
  }
}

/**
 * Invites a person with `role` as an admin does, through /admin/people with the tests' admin session, and returns the
 * invitation's link. Never written into the D1 from this process: see global-setup.ts.
 */
export async function invitePerson(role: "depositor" | "editor" | "admin", name?: string): Promise<{ name: string; email: string; link: string }> {
  const n = ++invited;
  const person = { name: name ?? `Browser ${role} ${n}`, email: `browser-${role}-${n}-${Date.now()}@example.org`, role };
  const peopleUrl = deskUrl("/admin/people");
  const cookie = inject("adminCookie");
  const form = await fetchOnceMore(peopleUrl, { headers: { cookie } });
  expect(form.status, "the tests' admin session opens /admin/people").toBe(200);
  const csrf = /name="csrf" value="([^"]+)"/u.exec(await form.text())?.[1];
  const response = await fetchOnceMore(peopleUrl, {
    method: "POST",
    headers: { cookie, origin: new URL(peopleUrl).origin, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrf: csrf ?? "", name: person.name, email: person.email, role, orcid: "" }),
  });
  const page = await response.text();
  expect(response.status, page).toBe(200);
  const link = /id="invitation-link"[^>]*\svalue="([^"]+)"/u.exec(page)?.[1];
  if (!link) throw new Error(`/admin/people showed no invitation link for ${person.email}`);
  return { name: person.name, email: person.email, link: deskUrl(new URL(link).pathname) };
}

/**
 * Opens an invitation page, once more (with a warning) if the first load never finishes. In about one full run in
 * three this happened while tests wrote invitations into the D1 from a second process; they no longer do
 * (docs/architecture.md, "Browser tests"), and the warning says whether it is gone.
 */
async function openInvitation(page: Page, link: string): Promise<void> {
  try {
    await page.goto(link, { timeout: 45_000 });
  } catch (error) {
    if (!(error instanceof Error && error.name === "TimeoutError")) throw error;
    console.warn(`The invitation page did not finish loading in 45 s; opening it again: ${link}`);
    await page.goto(link);
  }
}

/** Accepts an invitation in a new context: registers a passkey on the virtual authenticator and lands on /account. */
export async function acceptInvitation(browser: Browser, link: string, viewport = { width: 1280, height: 900 }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newDeskContext(browser, { viewport });
  const page = await context.newPage();
  await addVirtualAuthenticator(page);
  await openInvitation(page, link);
  await page.getByRole("button", { name: "Create a passkey and accept" }).click();
  await page.waitForURL((url) => url.pathname === "/account");
  await expect.poll(() => page.locator("h1").textContent()).toBe("My work");
  return { context, page };
}

/** A signed-in person with `role`, in a context of their own. */
export async function signInNewPerson(browser: Browser, role: "depositor" | "editor" | "admin", name?: string): Promise<DeskBrowserPerson> {
  const invitation = await invitePerson(role, name);
  const { context, page } = await acceptInvitation(browser, invitation.link);
  return { name: invitation.name, email: invitation.email, context, page };
}

/** The same signed-in session in a context without JavaScript: every desk page but the passkey step must work there. */
export async function withoutJavaScript(browser: Browser, person: DeskBrowserPerson, viewport = { width: 375, height: 800 }): Promise<Page> {
  const context = await newDeskContext(browser, { javaScriptEnabled: false, viewport });
  await context.addCookies(await person.context.cookies());
  return context.newPage();
}
