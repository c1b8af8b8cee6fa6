// The desk's foundations: sessions, sign-out, CSRF and origin checks, invitations, people and roles, personal tokens, rate limits.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../worker/db/client";
import { inviteAccount } from "../../worker/desk/accounts";
import { deskFetch, DESK_ORIGIN, signInAs } from "./desk-helpers";
import { callApi, createItem } from "./helpers";

/** The value of a read-only input on a desk page (a new token, an invitation link). */
function inputValue(html: string, id: string): string {
  const match = new RegExp(`id="${id}"[^>]*value="([^"]+)"`).exec(html) ?? new RegExp(`value="([^"]+)"[^>]*id="${id}"`).exec(html);
  if (!match) throw new Error(`no #${id} in the page`);
  return match[1].replace(/&amp;/g, "&");
}

describe("signing in and out", () => {
  it("sends a visitor who is not signed in to the sign-in page, which brings them back", async () => {
    const response = await deskFetch("/admin/people");
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/sign-in?next=%2Fadmin%2Fpeople");
    const signIn = await deskFetch("/sign-in?next=%2Fadmin%2Fpeople");
    expect(signIn.status).toBe(200);
    const html = await signIn.text();
    expect(html).toContain('name="next" value="/admin/people"');
    expect(html).toContain('src="/static/passkey.js"');
  });

  it("never sends a person off the site after sign-in", async () => {
    for (const next of ["//evil.example/", "https://evil.example/", "/\\evil.example", "/\t/evil.example", "/\n/evil.example", " /evil"]) {
      const html = await (await deskFetch(`/sign-in?next=${encodeURIComponent(next)}`)).text();
      expect(html).toContain('name="next" value="/account"');
    }
  });

  it("shows a signed-in person their desk, privately", async () => {
    const person = await signInAs("depositor");
    const response = await deskFetch("/account", { person });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(response.headers.get("etag")).toBeNull();
    expect(response.headers.get("content-security-policy")).toContain("script-src 'self'");
    const html = await response.text();
    expect(html).toContain(`Signed in as <strong>${person.name}</strong>`);
    expect(html).not.toContain('href="/review"');
    expect(html).not.toContain('href="/admin/people"');
  });

  it("keeps a path on this site to come back to after sign-in", async () => {
    const html = await (await deskFetch(`/sign-in?next=${encodeURIComponent("/review?page=2")}`)).text();
    expect(html).toContain('name="next" value="/review?page=2"');
  });

  it("answers a sign-out with a broken body without a 500, and keeps the session", async () => {
    const person = await signInAs("depositor");
    const { SELF } = await import("cloudflare:test");
    const response = await SELF.fetch(`${DESK_ORIGIN}/sign-out`, {
      method: "POST",
      headers: { cookie: person.cookie, origin: DESK_ORIGIN, "content-type": "multipart/form-data; boundary=z" },
      body: "garbage",
      redirect: "manual",
    });
    expect(response.status).toBe(400);
    expect((await deskFetch("/account", { person })).status).toBe(200);
  });

  it("refuses a desk form larger than 1 MB with 413", async () => {
    const person = await signInAs("depositor");
    const response = await deskFetch("/write/briefings", { person, form: { action: "preview", body: "x".repeat(1_100_000) } });
    expect(response.status).toBe(413);
  });

  it("treats an expired session as signed out", async () => {
    const person = await signInAs("editor", { expired: true });
    const response = await deskFetch("/account", { person });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toContain("/sign-in");
  });

  it("ends the session on the server at sign-out: the same cookie no longer signs anyone in", async () => {
    const person = await signInAs("depositor");
    const out = await deskFetch("/sign-out", { person, form: {} });
    expect(out.status).toBe(303);
    expect(out.headers.get("set-cookie")).toMatch(/__Host-desk-session=;.*Max-Age=0/i);
    expect((await deskFetch("/account", { person })).status).toBe(303);
  });

  it("sends the local server's 127.0.0.1 to localhost, because passkeys refuse IP addresses", async () => {
    const { SELF } = await import("cloudflare:test");
    const response = await SELF.fetch("http://127.0.0.1:8787/sign-in?next=%2Freview", { redirect: "manual" });
    expect(response.status).toBe(307);
    expect(response.headers.get("location")).toBe("http://localhost:8787/sign-in?next=%2Freview");
  });
});

