// The plain-language check of a lay summary or briefing: reading ease and age against the editors' target, long
// sentences, the passive voice, jargon from the glossary (schema/plain-language-glossary.ts) and percentages that read
// better as "1 in 4", each figure also as a sentence a journalist can quote. A pure function: it reads and stores nothing.
//
// Style of numbers in the sentences (GOV.UK and the BBC's news style agree on it): counts from one to nine in words,
// 10 and over in numerals, with a comma in thousands ("1,200"); measures (a reading age, a score, a grade, a word limit)
// and natural frequencies ("1 in 4") always in numerals, so they can be compared; no sentence starts with a numeral.
import { type GlossaryTerm, PLAIN_LANGUAGE_GLOSSARY } from "../../schema/plain-language-glossary";
import { countText, isEnglish, readableText, type Sentence, scoreCounts, splitSentences } from "./readability";

/** UK public health guidance for lay material: a reading age of 12 or below. Editors may change it (7 to 18). */
export const DEFAULT_TARGET_READING_AGE = 12;
export const TARGET_READING_AGE_BOUNDS = { min: 7, max: 18 } as const;
/** Plain English guidance (GOV.UK, the Plain English Campaign) keeps sentences to about 15-20 words; over 25 is long. */
export const LONG_SENTENCE_WORDS = 25;
/** The longest text checked at once: a briefing's 200,000-character body with its summary and key messages. */
export const MAX_CHECKED_CHARACTERS = 210_000;

export type PlainLanguageCheck = {
  language: string;
  /** False for text not in English: every part below is then null, and `statements` says why. */
  english: boolean;
  target_reading_age: number;
  /** Every figure below as a sentence that can be quoted alone, in this order. */
  statements: string[];
  counts: { words: number; sentences: number; syllables: number; statement: string } | null;
  readability: {
    flesch_reading_ease: number;
    flesch_kincaid_grade: number;
    reading_age: number;
    meets_target: boolean;
    /** "Reading age 11: most people aged 11 and over can read it." */
    statement: string;
    ease_statement: string;
    target_statement: string;
  } | null;
  long_sentences: { limit: number; sentences: { number: number; words: number; text: string }[]; statement: string } | null;
  passive_voice: { clauses: { sentence: number; text: string }[]; statement: string } | null;
  jargon: { terms: { term: string; plain: string; note: string | null; found: { text: string; sentence: number }[] }[]; statement: string } | null;
  natural_frequencies: { figures: { text: string; sentence: number; natural_frequency: string; exact: boolean }[]; statement: string } | null;
};

// ------------------------------------------------------------------------------------------------------------- numbers

const SMALL_NUMBERS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];

