// Turns one CSL-JSON item from citation-js into a publication row and its authors, the cleaned CSL item its citations
// are rendered from, and a warning for everything that was not stored as the researcher wrote it.
import type { CslItem } from "../citations/citation-js";
import { hasControlCharacters, removeControlCharacters, toStorableLink } from "../records/clean-text";
import { foldText } from "../records/fold-text";
import { closeOpenRange, readIssuedDate } from "./issued-date";
import { separateMarkup } from "./markup";
import { findLatexCommands } from "../citations/latex-commands";

export type DepositedAuthor = { name: string; nameKey: string };

export type DepositedPublication = {
  type: string;
  /** The title, or what stands in for a missing one (fallbackTitle). */
  title: string;
  /** The title's markup as sanitised HTML (markup.ts); null when it is plain. `title` is its plain text. */
  titleHtml: string | null;
  titleKey: string | null;
  containerTitle: string | null;
  issued: string | null;
  issuedYear: number | null;
  volume: string | null;
  issue: string | null;
  pages: string | null;
  publisher: string | null;
  doi: string | null;
  url: string | null;
  abstract: string | null;
  abstractHtml: string | null;
  keywords: string[];
  language: string | null;
  licence: string | null;
  authors: DepositedAuthor[];
};

/**
 * The bare DOI, in the case it was written: `https://doi.org/10.1000/ABC`, `doi:10.1000/ABC`, Web of Science's
 * `{10.1000/ABC}` and `10.1000/ABC` are all `10.1000/ABC`. Anything that does not start `10.` is none. DOIs are
 * case-insensitive, so comparisons use `doiKey`.
 */
