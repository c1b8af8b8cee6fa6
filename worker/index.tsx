// Composes the Worker: request ids, the API, the pages, one error handler, reads through D1 sessions, and the citation queue's consumer.
import { type Context, Hono } from "hono";
import { requestId } from "hono/request-id";
import { ErrorPage } from "../web/pages/error-page";
import { api } from "./api";
import { consumeCitationJobs } from "./citations/consumer";
import { withReadReplicas } from "./db/read-replicas";
import { desk } from "./desk/routes";
import { SignInRequired, signInRedirect } from "./desk/guard";
import type { AppEnv, Bindings, CitationJob } from "./env";
import { problemResponse, RepositoryError, toRepositoryError } from "./errors";
import { limitRequestBodies, servePages, setSecurityHeaders } from "./http-middleware";
import { feeds } from "./feeds/routes";
import { oai } from "./oai/routes";
import { browsePages } from "./pages/browse-routes";
import { equityPages } from "./pages/equity-routes";
import { itemPages } from "./pages/item-routes";
import { pages } from "./pages/routes";
import { shellPages } from "./pages/shell-routes";
import { searchPages } from "./pages/search-routes";
import { sitemaps } from "./sitemap/routes";

const app = new Hono<AppEnv>();

app.use(requestId());
app.use(setSecurityHeaders);
app.use(limitRequestBodies);
app.use(servePages);
app.route("/", desk);
app.route("/", pages);
app.route("/", shellPages);
app.route("/", itemPages);
app.route("/", searchPages);
app.route("/", browsePages);
app.route("/", equityPages);
app.route("/", feeds);
app.route("/", oai);
app.route("/", sitemaps);
app.route("/", api);

/**
 * Where programs, not people, are the readers: errors there are problem+json; everywhere else an HTML page. A feed's
 * address opened in a browser is a page (worker/feeds/routes.tsx), so its errors are pages too.
 */
function answersMachines(c: Context<AppEnv>): boolean {
  const path = c.req.path;
  if (path.startsWith("/feeds/") && c.req.header("sec-fetch-dest") === "document") return false;
  return (path.startsWith("/api/") && path !== "/api/docs") || path.startsWith("/feeds/") || path === "/feeds.opml" || path.startsWith("/sitemap") || path === "/oai";
}

app.onError((error, c) => {
  if (error instanceof SignInRequired) return signInRedirect(c);
  const problem = toRepositoryError(error, c.get("requestId"));
  if (answersMachines(c)) return problemResponse(problem, c.req.path);
  return c.html(<ErrorPage siteName={c.env.SITE_NAME} status={problem.status} title="Something went wrong" detail={problem.message} />, problem.status as 500);
});

app.notFound((c) => {
  if (c.req.path.startsWith("/api/")) return problemResponse(new RepositoryError("not_found", `There is nothing at ${c.req.method} ${c.req.path}. The API reference is at /api/docs.`), c.req.path);
  if (answersMachines(c)) return problemResponse(new RepositoryError("not_found", `There is nothing at ${c.req.path}. Every feed is listed at /feeds.`), c.req.path);
  return c.html(<ErrorPage siteName={c.env.SITE_NAME} status={404} title="Page not found" detail="There is no page at this address." />, 404);
});

export default {
  fetch: (request, env, ctx) => withReadReplicas(request, env, (sessionRequest, sessionEnv) => app.fetch(sessionRequest, sessionEnv, ctx)),
  queue: (batch, env) => consumeCitationJobs(batch, env),
} satisfies ExportedHandler<Bindings, CitationJob>;
