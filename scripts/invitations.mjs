// Invitations in the local D1, made the way worker/desk/accounts.ts makes them: for the first admin, who has no desk yet.
import { createHash, randomBytes } from "node:crypto";
import { queryLocalD1, quoteSqlText } from "./local-d1.mjs";

const INVITATION_DAYS = 7;

function hashSecret(secret) {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/**
 * Creates (or renews) the person's account and a single-use invitation link; returns the link's secret, which is stored
 * only as a hash. Their hidden desk token is made here too, as the Worker does when an admin invites someone.
 */
export async function createInvitation({ name, email, role }, persistTo) {
  const secret = randomBytes(32).toString("base64url");
  const now = new Date();
  const expires = new Date(now.getTime() + INVITATION_DAYS * 86400_000).toISOString();
  const q = quoteSqlText;
  const account = `(SELECT id FROM accounts WHERE email = ${q(email)})`;
  const statements = [
    `INSERT INTO accounts (name, email, role, created_at) VALUES (${q(name)}, ${q(email)}, ${q(role)}, ${q(now.toISOString())})
      ON CONFLICT(email) DO UPDATE SET name = excluded.name, role = excluded.role, disabled_at = NULL`,
    `INSERT INTO api_tokens (name, role, prefix, hash, account_id, purpose)
      SELECT name, role, 'desk-' || id, ${q(hashSecret(randomBytes(32).toString("base64url")))}, id, 'desk' FROM accounts
      WHERE email = ${q(email)} AND NOT EXISTS (SELECT 1 FROM api_tokens WHERE account_id = accounts.id AND purpose = 'desk')`,
    `UPDATE api_tokens SET name = ${q(name)}, role = ${q(role)} WHERE purpose = 'desk' AND account_id = ${account}`,
    `UPDATE invitations SET used_at = ${q(now.toISOString())} WHERE account_id = ${account} AND used_at IS NULL`,
    `INSERT INTO invitations (account_id, hash, invited_by, created_at, expires_at)
      VALUES (${account}, ${q(hashSecret(secret))}, 'npm run token', ${q(now.toISOString())}, ${q(expires)})`,
  ];
  await queryLocalD1(statements.join(";\n"), persistTo);
  return { secret, expires };
}
