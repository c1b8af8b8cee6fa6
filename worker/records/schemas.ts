// The records API's request and response schemas: they validate requests and generate /api/openapi.json alike.
import { z } from "@hono/zod-openapi";
import { LIFECYCLE_STATUSES } from "../../schema/vocabularies";
import { isId } from "../db/ids";
import { removeControlCharacters, toStorableLink } from "./clean-text";

export const ItemId = z
  .string()
  .refine(isId, { message: "Not an item id: ids are 26 characters such as 01JD3Q7Z8K5V2M4N6P8R0T2W4Y." })
  .openapi({ param: { name: "id", in: "path" }, example: "01JD3Q7Z8K5V2M4N6P8R0T2W4Y" });
export const IdParams = z.object({ id: ItemId });

/** A BCP 47 language tag, canonicalised (`EN-gb` becomes `en-GB`). */
export const LanguageTag = z
  .string()
  .min(2)
  .max(35)
  .transform((value, ctx) => {
    try {
      return Intl.getCanonicalLocales(value)[0];
    } catch {
      ctx.addIssue({ code: "custom", message: `'${value}' is not a BCP 47 language tag (try 'en', 'cy' or 'ur-PK').` });
      return z.NEVER;
    }
  })
  .openapi({ type: "string", example: "en-GB" });

/**
 * Text a reader will see: control and direction-override characters are removed before any other rule (clean-text.ts),
 * so a title of only such characters is as empty as a blank one.
 */
const DisplayText = () => z.string().overwrite(removeControlCharacters);

/** A link to store: an http or https address (or doi:), never `javascript:` or `data:`. */
const WebLink = z.url({ protocol: /^(?:https?|doi)$/u, message: "Use an http or https address, such as https://example.org/paper." })
  .refine((value) => toStorableLink(value) !== null, { message: "Use an http or https address, such as https://example.org/paper." });

const IsoDateTime = z.iso.datetime({ offset: true, message: "Use an ISO 8601 date and time, such as 2026-12-01T09:00:00Z." })
  .transform((value) => new Date(value).toISOString());
const TopicSlugs = z.array(z.string().min(1).max(80)).max(20).openapi({ example: ["income-debt-poverty"] });
/** Equity tags by facet (schema/equity-vocabulary.ts); unknown facets and values are a 422 from worker/records/equity.ts. */
const EquityTagsInput = z
  .record(z.string().max(40), z.array(z.string().min(1).max(80)).max(60))
  .openapi({
    description: "The item's equity tags: value slugs by facet, all listed at /api/equity. Broader places are implied (Greater Manchester is found under North West).",
    example: { "life-course": ["perinatal"], "population-group": ["minority-ethnic-communities"], place: ["greater-manchester"] },
  });
const EquityTagsJson = z
  .record(z.string(), z.array(z.string()))
  .openapi({ description: "The equity tags chosen for the item, value slugs by facet (/api/equity names them); broader places they imply are not repeated." });
const DraftOrSubmitted = z.enum(["draft", "submitted"]);

export const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20).openapi({ description: "Items per page, 1 to 100." }),
  cursor: ItemId.optional().openapi({ param: { name: "cursor", in: "query" }, description: "The `next_cursor` of the previous page." }),
  status: z.enum(LIFECYCLE_STATUSES).optional().openapi({ description: "Needs a token: editors see every item in that status, depositors their own." }),
});

export const PublishBody = z.object({ publish_at: IsoDateTime.optional().openapi({ description: "Embargo: stays out of public view until then." }) }).strict();
export const WithdrawBody = z.object({ reason: DisplayText().trim().min(3).max(2000).openapi({ example: "Retracted by the journal: data error." }) }).strict();

const Lifecycle = {
  status: z.enum(LIFECYCLE_STATUSES),
  publish_at: z.string().nullable(),
  withdrawn_at: z.string().nullable(),
  withdrawal_reason: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
};
const TopicRef = z.object({ slug: z.string(), name: z.string() });
const PersonRef = z.object({ id: z.string(), name: z.string(), orcid: z.string().nullable() });
const PublicationRef = z.object({ id: z.string(), title: z.string().nullable() });

