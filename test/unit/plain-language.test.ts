import { describe, expect, it } from "vitest";
import { PLAIN_LANGUAGE_GLOSSARY } from "../../schema/plain-language-glossary";
import {
  briefingCheckText,
  checkPlainLanguage,
  findFrequencies,
  findJargon,
  findPassiveClauses,
  naturalFrequency,
  readingAgeOf,
} from "../../worker/records/plain-language";
import { readableText, scoreReadability, splitSentences } from "../../worker/records/readability";

const terms = (text: string) => findJargon(text).map((f) => [f.term.term, f.text]);

describe("reading ease, grade and age", () => {
  it("matches the Flesch formulas on a text counted by hand", () => {
    // "The cat sat on the mat." 6 words, 6 syllables.
    // "We talked to people about money." 6 words: we 1, talked 1, to 1, peo-ple 2, a-bout 2, mon-ey 2 = 9 syllables.
    // "Many felt worried and alone." 5 words: man-y 2, felt 1, wor-ried 2, and 1, a-lone 2 = 8 syllables.
    // 17 words, 3 sentences, 23 syllables: 17/3 = 5.667 words a sentence, 23/17 = 1.353 syllables a word.
    // Reading ease = 206.835 - 1.015 * 5.667 - 84.6 * 1.353 = 206.835 - 5.752 - 114.459 = 86.62, so 86.6.
    // Grade = 0.39 * 5.667 + 11.8 * 1.353 - 15.59 = 2.210 + 15.965 - 15.59 = 2.58, so 2.6; reading age 2.58 + 5 = 7.58, so 8.
    const check = checkPlainLanguage("The cat sat on the mat. We talked to people about money. Many felt worried and alone.", "en", 12);
    expect(check.counts).toMatchObject({ words: 17, sentences: 3, syllables: 23 });
    expect(check.readability).toMatchObject({ flesch_reading_ease: 86.6, flesch_kincaid_grade: 2.6, reading_age: 8, meets_target: true });
    expect(check.readability!.statement).toBe("Reading age 8: most people aged 8 and over can read it.");
    expect(check.readability!.target_statement).toBe("It meets the target of reading age 12 or below.");
    expect(check.counts!.statement).toBe("The text has three sentences and 17 words, six words a sentence on average.");
    expect(check.statements).toContain(check.counts!.statement);
    // "worried" describes how they felt: not a passive verb.
    expect(check.passive_voice!.clauses).toEqual([]);
  });

  it("reads the UK reading age as the US grade plus 5, and says by how much a hard text misses the target", () => {
    expect(readingAgeOf(6.4)).toBe(11);
    expect(readingAgeOf(-2)).toBe(5);
    const hard = checkPlainLanguage(
      "Socioeconomic determinants of psychological morbidity demonstrate considerable heterogeneity across epidemiological investigations.",
      "en",
      12,
    );
    expect(hard.readability!.meets_target).toBe(false);
    expect(hard.readability!.reading_age).toBeGreaterThan(20);
    expect(hard.readability!.target_statement).toMatch(/^It is above the target of reading age 12 or below, by \d+ years: use shorter sentences and everyday words\.$/u);
  });

  it("scores Markdown as the words a reader reads, the same on save as in the check", () => {
    const markdown = "## What we found\n\nPeople felt low. See [the paper](https://example.org/a-very-long-address/with/many/parts).\n\n- Jobs were few\n- Buses stopped";
    expect(readableText(markdown)).not.toContain("https");
    expect(splitSentences(readableText(markdown)).map((s) => s.text)).toEqual(["What we found", "People felt low.", "See the paper.", "Jobs were few", "Buses stopped"]);
    const check = checkPlainLanguage(markdown, "en", 12);
    expect(check.readability!.flesch_reading_ease).toBe(scoreReadability(markdown)!.fleschReadingEase);
  });

  it("does not end a sentence at e.g., et al. or a decimal point", () => {
    // "e.g." is two words, "e" and "g", as the word count has always read it.
    expect(splitSentences("Some help, e.g. a call, worked. Smith et al. found 2.5 times more.").map((s) => s.words.length)).toEqual([7, 6]);
  });

  it("checks no text in a language other than English, and says so", () => {
    const welsh = checkPlainLanguage("Roedd pobl yn unig. Roedd y bysiau wedi stopio.", "cy", 12);
    expect(welsh).toMatchObject({ english: false, readability: null, long_sentences: null, passive_voice: null, jargon: null, natural_frequencies: null });
    expect(welsh.statements).toEqual([expect.stringMatching(/^The plain-language check reads English only, so this text \(language “cy”\) was not checked/u)]);
    expect(checkPlainLanguage("  ", "en", 12).statements).toEqual(["There is no text to check yet."]);
  });
});