describe("form posts", () => {
  it("refuses a post from another site, and one without the session's CSRF secret", async () => {
    const admin = await signInAs("admin");
    const form = { name: "Cross Site", email: "cross@example.org", role: "admin", orcid: "" };
    const crossSite = await deskFetch("/admin/people", { person: admin, form, origin: "https://evil.example" });
    expect(crossSite.status).toBe(403);
    expect(await crossSite.text()).toContain("sent from another site");
    const noOrigin = await deskFetch("/admin/people", { person: admin, form, origin: null });
    expect(noOrigin.status).toBe(403);
    const noCsrf = await deskFetch("/admin/people", { person: admin, form, csrf: null });
    expect(noCsrf.status).toBe(403);
    expect(await noCsrf.text()).toContain("This form has expired");
    const otherSessions = await signInAs("admin");
    expect((await deskFetch("/admin/people", { person: admin, form, csrf: otherSessions.csrf })).status).toBe(403);
    const count = await env.DB.prepare("SELECT count(*) AS n FROM accounts WHERE email = 'cross@example.org'").first<{ n: number }>();
    expect(count?.n).toBe(0);
  });
});

describe("people and invitations", () => {
  it("lets an admin invite a person, whose single-use link opens their invitation", async () => {
    const admin = await signInAs("admin");
    const response = await deskFetch("/admin/people", { person: admin, form: { name: "Ife Invited", email: "Ife@Example.org", role: "editor", orcid: "0000-0002-1825-0097" } });
    expect(response.status).toBe(200);
    const html = await response.text();
    const link = inputValue(html, "invitation-link");
    expect(link).toMatch(new RegExp(`^${DESK_ORIGIN}/invitations/[A-Za-z0-9_-]{43}$`));
    expect(html).toContain("ife@example.org");
    expect(html).toContain("ORCID 0000-0002-1825-0097");
    const invitation = await deskFetch(new URL(link).pathname);
    expect(invitation.status).toBe(200);
    expect(await invitation.text()).toContain("Welcome, Ife Invited");
    const stored = await env.DB.prepare("SELECT hash FROM invitations WHERE account_id = (SELECT id FROM accounts WHERE email = 'ife@example.org')").first<{ hash: string }>();
    expect(stored?.hash).not.toContain(new URL(link).pathname.split("/").pop());
  });

  it("explains an unknown, a replaced and an expired invitation link", async () => {
    expect(await (await deskFetch("/invitations/not-a-real-link")).text()).toContain("This invitation link is not known");
    const db = openDatabase(env.DB);
    const first = await inviteAccount(db, { name: "Rae Renewed", email: "rae@example.org", role: "depositor", orcid: null }, "test");
    await inviteAccount(db, { name: "Rae Renewed", email: "rae@example.org", role: "depositor", orcid: null }, "test");
    const replaced = await deskFetch(`/invitations/${first.secret}`);
    expect(replaced.status).toBe(410);
    const late = await inviteAccount(db, { name: "Lee Late", email: "lee@example.org", role: "depositor", orcid: null }, "test");
    await env.DB.prepare("UPDATE invitations SET expires_at = '2020-01-01T00:00:00.000Z' WHERE account_id = ?").bind(late.accountId).run();
    const expired = await deskFetch(`/invitations/${late.secret}`);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain("expired on 2020-01-01");
  });

  it("checks an invitation's fields and says what is wrong with each", async () => {
    const admin = await signInAs("admin");
    const response = await deskFetch("/admin/people", { person: admin, form: { name: "", email: "not an email", role: "owner", orcid: "0000-0002-1825-0098" } });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain("Enter the person&#39;s name");
    expect(html).toContain("Enter an email address like");
    expect(html).toContain("Choose a role");
    expect(html).toContain("check digit must match");
  });

  it("gives depositors and editors 403 on the people page", async () => {
    for (const role of ["depositor", "editor"] as const) {
      const person = await signInAs(role);
      expect((await deskFetch("/admin/people", { person })).status).toBe(403);
      expect((await deskFetch("/admin/people", { person, form: { name: "X", email: "x@example.org", role: "admin", orcid: "" } })).status).toBe(403);
    }
  });

  it("ends a person's access: their session and their tokens stop working", async () => {
    const admin = await signInAs("admin");
    const editor = await signInAs("editor");
    const made = await deskFetch("/account/tokens", { person: editor, form: { name: "Script", role: "editor", days: "30" } });
    const token = inputValue(await made.text(), "new-token");
    expect((await callApi("/api/briefings?status=draft", { token })).status).toBe(200);
    const ended = await deskFetch(`/admin/people/${editor.accountId}/disable`, { person: admin, form: {} });
    expect(ended.status).toBe(303);
    expect((await deskFetch("/account", { person: editor })).status).toBe(303);
    expect((await callApi("/api/briefings?status=draft", { token })).status).toBe(401);
  });
});

