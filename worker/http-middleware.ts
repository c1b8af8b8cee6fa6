// Request-level rules: body size limits for every route, the API's content types, the security headers on every
// response, and the pages' conditional GETs.
import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import { secureHeaders } from "hono/secure-headers";
import { openDatabase } from "./db/client";
import { currentDataVersion, type DataVersion } from "./db/data-version";
import { DESK_PATHS } from "./desk/guard";
import type { AppEnv } from "./env";
import { RATE_LIMIT_PERIOD_SECONDS } from "./auth/rate-limits";
import { RepositoryError } from "./errors";
import { API_DEPOSIT_PATH, isDeskDepositPath, isSafeMethod } from "./request-kinds";
import { cachingHeaders, type Freshness, freshnessOf, isNotModified } from "./http-caching";

/**
 * The 7,166-entry real BibTeX file is 3 MB: deposits get room for larger exports, JSON bodies far less. A deposit's
 * heap grows with its file (measured in Node: about 100 MB at the peak for the 3 MB file under a 128 MB cap, about
 * 121 MB for a 16 MB file of maximal entries), so the limit is 8 MB, not more, to stay inside one 128 MB isolate.
 */
export const DEPOSIT_BODY_LIMIT_BYTES = 8 * 1024 * 1024;
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

/**
 * The desk's deposit forms carry a file as multipart, or its text again, base64 inside the confirmation form: they set
 * their own limits (worker/desk/deposit-routes.tsx) and answer them in the form, so this outer one only stops what is
 * far past either.
 */
const DESK_DEPOSIT_BODY_CEILING_BYTES = 2 * DEPOSIT_BODY_LIMIT_BYTES + 1024 * 1024;
const limitDeskDepositBody = limitBody(DESK_DEPOSIT_BODY_CEILING_BYTES);

/**
 * Every request that may carry a body (POST, PUT, PATCH, DELETE), on every route, `/oai` and the desk included: 1 MB,
 * but for the deposits, which take whole BibTeX exports. Routes may set tighter limits of their own.
 */
export const limitRequestBodies = createMiddleware<AppEnv>(async (c, next) => {
  if (isSafeMethod(c.req.method)) return next();
  const path = c.req.path;
  if (path === API_DEPOSIT_PATH) return limitDepositBody(c, next);
  if (isDeskDepositPath(path)) return limitDeskDepositBody(c, next);
  return limitJsonBody(c, next);
});

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

/**
 * Raise when the pages' markup changes for the same data (a new layout, a new component), so that no browser keeps a
 * page from before the change: a page's ETag otherwise follows the data version alone.
 */
export const PAGES_RENDERING_VERSION = 1;

const MACHINE_PATHS = /^\/(?:api|feeds|oai|sitemap|static)(?:[/.-]|$)/u;

/** Paths that never answer a public page (machines' formats, static files, the desk's private pages): no data version is read for them. */
function isNeverPage(path: string): boolean {
  if (path === "/api/docs" || path === "/feeds") return false;
  return MACHINE_PATHS.test(path) || DESK_PATHS.test(path) || path === "/favicon.svg" || path === "/robots.txt";
}

/**
 * A page's validators: a feed's, marked as a page's and with the pages' rendering version. No Last-Modified: a page
 * also changes when its markup does, which a date from the data cannot tell, and the ETag can.
 */
