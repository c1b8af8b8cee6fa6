// How a list names an item's authors: a paper with 300 authors is "A, B, C and 297 more" in a list, all of them on its page.

/** How many names a list shows before counting the rest. */
export const LISTED_AUTHORS = 3;

export function listAuthors(names: readonly string[], shown = LISTED_AUTHORS): string {
  if (names.length <= shown + 1) return names.join(", ");
  return `${names.slice(0, shown).join(", ")} and ${names.length - shown} more`;
}
