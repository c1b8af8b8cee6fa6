// Middleware that reads the Authorization header and sets the caller (or rejects a bad token), and limits each
// address's failed attempts and each token's writes.
import { createMiddleware } from "hono/factory";
import { openDatabase } from "../db/client";
import type { AppEnv } from "../env";
import { RepositoryError } from "../errors";
import { limitCallerWrites, limitFailedAuthentication } from "./rate-limits";
import { findCallerByToken } from "./tokens";

export const identifyCaller = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header("authorization");
  if (!header) {
    c.set("caller", undefined);
    return next();
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) {
    await limitFailedAuthentication(c);
    throw new RepositoryError("unauthorized", "The Authorization header must be 'Bearer <token>'.");
  }
  const caller = await findCallerByToken(openDatabase(c.env.DB), match[1]);
  if (!caller) {
    await limitFailedAuthentication(c);
    throw new RepositoryError("unauthorized", "This API token is unknown or has been revoked.");
  }
  c.set("caller", caller);
  await limitCallerWrites(c, caller);
  return next();
});
