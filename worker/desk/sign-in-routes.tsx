// HTTP for signing in and out: /sign-in, its passkey steps, /sign-out, and the invitation links that register a passkey.
import { type Context, Hono } from "hono";
import { InvitationPage, SignInPage } from "../../web/desk/sign-in";
import { PASSKEY_JS } from "../../web/static/passkey";
import { openDatabase } from "../db/client";
import type { AppEnv } from "../env";
import { toRepositoryError } from "../errors";
import { findOpenInvitation } from "./accounts";
import { limitAttempts, readDeskForm, requireSameOrigin, safeNextPath } from "./guard";
import { finishRegistration, finishSignIn, startRegistration, startSignIn } from "./passkeys";
import { endSession, startSession } from "./sessions";

export const signInPages = new Hono<AppEnv>();

signInPages.get("/static/passkey.js", (c) =>
  c.body(PASSKEY_JS, 200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "public, max-age=3600" }),
);

/** The passkey steps answer the script in JSON, errors too, so it can say what went wrong. */
async function answerScript(c: Context<AppEnv>, step: () => Promise<object>) {
  try {
    return c.json(await step());
  } catch (error) {
    const problem = toRepositoryError(error, c.get("requestId"));
    return c.json({ detail: problem.message }, problem.status as 400);
  }
}

async function readCredential(c: Context<AppEnv>): Promise<{ credential: any; next: string }> {
  const body = (await c.req.json().catch(() => ({}))) as { credential?: unknown; next?: unknown };
  return { credential: body.credential, next: safeNextPath(typeof body.next === "string" ? body.next : undefined) };
}

signInPages.get("/sign-in", (c) => {
  const caller = c.get("caller");
  return c.html(<SignInPage siteName={c.env.SITE_NAME} next={safeNextPath(c.req.query("next"))} signedInAs={caller?.name} />);
});

signInPages.post("/sign-in/options", (c) =>
  answerScript(c, async () => {
    requireSameOrigin(c);
    await limitAttempts(c, "sign-in");
    return startSignIn(c, openDatabase(c.env.DB));
  }),
);

signInPages.post("/sign-in", (c) =>
  answerScript(c, async () => {
    requireSameOrigin(c);
    await limitAttempts(c, "sign-in");
    const db = openDatabase(c.env.DB);
    const { credential, next } = await readCredential(c);
    const accountId = await finishSignIn(c, db, credential);
    await startSession(c, db, accountId);
    return { location: next };
  }),
);

signInPages.post("/sign-out", async (c) => {
  const session = c.get("session");
  if (session) {
    await readDeskForm(c, session);
    await endSession(c, openDatabase(c.env.DB), session);
  }
  return c.redirect("/sign-in?signed-out=1", 303);
});

signInPages.get("/invitations/:secret", async (c) => {
  await limitAttempts(c, "invitation");
  const invitation = await findOpenInvitation(openDatabase(c.env.DB), c.req.param("secret"));
  const { name, role } = invitation.account;
  return c.html(<InvitationPage siteName={c.env.SITE_NAME} name={name} role={role} expiresAt={invitation.expiresAt} action={`/invitations/${c.req.param("secret")}`} />);
});

signInPages.post("/invitations/:secret/options", (c) =>
  answerScript(c, async () => {
    requireSameOrigin(c);
    await limitAttempts(c, "invitation");
    const db = openDatabase(c.env.DB);
    return startRegistration(c, db, await findOpenInvitation(db, c.req.param("secret")));
  }),
);

signInPages.post("/invitations/:secret", (c) =>
  answerScript(c, async () => {
    requireSameOrigin(c);
    await limitAttempts(c, "invitation");
    const db = openDatabase(c.env.DB);
    const invitation = await findOpenInvitation(db, c.req.param("secret"));
    const { credential } = await readCredential(c);
    await finishRegistration(c, db, invitation, credential);
    await startSession(c, db, invitation.account.id);
    return { location: "/account" };
  }),
);
