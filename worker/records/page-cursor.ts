// Page cursors for every list that pages (browse lists, search): one opaque, URL-safe form, tied to the list that gave it.
import { RepositoryError } from "../errors";

/** A cursor's key: where the next page starts, as the list's own sort values. */
export type CursorKey = readonly (string | number)[];

/** `scope` names the list (or fingerprints the search), so one list's cursor is refused by another rather than giving a wrong page. */
export function encodeCursor(scope: string, key: CursorKey): string {
  const bytes = new TextEncoder().encode(JSON.stringify([scope, ...key]));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/gu, "-")
    .replace(/\//gu, "_")
    .replace(/=+$/u, "");
}

/**
 * The key a cursor carries, checked by `read` (which answers undefined for a key of the wrong shape). Anything else, a
 * hand-edited cursor or one from another list, is a 422 `invalid` on `cursor`, which the pages show as an out-of-date link.
 */
export function decodeCursor<K>(scope: string, cursor: string, read: (key: unknown[]) => K | undefined): K {
  const invalid = new RepositoryError("invalid", "This cursor is not one this list gave: start again without `cursor`, then pass on each `next_cursor`.", {
    errors: [{ path: "cursor", message: "not a cursor from this list" }],
  });
  let decoded: unknown;
  try {
    const binary = atob(cursor.replace(/-/gu, "+").replace(/_/gu, "/"));
    decoded = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
  } catch {
    throw invalid;
  }
  if (!Array.isArray(decoded) || decoded[0] !== scope) throw invalid;
  const key = read(decoded.slice(1));
  if (key === undefined) throw invalid;
  return key;
}
