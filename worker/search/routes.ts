// HTTP for GET /api/search and GET /api/suggest: request rules, answer shapes and their OpenAPI description.
import { createRoute, z } from "@hono/zod-openapi";
import { EQUITY_FACET_SLUGS, EQUITY_FACETS, type EquityFacetSlug } from "../../schema/equity-vocabulary";
import { createApiApp, problemResponses } from "../api-app";
import { openDatabase } from "../db/client";
import { SEARCH_KINDS, type SearchKind, searchItems } from "./search";
import { MAX_EQUITY_COUNTED } from "./queries";
import { unlessSearchFails } from "./search-outage";
import { MAX_SUGGESTIONS, suggest } from "./suggest";

const KIND_NAMES = Object.keys(SEARCH_KINDS) as [SearchKind, ...SearchKind[]];

/** A parameter that may be repeated (`?kind=briefing&kind=publication`) or comma-separated (`?kind=briefing,publication`). */
function repeatable<T extends z.ZodType<unknown, string>>(item: T, description: string) {
  return z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((value) => (value === undefined ? [] : [value].flat().flatMap((v) => v.split(",")).map((v) => v.trim()).filter((v) => v !== "")))
    .pipe(z.array(item))
    .openapi({ description, type: "array", items: { type: "string" } });
}

const Year = z.coerce.number().int().min(1000).max(9999);

/**
 * One parameter per equity facet (`?life-course=perinatal&place=north-west`), each repeatable, every value required:
 * slugs here, checked against the vocabulary by the search itself (worker/search/equity-search.ts), so the API, the
 * page and the feeds answer an unknown value alike.
 */
const EQUITY_FILTER_FIELDS = Object.fromEntries(
  EQUITY_FACETS.map((facet) => [
    facet.slug,
    repeatable(
      z.string().regex(/^[a-z0-9-]+$/u, `a ${facet.name.toLowerCase()} slug (every one is listed at /api/equity)`),
      `${facet.description} A ${facet.name.toLowerCase()} slug from /api/equity; repeat for several (all of them). Finds items tagged with it or a narrower value, and plain-language summaries of publications so tagged.`,
    ),
  ]),
) as Record<EquityFacetSlug, ReturnType<typeof repeatable<z.ZodString>>>;

/** What selects items in a search, shared by /api/search and the search feeds (/feeds/search.rss and the others). */
export const SEARCH_FILTER_FIELDS = {
  q: z.string().max(500).optional().openapi({
    description:
      'Words (all must match), "exact phrases", -excluded words, OR between alternatives, `title:`, `author:` and `doi:` prefixes, a trailing `*` for a prefix. Accents and case do not matter. Without `q`, every public item.',
    example: "debt anxiety",
  }),
  kind: repeatable(z.enum(KIND_NAMES), "publication, briefing or lay-summary; repeat for several."),
  topic: repeatable(z.string().regex(/^[a-z0-9-]+$/u, "a topic slug"), "A topic slug; repeat for several (any of them)."),
  year_from: Year.optional(),
  year_to: Year.optional(),
  person: z.string().max(64).optional().openapi({ description: "A person's id, or their ORCID iD." }),
  lang: z
    .string()
    .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/u, "a language tag such as en or cy")
    .optional()
    .openapi({ description: "A language tag: `en` also finds `en-GB`." }),
  ...EQUITY_FILTER_FIELDS,
};

/** `year_from` must not come after `year_to`: for `.refine` on any query with the filter fields. */
export const YEARS_IN_ORDER: [(query: { year_from?: number; year_to?: number }) => boolean, { message: string; path: string[] }] = [
  (query) => query.year_from === undefined || query.year_to === undefined || query.year_from <= query.year_to,
  { message: "year_from is after year_to", path: ["year_from"] },
];

/** The query /api/search takes; bench/worker-sql.mjs reads its searches' URLs through it too. */
export const SearchQuery = z
  .object({
    ...SEARCH_FILTER_FIELDS,
    sort: z.enum(["relevance", "newest", "oldest"]).default("relevance"),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(200).optional().openapi({ description: "The `next_cursor` of the previous page." }),
    equity_counts: z
      .enum(["true", "false"])
      .default("false")
      .transform((value) => value === "true")
      .openapi({
        description: `\`true\` adds \`facets.equity\`: how many results carry each equity value, every filter on. Counted over at most ${MAX_EQUITY_COUNTED.toLocaleString("en-GB")} results (null beyond: narrow the search), so asked for rather than always given.`,
      }),
  })
  .refine(...YEARS_IN_ORDER);

