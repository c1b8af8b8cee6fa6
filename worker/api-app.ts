// The one way to make an API sub-app: OpenAPI routes whose failed validation is always the same 422 problem.
import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "./env";
import { RepositoryError } from "./errors";

type Issue = { path: PropertyKey[]; message: string };

function describeIssues(issues: readonly Issue[], target: string): { path: string; message: string }[] {
  return issues.map((issue) => ({ path: issue.path.map(String).join(".") || target, message: issue.message }));
}

/** The 422 for input that failed validation, naming each problem and where it is. */
export function validationError(issues: readonly Issue[], target: string): RepositoryError {
  const errors = describeIssues(issues, target);
  const where = target === "json" ? "The request body" : target === "query" ? "The query string" : "The URL";
  return new RepositoryError("invalid", `${where} is not valid: ${errors.map((e) => `${e.path}: ${e.message}`).join("; ")}.`, { errors });
}

export function createApiApp() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error.issues, result.target);
    },
  });
}

/** Reused in every route's `responses`, so the OpenAPI document lists the problems a client must handle. */
export function problemResponses(...statuses: number[]) {
  const descriptions: Record<number, string> = {
    400: "The body could not be read whole (the upload was cut off); nothing was stored",
    401: "No token, or an unknown or revoked one",
    403: "The token's role may not do this",
    404: "No such item, or not one the caller may see",
    409: "Conflicts with the item's current state",
    410: "Withdrawn: the body is the tombstone, with the reason",
    413: "The body is too large",
    415: "The content type is not accepted here",
    422: "The input does not validate; `errors` lists each problem",
    429: "Too many requests from this token or address; `Retry-After` says when to try again",
    503: "The database failed part-way; what was stored is whole; `Retry-After` says when to send it again",
  };
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      { description: descriptions[status], content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } } },
    ]),
  );
}
