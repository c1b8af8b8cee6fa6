import { describe, expect, it } from "vitest";
import type { DataVersion } from "../../worker/db/data-version";
import { cachingHeaders, freshnessOf } from "../../worker/http-caching";

const VERSION: DataVersion = { last_change: 41, last_change_at: "2026-11-25T20:00:00.400Z", last_release: "2026-11-25T19:00:00.000Z", next_release: null, last_render: null };
const FEED = new URL("https://repository.test/feeds/all.rss");

describe("validators", () => {
  it("gives Last-Modified (whole seconds) once the last change is in an earlier second than now", () => {
    const freshness = freshnessOf(VERSION, FEED, Date.parse("2026-11-25T20:00:01.000Z"));
    expect(freshness.lastModified?.toISOString()).toBe("2026-11-25T20:00:00.000Z");
    expect(cachingHeaders(freshness)["last-modified"]).toBe("Wed, 25 Nov 2026 20:00:00 GMT");
  });

  it("leaves Last-Modified out while the last change is in the current second, so a second change then cannot hide", () => {
    const freshness = freshnessOf(VERSION, FEED, Date.parse("2026-11-25T20:00:00.900Z"));
    expect(freshness.lastModified).toBeNull();
    expect(cachingHeaders(freshness)).not.toHaveProperty("last-modified");
    expect(cachingHeaders(freshness).etag).toBe(freshnessOf(VERSION, FEED, Date.parse("2026-11-25T20:00:05.000Z")).etag);
  });

  it("gives each URL and each data version its own ETag", () => {
    const now = Date.parse("2026-11-26T00:00:00.000Z");
    const etag = freshnessOf(VERSION, FEED, now).etag;
    expect(freshnessOf(VERSION, new URL("https://repository.test/feeds/all.atom"), now).etag).not.toBe(etag);
    expect(freshnessOf(VERSION, new URL("https://repository.test/feeds/all.rss?limit=10"), now).etag).not.toBe(etag);
    expect(freshnessOf({ ...VERSION, last_change: 42 }, FEED, now).etag).not.toBe(etag);
    expect(freshnessOf({ ...VERSION, last_release: "2026-11-25T21:00:00.000Z" }, FEED, now).etag).not.toBe(etag);
  });
});
