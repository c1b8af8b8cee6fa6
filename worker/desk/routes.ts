// The desk: every page a signed-in person uses, behind one middleware that reads their session.
import { Hono } from "hono";
import type { AppEnv } from "../env";
import { accountPages } from "./account-routes";
import { adminPages } from "./admin-routes";
import { depositPages } from "./deposit-routes";
import { evidencePages } from "./evidence-routes";
import { limitCallerWrites } from "../auth/rate-limits";
import { DESK_PATHS, loadDeskSession } from "./guard";
import { reviewPages } from "./review-routes";
import { settingsPages } from "./settings-routes";
import { signInPages } from "./sign-in-routes";
import { tagPages } from "./tag-routes";
import { writePages } from "./write-routes";

export const desk = new Hono<AppEnv>();

desk.use("*", async (c, next) => (DESK_PATHS.test(c.req.path) ? loadDeskSession(c, next) : next()));
// A signed-in person's deposits and changes count against their desk token, as an API token's do.
desk.use("*", async (c, next) => {
  if (DESK_PATHS.test(c.req.path)) await limitCallerWrites(c, c.get("caller"));
  return next();
});
desk.route("/", signInPages);
desk.route("/", accountPages);
desk.route("/", adminPages);
desk.route("/", depositPages);
desk.route("/", settingsPages);
desk.route("/", reviewPages);
desk.route("/", evidencePages);
desk.route("/", writePages);
desk.route("/", tagPages);
