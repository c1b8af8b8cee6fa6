// Conditional GETs for public views that change only when the repository does: ETag, Last-Modified, 304, Cache-Control.
import type { Context } from "hono";
import type { DataVersion } from "./records/public-documents";

/** Raise when a view's bytes change for the same data (a new serialiser), so no client keeps a stale copy. */
const RENDERING_VERSION = 1;

/** Long enough for Cloudflare's edge to absorb a burst of feed readers, short enough that news is minutes old at most. */
export const PUBLIC_CACHE_CONTROL = "public, max-age=300";

export type Freshness = { etag: string; lastModified: Date };

/** The validators of a view whose content follows from the data version alone (and its URL). */
export function freshnessOf(version: DataVersion): Freshness {
  const release = version.last_release === null ? 0 : Date.parse(version.last_release);
  const change = version.last_change_at === null ? 0 : Date.parse(version.last_change_at);
  const etag = `"${RENDERING_VERSION}.${version.last_change ?? 0}.${release.toString(36)}"`;
  // HTTP dates have whole seconds.
  return { etag, lastModified: new Date(Math.floor(Math.max(release, change) / 1000) * 1000) };
}

function etagsMatch(header: string, etag: string): boolean {
  if (header.trim() === "*") return true;
  // Weak comparison (RFC 9110 §8.8.3.2): a cache or proxy may have weakened our tag.
  return header.split(",").some((tag) => tag.trim().replace(/^W\//u, "") === etag);
}

/** Whether the client sent a copy's validators: only then is it worth reading the data version before anything else. */
export function isConditional(c: Context): boolean {
  return c.req.header("if-none-match") !== undefined || c.req.header("if-modified-since") !== undefined;
}

/** True when the client's copy is current: If-None-Match decides when sent; otherwise If-Modified-Since. */
export function isNotModified(c: Context, freshness: Freshness): boolean {
  const ifNoneMatch = c.req.header("if-none-match");
  if (ifNoneMatch !== undefined) return etagsMatch(ifNoneMatch, freshness.etag);
  const ifModifiedSince = c.req.header("if-modified-since");
  if (ifModifiedSince === undefined) return false;
  const since = Date.parse(ifModifiedSince);
  return !Number.isNaN(since) && freshness.lastModified.getTime() <= since;
}

export function cachingHeaders(freshness: Freshness): Record<string, string> {
  return { etag: freshness.etag, "last-modified": freshness.lastModified.toUTCString(), "cache-control": PUBLIC_CACHE_CONTROL };
}

/** 304 with the validators and no body. */
export function notModifiedResponse(freshness: Freshness): Response {
  return new Response(null, { status: 304, headers: cachingHeaders(freshness) });
}
