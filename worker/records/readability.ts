// Readability of English lay summaries: Flesch reading ease and Flesch-Kincaid grade, computed on save.

export type Readability = { fleschReadingEase: number; fleschKincaidGrade: number };

/**
 * Vowel groups, less a silent final "e", with a floor of one: the usual heuristic, right for most English words.
 * "iet" is two syllables (anxiety, society, variety), which the vowel-group count alone would miss.
 */
export function countSyllables(word: string): number {
  const w = word.toLowerCase().replace(/[^a-z]/g, "");
  if (w.length === 0) return 0;
  if (w.length <= 3) return 1;
  const trimmed = w.replace(/(?:[^laeiouy]es|[^laeiouy]ed|[^laeiouy]e)$/, "").replace(/^y/, "");
  const groups = trimmed.match(/[aeiouy]{1,2}/g);
  const splitVowels = (trimmed.match(/[^u]iet/g) ?? []).length;
  return Math.max(1, (groups ? groups.length : 0) + splitVowels);
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

/** Null for text with no words. Sentences end at `.`, `!` or `?`, or at a blank line; text with none counts as one. */
export function scoreReadability(text: string): Readability | null {
  const words = text.match(/[A-Za-z\u00C0-\u024F]+(?:['’-][A-Za-z\u00C0-\u024F]+)*/g) ?? [];
  if (words.length === 0) return null;
  const sentences = Math.max(1, text.split(/[.!?]+(?=\s|$)|\n\s*\n/).filter((s) => /[A-Za-z]/.test(s)).length);
  const syllables = words.reduce((sum, word) => sum + countSyllables(word), 0);
  const wordsPerSentence = words.length / sentences;
  const syllablesPerWord = syllables / words.length;
  return {
    fleschReadingEase: round1(206.835 - 1.015 * wordsPerSentence - 84.6 * syllablesPerWord),
    fleschKincaidGrade: round1(0.39 * wordsPerSentence + 11.8 * syllablesPerWord - 15.59),
  };
}

/** The Flesch formulas are calibrated for English only; other languages get no score rather than a wrong one. */
export function scoreReadabilityFor(language: string, text: string): Readability | null {
  return /^en(?:-|$)/i.test(language) ? scoreReadability(text) : null;
}
