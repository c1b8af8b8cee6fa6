// Language tags as readers meet them: their names, their writing direction, and a lay summary's reading level in words.
import { describeEase, readingAgeOf } from "../../worker/records/plain-language";

/** Languages written right to left; a tag's primary subtag decides, unless its script subtag says otherwise (`ur-Latn`). */
const RIGHT_TO_LEFT = new Set(["ar", "ur", "fa", "he", "ps", "sd", "ug", "yi"]);
const RIGHT_TO_LEFT_SCRIPTS = new Set(["arab", "hebr", "syrc", "thaa", "nkoo", "adlm", "rohg"]);

export function readDirection(tag: string): "rtl" | "ltr" {
  const [primary = "", ...rest] = tag.toLowerCase().split(/[-_]/u);
  const script = rest.find((part) => part.length === 4 && /^[a-z]{4}$/u.test(part));
  if (script) return RIGHT_TO_LEFT_SCRIPTS.has(script) ? "rtl" : "ltr";
  return RIGHT_TO_LEFT.has(primary) ? "rtl" : "ltr";
}

/** A language's name in English ("Welsh"), or the tag itself where the runtime knows no name for it. */
export function nameLanguage(tag: string, inLanguage = "en"): string {
  try {
    return new Intl.DisplayNames([inLanguage], { type: "language" }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/**
 * The languages of Britain and Ireland by their own names: workerd's ICU data has no Welsh, Gaelic or Cornish locale,
 * so Intl.DisplayNames would answer "Welsh" for cy in cy.
 */
const OWN_NAMES: Record<string, string> = { cy: "Cymraeg", gd: "Gàidhlig", ga: "Gaeilge", kw: "Kernewek", gv: "Gaelg" };

/** A language's name in itself ("Cymraeg", "اردو"), which is how a speaker looks for it in a list. */
export function nameLanguageNatively(tag: string): string {
  return OWN_NAMES[tag.toLowerCase()] ?? nameLanguage(tag, tag);
}

/**
 * A lay summary's readability in plain words, as the plain-language check says it (worker/records/plain-language.ts):
 * Flesch's band of reading ease, and the UK reading age of its Flesch-Kincaid grade. The score is only computed for
 * English text (readability.ts), so other languages get none.
 */
export function describeReadingLevel(readability: { flesch_reading_ease: number; flesch_kincaid_grade: number }): string {
  const band = describeEase(readability.flesch_reading_ease);
  return `${band[0].toUpperCase()}${band.slice(1)}: reading age ${readingAgeOf(readability.flesch_kincaid_grade)}`;
}