export function normaliseDoi(raw: string | undefined | null): string | null {
  if (!raw) return null;
  let doi = raw.trim().replace(/^\{+|\}+$/g, "").trim();
  try {
    doi = decodeURIComponent(doi);
  } catch {
    // A lone `%` is part of the DOI's own text, not an escape.
  }
  doi = doi
    .replace(/^(?:https?:\/\/)?(?:(?:dx\.)?doi\.org|doi\.acm\.org|dx\.crossref\.org)\//i, "")
    .replace(/^doi:?\s*/i, "")
    .trim();
  return /^10\.\d{4,9}\/\S+$/.test(doi) ? doi : null;
}

/** What DOIs are compared and looked up by: DOIs are case-insensitive (the DOI Handbook, 2.4). */
export function doiKey(doi: string): string {
  return doi.toLowerCase();
}

function text(value: unknown): string | null {
  if (typeof value === "number") return String(value);
  if (typeof value !== "string") return null;
  const trimmed = removeControlCharacters(value).replace(/\s+/g, " ").trim();
  return trimmed.length > 0 ? trimmed : null;
}

type CslName = {
  family?: string;
  given?: string;
  literal?: string;
  suffix?: string;
  "non-dropping-particle"?: string;
  "dropping-particle"?: string;
};

/** A CSL name with nothing in it: what citation-js makes of an author list piece that parses empty. */
export function isEmptyName(name: CslName): boolean {
  return !text(name.family) && !text(name.given) && !text(name.literal);
}

/** A name's family part as it is compared and shown: its particles with it ("van der Meyden", "de Onís"). */
function familyWithParticles(name: CslName): string | null {
  const parts = [name["dropping-particle"], name["non-dropping-particle"], name.family].map(text).filter(Boolean);
  return parts.length > 0 ? parts.join(" ") : null;
}

/** The folded family names in people's name keys: what the title-and-year duplicate check needs two works to share. */
export function familyKeys(nameKeys: readonly string[]): string[] {
  return nameKeys.map((nameKey) => nameKey.split(", ")[0]);
}

function toAuthor(name: CslName): DepositedAuthor | null {
  const family = familyWithParticles(name);
  const given = text(name.given);
  const suffix = text(name.suffix);
  const literal = text(name.literal);
  if (literal || !family || !given) {
    const whole = literal ?? family ?? given;
    return whole ? { name: whole, nameKey: foldText(whole) } : null;
  }
  // The whole name, folded: "Gödel, Kurt" and "Godel, Kurt" are one person, but initials alone would merge different
  // people (Rahul and Ritesh Agarwal in bbt-1436-3); "K. Gödel" stays apart until ORCID iDs join them. Particles and
  // suffixes are part of who someone is: "van der Meyden, Ron" is not "Meyden, Ron", and "Hicks, III, Michael" is not
  // his father.
  return {
    name: [given, family, suffix].filter(Boolean).join(" "),
    nameKey: [foldText(family), foldText(given), ...(suffix ? [foldText(suffix)] : [])].join(", "),
  };
}

/** The BibTeX `language` field holds names (`english`); the API speaks BCP 47 tags where the name is a common one. */
const LANGUAGE_TAGS: Record<string, string> = {
  english: "en", american: "en-US", british: "en-GB", ukenglish: "en-GB", usenglish: "en-US",
  german: "de", ngerman: "de", french: "fr", spanish: "es", italian: "it", dutch: "nl", portuguese: "pt",
  welsh: "cy", polish: "pl", swedish: "sv", danish: "da", norwegian: "no", finnish: "fi", greek: "el",
  russian: "ru", chinese: "zh", japanese: "ja", arabic: "ar", urdu: "ur", hindi: "hi", bengali: "bn",
};

function toLanguage(raw: unknown): string | null {
  const value = text(raw);
  if (!value) return null;
  return LANGUAGE_TAGS[value.toLowerCase()] ?? value;
}

function toKeywords(raw: unknown): string[] {
  const value = Array.isArray(raw) ? raw.join(",") : text(raw);
  if (!value) return [];
  return [...new Set(value.split(/[,;]/).map((k) => k.trim()).filter(Boolean))];
}

/** The CSL variables that hold lists of names. */
const NAME_VARIABLES = ["author", "editor", "container-author", "collection-editor", "composer", "director", "editorial-director", "illustrator", "interviewer", "original-author", "recipient", "reviewed-author", "translator"];

/** The CSL date variables other than `issued`. */
const OTHER_DATE_VARIABLES = ["accessed", "available-date", "event-date", "original-date", "submitted"];

/** BibTeX fields whose loss a researcher would notice, and the CSL variable citation-js turns each into. */
const FIELDS_TO_KEEP: Record<string, string> = {
  author: "author", editor: "editor", journal: "container-title", journaltitle: "container-title", year: "issued", date: "issued",
  url: "URL", volume: "volume", pages: "page", abstract: "abstract", publisher: "publisher",
};

/** An entry without a title is shown by the first of these it has; citations keep it untitled, as it is. */
function fallbackTitle(item: CslItem, fields: ReadonlyMap<string, string>): { title: string; from: string } {
  const titleaddon = text(fields.get("titleaddon")?.replace(/[{}]/g, ""));
  if (titleaddon) return { title: titleaddon, from: "its titleaddon" };
  const booktitle = fields.has("booktitle") ? text(item["container-title"]) : null;
  if (booktitle) return { title: booktitle, from: "its booktitle" };
  const note = text(item.note);
  if (note) return { title: note, from: "its note" };
  return { title: "Untitled", from: "" };
}

/** `month = September` is undefined in BibTeX too, but its text is the month: nothing to tell. */
const FULL_MONTH_NAME = /^(?:january|february|march|april|may|june|july|august|september|october|november|december)$/i;

/**
 * An empty name (`Smith, A. and }` leaves one) is no one, and is left out. An undefined @string macro is kept as its
 * own name, as the scanner defined it, in a name list too (`author = MCDERMOTT` in bbt-873 names a person the file's
 * author defined elsewhere: the name is better than no author). Each is said.
 */
function dropEmptyNames(csl: CslItem, undefinedMacros: readonly string[], warnings: string[]): void {
  for (const variable of NAME_VARIABLES) {
    const names = csl[variable];
    if (!Array.isArray(names)) continue;
    const kept = (names as CslName[]).filter((name) => !isEmptyName(name));
    if (kept.length === names.length) continue;
    warnings.push(`${variable === "author" ? "an author" : `a name in ${variable}`} was empty and was left out (a stray "and"?)`);
    if (kept.length > 0) csl[variable] = kept;
    else delete csl[variable];
  }
  for (const macro of undefinedMacros) {
    if (FULL_MONTH_NAME.test(macro)) continue;
    warnings.push(`uses the @string macro ${macro}, which this file does not define: it was kept as the text "${macro}"`);
  }
}

/** CSL variables that are identifiers or codes, not text: kept exactly as citation-js read them. */
const VERBATIM_VARIABLES = new Set(["id", "citation-key", "type", "DOI", "URL", "ISBN", "ISSN", "PMID", "PMCID", "language"]);

/**
 * The item with citation-js's markup taken out of every text variable (a journal written `\emph{...}` comes as
 * `<i>...</i>`), so that RIS, BibTeX and every citation carry text. The title and abstract keep their rich form
 * beside the record (title_html, abstract_html); other variables have no place to show it.
 */
function plainTextFields(item: CslItem): CslItem {
  const csl: CslItem = { ...item };
  for (const [variable, value] of Object.entries(item)) {
    // The title and abstract are split once, by toDepositedPublication, which keeps their rich form too.
    if (typeof value !== "string" || VERBATIM_VARIABLES.has(variable) || variable === "title" || variable === "abstract") continue;
    const plain = separateMarkup(value).text;
    if (plain === null) delete csl[variable];
    else csl[variable] = plain;
  }
  for (const variable of NAME_VARIABLES) {
    const names = csl[variable];
    if (!Array.isArray(names)) continue;
    csl[variable] = (names as Record<string, unknown>[]).map((name) =>
      Object.fromEntries(Object.entries(name).map(([part, value]) => [part, typeof value === "string" ? (separateMarkup(value).text ?? "") : value])),
    );
  }
  return csl;
}

/** LaTeX that nothing could decode stays as written; the researcher is told where, so the source can be mended. */
function warnUnknownLatex(csl: CslItem, warnings: string[]): void {
  for (const [variable, value] of Object.entries(csl)) {
    if (typeof value !== "string" || VERBATIM_VARIABLES.has(variable)) continue;
    const commands = findLatexCommands(value);
    if (commands.length > 0) warnings.push(`${variable}: the LaTeX ${commands.join(", ")} could not be read and was kept as written`);
  }
  for (const variable of NAME_VARIABLES) {
    const names = csl[variable];
    if (!Array.isArray(names)) continue;
    const commands = [...new Set((names as Record<string, unknown>[]).flatMap((name) => Object.values(name).flatMap((v) => (typeof v === "string" ? findLatexCommands(v) : []))))];
    if (commands.length > 0) warnings.push(`${variable}: the LaTeX ${commands.join(", ")} could not be read and was kept as written`);
  }
}

/** A CSL value with every string in it cleaned; `found` collects the top-level variables that held something to remove. */
function cleanValue(value: unknown, variable: string, found: Set<string>): unknown {
  if (typeof value === "string") {
    if (!hasControlCharacters(value)) return value;
    found.add(variable);
    return removeControlCharacters(value);
  }
  if (Array.isArray(value)) return value.map((v) => cleanValue(v, variable, found));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cleanValue(v, variable, found)]));
  }
  return value;
}

