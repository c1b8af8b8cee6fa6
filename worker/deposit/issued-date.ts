// Reads a deposited item's date as researchers write it (a year, a range, an open range, "January 1978") into the
// stored date, the year search filters by, the CSL date citations are rendered from, and a warning where it differs.

export type IssuedDate = {
  /** `2020`, `2020-03` or `2020-03-14`: as far as the date is known. */
  issued: string | null;
  issuedYear: number | null;
  /** What the CSL item's `issued` becomes; undefined removes it. */
  csl: { "date-parts": number[][] } | { literal: string } | undefined;
  warning?: string;
};

const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

/** `mar`, `March`, `Sept.` → 3; undefined for anything else. */
function monthNumber(word: string): number | undefined {
  const lower = word.toLowerCase().replace(/\.$/, "");
  if (lower.length < 3) return undefined;
  const index = MONTHS.findIndex((month) => month.startsWith(lower) || (lower === "sept" && month === "september"));
  return index < 0 ? undefined : index + 1;
}

function isYear(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 1000 && (value as number) <= 2999;
}

/** A date's parts as far as they are valid: a month that is no month (13) ends it, and so does a day past 31. */
function validParts(parts: unknown[]): number[] | null {
  const numbers = parts.map(Number);
  if (!isYear(numbers[0])) return null;
  const valid = [numbers[0]];
  if (Number.isInteger(numbers[1]) && numbers[1] >= 1 && numbers[1] <= 12) {
    valid.push(numbers[1]);
    if (Number.isInteger(numbers[2]) && numbers[2] >= 1 && numbers[2] <= 31) valid.push(numbers[2]);
  }
  return valid;
}

function asText(parts: number[]): string {
  return parts.map((n, i) => (i === 0 ? String(n) : String(n).padStart(2, "0"))).join("-");
}

function fromParts(start: number[], csl: IssuedDate["csl"], warning?: string): IssuedDate {
  return { issued: asText(start), issuedYear: start[0], csl, ...(warning ? { warning } : {}) };
}

/** "1982--1983", "1982/83"? Only whole four-digit years on both sides count as a range. */
const YEAR_RANGE = /^\s*(\d{4})\s*(?:-{1,3}|–|—|\/)\s*(\d{4})\s*$/u;

function fromLiteral(literal: string): IssuedDate {
  const range = YEAR_RANGE.exec(literal);
  if (range) {
    const [first, last] = [Number(range[1]), Number(range[2])];
    return fromParts([first], { "date-parts": [[first], [last]] }, `the date "${literal}" is a range: stored as ${first}, cited as ${first}–${last}`);
  }
  const year = /(?:^|\D)(1\d{3}|2\d{3})(?!\d)/.exec(literal);
  if (!year) {
    return { issued: null, issuedYear: null, csl: { literal }, warning: `the date "${literal}" has no year in it: it is cited as written, and the record has no year` };
  }
  const month = literal.match(/\p{L}+\.?/gu)?.map(monthNumber).find((n) => n !== undefined);
  const parts = month ? [Number(year[1]), month] : [Number(year[1])];
  return fromParts(parts, { "date-parts": [parts] }, `the date "${literal}" is text: read as ${asText(parts)}`);
}

/** The CSL `issued` citation-js made of the entry's year, month and date fields. */
export function readIssuedDate(issued: unknown): IssuedDate {
  if (!issued || typeof issued !== "object") return { issued: null, issuedYear: null, csl: undefined };
  const date = issued as { "date-parts"?: unknown[]; literal?: unknown; raw?: unknown };
  const dateParts = date["date-parts"];
  if (Array.isArray(dateParts) && Array.isArray(dateParts[0])) {
    const start = validParts(dateParts[0]);
    if (!start) return { issued: null, issuedYear: null, csl: undefined, warning: `the date ${JSON.stringify(dateParts[0])} has no valid year: the record has no date` };
    const lost = start.length < Math.min(dateParts[0].length, 3) ? `the date ${dateParts[0].join("-")} is not a valid date: stored as ${asText(start)}` : undefined;
    if (dateParts.length < 2) return fromParts(start, { "date-parts": [start] }, lost);
    const end = Array.isArray(dateParts[1]) ? validParts(dateParts[1]) : null;
    // `date = {2015/}` (an open range) comes as [[2015], null], which every CSL style throws on.
    if (!end) return fromParts(start, { "date-parts": [start] }, `the date is an open range from ${asText(start)}: stored and cited as ${asText(start)}`);
    return fromParts(start, { "date-parts": [start, end] }, `the date is a range, ${asText(start)} to ${asText(end)}: stored as ${asText(start)}, cited as the range`);
  }
  const literal = typeof date.literal === "string" ? date.literal : typeof date.raw === "string" ? date.raw : null;
  return literal?.trim() ? fromLiteral(literal.trim()) : { issued: null, issuedYear: null, csl: undefined };
}

/**
 * Any other CSL date (`accessed` from urldate, `original-date` from origdate) closed at its start where it is an
 * open range: citation-js reads `2016/` as [[2016], null], which every CSL style throws on.
 */
export function closeOpenRange(date: unknown): unknown {
  const parts = (date as { "date-parts"?: unknown[] } | null)?.["date-parts"];
  if (!Array.isArray(parts) || parts.length < 2 || Array.isArray(parts[1])) return date;
  return { ...(date as object), "date-parts": [parts[0]] };
}
