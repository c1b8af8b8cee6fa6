// The per-isolate vocabulary behind suggestions and "did you mean": the words of public titles, subjects and names in
// MiniSearch's radix tree, for prefix and typo-tolerant look-ups.
import SearchableMap from "minisearch/SearchableMap";
import type { Database } from "../db/client";
import { foldText } from "../records/fold-text";
import { selectVocabularySources, TOPICS_QUERY } from "./queries";
import type { TopicRow } from "./search";

/** How many public items hold a word in their title or subjects, and in their authors' names. */
export type WordUse = { inText: number; inNames: number };

export type Vocabulary = SearchableMap<WordUse>;

const NON_ASCII = /[^\x00-\x7f]/u;
const ASCII_WORD = /[a-z0-9]{3,}/gu;
const WORD = /[\p{L}\p{N}]{3,}/gu;

/** Words of three or more letters as the FTS5 index holds them (lower case, no accents); ASCII skips the costly folding. */
function foldedWords(text: string): string[] {
  return (NON_ASCII.test(text) ? foldText(text).match(WORD) : text.toLowerCase().match(ASCII_WORD)) ?? [];
}

/**
 * Only words, no documents: MiniSearch over the titles and abstracts of 20,000 items took 123 MB of heap (an isolate
 * has 128 MB; docs/architecture.md, "Search: FTS5 for text, MiniSearch for words"). The titles themselves are found
 * through FTS5. Counting is the cost (about 720,000 words for 30,000 items): each word is counted once per item by
 * remembering the last item that counted it, not through a Set per item (230 ms against 500 ms in Node).
 */
export function buildVocabulary(sources: { title: string; people: string; subjects: string }[]): Vocabulary {
  const uses = new Map<string, WordUse & { lastSeen: number }>();
  let source = 0;
  const count = (text: string, field: keyof WordUse) => {
    source++;
    for (const word of foldedWords(text)) {
      const use = uses.get(word);
      if (use === undefined) uses.set(word, { inText: field === "inText" ? 1 : 0, inNames: field === "inNames" ? 1 : 0, lastSeen: source });
      else if (use.lastSeen !== source) {
        use.lastSeen = source;
        use[field]++;
      }
    }
  };
  for (const row of sources) {
    count(`${row.title} ${row.subjects}`, "inText");
    count(row.people, "inNames");
  }
  return SearchableMap.from(uses);
}

/** What an isolate holds: the vocabulary, the topics (they change only with a migration), and the data they follow. */
export type VocabularyEntry = { vocabulary: Vocabulary; topics: TopicRow[]; lastChange: number | null; validUntil: string | null };

let cached: VocabularyEntry | undefined;
let building: Promise<VocabularyEntry> | undefined;

export type VocabularyVersion = { last_change: number | null; next_release: string | null };

/** True when `entry` was built from the data as it is at `version` (read now), and no embargo has ended since. */
export function isCurrent(entry: VocabularyEntry, version: VocabularyVersion, now: string): boolean {
  return entry.lastChange === version.last_change && (entry.validUntil === null || now < entry.validUntil);
}

/** The entry this isolate holds, if any; `isCurrent` tells whether it is behind the data. */
export function currentEntry(): VocabularyEntry | undefined {
  return cached;
}

/**
 * Makes the isolate's vocabulary follow the data at `version` (the last change recorded, read in the caller's own
 * batch, and the next embargo to end). The first request in an isolate waits for the build; after a change, requests
 * go on with the previous vocabulary while one rebuild runs in the background (`waitUntil`). That is safe because the
 * vocabulary only proposes words: every title, person or count shown comes from FTS5 at query time, public items only.
 */
export async function followVocabulary(
  db: Database,
  now: string,
  version: VocabularyVersion,
  waitUntil: (work: Promise<unknown>) => void,
): Promise<Vocabulary> {
  return (await followEntry(db, now, version, waitUntil)).vocabulary;
}

/** `followVocabulary`, answering with the whole entry: the one current at `version`, or the previous one while it is rebuilt. */
export async function followEntry(
  db: Database,
  now: string,
  version: VocabularyVersion,
  waitUntil: (work: Promise<unknown>) => void,
): Promise<VocabularyEntry> {
  const current = cached;
  if (current && isCurrent(current, version, now)) return current;
  building ??= (async () => {
    try {
      const [sources, topics] = await Promise.all([selectVocabularySources(db, now), db.all<TopicRow>(TOPICS_QUERY)]);
      cached = { vocabulary: buildVocabulary(sources), topics, lastChange: version.last_change, validUntil: version.next_release };
      return cached;
    } finally {
      building = undefined;
    }
  })();
  if (current) {
    waitUntil(building);
    return current;
  }
  return building;
}

/** Edits allowed for a word of this length: none for short words, where one edit makes another word. */
function maxEdits(word: string): number {
  return word.length < 4 ? 0 : word.length < 7 ? 1 : 2;
}

/**
 * The repository's closest word to a (folded) word it does not hold at all (a name is a word it holds: `godel` is not
 * corrected to `model`): fewest edits, then most used in titles and subjects.
 */
export function closestWord(vocabulary: Vocabulary, word: string): string | undefined {
  if (vocabulary.has(word) || maxEdits(word) === 0) return undefined;
  let best: { word: string; distance: number; uses: number } | undefined;
  for (const [candidate, [use, distance]] of vocabulary.fuzzyGet(word, maxEdits(word))) {
    if (use.inText === 0) continue;
    if (!best || distance < best.distance || (distance === best.distance && use.inText > best.uses)) best = { word: candidate, distance, uses: use.inText };
  }
  return best?.word;
}

/** At most this many words under a prefix are weighed: a two-letter prefix can cover thousands. */
const PREFIX_SCAN_LIMIT = 2_000;

/**
 * The most used words that start with `prefix` (or, when none does, are one or two edits from it), in titles and
 * subjects (`inText`) and in names (`inNames`): one walk of the tree for both, and the costly typo walk at most once.
 */
export function completeWords(vocabulary: Vocabulary, prefix: string, limit: number): Record<keyof WordUse, string[]> {
  const underPrefix: [string, WordUse][] = [];
  let scanned = 0;
  for (const entry of vocabulary.atPrefix(prefix)) {
    underPrefix.push(entry);
    if (++scanned >= PREFIX_SCAN_LIMIT) break;
  }
  let nearPrefix: [string, WordUse][] | undefined;
  const mostUsed = (field: keyof WordUse) => {
    let found = underPrefix.filter(([, use]) => use[field] > 0);
    if (found.length === 0 && maxEdits(prefix) > 0) {
      nearPrefix ??= [...vocabulary.fuzzyGet(prefix, maxEdits(prefix))].map(([word, [use]]) => [word, use]);
      found = nearPrefix.filter(([, use]) => use[field] > 0);
    }
    return found
      .sort((a, b) => b[1][field] - a[1][field])
      .slice(0, limit)
      .map(([word]) => word);
  };
  return { inText: mostUsed("inText"), inNames: mostUsed("inNames") };
}