/**
 * The item with control and direction-override characters taken out of every value (clean-text.ts), so that no page,
 * feed, citation or API answer shows them; the entry's BibTeX is stored as it was written. Each variable that held
 * any is said, so the researcher can mend the source.
 */
function removeHiddenCharacters(item: CslItem, warnings: string[]): CslItem {
  const found = new Set<string>();
  const cleaned = Object.fromEntries(Object.entries(item).map(([variable, value]) => [variable, cleanValue(value, variable, found)])) as CslItem;
  for (const variable of found) warnings.push(`${variable}: control or direction-override characters (such as NUL, ESC or U+202E) were removed`);
  return cleaned;
}

/**
 * The entry's web address as a link may be stored, or null: only http, https and doi addresses are links. Anything
 * else (`javascript:`, `data:`, `ftp:`, an address without a scheme) is left out with a warning; the BibTeX keeps it.
 */
function keepLink(written: string | null, warnings: string[]): string | null {
  if (written === null) return null;
  const link = toStorableLink(written);
  if (link === null) warnings.push(`the url "${written}" is not an http, https or doi address, so it was not stored as a link (the BibTeX keeps it as written)`);
  return link;
}

export type DepositedItem = {
  publication: DepositedPublication;
  /** The CSL-JSON item to store and render citations from: the same title, DOI, date and names as the record. */
  csl: CslItem;
  warnings: string[];
};

