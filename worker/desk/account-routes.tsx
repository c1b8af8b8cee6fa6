// HTTP for a signed-in person's own pages: /account (their work) and /account/tokens (make and revoke API tokens).
import { Hono } from "hono";
import { MyWorkPage, TokensPage } from "../../web/desk/account";
import { ROLES, type Role } from "../../schema/vocabularies";
import { nowIso, openDatabase } from "../db/client";
import type { AppEnv } from "../env";
import { readDeskForm, requireDeskRole, viewerOf } from "./guard";
import { createPersonalToken, listMyItems, listTokens, revokeToken, TOKEN_LIFETIMES_DAYS } from "./my-work";

export const accountPages = new Hono<AppEnv>();

accountPages.get("/account", async (c) => {
  const { caller, session } = requireDeskRole(c, "depositor");
  const items = await listMyItems(openDatabase(c.env.DB), session.accountId);
  return c.html(<MyWorkPage siteName={c.env.SITE_NAME} viewer={viewerOf(caller, session)} items={items} now={nowIso()} />);
});

accountPages.get("/account/tokens", async (c) => {
  const { caller, session } = requireDeskRole(c, "depositor");
  const tokens = await listTokens(openDatabase(c.env.DB), session.accountId);
  return c.html(<TokensPage siteName={c.env.SITE_NAME} viewer={viewerOf(caller, session)} tokens={tokens} now={nowIso()} lifetimes={TOKEN_LIFETIMES_DAYS} />);
});

accountPages.post("/account/tokens", async (c) => {
  const { caller, session } = requireDeskRole(c, "depositor");
  const form = await readDeskForm(c, session);
  const db = openDatabase(c.env.DB);
  const values = { name: (form.name ?? "").trim(), role: form.role ?? "", days: form.days ?? "" };
  const problems: Record<string, string> = {};
  if (values.name === "" || values.name.length > 100 || /[\u0000-\u001f\u007f]/u.test(values.name)) problems.name = "Enter a name for the token: one line, at most 100 characters.";
  const days = Number(values.days);
  const viewer = viewerOf(caller, session);
  const page = async (extra: object, status: 200 | 422) =>
    c.html(<TokensPage siteName={c.env.SITE_NAME} viewer={viewer} tokens={await listTokens(db, session.accountId)} now={nowIso()} lifetimes={TOKEN_LIFETIMES_DAYS} {...extra} />, status);
  if (!(TOKEN_LIFETIMES_DAYS as readonly number[]).includes(days)) problems.days = "Choose when the token expires.";
  if (!(ROLES as readonly string[]).includes(values.role)) problems.role = `Choose a role: ${ROLES.join(", ")}.`;
  if (Object.keys(problems).length > 0) return page({ problems, values }, 422);
  const { token } = await createPersonalToken(db, caller, { name: values.name, role: values.role as Role, days });
  return page({ created: { token, name: values.name } }, 200);
});

accountPages.post("/account/tokens/:prefix/revoke", async (c) => {
  const { caller, session } = requireDeskRole(c, "depositor");
  await readDeskForm(c, session);
  await revokeToken(openDatabase(c.env.DB), caller, c.req.param("prefix"), false);
  return c.redirect("/account/tokens", 303);
});
