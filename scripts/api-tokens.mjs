// API tokens in the local D1, made the way worker/auth/tokens.ts checks them: `mhr_<prefix>_<secret>`, stored as a SHA-256 hash.
import { createHash, randomBytes } from "node:crypto";
import { queryLocalD1, quoteSqlText } from "./local-d1.mjs";

/** schema/vocabularies.ts ROLES, least to most: plain Node cannot import the .ts file. */
export const ROLES = ["depositor", "editor", "admin"];
const NAME_MAX_LENGTH = 100;

/** The same hash as the Worker's hashToken: hex SHA-256 of the whole token's UTF-8 bytes. */
function hashToken(token) {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** The prefix is public (it names the token in lists and audit trails); the 32-byte secret is what makes it safe. */
function generateToken() {
  const prefix = randomBytes(4).toString("hex");
  return { prefix, token: `mhr_${prefix}_${randomBytes(32).toString("base64url")}` };
}

/** What is wrong with a new token's name or role, as a sentence; undefined when nothing is. */
export function findTokenProblem({ name, role }) {
  if (!ROLES.includes(role)) return `The role must be one of ${ROLES.join(", ")}, not '${role}'.`;
  if (name.length < 1 || name.length > NAME_MAX_LENGTH) return `The name must be 1 to ${NAME_MAX_LENGTH} characters long (it has ${name.length}).`;
  // A line break would break the --list table and the audit trail's "actor" column.
  if (/[\u0000-\u001f\u007f]/.test(name)) return "The name must be one line of plain text, without control characters.";
  return undefined;
}

/** A new token and the INSERT that stores it (only its hash): for the local D1 here, or to run against the remote one. */
export function prepareApiToken({ name, role }) {
  const problem = findTokenProblem({ name, role });
  if (problem) throw new Error(problem);
  const { prefix, token } = generateToken();
  const insert = `INSERT INTO api_tokens (name, role, prefix, hash) VALUES (${quoteSqlText(name)}, ${quoteSqlText(role)}, ${quoteSqlText(prefix)}, ${quoteSqlText(hashToken(token))})`;
  return { prefix, token, insert };
}

/** The token itself is returned once and never stored: only its hash is. */
export async function createApiToken({ name, role }, persistTo) {
  const { prefix, token, insert } = prepareApiToken({ name, role });
  await queryLocalD1(insert, persistTo);
  return { prefix, token };
}

/**
 * Undefined for an unknown prefix; `alreadyRevoked` when it was revoked before (the first revocation time stays).
 * The UPDATE ... RETURNING does the common case in one wrangler run (each takes about a second).
 */
export async function revokeApiToken(prefix, persistTo) {
  const [revoked] = await queryLocalD1(
    `UPDATE api_tokens SET revoked_at = ${quoteSqlText(new Date().toISOString())} WHERE prefix = ${quoteSqlText(prefix)} AND revoked_at IS NULL RETURNING prefix, name, role, revoked_at`,
    persistTo,
  );
  if (revoked) return { ...revoked, alreadyRevoked: false };
  const [earlier] = await queryLocalD1(`SELECT prefix, name, role, revoked_at FROM api_tokens WHERE prefix = ${quoteSqlText(prefix)}`, persistTo);
  return earlier ? { ...earlier, alreadyRevoked: true } : undefined;
}

export async function listApiTokens() {
  return queryLocalD1("SELECT prefix, name, role, created_at, revoked_at FROM api_tokens ORDER BY id");
}
