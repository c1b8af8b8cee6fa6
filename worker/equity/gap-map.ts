// The gap map: how many public items each pair of equity values has (say population group by NHS region), in one statement.
import { sql, type SQL } from "drizzle-orm";
import { PLACE_LEVEL_NAMES, type EquityFacetSlug, type EquityValueDefinition, type PlaceLevel } from "../../schema/equity-vocabulary";
import type { ItemKind } from "../../schema/vocabularies";
import { asJsonParameter } from "../db/client";
import { RepositoryError } from "../errors";
import { equityFacet, equityValue } from "../records/equity";
import { isPublicNow } from "../records/public-documents";
import { KIND_OF } from "../search/search";

/** A place axis is drawn from one level of places; the map's default is the NHS England regions. */
export const DEFAULT_PLACE_LEVEL: PlaceLevel = "nhs-region";

export type GapMapRequest = {
  rows: EquityFacetSlug;
  columns: EquityFacetSlug;
  /** Which places a place axis lists. */
  level: PlaceLevel;
  /** Only items of these kinds (none: every kind). */
  kinds: readonly ItemKind[];
  /** Only items found under this value too (`life-course:perinatal`). */
  within?: { facet: EquityFacetSlug; value: string };
};

export type GapMapAxis = { facet: EquityFacetSlug; name: string; level: PlaceLevel | null; values: { slug: string; name: string; parent: string | null; total: number }[] };

export type GapMap = {
  rows: GapMapAxis;
  columns: GapMapAxis;
  /** `counts[r][c]`: distinct public items found under row value r and column value c; 0 is a gap. */
  counts: number[][];
  /** Distinct public items in any cell (an item in several cells counts once). */
  total: number;
  within: { facet: EquityFacetSlug; value: string; name: string } | null;
  kinds: ItemKind[];
  /** Countries are listed only where they have items: the other 200-odd would hide the map. */
  leftOut: number;
};

export type GapMapCountRow = { row_value: string | null; column_value: string | null; items: number };

/** The values an axis may list: a place axis one level of places, any other facet all its values in the vocabulary's order. */
function candidateValues(facet: EquityFacetSlug, level: PlaceLevel): readonly EquityValueDefinition[] {
  const values = equityFacet(facet)!.values;
  return facet === "place" ? values.filter((v) => v.level === level) : values;
}

/** Rows and columns must be two facets: a 422 otherwise, saying what to choose. */
export function checkGapMapRequest(request: GapMapRequest): void {
  if (request.rows === request.columns) {
    throw new RepositoryError("invalid", `Rows and columns are both '${request.rows}': choose two different facets, for example rows=population-group and columns=place.`, {
      errors: [{ path: "columns", message: "must differ from rows" }],
    });
  }
}

/**
 * One statement: the cells (an item once per pair of row and column values it is found under, through the view that adds
 * broader places and a lay summary's paper's tags), then the counts by cell, by row, by column and overall, each counting
 * distinct items, so an item tagged with two regions is one item in each region's column and one in its row's total.
 * Value lists go in as one JSON parameter each, so the statement binds at most 11 parameters whatever the axes.
 */
export function gapMapQuery(request: GapMapRequest, now: string): SQL {
  const chosen = [isPublicNow(now)];
  if (request.kinds.length > 0) chosen.push(sql`d.kind IN (SELECT value FROM json_each(${asJsonParameter(request.kinds)}))`);
  if (request.within) {
    chosen.push(sql`d.item_id IN (SELECT item_id FROM item_equity_tags WHERE facet = ${request.within.facet} AND value = ${request.within.value})`);
  }
  const rowValues = candidateValues(request.rows, request.level).map((v) => v.slug);
  const columnValues = candidateValues(request.columns, request.level).map((v) => v.slug);
  return sql`WITH cells AS (
      SELECT r.item_id, r.value AS row_value, c.value AS column_value
      FROM item_equity_tags AS r JOIN item_equity_tags AS c ON c.item_id = r.item_id
      WHERE r.facet = ${request.rows} AND r.value IN (SELECT value FROM json_each(${asJsonParameter(rowValues)}))
        AND c.facet = ${request.columns} AND c.value IN (SELECT value FROM json_each(${asJsonParameter(columnValues)}))
        AND r.item_id IN (SELECT d.item_id FROM search_documents AS d WHERE ${sql.join(chosen, sql` AND `)})
    )
    SELECT row_value, column_value, count(DISTINCT item_id) AS items FROM cells GROUP BY row_value, column_value
    UNION ALL SELECT row_value, NULL, count(DISTINCT item_id) FROM cells GROUP BY row_value
    UNION ALL SELECT NULL, column_value, count(DISTINCT item_id) FROM cells GROUP BY column_value
    UNION ALL SELECT NULL, NULL, count(DISTINCT item_id) FROM cells`;
}

