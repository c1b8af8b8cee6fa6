// The benchmark's fixed questions: 500 searches of every kind a person asks, and 200 as-you-type prefixes.
import { seededRandom } from "./synthetic-corpus.mjs";

/** The fixed query set: every run asks the same 535 questions in the same order (the first 500 as before equity). */
export function buildQueries(corpus) {
  const random = seededRandom(7);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const { vocabulary, publications } = corpus;
  const rankBetween = (lo, hi) => vocabulary[lo + Math.floor(random() * (hi - lo))];
  const titleWords = () => pick(publications).title.split(" ").filter((w) => w.length > 3);
  const queries = [];
  const add = (type, query, extra = "") => queries.push({ type, query, extra });
  for (let i = 0; i < 50; i++) add("word: common", rankBetween(25, 200));
  for (let i = 0; i < 50; i++) add("word: middle", rankBetween(200, 3_000));
  for (let i = 0; i < 50; i++) add("word: rare", rankBetween(3_000, vocabulary.length));
  for (let i = 0; i < 100; i++) {
    const words = titleWords();
    add("two words", i < 70 ? `${pick(words)} ${pick(words)}` : `${rankBetween(25, 400)} ${rankBetween(25, 400)}`);
  }
  for (let i = 0; i < 50; i++) {
    const words = titleWords();
    add("three words", `${pick(words)} ${pick(words)} ${pick(words)}`);
  }
  for (let i = 0; i < 50; i++) {
    const words = pick(publications).abstract.replace(/[.]/gu, "").split(" ");
    const start = Math.floor(random() * (words.length - 3));
    add("phrase", `"${words.slice(start, start + 2 + (i % 2)).join(" ").toLowerCase()}"`);
  }
  for (let i = 0; i < 50; i++) {
    const word = rankBetween(25, 3_000).padEnd(4, "s");
    add("prefix", `${word.slice(0, 4 + (i % 3))}*`);
  }
  for (let i = 0; i < 50; i++) {
    const word = titleWords().find((w) => w.length >= 6) ?? "inequalities";
    const at = 1 + Math.floor(random() * (word.length - 2));
    add("misspelling", i % 2 ? word.slice(0, at) + word.slice(at + 1) : word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2));
  }
  const filters = [
    "&kind=briefing",
    "&kind=publication&year_from=2020",
    "&year_from=2010&year_to=2015",
    "&sort=newest",
    "&topic=housing-homelessness",
    "&topic=income-debt-poverty&topic=work-and-employment",
    "&kind=lay-summary",
  ];
  for (let i = 0; i < 35; i++) add("filters", rankBetween(25, 1_000), filters[i % filters.length]);
  for (let i = 0; i < 15; i++) {
    const publication = pick(publications);
    add("field", i % 2 ? `title:${pick(titleWords())}` : `author:${publication.authors[0].split(",")[0]}`);
  }
  // Equity facets (bench-corpus.mjs tags the synthetic items): a region that finds its boards' items, the journalist's
  // three facets at once, and the same filters with no words at all.
  const equity = [
    "&place=north-west",
    "&life-course=perinatal&population-group=minority-ethnic-communities",
    "&place=greater-manchester&kind=publication",
    "&socioeconomic-position=debt&place=england",
    "&life-course=perinatal&population-group=minority-ethnic-communities&place=north-west",
  ];
  for (let i = 0; i < 25; i++) add("equity filters", rankBetween(25, 1_000), equity[i % equity.length]);
  for (let i = 0; i < 10; i++) add("equity, no words", "", equity[i % equity.length]);
  return queries;
}

export function buildSuggestions(corpus) {
  const random = seededRandom(11);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const suggestions = [];
  for (let i = 0; i < 200; i++) {
    const publication = pick(corpus.publications);
    const words = publication.title.split(" ").filter((w) => w.length > 4);
    const word = pick(words.length > 0 ? words : ["inequalities"]);
    if (i % 4 === 0) suggestions.push(publication.authors[0].split(",")[0].slice(0, 4));
    else if (i % 4 === 1) suggestions.push(`${pick(words.length > 0 ? words : ["mental"])} ${word.slice(0, 3)}`);
    else if (i % 4 === 2) suggestions.push(word.slice(0, 2) + word.slice(3, 6));
    else suggestions.push(word.slice(0, 3 + (i % 3)));
  }
  return suggestions;
}
