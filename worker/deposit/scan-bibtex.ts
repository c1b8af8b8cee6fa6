// Splits a BibTeX file into its entries and @string macros, with line numbers, so that one malformed entry cannot sink the rest.

export type ScannedEntry = {
  /** Citation key, "" if it could not be read. */
  key: string;
  /** Lower-case entry type, e.g. "article". */
  type: string;
  /** 1-based line of the '@'. */
  line: number;
  /** Exact source text from '@' through the closing delimiter (or up to where recovery cut it). */
  text: string;
  /** Lower-case names of bare identifiers used in field values (i.e. @string macro references), deduplicated. */
  macrosUsed: string[];
  /** The crossref field's value when it is a plain braced/quoted string. */
  crossref?: string;
  /** A scan problem a person can act on, e.g. "missing closing brace"; the entry is still listed. */
  error?: string;
};
export type BibtexMacro = { name: string; line: number; text: string; macrosUsed: string[] };
export type BibtexScan = {
  entries: ScannedEntry[];
  macros: Map<string, BibtexMacro>;
  /** Each macro name used in a value, lower-case, to its spelling where first used: an undefined macro is kept as written. */
  macroSpellings: Map<string, string>;
};

/**
 * The macros citation-js defines itself (`plugins.config.get("@bibtex").constants.defaultStrings` in
 * @citation-js/plugin-bibtex 0.8.2): a copy, since this module must not load citation-js; a unit test compares them.
 */
export const PREDEFINED_MACROS: ReadonlySet<string> = new Set([
  ..."jan feb mar apr may jun jul aug sep oct nov dec".split(" "),
  ..."acmcs acta cacm ibmjrd ibmsj ieeese ieeetc ieeetcad ipl jacm jcss scp sicomp tocs tods tog toms toois toplas tcs".split(" "),
]);

/** The macro names citation-js's lexer reads as one identifier; others fail its parse however they are defined. */
const CITATION_JS_IDENTIFIER = /^[a-zA-Z_][a-zA-Z0-9_:+-]*$/;

const TAB = 9;
const NEWLINE = 10;
const CARRIAGE_RETURN = 13;
const SPACE = 32;
const QUOTE = 34;
const HASH = 35;
const PERCENT = 37;
const APOSTROPHE = 39;
const LEFT_PAREN = 40;
const RIGHT_PAREN = 41;
const COMMA = 44;
const DIGIT_0 = 48;
const DIGIT_9 = 57;
const EQUALS = 61;
const AT = 64;
const BACKSLASH = 92;
const LEFT_BRACE = 123;
const RIGHT_BRACE = 125;
const DELETE = 127;

function isWhitespace(c: number): boolean {
  return c === SPACE || (c >= TAB && c <= CARRIAGE_RETURN);
}

function isDigit(c: number): boolean {
  return c >= DIGIT_0 && c <= DIGIT_9;
}

/** BibTeX's identifier characters (entry types, field names, macro names): anything printable but its punctuation. */
function isNameChar(c: number): boolean {
  return (
    c > SPACE &&
    c !== DELETE &&
    c !== QUOTE &&
    c !== HASH &&
    c !== PERCENT &&
    c !== APOSTROPHE &&
    c !== LEFT_PAREN &&
    c !== RIGHT_PAREN &&
    c !== COMMA &&
    c !== EQUALS &&
    c !== LEFT_BRACE &&
    c !== RIGHT_BRACE
  );
}

function quoteChar(c: number): string {
  return `"${String.fromCharCode(c)}"`;
}

/** What the scanner collects for the block it is inside; becomes a ScannedEntry or a BibtexMacro. */
type OpenBlock = {
  macrosUsed: string[];
  crossref?: string;
  error?: string;
};

class BibtexScanner {
  readonly entries: ScannedEntry[] = [];
  readonly macros = new Map<string, BibtexMacro>();
  readonly macroSpellings = new Map<string, string>();

