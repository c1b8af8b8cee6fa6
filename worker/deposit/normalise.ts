// Turns one CSL-JSON item from citation-js into a publication row and its authors, with the keys duplicates are found by.
import type { CslItem } from "../citations/citation-js";
import { foldText } from "../records/fold-text";

export type DepositedAuthor = { name: string; nameKey: string };

export type DepositedPublication = {
  type: string;
  title: string | null;
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
  keywords: string[];
  language: string | null;
  licence: string | null;
  authors: DepositedAuthor[];
};

/** `https://doi.org/10.1000/ABC`, `doi:10.1000/abc` and `10.1000/abc` are one DOI; anything not starting `10.` is none. */
export function normaliseDoi(raw: string | undefined | null): string | null {
  if (!raw) return null;
  let doi = raw.trim();
  try {
    doi = decodeURIComponent(doi);
  } catch {
    // A lone `%` is part of the DOI's own text, not an escape.
  }
  doi = doi.replace(/^(?:https?:\/\/)?(?:dx\.)?doi\.org\//i, "").replace(/^doi:\s*/i, "").trim().toLowerCase();
  return /^10\.\d{4,9}\/\S+$/.test(doi) ? doi : null;
}

function text(value: unknown): string | null {
  if (typeof value === "number") return String(value);
  if (typeof value !== "string") return null;
  const trimmed = value.replace(/\s+/g, " ").trim();
  return trimmed.length > 0 ? trimmed : null;
}

type CslName = { family?: string; given?: string; literal?: string };

function toAuthor(name: CslName): DepositedAuthor | null {
  const family = text(name.family);
  const given = text(name.given);
  const literal = text(name.literal);
  if (literal || (family && !given)) {
    const whole = (literal ?? family)!;
    return { name: whole, nameKey: foldText(whole) };
  }
  if (!family) return null;
  // The whole name, folded: "Gödel, Kurt" and "Godel, Kurt" are one person, but initials alone would merge different
  // people (Rahul and Ritesh Agarwal in bbt-1436-3); "K. Gödel" stays apart until ORCID iDs join them.
  return { name: `${given} ${family}`, nameKey: `${foldText(family)}, ${foldText(given!)}` };
}

function toIssued(item: CslItem): { issued: string | null; issuedYear: number | null } {
  const parts = (item.issued as { "date-parts"?: unknown[][] } | undefined)?.["date-parts"]?.[0];
  const year = Number(parts?.[0]);
  if (!parts || !Number.isInteger(year)) return { issued: null, issuedYear: null };
  const rest = parts.slice(1, 3).map((n) => String(n).padStart(2, "0"));
  return { issued: [String(year), ...rest].join("-"), issuedYear: year };
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

/** Null when the item has nothing to cite by: no title, author, container, DOI or URL. */
export function toDepositedPublication(item: CslItem): DepositedPublication | null {
  const title = text(item.title);
  const authors = ((item.author as CslName[] | undefined) ?? []).map(toAuthor).filter((a): a is DepositedAuthor => a !== null);
  const doi = normaliseDoi(text(item.DOI));
  const containerTitle = text(item["container-title"]);
  const url = text(item.URL);
  if (!title && authors.length === 0 && !containerTitle && !doi && !url) return null;
  return {
    type: text(item.type) ?? "document",
    title,
    titleKey: title ? foldText(title) : null,
    containerTitle,
    ...toIssued(item),
    volume: text(item.volume),
    issue: text(item.issue),
    pages: text(item.page),
    publisher: text(item.publisher),
    doi,
    url,
    abstract: text(item.abstract),
    keywords: toKeywords(item.keyword),
    language: toLanguage(item.language),
    licence: text(item.license),
    authors,
  };
}

/** What duplicate detection compares: the DOI, the folded title and the year. */
export type WorkIdentity = { doi: string | null; titleKey: string | null; issuedYear: number | null };

/**
 * Two records are one work when they share a DOI and their titles do not disagree, or share title and year and their
 * DOIs do not disagree. Both halves matter in real exports: book chapters carry their book's DOI (three chapters of
 * one book in bbt-1436-3 share 10.5772/3457), and different papers share a title and year but not a DOI.
 */
export function isSameWork(a: WorkIdentity, b: WorkIdentity): boolean {
  if (a.doi && b.doi && a.doi === b.doi) return !a.titleKey || !b.titleKey || a.titleKey === b.titleKey;
  if (a.titleKey && a.titleKey === b.titleKey && a.issuedYear === b.issuedYear) return !(a.doi && b.doi && a.doi !== b.doi);
  return false;
}

type WorkIndex<T extends { work: WorkIdentity }> = Map<string, T[]>;

function lookupKeys(work: WorkIdentity): string[] {
  return [work.doi ? `doi:${work.doi}` : null, work.titleKey ? `title:${work.titleKey}|${work.issuedYear ?? ""}` : null].filter(
    (k): k is string => k !== null,
  );
}

export function addWork<T extends { work: WorkIdentity }>(index: WorkIndex<T>, entry: T): void {
  for (const key of lookupKeys(entry.work)) index.set(key, [...(index.get(key) ?? []), entry]);
}

/** Records indexed by DOI and by title and year, so each new entry is compared with its few candidates only. */
export function indexWorks<T extends { work: WorkIdentity }>(entries: T[]): WorkIndex<T> {
  const index: WorkIndex<T> = new Map();
  for (const entry of entries) addWork(index, entry);
  return index;
}

export function findSameWork<T extends { work: WorkIdentity }>(index: WorkIndex<T>, work: WorkIdentity): T | undefined {
  for (const key of lookupKeys(work)) {
    const match = index.get(key)?.find((candidate) => isSameWork(candidate.work, work));
    if (match) return match;
  }
  return undefined;
}
