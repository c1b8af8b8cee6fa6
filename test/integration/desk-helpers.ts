// What desk tests share: a signed-in person (account, desk token and session, made in the real test D1 as the Worker
// makes them; only the passkey step is skipped, which the browser tests drive), and form posts as a browser sends them.
import { env, SELF } from "cloudflare:test";
import type { Role } from "../../schema/vocabularies";
import { hashToken, randomSecret } from "../../worker/auth/tokens";
import { openDatabase } from "../../worker/db/client";
import { inviteAccount } from "../../worker/desk/accounts";
import { SESSION_COOKIE } from "../../worker/desk/sessions";

export const DESK_ORIGIN = "http://repository.test";

export type DeskPerson = { accountId: number; name: string; email: string; cookie: string; csrf: string };

let people = 0;

/** A person with `role`, signed in: `expired` gives a session whose time ran out. */
export async function signInAs(role: Role, options: { name?: string; expired?: boolean } = {}): Promise<DeskPerson> {
  const n = ++people;
  const name = options.name ?? `Desk ${role} ${n}`;
  const email = `desk-${role}-${n}-${crypto.randomUUID().slice(0, 8)}@example.org`;
  const { accountId } = await inviteAccount(openDatabase(env.DB), { name, email, role, orcid: null }, "test");
  const id = randomSecret();
  const csrf = randomSecret();
  const now = Date.now();
  const expiresAt = new Date(options.expired ? now - 60_000 : now + 3600_000).toISOString();
  await env.DB.prepare("INSERT INTO sessions (hash, account_id, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)")
    .bind(await hashToken(id), accountId, csrf, new Date(now - 7200_000).toISOString(), expiresAt)
    .run();
  return { accountId, name, email, cookie: `${SESSION_COOKIE}=${id}`, csrf };
}

/**
 * A request as the browser sends it: the session's cookie (if any), and for a form post the same-origin `Origin` header
 * and the session's CSRF secret (unless `csrf` or `origin` says otherwise). Redirects are not followed.
 */
export async function deskFetch(
  path: string,
  init: {
    person?: DeskPerson;
    method?: string;
    form?: Record<string, string>;
    /** A body sent as it is (JSON from a desk script), instead of a form. */
    body?: string;
    csrf?: string | null;
    origin?: string | null;
    headers?: Record<string, string>;
  } = {},
): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.person) headers.set("cookie", init.person.cookie);
  const method = init.method ?? (init.form ? "POST" : "GET");
  let body: string | undefined;
  if (method === "POST") {
    if (init.origin !== null) headers.set("origin", init.origin ?? DESK_ORIGIN);
  }
  if (method === "POST" && init.body !== undefined) {
    body = init.body;
  } else if (method === "POST") {
    const fields = new URLSearchParams(init.form ?? {});
    const csrf = init.csrf === undefined ? init.person?.csrf : init.csrf;
    if (csrf !== null && csrf !== undefined) fields.set("csrf", csrf);
    headers.set("content-type", "application/x-www-form-urlencoded");
    body = fields.toString();
  }
  return SELF.fetch(`${DESK_ORIGIN}${path}`, { method, headers, body, redirect: "manual" });
}

/** A page's visible text, tags dropped and spaces folded, entities read. */
export function textOf(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}
