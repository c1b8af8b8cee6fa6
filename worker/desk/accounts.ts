// People who sign in: inviting them (a single-use link, valid 7 days), accepting an invitation, roles, and the list admins see.
import { sql } from "drizzle-orm";
import { ROLES, type Role } from "../../schema/vocabularies";
import { hashToken, randomSecret } from "../auth/tokens";
import { nowIso, type Database, runBatch } from "../db/client";
import type { Caller } from "../env";
import { RepositoryError } from "../errors";

export const INVITATION_DAYS = 7;

export type InvitationInput = { name: string; email: string; role: Role; orcid: string | null };

export type Account = { id: number; name: string; email: string; role: Role; orcid: string | null; created_at: string; disabled_at: string | null };

/** What is wrong with an invitation's fields, field by field, in words a person can act on. */
export function findInvitationProblems(input: { name: string; email: string; role: string; orcid: string }): Record<string, string> {
  const problems: Record<string, string> = {};
  if (input.name.trim() === "" || input.name.length > 100) problems.name = "Enter the person's name (at most 100 characters).";
  else if (/[\u0000-\u001f\u007f]/u.test(input.name)) problems.name = "The name must be one line of plain text.";
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/u.test(input.email.trim()) || input.email.length > 254) problems.email = "Enter an email address like name@example.ac.uk.";
  if (!(ROLES as readonly string[]).includes(input.role)) problems.role = `Choose a role: ${ROLES.join(", ")}.`;
  if (input.orcid.trim() !== "" && !isOrcid(input.orcid.trim())) problems.orcid = "An ORCID iD looks like 0000-0002-1825-0097 (the last character may be X), and its check digit must match.";
  return problems;
}

/** ISO 7064 11,2: the check character ORCID iDs end with. */
export function isOrcid(value: string): boolean {
  const match = /^(?:https?:\/\/orcid\.org\/)?(\d{4}-\d{4}-\d{4}-\d{3}[\dX])$/u.exec(value);
  if (!match) return false;
  const digits = match[1].replace(/-/g, "");
  let total = 0;
  for (const d of digits.slice(0, -1)) total = (total + Number(d)) * 2;
  const check = (12 - (total % 11)) % 11;
  return digits.at(-1) === (check === 10 ? "X" : String(check));
}

export function normaliseOrcid(value: string): string | null {
  const match = /(\d{4}-\d{4}-\d{4}-\d{3}[\dX])$/u.exec(value.trim());
  return match ? match[1] : null;
}

/**
 * Invites a person: their account (with the hidden desk token their sessions act through) and a single-use link. An
 * email already invited but never registered gets a fresh link (the old one stops working); one with a passkey is a
 * conflict. Returns the secret for the link, which is shown once and stored only as a hash.
 */
export async function inviteAccount(db: Database, input: InvitationInput, invitedBy: string): Promise<{ accountId: number; secret: string }> {
  const email = input.email.trim().toLowerCase();
  const now = nowIso();
  const existing = await db.get<{ id: number; passkeys: number; disabled_at: string | null } | undefined>(
    sql`SELECT id, disabled_at, (SELECT count(*) FROM passkeys WHERE account_id = accounts.id) AS passkeys FROM accounts WHERE email = ${email}`,
  );
  if (existing && (existing.passkeys > 0 || existing.disabled_at)) {
    throw new RepositoryError("conflict", `${email} already has an account. Change their role on the people page instead.`);
  }
  let accountId = existing?.id;
  if (accountId === undefined) {
    // Two admins inviting the same address at once: the second insert does nothing, and both renew one account.
    await db.run(sql`INSERT INTO accounts (name, email, role, orcid, created_at) VALUES (${input.name.trim()}, ${email}, ${input.role}, ${input.orcid}, ${now})
      ON CONFLICT (email) DO NOTHING`);
    accountId = (await db.get<{ id: number }>(sql`SELECT id FROM accounts WHERE email = ${email}`)).id;
  }
  const secret = randomSecret();
  const expiresAt = new Date(Date.now() + INVITATION_DAYS * 86400_000).toISOString();
  await runBatch(db, [
    sql`UPDATE accounts SET name = ${input.name.trim()}, role = ${input.role}, orcid = ${input.orcid} WHERE id = ${accountId}`,
    sql`INSERT INTO api_tokens (name, role, prefix, hash, account_id, purpose)
      SELECT ${input.name.trim()}, ${input.role}, ${`desk-${accountId}`}, ${await hashToken(randomSecret())}, ${accountId}, 'desk'
      WHERE NOT EXISTS (SELECT 1 FROM api_tokens WHERE account_id = ${accountId} AND purpose = 'desk')`,
    sql`UPDATE api_tokens SET name = ${input.name.trim()}, role = ${input.role} WHERE account_id = ${accountId} AND purpose = 'desk'`,
    sql`UPDATE invitations SET used_at = ${now} WHERE account_id = ${accountId} AND used_at IS NULL`,
    sql`INSERT INTO invitations (account_id, hash, invited_by, created_at, expires_at)
      VALUES (${accountId}, ${await hashToken(secret)}, ${invitedBy}, ${now}, ${expiresAt})`,
  ]);
  return { accountId, secret };
}