  private pos = 0;
  /** Set by readBlockStart. */
  private typeStart = 0;
  private typeEnd = 0;
  private delimiterPos = -1;
  /** The block being scanned, its closing delimiter, and whether a line-start '@' may cut it. */
  private block: OpenBlock = { macrosUsed: [] };
  private closer = RIGHT_BRACE;
  private recovers = true;
  /** True once the block ended abnormally (end of file, recovery cut, or a skipped remainder); readers then unwind. */
  private stopped = false;
  /** Where recovery cut the block: the '@' of the next block, or -1. */
  private cutAt = -1;
  /** Line numbers are counted lazily from the last block start, since blocks are met in file order. */
  private countedTo = 0;
  private countedLines = 1;

  private readonly src: string;

  constructor(src: string) {
    this.src = src;
  }

  scan(): void {
    const src = this.src;
    const length = src.length;
    while (this.pos < length) {
      const c = src.charCodeAt(this.pos);
      if (c === AT) {
        this.scanBlock(this.pos);
      } else if (c === PERCENT) {
        this.skipToLineEnd();
      } else {
        this.pos++;
      }
    }
  }

  private scanBlock(at: number): void {
    if (!this.readBlockStart(at)) {
      this.pos = at + 1;
      return;
    }
    const type = this.src.slice(this.typeStart, this.typeEnd).toLowerCase();
    if (type === "comment") {
      if (this.delimiterPos < 0) {
        this.pos = this.typeEnd;
        this.skipToLineEnd();
      } else {
        // JabRef writes multi-line @Comment{jabref-meta: ...} blocks whose lines may start with anything. One whose
        // braces never close ends at its line's end instead, as in BibTeX, which skips a comment to the next '@'.
        const delimiterPos = this.delimiterPos;
        const block = this.openBlock(false);
        this.skipRemainder();
        if (block.error !== undefined) {
          this.pos = delimiterPos;
          this.skipToLineEnd();
        }
      }
      return;
    }
    if (this.delimiterPos < 0) {
      this.pos = at + 1;
      return;
    }
    const line = this.lineOf(at);
    const block = this.openBlock(true);
    if (type === "preamble") {
      this.skipRemainder();
      this.closeBlock(at);
    } else if (type === "string") {
      const name = this.scanMacroBody();
      const text = this.closeBlock(at);
      if (name) this.macros.set(name, { name, line, text, macrosUsed: block.macrosUsed });
    } else {
      const key = this.scanEntryBody();
      const text = this.closeBlock(at);
      const entry: ScannedEntry = { key, type, line, text, macrosUsed: block.macrosUsed };
      if (block.crossref !== undefined) entry.crossref = block.crossref;
      if (block.error !== undefined) entry.error = block.error;
      this.entries.push(entry);
    }
  }

  /** Reads `@ type {` from `at`; false when there is no type. delimiterPos is -1 when no `{` or `(` follows the type. */
  private readBlockStart(at: number): boolean {
    const src = this.src;
    let i = this.skipWhitespaceFrom(at + 1);
    this.typeStart = i;
    while (i < src.length && isNameChar(src.charCodeAt(i))) i++;
    this.typeEnd = i;
    if (i === this.typeStart) return false;
    i = this.skipWhitespaceFrom(i);
    const c = src.charCodeAt(i);
    this.delimiterPos = c === LEFT_BRACE || c === LEFT_PAREN ? i : -1;
    return true;
  }

  private openBlock(recovers: boolean): OpenBlock {
    this.block = { macrosUsed: [] };
    this.closer = this.src.charCodeAt(this.delimiterPos) === LEFT_BRACE ? RIGHT_BRACE : RIGHT_PAREN;
    this.recovers = recovers;
    this.stopped = false;
    this.cutAt = -1;
    this.pos = this.delimiterPos + 1;
    return this.block;
  }