describe("the jargon glossary", () => {
  it("has at least 60 terms, each with a plain alternative", () => {
    expect(PLAIN_LANGUAGE_GLOSSARY.length).toBeGreaterThanOrEqual(60);
    for (const entry of PLAIN_LANGUAGE_GLOSSARY) expect(entry.plain.length, entry.term).toBeGreaterThan(2);
    expect(new Set(PLAIN_LANGUAGE_GLOSSARY.map((t) => t.term.toLowerCase())).size).toBe(PLAIN_LANGUAGE_GLOSSARY.length);
  });

  it("matches whole words in any case, with plurals and British or American spelling", () => {
    expect(terms("Two Cohorts took part.")).toEqual([["cohort", "Cohorts"]]);
    expect(terms("Comorbidities were common.")).toEqual([["comorbidity", "Comorbidities"]]);
    expect(terms("The etiology is unclear, as is the aetiology.")).toEqual([
      ["aetiology", "etiology"],
      ["aetiology", "aetiology"],
    ]);
    expect(terms("A randomized controlled trial and two randomised controlled trials.")).toEqual([
      ["randomised controlled trial", "randomized controlled trial"],
      ["randomised controlled trial", "randomised controlled trials"],
    ]);
    expect(terms("People were referred to IAPT and CAMHS; some had SMI.")).toEqual([
      ["IAPT", "IAPT"],
      ["CAMHS", "CAMHS"],
      ["SMI", "SMI"],
    ]);
    expect(terms("Socio-economic and socioeconomic position.")).toEqual([
      ["socioeconomic", "Socio-economic"],
      ["socioeconomic status", "socioeconomic position"],
    ]);
  });

  it("prefers the longer term, and leaves words that only contain a term alone", () => {
    expect(terms("A psychosocial intervention helped.")).toEqual([["psychosocial intervention", "psychosocial intervention"]]);
    expect(terms("She smiled; the cohorting rule; acuteness; an ace at cards.")).toEqual([]);
    expect(terms("Children with an ACE.")).toEqual([["ACE", "ACE"]]);
  });

  it("lists each term once with every place it was found and its plain alternative", () => {
    const check = checkPlainLanguage("The cohort was large. Later the cohort grew. Prevalence was high.", "en", 12);
    expect(check.jargon!.terms).toEqual([
      { term: "cohort", plain: "group of people followed over time", note: null, found: [{ text: "cohort", sentence: 1 }, { text: "cohort", sentence: 2 }] },
      { term: "prevalence", plain: "how common it is", note: "Give it as a natural frequency: \"1 in 4 people\".", found: [{ text: "Prevalence", sentence: 3 }] },
    ]);
    expect(check.jargon!.statement).toBe("The text uses two terms from the jargon list, such as “cohort”: say “group of people followed over time”.");
  });
});

describe("long sentences", () => {
  it("lists sentences over 25 words with their counts, and says how many in words", () => {
    const long = "We asked people who rent their homes in towns and cities across the North West how they felt about money and housing and work and their health over a year";
    expect(long.split(" ").length).toBe(30);
    const text = `${long}. Some were fine. ${long}, and more. Many were not. ${"Short one. ".repeat(5)}`;
    const check = checkPlainLanguage(text, "en", 12);
    expect(check.long_sentences!.sentences.map((s) => [s.number, s.words])).toEqual([
      [1, 30],
      [3, 32],
    ]);
    expect(check.long_sentences!.statement).toBe("Two of nine sentences are longer than 25 words.");
    const exactly25 = checkPlainLanguage(`${"word ".repeat(24)}end.`, "en", 12);
    expect(exactly25.long_sentences!.statement).toBe("No sentence is longer than 25 words.");
  });
});

