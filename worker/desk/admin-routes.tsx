// HTTP for the admin's pages: /admin/people (people, roles, invitations, ending access) and revoking anyone's token.
import { type Context, Hono } from "hono";
import { PeoplePage } from "../../web/desk/people";
import { ROLES, type Role } from "../../schema/vocabularies";
import { nowIso, openDatabase } from "../db/client";
import type { AppEnv } from "../env";
import { RepositoryError } from "../errors";
import { changeRole, disableAccount, findInvitationProblems, inviteAccount, listPeople, normaliseOrcid } from "./accounts";
import { readDeskForm, requireDeskRole, viewerOf } from "./guard";
import { listTokens, revokeToken } from "./my-work";

export const adminPages = new Hono<AppEnv>();

async function peoplePage(c: Context<AppEnv>, extra: object, status: 200 | 409 | 422 = 200) {
  const { caller, session } = requireDeskRole(c, "admin");
  const db = openDatabase(c.env.DB);
  const [people, tokens] = await Promise.all([listPeople(db), listTokens(db)]);
  return c.html(<PeoplePage siteName={c.env.SITE_NAME} viewer={viewerOf(caller, session)} people={people} tokens={tokens} now={nowIso()} {...extra} />, status);
}

adminPages.get("/admin", (c) => {
  requireDeskRole(c, "admin");
  return c.redirect("/admin/people", 303);
});

adminPages.get("/admin/people", (c) => peoplePage(c, {}));

adminPages.post("/admin/people", async (c) => {
  const { caller, session } = requireDeskRole(c, "admin");
  const form = await readDeskForm(c, session);
  const values = { name: form.name ?? "", email: form.email ?? "", role: form.role ?? "", orcid: form.orcid ?? "" };
  const problems = findInvitationProblems(values);
  if (Object.keys(problems).length > 0) return peoplePage(c, { problems, values }, 422);
  try {
    const { secret } = await inviteAccount(
      openDatabase(c.env.DB),
      { name: values.name, email: values.email, role: values.role as Role, orcid: values.orcid.trim() ? normaliseOrcid(values.orcid) : null },
      caller.name,
    );
    const link = new URL(`/invitations/${secret}`, c.req.url).toString();
    return peoplePage(c, { invited: { name: values.name.trim(), link } });
  } catch (error) {
    if (error instanceof RepositoryError && error.code === "conflict") return peoplePage(c, { problems: { email: error.message }, values }, 409);
    throw error;
  }
});

function personId(c: Context<AppEnv>): number {
  const id = Number(c.req.param("id"));
  if (!Number.isSafeInteger(id)) throw new RepositoryError("not_found", "There is no such person.");
  return id;
}

adminPages.post("/admin/people/:id/role", async (c) => {
  const { session } = requireDeskRole(c, "admin");
  const form = await readDeskForm(c, session);
  if (!(ROLES as readonly string[]).includes(form.role ?? "")) throw new RepositoryError("invalid", `Choose a role: ${ROLES.join(", ")}.`);
  if (personId(c) === session.accountId && form.role !== "admin") throw new RepositoryError("conflict", "You cannot lower your own role: ask another admin.");
  await changeRole(openDatabase(c.env.DB), personId(c), form.role as Role);
  return c.redirect("/admin/people", 303);
});

adminPages.post("/admin/people/:id/disable", async (c) => {
  const { caller, session } = requireDeskRole(c, "admin");
  await readDeskForm(c, session);
  await disableAccount(openDatabase(c.env.DB), personId(c), caller);
  return c.redirect("/admin/people", 303);
});

adminPages.post("/admin/tokens/:prefix/revoke", async (c) => {
  const { caller, session } = requireDeskRole(c, "admin");
  await readDeskForm(c, session);
  await revokeToken(openDatabase(c.env.DB), caller, c.req.param("prefix"), true);
  return c.redirect("/admin/people", 303);
});