  /** Returns the block's source text and leaves pos where the top-level scan resumes. */
  private closeBlock(at: number): string {
    if (this.cutAt >= 0) {
      this.pos = this.cutAt;
      return this.src.slice(at, this.cutAt).trimEnd();
    }
    if (this.pos >= this.src.length) return this.src.slice(at).trimEnd();
    return this.src.slice(at, this.pos);
  }

  /** Returns the citation key, "" when missing. */
  private scanEntryBody(): string {
    const src = this.src;
    if (!this.skipFiller()) return "";
    const keyStart = this.pos;
    while (this.pos < src.length && this.isKeyChar(src.charCodeAt(this.pos))) this.pos++;
    const key = src.slice(keyStart, this.pos);
    if (!this.skipFiller()) return key;
    const c = src.charCodeAt(this.pos);
    if (key === "" || c === EQUALS) {
      // No citation key (Mendeley writes `@article{,`): not an error, the entry is still a reference.
      // `@article{title = ...`: what looked like the key is the first field name.
      if (c === EQUALS) this.pos = keyStart;
      else if (c === COMMA) this.pos++;
      this.scanFields();
      return "";
    }
    if (c === COMMA) {
      this.pos++;
      this.scanFields();
    } else if (c === this.closer) {
      this.pos++;
    } else {
      this.fail(`unexpected ${quoteChar(c)} after citation key "${key}"`);
    }
    return key;
  }

  private isKeyChar(c: number): boolean {
    return (
      c > SPACE &&
      c !== COMMA &&
      c !== EQUALS &&
      c !== LEFT_BRACE &&
      c !== RIGHT_BRACE &&
      c !== QUOTE &&
      c !== HASH &&
      c !== PERCENT &&
      c !== this.closer
    );
  }

  private scanFields(): void {
    const src = this.src;
    for (;;) {
      if (!this.skipFiller()) return;
      const c = src.charCodeAt(this.pos);
      if (c === this.closer) {
        this.pos++;
        return;
      }
      // Tolerates the empty field left by `,,` or a trailing comma, as BibTeX does.
      if (c === COMMA) {
        this.pos++;
        continue;
      }
      const field = this.readName();
      if (field === "") return this.fail(`expected a field name, found ${quoteChar(c)}`);
      const isCrossref = field.length === 8 && field.toLowerCase() === "crossref";
      const plain = this.scanAssignment(field, isCrossref);
      if (this.stopped) return;
      if (plain !== null) this.block.crossref = plain;
      if (!this.skipFiller()) return;
      const next = src.charCodeAt(this.pos);
      if (next === COMMA) this.pos++;
      else if (next !== this.closer) return this.fail(`expected "," or "${String.fromCharCode(this.closer)}" after field "${field}"`);
    }
  }

  /** Returns the macro's lower-case name, or "" when there is none to record. */
  private scanMacroBody(): string {
    if (!this.skipFiller()) return "";
    const c = this.src.charCodeAt(this.pos);
    const name = this.readName();
    if (name === "") {
      if (c !== this.closer) this.fail(`expected a macro name, found ${quoteChar(c)}`);
      else this.pos++;
      return "";
    }
    this.scanAssignment(name, false);
    if (this.stopped) return name.toLowerCase();
    if (!this.skipFiller()) return name.toLowerCase();
    if (this.src.charCodeAt(this.pos) === this.closer) this.pos++;
    else this.fail(`expected "${String.fromCharCode(this.closer)}" after @string "${name}"`);
    return name.toLowerCase();
  }