describe("personal API tokens", () => {
  it("makes a token shown once, which acts as its person, no higher than their role, until revoked", async () => {
    const person = await signInAs("depositor");
    const tooHigh = await deskFetch("/account/tokens", { person, form: { name: "Too high", role: "editor", days: "30" } });
    expect(tooHigh.status).toBe(403);
    const made = await deskFetch("/account/tokens", { person, form: { name: "Export script", role: "depositor", days: "90" } });
    expect(made.status).toBe(200);
    const token = inputValue(await made.text(), "new-token");
    expect(token).toMatch(/^mhr_[0-9a-f]{8}_/);
    // What the token creates is the person's own: their desk lists it.
    const id = await createItem("briefings", { title: "A draft made by a script", summary: "Summary.", body: "Body.", audience: "Policymakers", key_messages: ["One"] }, token);
    const work = await (await deskFetch("/account", { person })).text();
    expect(work).toContain("A draft made by a script");
    expect(work).toContain(`/desk/briefings/${id}`);
    const list = await (await deskFetch("/account/tokens", { person })).text();
    expect(list).toContain("Export script");
    expect(list).not.toContain(token);
    const prefix = token.split("_")[1];
    expect((await deskFetch(`/account/tokens/${prefix}/revoke`, { person, form: {} })).status).toBe(303);
    expect((await callApi("/api/briefings?status=draft", { token })).status).toBe(401);
  });

  it("does not let a person revoke someone else's token, but lets an admin", async () => {
    const owner = await signInAs("editor");
    const other = await signInAs("editor");
    const token = inputValue(await (await deskFetch("/account/tokens", { person: owner, form: { name: "Mine", role: "editor", days: "30" } })).text(), "new-token");
    const prefix = token.split("_")[1];
    expect((await deskFetch(`/account/tokens/${prefix}/revoke`, { person: other, form: {} })).status).toBe(404);
    expect((await callApi("/api/briefings?status=draft", { token })).status).toBe(200);
    const admin = await signInAs("admin");
    expect((await deskFetch(`/admin/tokens/${prefix}/revoke`, { person: admin, form: {} })).status).toBe(303);
    expect((await callApi("/api/briefings?status=draft", { token })).status).toBe(401);
  });

  it("refuses a token with a role that does not exist", async () => {
    const person = await signInAs("editor");
    const response = await deskFetch("/account/tokens", { person, form: { name: "Odd", role: "superuser", days: "30" } });
    expect(response.status).toBe(422);
    expect(await response.text()).toContain("Choose a role: depositor, editor, admin.");
    const stored = await env.DB.prepare("SELECT count(*) AS n FROM api_tokens WHERE role NOT IN ('depositor', 'editor', 'admin')").first<{ n: number }>();
    expect(stored?.n).toBe(0);
  });

  it("never lets a token act above its person's current role, and refuses it once expired", async () => {
    const admin = await signInAs("admin");
    const editor = await signInAs("editor");
    const token = inputValue(await (await deskFetch("/account/tokens", { person: editor, form: { name: "Publisher", role: "editor", days: "30" } })).text(), "new-token");
    const id = await createItem("briefings", { title: "Publish me", summary: "S.", body: "B.", audience: "Public", key_messages: ["K"] }, token);
    expect((await deskFetch(`/admin/people/${editor.accountId}/role`, { person: admin, form: { role: "depositor" } })).status).toBe(303);
    const refused = await callApi(`/api/briefings/${id}/publish`, { method: "POST", token, json: {} });
    expect(refused.status).toBe(403);
    await env.DB.prepare("UPDATE api_tokens SET expires_at = '2020-01-01T00:00:00.000Z' WHERE prefix = ?").bind(token.split("_")[1]).run();
    expect((await callApi("/api/briefings?status=draft", { token })).status).toBe(401);
  });
});

describe("rate limits", () => {
  it("answers 429 after 20 sign-in attempts a minute from one address", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) {
      const response = await deskFetch("/sign-in/options", { method: "POST", headers: { "cf-connecting-ip": "203.0.113.9", "content-type": "application/json" } });
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 20).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429]);
  });
});

describe("inviting at the same time", () => {
  it("makes one account when two admins invite the same address at once", async () => {
    const db = openDatabase(env.DB);
    const invite = () => inviteAccount(db, { name: "Twice Invited", email: "twice@example.org", role: "depositor", orcid: null }, "test");
    const results = await Promise.allSettled([invite(), invite(), invite()]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "fulfilled"]);
    const accounts = await env.DB.prepare("SELECT count(*) AS n FROM accounts WHERE email = 'twice@example.org'").first<{ n: number }>();
    expect(accounts?.n).toBe(1);
    const open = await env.DB.prepare("SELECT count(*) AS n FROM invitations i JOIN accounts a ON a.id = i.account_id WHERE a.email = 'twice@example.org' AND i.used_at IS NULL").first<{ n: number }>();
    expect(open?.n).toBeGreaterThanOrEqual(1);
  });
});
