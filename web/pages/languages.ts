// Language tags as readers meet them: their names, their writing direction, and a lay summary's reading level in words.

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
 * Flesch reading ease in plain words. The bands are Flesch's own (1948) table, with its US school grades read as the
 * age of a pupil in that grade (grade + 6, rounded): 90 and over is very easy, 5th grade (about 11); 80–90 easy, 6th
 * grade (12); 70–80 fairly easy, 7th grade (13); 60–70 plain English, 8th–9th grade (13 to 15); 50–60 fairly hard,
 * 10th–12th grade (15 to 18); 30–50 hard, college; under 30 very hard, graduate. The score is only computed for
 * English text (readability.ts), so other languages get no band.
 */
export function describeReadingLevel(fleschReadingEase: number): string {
  if (fleschReadingEase >= 90) return "Very easy to read: about age 11";
  if (fleschReadingEase >= 80) return "Easy to read: about age 12";
  if (fleschReadingEase >= 70) return "Fairly easy to read: about age 13";
  if (fleschReadingEase >= 60) return "Plain English: about age 13 to 15";
  if (fleschReadingEase >= 50) return "Fairly hard to read: about age 15 to 18";
  if (fleschReadingEase >= 30) return "Hard to read: university level";
  return "Very hard to read: graduate level";
}
