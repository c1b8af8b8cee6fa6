// Desk sessions: the cookie, its row (only a hash of the id is stored), the caller it stands for, and sign-out.
import { sql } from "drizzle-orm";
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { hashToken, randomSecret } from "../auth/tokens";
import { nowIso, type Database } from "../db/client";
import type { AppEnv, Caller, DeskSession } from "../env";

/**
 * `__Host-` makes the browser refuse the cookie unless it is Secure, host-only and for the whole site, so no sibling
 * domain can set or read it. Browsers treat http://localhost as secure, so the local server keeps the same rules.
 */
export const SESSION_COOKIE = "__Host-desk-session";
export const SESSION_HOURS = 8;

export type SessionCaller = { session: DeskSession; caller: Caller };

/** Starts a session for a person who has just proved their passkey, and sets its cookie. */
export async function startSession(c: Context<AppEnv>, db: Database, accountId: number): Promise<void> {
  const id = randomSecret();
  const now = new Date();
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3600_000).toISOString();
  await db.run(sql`INSERT INTO sessions (hash, account_id, csrf, created_at, expires_at)
    VALUES (${await hashToken(id)}, ${accountId}, ${randomSecret()}, ${now.toISOString()}, ${expiresAt})`);
  setCookie(c, SESSION_COOKIE, id, { path: "/", secure: true, httpOnly: true, sameSite: "Strict", maxAge: SESSION_HOURS * 3600 });
}

/**
 * The signed-in person behind the request's cookie, acting through their desk token with their current role; undefined
 * when there is no cookie, or its session ended, expired, or belongs to a person whose access was ended.
 */
export async function findSessionCaller(c: Context<AppEnv>, db: Database): Promise<SessionCaller | undefined> {
  const id = getCookie(c, SESSION_COOKIE);
  if (!id) return undefined;
  const row = await db.get<{ id: number; csrf: string; expires_at: string; account_id: number; name: string; role: Caller["role"]; token_id: number } | undefined>(
    sql`SELECT s.id, s.csrf, s.expires_at, a.id AS account_id, a.name, a.role, t.id AS token_id
      FROM sessions s
      JOIN accounts a ON a.id = s.account_id
      JOIN api_tokens t ON t.account_id = a.id AND t.purpose = 'desk'
      WHERE s.hash = ${await hashToken(id)} AND s.ended_at IS NULL AND s.expires_at > ${nowIso()} AND a.disabled_at IS NULL`,
  );
  if (!row) return undefined;
  return {
    session: { sessionId: row.id, accountId: row.account_id, csrf: row.csrf, expiresAt: row.expires_at },
    caller: { tokenId: row.token_id, accountId: row.account_id, name: row.name, role: row.role },
  };
}

/** Ends the session on the server (the cookie alone no longer signs anyone in) and clears the cookie. */
export async function endSession(c: Context<AppEnv>, db: Database, session: DeskSession): Promise<void> {
  await db.run(sql`UPDATE sessions SET ended_at = ${nowIso()} WHERE id = ${session.sessionId} AND ended_at IS NULL`);
  deleteCookie(c, SESSION_COOKIE, { path: "/", secure: true });
}
