// The editors' target for the plain-language check: a reading age, kept in `settings` under one key, its rule and its
// history (who set it, when). Read by the check's API answer, the writing forms and the desk's item pages.
import { sql } from "drizzle-orm";
import { z } from "@hono/zod-openapi";
import { nowIso, type Database } from "../db/client";
import type { Caller } from "../env";
import { briefingCheckText, checkPlainLanguage, DEFAULT_TARGET_READING_AGE, type PlainLanguageCheck, TARGET_READING_AGE_BOUNDS } from "./plain-language";

export const TARGET_READING_AGE_KEY = "plain_language_target_reading_age";

/** What `PUT /api/settings/plain-language` takes, and the desk's form is checked against. */
export const PlainLanguageSettingsBody = z
  .object({
    target_reading_age: z
      .number({ error: "target_reading_age must be a whole number of years" })
      .int("target_reading_age must be a whole number of years")
      .min(TARGET_READING_AGE_BOUNDS.min, `target_reading_age must be ${TARGET_READING_AGE_BOUNDS.min} or more`)
      .max(TARGET_READING_AGE_BOUNDS.max, `target_reading_age must be ${TARGET_READING_AGE_BOUNDS.max} or less`)
      .openapi({ description: `A UK reading age, ${TARGET_READING_AGE_BOUNDS.min} to ${TARGET_READING_AGE_BOUNDS.max}.`, example: 12 }),
  })
  .strict()
  .openapi("PlainLanguageSettingsChange");

export const PlainLanguageSettingsJson = z
  .object({
    target_reading_age: z.number().int().openapi({ description: "Lay summaries and briefings should have this UK reading age or below.", example: 12 }),
    default_target_reading_age: z.number().int().openapi({ description: "The target when no editor has set one: UK public health guidance for lay material.", example: DEFAULT_TARGET_READING_AGE }),
    min: z.number().int(),
    max: z.number().int(),
    updated_at: z.string().nullable().openapi({ description: "When an editor last set it; null for the default." }),
    updated_by: z.string().nullable().openapi({ description: "Who last set it; null for the default." }),
  })
  .openapi("PlainLanguageSettings");

export type PlainLanguageSettings = z.infer<typeof PlainLanguageSettingsJson>;

/** The stored target, or the default. A stored value outside the bounds (written by hand) counts as the default. */
export async function readPlainLanguageSettings(db: Database): Promise<PlainLanguageSettings> {
  const row = await db.get<{ value: string; updated_at: string; updated_by: string | null } | undefined>(
    sql`SELECT value, updated_at, updated_by FROM settings WHERE key = ${TARGET_READING_AGE_KEY}`,
  );
  const stored = row === undefined ? undefined : PlainLanguageSettingsBody.shape.target_reading_age.safeParse(Number(row.value));
  return {
    target_reading_age: stored?.success ? stored.data : DEFAULT_TARGET_READING_AGE,
    default_target_reading_age: DEFAULT_TARGET_READING_AGE,
    min: TARGET_READING_AGE_BOUNDS.min,
    max: TARGET_READING_AGE_BOUNDS.max,
    updated_at: stored?.success ? row!.updated_at : null,
    updated_by: stored?.success ? row!.updated_by : null,
  };
}

/** Sets the target (already checked against PlainLanguageSettingsBody), naming who set it. */
export async function setTargetReadingAge(db: Database, targetReadingAge: number, caller: Caller): Promise<PlainLanguageSettings> {
  await db.run(sql`
    INSERT INTO settings (key, value, updated_at, updated_by) VALUES (${TARGET_READING_AGE_KEY}, ${String(targetReadingAge)}, ${nowIso()}, ${caller.name})
    ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`);
  return readPlainLanguageSettings(db);
}

/** The plain-language check of a text against the editors' current target. */
export async function checkAgainstTarget(db: Database, text: string, language: string): Promise<PlainLanguageCheck> {
  const { target_reading_age } = await readPlainLanguageSettings(db);
  return checkPlainLanguage(text, language, target_reading_age);
}

/** An item as the check reads it: a briefing's summary, key messages and body, a lay summary's body; no publication. */
export type CheckedItem =
  | { kind: "briefings"; item: { summary: string; key_messages: readonly string[]; body: string; language: string } }
  | { kind: "lay-summaries"; item: { body: string; language: string } }
  | { kind: "publications" };

/** The check of a stored briefing or lay summary against the target; undefined for a publication. */
export async function checkItemAgainstTarget(db: Database, entry: CheckedItem): Promise<PlainLanguageCheck | undefined> {
  if (entry.kind === "publications") return undefined;
  const text = entry.kind === "briefings" ? briefingCheckText(entry.item) : entry.item.body;
  return checkAgainstTarget(db, text, entry.item.language);
}