  /**
   * Scans `= value # value ...` after a field name. With wantsPlain, returns the value when it is one braced or quoted
   * string, else null; without, always null, so that values nobody reads are not copied out.
   */
  private scanAssignment(field: string, wantsPlain: boolean): string | null {
    const src = this.src;
    if (!this.skipFiller()) return null;
    if (src.charCodeAt(this.pos) !== EQUALS) {
      this.fail(`expected "=" after field "${field}"`);
      return null;
    }
    this.pos++;
    let plain: string | null = null;
    let parts = 0;
    for (;;) {
      if (!this.skipFiller()) return null;
      const c = src.charCodeAt(this.pos);
      const start = this.pos + 1;
      if (c === LEFT_BRACE) {
        if (!this.skipBraced()) return null;
        plain = wantsPlain ? src.slice(start, this.pos - 1) : null;
      } else if (c === QUOTE) {
        if (!this.skipQuoted(field)) return null;
        plain = wantsPlain ? src.slice(start, this.pos - 1) : null;
      } else if (isDigit(c)) {
        while (this.pos < src.length && isDigit(src.charCodeAt(this.pos))) this.pos++;
        plain = null;
      } else {
        const written = this.readName();
        const macro = written.toLowerCase();
        if (macro === "") {
          this.fail(`field "${field}" has no value`);
          return null;
        }
        if (!this.block.macrosUsed.includes(macro)) this.block.macrosUsed.push(macro);
        if (!this.macroSpellings.has(macro)) this.macroSpellings.set(macro, written);
        plain = null;
      }
      parts++;
      if (!this.skipFiller()) return null;
      if (src.charCodeAt(this.pos) !== HASH) break;
      this.pos++;
    }
    return parts === 1 ? plain : null;
  }

  private readName(): string {
    const src = this.src;
    const start = this.pos;
    while (this.pos < src.length && isNameChar(src.charCodeAt(this.pos))) this.pos++;
    return src.slice(start, this.pos);
  }

  /** From an opening `{` past its matching `}`; false when the block stopped first. */
  private skipBraced(): boolean {
    const src = this.src;
    const length = src.length;
    let depth = 0;
    let i = this.pos;
    while (i < length) {
      const c = src.charCodeAt(i);
      if (c === BACKSLASH) {
        i += this.escapeLength(i);
        continue;
      }
      if (c === LEFT_BRACE) {
        depth++;
      } else if (c === RIGHT_BRACE) {
        if (--depth === 0) {
          this.pos = i + 1;
          return true;
        }
      } else if (c === NEWLINE && this.cutsAfter(i, "missing closing brace")) {
        return false;
      }
      i++;
    }
    this.stop(length, "missing closing brace");
    return false;
  }

  /** From an opening `"` past the closing one; braces nest inside, and a `"` inside braces is text. */
  private skipQuoted(field: string): boolean {
    const src = this.src;
    const length = src.length;
    let depth = 0;
    let i = this.pos + 1;
    while (i < length) {
      const c = src.charCodeAt(i);
      if (c === BACKSLASH) {
        i += this.escapeLength(i);
        continue;
      }
      if (c === QUOTE && depth === 0) {
        this.pos = i + 1;
        return true;
      }
      if (c === LEFT_BRACE) {
        depth++;
      } else if (c === RIGHT_BRACE) {
        if (depth === 0) {
          this.pos = i;
          this.fail(`unbalanced "}" in field "${field}"`);
          return false;
        }
        depth--;
      } else if (c === NEWLINE && this.cutsAfter(i, depth > 0 ? "missing closing brace" : "missing closing quote")) {
        return false;
      }
      i++;
    }
    this.stop(length, depth > 0 ? "missing closing brace" : "missing closing quote");
    return false;
  }

  /** `\{` and `\}` are escaped braces (and `\\` an escaped backslash); a backslash never escapes a line break. */
  private escapeLength(i: number): number {
    const next = this.src.charCodeAt(i + 1);
    return next === NEWLINE || next === CARRIAGE_RETURN || Number.isNaN(next) ? 1 : 2;
  }

  /** Records the first error, then skips to the block's closing delimiter so that scanning resumes after it. */
  private fail(error: string): void {
    this.block.error ??= error;
    this.skipRemainder();
  }

