// Splits a BibTeX file into its entries and @string macros, with line numbers, so that one malformed entry cannot sink the rest.
import { RepositoryError } from "../errors";
import {
  describeCyclicCrossref,
  describeDeepBraces,
  describeExpandedEntry,
  describeExpandedField,
  describeLongEntry,
  describeLongField,
  describeManyMacroReferences,
  describeManyNames,
  describeTooManyEntries,
  MAX_BRACE_DEPTH,
  MAX_ENTRIES_PER_FILE,
  MAX_ENTRY_LENGTH,
  MAX_FIELD_LENGTH,
  MAX_MACRO_REFERENCES,
  MAX_NAMES_PER_FIELD,
  NAME_FIELDS,
} from "./input-limits";

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
  /** The entry's fields that use macros: their size is known only once every @string in the file is read. */
  macroFields: MacroField[];
};

/** One `= value # value` as scanned: characters written out, and each macro reference, repeats included. */
type Assignment = { literal: number; references: string[]; names: number };
type MacroField = Assignment & { field: string };

/** What a macro expands to, as far as limits go: its length and how many macro references expanding it takes. */
type MacroSize = { length: number; expansions: number };

/** No macro citation-js predefines (month and journal names) is longer than this. */
const PREDEFINED_MACRO_LENGTH = 100;

/** Where `and` separates names in a name list (a braced `{Barnes and Noble}` is counted too: an upper bound). */
const NAME_SEPARATOR = /\sand\s/gi;
/** Each name but the last takes at least this many characters (`X and `): shorter values are not counted. */
const MIN_CHARACTERS_PER_NAME = 6;

class BibtexScanner {
  readonly entries: ScannedEntry[] = [];
  readonly macros = new Map<string, BibtexMacro>();
  readonly macroSpellings = new Map<string, string>();
  /** By lower-case macro name, the size of its latest definition, expanded with the macros defined before it. */
  private readonly macroSizes = new Map<string, MacroSize>();
  /** Entries with fields that use macros, checked against the limits once the whole file is read. */
  readonly entriesWithMacros: { entry: ScannedEntry; fields: MacroField[] }[] = [];

  private pos = 0;
  /** Set by readBlockStart. */
  private typeStart = 0;
  private typeEnd = 0;
  private delimiterPos = -1;
  /** The block being scanned, its closing delimiter, and whether a line-start '@' may cut it. */
  private block: OpenBlock = { macrosUsed: [], macroFields: [] };
  /** Names already in block.macrosUsed, so that an entry with many references is not scanned quadratically. */
  private blockMacros = new Set<string>();
  /** Set by scanAssignment for its caller. */
  private assignment: Assignment = { literal: 0, references: [], names: 0 };
  /** The deepest brace nesting skipBraced or skipQuoted met in the value they last skipped. */
  private valueDepth = 0;
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
      if (name) {
        this.macros.set(name, { name, line, text, macrosUsed: block.macrosUsed });
        this.macroSizes.set(name, this.measureMacro(this.assignment));
      }
    } else {
      if (this.entries.length >= MAX_ENTRIES_PER_FILE) throw new RepositoryError("payload_too_large", describeTooManyEntries());
      const key = this.scanEntryBody();
      const text = this.closeBlock(at);
      if (text.length > MAX_ENTRY_LENGTH) block.error ??= describeLongEntry(text.length);
      const entry: ScannedEntry = { key, type, line, text, macrosUsed: block.macrosUsed };
      if (block.crossref !== undefined) entry.crossref = block.crossref;
      if (block.error !== undefined) entry.error = block.error;
      else if (block.macroFields.length > 0) this.entriesWithMacros.push({ entry, fields: block.macroFields });
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
    this.block = { macrosUsed: [], macroFields: [] };
    this.blockMacros = new Set();
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
      this.checkField(field);
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
    const assignment: Assignment = { literal: 0, references: [], names: 0 };
    this.assignment = assignment;
    this.valueDepth = 0;
    const countsNames = NAME_FIELDS.has(field.toLowerCase());
    for (;;) {
      if (!this.skipFiller()) return null;
      const c = src.charCodeAt(this.pos);
      const start = this.pos + 1;
      if (c === LEFT_BRACE) {
        if (!this.skipBraced()) return null;
        assignment.literal += this.pos - 1 - start;
        if (countsNames) assignment.names += this.countNames(start, this.pos - 1);
        plain = wantsPlain ? src.slice(start, this.pos - 1) : null;
      } else if (c === QUOTE) {
        if (!this.skipQuoted(field)) return null;
        assignment.literal += this.pos - 1 - start;
        if (countsNames) assignment.names += this.countNames(start, this.pos - 1);
        plain = wantsPlain ? src.slice(start, this.pos - 1) : null;
      } else if (isDigit(c)) {
        while (this.pos < src.length && isDigit(src.charCodeAt(this.pos))) this.pos++;
        assignment.literal += this.pos - start + 1;
        plain = null;
      } else {
        const written = this.readName();
        const macro = written.toLowerCase();
        if (macro === "") {
          this.fail(`field "${field}" has no value`);
          return null;
        }
        if (!this.blockMacros.has(macro)) {
          this.blockMacros.add(macro);
          this.block.macrosUsed.push(macro);
        }
        if (!this.macroSpellings.has(macro)) this.macroSpellings.set(macro, written);
        assignment.references.push(macro);
        plain = null;
      }
      parts++;
      if (!this.skipFiller()) return null;
      if (src.charCodeAt(this.pos) !== HASH) break;
      this.pos++;
    }
    return parts === 1 ? plain : null;
  }

  /**
   * Records the first limit a field just scanned breaks, without stopping the scan, so the entry still ends where it
   * should; a field that uses macros is measured once the file's every @string is known.
   */
  private checkField(field: string): void {
    const { literal, references, names } = this.assignment;
    const name = field.toLowerCase();
    if (this.valueDepth > MAX_BRACE_DEPTH) this.block.error ??= describeDeepBraces(name);
    if (names > MAX_NAMES_PER_FIELD) this.block.error ??= describeManyNames(name);
    if (literal > MAX_FIELD_LENGTH) this.block.error ??= describeLongField(name, literal);
    if (references.length > 0) this.block.macroFields.push({ field: name, literal, references, names });
  }

  /** The `and`s between `start` and `end`: counted only where there is room for more names than a list may have. */
  private countNames(start: number, end: number): number {
    if (end - start < MAX_NAMES_PER_FIELD * MIN_CHARACTERS_PER_NAME) return 0;
    return this.src.slice(start, end).match(NAME_SEPARATOR)?.length ?? 0;
  }

  /** A macro's size, expanding the macros it uses as they are defined at that point of the file, as BibTeX does. */
  private measureMacro(assignment: Assignment): MacroSize {
    let { literal: length } = assignment;
    let expansions = 0;
    for (const name of assignment.references) {
      const size = this.sizeOf(name);
      length += size.length;
      expansions += 1 + size.expansions;
    }
    return { length, expansions };
  }

  /** An undefined macro is given its own name as its value (see buildEntryParseText). */
  sizeOf(name: string): MacroSize {
    return this.macroSizes.get(name) ?? { length: PREDEFINED_MACROS.has(name) ? PREDEFINED_MACRO_LENGTH : name.length, expansions: 0 };
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
        // The value's own braces are not nesting: `{{Title}}` is nested once.
        if (++depth > this.valueDepth + 1) this.valueDepth = depth - 1;
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
        if (++depth > this.valueDepth) this.valueDepth = depth;
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
  checkMacroExpansions(scanner);
  const scan = { entries: scanner.entries, macros: scanner.macros, macroSpellings: scanner.macroSpellings };
  refuseCyclicCrossrefs(scan);
  return scan;
}

