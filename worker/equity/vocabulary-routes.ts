// HTTP for GET /api/equity: the equity vocabulary, every facet and value, with how many public items each value has.
import { createRoute, z } from "@hono/zod-openapi";
import { EQUITY_FACET_SLUGS, EQUITY_FACETS, PLACE_LEVELS } from "../../schema/equity-vocabulary";
import { createApiApp, problemResponses } from "../api-app";
import { currentDataVersion } from "../db/data-version";
import { openDatabase } from "../db/client";
import { cachingHeaders, type Freshness, freshnessOf, hashText, isNotModified, notModifiedResponse } from "../http-caching";
import { countKey, type EquityCounts, loadEquityCounts } from "./equity-pages-data";

const EquityValueJson = z.object({
  slug: z.string().openapi({ description: "Stable: used in tags, search filters (`?place=north-west`), feeds and pages", example: "greater-manchester" }),
  name: z.string().openapi({ example: "Greater Manchester" }),
  description: z.string(),
  parent: z.string().nullable().openapi({ description: "The broader value of the same facet: an item tagged with this value is found under its parent too", example: "north-west" }),
  level: z.enum(PLACE_LEVELS).nullable().openapi({ description: "For a place: country, UK nation, NHS England region or integrated care board" }),
  aliases: z.array(z.string()).openapi({ description: "Other names a deposit's BibTeX `keywords` may use for the value (compared without case, accents or punctuation)" }),
  items: z.number().int().openapi({
    description: "Public items found under the value: tagged with it or a narrower value, and lay summaries of publications so tagged, each once",
  }),
});

const EquityVocabularyJson = z
  .object({
    facets: z.array(
      z.object({
        slug: z.enum(EQUITY_FACET_SLUGS),
        name: z.string(),
        description: z.string().openapi({ description: "The facet as the question a reader asks of the evidence" }),
        values: z.array(EquityValueJson),
      }),
    ),
  })
  .openapi("EquityVocabulary");

const EquityVocabularyQuery = z.object({
  facet: z.enum(EQUITY_FACET_SLUGS).optional().openapi({ description: "Only this facet" }),
});

type EquityVocabulary = z.infer<typeof EquityVocabularyJson>;

function shapeVocabulary(counts: EquityCounts, facet: string | undefined): EquityVocabulary {
  return {
    facets: EQUITY_FACETS.filter((f) => facet === undefined || f.slug === facet).map((f) => ({
      slug: f.slug,
      name: f.name,
      description: f.description,
      values: f.values.map((v) => ({
        slug: v.slug,
        name: v.name,
        description: v.description,
        parent: v.parent ?? null,
        level: v.level ?? null,
        aliases: [...(v.aliases ?? [])],
        items: counts.get(countKey(f.slug, v.slug)) ?? 0,
      })),
    })),
  };
}

/** The vocabulary is code: a deploy that changes it changes the answer with no change to the data, and so its ETag. */
let vocabularyTag: string | undefined;

/** The data version's validators (as the feeds have), marked with the vocabulary they describe. */
function vocabularyFreshness(freshness: Freshness): Freshness {
  vocabularyTag ??= hashText(JSON.stringify(EQUITY_FACETS));
  return { ...freshness, etag: freshness.etag.replace(/^"/u, `"equity.${vocabularyTag}.`) };
}

export const equityVocabularyApi = createApiApp();

equityVocabularyApi.openapi(
  createRoute({
    method: "get",
    path: "/api/equity",
    tags: ["Equity"],
    summary: "The equity vocabulary, with counts",
    description:
      "Every facet (population group, protected characteristic, socioeconomic position, life-course stage, place) and its values, with the number of public items found under each. Value slugs are what `equity` fields, search filters (`/api/search?place=north-west&life-course=perinatal`), feeds (`/feeds/equity/place/north-west.rss`) and pages (`/equity/place/north-west`) take. Cacheable: `ETag` and `Last-Modified` follow the repository's data, and a conditional request for an unchanged answer gets 304.",
    request: { query: EquityVocabularyQuery },
    responses: {
      200: { description: "The vocabulary", content: { "application/json": { schema: EquityVocabularyJson } } },
      304: { description: "Unchanged since the copy the client holds (`If-None-Match` or `If-Modified-Since`)" },
      ...problemResponses(422),
    },
  }),
  async (c) => {
    const db = openDatabase(c.env.DB);
    const freshness = vocabularyFreshness(freshnessOf(await currentDataVersion(db), new URL(c.req.url)));
    if (isNotModified(c, freshness)) return notModifiedResponse(freshness);
    const counts = await loadEquityCounts(db);
    return c.json(shapeVocabulary(counts, c.req.valid("query").facet), 200, cachingHeaders(freshness));
  },
);
