// Reads the equity tag picker (web/desk/equity-picker.tsx) back from a desk form: ticked values and countries typed by name or code, as the `equity` the records take.
import { EQUITY_FACET_SLUGS, EQUITY_FACETS } from "../../schema/equity-vocabulary";
import { EQUITY_COUNTRIES_FIELD, EQUITY_PICKER_FIELD, type EquityPickerValues, equityFieldName } from "../../web/desk/equity-picker";
import { type EquityTags, equityFacet, equityValue } from "../records/equity";
import { foldText } from "../records/fold-text";
import { PublicationPatch } from "../records/schemas";

export type EquityFormAnswer = {
  /** The tags to store; undefined when the form had no picker, so the item's tags stay as they are. */
  tags?: EquityTags;
  /** The picker as the form shows it again. */
  values: EquityPickerValues;
  /** Problems by field, for the form's error summary; nothing is stored while there are any. */
  problems: Record<string, string>;
};

/** Every way a country may be typed, folded: its ISO code, its name and its aliases ("UK", "Ivory Coast"). */
const COUNTRY_BY_TYPED = new Map<string, string>(
  EQUITY_FACETS.find((f) => f.slug === "place")!
    .values.filter((v) => v.level === "country")
    .flatMap((v) => [v.slug, v.name, ...(v.aliases ?? [])].map((typed) => [foldText(typed), v.slug] as [string, string])),
);

/** Countries typed into one box, by name or code, separated by commas, semicolons or lines: those known, and the rest as typed. */
export function readTypedCountries(text: string): { found: string[]; unknown: string[] } {
  const found: string[] = [];
  const unknown: string[] = [];
  for (const typed of text.split(/[,;\n]/u).map((t) => t.trim()).filter((t) => t !== "")) {
    const slug = COUNTRY_BY_TYPED.get(foldText(typed));
    if (slug === undefined) unknown.push(typed);
    else if (!found.includes(slug)) found.push(slug);
  }
  return { found, unknown };
}

function quoteList(items: readonly string[]): string {
  const quoted = items.map((i) => `“${i}”`);
  return quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(", ")} and ${quoted[quoted.length - 1]}`;
}

/**
 * The picker's fields from a form read with every value of a repeated field (`list`) and its single fields (`text`).
 * A value not in the vocabulary (a form from before a change) and a country nobody knows by that name are problems
 * named in words; the countries typed stay in their box until every one is known.
 */
export function readEquityForm(list: (name: string) => string[], text: (name: string) => string | undefined): EquityFormAnswer {
  const typed = text(EQUITY_COUNTRIES_FIELD) ?? "";
  const checked: EquityTags = {};
  const problems: Record<string, string> = {};
  for (const facet of EQUITY_FACET_SLUGS) {
    const values = list(equityFieldName(facet));
    const unknown = values.filter((v) => !equityValue(facet, v));
    if (unknown.length > 0) {
      problems[equityFieldName(facet)] = `${quoteList(unknown)} ${unknown.length === 1 ? "is" : "are"} not in the ${equityFacet(facet)!.name.toLowerCase()} list (the form may be out of date): open the page again and tick from its list.`;
    }
    const known = values.filter((v) => equityValue(facet, v));
    if (known.length > 0) checked[facet] = known;
  }
  const countries = readTypedCountries(typed);
  if (countries.unknown.length > 0) {
    problems[EQUITY_COUNTRIES_FIELD] =
      `No country is known as ${quoteList(countries.unknown)}. Type each country's name in English or its two-letter ISO code, separated by commas, such as “Pakistan, IN”.`;
  }
  const tags: EquityTags = { ...checked };
  const places = [...(checked.place ?? []), ...countries.found.filter((c) => !(checked.place ?? []).includes(c))];
  if (places.length > 0) tags.place = places;
  // The API's own limits on how many values a facet may hold, in the form's words.
  const limits = PublicationPatch.safeParse({ equity: tags });
  if (!limits.success) {
    for (const issue of limits.error.issues) {
      const facet = String(issue.path[1] ?? "place");
      problems[equityFieldName(facet)] ??= `Choose fewer ${equityFacet(facet)?.name.toLowerCase() ?? "equity"} tags: ${issue.message}.`;
    }
  }
  const stored = text(EQUITY_PICKER_FIELD) === undefined ? undefined : tags;
  // Known countries move from the box to their ticked boxes once nothing typed is in doubt.
  const values = countries.unknown.length > 0 ? { checked, countries: typed } : { checked: tags, countries: "" };
  return { tags: stored, values, problems };
}

/** Whether two sets of tags are the same, whatever their order. */
export function sameEquityTags(a: EquityTags, b: EquityTags): boolean {
  const canonical = (tags: EquityTags) => EQUITY_FACET_SLUGS.map((f) => [...new Set(tags[f] ?? [])].sort().join(" ")).join("|");
  return canonical(a) === canonical(b);
}

/** The picker's fields from a form body read with every value of each field (`parseBody({ all: true })`). */
export function readEquityFormBody(body: Record<string, unknown>): EquityFormAnswer {
  const values = (name: string) => ([] as unknown[]).concat(body[name] ?? []).filter((v): v is string => typeof v === "string");
  return readEquityForm(values, (name) => values(name)[0]);
}
