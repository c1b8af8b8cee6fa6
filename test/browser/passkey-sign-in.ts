// Passkeys in a real Chromium without vitest: the virtual authenticator, and accepting an invitation with it (used by
// the browser tests' global setup to sign in their admin, and by desk-session.ts).
import type { CDPSession, Page } from "playwright-core";
import { launchChromium } from "./chromium";

/** A platform authenticator that says yes at once, as a person with a fingerprint reader would. */
export async function addVirtualAuthenticator(page: Page): Promise<{ cdp: CDPSession; authenticatorId: string }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: { protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  return { cdp, authenticatorId };
}

/**
 * Accepts the invitation at `link` in a fresh Chromium and returns the signed-in session's cookies as a `Cookie`
 * header, for requests made from Node with that person's session.
 */
export async function signInWithInvitation(link: string): Promise<string> {
  const browser = await launchChromium();
  try {
    const context = await browser.newContext();
    context.setDefaultTimeout(90_000);
    context.setDefaultNavigationTimeout(90_000);
    const page = await context.newPage();
    await addVirtualAuthenticator(page);
    await page.goto(link);
    await page.getByRole("button", { name: "Create a passkey and accept" }).click();
    await page.waitForURL((url) => url.pathname === "/account");
    const cookies = await context.cookies(link);
    return cookies.map((c) => `${c.name}=${c.value}`).join("; ");
  } finally {
    await browser.close();
  }
}
