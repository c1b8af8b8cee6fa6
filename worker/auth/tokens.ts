// API tokens: how a bearer token becomes a caller, and which role may do what.
import { and, eq, gt, isNull, or } from "drizzle-orm";
import { accounts, apiTokens } from "../../schema/tables";
import { ROLES, type Role } from "../../schema/vocabularies";
import { type Database, nowIso } from "../db/client";
import type { Caller } from "../env";
import { RepositoryError } from "../errors";

/**
 * Tokens are 32 random bytes, so a plain SHA-256 is enough to keep them safe at rest (no slow hash needed).
 * scripts/token.mjs makes tokens with the same format and hash.
 */
export async function hashToken(token: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The caller a bearer token stands for, or undefined when it is unknown, revoked, expired, or its person's access has
 * ended. A person's token never acts above the person's current role. Desk tokens are never bearer tokens.
 */
export async function findCallerByToken(db: Database, token: string): Promise<Caller | undefined> {
  const row = await db
    .select({ id: apiTokens.id, name: apiTokens.name, role: apiTokens.role, accountId: apiTokens.accountId, accountRole: accounts.role })
    .from(apiTokens)
    .leftJoin(accounts, eq(accounts.id, apiTokens.accountId))
    .where(
      and(
        eq(apiTokens.hash, await hashToken(token)),
        eq(apiTokens.purpose, "api"),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, nowIso())),
        or(isNull(apiTokens.accountId), isNull(accounts.disabledAt)),
      ),
    )
    .get();
  if (!row) return undefined;
  const role = row.accountRole ? lowerRole(row.role, row.accountRole) : row.role;
  return { tokenId: row.id, accountId: row.accountId, name: row.name, role };
}

/** The lower of two roles; an unknown role is a programming error, never a role. */
export function lowerRole(a: Role, b: Role): Role {
  if (!ROLES.includes(a) || !ROLES.includes(b)) throw new RepositoryError("invalid", `A role is one of ${ROLES.join(", ")}.`);
  return ROLES.indexOf(a) <= ROLES.indexOf(b) ? a : b;
}

export function hasRole(caller: Caller | undefined, least: Role): boolean {
  return caller !== undefined && ROLES.indexOf(caller.role) >= ROLES.indexOf(least);
}

/** 401 without a token, 403 with one whose role is too low. */
export function requireRole(caller: Caller | undefined, least: Role): Caller {
  if (!caller) throw new RepositoryError("unauthorized", "This needs an API token: send it as 'Authorization: Bearer <token>'.");
  if (!hasRole(caller, least)) {
    throw new RepositoryError("forbidden", `This needs the ${least} role; your token '${caller.name}' has the ${caller.role} role.`);
  }
  return caller;
}

/** `bytes` random bytes as base64url: session ids, invitation links, CSRF secrets and token secrets. */
export function randomSecret(bytes = 32): string {
  const raw = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...raw)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/u, "");
}

/** A new API token in the format scripts/api-tokens.mjs makes: `mhr_<prefix>_<secret>`; the prefix names it in lists. */
export function generateApiToken(): { prefix: string; token: string } {
  const prefix = Array.from(crypto.getRandomValues(new Uint8Array(4)), (b) => b.toString(16).padStart(2, "0")).join("");
  return { prefix, token: `mhr_${prefix}_${randomSecret()}` };
}