  /** Skips to the closing delimiter at brace depth 0, ignoring quotes (braces balance inside them anyway). */
  private skipRemainder(): void {
    const src = this.src;
    const length = src.length;
    let depth = 0;
    let i = this.pos;
    while (i < length) {
      const c = src.charCodeAt(i);
      if (c === BACKSLASH) {
        i += this.escapeLength(i);
        continue;
      }
      if (c === LEFT_BRACE) {
        depth++;
      } else if (c === RIGHT_BRACE) {
        if (depth > 0) {
          depth--;
        } else if (this.closer === RIGHT_BRACE) {
          this.pos = i + 1;
          this.stopped = true;
          return;
        }
      } else if (c === RIGHT_PAREN && depth === 0 && this.closer === RIGHT_PAREN) {
        this.pos = i + 1;
        this.stopped = true;
        return;
      } else if (c === NEWLINE && this.cutsAfter(i, depth > 0 ? "missing closing brace" : this.missingCloser())) {
        return;
      }
      i++;
    }
    this.stop(length, depth > 0 ? "missing closing brace" : this.missingCloser());
  }

  private missingCloser(): string {
    return this.closer === RIGHT_BRACE ? "missing closing brace" : "missing closing parenthesis";
  }

  /** Skips whitespace and `%` line comments between tokens; false when the block stopped (end of file or recovery cut). */
  private skipFiller(): boolean {
    const src = this.src;
    const length = src.length;
    let i = this.pos;
    while (i < length) {
      const c = src.charCodeAt(i);
      if (c === NEWLINE) {
        if (this.cutsAfter(i, this.missingCloser())) return false;
      } else if (c === PERCENT) {
        const lineEnd = src.indexOf("\n", i);
        if (lineEnd < 0) break;
        i = lineEnd;
        continue;
      } else if (!isWhitespace(c)) {
        this.pos = i;
        return true;
      }
      i++;
    }
    this.stop(length, this.missingCloser());
    return false;
  }

  /**
   * An entry left open must not swallow the rest of the file: when the line after the line break at `newline`
   * starts a block, the current block ends there with `error`. Never inside @comment, whose lines are free text.
   */
  private cutsAfter(newline: number, error: string): boolean {
    if (!this.recovers) return false;
    const src = this.src;
    let i = newline + 1;
    let c = src.charCodeAt(i);
    while (c === SPACE || c === TAB) c = src.charCodeAt(++i);
    if (c !== AT || !this.readBlockStart(i) || this.delimiterPos < 0) return false;
    this.stop(i, error);
    this.cutAt = i;
    return true;
  }

  private stop(at: number, error: string): void {
    this.block.error ??= error;
    this.stopped = true;
    this.pos = at;
  }

  private skipWhitespaceFrom(i: number): number {
    const src = this.src;
    while (i < src.length && isWhitespace(src.charCodeAt(i))) i++;
    return i;
  }

  private skipToLineEnd(): void {
    const lineEnd = this.src.indexOf("\n", this.pos);
    this.pos = lineEnd < 0 ? this.src.length : lineEnd + 1;
  }

  private lineOf(at: number): number {
    const src = this.src;
    let i = src.indexOf("\n", this.countedTo);
    while (i >= 0 && i < at) {
      this.countedLines++;
      i = src.indexOf("\n", i + 1);
    }
    this.countedTo = at;
    return this.countedLines;
  }
}

/** Lists every data entry (malformed ones too, with an error) and every @string macro, in file order. */
export function scanBibtex(source: string): BibtexScan {
  const scanner = new BibtexScanner(source);
  scanner.scan();
  return { entries: scanner.entries, macros: scanner.macros, macroSpellings: scanner.macroSpellings };
}

/** Entries by lower-case key (first wins, as in BibTeX), built once per scan since crossref lookups repeat. */
const entriesByKeyCache = new WeakMap<BibtexScan, Map<string, ScannedEntry>>();

