// What every desk request passes through: the session behind its cookie, private caching, the passkey host, the checks
// on every form post (same origin, the session's CSRF secret), the roles pages need, and the rate limit on sign-in steps.
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { Role } from "../../schema/vocabularies";
import { hasRole } from "../auth/tokens";
import { openDatabase } from "../db/client";
import type { AppEnv, Caller, DeskSession } from "../env";
import { RepositoryError } from "../errors";
import { findSessionCaller } from "./sessions";

/** The desk's addresses: pages for signed-in people, and the steps of signing in. */
export const DESK_PATHS = /^\/(?:sign-in|sign-out|invitations|account|admin|review|deposit|write|desk)(?:[/?]|$)/u;

/** WebAuthn refuses IP addresses as a site's identity: the local server's desk is reached as localhost instead. */
function passkeyHost(url: URL): string | undefined {
  return url.hostname === "127.0.0.1" || url.hostname === "[::1]" ? "localhost" : undefined;
}

/** Every desk request: the signed-in person (if any), and answers no cache may keep or share. */
export const loadDeskSession = createMiddleware<AppEnv>(async (c, next) => {
  const url = new URL(c.req.url);
  const host = passkeyHost(url);
  if (host && (c.req.method === "GET" || c.req.method === "HEAD")) {
    url.hostname = host;
    return c.redirect(url.toString(), 307);
  }
  const found = await findSessionCaller(c, openDatabase(c.env.DB));
  c.set("session", found?.session);
  c.set("caller", found?.caller);
  await next();
  c.res.headers.set("cache-control", "private, no-store");
  c.res.headers.append("vary", "cookie");
});

/**
 * A form post must come from a page of this site: the browser's Origin header (or, failing it, Sec-Fetch-Site) says
 * where it was sent from, so another site's form cannot post here with the person's cookie.
 */
export function requireSameOrigin(c: Context<AppEnv>): void {
  const origin = c.req.header("origin");
  const own = new URL(c.req.url).origin;
  if (origin !== undefined ? origin === own : c.req.header("sec-fetch-site") === "same-origin") return;
  throw new RepositoryError("forbidden", "This form was sent from another site, so it was refused. Open the page on this site and send it again.");
}

/** Constant-time comparison of two strings, so the CSRF check tells nothing by its timing. */
function equalSecrets(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

/** A signed-in form post: same origin, and the session's CSRF secret in the `csrf` field or the X-CSRF-Token header. */
export function requireCsrf(c: Context<AppEnv>, session: DeskSession, sent: string | undefined): void {
  requireSameOrigin(c);
  if (!equalSecrets(sent ?? c.req.header("x-csrf-token") ?? "", session.csrf)) {
    throw new RepositoryError("forbidden", "This form has expired (it came from an earlier sign-in). Open the page again and send it again.");
  }
}

export class SignInRequired extends Error {}

/**
 * The signed-in person with at least `least`; a visitor who is not signed in goes to the sign-in page (which brings
 * them back), a person whose role is too low gets 403.
 */
export function requireDeskRole(c: Context<AppEnv>, least: Role): { caller: Caller; session: DeskSession } {
  const caller = c.get("caller");
  const session = c.get("session");
  if (!caller || !session) throw new SignInRequired();
  if (!hasRole(caller, least)) throw new RepositoryError("forbidden", `This page is for people with the ${least} role; you are signed in as ${caller.role}.`);
  return { caller, session };
}

/** Where a visitor who must sign in is sent: the sign-in page, with the address to come back to. */
export function signInRedirect(c: Context<AppEnv>): Response {
  const back = new URL(c.req.url);
  const target = c.req.method === "GET" ? `${back.pathname}${back.search}` : "/account";
  return c.redirect(`/sign-in?next=${encodeURIComponent(target)}`, 303);
}

/**
 * Only a path on this site may follow sign-in: `//other.example`, `https://…`, or `/\t/other.example` (browsers drop
 * tabs and line breaks from addresses) would send the person away. The path is read as a browser reads it, and kept
 * only if it stays on this site and holds no control characters, spaces or backslashes.
 */
export function safeNextPath(next: string | undefined): string {
  const fallback = "/account";
  if (!next || !next.startsWith("/") || /[\u0000-\u0020\u007f\\]/u.test(next)) return fallback;
  const base = "https://desk.invalid";
  const resolved = new URL(next, base);
  return resolved.origin === base ? `${resolved.pathname}${resolved.search}${resolved.hash}` : fallback;
}

/** At most 20 attempts a minute at each step (sign-in, invitation, passkey) from one address. */
export async function limitAttempts(c: Context<AppEnv>, step: string): Promise<void> {
  const address = c.req.header("cf-connecting-ip") ?? "local";
  const { success } = await c.env.DESK_RATE_LIMIT.limit({ key: `${step}:${address}` });
  if (!success) throw new RepositoryError("too_many_requests", "Too many attempts from this address. Wait a minute, then try again.");
}

/** A signed-in form post's fields as text (files are left out), after the same-origin and CSRF checks. */
export async function readDeskForm(c: Context<AppEnv>, session: DeskSession): Promise<Record<string, string>> {
  const body = await c.req.parseBody().catch(() => {
    throw new RepositoryError("bad_request", "This form could not be read. Open the page again and send it again.");
  });
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(body)) if (typeof value === "string") fields[name] = value;
  requireCsrf(c, session, fields.csrf);
  return fields;
}

/** What a desk page gets to show who is signed in and sign its forms. */
export function viewerOf(caller: Caller, session: DeskSession) {
  return { name: caller.name, role: caller.role, csrf: session.csrf };
}
