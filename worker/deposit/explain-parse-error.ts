// Turns citation-js's parse errors into messages a researcher can act on, each naming the line of the file.
import type { ScannedEntry } from "./scan-bibtex";
import { listEntryFields } from "./entry-fields";

/** How reports name an entry: by its key where it has one, always with its line. */
export function describeEntry(entry: ScannedEntry): string {
  return entry.key ? `entry '${entry.key}' at line ${entry.line}` : `the entry at line ${entry.line}`;
}

/** Fields citation-js copies verbatim, where `$` and commands are plain text and never fail. */
const VERBATIM_FIELDS = new Set(["doi", "eprint", "file", "url", "pdf"]);

/** citation-js's accent commands (plugin-bibtex's `diacritics`), which take the letter after them. */
const ACCENT = String.raw`\\(?:[\x60'^~=."]|(?:u|r|H|v|b|d|c|k|t|textcommabelow)(?![a-zA-Z]))`;
const ACCENT_WITHOUT_LETTER = new RegExp(String.raw`\{?${ACCENT} *(?:\}|$)`);

/** Commands citation-js reads only with a braced argument right after them (its formatting and argument commands). */
const BRACED_COMMANDS =
  "textit textsl emph mkbibitalic mkbibemph textbf strong mkbibbold textsc textsuperscript textsubscript enquote mkbibquote textmd textrm textsf texttt textup ElsevierGlyph href url";
const COMMAND_WITHOUT_BRACES = new RegExp(String.raw`\\(${BRACED_COMMANDS.split(" ").join("|")})(?![a-zA-Z]) *(?=[^\s{])(.?)`);

/** What citation-js's grammar calls the things it expected, in words. */
const TOKEN_WORDS: Record<string, string> = {
  rbrace: "the entry's closing brace or a comma before the next field",
  identifier: "a field name",
  equals: "`=`",
  comma: "a comma",
  lbrace: "`{`",
  label: "a citation key",
  text: "text",
  quote: 'a `"`',
  at: "`@`",
};

function lineOfOffset(entry: ScannedEntry, offset: number): number {
  let line = entry.line;
  for (let i = entry.text.indexOf("\n"); i >= 0 && i < offset; i = entry.text.indexOf("\n", i + 1)) line++;
  return line;
}

/** The first match of `pattern` in a value citation-js parses (verbatim fields never fail), with its line. */
function findInValues(entry: ScannedEntry, pattern: RegExp): { match: RegExpExecArray; line: number; field: string } | null {
  for (const field of listEntryFields(entry.text)) {
    if (VERBATIM_FIELDS.has(field.name)) continue;
    const match = pattern.exec(entry.text.slice(field.start, field.end));
    if (match) return { match, line: lineOfOffset(entry, field.start + match.index), field: field.name };
  }
  return null;
}

/** The `$` left without its partner: the last of an odd number of unescaped `$` in one value. */
function findUnpairedDollar(entry: ScannedEntry): { line: number; field: string } | null {
  for (const field of listEntryFields(entry.text)) {
    if (VERBATIM_FIELDS.has(field.name)) continue;
    const dollars: number[] = [];
    for (let i = field.start; i < field.end; i++) {
      if (entry.text[i] === "\\") i++;
      else if (entry.text[i] === "$") dollars.push(i);
    }
    if (dollars.length % 2 === 1) return { line: lineOfOffset(entry, dollars[dollars.length - 1]), field: field.name };
  }
  return null;
}

/**
 * The line citation-js pointed at, found by the lines of the value it quotes (its own line numbers count within the
 * value, not the file); the entry's first line when none can be found.
 */
function findQuotedLine(entry: ScannedEntry, message: string): number {
  const quoted = message
    .split("\n")
    .map((l) => /^\s*\d+ {2}(.*)$/.exec(l)?.[1].trim())
    .filter((l): l is string => !!l && l.length > 3);
  for (const excerpt of quoted.reverse()) {
    const index = entry.text.indexOf(excerpt);
    if (index >= 0) return lineOfOffset(entry, index);
  }
  return entry.line;
}

/**
 * citation-js reports where its grammar stopped, in words of the grammar (`expected "text", got "rbrace"`), and inside
 * a field value at a position counted within that value, often past the real cause. So each kind of error is known by
 * the grammar rules it names, and its cause is looked for in the entry's own text: a `$` with no partner, an accent
 * with no letter, a command without its braces, a `\begin` without its `\end`.
 */