/**
 * Refuses, before citation-js expands anything, an entry whose macros would expand past the limits: 682 bytes of
 * `@string{a1 = a0 # a0}` doublings expand to 64 MB. Every @string an entry uses is placed before it (buildEntryParseText),
 * so its fields are measured with the file's last definition of each macro.
 */
function checkMacroExpansions(scanner: BibtexScanner): void {
  for (const { entry, fields } of scanner.entriesWithMacros) {
    let expansions = 0;
    let entryLength = entry.text.length;
    for (const { field, literal, references } of fields) {
      let length = literal;
      for (const name of references) {
        const size = scanner.sizeOf(name);
        length += size.length;
        expansions += 1 + size.expansions;
      }
      entryLength += length - literal;
      if (length > MAX_FIELD_LENGTH) {
        entry.error ??= describeExpandedField(field);
        break;
      }
    }
    if (expansions > MAX_MACRO_REFERENCES) entry.error ??= describeManyMacroReferences();
    if (entryLength > MAX_ENTRY_LENGTH) entry.error ??= describeExpandedEntry();
  }
}

/** citation-js follows crossrefs without end when an entry and its parent name each other: both are refused. */
function refuseCyclicCrossrefs(scan: BibtexScan): void {
  const cyclic: [ScannedEntry, string][] = [];
  for (const entry of scan.entries) {
    if (entry.crossref === undefined || entry.key === "") continue;
    const parent = findEntryByKey(scan, entry.crossref);
    if (parent && parent !== entry && parent.crossref !== undefined && parent.crossref.toLowerCase() === entry.key.toLowerCase()) {
      cyclic.push([entry, entry.crossref]);
    }
  }
  // Marked only once all are found: an entry with an error is left out of its child's parse and would hide the cycle.
  for (const [entry, crossref] of cyclic) entry.error ??= describeCyclicCrossref(crossref);
}

/** Entries by lower-case key (first wins, as in BibTeX), built once per scan since crossref lookups repeat. */
const entriesByKeyCache = new WeakMap<BibtexScan, Map<string, ScannedEntry>>();

/** The entry with this key, compared case-insensitively; entries without a key are never found. */
export function findEntryByKey(scan: BibtexScan, key: string): ScannedEntry | undefined {
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
