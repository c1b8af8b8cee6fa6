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
  // Family name and initials: "Gödel, K." and "Godel, Kurt" are the same person (people can be merged later by ORCID).
  const initials = given!
    .split(/[\s.-]+/)
    .filter(Boolean)
    .map((part) => foldText(part).charAt(0))
    .join("");
  return { name: `${given} ${family}`, nameKey: `${foldText(family)}, ${initials}` };
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

/** The title-plus-year half of duplicate detection (the other half is the DOI); null for an untitled reference. */
export function titleYearKey(publication: { titleKey: string | null; issuedYear: number | null }): string | null {
  return publication.titleKey === null ? null : `${publication.titleKey}|${publication.issuedYear ?? ""}`;
}
