// Passkeys through @simplewebauthn/server: the options a browser needs, and checking its answer, for registering
// (from an invitation) and for signing in. Challenges are single use, five minutes long, and tied to the browser by a cookie.
import {
  type AuthenticationResponseJSON,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from "@simplewebauthn/server";
import { sql } from "drizzle-orm";
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { hashToken, randomSecret } from "../auth/tokens";
import { nowIso, type Database, runBatch } from "../db/client";
import type { AppEnv } from "../env";
import { RepositoryError } from "../errors";
import type { OpenInvitation } from "./accounts";

const CHALLENGE_COOKIE = "__Host-desk-challenge";
const CHALLENGE_MINUTES = 5;

/** The site's identity for passkeys is its host name; a passkey made for one host never works on another. */
function relyingParty(c: Context<AppEnv>) {
  const url = new URL(c.req.url);
  return { rpID: url.hostname, origin: url.origin, rpName: c.env.SITE_NAME };
}

function toBase64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/u, "");
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
}

async function storeChallenge(c: Context<AppEnv>, db: Database, challenge: string, invitationId: number | null): Promise<void> {
  const id = randomSecret();
  const expiresAt = new Date(Date.now() + CHALLENGE_MINUTES * 60_000).toISOString();
  await db.run(sql`INSERT INTO passkey_challenges (hash, challenge, invitation_id, expires_at) VALUES (${await hashToken(id)}, ${challenge}, ${invitationId}, ${expiresAt})`);
  setCookie(c, CHALLENGE_COOKIE, id, { path: "/", secure: true, httpOnly: true, sameSite: "Strict", maxAge: CHALLENGE_MINUTES * 60 });
}

/** The challenge this browser was given, used up now whatever the answer: a second try starts again. */
async function takeChallenge(c: Context<AppEnv>, db: Database, invitationId: number | null): Promise<string> {
  const id = getCookie(c, CHALLENGE_COOKIE);
  deleteCookie(c, CHALLENGE_COOKIE, { path: "/", secure: true });
  const problem = "This passkey step took too long or was already used. Start again.";
  if (!id) throw new RepositoryError("bad_request", problem);
  const row = await db.get<{ id: number; challenge: string; invitation_id: number | null; expires_at: string; used_at: string | null } | undefined>(
    sql`UPDATE passkey_challenges SET used_at = ${nowIso()} WHERE hash = ${await hashToken(id)} AND used_at IS NULL RETURNING id, challenge, invitation_id, expires_at, used_at`,
  );
  if (!row || row.expires_at <= nowIso() || row.invitation_id !== invitationId) throw new RepositoryError("bad_request", problem);
  return row.challenge;
}

/** Options for registering a passkey for the invited person. */
export async function startRegistration(c: Context<AppEnv>, db: Database, invitation: OpenInvitation) {
  const { rpID, rpName } = relyingParty(c);
  const options = await generateRegistrationOptions({
    rpName,
    rpID,
    userName: invitation.account.email,
    userDisplayName: invitation.account.name,
    userID: Uint8Array.from(new TextEncoder().encode(`account-${invitation.account.id}`)),
    attestationType: "none",
    authenticatorSelection: { residentKey: "required", userVerification: "preferred" },
  });
  await storeChallenge(c, db, options.challenge, invitation.id);
  return options;
}

/** Checks the browser's new passkey; stores it and uses up the invitation, in one batch. */
export async function finishRegistration(c: Context<AppEnv>, db: Database, invitation: OpenInvitation, response: RegistrationResponseJSON): Promise<void> {
  const expectedChallenge = await takeChallenge(c, db, invitation.id);
  const { rpID, origin } = relyingParty(c);
  const verification = await verifyRegistrationResponse({ response, expectedChallenge, expectedOrigin: origin, expectedRPID: rpID }).catch((error: Error) => {
    throw new RepositoryError("bad_request", `The passkey could not be checked: ${error.message}`);
  });
  if (!verification.verified) throw new RepositoryError("bad_request", "The passkey could not be checked. Try again.");
  const { credential } = verification.registrationInfo;
  const now = nowIso();
  // One passkey per invitation, even when two registrations race with the same link: the insert happens only while the
  // invitation is unused, and the same batch uses it up.
  const [inserted] = await runBatch(db, [
    sql`INSERT INTO passkeys (id, account_id, public_key, counter, transports, created_at)
      SELECT ${credential.id}, ${invitation.account.id}, ${toBase64Url(credential.publicKey)}, ${credential.counter}, ${JSON.stringify(credential.transports ?? [])}, ${now}
      FROM invitations WHERE id = ${invitation.id} AND used_at IS NULL
      ON CONFLICT (id) DO NOTHING`,
    sql`UPDATE invitations SET used_at = ${now} WHERE id = ${invitation.id} AND used_at IS NULL`,
  ]);
  if (inserted.meta.changes !== 1) {
    throw new RepositoryError("conflict", "This invitation has already been used to make a passkey, or this passkey is registered already. Sign in instead.");
  }
}

/** Options for signing in with any passkey of this site (the browser offers the person's own). */
export async function startSignIn(c: Context<AppEnv>, db: Database) {
  const { rpID } = relyingParty(c);
  const options = await generateAuthenticationOptions({ rpID, userVerification: "preferred" });
  await storeChallenge(c, db, options.challenge, null);
  return options;
}

/** Checks a sign-in answer against the stored passkey; returns the person it belongs to. */
export async function finishSignIn(c: Context<AppEnv>, db: Database, response: AuthenticationResponseJSON): Promise<number> {
  const expectedChallenge = await takeChallenge(c, db, null);
  const refused = "This passkey is not registered here, or its person's access has ended.";
  const stored = await db.get<{ id: string; account_id: number; public_key: string; counter: number; transports: string } | undefined>(
    sql`SELECT p.id, p.account_id, p.public_key, p.counter, p.transports FROM passkeys p JOIN accounts a ON a.id = p.account_id
      WHERE p.id = ${String(response?.id ?? "")} AND a.disabled_at IS NULL`,
  );
  if (!stored) throw new RepositoryError("unauthorized", refused);
  const { rpID, origin } = relyingParty(c);
  const verification = await verifyAuthenticationResponse({
    response,
    expectedChallenge,
    expectedOrigin: origin,
    expectedRPID: rpID,
    credential: { id: stored.id, publicKey: fromBase64Url(stored.public_key), counter: stored.counter, transports: JSON.parse(stored.transports) },
  }).catch((error: Error) => {
    throw new RepositoryError("unauthorized", `The passkey could not be checked: ${error.message}`);
  });
  if (!verification.verified) throw new RepositoryError("unauthorized", refused);
  await db.run(sql`UPDATE passkeys SET counter = ${verification.authenticationInfo.newCounter}, last_used_at = ${nowIso()} WHERE id = ${stored.id}`);
  return stored.account_id;
}
