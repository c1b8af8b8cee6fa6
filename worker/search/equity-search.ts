// The equity lens in search: the filters a request names checked against the vocabulary, each value's count among the
// results, and the few words that say which of a result's tags matched.
import { EQUITY_FACET_SLUGS, type EquityFacetSlug } from "../../schema/equity-vocabulary";
import { broaderValues, equityValue, type EquityTags } from "../records/equity";
import { RepositoryError } from "../errors";
import { type EquityCountRow, type EquityFilter, MAX_EQUITY_COUNTED } from "./queries";

/** One value's count among a search's results; `level` says how wide a place is (country, nation, nhs-region, icb). */
export type EquityValueCount = { value: string; label: string; count: number; level?: string };
/** Counts by facet, every facet present (empty where no result is tagged in it). */
export type EquityCounts = Record<EquityFacetSlug, EquityValueCount[]>;

/** Why a result matched one equity filter: the value asked for, and the tag it was found through when not that value. */
export type EquityMatch = { facet: EquityFacetSlug; value: string; label: string; via?: { value: string; label: string; from: "item" | "publication" } };

/**
 * The request's equity filters, every value checked: an unknown one is a 422 (on the page, the form again) naming each
 * value and its parameter, and where the known ones are listed.
 */
/**
 * At most this many equity values in one search: each binds four parameters in each statement, and D1 refuses a
 * statement with more than 100 (25 values would reach 102). A reader narrowing by who and where uses three or four.
 */
export const MAX_EQUITY_FILTERS = 12;

export function readEquityFilters(request: EquityTags): EquityFilter[] {
  const filters: EquityFilter[] = [];
  const errors: { path: string; message: string }[] = [];
  for (const facet of EQUITY_FACET_SLUGS) {
    for (const value of new Set(request[facet] ?? [])) {
      if (equityValue(facet, value) === undefined) errors.push({ path: facet, message: `'${value}' is not a ${facet} value: every value is listed at /api/equity` });
      else filters.push({ facet, value });
    }
  }
  if (filters.length > MAX_EQUITY_FILTERS) {
    throw new RepositoryError("invalid", `A search takes at most ${MAX_EQUITY_FILTERS} values of population group, protected characteristic, socioeconomic position, life-course stage and place together; this one has ${filters.length}. Choose the ones that matter most.`, {
      errors: [{ path: "equity", message: `at most ${MAX_EQUITY_FILTERS} values` }],
    });
  }
  if (errors.length > 0) {
    throw new RepositoryError("invalid", `Unknown equity value: ${errors.map((e) => `${e.path}: ${e.message}`).join("; ")}.`, { errors });
  }
  return filters;
}

/** The counts query's rows as the answer gives them, largest first; null when there were more results than were counted. */
export function equityCountsFrom(rows: readonly EquityCountRow[]): EquityCounts | null {
  const counted = rows.find((r) => r.facet === null)?.count ?? 0;
  if (counted > MAX_EQUITY_COUNTED) return null;
  const counts = Object.fromEntries(EQUITY_FACET_SLUGS.map((facet) => [facet, [] as EquityValueCount[]])) as EquityCounts;
  for (const row of rows) {
    if (row.facet === null || row.value === null) continue;
    const known = equityValue(row.facet, row.value);
    if (known === undefined) continue;
    counts[row.facet].push({ value: row.value, label: known.name, count: row.count, ...(known.level ? { level: known.level } : {}) });
  }
  for (const facet of EQUITY_FACET_SLUGS) counts[facet].sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
  return counts;
}

/**
 * For each equity filter, the tag of a result (or of its paper) that satisfies it: the value itself, else the narrowest
 * chosen value under it ("North West, via Greater Manchester"). `tagsJson` is the page row's `equity_tags`.
 */
export function equityMatchesOf(tagsJson: string | null, filters: readonly EquityFilter[]): EquityMatch[] {
  if (tagsJson === null || filters.length === 0) return [];
  const tags = (JSON.parse(tagsJson) as [EquityFacetSlug, string, 0 | 1][]).map(([facet, value, own]) => ({ facet, value, from: own ? ("item" as const) : ("publication" as const) }));
  return filters.map(({ facet, value }) => {
    const label = equityValue(facet, value)?.name ?? value;
    const exact = tags.find((t) => t.facet === facet && t.value === value);
    if (exact?.from === "item") return { facet, value, label };
    const under = tags.filter((t) => t.facet === facet && broaderValues(facet, t.value).some((b) => b.slug === value));
    const via = under.find((t) => t.from === "item") ?? exact ?? under[0];
    if (via === undefined) return { facet, value, label };
    return { facet, value, label, via: { value: via.value, label: equityValue(facet, via.value)?.name ?? via.value, from: via.from } };
  });
}

/** The equity filters in words, facet by facet ("Perinatal", "North West and London"): for a feed's title. */
export function describeEquityFilters(request: EquityTags): string[] {
  return EQUITY_FACET_SLUGS.filter((facet) => (request[facet] ?? []).length > 0).map((facet) =>
    [...new Set(request[facet])].map((value) => equityValue(facet, value)?.name ?? value).join(" and "),
  );
}