const SearchHitJson = z
  .object({
    kind: z.enum(KIND_NAMES),
    id: z.string(),
    title: z.string(),
    url: z.string().openapi({ description: "The item's page (`/publications/<id>` and so on); its JSON is at `/api` followed by the same path." }),
    year: z.number().int().nullable(),
    language: z.string().nullable().openapi({ description: "The item's language tag as deposited (`en`, `cy`, `ur`); null where none was given.", example: "cy" }),
    authors: z.array(z.string()),
    snippet: z.string().openapi({ description: "Escaped HTML: the best passage, with matched words in `<mark>`." }),
    score: z.number().nullable().openapi({ description: "Relevance (higher is better); null when no words were searched for." }),
    matched_in: z.array(z.enum(["title", "authors", "text", "subjects", "doi"])).openapi({ description: "Where the words matched." }),
    matched_equity: z
      .array(
        z.object({
          facet: z.enum(EQUITY_FACET_SLUGS),
          value: z.string(),
          label: z.string(),
          via: z.object({ value: z.string(), label: z.string(), from: z.enum(["item", "publication"]) }).optional(),
        }),
      )
      .optional()
      .openapi({
        description:
          "With equity filters: for each filter, the tag the item was found through when it is not the value itself (a narrower place, or for a plain-language summary its publication's tag).",
      }),
  })
  .openapi("SearchHit");

const FacetCount = <T extends z.ZodTypeAny>(value: T) => z.object({ value, count: z.number().int() });

const SearchAnswerJson = z
  .object({
    total: z.number().int(),
    items: z.array(SearchHitJson),
    facets: z.object({
      kind: z.array(FacetCount(z.enum(KIND_NAMES))),
      topic: z.array(FacetCount(z.string()).extend({ label: z.string() })),
      year: z.array(FacetCount(z.number().int())),
      language: z.array(FacetCount(z.string())).openapi({ description: "Language tags in lower case, counted as if `lang` were not given." }),
      equity: z
        .record(z.enum(EQUITY_FACET_SLUGS), z.array(FacetCount(z.string()).extend({ label: z.string(), level: z.string().optional() })))
        .nullable()
        .optional()
        .openapi({ description: "Only with `equity_counts=true`: by facet, each value's count among the results with every filter on (what adding it would find); null when there are too many results to count." }),
    }),
    next_cursor: z.string().nullable(),
    did_you_mean: z.string().optional().openapi({ description: "When little or nothing matched: the query spelt as the repository spells it." }),
  })
  .openapi("SearchAnswer");

const SuggestionJson = z
  .object({
    type: z.enum(["title", "person", "topic"]),
    label: z.string(),
    url: z.string(),
    kind: z.enum(KIND_NAMES).optional(),
    id: z.string().optional(),
  })
  .openapi("Suggestion");

export const searchApi = createApiApp();

searchApi.openapi(
  createRoute({
    method: "get",
    path: "/api/search",
    tags: ["Search"],
    summary: "Search published publications, briefings and lay summaries",
    description:
      "Ranked by BM25 with the title weighted above the text. Facet counts cover the whole result set, each counted as if its own filter were off.",
    request: { query: SearchQuery },
    responses: {
      200: { description: "One page of results", content: { "application/json": { schema: SearchAnswerJson } } },
      ...problemResponses(422, 503),
    },
  }),
  async (c) => c.json(await unlessSearchFails(() => searchItems(openDatabase(c.env.DB), c.req.valid("query"), (work) => c.executionCtx.waitUntil(work))), 200),
);

searchApi.openapi(
  createRoute({
    method: "get",
    path: "/api/suggest",
    tags: ["Search"],
    summary: "Suggestions as you type",
    description: `Topics, people and titles for what has been typed so far, typo tolerant, at most ${MAX_SUGGESTIONS}.`,
    request: { query: z.object({ q: z.string().max(200).default("") }) },
    responses: {
      200: { description: "Suggestions, topics first, then people, then titles", content: { "application/json": { schema: z.object({ suggestions: z.array(SuggestionJson) }) } } },
      ...problemResponses(422, 503),
    },
  }),
  async (c) => c.json({ suggestions: await unlessSearchFails(() => suggest(openDatabase(c.env.DB), c.req.valid("query").q, (work) => c.executionCtx.waitUntil(work))) }, 200),
);
