// Reads what a person types into the search box and writes it as an FTS5 query in which nothing they type is syntax.

/** The field prefixes a query may use, and the `search_fts` column each one searches. */
const FIELDS: Record<string, string> = { title: "title", author: "people", doi: "doi" };

/** At most this many terms are read; the rest of a very long query is ignored rather than refused. */
export const MAX_QUERY_TERMS = 32;

export type QueryTerm = {
  /** Tokens as FTS5's unicode61 tokenizer splits them: letters and digits. `covid-19` is the phrase `covid 19`. */
  tokens: string[];
  phrase: boolean;
  prefix: boolean;
  column?: string;
};

export type ParsedQuery = {
  /** Every group must match; a group matches when any of its terms does (`debt OR poverty anxiety`). */
  groups: QueryTerm[][];
  excluded: QueryTerm[];
  /** Plain words as typed (no phrase, prefix or field): what a spelling suggestion may correct. */
  plainWords: string[];
};

const TOKEN = /[\p{L}\p{N}\p{Co}]+/gu;

function tokensOf(text: string): string[] {
  return text.normalize("NFC").match(TOKEN) ?? [];
}

type RawTerm = { text: string; phrase: boolean; negated: boolean; field?: string; or?: true };

/**
 * Splits the query into raw terms. An unclosed quote is read as plain words; a lone `-` or `*` is punctuation; an
 * unknown `field:` prefix is read as a word.
 */
function scanTerms(query: string): RawTerm[] {
  const terms: RawTerm[] = [];
  let i = 0;
  while (i < query.length) {
    if (/\s/u.test(query[i])) {
      i++;
      continue;
    }
    let negated = false;
    let field: string | undefined;
    let j = i;
    if (query[j] === "-") {
      negated = true;
      j++;
    }
    const fieldMatch = /^([a-z]+):(?=\S)/iu.exec(query.slice(j));
    if (fieldMatch && FIELDS[fieldMatch[1].toLowerCase()]) {
      field = FIELDS[fieldMatch[1].toLowerCase()];
      j += fieldMatch[0].length;
    }
    if (query[j] === '"') {
      const close = query.indexOf('"', j + 1);
      if (close > j) {
        terms.push({ text: query.slice(j + 1, close), phrase: true, negated, field });
        i = close + 1;
        continue;
      }
      j++; // an unclosed quote: the rest is read as plain words
    }
    let end = j;
    while (end < query.length && !/\s/u.test(query[end]) && query[end] !== '"') end++;
    const text = query.slice(j, end);
    if (text === "OR" && !negated && !field) terms.push({ text, phrase: false, negated: false, or: true });
    else terms.push({ text, phrase: false, negated, field });
    i = end === j ? j + 1 : end;
  }
  return terms;
}

export function parseQuery(query: string): ParsedQuery {
  const parsed: ParsedQuery = { groups: [], excluded: [], plainWords: [] };
  let joinNext = false;
  let count = 0;
  for (const raw of scanTerms(query)) {
    if (raw.or) {
      joinNext = parsed.groups.length > 0;
      continue;
    }
    // A one-letter prefix would match most of the index: `a*` is read as the word `a`.
    const prefix = !raw.phrase && /[\p{L}\p{N}]{2}\*$/u.test(raw.text);
    const tokens = tokensOf(raw.text);
    if (tokens.length === 0 || count >= MAX_QUERY_TERMS) continue;
    count++;
    const term: QueryTerm = { tokens, phrase: raw.phrase || tokens.length > 1, prefix, ...(raw.field ? { column: raw.field } : {}) };
    if (raw.negated) {
      parsed.excluded.push(term);
      joinNext = false;
      continue;
    }
    if (!raw.phrase && !prefix && !raw.field && tokens.length === 1) parsed.plainWords.push(tokens[0]);
    if (joinNext) parsed.groups[parsed.groups.length - 1].push(term);
    else parsed.groups.push([term]);
    joinNext = false;
  }
  return parsed;
}

function termExpression(term: QueryTerm): string {
  const phrase = `"${term.tokens.join(" ")}"${term.prefix ? "*" : ""}`;
  return term.column ? `${term.column} : ${phrase}` : phrase;
}

function anyOf(terms: QueryTerm[]): string {
  return terms.length === 1 ? termExpression(terms[0]) : `(${terms.map(termExpression).join(" OR ")})`;
}

/**
 * The FTS5 expressions for a parsed query: `match` is what must match (null when nothing must, as for `-word` alone
 * or a query with no words); `exclude` is what must not. Every token is quoted, so `NEAR(`, `*` or `AND` typed by a
 * person are words, never operators.
 */
export function toFtsExpressions(parsed: ParsedQuery): { match: string | null; exclude: string | null } {
  return {
    match: parsed.groups.length === 0 ? null : parsed.groups.map(anyOf).join(" AND "),
    exclude: parsed.excluded.length === 0 ? null : anyOf(parsed.excluded),
  };
}
