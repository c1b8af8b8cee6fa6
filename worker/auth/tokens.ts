// API tokens: how a bearer token becomes a caller, and which role may do what.
import { and, eq, isNull } from "drizzle-orm";
import { apiTokens } from "../../schema/tables";
import { ROLES, type Role } from "../../schema/vocabularies";
import type { Database } from "../db/client";
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

export async function findCallerByToken(db: Database, token: string): Promise<Caller | undefined> {
  const hash = await hashToken(token);
  const row = await db
    .select({ id: apiTokens.id, name: apiTokens.name, role: apiTokens.role })
    .from(apiTokens)
    .where(and(eq(apiTokens.hash, hash), isNull(apiTokens.revokedAt)))
    .get();
  return row ? { tokenId: row.id, name: row.name, role: row.role } : undefined;
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
