// As-you-type suggestions: topics, people and titles for what has been typed so far, typo tolerant.
import type { ItemKind } from "../../schema/vocabularies";
import { nowIso, readBatch, type Database } from "../db/client";
import { itemPagePath } from "../records/public-documents";
import { foldText } from "../records/fold-text";
import { vocabularyVersionQuery } from "./queries";
import { peopleSuggestionsQuery, titleSuggestionsQuery } from "./suggest-queries";
import { KIND_OF, type SearchKind, type TopicRow, type WaitUntil } from "./search";
import { closestWord, completeWords, currentEntry, followEntry, isCurrent, type Vocabulary, type VocabularyEntry, type VocabularyVersion } from "./vocabulary";

export type Suggestion = { type: "title" | "person" | "topic"; label: string; url: string; kind?: SearchKind; id?: string };

/** At most this many words typed are read (the last ones). */
const MAX_SUGGEST_WORDS = 6;

/** At most this many suggestions; people and topics take a few places, titles the rest. */
export const MAX_SUGGESTIONS = 10;

/** How many of the newest public items that name the words typed the people suggested are picked from. */
const PEOPLE_SOURCES = 50;

/** What a suggestion for some words looks up: the words, and the FTS5 expressions for titles and for names. */
export type SuggestionPlan = {
  /** For each word typed, the words that may stand for it in titles and subjects: itself, its closest known word, or (the last) its completions. */
  textGroups: string[][];
  /** The same for names, where only the last word is completed. */
  nameGroups: string[][];
  titleMatch: string;
  peopleMatch: string;
};

/** The words typed that a suggestion reads (the last few), and whether the last is still being typed; none when too short. */
export function readTyped(q: string): { words: string[]; typing: boolean } {
  // The last few words typed are what a suggestion can complete; a one-letter prefix would match most of the index.
  const words = foldText(q).split(" ").filter((w) => w !== "").slice(-MAX_SUGGEST_WORDS);
  const typing = !/\s$/u.test(q);
  if (words.length === 0 || (typing && words.length === 1 && words[0].length < 2)) return { words: [], typing };
  return { words, typing };
}

/**
 * The look-ups for `words`: each word also tried as the closest known word in titles, the last word (while it is
 * being typed) also as a prefix and as its likeliest completions. Pure: bench/suggest-profile.mjs times it in Node.
 */
export function planSuggestions(vocabulary: Vocabulary, words: string[], typing: boolean): SuggestionPlan {
  const last = words.length - 1;
  const completions = typing ? completeWords(vocabulary, words[last], 3) : undefined;
  const textGroups = words.map((word, i) => [
    ...new Set([word, ...(completions && i === last ? completions.inText : [closestWord(vocabulary, word) ?? word])]),
  ]);
  const nameGroups = words.map((word, i) => [...new Set([word, ...(completions && i === last ? completions.inNames : [])])]);
  /** FTS5: every group in `column`, each by any of its words; the word typed last, as typed, also as a prefix. */
  const inColumn = (column: string, groups: string[][]) =>
    groups
      .map((group, i) => {
        const prefix = typing && i === groups.length - 1 && group[0].length >= 2;
        return `(${group.map((word, j) => `${column} : "${word}"${prefix && j === 0 ? "*" : ""}`).join(" OR ")})`;
      })
      .join(" AND ");
  return { textGroups, nameGroups, titleMatch: inColumn("title", textGroups), peopleMatch: inColumn("people", nameGroups) };
}

const ASCII = /^[\x00-\x7f]*$/u;

/** True when, for every word typed, one of its alternatives starts a word of `text`. */
function holdsEvery(text: string, groups: string[][]): boolean {
  // Folding ASCII is lower-casing: a name that does not even contain the words is out before it is split into words,
  // which matters for the items with hundreds of authors (282 names: 0.27 ms against 0.58, in Node).
  if (ASCII.test(text)) {
    const lower = text.toLowerCase();
    if (!groups.every((alternatives) => alternatives.some((a) => lower.includes(a)))) return false;
  }
  const textWords = foldText(text).split(" ");
  return groups.every((alternatives) => alternatives.some((a) => textWords.some((w) => w.startsWith(a))));
}

type TitleRow = { kind: ItemKind; item_id: string; title: string };
type AuthorRow = { people: string; person_ids: string };