export function explainParseError(error: unknown, entry: ScannedEntry, lineOffset: number): string {
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split("\n")[0].trim();
  const rules = /\(([A-Za-z>-]+)\)\s*$/.exec(message)?.[1] ?? "";
  const explained = rules.startsWith("Main->") || /^invalid syntax/.test(firstLine) ? explainEntryError(message, entry, lineOffset) : explainValueError(message, rules, entry);
  return `${describeEntry(entry)}: ${explained}`;
}

function explainValueError(message: string, rules: string, entry: ScannedEntry): string {
  const environments = /environment started with "([^"]*)", ended with "([^"]*)"/.exec(message);
  if (environments) {
    const [, begun, ended] = environments;
    const found = findInValues(entry, new RegExp(String.raw`\\end\s*\{${ended.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\}`));
    return `line ${found?.line ?? findQuotedLine(entry, message)}: \`\\begin{${begun}}\` is ended by \`\\end{${ended}}\`; they must name the same environment`;
  }
  if (rules.includes("MathString")) {
    const dollar = findUnpairedDollar(entry);
    if (dollar) {
      return `line ${dollar.line}: a \`$\` in the ${dollar.field} starts mathematics that never ends; write \`\\$\` for a dollar sign, or close the formula with another \`$\``;
    }
    const formula = findInValues(entry, /\$/);
    return `line ${formula?.line ?? findQuotedLine(entry, message)}: the mathematics between \`$\` signs in the ${formula?.field ?? "entry"} could not be read; check it, or write \`\\$\` for a dollar sign`;
  }
  if (rules.includes("EnclosedEnv")) {
    const begin = findInValues(entry, /\\begin\s*\{([^}]*)\}/);
    if (begin) return `line ${begin.line}: \`\\begin{${begin.match[1]}}\` has no \`\\end{${begin.match[1]}}\` in the ${begin.field}`;
  }
  if (rules.endsWith("Command->Text")) {
    const accent = findInValues(entry, ACCENT_WITHOUT_LETTER);
    if (accent) {
      const written = accent.match[0].trim();
      const command = /\\[^\s}]+/.exec(written)![0];
      return `line ${accent.line}: \`${written}\` needs a letter after it, the one it accents, as in \`{${command}{o}}\``;
    }
  }
  if (rules.endsWith("Command->BracketString")) {
    const command = findInValues(entry, COMMAND_WITHOUT_BRACES);
    if (command) {
      const [, name, next] = command.match;
      return next === "*"
        ? `line ${command.line}: \`\\${name}*\`, the starred form, is not understood; write \`\\${name}{...}\` instead`
        : `line ${command.line}: \`\\${name}\` needs its text in braces right after it, as in \`\\${name}{text}\``;
    }
  }
  return `line ${findQuotedLine(entry, message)}: this field value could not be read; look for a stray \`\\\`, \`$\`, \`{\` or \`}\``;
}

/** An error in the entry's structure: citation-js's position is in the parse text, mapped back with lineOffset. */
function explainEntryError(message: string, entry: ScannedEntry, lineOffset: number): string {
  const position = /at line (\d+) col (\d+)/.exec(message);
  if (!position) return "its text could not be read";
  const parseLine = Number(position[1]);
  const column = Number(position[2]);
  const ownLines = entry.text.split("\n");
  if (parseLine <= lineOffset) return "one of the @string macros it uses could not be read; check their definitions";
  if (parseLine > lineOffset + ownLines.length) return "its crossref parent entry could not be read; see that entry's own error";
  const lineText = ownLines[parseLine - lineOffset - 1];
  const line = entry.line + parseLine - lineOffset - 1;
  // The whole word the column falls in: citation-js points past the part of `my.field` it could read.
  const wordStart = column - 1 - (/[^\s,={}()"#]*$/.exec(lineText.slice(0, column - 1))?.[0].length ?? 0);
  const before = lineText.slice(0, wordStart);
  const token = /^[^\s,={}()"#]+|^./.exec(lineText.slice(wordStart))?.[0] ?? "";
  const expected = /expected "(\w+)"/.exec(message)?.[1] ?? "";
  // A field name citation-js cannot lex fails as "invalid syntax"; one starting with a digit, as "expected rbrace".
  if (/^invalid syntax/.test(message) || (expected === "rbrace" && !before.includes("="))) {
    if (before.includes("=")) {
      return `line ${line}: \`${token}\` is read as the name of a @string macro, which may hold only letters, digits and \`_ - : +\`; if it is text, put it in braces: \`{${token}}\``;
    }
    return `line ${line}: \`${token}\` cannot be a field name, which may hold only letters, digits and \`_ - : +\` and starts with a letter`;
  }
  const found = token ? `\`${token}\`` : "the end of the entry";
  return `line ${line}, column ${column}: ${found} is where BibTeX expects ${TOKEN_WORDS[expected] ?? expected}`;
}
