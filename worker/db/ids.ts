// Identifiers for items and people: ULIDs (time-ordered, so newest-first pagination is ordering by id), not guessable from one another.

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** The first characters of the random part count the ids made in one millisecond, so they still sort in order made. */
const SEQUENCE_CHARACTERS = 3;
const SEQUENCE_LIMIT = 32 ** SEQUENCE_CHARACTERS;
const RANDOM_CHARACTERS = 16 - SEQUENCE_CHARACTERS;

let lastTime = -1;
let sequence = 0;

function encode(value: number, characters: number): string {
  let out = "";
  for (let i = 0; i < characters; i++) {
    out = CROCKFORD[value % 32] + out;
    value = Math.floor(value / 32);
  }
  return out;
}

/** 65 fresh random bits (13 characters) for every id. */
function freshRandom(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(RANDOM_CHARACTERS));
  return Array.from(bytes, (b) => CROCKFORD[b % 32]).join("");
}

/**
 * Monotonic within one isolate: ids made in the same millisecond sort in the order they were made, by a counter, and
 * each has its own fresh random part. (Monotonic ULIDs add one to the last id's random part instead, which made a
 * paper's first author's id the paper's id plus one: knowing one id told the next.) After 32,768 ids in one
 * millisecond, or when the clock steps back, ids carry on from the next millisecond.
 */
export function newId(): string {
  const now = Date.now();
  if (now > lastTime) {
    lastTime = now;
    sequence = 0;
  } else if (++sequence === SEQUENCE_LIMIT) {
    lastTime++;
    sequence = 0;
  }
  return encode(lastTime, 10) + encode(sequence, SEQUENCE_CHARACTERS) + freshRandom();
}

export function isId(value: string): boolean {
  return /^[0-9A-HJKMNP-TV-Z]{26}$/.test(value);
}
