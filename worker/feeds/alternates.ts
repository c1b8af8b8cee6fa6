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

/**
 * How many authors' feeds a publication's head names: enough for a small team, while a paper with 300 authors would
 * otherwise carry 900 links. Every author stays linked in the page, where their feed is one click on.
 */
export const MAX_PERSON_FEEDS_IN_HEAD = 3;

export const EVERYTHING_FEEDS = alternatesFor("Everything new", "/feeds/all");
