// The feeds a page names in its head (`<link rel="alternate">`), so browsers and feed readers find them.
import type { AlternateFeed } from "../../web/layout";
import { FEED_CONTENT_TYPES, FEED_FORMAT_NAMES, FEED_FORMATS } from "./render-feeds";

/** The `<link rel="alternate">` entries for one feed (its path without the format, and its query if any), in every format. */
export function alternatesFor(title: string, path: string, search = ""): AlternateFeed[] {
  return FEED_FORMATS.map((format) => ({
    title: `${title} (${FEED_FORMAT_NAMES[format]})`,
    type: FEED_CONTENT_TYPES[format].split(";")[0],
    href: `${path}.${format}${search}`,
  }));
}

export const EVERYTHING_FEEDS = alternatesFor("Everything new", "/feeds/all");
