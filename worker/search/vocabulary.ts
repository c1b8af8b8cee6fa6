// The per-isolate vocabulary behind suggestions and "did you mean": the words of public titles, subjects and names in
// MiniSearch's radix tree, for prefix and typo-tolerant look-ups.
import SearchableMap from "minisearch/SearchableMap";
import type { Database } from "../db/client";
import { foldText } from "../records/fold-text";
import { selectVocabularySources } from "./queries";

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

type Cached = { vocabulary: Vocabulary; lastChange: number | null; validUntil: string | null };

let cached: Cached | undefined;
let building: Promise<Cached> | undefined;

export type VocabularyVersion = { last_change: number | null; next_release: string | null };

function isCurrent(entry: Cached, version: VocabularyVersion, now: string): boolean {
  return entry.lastChange === version.last_change && (entry.validUntil === null || now < entry.validUntil);
}

/** The vocabulary this isolate holds, if any; it may be behind the data until `followVocabulary` is next called. */
export function currentVocabulary(): Vocabulary | undefined {
  return cached?.vocabulary;
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
  const current = cached;
  if (current && isCurrent(current, version, now)) return current.vocabulary;
  building ??= (async () => {
    try {
      const vocabulary = buildVocabulary(await selectVocabularySources(db, now));
      cached = { vocabulary, lastChange: version.last_change, validUntil: version.next_release };
      return cached;
    } finally {
      building = undefined;
    }
  })();
  if (current) {
    waitUntil(building);
    return current.vocabulary;
  }
  return (await building).vocabulary;
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
 * subjects (`inText`) or in names (`inNames`).
 */
export function completeWord(vocabulary: Vocabulary, prefix: string, field: keyof WordUse, limit: number): string[] {
  const found: [string, number][] = [];
  let scanned = 0;
  for (const [word, use] of vocabulary.atPrefix(prefix)) {
    if (use[field] > 0) found.push([word, use[field]]);
    if (++scanned >= PREFIX_SCAN_LIMIT) break;
  }
  if (found.length === 0 && maxEdits(prefix) > 0) {
    for (const [word, [use]] of vocabulary.fuzzyGet(prefix, maxEdits(prefix))) if (use[field] > 0) found.push([word, use[field]]);
  }
  return found
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([word]) => word);
}
