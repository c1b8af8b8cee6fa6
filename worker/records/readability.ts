// Readability of English text, and the one place that splits text into sentences and words for it: Flesch reading ease
// and Flesch-Kincaid grade, computed on every save of a lay summary and by the plain-language check (plain-language.ts).

export type Readability = { fleschReadingEase: number; fleschKincaidGrade: number };

/** The counts the Flesch formulas take. */
export type TextCounts = { words: number; sentences: number; syllables: number };

/** A sentence as a reader meets it, with its words (letters, with inner apostrophes and hyphens: "don't", "well-being"). */
export type Sentence = { text: string; words: string[] };

const WORD = /[A-Za-z\u00C0-\u024F]+(?:['’-][A-Za-z\u00C0-\u024F]+)*/gu;

/**
 * Abbreviations whose full stop does not end a sentence ("e.g. the", "Dr Khan", "et al. found"): without them one
 * sentence with "e.g." counted as two, and looked easier than it is.
 */
const ABBREVIATION_BEFORE_STOP = /(?:^|[\s(])(?:e\.g|i\.e|etc|vs|cf|al|approx|Dr|Mr|Mrs|Ms|Prof|St|Fig)$/iu;

/**
 * Markdown as the words a reader reads: link and image addresses, bare addresses and emphasis marks go; a heading, a
 * list item and a quoted line each stand as a sentence of their own, as a reader takes them, though they rarely end in
 * a full stop. Text that is not Markdown passes unchanged but for those marks.
 */
export function readableText(markdown: string): string {
  return markdown
    .replace(/\r\n?/gu, "\n")
    .replace(/!?\[([^\]]*)\]\([^)]*\)/gu, "$1")
    .replace(/\b(?:https?:\/\/|www\.|doi:)\S+/giu, "")
    .replace(/^[ \t]*(?:#{1,6}|[-*+]|\d{1,3}[.)]|>)[ \t]+(.*)$/gmu, "\n$1\n")
    .replace(/\*{1,3}|(?<![A-Za-z0-9])_{1,3}|_{1,3}(?![A-Za-z0-9])|`+/gu, "");
}

/** The words of a text, in order. */
export function listWords(text: string): string[] {
  return text.match(WORD) ?? [];
}

/**
 * Sentences end at `.`, `!` or `?` followed by a space or the end (so "2.5" and "p<0.05" do not end one), but not
 * after the abbreviations above, and at a blank line (a paragraph, heading or list item that has no full stop).
 * Pieces without a letter are not sentences. Give it `readableText` of Markdown.
 */
export function splitSentences(text: string): Sentence[] {
  const sentences: Sentence[] = [];
  let start = 0;
  const push = (end: number) => {
    const piece = text.slice(start, end).trim();
    if (/[A-Za-z\u00C0-\u024F]/u.test(piece)) sentences.push({ text: piece.replace(/\s+/gu, " "), words: listWords(piece) });
  };
  for (const boundary of text.matchAll(/[.!?]+["'’”)\]]*(?=\s|$)|\n[ \t]*\n/gu)) {
    const end = boundary.index + boundary[0].length;
    if (boundary[0].startsWith(".") && boundary[0].length === 1 && ABBREVIATION_BEFORE_STOP.test(text.slice(Math.max(start, boundary.index - 12), boundary.index))) continue;
    push(end);
    start = end;
  }
  push(text.length);
  return sentences;
}

/**
 * Vowel groups, less a silent final "e", with a floor of one: the usual heuristic, right for most English words.
 * "iet" is two syllables (anxiety, society, variety), which the vowel-group count alone would miss.
 */
export function countSyllables(word: string): number {
  const w = word.toLowerCase().replace(/[^a-z]/g, "");
  if (w.length === 0) return 0;
  if (w.length <= 3) return 1;
  // A final "-ed" is silent but after t or d (talked; needed), a final "-es" but after a sibilant (makes; places, boxes).
  const trimmed = w.replace(/(?:[^laeiouycgsxzh]es|[^laeiouytd]ed|[^laeiouy]e)$/, "").replace(/^y/, "");
  const groups = trimmed.match(/[aeiouy]{1,2}/g);
  const splitVowels = (trimmed.match(/[^u]iet/g) ?? []).length;
  return Math.max(1, (groups ? groups.length : 0) + splitVowels);
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

/** Words, sentences (at least one where there are words) and syllables of sentences from `splitSentences`. */
export function countText(sentences: readonly Sentence[]): TextCounts {
  const words = sentences.flatMap((s) => s.words);
  return { words: words.length, sentences: Math.max(1, sentences.length), syllables: words.reduce((sum, word) => sum + countSyllables(word), 0) };
}

/** The Flesch formulas (Flesch 1948; Kincaid et al. 1975), to one decimal place; null when there are no words. */
export function scoreCounts(counts: TextCounts): Readability | null {
  if (counts.words === 0) return null;
  const wordsPerSentence = counts.words / counts.sentences;
  const syllablesPerWord = counts.syllables / counts.words;
  return {
    fleschReadingEase: round1(206.835 - 1.015 * wordsPerSentence - 84.6 * syllablesPerWord),
    fleschKincaidGrade: round1(0.39 * wordsPerSentence + 11.8 * syllablesPerWord - 15.59),
  };
}

/** Null for text with no words. The text may be Markdown (a lay summary's body): see `readableText`. */
export function scoreReadability(text: string): Readability | null {
  return scoreCounts(countText(splitSentences(readableText(text))));
}

/** The Flesch formulas are calibrated for English only; other languages get no score rather than a wrong one. */
export function isEnglish(language: string): boolean {
  return /^en(?:-|$)/iu.test(language);
}

export function scoreReadabilityFor(language: string, text: string): Readability | null {
  return isEnglish(language) ? scoreReadability(text) : null;
}