describe("passive voice", () => {
  it("finds a form of to be with a past participle, regular or irregular, through adverbs", () => {
    expect(findPassiveClauses("Participants were recruited from GP surgeries.")).toEqual(["were recruited"]);
    expect(findPassiveClauses("It has been shown that help is not always given.")).toEqual(["been shown", "is not always given"]);
    expect(findPassiveClauses("The forms are being reviewed.")).toEqual(["are being reviewed"]);
    expect(findPassiveClauses("The data were taken and the results were written up.")).toEqual(["were taken", "were written"]);
  });

  it("leaves active verbs, states described by adjectives, and -eed words alone", () => {
    expect(findPassiveClauses("We recruited parents. They talked to us.")).toEqual([]);
    expect(findPassiveClauses("They were worried and tired, and she was married.")).toEqual([]);
    expect(findPassiveClauses("What is needed is help; there is a need.")).toEqual(["is needed"]);
    expect(findPassiveClauses("The speed was high. Help is indeed there. She was born in 1990.")).toEqual([]);
  });

  it("says how many in a sentence that quotes the first", () => {
    const check = checkPlainLanguage("People were asked about money. They were given vouchers. We thank them.", "en", 12);
    expect(check.passive_voice!.clauses).toEqual([
      { sentence: 1, text: "were asked" },
      { sentence: 2, text: "were given" },
    ]);
    expect(check.passive_voice!.statement).toBe("The check found two verbs in the passive voice, such as “were asked”: say who does what.");
  });
});

describe("natural frequencies", () => {
  it("turns percentages and proportions into 1 in n, saying about when it is not exact", () => {
    expect(naturalFrequency(0.25)).toEqual({ words: "1 in 4", exact: true });
    expect(naturalFrequency(0.33)).toEqual({ words: "about 1 in 3", exact: false });
    expect(naturalFrequency(0.4)).toEqual({ words: "2 in 5", exact: true });
    expect(naturalFrequency(0.75)).toEqual({ words: "3 in 4", exact: true });
    expect(naturalFrequency(0.12)).toEqual({ words: "about 1 in 8", exact: false });
    expect(naturalFrequency(0.05)).toEqual({ words: "1 in 20", exact: true });
    expect(naturalFrequency(0.07)).toEqual({ words: "7 in 100", exact: true });
    expect(naturalFrequency(0.003)).toEqual({ words: "3 in 1,000", exact: true });
    expect(naturalFrequency(0.0003)).toEqual({ words: "about 1 in 3,300", exact: false });
    expect(naturalFrequency(0.99)).toEqual({ words: "99 in 100", exact: true });
    expect(naturalFrequency(1)).toBeNull();
  });

  it("finds figures in text, but not p-values, ratios or changes", () => {
    expect(findFrequencies("25% of renters and 33 per cent of owners, or 0.5 of them, said so.")).toEqual([
      { text: "25%", natural_frequency: "1 in 4", exact: true },
      { text: "33 per cent", natural_frequency: "about 1 in 3", exact: false },
      { text: "0.5", natural_frequency: "1 in 2", exact: true },
    ]);
    expect(findFrequencies("The difference was significant (p = 0.03); the odds ratio was 0.4.")).toEqual([]);
    expect(findFrequencies("Referrals rose by 25% and were 10% higher in winter.")).toEqual([]);
  });

  it("says so in a sentence a journalist can quote", () => {
    const check = checkPlainLanguage("About 25% of people felt low.", "en", 12);
    expect(check.natural_frequencies).toEqual({
      figures: [{ text: "25%", sentence: 1, natural_frequency: "1 in 4", exact: true }],
      statement: "The text has one figure that would read better as a natural frequency, such as “25%”: say “1 in 4”.",
    });
  });
});

describe("a briefing's text", () => {
  it("checks the summary, each key message as a sentence and the body", () => {
    const text = briefingCheckText({ summary: "Councils can help.", key_messages: ["Debt advice works", "Act early"], body: "The cohort was small." });
    expect(splitSentences(readableText(text)).map((s) => s.text)).toEqual(["Councils can help.", "Debt advice works", "Act early", "The cohort was small."]);
  });
});

describe("quotable sentences at the ends of the scales", () => {
  it("keeps ease within 0 to 100, grade at 0 or more, and calls a reading age over 18 adult", () => {
    const easy = checkPlainLanguage("Go. Run. Sit. Eat.", "en", 12).readability!;
    expect(easy.flesch_reading_ease).toBeGreaterThan(100);
    expect(easy.ease_statement).toMatch(/^Flesch reading ease 100 out of 100 .*school grade 0\.0\.$/u);
    const hard = checkPlainLanguage(
      "Socioeconomic determinants of psychological morbidity demonstrate considerable heterogeneity across epidemiological investigations of intergenerational disadvantage, notwithstanding methodological inconsistencies characterising observational epidemiology.",
      "en",
      12,
    ).readability!;
    expect(hard.flesch_reading_ease).toBeLessThan(0);
    expect(hard.ease_statement).toMatch(/^Flesch reading ease 0 out of 100/u);
    expect(hard.statement).toBe("Reading age over 18: written for adult readers with further education.");
  });
});