function pageFreshness(freshness: Freshness, version: DataVersion, path: string): Freshness {
  // A publication's page shows its citations and a briefing's its references' APA text, which the queue stores later.
  const showsCitations = PAGES_WITH_CITATIONS.test(path);
  const rendered = showsCitations && version.last_render !== null ? Date.parse(version.last_render).toString(36) : "0";
  return { etag: freshness.etag.replace(/^"/u, `"page${PAGES_RENDERING_VERSION}.${rendered}.`), lastModified: null };
}

const PAGES_WITH_CITATIONS = /^\/(?:publications|briefings)\/[^/]+(?:\/[a-z0-9-]+)?$/u;

/**
 * A page is asked again every time (a 304 costs a few milliseconds), not kept for five minutes as a feed may be: a
 * withdrawn paper's page, or a paper's citations once rendered, must show at once.
 */
function pageCachingHeaders(freshness: Freshness): Record<string, string> {
  return { ...cachingHeaders(freshness), "cache-control": "public, no-cache" };
}

/** No inline script or style anywhere: everything comes from this origin, and nothing may frame a page. */
export const PAGE_CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

const pageSecurityHeaders = secureHeaders({
  contentSecurityPolicy: PAGE_CONTENT_SECURITY_POLICY,
  referrerPolicy: "strict-origin-when-cross-origin",
  xFrameOptions: "DENY",
  // Only over HTTPS (setSecurityHeaders): HSTS sent over plain HTTP is ignored by browsers and misleads whoever reads it.
  strictTransportSecurity: false,
});

/**
 * What is not HTML (JSON, feeds, OAI and sitemaps as XML, CSS, scripts, downloads) loads nothing and runs nothing when
 * opened on its own: a policy that allows nothing keeps a hostile value in it inert, and nothing may frame it.
 */
export const MACHINE_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/** Two years, as the HSTS preload list asks; subdomains included, since the repository owns its host name. */
export const STRICT_TRANSPORT_SECURITY = "max-age=63072000; includeSubDomains";

/** A response's headers, made writable: a response built elsewhere (a fetch, a cached body) may have immutable ones. */
function writableResponse(response: Response): Response {
  try {
    response.headers.set("x-content-type-options", "nosniff");
    return response;
  } catch {
    return new Response(response.body, response);
  }
}

/**
 * Every response, of every kind and status (errors, 304s, redirects, static files, feeds, OAI, the API): the pages'
 * full policy on HTML, a policy that allows nothing elsewhere, no sniffing, no referrer beyond the origin across sites,
 * no framing, and HSTS when the request came over HTTPS. Registered first, so it sees what every other layer answered.
 */
export const setSecurityHeaders = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  c.res = writableResponse(c.res);
  // A 304's headers replace those the browser stored with the page (RFC 9111, 4.3.4): a 304 given the policy that
  // allows nothing took a revalidated page's stylesheet away. Every 304 gets the pages' policy, strict enough for all.
  if ((c.res.headers.get("content-type") ?? "").startsWith("text/html") || c.res.status === 304) {
    // secureHeaders sets its headers after the handler it wraps: here the handler has already run.
    await pageSecurityHeaders(c, async () => {});
  } else {
    c.res.headers.set("content-security-policy", MACHINE_CONTENT_SECURITY_POLICY);
    c.res.headers.set("x-content-type-options", "nosniff");
    c.res.headers.set("referrer-policy", "strict-origin-when-cross-origin");
    c.res.headers.set("x-frame-options", "DENY");
  }
  if (new URL(c.req.url).protocol === "https:") c.res.headers.set("strict-transport-security", STRICT_TRANSPORT_SECURITY);
  // Every limit in this repository counts per minute (wrangler.toml): waiting one says when to try again.
  if (c.res.status === 429 && !c.res.headers.has("retry-after")) c.res.headers.set("retry-after", String(RATE_LIMIT_PERIOD_SECONDS));
});

/**
 * Every public HTML page that answered 200: an ETag and Cache-Control as the feeds have, with 304 for a browser whose
 * copy is current. The 304 is decided before the page is built, from the isolate's data version, so it usually costs
 * no read at all. Feeds, OPML, JSON and downloads keep their own validators.
 */
export const servePages = createMiddleware<AppEnv>(async (c, next) => {
  let freshness: Freshness | undefined;
  if ((c.req.method === "GET" || c.req.method === "HEAD") && !isNeverPage(c.req.path)) {
    const version = await currentDataVersion(openDatabase(c.env.DB));
    freshness = pageFreshness(freshnessOf(version, new URL(c.req.url)), version, c.req.path);
    // Only a page's own ETag can match (it names the path and the pages' version), and it was only ever sent with a 200.
    if (isNotModified(c, freshness)) {
      c.res = new Response(null, { status: 304, headers: pageCachingHeaders(freshness) });
      return;
    }
  }
  await next();
  if (!(c.res.headers.get("content-type") ?? "").startsWith("text/html")) return;
  if (freshness && c.res.status === 200 && !c.res.headers.has("cache-control")) {
    for (const [name, value] of Object.entries(pageCachingHeaders(freshness))) c.res.headers.set(name, value);
  }
});
