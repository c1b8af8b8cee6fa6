// Duplicate detection: whether two records are one work, decided as a person would, and an index to find candidates.

/** What duplicate detection compares. */
export type WorkIdentity = {
  /** The DOI in lower case (DOIs are case-insensitive). */
  doiKey: string | null;
  /** The folded plain-text title: no markup, LaTeX, punctuation or case. */
  titleKey: string | null;
  issuedYear: number | null;
  /** The CSL type. */
  type: string;
  /** The authors' folded family names, particles included. */
  familyKeys: readonly string[];
};

/** What a CSL type says about a record's place: a whole book, a part of one (or of a journal), a review, or unsaid. */
type WorkShape = "whole" | "part" | "review" | "unsaid";

const SHAPES: Record<string, WorkShape> = {
  book: "whole", collection: "whole", periodical: "whole", classic: "whole",
  chapter: "part", "paper-conference": "part", "entry-encyclopedia": "part", "entry-dictionary": "part", entry: "part",
  "article-journal": "part", "article-magazine": "part", "article-newspaper": "part", article: "part",
  review: "review", "review-book": "review",
};

/**
 * Two types can be one work unless they stand in a part-of relation (a book and a chapter of it carry one DOI) or one
 * is a review (a book and a journal review of it share its title and year). Generic types (`document` from @misc,
 * `report`, `thesis`, `webpage`) say nothing, and fit anything.
 */
function areCompatibleTypes(a: string, b: string): boolean {
  const shapeA = SHAPES[a] ?? "unsaid";
  const shapeB = SHAPES[b] ?? "unsaid";
  return shapeA === shapeB || shapeA === "unsaid" || shapeB === "unsaid";
}

/** Parts of a book or proceedings: they can carry the whole's DOI under their own titles. */
const IN_A_BOOK = new Set(["chapter", "paper-conference", "entry", "entry-encyclopedia", "entry-dictionary"]);

/** Two folded titles that say the same, one perhaps with a subtitle the other export left out. */
function titlesAgree(a: string | null, b: string | null): boolean {
  return !a || !b || a === b || a.startsWith(`${b} `) || b.startsWith(`${a} `);
}

/**
 * Share an author's family name. A record without authors (an anonymous report, an export that left them out) says
 * nothing against it; two author lists with no family name in common do.
 */
function mayShareAnAuthor(a: WorkIdentity, b: WorkIdentity): boolean {
  if (a.familyKeys.length === 0 || b.familyKeys.length === 0) return true;
  return a.familyKeys.some((family) => b.familyKeys.includes(family));
}

/**
 * Two records are one work when:
 * - they share a DOI and their types are compatible, unless one is a part of a book under a title of its own: chapters
 *   carry their book's DOI (three chapters in bbt-1436-3 share 10.5772/3457 under three titles). Titles are compared
 *   without markup, LaTeX, punctuation or case (`H$_2$O` and `H2O` agree), and a title agrees with itself plus a
 *   subtitle; or
 * - they share title and year, their DOIs do not disagree, their types are compatible and they share an author's
 *   family name where both name authors. Title and year alone are not enough: a book and a journal's review of it,
 *   or two papers of one title by different teams, are different works.
 */
export function isSameWork(a: WorkIdentity, b: WorkIdentity): boolean {
  if (!areCompatibleTypes(a.type, b.type)) return false;
  if (a.doiKey && b.doiKey) {
    if (a.doiKey !== b.doiKey) return false;
    return titlesAgree(a.titleKey, b.titleKey) || !(IN_A_BOOK.has(a.type) || IN_A_BOOK.has(b.type));
  }
  return !!a.titleKey && a.titleKey === b.titleKey && a.issuedYear === b.issuedYear && mayShareAnAuthor(a, b);
}

type WorkIndex<T extends { work: WorkIdentity }> = Map<string, T[]>;

/**
 * Where a record is filed: under its DOI, and under its title and year, split by each author's family name (a record
 * without authors under "anyone", and every record under "all" for the authorless to search). Two records of one
 * title can only be one work if they share a family name or one names nobody, so a file of 10,000 papers of one title
 * by different teams compares each with its few namesakes, not with all the others (that took 20 s).
 */
function filingKeys(work: WorkIdentity): string[] {
  const keys = work.doiKey ? [`doi:${work.doiKey}`] : [];
  if (!work.titleKey) return keys;
  const title = `title:${work.titleKey}|${work.issuedYear ?? ""}`;
  if (work.familyKeys.length === 0) return [...keys, `${title}|anyone`, `${title}|all`];
  return [...keys, ...new Set(work.familyKeys.map((family) => `${title}|by:${family}`)), `${title}|all`];
}

/** Where to look for a record's duplicates: its DOI, then its namesakes and the authorless of its title (or, naming nobody, all of that title). */
function lookupKeys(work: WorkIdentity): string[] {
  const keys = work.doiKey ? [`doi:${work.doiKey}`] : [];
  if (!work.titleKey) return keys;
  const title = `title:${work.titleKey}|${work.issuedYear ?? ""}`;
  if (work.familyKeys.length === 0) return [...keys, `${title}|all`];
  return [...keys, ...new Set(work.familyKeys.map((family) => `${title}|by:${family}`)), `${title}|anyone`];
}

export function addWork<T extends { work: WorkIdentity }>(index: WorkIndex<T>, entry: T): void {
  // Appended in place: a copy per add made 10,000 entries of one title quadratic in memory.
  for (const key of filingKeys(entry.work)) {
    const candidates = index.get(key);
    if (candidates) candidates.push(entry);
    else index.set(key, [entry]);
  }
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

/**
 * The key the database holds unique (`publications.work_key`, migration 0007), so that deposits racing with one work
 * store it once. Two records with one key are always one work by `isSameWork`; the converse need not hold (a record
 * with a DOI and its copy without one are one work with two keys): those are found by the check before the insert,
 * and the key only has to stop the copies that race past that check, which are alike.
 * - With a DOI: the DOI and the shape (compatible types); a part of a book adds its title, since chapters carry
 *   their book's DOI under titles of their own.
 * - Without one: title, year, shape and the first author's family name (so the two share a family name).
 * - Null without a DOI or title: nothing the rules could match.
 * Migration 0007 computes the same keys in SQL for records stored before it: keep the two in step.
 */
export function workKey(work: WorkIdentity): string | null {
  const shape = SHAPES[work.type] ?? "unsaid";
  if (work.doiKey) {
    return IN_A_BOOK.has(work.type) ? `doi+title:${work.doiKey}|${work.titleKey ?? ""}` : `doi:${work.doiKey}|${shape}`;
  }
  if (work.titleKey) return `title:${work.titleKey}|${work.issuedYear ?? ""}|${shape}|${work.familyKeys[0] ?? ""}`;
  return null;
}

/**
 * The key a record keeps when an edit changes its title: a key built from the old title would refuse a later deposit
 * of the work that title now names none of, so only a key that does not hold the title stays.
 */
export function keepWorkKeyAfterRetitle(key: string | null): string | null {
  return key?.startsWith("doi:") ? key : null;
}