/** The counts laid out on the vocabulary's values, every cell present (0 where nothing was counted). */
export function shapeGapMap(request: GapMapRequest, rows: readonly GapMapCountRow[]): GapMap {
  const cell = new Map<string, number>();
  const rowTotals = new Map<string, number>();
  const columnTotals = new Map<string, number>();
  let total = 0;
  for (const row of rows) {
    if (row.row_value !== null && row.column_value !== null) cell.set(`${row.row_value}\n${row.column_value}`, row.items);
    else if (row.row_value !== null) rowTotals.set(row.row_value, row.items);
    else if (row.column_value !== null) columnTotals.set(row.column_value, row.items);
    else total = row.items;
  }
  const axis = (facet: EquityFacetSlug, totals: Map<string, number>): GapMapAxis & { leftOut: number } => {
    const isPlace = facet === "place";
    const candidates = candidateValues(facet, request.level);
    const shown = isPlace && request.level === "country" ? candidates.filter((v) => (totals.get(v.slug) ?? 0) > 0) : candidates;
    return {
      facet,
      name: isPlace ? PLACE_LEVEL_NAMES[request.level].many : equityFacet(facet)!.name,
      level: isPlace ? request.level : null,
      values: shown.map((v) => ({ slug: v.slug, name: v.name, parent: isPlace ? null : (v.parent ?? null), total: totals.get(v.slug) ?? 0 })),
      leftOut: candidates.length - shown.length,
    };
  };
  const { leftOut: rowsLeftOut, ...rowAxis } = axis(request.rows, rowTotals);
  const { leftOut: columnsLeftOut, ...columnAxis } = axis(request.columns, columnTotals);
  const within = request.within ? { ...request.within, name: equityValue(request.within.facet, request.within.value)!.name } : null;
  return {
    rows: rowAxis,
    columns: columnAxis,
    counts: rowAxis.values.map((r) => columnAxis.values.map((c) => cell.get(`${r.slug}\n${c.slug}`) ?? 0)),
    total,
    within,
    kinds: [...request.kinds],
    leftOut: rowsLeftOut + columnsLeftOut,
  };
}

/** The map without its rows that have no items, and those rows' names: a value's page shows what there is first. */
export function withoutEmptyRows(map: GapMap): { map: GapMap; emptyRows: string[] } {
  const kept = map.rows.values.flatMap((row, r) => (row.total > 0 ? [r] : []));
  return {
    map: { ...map, rows: { ...map.rows, values: kept.map((r) => map.rows.values[r]) }, counts: kept.map((r) => map.counts[r]) },
    emptyRows: map.rows.values.filter((row) => row.total === 0).map((row) => row.name),
  };
}

/** The search that lists one cell's items: the two values, the map's `within` and kinds, as /search takes them. */
export function cellSearchHref(map: Pick<GapMap, "within" | "kinds" | "rows" | "columns">, rowValue: string, columnValue: string): string {
  const query = new URLSearchParams();
  if (map.within) query.append(map.within.facet, map.within.value);
  query.append(map.rows.facet, rowValue);
  query.append(map.columns.facet, columnValue);
  for (const kind of map.kinds) query.append("kind", KIND_OF[kind]);
  return `/search?${query}`;
}
