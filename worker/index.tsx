// Composes the Worker: request ids, the API, the pages, one error handler, and the citation queue's consumer.
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { requestId } from "hono/request-id";
import { ErrorPage } from "../web/pages/error-page";
import { api } from "./api";
import { consumeCitationJobs } from "./citations/consumer";
import type { AppEnv, Bindings, CitationJob } from "./env";
import { type ErrorCode, problemResponse, RepositoryError } from "./errors";
import { pages } from "./pages/routes";

const app = new Hono<AppEnv>();

app.use(requestId());
app.route("/", pages);
app.route("/", api);

const HTTP_CODES: Record<number, ErrorCode> = { 400: "bad_request", 401: "unauthorized", 404: "not_found", 413: "payload_too_large", 415: "unsupported_media_type" };

/** Known errors keep their message; anything else is logged with the request id and leaks nothing. */
function toRepositoryError(error: unknown, requestId: string): RepositoryError {
  if (error instanceof RepositoryError) return error;
  if (error instanceof HTTPException && HTTP_CODES[error.status]) {
    const message = error.status === 400 && /JSON/i.test(error.message) ? "The body is not valid JSON." : error.message;
    return new RepositoryError(HTTP_CODES[error.status], message);
  }
  console.error("unexpected error", { requestId, error: error instanceof Error ? error.stack : String(error) });
  return new RepositoryError("internal", `Something went wrong on our side. Quote request id ${requestId} if you report it.`);
}

app.onError((error, c) => {
  const problem = toRepositoryError(error, c.get("requestId"));
  if (c.req.path.startsWith("/api/") && c.req.path !== "/api/docs") return problemResponse(problem, c.req.path);
  return c.html(<ErrorPage siteName={c.env.SITE_NAME} status={problem.status} title="Something went wrong" detail={problem.message} />, problem.status as 500);
});

app.notFound((c) => {
  if (c.req.path.startsWith("/api/")) return problemResponse(new RepositoryError("not_found", `There is nothing at ${c.req.method} ${c.req.path}. The API reference is at /api/docs.`), c.req.path);
  return c.html(<ErrorPage siteName={c.env.SITE_NAME} status={404} title="Page not found" detail="There is no page at this address." />, 404);
});

export default {
  fetch: app.fetch,
  queue: (batch, env) => consumeCitationJobs(batch, env),
} satisfies ExportedHandler<Bindings, CitationJob>;
