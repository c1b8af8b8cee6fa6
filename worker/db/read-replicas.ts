// D1 read replication: every request reads through one D1 session, so a person always reads their own writes while anonymous readers are served by the nearest replica.
import { parse as parseCookies } from "hono/utils/cookie";
import { SESSION_COOKIE } from "../desk/sessions";
import type { Bindings } from "../env";
import { changesNothing } from "../request-kinds";

/** API clients carry the bookmark a write returned in this header; browsers carry it in the cookie below. */
export const BOOKMARK_HEADER = "x-d1-bookmark";
export const BOOKMARK_COOKIE = "__Host-d1-bookmark";

/** A bookmark is opaque, but short and plain: anything else is ignored rather than handed to D1. */
const BOOKMARK_SHAPE = /^[0-9A-Za-z._:-]{1,256}$/u;

/** How long a browser keeps its bookmark: far longer than any replica lags behind the primary. */
const BOOKMARK_COOKIE_SECONDS = 10 * 60;

function readBookmark(request: Request): string | undefined {
  const fromHeader = request.headers.get(BOOKMARK_HEADER)?.trim();
  const fromCookie = parseCookies(request.headers.get("cookie") ?? "", BOOKMARK_COOKIE)[BOOKMARK_COOKIE];
  const bookmark = fromHeader || fromCookie;
  return bookmark !== undefined && BOOKMARK_SHAPE.test(bookmark) ? bookmark : undefined;
}

/**
 * Where a request's first query may go. With a bookmark, to a replica at least as new as it (the caller's own earlier
 * write). A write, or anyone signed in or holding a token, starts at the primary: what they see next builds on the
 * newest data. An anonymous reader may start anywhere, the nearest replica included.
 */
function sessionConstraint(request: Request, writes: boolean): string {
  const bookmark = readBookmark(request);
  if (bookmark !== undefined) return bookmark;
  const identified = request.headers.has("authorization") || SESSION_COOKIE in parseCookies(request.headers.get("cookie") ?? "", SESSION_COOKIE);
  return identified || writes ? "first-primary" : "first-unconstrained";
}

/** A session at the bookmark or constraint; a bookmark D1 refuses (a stale or forged cookie) falls back to the primary. */
function openSession(db: D1Database, constraint: string): D1DatabaseSession {
  try {
    return db.withSession(constraint);
  } catch {
    return db.withSession("first-primary");
  }
}

/**
 * Serves one request with `DB` replaced by a D1 session (which has `prepare` and `batch`, all the code uses), then
 * hands the session's bookmark back: as a header to every caller who could use it, and, after a browser's write, as a
 * cookie, so the page it is sent to next reads that write. Anonymous reads get no cookie, so the edge may cache them.
 */
export async function withReadReplicas(
  request: Request,
  env: Bindings,
  serve: (request: Request, env: Bindings) => Response | Promise<Response>,
): Promise<Response> {
  const writes = !changesNothing(request.method, new URL(request.url).pathname);
  const session = openSession(env.DB, sessionConstraint(request, writes));
  const response = await serve(request, { ...env, DB: session as unknown as D1Database });
  const bookmark = session.getBookmark();
  if (bookmark === null || response.status === 304) return response;
  if (!writes && readBookmark(request) === undefined && !request.headers.has("authorization")) return response;
  const answer = new Response(response.body, response);
  answer.headers.set(BOOKMARK_HEADER, bookmark);
  if (writes && !request.headers.has("authorization")) {
    answer.headers.append("set-cookie", `${BOOKMARK_COOKIE}=${bookmark}; Path=/; Max-Age=${BOOKMARK_COOKIE_SECONDS}; Secure; HttpOnly; SameSite=Lax`);
  }
  return answer;
}
