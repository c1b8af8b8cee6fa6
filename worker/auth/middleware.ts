// Middleware that reads the Authorization header and sets the caller (or rejects a bad token).
import { createMiddleware } from "hono/factory";
import { openDatabase } from "../db/client";
import type { AppEnv } from "../env";
import { RepositoryError } from "../errors";
import { findCallerByToken } from "./tokens";

export const identifyCaller = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header("authorization");
  if (!header) {
    c.set("caller", undefined);
    return next();
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new RepositoryError("unauthorized", "The Authorization header must be 'Bearer <token>'.");
  const caller = await findCallerByToken(openDatabase(c.env.DB), match[1]);
  if (!caller) throw new RepositoryError("unauthorized", "This API token is unknown or has been revoked.");
  c.set("caller", caller);
  return next();
});