export const PublicationJson = z
  .object({
    kind: z.literal("publication"),
    id: z.string(),
    type: z.string().openapi({ description: "CSL item type", example: "article-journal" }),
    title: z.string().nullable().openapi({
      description: "Plain text. An entry deposited without a title is shown by its titleaddon, booktitle or note, else \"Untitled\"; null only in older records",
    }),
    title_html: z.string().nullable().openapi({
      description:
        "The title as the deposit marked it up, as HTML holding only i, b, sub, sup and span class=\"small-caps\" (all text escaped); null when the title is plain. `title` is its plain text.",
      example: "In<sub>x</sub>Ga<sub>1-x</sub>N nanowires",
    }),
    authors: z.array(PersonRef),
    container_title: z.string().nullable(),
    issued: z.string().nullable().openapi({ example: "2021-03" }),
    year: z.number().nullable(),
    volume: z.string().nullable(),
    issue: z.string().nullable(),
    pages: z.string().nullable(),
    publisher: z.string().nullable(),
    doi: z.string().nullable(),
    url: z.string().nullable(),
    abstract: z.string().nullable(),
    abstract_html: z.string().nullable().openapi({ description: "The abstract's markup, as `title_html` is the title's; null when it is plain." }),
    keywords: z.array(z.string()),
    language: z.string().nullable(),
    licence: z.string().nullable(),
    topics: z.array(TopicRef),
    equity: EquityTagsJson,
    bibtex_key: z.string().nullable(),
    ...Lifecycle,
  })
  .openapi("Publication");

export const PublicationPatch = z
  .object({
    title: DisplayText().trim().min(1).max(1000),
    abstract: DisplayText().max(20_000).nullable(),
    keywords: z.array(DisplayText().trim().min(1).max(200)).max(50),
    language: LanguageTag.nullable(),
    licence: DisplayText().trim().max(200).nullable(),
    url: WebLink.nullable(),
    topics: TopicSlugs,
    equity: EquityTagsInput,
    status: DraftOrSubmitted,
  })
  .partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, { message: "Send at least one field to change." })
  .openapi("PublicationPatch");

export const BriefingJson = z
  .object({
    kind: z.literal("briefing"),
    id: z.string(),
    title: z.string(),
    summary: z.string(),
    key_messages: z.array(z.string()),
    body: z.string().openapi({ description: "Markdown" }),
    audience: z.string(),
    language: z.string(),
    publications: z.array(PublicationRef),
    topics: z.array(TopicRef),
    equity: EquityTagsJson,
    ...Lifecycle,
  })
  .openapi("Briefing");

const BriefingFields = z.object({
  title: DisplayText().trim().min(1).max(300),
  summary: DisplayText().trim().min(1).max(3000),
  key_messages: z.array(DisplayText().trim().min(1).max(500)).max(12),
  body: DisplayText().max(200_000).openapi({ description: "Markdown" }),
  audience: DisplayText().trim().min(1).max(200).openapi({ example: "Local authority commissioners" }),
  language: LanguageTag,
  publication_ids: z.array(ItemId).max(100),
  topics: TopicSlugs,
  equity: EquityTagsInput,
  status: DraftOrSubmitted,
  publish_at: IsoDateTime.nullable(),
});
export const BriefingCreate = BriefingFields.partial({ key_messages: true, language: true, publication_ids: true, topics: true, equity: true, status: true, publish_at: true })
  .strict()
  .openapi("BriefingCreate");
export const BriefingPatch = BriefingFields.partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, { message: "Send at least one field to change." })
  .openapi("BriefingPatch");

export const LaySummaryJson = z
  .object({
    kind: z.literal("lay-summary"),
    id: z.string(),
    publication: PublicationRef,
    language: z.string(),
    title: z.string(),
    body: z.string(),
    readability: z
      .object({ flesch_reading_ease: z.number(), flesch_kincaid_grade: z.number() })
      .nullable()
      .openapi({ description: "For English text: Flesch reading ease (higher is easier; 60 and over is plain English) and grade." }),
    topics: z.array(TopicRef),
    equity: EquityTagsJson.openapi({ description: "The summary's own equity tags; readers also find it under its publication's." }),
    ...Lifecycle,
  })
  .openapi("LaySummary");

const LaySummaryFields = z.object({
  publication_id: ItemId,
  language: LanguageTag,
  title: DisplayText().trim().min(1).max(300),
  body: DisplayText().trim().min(1).max(50_000),
  topics: TopicSlugs,
  equity: EquityTagsInput,
  status: DraftOrSubmitted,
  publish_at: IsoDateTime.nullable(),
});
export const LaySummaryCreate = LaySummaryFields.partial({ topics: true, equity: true, status: true, publish_at: true }).strict().openapi("LaySummaryCreate");
export const LaySummaryPatch = LaySummaryFields.omit({ publication_id: true, language: true })
  .partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, { message: "Send at least one field to change." })
  .openapi("LaySummaryPatch");

export const pageOf = <T extends z.ZodTypeAny>(item: T, name: string) =>
  z.object({ items: z.array(item), next_cursor: z.string().nullable() }).openapi(name);

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number(),
    detail: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi("Problem");

export type PublicationJson = z.infer<typeof PublicationJson>;
export type BriefingJson = z.infer<typeof BriefingJson>;
export type LaySummaryJson = z.infer<typeof LaySummaryJson>;
