// What the equity pages read: public item counts by value, one value's page (its items and its cross table), the gap map.
import { sql, type SQL } from "drizzle-orm";
import { EQUITY_FACETS, type EquityFacetSlug, type EquityValueDefinition } from "../../schema/equity-vocabulary";
import { asJsonParameter, type Database, nowIso, readBatch } from "../db/client";
import { type BrowsePage, decodeBrowseCursor, type ItemRow, itemPageQuery, toPage } from "../records/browse";
import { broaderValues, equityFacet, equityItemIdsQuery, equityValue, narrowerValues } from "../records/equity";
import { isPublicNow } from "../records/public-documents";
import { DEFAULT_PLACE_LEVEL, type GapMap, type GapMapCountRow, gapMapQuery, type GapMapRequest, shapeGapMap, withoutEmptyRows } from "./gap-map";

/** Public items by facet and value, `${facet}/${value}` → count; a value with none is absent. */
export type EquityCounts = Map<string, number>;

export const countKey = (facet: string, value: string) => `${facet}/${value}`;

/**
 * How many public items each value has, counting narrower values' items and a lay summary's paper's tags (the view), each
 * item once per value. One grouped pass over the tags of public items; `facets` narrows it (the home page counts two
 * facets, and places' implied rows are most of the tags).
 */
export function equityCountsQuery(now: string, facets?: readonly EquityFacetSlug[]): SQL {
  return sql`SELECT t.facet, t.value, count(DISTINCT t.item_id) AS items
    FROM item_equity_tags AS t JOIN search_documents AS d ON d.item_id = t.item_id
    WHERE ${isPublicNow(now)} ${facets ? sql`AND t.facet IN (SELECT value FROM json_each(${asJsonParameter(facets)}))` : sql``}
    GROUP BY t.facet, t.value`;
}

export type EquityCountRow = { facet: string; value: string; items: number };

export function toEquityCounts(rows: readonly EquityCountRow[]): EquityCounts {
  return new Map(rows.map((r) => [countKey(r.facet, r.value), r.items]));
}

export async function loadEquityCounts(db: Database): Promise<EquityCounts> {
  return toEquityCounts(await db.all<EquityCountRow>(equityCountsQuery(nowIso())));
}

export type EquityValueLink = { facet: EquityFacetSlug; slug: string; name: string; count: number };

/**
 * The cross table a value's page shows, so a journalist's next question is one click: a life-course stage by population
 * group, a population group by life-course stage, any other value by population group, each across NHS England regions;
 * a place by population group and life-course stage.
 */
export function crossTableFor(facet: EquityFacetSlug, value: string): GapMapRequest {
  const within = { facet, value };
  const base = { level: DEFAULT_PLACE_LEVEL, kinds: [], within };
  if (facet === "place") return { ...base, rows: "population-group", columns: "life-course" };
  if (facet === "population-group") return { ...base, rows: "life-course", columns: "place" };
  return { ...base, rows: "population-group", columns: "place" };
}

export type EquityValuePageData = {
  facet: { slug: EquityFacetSlug; name: string };
  value: EquityValueDefinition;
  count: number;
  broader: EquityValueLink[];
  narrower: EquityValueLink[];
  page: BrowsePage;
  /** The cross table's rows that have items; `emptyRows` names the others. */
  crossTable: GapMap;
  emptyRows: string[];
};

