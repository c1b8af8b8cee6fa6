// Conditional GETs for public views that change only when the repository does: ETag, Last-Modified, 304, Cache-Control.
import type { Context } from "hono";
import { type DataVersion, lastChangedAt } from "./db/data-version";

/** Raise when a view's bytes change for the same data (a new serialiser), so no client keeps a stale copy. */
const RENDERING_VERSION = 2;

/** Long enough for Cloudflare's edge to absorb a burst of feed readers, short enough that news is minutes old at most. */
export const PUBLIC_CACHE_CONTROL = "public, max-age=300";

/**
 * A view's validators. `lastModified` is null while the last change is in the current second: HTTP dates have whole
 * seconds, so a second change in the same second would be hidden from a client that validates by date alone.
 */
export type Freshness = { etag: string; lastModified: Date | null };

/** FNV-1a: a short, stable tag for a URL, so a validator from one feed never matches another. */
export function hashText(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(36);
}

/** The validators of the view at `url` (its path and query), whose content follows from the data version alone. */
export function freshnessOf(version: DataVersion, url: URL, now = Date.now()): Freshness {
  const release = version.last_release === null ? 0 : Date.parse(version.last_release);
  const etag = `"${RENDERING_VERSION}.${version.last_change ?? 0}.${release.toString(36)}.${hashText(url.pathname + url.search)}"`;
  const second = Math.floor(Date.parse(lastChangedAt(version)) / 1000) * 1000;
  return { etag, lastModified: second < Math.floor(now / 1000) * 1000 ? new Date(second) : null };
}

function etagsMatch(header: string, etag: string): boolean {
  // Weak comparison (RFC 9110 §8.8.3.2): a cache or proxy may have weakened our tag. `*` is not honoured: it would
  // answer 304 before the feed is known to exist.
  return header.split(",").some((tag) => tag.trim().replace(/^W\//u, "") === etag);
}

/** True when the client's copy is current: If-None-Match decides when sent; otherwise If-Modified-Since. */
export function isNotModified(c: Context, freshness: Freshness): boolean {
  const ifNoneMatch = c.req.header("if-none-match");
  if (ifNoneMatch !== undefined) return etagsMatch(ifNoneMatch, freshness.etag);
  const ifModifiedSince = c.req.header("if-modified-since");
  if (ifModifiedSince === undefined || freshness.lastModified === null) return false;
  const since = Date.parse(ifModifiedSince);
  return !Number.isNaN(since) && freshness.lastModified.getTime() <= since;
}

export function cachingHeaders(freshness: Freshness): Record<string, string> {
  return {
    etag: freshness.etag,
    ...(freshness.lastModified ? { "last-modified": freshness.lastModified.toUTCString() } : {}),
    "cache-control": PUBLIC_CACHE_CONTROL,
  };
}

/** 304 with the validators and no body. */
export function notModifiedResponse(freshness: Freshness): Response {
  return new Response(null, { status: 304, headers: cachingHeaders(freshness) });
}
