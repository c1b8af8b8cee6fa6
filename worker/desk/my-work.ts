// What the desk lists for a person: their own items of every kind with status (and an editor's note when one was
// returned), their API tokens, and making and revoking those tokens.
import { sql } from "drizzle-orm";
import type { ItemKind, LifecycleStatus, Role } from "../../schema/vocabularies";
import { generateApiToken, hashToken, lowerRole } from "../auth/tokens";
import { nowIso, type Database } from "../db/client";
import type { Caller } from "../env";
import { RepositoryError } from "../errors";

export type MyItem = {
  kind: ItemKind;
  id: string;
  title: string | null;
  status: LifecycleStatus;
  publish_at: string | null;
  updated_at: string;
  /** The editor's note, while the item is a draft because it was returned. */
  returned_note: string | null;
  returned_by: string | null;
};

const MY_ITEMS_LIMIT = 500;

/** A person's items, newest change first: everything any of their tokens (the desk's or the API's) created. */
export async function listMyItems(db: Database, accountId: number): Promise<MyItem[]> {
  const mine = sql`created_by IN (SELECT id FROM api_tokens WHERE account_id = ${accountId})`;
  const rows = await db.all<Omit<MyItem, "returned_note" | "returned_by"> & { last_action: string | null; last_detail: string | null; last_actor: string | null }>(sql`
    WITH mine AS (
      SELECT 'publications' AS kind, id, title, status, publish_at, updated_at FROM publications WHERE ${mine}
      UNION ALL SELECT 'briefings', id, title, status, publish_at, updated_at FROM briefings WHERE ${mine}
      UNION ALL SELECT 'lay-summaries', id, title, status, publish_at, updated_at FROM lay_summaries WHERE ${mine}
    )
    SELECT mine.*, last.action AS last_action, last.detail AS last_detail, last.actor AS last_actor
    FROM mine LEFT JOIN audit_log last ON last.id = (
      SELECT max(id) FROM audit_log WHERE audit_log.kind = mine.kind AND audit_log.item_id = mine.id AND action IN ('return', 'publish', 'withdraw', 'update', 'submit')
    )
    ORDER BY updated_at DESC LIMIT ${MY_ITEMS_LIMIT}`);
  return rows.map(({ last_action, last_detail, last_actor, ...item }) => {
    const returned = item.status === "draft" && last_action === "return";
    return { ...item, returned_note: returned ? (JSON.parse(last_detail ?? "{}").note ?? null) : null, returned_by: returned ? last_actor : null };
  });
}

export type TokenRow = { id: number; prefix: string; name: string; role: Role; created_at: string; expires_at: string | null; revoked_at: string | null; owner: string | null };

/** A page lists at most this many tokens, newest first (old revoked ones fall off the end). */
const TOKENS_LISTED = 200;

/** API tokens, newest first: a person's own, or (for an admin's page) everyone's. Desk tokens are never listed. */
export async function listTokens(db: Database, accountId?: number): Promise<TokenRow[]> {
  const whose = accountId === undefined ? sql`1` : sql`t.account_id = ${accountId}`;
  return db.all<TokenRow>(sql`SELECT t.id, t.prefix, t.name, t.role, t.created_at, t.expires_at, t.revoked_at, a.name AS owner
    FROM api_tokens t LEFT JOIN accounts a ON a.id = t.account_id WHERE t.purpose = 'api' AND ${whose} ORDER BY t.id DESC LIMIT ${TOKENS_LISTED}`);
}

export const TOKEN_LIFETIMES_DAYS = [30, 90, 365] as const;

/** A person makes a token for a program: its role no higher than theirs, an expiry; the token is returned once. */
export async function createPersonalToken(db: Database, caller: Caller, input: { name: string; role: Role; days: number }): Promise<{ token: string; prefix: string }> {
  if (caller.accountId === null) throw new RepositoryError("forbidden", "Only a signed-in person can make tokens here.");
  const role = lowerRole(input.role, caller.role);
  if (role !== input.role) throw new RepositoryError("forbidden", `A token's role cannot be higher than yours (${caller.role}).`);
  const { prefix, token } = generateApiToken();
  const expiresAt = new Date(Date.now() + input.days * 86400_000).toISOString();
  await db.run(sql`INSERT INTO api_tokens (name, role, prefix, hash, account_id, expires_at, purpose)
    VALUES (${input.name}, ${role}, ${prefix}, ${await hashToken(token)}, ${caller.accountId}, ${expiresAt}, 'api')`);
  return { token, prefix };
}

/** Revokes a token: a person their own, an admin anyone's. Requests with it get 401 from then on. */
export async function revokeToken(db: Database, caller: Caller, prefix: string, asAdmin: boolean): Promise<void> {
  const whose = asAdmin ? sql`1` : sql`account_id = ${caller.accountId}`;
  const row = await db.get<{ id: number } | undefined>(
    sql`UPDATE api_tokens SET revoked_at = ${nowIso()} WHERE prefix = ${prefix} AND purpose = 'api' AND revoked_at IS NULL AND ${whose} RETURNING id`,
  );
  if (!row) throw new RepositoryError("not_found", `There is no live token '${prefix}' that you can revoke.`);
}