/** One value's page in one round trip: counts (its own, broader and narrower values), a page of its items, its cross table. */
export async function findEquityValuePage(db: Database, facet: string, value: string, cursor: string | undefined): Promise<EquityValuePageData | undefined> {
  const definition = equityValue(facet, value);
  if (!definition) return undefined;
  const facetSlug = facet as EquityFacetSlug;
  const list = `equity:${facet}:${value}`;
  const now = nowIso();
  const crossRequest = crossTableFor(facetSlug, value);
  const [countRows, rows, cells] = await readBatch<[EquityCountRow, ItemRow, GapMapCountRow]>(db, [
    equityCountsQuery(now),
    itemPageQuery(sql`d.item_id IN (${equityItemIdsQuery(facetSlug, value)})`, now, decodeBrowseCursor(list, cursor)),
    gapMapQuery(crossRequest, now),
  ]);
  const counts = toEquityCounts(countRows);
  const link = (v: EquityValueDefinition): EquityValueLink => ({ facet: facetSlug, slug: v.slug, name: v.name, count: counts.get(countKey(facet, v.slug)) ?? 0 });
  return {
    facet: { slug: facetSlug, name: equityFacet(facet)!.name },
    value: definition,
    count: counts.get(countKey(facet, value)) ?? 0,
    broader: broaderValues(facetSlug, value).reverse().map(link),
    narrower: narrowerValues(facetSlug, value).map(link),
    page: toPage(list, rows),
    ...crossTableParts(shapeGapMap(crossRequest, cells)),
  };
}

function crossTableParts(full: GapMap): { crossTable: GapMap; emptyRows: string[] } {
  const { map, emptyRows } = withoutEmptyRows(full);
  return { crossTable: map, emptyRows };
}

export type EquityIndexFacet = { slug: EquityFacetSlug; name: string; description: string; groups: { heading: string | null; values: (EquityValueLink & { narrower: EquityValueLink[] })[] }[] };

/**
 * Every facet with its values and their counts. Places are grouped as a reader looks for them: the UK nations, the NHS
 * England regions each with its integrated care boards, then the countries that have items (not 249, mostly empty).
 */
export function shapeEquityIndex(counts: EquityCounts): EquityIndexFacet[] {
  return EQUITY_FACETS.map((facet) => {
    const link = (v: EquityValueDefinition): EquityValueLink => ({ facet: facet.slug, slug: v.slug, name: v.name, count: counts.get(countKey(facet.slug, v.slug)) ?? 0 });
    const withNarrower = (v: EquityValueDefinition) => ({ ...link(v), narrower: narrowerValues(facet.slug, v.slug).map(link) });
    if (facet.slug !== "place") {
      return { slug: facet.slug, name: facet.name, description: facet.description, groups: [{ heading: null, values: facet.values.filter((v) => !v.parent).map(withNarrower) }] };
    }
    const atLevel = (level: string) => facet.values.filter((v) => v.level === level);
    const countries = atLevel("country").map(link).filter((v) => v.count > 0);
    return {
      slug: facet.slug,
      name: facet.name,
      description: facet.description,
      groups: [
        { heading: "UK nations", values: atLevel("nation").map((v) => ({ ...link(v), narrower: [] })) },
        { heading: "NHS England regions and their integrated care boards", values: atLevel("nhs-region").map(withNarrower) },
        { heading: "Countries with items", values: countries.map((v) => ({ ...v, narrower: [] })) },
      ],
    };
  });
}

/** The gap map for a request already checked (checkGapMapRequest). */
export async function loadGapMap(db: Database, request: GapMapRequest): Promise<GapMap> {
  return shapeGapMap(request, await db.all<GapMapCountRow>(gapMapQuery(request, nowIso())));
}

/** The values the home page offers as a first click: life-course stages and population groups (broadest), with counts. */
/** The facets the home page links to: its first click. */
export const HOME_EQUITY_FACETS: readonly EquityFacetSlug[] = ["life-course", "population-group"];

export function homeEquityLinks(counts: EquityCounts): { lifeCourse: EquityValueLink[]; populationGroups: EquityValueLink[] } {
  const top = (slug: EquityFacetSlug) =>
    equityFacet(slug)!.values.filter((v) => !v.parent).map((v) => ({ facet: slug, slug: v.slug, name: v.name, count: counts.get(countKey(slug, v.slug)) ?? 0 }));
  return { lifeCourse: top("life-course"), populationGroups: top("population-group") };
}
