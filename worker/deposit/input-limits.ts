// The limits that bound what one deposit may make the Worker do, in one place, and the words a depositor reads for each.

/**
 * Each limit is far above the largest value in the real exports in ../shared/bib (measured with the scanner: 7,166
 * entries in one file; the longest entry 6,421 characters, the longest field 4,207, at most 3 macro references and 130
 * authors in an entry, braces nested 4 deep), and low enough that one entry's row stays well under D1's 2 MB per value
 * and citation-js's work on it stays under a second.
 */
export const MAX_ENTRIES_PER_FILE = 10_000;
/** Characters of an entry's source text, from its `@` to its closing brace. */
export const MAX_ENTRY_LENGTH = 100_000;
/** Characters of one field's value, with its @string macros expanded. */
export const MAX_FIELD_LENGTH = 50_000;
/** Macro references in one entry, counting those inside macros each time they are expanded. */
export const MAX_MACRO_REFERENCES = 1_000;
/** Braces nested inside one value: citation-js parses them recursively and runs out of stack past about 1,000. */
export const MAX_BRACE_DEPTH = 100;
/** Names in one name list (author, editor and the like): BibTeX's `and others` shortens a longer list. */
export const MAX_NAMES_PER_FIELD = 3_000;

/** The fields citation-js reads as lists of names joined by `and`. */
export const NAME_FIELDS: ReadonlySet<string> = new Set([
  "author",
  "editor",
  "editora",
  "editorb",
  "editorc",
  "bookauthor",
  "translator",
  "annotator",
  "commentator",
  "introduction",
  "foreword",
  "afterword",
  "holder",
]);

/** 12345 → "12,345", without Intl, which a Worker's locale data need not have. */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

export function describeTooManyEntries(): string {
  return `This file has more than ${formatCount(MAX_ENTRIES_PER_FILE)} entries, the most one deposit may hold: split it into files of fewer entries and deposit each.`;
}

export function describeLongEntry(length: number): string {
  return `is ${formatCount(length)} characters long, more than the ${formatCount(MAX_ENTRY_LENGTH)} one entry may have: shorten its longest fields (often an abstract or notes) or leave them out, and deposit it again`;
}

export function describeLongField(field: string, length: number): string {
  return `its field "${field}" is ${formatCount(length)} characters long, more than the ${formatCount(MAX_FIELD_LENGTH)} one field may have: shorten it or leave it out, and deposit the entry again`;
}

export function describeExpandedField(field: string): string {
  return `its field "${field}" expands to more than ${formatCount(MAX_FIELD_LENGTH)} characters through @string macros, the most one field may have: write the value out in full, or define its macros without repeating each other, and deposit the entry again`;
}

export function describeExpandedEntry(): string {
  return `its fields expand to more than ${formatCount(MAX_ENTRY_LENGTH)} characters through @string macros, the most one entry may have: write the values out in full, shortening the longest, and deposit the entry again`;
}

export function describeManyMacroReferences(): string {
  return `its @string macros, counted each time one is expanded inside another, are used more than ${formatCount(MAX_MACRO_REFERENCES)} times, the most one entry may use: write its values out in full and deposit it again`;
}

export function describeDeepBraces(field: string): string {
  return `its field "${field}" has braces nested more than ${formatCount(MAX_BRACE_DEPTH)} deep: remove the extra braces and deposit the entry again`;
}

export function describeManyNames(field: string): string {
  return `its field "${field}" lists more than ${formatCount(MAX_NAMES_PER_FIELD)} names, the most one list may have: keep the first names and end the list with "and others", and deposit the entry again`;
}

export function describeCyclicCrossref(crossref: string): string {
  return `its crossref '${crossref}' is an entry whose own crossref names this one, so neither could inherit from the other: remove the crossref from one of them and deposit again`;
}
