// HTTP for the plain-language check: POST /api/plain-language (anyone; stores nothing) and the editors' target,
// GET and PUT /api/settings/plain-language; request rules, answer shapes and their OpenAPI description.
import { createRoute, z } from "@hono/zod-openapi";
import { createApiApp, problemResponses } from "../api-app";
import { requireRole } from "../auth/tokens";
import { openDatabase } from "../db/client";
import { RepositoryError } from "../errors";
import { checkPlainLanguage, LONG_SENTENCE_WORDS, MAX_CHECKED_CHARACTERS } from "./plain-language";
import { PlainLanguageSettingsBody, PlainLanguageSettingsJson, readPlainLanguageSettings, setTargetReadingAge } from "./plain-language-settings";
import { LanguageTag } from "./schemas";

const PlainLanguageRequest = z
  .object({
    text: z.string().openapi({
      description: `The text to check, plain or Markdown, at most ${MAX_CHECKED_CHARACTERS.toLocaleString("en-GB")} characters (413 beyond). For a briefing, send its summary, each key message and its body, separated by blank lines.`,
      example: "We talked to 40 people. About 25% of them were worried about money.",
    }),
    language: LanguageTag.default("en").openapi({ description: "The text's language tag; only English is checked.", example: "en" }),
  })
  .openapi("PlainLanguageRequest");

const Quotable = (example: string) => z.string().openapi({ description: "The figure as a sentence that can be quoted alone.", example });

const PlainLanguageCheckJson = z
  .object({
    language: z.string(),
    english: z.boolean().openapi({ description: "False for any other language: every part below is then null, and `statements` says why." }),
    target_reading_age: z.number().int().openapi({ description: "The editors' target (GET /api/settings/plain-language)." }),
    statements: z.array(z.string()).openapi({ description: "Every figure as a sentence a journalist can quote, in the order of the parts below." }),
    counts: z
      .object({ words: z.number().int(), sentences: z.number().int(), syllables: z.number().int(), statement: Quotable("The text has nine sentences and 120 words, 13 words a sentence on average.") })
      .nullable(),
    readability: z
      .object({
        flesch_reading_ease: z.number().openapi({ description: "0-100, higher is easier; 60 and over is plain English." }),
        flesch_kincaid_grade: z.number().openapi({ description: "A US school grade." }),
        reading_age: z.number().int().openapi({ description: "The UK reading age: the Flesch-Kincaid grade + 5, rounded, at least 5." }),
        meets_target: z.boolean(),
        statement: Quotable("Reading age 11: most people aged 11 and over can read it."),
        ease_statement: Quotable("Flesch reading ease 72 out of 100 (fairly easy to read); Flesch-Kincaid school grade 6.2."),
        target_statement: Quotable("It meets the target of reading age 12 or below."),
      })
      .nullable(),
    long_sentences: z
      .object({
        limit: z.number().int().openapi({ example: LONG_SENTENCE_WORDS }),
        sentences: z.array(z.object({ number: z.number().int().openapi({ description: "The sentence's place in the text, from 1." }), words: z.number().int(), text: z.string() })),
        statement: Quotable("Two of nine sentences are longer than 25 words."),
      })
      .nullable(),
    passive_voice: z
      .object({
        clauses: z.array(z.object({ sentence: z.number().int(), text: z.string().openapi({ example: "were recruited" }) })),
        statement: Quotable("The check found two verbs in the passive voice, such as “were recruited”: say who does what."),
      })
      .nullable()
      .openapi({ description: "Likely passive verbs: a form of “to be” and a past participle. A heuristic: it misses some and counts some adjectives." }),
    jargon: z
      .object({
        terms: z.array(
          z.object({
            term: z.string(),
            plain: z.string().openapi({ description: "A plain alternative." }),
            note: z.string().nullable(),
            found: z.array(z.object({ text: z.string().openapi({ description: "As written." }), sentence: z.number().int() })),
          }),
        ),
        statement: Quotable("The text uses two terms from the jargon list, such as “cohort”: say “group of people followed over time”."),
      })
      .nullable(),
    natural_frequencies: z
      .object({
        figures: z.array(z.object({ text: z.string().openapi({ example: "25%" }), sentence: z.number().int(), natural_frequency: z.string().openapi({ example: "1 in 4" }), exact: z.boolean() })),
        statement: Quotable("The text has one figure that would read better as a natural frequency, such as “25%”: say “1 in 4”."),
      })
      .nullable(),
  })
  .openapi("PlainLanguageCheck");

const json = (schema: z.ZodTypeAny, description: string) => ({ description, content: { "application/json": { schema } } });

export const plainLanguageApi = createApiApp();

plainLanguageApi.openapi(
  createRoute({
    method: "post",
    path: "/api/plain-language",
    tags: ["Plain language"],
    summary: "Check a text for plain language",
    description:
      "Reading ease, grade and UK reading age against the editors' target, sentences over 25 words, likely passive verbs, jargon from the centre's mental-health glossary with plain alternatives, and percentages that read better as natural frequencies, each also as a sentence that can be quoted. English only. Needs no token and stores nothing.",
    request: { body: { required: true, content: { "application/json": { schema: PlainLanguageRequest } } } },
    responses: { 200: json(PlainLanguageCheckJson, "The check"), ...problemResponses(413, 415, 422) },
  }),
  async (c) => {
    const { text, language } = c.req.valid("json");
    if (text.length > MAX_CHECKED_CHARACTERS) {
      throw new RepositoryError("payload_too_large", `The text has ${text.length.toLocaleString("en-GB")} characters; the check takes at most ${MAX_CHECKED_CHARACTERS.toLocaleString("en-GB")}. Check it in parts.`);
    }
    const { target_reading_age } = await readPlainLanguageSettings(openDatabase(c.env.DB));
    return c.json(checkPlainLanguage(text, language, target_reading_age), 200);
  },
);

plainLanguageApi.openapi(
  createRoute({
    method: "get",
    path: "/api/settings/plain-language",
    tags: ["Plain language"],
    summary: "The editors' target reading age for lay summaries and briefings",
    responses: { 200: json(PlainLanguageSettingsJson, "The target, and who set it when") },
  }),
  async (c) => c.json(await readPlainLanguageSettings(openDatabase(c.env.DB)), 200),
);

plainLanguageApi.openapi(
  createRoute({
    method: "put",
    path: "/api/settings/plain-language",
    tags: ["Plain language"],
    summary: "Set the target reading age (editors)",
    security: [{ bearerAuth: [] }],
    request: { body: { required: true, content: { "application/json": { schema: PlainLanguageSettingsBody } } } },
    responses: { 200: json(PlainLanguageSettingsJson, "The target as set"), ...problemResponses(401, 403, 413, 415, 422, 429) },
  }),
  async (c) => {
    const caller = requireRole(c.get("caller"), "editor");
    const { target_reading_age } = c.req.valid("json");
    return c.json(await setTargetReadingAge(openDatabase(c.env.DB), target_reading_age, caller), 200);
  },
);