/**
 * Null when the item has nothing to cite by: no title (nor a titleaddon or note to stand in), author, container, DOI or URL. `fields` are the entry's own
 * fields as written (readEntryFields), to tell what citation-js could not read; `undefinedMacros` the @string macros
 * it uses that the file never defines.
 */
export function toDepositedPublication(
  item: CslItem,
  source: { fields: ReadonlyMap<string, string>; undefinedMacros: readonly string[] },
): DepositedItem | null {
  const { fields } = source;
  const warnings: string[] = [];
  item = removeHiddenCharacters(item, warnings);
  const csl = plainTextFields(item);
  dropEmptyNames(csl, source.undefinedMacros, warnings);
  warnUnknownLatex(csl, warnings);
  const titleMarkup = separateMarkup(item.title);
  const title = titleMarkup.text;
  const abstractMarkup = separateMarkup(item.abstract);
  const authors = ((csl.author as CslName[] | undefined) ?? []).map(toAuthor).filter((a): a is DepositedAuthor => a !== null);
  const doi = normaliseDoi(text(item.DOI)) ?? normaliseDoi(text(item.URL)?.match(/^https?:\/\/(?:dx\.)?doi\.org\/.*/i)?.[0]);
  const containerTitle = text(csl["container-title"]);
  const url = keepLink(text(item.URL), warnings);
  if (url) csl.URL = url;
  else delete csl.URL;
  const shown = title ? { title, from: "" } : fallbackTitle(csl, fields);
  if (!title && !shown.from && authors.length === 0 && !containerTitle && !doi && !url) return null;

  const writtenDoi = text(fields.get("doi")?.replace(/[{}]/g, ""));
  if (doi) csl.DOI = doi;
  else delete csl.DOI;
  if (writtenDoi && !doi) warnings.push(`the doi "${writtenDoi}" is not a DOI (a DOI starts with "10."), so it was not stored as one`);
  for (const variable of OTHER_DATE_VARIABLES) if (csl[variable] !== undefined) csl[variable] = closeOpenRange(csl[variable]);
  const date = readIssuedDate(item.issued);
  if (date.csl) csl.issued = date.csl;
  else delete csl.issued;
  if (date.warning) warnings.push(date.warning);
  for (const [field, variable] of Object.entries(FIELDS_TO_KEEP)) {
    // A date readIssuedDate could not use has its own warning already.
    if (variable === "issued" && date.warning) continue;
    // A web address read but refused as a link has its own warning already (keepLink).
    if (variable === "URL" && text(item.URL)) continue;
    if (text(fields.get(field)) && csl[variable] === undefined) warnings.push(`the ${field} field could not be read, so it was not stored`);
  }
  if (title) csl.title = title;
  else delete csl.title;
  if (!title) warnings.push(shown.from ? `has no title: shown as "${shown.title}" (${shown.from})` : `has no title: shown as "Untitled"`);

  const publication: DepositedPublication = {
    type: text(item.type) ?? "document",
    title: shown.title,
    titleHtml: title ? titleMarkup.html : null,
    // A title shown in place of a missing one is no evidence of sameness.
    titleKey: title ? foldText(title) : null,
    containerTitle,
    issued: date.issued,
    issuedYear: date.issuedYear,
    volume: text(csl.volume),
    issue: text(csl.issue),
    pages: text(csl.page),
    publisher: text(csl.publisher),
    doi,
    url,
    abstract: abstractMarkup.text,
    abstractHtml: abstractMarkup.html,
    keywords: toKeywords(csl.keyword),
    language: toLanguage(item.language),
    licence: text(csl.license),
    authors,
  };
  if (publication.abstract) csl.abstract = publication.abstract;
  else delete csl.abstract;
  return { publication, csl, warnings };
}
