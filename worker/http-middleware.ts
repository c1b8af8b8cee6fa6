// Request-level rules for the API: body size limits and the content types each kind of body must declare.
import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "./env";
import { RepositoryError } from "./errors";

/** The 7,166-entry real BibTeX file is 3 MB: deposits get room for larger exports, JSON bodies far less. */
export const DEPOSIT_BODY_LIMIT_BYTES = 16 * 1024 * 1024;
export const JSON_BODY_LIMIT_BYTES = 1024 * 1024;

function limitBody(maxSize: number) {
  return bodyLimit({
    maxSize,
    onError: () => {
      throw new RepositoryError("payload_too_large", `The body is larger than the ${Math.round(maxSize / 1024 / 1024)} MB allowed here.`);
    },
  });
}

export const limitDepositBody = limitBody(DEPOSIT_BODY_LIMIT_BYTES);
export const limitJsonBody = limitBody(JSON_BODY_LIMIT_BYTES);

/** Every API body other than a deposit is JSON: say so with 415 rather than failing validation on an empty object. */
export const requireJsonBody = createMiddleware<AppEnv>(async (c, next) => {
  const hasBody = c.req.header("content-length") !== undefined ? c.req.header("content-length") !== "0" : c.req.header("transfer-encoding") !== undefined;
  if (["POST", "PATCH", "PUT"].includes(c.req.method) && hasBody) {
    const type = (c.req.header("content-type") ?? "").split(";")[0].trim().toLowerCase();
    if (type !== "application/json" && !type.endsWith("+json")) {
      throw new RepositoryError("unsupported_media_type", `Send this body as application/json, not ${type || "a body without a content type"}.`);
    }
  }
  return next();
});