function findEntryByKey(scan: BibtexScan, key: string): ScannedEntry | undefined {
  let byKey = entriesByKeyCache.get(scan);
  if (!byKey) {
    byKey = new Map();
    for (const entry of scan.entries) {
      const lowerKey = entry.key.toLowerCase();
      if (entry.key !== "" && !byKey.has(lowerKey)) byKey.set(lowerKey, entry);
    }
    entriesByKeyCache.set(scan, byKey);
  }
  return byKey.get(key.toLowerCase());
}

/** Adds the macros `names` need, transitively, to `needed`, and the names the file never defines to `undefinedNames`. */
function collectMacros(scan: BibtexScan, names: string[], needed: Set<BibtexMacro>, undefinedNames: Set<string>): void {
  for (const name of names) {
    const macro = scan.macros.get(name);
    if (!macro) {
      if (!PREDEFINED_MACROS.has(name)) undefinedNames.add(name);
      continue;
    }
    if (needed.has(macro)) continue;
    needed.add(macro);
    collectMacros(scan, macro.macrosUsed, needed, undefinedNames);
  }
}

export type EntryParseText = {
  text: string;
  /** The number of lines placed before the entry's first line. */
  lineOffset: number;
  /** Macros the entry (or its crossref parent) uses that neither the file nor citation-js defines, as first written. */
  undefinedMacros: string[];
};

/**
 * The text citation-js should parse for one entry: the @string blocks it needs (transitively, in file order), then the
 * entry, then its crossref parent entry (found by key, case-insensitive, plus that parent's macros) if any. A parent
 * with a scan error is left out, since it would fail the child's parse too; it is reported as an entry of its own.
 * citation-js drops an undefined macro's value without a word; so each is defined first as its own name
 * (`@string{AAAI91 = {AAAI91}}`), as BibTeX users read it, and listed in undefinedMacros.
 * An entry without a key is given `placeholderKey(entry)`, so citation-js can read it.
 * lineOffset = number of lines placed before the entry's first line, so that a parse error at line L of this text is at
 * line L - lineOffset + entry.line - 1 of the file.
 */
export function buildEntryParseText(scan: BibtexScan, entry: ScannedEntry): EntryParseText {
  const needed = new Set<BibtexMacro>();
  const undefinedNames = new Set<string>();
  collectMacros(scan, entry.macrosUsed, needed, undefinedNames);
  const found = entry.crossref === undefined ? undefined : findEntryByKey(scan, entry.crossref);
  const parent = found && found !== entry && found.error === undefined ? found : undefined;
  if (parent) collectMacros(scan, parent.macrosUsed, needed, undefinedNames);
  const undefinedMacros = [...undefinedNames].map((name) => scan.macroSpellings.get(name) ?? name).filter((name) => CITATION_JS_IDENTIFIER.test(name));
  const macroTexts = [
    ...undefinedMacros.map((name) => `@string{${name} = {${name}}}`),
    ...[...needed].sort((a, b) => a.line - b.line).map((macro) => macro.text),
  ];
  const prefix = macroTexts.length === 0 ? "" : `${macroTexts.join("\n")}\n`;
  let lineOffset = 0;
  for (let i = prefix.indexOf("\n"); i >= 0; i = prefix.indexOf("\n", i + 1)) lineOffset++;
  const own = entry.key === "" ? withPlaceholderKey(entry) : entry.text;
  const text = parent ? `${prefix}${own}\n${parent.text}` : `${prefix}${own}`;
  return { text, lineOffset, undefinedMacros };
}

/** The key citation-js is given for an entry that has none (it cannot parse `@article{,`). */
export function placeholderKey(entry: ScannedEntry): string {
  return `line-${entry.line}`;
}

function withPlaceholderKey(entry: ScannedEntry): string {
  return entry.text.replace(/^(@\s*[^\s{(]+\s*[{(]\s*)(,?)/, (_, opening: string) => `${opening}${placeholderKey(entry)},`);
}
