// The per-isolate MiniSearch index of short fields (title words, keywords, topics, people) behind suggestions and "did you mean".
import MiniSearch from "minisearch";
import type { Database } from "../db/client";
import { foldText } from "../records/fold-text";
import { selectTopics, selectVocabularySources, selectVocabularyVersion } from "./queries";

/** A word from titles, keywords and topic names; a person who wrote something public; a topic. */
export type VocabularyEntry =
  | { type: "word"; label: string; count: number }
  | { type: "person"; label: string; personId: string; count: number }
  | { type: "topic"; label: string; slug: string; count: number };

export type Vocabulary = {
  /** Folded word → number of public items whose title or subjects hold it. */
  wordCounts: Map<string, number>;
  search(text: string, options: { types: VocabularyEntry["type"][]; prefix: boolean; limit: number }): VocabularyEntry[];
};

/**
 * Only short fields are indexed here: DESIGN.md measured MiniSearch over titles and abstracts of 20,000 items at
 * 123 MB of heap (the isolate has 128 MB). Each distinct word and person is one tiny document instead, and the
 * titles themselves are found through FTS5.
 */
function buildVocabulary(
  sources: { title: string; people: string; person_ids: string; subjects: string }[],
  topics: { slug: string; name: string }[],
): Vocabulary {
  const wordCounts = new Map<string, number>();
  const people = new Map<string, { label: string; count: number }>();
  for (const source of sources) {
    for (const word of new Set(foldText(`${source.title} ${source.subjects}`).split(" "))) {
      if (word.length >= 3 && !/^\d+$/u.test(word)) wordCounts.set(word, (wordCounts.get(word) ?? 0) + 1);
    }
    const ids = JSON.parse(source.person_ids) as string[];
    const names = source.people === "" ? [] : source.people.split("; ");
    ids.forEach((id, i) => {
      const person = people.get(id);
      if (person) person.count++;
      else if (names[i]) people.set(id, { label: names[i], count: 1 });
    });
  }
  const entries: VocabularyEntry[] = [
    ...[...wordCounts].map(([label, count]) => ({ type: "word" as const, label, count })),
    ...[...people].map(([personId, p]) => ({ type: "person" as const, label: p.label, personId, count: p.count })),
    ...topics.map((t) => ({ type: "topic" as const, label: t.name, slug: t.slug, count: 1 })),
  ];
  const index = new MiniSearch<{ id: number; text: string }>({
    fields: ["text"],
    processTerm: (term) => foldText(term) || null,
    tokenize: (text) => text.split(/[^\p{L}\p{N}]+/u),
  });
  index.addAll(entries.map((entry, id) => ({ id, text: entry.label })));
  return {
    wordCounts,
    search(text, options) {
      const types = new Set(options.types);
      const hits = index.search(text, {
        prefix: (term, i, terms) => options.prefix && i === terms.length - 1,
        fuzzy: (term) => (term.length < 4 ? false : term.length < 7 ? 1 : 2),
        combineWith: "AND",
        filter: (hit) => types.has(entries[hit.id as number].type),
        boostDocument: (id) => 1 + Math.log10(entries[id as number].count),
      });
      return hits.slice(0, options.limit).map((hit) => entries[hit.id as number]);
    },
  };
}

type Cached = { vocabulary: Vocabulary; lastChange: number | null; validUntil: string | null };

let cached: Cached | undefined;
let building: Promise<Cached> | undefined;

/**
 * The isolate's vocabulary, rebuilt only when the data changed since it was built (a write anywhere, on any isolate,
 * or an embargo that has since ended). Checking costs one small query; concurrent requests share one rebuild.
 */
export async function loadVocabulary(db: Database, now: string): Promise<Vocabulary> {
  const version = await selectVocabularyVersion(db, now);
  const current = cached;
  if (current && current.lastChange === version.last_change && (current.validUntil === null || now < current.validUntil)) {
    return current.vocabulary;
  }
  building ??= (async () => {
    try {
      const [sources, topics] = await Promise.all([selectVocabularySources(db, now), selectTopics(db)]);
      cached = { vocabulary: buildVocabulary(sources, topics), lastChange: version.last_change, validUntil: version.next_release };
      return cached;
    } finally {
      building = undefined;
    }
  })();
  return (await building).vocabulary;
}

/** Levenshtein distance, for choosing the closest of MiniSearch's fuzzy candidates. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/** The repository's closest word to a (folded) word it does not hold: fewest edits first, then the most used. */
export function closestWord(vocabulary: Vocabulary, word: string): string | undefined {
  if (vocabulary.wordCounts.has(word)) return undefined;
  const candidates = vocabulary
    .search(word, { types: ["word"], prefix: false, limit: 20 })
    .map((entry) => ({ word: entry.label, distance: editDistance(word, entry.label), count: entry.count }))
    .sort((a, b) => a.distance - b.distance || b.count - a.count);
  return candidates[0]?.word;
}
