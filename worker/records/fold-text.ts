// The folded form of text that keys are built from: duplicate titles, known people.

/** Lower case, no accents, letters and digits only, single spaces: "Santé  Mentale!" and "sante mentale" are one key. */
export function foldText(text: string): string {
  // The same answer for ASCII without Unicode normalisation, which is most of the cost: most titles and names are ASCII.
  if (/^[\x00-\x7f]*$/.test(text)) return text.toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}
