// The folded form of text that keys are built from: duplicate titles, known people.

/** Lower case, no accents, letters and digits only, single spaces: "Santé  Mentale!" and "sante mentale" are one key. */
export function foldText(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}