/** A count as the sentences write it: one to nine in words, 10 and over in numerals with thousands separated. */
export function writeCount(n: number): string {
  return n >= 0 && n < 10 && Number.isInteger(n) ? SMALL_NUMBERS[n] : n.toLocaleString("en-GB");
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The UK reading age of a Flesch-Kincaid grade: US school grade + 5 (a pupil in US grade 1 is 6 to 7, in England's
 * Year 2), rounded to a whole year, and never under 5. Pages say a lay summary's reading age this way too
 * (web/pages/languages.ts `describeReadingLevel`).
 */
export function readingAgeOf(fleschKincaidGrade: number): number {
  return Math.max(5, Math.round(fleschKincaidGrade + 5));
}

/** Flesch's own (1948) bands of reading ease, in words (lower case). */
export function describeEase(ease: number): string {
  if (ease >= 90) return "very easy to read";
  if (ease >= 80) return "easy to read";
  if (ease >= 70) return "fairly easy to read";
  if (ease >= 60) return "plain English";
  if (ease >= 50) return "fairly hard to read";
  if (ease >= 30) return "hard to read";
  return "very hard to read";
}

/**
 * A proportion (0 < p < 1) as a natural frequency: "1 in 4" when exact, "about 1 in 3" when near. In order: an exact
 * k in n for n up to 10; an exact 1 in N; for 10% and over, the smallest n up to 10 within a tenth of the figure;
 * k in 100 or k in 1,000 when exact; under 10%, about 1 in N (N to two significant figures); else about k in 100.
 */
export function naturalFrequency(p: number): { words: string; exact: boolean } | null {
  if (!(p > 0 && p < 1)) return null;
  const near = (a: number, b: number) => Math.abs(a - b) < 1e-9;
  for (let n = 2; n <= 10; n++) {
    const k = Math.round(p * n);
    if (k >= 1 && k < n && near(k / n, p)) return { words: `${k} in ${n}`, exact: true };
  }
  const inverse = 1 / p;
  if (Math.abs(inverse - Math.round(inverse)) < 1e-6) return { words: `1 in ${Math.round(inverse).toLocaleString("en-GB")}`, exact: true };
  if (p >= 0.1) {
    for (let n = 2; n <= 10; n++) {
      const k = Math.round(p * n);
      if (k >= 1 && k < n && Math.abs(k / n - p) / p <= 0.1) return { words: `about ${k} in ${n}`, exact: false };
    }
  }
  if (near(p * 100, Math.round(p * 100))) return { words: `${Math.round(p * 100)} in 100`, exact: true };
  if (near(p * 1000, Math.round(p * 1000))) return { words: `${Math.round(p * 1000)} in 1,000`, exact: true };
  if (p < 0.1) {
    const digits = Math.max(0, Math.floor(Math.log10(inverse)) - 1);
    const rounded = Math.round(inverse / 10 ** digits) * 10 ** digits;
    return { words: `about 1 in ${rounded.toLocaleString("en-GB")}`, exact: false };
  }
  return { words: `about ${Math.round(p * 100)} in 100`, exact: false };
}

// --------------------------------------------------------------------------------------------------------------- jargon

const ESCAPE = /[.*+?^${}()|[\]\\]/gu;

/** British and American spellings of one word of a term, as a pattern (the term is written in British English). */
function spellingPattern(word: string): string {
  return word
    .replace(ESCAPE, "\\$&")
    .replace(/ae/gu, "a?e")
    .replace(/oe/gu, "o?e")
    .replace(/is(?=e|ing|ation)/gu, "i[sz]")
    .replace(/ys(?=e)/gu, "y[sz]")
    .replace(/our/gu, "ou?r")
    .replace(/ll(?=ing|ed|or)/gu, "ll?")
    .replace(/tre$/u, "t(?:re|er)")
    .replace(/ogue$/u, "og(?:ue)?");
}

/** A term's last word with its plural: "comorbidity" also "comorbidities", "diagnosis" also "diagnoses", "CBT" also "CBTs". */
function wordPattern(word: string, last: boolean, abbreviation: boolean): string {
  if (abbreviation) return word.replace(ESCAPE, "\\$&") + (last ? "(?:s|['’]s)?" : "");
  if (!last) return spellingPattern(word);
  if (/[^aeiou]y$/u.test(word)) return `${spellingPattern(word.slice(0, -1))}(?:y|ies)`;
  if (/is$/u.test(word) && word.length > 4) return `${spellingPattern(word.slice(0, -2))}(?:is|es)`;
  if (/(?:s|x|ch|sh)$/u.test(word)) return `${spellingPattern(word)}(?:es)?`;
  return `${spellingPattern(word)}s?`;
}

/** One way of writing a term as a pattern: a space may be any run of spaces or a hyphen, a hyphen may be left out. */
function formPattern(form: string, matchCase: boolean): string {
  const abbreviation = form === form.toUpperCase() && /[A-Z]/u.test(form);
  const text = matchCase || abbreviation ? form : form.toLowerCase();
  const parts = text.split(/([\s-]+)/u);
  return parts
    .map((part, i) => {
      if (i % 2 === 1) return part.includes("-") ? "[\\s\\u00A0-]?" : "[\\s\\u00A0-]+";
      return wordPattern(part, i === parts.length - 1, abbreviation);
    })
    .join("");
}

/** A term's forms as one sticky pattern, tried only where a word starts with one of its first letters. */
type JargonMatcher = { regex: RegExp; term: GlossaryTerm };

/** The letters a form's matches may start with: "aetiology" also starts "etiology", "oestrogen" "estrogen". */
function firstLetters(form: string): string[] {
  const lower = form.toLowerCase();
  return /^(?:ae|oe)/u.test(lower) ? [lower[0], lower[1]] : [lower[0]];
}

/**
 * Each term's pattern, its forms longest first, indexed by the first letters its matches may have, so that only the
 * terms whose first letter fits are tried at each word. Measured in Node on 205,000 characters (the longest text
 * checked): the jargon alone took 160 ms as one alternation of every term, and the whole check now takes 100-115 ms
 * warm (440 ms before); a 3,000-character lay summary about 2 ms. Built once per isolate: 113 terms, 180 forms.
 */
function buildJargonIndex(): Map<string, JargonMatcher[]> {
  const index = new Map<string, JargonMatcher[]>();
  for (const term of PLAIN_LANGUAGE_GLOSSARY) {
    const forms = [term.term, ...(term.variants ?? [])].sort((a, b) => b.length - a.length);
    const pattern = `(?:${forms.map((form) => formPattern(form, term.matchCase === true)).join("|")})(?![\\p{L}\\p{N}])`;
    const matcher = { regex: new RegExp(pattern, term.matchCase ? "uy" : "iuy"), term };
    for (const letter of new Set(forms.flatMap(firstLetters))) index.set(letter, [...(index.get(letter) ?? []), matcher]);
  }
  return index;
}

let jargonIndex: Map<string, JargonMatcher[]> | undefined;

const WORD_START = /(?<![\p{L}\p{N}])[\p{L}\p{N}]/gu;

/** Glossary terms in a sentence, in order: at each word the longest term that starts there, then on past its end. */
export function findJargon(sentence: string): { term: GlossaryTerm; text: string; start: number }[] {
  jargonIndex ??= buildJargonIndex();
  const found: { term: GlossaryTerm; text: string; start: number }[] = [];
  let end = 0;
  for (const start of sentence.matchAll(WORD_START)) {
    if (start.index < end) continue;
    let best: { term: GlossaryTerm; text: string } | undefined;
    for (const { regex, term } of jargonIndex.get(start[0].toLowerCase()) ?? []) {
      regex.lastIndex = start.index;
      const match = regex.exec(sentence);
      if (match && (!best || match[0].length > best.text.length)) best = { term, text: match[0] };
    }
    if (best) {
      found.push({ ...best, start: start.index });
      end = start.index + best.text.length;
    }
  }
  return found;
}

// ------------------------------------------------------------------------------------------------------- passive voice

const FORMS_OF_BE = "am|is|are|was|were|be|been|being|isn['’]t|aren['’]t|wasn['’]t|weren['’]t";

/** Past participles that do not end in -ed. */
const IRREGULAR_PARTICIPLES = new Set(
  (
    "arisen awoken beaten begun bent bitten blown broken brought built burnt bought caught chosen cut dealt done drawn " +
    "driven eaten fallen fed felt fought found forbidden forgotten forgiven frozen given grown heard held hidden hit hurt " +
    "kept known laid led left lent let lost made meant met misled misunderstood overcome overlooked overseen overtaken paid put read " +
    "rebuilt retaken ridden run said seen sent set shaken shown shut sold sought spent spoken spread stolen struck " +
    "sworn taken taught thrown thought told torn understood undertaken upheld withdrawn withheld woken won worn written"
  ).split(" "),
);

/**
 * -ed words that after "is" or "were" describe a state, not an action done to someone ("were worried", "is aged 16"):
 * not counted. Words in -eed that are not participles ("need", "indeed") are left out by their ending.
 */
const STATE_ADJECTIVES = new Set(
  (
    "aged ashamed bored concerned confused depressed detailed disabled divorced embarrassed engaged excited experienced " +
    "frightened interested involved isolated limited married mixed pleased qualified related scared skilled stressed " +
    "supposed tired unemployed unmarried unqualified used worried"
  ).split(" "),
);

const PASSIVE = new RegExp(`(?<![\\p{L}])(?:${FORMS_OF_BE})(?:\\s+(?:not|also|often|then|still|usually|always|never|now|being|[a-z]+ly)){0,2}\\s+([a-z]+)(?![\\p{L}'’-])`, "giu");

function isParticiple(word: string): boolean {
  const w = word.toLowerCase();
  if (STATE_ADJECTIVES.has(w)) return false;
  if (IRREGULAR_PARTICIPLES.has(w)) return true;
  return w.length > 4 && w.endsWith("ed") && !(w.endsWith("eed") && !["agreed", "freed", "guaranteed", "refereed"].includes(w));
}

/**
 * Likely passive clauses: a form of "to be", up to two adverbs ("were not always"), then a past participle ("were
 * recruited", "has been shown", "is being reviewed"). A heuristic with known limits: it misses passives with "get"
 * ("got referred") and reduced ones ("the people interviewed said"); it counts a state described by an -ed adjective not
 * in STATE_ADJECTIVES ("the room was crowded"), and an irregular participle used as an adjective ("she was lost");
 * "was born" is not counted, as no plainer way to say it exists.
 */
export function findPassiveClauses(sentence: string): string[] {
  const clauses: string[] = [];
  for (const match of sentence.matchAll(PASSIVE)) if (isParticiple(match[1])) clauses.push(match[0].replace(/\s+/gu, " "));
  return clauses;
}

// -------------------------------------------------------------------------------------------------- natural frequencies

const PERCENTAGE = /(?<![\d.,])(\d{1,3}(?:\.\d+)?)\s?(?:%|per\s?cent)(?![\p{L}])/giu;
const PROPORTION = /(?<![\d.,])(0?\.\d+)(?![\d.%])/gu;
/** A p-value, ratio or correlation just before a decimal: not a share of people. */
const STATISTIC_BEFORE = /(?:\b(?:[pPrR]|OR|RR|HR|CI|[Rr]atios?|[Cc]oefficient)\s*(?:=|<|>|≤|≥|of|was|were|is|:)?\s*|[=<>≤≥]\s*)$/u;
/** A change, not a share ("rose by 25%", "25% higher"): a natural frequency would misread it. */
const CHANGE_BEFORE = /\b(?:by|up|down)\s*$/iu;
const CHANGE_AFTER = /^\s*(?:points?|increase|increases|increased|rise|rises|rose|fall|falls|fell|drop|decrease|decreased|higher|lower|more|less|fewer|greater|smaller|faster|slower)\b/iu;

/** Percentages, and decimals under 1, that read better as natural frequencies ("25%" as "1 in 4"). */
export function findFrequencies(sentence: string): { text: string; natural_frequency: string; exact: boolean }[] {
  const found: { at: number; text: string; natural_frequency: string; exact: boolean }[] = [];
  const add = (match: RegExpMatchArray, proportion: number) => {
    const before = sentence.slice(Math.max(0, match.index! - 20), match.index);
    const after = sentence.slice(match.index! + match[0].length, match.index! + match[0].length + 20);
    if (CHANGE_BEFORE.test(before) || CHANGE_AFTER.test(after)) return;
    const natural = naturalFrequency(proportion);
    if (natural) found.push({ at: match.index!, text: match[0], natural_frequency: natural.words, exact: natural.exact });
  };
  for (const match of sentence.matchAll(PERCENTAGE)) add(match, Number(match[1]) / 100);
  for (const match of sentence.matchAll(PROPORTION)) {
    if (!STATISTIC_BEFORE.test(sentence.slice(Math.max(0, match.index - 20), match.index))) add(match, Number(match[1]));
  }
  return found.sort((a, b) => a.at - b.at).map(({ at: _, ...rest }) => rest);
}

// --------------------------------------------------------------------------------------------------------- the check

/** A sentence cut to `max` characters for showing where something was found. */
function excerpt(text: string, max = 200): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

function describeLongSentences(long: number, total: number): string {
  if (long === 0) return `No sentence is longer than ${LONG_SENTENCE_WORDS} words.`;
  const verb = long === 1 ? "is" : "are";
  if (long === total) return `${long === 1 ? "The only sentence" : `All ${writeCount(total)} sentences`} ${verb} longer than ${LONG_SENTENCE_WORDS} words.`;
  if (long < 10) return `${capitalise(writeCount(long))} of ${writeCount(total)} sentences ${verb} longer than ${LONG_SENTENCE_WORDS} words.`;
  return `Of ${writeCount(total)} sentences, ${writeCount(long)} are longer than ${LONG_SENTENCE_WORDS} words.`;
}

function describePassive(clauses: readonly { text: string }[]): string {
  if (clauses.length === 0) return "The check found no verbs in the passive voice.";
  const count = clauses.length === 1 ? "one verb" : `${writeCount(clauses.length)} verbs`;
  return `The check found ${count} in the passive voice, such as “${clauses[0].text}”: say who does what.`;
}

function describeJargon(terms: readonly { term: string; plain: string; found: unknown[] }[]): string {
  if (terms.length === 0) return "No word from the jargon list was found.";
  const count = terms.length === 1 ? "one term" : `${writeCount(terms.length)} terms`;
  return `The text uses ${count} from the jargon list, such as “${terms[0].term}”: say “${terms[0].plain}”.`;
}

function describeFrequencies(figures: readonly { text: string; natural_frequency: string }[]): string {
  if (figures.length === 0) return "No percentage needs to be written as “1 in 4”.";
  const count = figures.length === 1 ? "one figure" : `${writeCount(figures.length)} figures`;
  return `The text has ${count} that would read better as a natural frequency, such as “${figures[0].text}”: say “${figures[0].natural_frequency}”.`;
}

function checkSentences(sentences: readonly Sentence[]) {
  const long: { number: number; words: number; text: string }[] = [];
  const passive: { sentence: number; text: string }[] = [];
  const jargon = new Map<GlossaryTerm, { text: string; sentence: number }[]>();
  const frequencies: { text: string; sentence: number; natural_frequency: string; exact: boolean }[] = [];
  sentences.forEach((sentence, i) => {
    const number = i + 1;
    if (sentence.words.length > LONG_SENTENCE_WORDS) long.push({ number, words: sentence.words.length, text: excerpt(sentence.text, 400) });
    for (const text of findPassiveClauses(sentence.text)) passive.push({ sentence: number, text });
    for (const found of findJargon(sentence.text)) {
      const list = jargon.get(found.term) ?? [];
      list.push({ text: found.text, sentence: number });
      jargon.set(found.term, list);
    }
    for (const figure of findFrequencies(sentence.text)) frequencies.push({ ...figure, sentence: number });
  });
  const terms = [...jargon].map(([term, found]) => ({ term: term.term, plain: term.plain, note: term.note ?? null, found }));
  return { long, passive, terms, frequencies };
}

/**
 * Checks `text` (plain or Markdown; a briefing's summary, key messages and body joined by `briefingCheckText`) written
 * in `language` against a target reading age. Text not in English is not checked: the Flesch formulas, the glossary,
 * the passive-voice rule and the idea of a long sentence are all English.
 */
export function checkPlainLanguage(text: string, language: string, targetReadingAge: number): PlainLanguageCheck {
  const base = { language, english: isEnglish(language), target_reading_age: targetReadingAge };
  const unchecked = { counts: null, readability: null, long_sentences: null, passive_voice: null, jargon: null, natural_frequencies: null };
  if (!base.english) {
    return { ...base, ...unchecked, statements: [`The plain-language check reads English only, so this text (language “${language}”) was not checked: reading ease, long sentences, the passive voice and the jargon list are all measured for English. Ask a reader of the language to check it.`] };
  }
  const sentences = splitSentences(readableText(text));
  const counts = countText(sentences);
  const score = scoreCounts(counts);
  if (!score) return { ...base, ...unchecked, statements: ["There is no text to check yet."] };

  const readingAge = readingAgeOf(score.fleschKincaidGrade);
  const meets = readingAge <= targetReadingAge;
  const over = readingAge - targetReadingAge;
  const { long, passive, terms, frequencies } = checkSentences(sentences);
  const sizeStatement = `The text has ${writeCount(sentences.length)} ${sentences.length === 1 ? "sentence" : "sentences"} and ${writeCount(counts.words)} ${counts.words === 1 ? "word" : "words"}, ${writeCount(Math.round(counts.words / counts.sentences))} words a sentence on average.`;
  const readability = {
    flesch_reading_ease: score.fleschReadingEase,
    flesch_kincaid_grade: score.fleschKincaidGrade,
    reading_age: readingAge,
    meets_target: meets,
    // The quotable sentences keep to what the scales mean: ease 0 to 100, grade 0 and up, and above 18 an adult reader.
    statement:
      readingAge > 18
        ? `Reading age over 18: written for adult readers with further education.`
        : `Reading age ${readingAge}: most people aged ${readingAge} and over can read it.`,
    ease_statement: `Flesch reading ease ${Math.min(100, Math.max(0, Math.round(score.fleschReadingEase)))} out of 100 (${describeEase(score.fleschReadingEase)}); Flesch-Kincaid school grade ${Math.max(0, score.fleschKincaidGrade).toFixed(1)}.`,
    target_statement: meets
      ? `It meets the target of reading age ${targetReadingAge} or below.`
      : `It is above the target of reading age ${targetReadingAge} or below, by ${writeCount(over)} ${over === 1 ? "year" : "years"}: use shorter sentences and everyday words.`,
  };
  const checks = {
    long_sentences: { limit: LONG_SENTENCE_WORDS, sentences: long, statement: describeLongSentences(long.length, sentences.length) },
    passive_voice: { clauses: passive, statement: describePassive(passive) },
    jargon: { terms, statement: describeJargon(terms) },
    natural_frequencies: { figures: frequencies, statement: describeFrequencies(frequencies) },
  };
  return {
    ...base,
    counts: { ...counts, statement: sizeStatement },
    readability,
    ...checks,
    statements: [
      readability.statement,
      readability.target_statement,
      readability.ease_statement,
      sizeStatement,
      checks.long_sentences.statement,
      checks.passive_voice.statement,
      checks.jargon.statement,
      checks.natural_frequencies.statement,
    ],
  };
}

/** What is checked of a briefing: its summary, each key message as a sentence of its own, then its body. */
export function briefingCheckText(briefing: { summary: string; key_messages: readonly string[]; body: string }): string {
  return [briefing.summary, ...briefing.key_messages, briefing.body].filter((part) => part.trim() !== "").join("\n\n");
}