/** Topics, then people, then titles, at most `MAX_SUGGESTIONS`. */
export function composeSuggestions(plan: SuggestionPlan, topicRows: TopicRow[], authorRows: AuthorRow[], titles: TitleRow[]): Suggestion[] {
  const topics = topicRows.filter((t) => holdsEvery(t.name, plan.textGroups)).slice(0, 2);
  // People: the names (among the authors found) that hold every word typed, the most often found first.
  const people = new Map<string, { label: string; count: number }>();
  for (const row of authorRows) {
    let ids: string[] | undefined;
    row.people.split("; ").forEach((name, i) => {
      if (!holdsEvery(name, plan.nameGroups)) return;
      ids ??= JSON.parse(row.person_ids) as string[];
      if (!ids[i]) return;
      const person = people.get(ids[i]) ?? { label: name, count: 0 };
      person.count++;
      people.set(ids[i], person);
    });
  }
  const topPeople = [...people].sort((a, b) => b[1].count - a[1].count).slice(0, 3);
  const suggestions: Suggestion[] = [
    ...topics.map((t) => ({ type: "topic" as const, label: t.name, url: `/api/search?topic=${t.slug}` })),
    ...topPeople.map(([id, p]) => ({ type: "person" as const, label: p.label, url: `/api/search?person=${id}` })),
  ];
  for (const t of titles.slice(0, MAX_SUGGESTIONS - suggestions.length)) {
    suggestions.push({ type: "title", label: t.title, url: itemPagePath(t.kind, t.item_id), kind: KIND_OF[t.kind], id: t.item_id });
  }
  return suggestions;
}

/** How many answers an isolate remembers for the data as it is: the short prefixes everyone types first are the costly ones. */
const REMEMBERED_ANSWERS = 500;

/** Answers given, by words typed, for the data a vocabulary entry was built from: a new entry starts with none. */
const answersByEntry = new WeakMap<VocabularyEntry, Map<string, Suggestion[]>>();

function rememberedAnswer(entry: VocabularyEntry, key: string): Suggestion[] | undefined {
  const answers = answersByEntry.get(entry);
  const answer = answers?.get(key);
  if (answers && answer) {
    // Most recently used last, so the oldest is the one forgotten.
    answers.delete(key);
    answers.set(key, answer);
  }
  return answer;
}

function rememberAnswer(entry: VocabularyEntry, key: string, answer: Suggestion[]): void {
  let answers = answersByEntry.get(entry);
  if (!answers) answersByEntry.set(entry, (answers = new Map()));
  answers.set(key, answer);
  if (answers.size > REMEMBERED_ANSWERS) answers.delete(answers.keys().next().value as string);
}

/**
 * As-you-type suggestions for what has been typed so far: topics whose names hold every word (from the isolate's
 * vocabulary entry), people and titles from FTS5, in one round trip to D1 that also reads the data's version. An
 * answer given while the entry was current is given again, for the same words, as long as the version read with
 * the request is still the entry's: then nothing has been written and no embargo has ended since.
 */
export async function suggest(db: Database, q: string, waitUntil: WaitUntil): Promise<Suggestion[]> {
  const now = nowIso();
  const { words, typing } = readTyped(q);
  if (words.length === 0) return [];
  const entry = currentEntry() ?? (await followEntry(db, now, await readVersion(db, now), waitUntil));
  const key = `${typing ? "typing" : "typed"}:${words.join(" ")}`;
  const remembered = rememberedAnswer(entry, key);
  if (remembered) {
    const version = await readVersion(db, now);
    if (isCurrent(entry, version, now)) return remembered;
    void followEntry(db, now, version, waitUntil);
  }
  const plan = planSuggestions(entry.vocabulary, words, typing);
  const [titles, authorRows, [version]] = await readBatch<[TitleRow, AuthorRow, VocabularyVersion]>(db, [
    titleSuggestionsQuery(plan.titleMatch, MAX_SUGGESTIONS, now),
    peopleSuggestionsQuery(plan.peopleMatch, PEOPLE_SOURCES, now),
    vocabularyVersionQuery(now),
  ]);
  const suggestions = composeSuggestions(plan, entry.topics, authorRows, titles);
  // The words above came from the vocabulary as it was; the next request gets it as the data is now.
  if (isCurrent(entry, version, now)) rememberAnswer(entry, key, suggestions);
  else void followEntry(db, now, version, waitUntil);
  return suggestions;
}

async function readVersion(db: Database, now: string): Promise<VocabularyVersion> {
  return (await readBatch<[VocabularyVersion]>(db, [vocabularyVersionQuery(now)]))[0][0];
}