export type OpenInvitation = { id: number; account: Account; expiresAt: string };

/** The invitation behind a link, or why it cannot be used (unknown, used, expired), in words for the person holding it. */
export async function findOpenInvitation(db: Database, secret: string): Promise<OpenInvitation> {
  const row = await db.get<(Account & { invitation_id: number; expires_at: string; used_at: string | null; account_id: number }) | undefined>(
    sql`SELECT i.id AS invitation_id, i.expires_at, i.used_at, a.id AS account_id, a.name, a.email, a.role, a.orcid, a.created_at, a.disabled_at
      FROM invitations i JOIN accounts a ON a.id = i.account_id WHERE i.hash = ${await hashToken(secret)}`,
  );
  if (!row) throw new RepositoryError("not_found", "This invitation link is not known. Check that you copied the whole link, or ask for a new one.");
  if (row.used_at || row.disabled_at) throw new RepositoryError("gone", "This invitation link has already been used. Sign in with your passkey, or ask an admin for a new link.");
  if (row.expires_at <= nowIso()) throw new RepositoryError("gone", `This invitation link expired on ${row.expires_at.slice(0, 10)}. Ask an admin for a new one.`);
  return {
    id: row.invitation_id,
    expiresAt: row.expires_at,
    account: { id: row.account_id, name: row.name, email: row.email, role: row.role, orcid: row.orcid, created_at: row.created_at, disabled_at: row.disabled_at },
  };
}

/** An admin changes a person's role: their desk token follows, and their API tokens never act above it (checked on use). */
export async function changeRole(db: Database, accountId: number, role: Role): Promise<void> {
  await runBatch(db, [
    sql`UPDATE accounts SET role = ${role} WHERE id = ${accountId}`,
    sql`UPDATE api_tokens SET role = ${role} WHERE account_id = ${accountId} AND purpose = 'desk'`,
  ]);
}

/** Ends a person's access: their sessions end at once; tokens and passkeys stop working while the account is disabled. */
export async function disableAccount(db: Database, accountId: number, caller: Caller): Promise<void> {
  if (caller.accountId === accountId) throw new RepositoryError("conflict", "You cannot end your own access: ask another admin.");
  const now = nowIso();
  await runBatch(db, [
    sql`UPDATE accounts SET disabled_at = ${now} WHERE id = ${accountId} AND disabled_at IS NULL`,
    sql`UPDATE sessions SET ended_at = ${now} WHERE account_id = ${accountId} AND ended_at IS NULL`,
    sql`UPDATE invitations SET used_at = ${now} WHERE account_id = ${accountId} AND used_at IS NULL`,
  ]);
}

export type PersonRow = Account & { passkeys: number; last_sign_in: string | null; tokens: number; invitation_expires_at: string | null };

/** Everyone with an account, for the admin's people page: role, passkeys, last sign-in, live tokens, an open invitation. */
export async function listPeople(db: Database): Promise<PersonRow[]> {
  const now = nowIso();
  return db.all<PersonRow>(
    sql`SELECT a.id, a.name, a.email, a.role, a.orcid, a.created_at, a.disabled_at,
        (SELECT count(*) FROM passkeys p WHERE p.account_id = a.id) AS passkeys,
        (SELECT max(created_at) FROM sessions s WHERE s.account_id = a.id) AS last_sign_in,
        (SELECT count(*) FROM api_tokens t WHERE t.account_id = a.id AND t.purpose = 'api' AND t.revoked_at IS NULL
          AND (t.expires_at IS NULL OR t.expires_at > ${now})) AS tokens,
        (SELECT max(expires_at) FROM invitations i WHERE i.account_id = a.id AND i.used_at IS NULL AND i.expires_at > ${now}) AS invitation_expires_at
      FROM accounts a ORDER BY a.disabled_at IS NOT NULL, a.name COLLATE NOCASE`,
  );
}
