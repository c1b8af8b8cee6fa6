// As-you-type suggestions: topics, people and titles for what has been typed so far, typo tolerant.
import type { ItemKind } from "../../schema/vocabularies";
import { nowIso, readBatch, type Database } from "../db/client";
import { itemPagePath } from "../records/public-documents";
import { foldText } from "../records/fold-text";
import { peopleSuggestionsQuery, titleSuggestionsQuery, TOPICS_QUERY, vocabularyVersionQuery } from "./queries";
import { KIND_OF, type SearchKind, type TopicRow, type WaitUntil } from "./search";
import { closestWord, completeWord, currentVocabulary, followVocabulary, type VocabularyVersion } from "./vocabulary";

export type Suggestion = { type: "title" | "person" | "topic"; label: string; url: string; kind?: SearchKind; id?: string };

/** At most this many words typed are read (the last ones). */
const MAX_SUGGEST_WORDS = 6;

/** At most this many suggestions; people and topics take a few places, titles the rest. */
export const MAX_SUGGESTIONS = 10;

/**
 * As-you-type suggestions for what has been typed so far: topics whose names hold every word, people and titles from
 * FTS5 (each word also tried as the closest known word, the last word also as a prefix and as its likeliest
 * completions), in one round trip to D1.
 */
export async function suggest(db: Database, q: string, waitUntil: WaitUntil): Promise<Suggestion[]> {
  const now = nowIso();
  // The last few words typed are what a suggestion can complete; a one-letter prefix would match most of the index.
  const words = foldText(q).split(" ").filter((w) => w !== "").slice(-MAX_SUGGEST_WORDS);
  const typing = !/\s$/u.test(q);
  if (words.length === 0 || (typing && words.length === 1 && words[0].length < 2)) return [];
  const vocabulary = currentVocabulary() ?? (await followVocabulary(db, now, (await readBatch<[VocabularyVersion]>(db, [vocabularyVersionQuery(now)]))[0][0], waitUntil));
  /** For each word typed, the words that may stand for it: itself, its closest known word, or (the last) its completions. */
  const alternativesFor = (field: "inText" | "inNames") =>
    words.map((word, i) => {
      const alternatives = new Set([word]);
      if (typing && i === words.length - 1) for (const completion of completeWord(vocabulary, word, field, 3)) alternatives.add(completion);
      else if (field === "inText") alternatives.add(closestWord(vocabulary, word) ?? word);
      return [...alternatives];
    });
  /** FTS5: every group in `column`, each by any of its words; the word typed last, as typed, also as a prefix. */
  const inColumn = (column: string, groups: string[][]) =>
    groups
      .map((group, i) => {
        const prefix = typing && i === groups.length - 1 && group[0].length >= 2;
        return `(${group.map((word, j) => `${column} : "${word}"${prefix && j === 0 ? "*" : ""}`).join(" OR ")})`;
      })
      .join(" AND ");
  const textGroups = alternativesFor("inText");
  const nameGroups = alternativesFor("inNames");
  const [titles, authorRows, topicRows, [version]] = await readBatch<
    [{ kind: ItemKind; item_id: string; title: string }, { people: string; person_ids: string }, TopicRow, VocabularyVersion]
  >(db, [
    titleSuggestionsQuery(inColumn("title", textGroups), MAX_SUGGESTIONS, now),
    peopleSuggestionsQuery(inColumn("people", nameGroups), 50, now),
    TOPICS_QUERY,
    vocabularyVersionQuery(now),
  ]);
  // The words above came from the vocabulary as it was; the next request gets it as the data is now.
  void followVocabulary(db, now, version, waitUntil);
  /** True when, for every word typed, one of its alternatives starts a word of `text`. */
  const holdsEvery = (text: string, groups: string[][]) => {
    const textWords = foldText(text).split(" ");
    return groups.every((alternatives) => alternatives.some((a) => textWords.some((w) => w.startsWith(a))));
  };
  const topics = topicRows.filter((t) => holdsEvery(t.name, textGroups)).slice(0, 2);
  // People: the names (among the authors found) that hold every word typed, the most often found first.
  const people = new Map<string, { label: string; count: number }>();
  for (const row of authorRows) {
    const ids = JSON.parse(row.person_ids) as string[];
    row.people.split("; ").forEach((name, i) => {
      if (!ids[i] || !holdsEvery(name, nameGroups)) return;
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
