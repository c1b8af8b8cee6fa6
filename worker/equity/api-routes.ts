// HTTP for GET /api/equity/gap-map: the request rules the API and the gap map page share, and the answer's shape.
import { createRoute, z } from "@hono/zod-openapi";
import { EQUITY_FACET_SLUGS, type EquityFacetSlug, PLACE_LEVELS } from "../../schema/equity-vocabulary";
import { createApiApp, problemResponses } from "../api-app";
import { openDatabase } from "../db/client";
import { RepositoryError } from "../errors";
import { equityValue } from "../records/equity";
import { SEARCH_FILTER_FIELDS } from "../search/routes";
import { SEARCH_KINDS } from "../search/search";
import { loadGapMap } from "./equity-pages-data";
import { checkGapMapRequest, DEFAULT_PLACE_LEVEL, type GapMap, type GapMapRequest } from "./gap-map";

const Facet = z.enum(EQUITY_FACET_SLUGS);

/** What /api/equity/gap-map and the page /equity/gaps take, by the same names. */
export const GapMapQuery = z.object({
  rows: Facet.default("population-group").openapi({ description: "The facet down the side." }),
  columns: Facet.default("place").openapi({ description: "The facet across the top; must differ from `rows`." }),
  level: z.enum(PLACE_LEVELS).default(DEFAULT_PLACE_LEVEL).openapi({ description: "Which places a place axis lists." }),
  kind: SEARCH_FILTER_FIELDS.kind,
  within: z
    .string()
    .regex(/^[a-z-]+:[a-z0-9-]+$/u, "facet:value, for example life-course:perinatal")
    .optional()
    .openapi({ description: "Count only items also found under this value, as `facet:value`.", example: "life-course:perinatal" }),
});

/** The query as the gap map takes it: search kind names to item kinds, `within` split and checked. A 422 names what is wrong. */
export function toGapMapRequest(query: z.infer<typeof GapMapQuery>): GapMapRequest {
  const [facet = "", value = ""] = query.within?.split(":") ?? [];
  if (query.within !== undefined && !equityValue(facet, value)) {
    throw new RepositoryError("invalid", `within: there is no value '${value}' in the facet '${facet}'. Every facet and value is listed at /api/equity.`, {
      errors: [{ path: "within", message: `unknown value '${query.within}'` }],
    });
  }
  const request: GapMapRequest = {
    rows: query.rows,
    columns: query.columns,
    level: query.level,
    kinds: [...new Set(query.kind.map((k) => SEARCH_KINDS[k]))],
    within: query.within === undefined ? undefined : { facet: facet as EquityFacetSlug, value },
  };
  checkGapMapRequest(request);
  return request;
}

const AxisJson = z.object({
  facet: Facet,
  name: z.string(),
  level: z.enum(PLACE_LEVELS).nullable().openapi({ description: "For a place axis, which places it lists." }),
  values: z.array(z.object({ slug: z.string(), name: z.string(), total: z.number().int().openapi({ description: "Distinct items in the row or column." }) })),
});

const GapMapJson = z
  .object({
    rows: AxisJson,
    columns: AxisJson,
    counts: z.array(z.array(z.number().int())).openapi({ description: "`counts[r][c]`: distinct public items under row value r and column value c; 0 is a gap." }),
    total: z.number().int().openapi({ description: "Distinct public items in any cell." }),
    within: z.object({ facet: Facet, value: z.string(), name: z.string() }).nullable(),
    kinds: z.array(z.enum(Object.keys(SEARCH_KINDS) as [keyof typeof SEARCH_KINDS])),
    left_out: z.number().int().openapi({ description: "Countries with no items, left out of a country axis." }),
  })
  .openapi("GapMap");

function toGapMapJson(map: GapMap): z.infer<typeof GapMapJson> {
  const axis = (a: GapMap["rows"]) => ({ facet: a.facet, name: a.name, level: a.level, values: a.values.map(({ slug, name, total }) => ({ slug, name, total })) });
  const kindName = new Map(Object.entries(SEARCH_KINDS).map(([name, kind]) => [kind as string, name as keyof typeof SEARCH_KINDS]));
  return {
    rows: axis(map.rows),
    columns: axis(map.columns),
    counts: map.counts,
    total: map.total,
    within: map.within,
    kinds: map.kinds.map((k) => kindName.get(k)!),
    left_out: map.leftOut,
  };
}

export const equityApi = createApiApp();

equityApi.openapi(
  createRoute({
    method: "get",
    path: "/api/equity/gap-map",
    tags: ["Equity"],
    summary: "How many public items each pair of equity values has",
    description:
      "For two facets (say population group by NHS England region), the distinct public items in each cell, 0 included, with row and column totals. An item tagged with several values counts in each of their cells and once in each total. The page /equity/gaps draws the same map.",
    request: { query: GapMapQuery },
    responses: {
      200: { description: "The map", content: { "application/json": { schema: GapMapJson } } },
      ...problemResponses(422),
    },
  }),
  async (c) => c.json(toGapMapJson(await loadGapMap(openDatabase(c.env.DB), toGapMapRequest(c.req.valid("query")))), 200),
);
