// The LaTeX citation-js decodes: its own tables extended from unicode2latex's, and the repairs its decoding needs.
//
// unicode2latex's latex2unicode table (about 4,600 macros, the one Zotero's BibTeX import reads) is imported as JSON
// by path: the package's `exports` map offers only its index, whose tables deep-freeze themselves at load and would
// bring 260 kB of export tables too. The import is dynamic so that esbuild bundles the 140 kB table behind a lazy
// wrapper: an object literal that size costs about 20 ms to compile and build at isolate start-up (measured in Node),
// and every isolate would pay it, also those that only serve pages; this way only the first deposit does.

type ArgumentCommand = (...args: string[]) => string;

/** The part of plugin-bibtex's `constants` (lib/input/constants.js) that its value grammar reads commands from. */
export type BibtexConstants = {
  commands: Record<string, string>;
  mathCommands: Record<string, string>;
  diacritics: Record<string, string>;
  argumentCommands: Record<string, ArgumentCommand>;
  formattingCommands: Record<string, unknown>;
  formattingEnvs: Record<string, unknown>;
  mathScriptFormatting: Record<string, unknown>;
};

type TableValue = string | { text?: string; math?: string };
type Tables = { latex2unicode: Record<string, TableValue>; combining: { macros: string[]; tounicode: Record<string, string> } };

let tables: Tables | null = null;

/** Loads unicode2latex's tables, once per isolate: a deposit awaits this before it parses (parseBibtex needs them). */
export async function loadLatexCommands(): Promise<void> {
  if (tables) return;
  const [latex2unicode, combining] = await Promise.all([
    import("../../node_modules/unicode2latex/dist/tables/latex2unicode.json"),
    import("../../node_modules/unicode2latex/dist/tables/combining.json"),
  ]);
  tables = { latex2unicode: latex2unicode.default as Record<string, TableValue>, combining: combining.default };
}

/**
 * Hyphenation hints and zero-width breaks: invisible in print, but inside a stored word they stop search from finding
 * it ("inequal\-ities", "input\slash output").
 */
const INVISIBLE_BREAKS = /[\u00ad\u200b\u2060\ufeff]/gu;
const ASCII_ONLY = /^[\x00-\x7f]*$/;

/** Macros the table lacks, or maps to something a reader should not get in plain text. */
const OUR_COMMANDS: Record<string, string> = {
  "-": "",
  slash: "/",
  "": " ", // `\ `, a control space: the lexer trims the command's name to nothing
  "\\": " ", // `\\`, a line break
  TeX: "TeX",
  LaTeX: "LaTeX",
  LaTeXe: "LaTeX2ε",
  BibTeX: "BibTeX",
  BibLaTeX: "BibLaTeX",
  XeTeX: "XeTeX",
  XeLaTeX: "XeLaTeX",
  LuaTeX: "LuaTeX",
  LuaLaTeX: "LuaLaTeX",
  pdfTeX: "pdfTeX",
  pdfLaTeX: "pdfLaTeX",
  AmS: "AMS",
  AmSTeX: "AMS-TeX",
  degree: "°",
  hyphen: "-",
  nobreakdash: "",
  relax: "",
  protect: "",
  xspace: "",
  ignorespaces: "",
  unskip: "",
  nobreak: "",
  newblock: " ",
  par: " ",
  newline: " ",
  linebreak: " ",
  break: " ",
};

/** citation-js's `~` is a no-break space and `--` a dash: inside an address they were the characters themselves. */
function restoreUrl(url: string): string {
  return url.replace(/\u00a0/gu, "~").replace(/\u2014/gu, "---").replace(/\u2013/gu, "--").replace(/\u201c/gu, "``").replace(/\u201d/gu, "''");
}

function returnArgument(argument: string): string {
  return argument;
}

/** `\mathbb{R}` → ℝ, one character at a time from the table's `\mathbb{R}` entries; a character it lacks stays plain. */
function lookupEachCharacter(family: string): ArgumentCommand {
  return (argument: string) => [...argument].map((c) => tableText(`\\${family}{${c}}`) ?? c).join("");
}

function tableText(key: string): string | undefined {
  const value = tables!.latex2unicode[key];
  return typeof value === "string" ? value : (value?.text ?? value?.math);
}

/** Commands that take braced arguments (plugin-bibtex reads as many as each function's `length`). */
const OUR_ARGUMENT_COMMANDS: Record<string, ArgumentCommand> = {
  mbox: returnArgument,
  hbox: returnArgument,
  fbox: returnArgument,
  text: returnArgument,
  textnormal: returnArgument,
  ensuremath: returnArgument,
  mathrm: returnArgument, // inside $…$ plugin-bibtex reads \mathrm itself; this is \mathrm outside math
  mathit: returnArgument,
  mathnormal: returnArgument,
  operatorname: returnArgument,
  NoCaseChange: returnArgument,
  noopsort: () => "", // the BibTeX idiom for a sort key that is never printed
  hspace: () => " ",
  hphantom: () => " ",
  vspace: () => "",
  mathbb: lookupEachCharacter("mathbb"),
  mathbf: lookupEachCharacter("mathbf"),
  mathsf: lookupEachCharacter("mathsf"),
  mathtt: lookupEachCharacter("mathtt"),
  mathfrak: lookupEachCharacter("mathfrak"),
  mathscr: lookupEachCharacter("mathscr"),
  mathcal: lookupEachCharacter("mathscr"), // Unicode has one script alphabet for both
  mathbit: lookupEachCharacter("mathbit"),
  ding: (n: string) => tableText(`\\ding{${n}}`) ?? "",
  textcircled: (c: string) => tableText(`\\textcircled{${c}}`) ?? `(${c})`,
  frac: (numerator: string, denominator: string) => tableText(`\\frac{${numerator}}{${denominator}}`) ?? `${numerator}/${denominator}`,
  textfrac: (numerator: string, denominator: string) => tableText(`\\frac{${numerator}}{${denominator}}`) ?? `${numerator}/${denominator}`,
  // plugin-bibtex's own would keep citation-js's reading of `~` and `--` in the address.
  url: (url: string) => restoreUrl(url),
  href: (url: string, _text: string) => restoreUrl(url),
};

/** `\hat` is a combining accent in LaTeX, but the table's spacing "∧" is no accent. */
const ACCENT_FIXES: Record<string, string> = { hat: "\u0302", widehat: "\u0302" };

let installed = false;

/** Names of commands nothing decoded, met by any parse in this isolate: where a kept `\foo` ends in `\foostudy`. */
const unknownCommandsMet = new Set<string>();

/**
 * plugin-bibtex keeps an unknown command as written but runs its braced argument on ("\foo{study}" → "\foostudy"), so
 * the decoded text cannot tell where the name ends. Its grammar asks `name in commands` before falling back, and this
 * prototype of `commands` is asked only for names the table lacks: it notes those it is asked about that no later
 * table (maths, accents, argument commands) decodes, and answers no, leaving citation-js's behaviour as it was.
 */
function recordUnknownCommands(constants: BibtexConstants): object {
  return new Proxy(Object.create(null) as object, {
    has(_target, name) {
      if (
        typeof name === "string" &&
        /^[a-zA-Z]+$/u.test(name) &&
        !(name in constants.mathCommands || name in constants.diacritics || name in constants.argumentCommands) &&
        unknownCommandsMet.size < 10_000
      ) {
        unknownCommandsMet.add(name);
      }
      return false;
    },
  });
}

/**
 * Adds to plugin-bibtex's tables, in place, what it does not know yet: text and math macros, combining accents and
 * commands with arguments. What citation-js already decodes (its formatting commands, accents, symbols) stays its own,
 * except \url and \href, whose addresses it garbles. Runs once per isolate, on the first parse, after loadLatexCommands.
 */
export function installLatexCommands(constants: BibtexConstants): void {
  if (installed) return;
  if (!tables) throw new Error("LaTeX tables not loaded: await loadLatexCommands() before parsing BibTeX");
  const { latex2unicode, combining } = tables;
  const known = (name: string) =>
    name in constants.commands ||
    name in constants.mathCommands ||
    name in constants.diacritics ||
    name in constants.argumentCommands ||
    name in constants.formattingCommands ||
    name in constants.formattingEnvs ||
    /^[&%$#_{}]$/u.test(name);

  const accents = new Set(combining.macros);
  for (const name of accents) {
    if (known(name)) continue;
    const mark = ACCENT_FIXES[name] ?? combining.tounicode[name];
    if (mark && /^\p{M}+$/u.test(mark)) constants.diacritics[name] = mark;
  }
  for (const [name, command] of Object.entries(OUR_ARGUMENT_COMMANDS)) {
    if (name === "url" || name === "href" || !known(name)) constants.argumentCommands[name] = command;
  }
  for (const [name, value] of Object.entries(OUR_COMMANDS)) {
    if (!known(name)) constants.commands[name] = value;
  }
  Object.setPrototypeOf(constants.commands, recordUnknownCommands(constants));
  if (!known("cyrchar")) constants.commands.cyrchar = ""; // `\cyrchar\CYRA`: the letter is the second macro
  for (const key of Object.keys(latex2unicode)) {
    const name = /^(?:\\cyrchar)?\\([a-zA-Z]+|[^a-zA-Z])$/u.exec(key)?.[1];
    if (name === undefined || accents.has(name) || known(name)) continue;
    const value = tableText(key);
    if (value === undefined || /^\p{M}+$/u.test(value)) continue;
    constants.commands[name] = value.replace(INVISIBLE_BREAKS, "");
  }
  const accentNames = Object.keys(constants.diacritics).map((name) =>
    name.replace(/[^a-zA-Z]/gu, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`),
  );
  bareAccent = new RegExp(`\\\\\\\\|\\\\(?:(${accentNames.join("|")})(?![a-zA-Z]))[ \\t]*(?=[$}])`, "gu");
  installed = true;
}

/** An accent macro straight before `$` or `}`: `$\overline$`, `{\~}`. Matches `\\` too, to step over it. */
let bareAccent: RegExp | null = null;

/**
 * plugin-bibtex's accent rule takes whatever follows as the accented text, and on `$` or `}` that breaks the whole
 * entry ("(0001{$\overline$})" in a real export). An accent on nothing is given an empty argument instead, which
 * repairDecodedText turns into the accent itself. Lines keep their numbers, so parse errors still point right.
 */
export function giveBareAccentsAnArgument(text: string): string {
  if (!bareAccent) return text;
  return text.replace(bareAccent, (match, name?: string) => (name === undefined ? match : `${match.trimEnd()}{}`));
}

/** What a spacing accent looks like on its own: `\~{}` is a tilde (in addresses: `http://host/\~{}user`). */
const SPACING_ACCENTS: Record<string, string> = {
  "\u0300": "`",
  "\u0301": "\u00b4",
  "\u0302": "^",
  "\u0303": "~",
  "\u0304": "\u00af",
  "\u0306": "\u02d8",
  "\u0307": "\u02d9",
  "\u0308": "\u00a8",
  "\u030a": "\u02da",
  "\u030b": "\u02dd",
  "\u030c": "\u02c7",
  "\u0327": "\u00b8",
  "\u0328": "\u02db",
  "\u0305": "\u203e",
};

/**
 * Mends what plugin-bibtex's decoding leaves wrong in one value: an accent on a dotless ı or ȷ (`\"{\i}`) is an accented
 * i or j ("naïve", which folds to "naive"; "ı̈" folds to nothing a reader types); an accent on nothing (`\~{}`) comes
 * out as "undefined" plus the mark, and is the accent itself; hyphenation hints and zero-width breaks typed as
 * Unicode are dropped, as the decoded macros' are; and the whole is composed (NFC).
 */
export function repairDecodedText(value: string): string {
  // ASCII holds no mark, break or letter to mend, and is composed already: most values of a deposit are ASCII.
  if (ASCII_ONLY.test(value)) return value;
  // Decomposed first: plugin-bibtex composes what it decodes, so `{\d}` arrives as "undefine" + "ḍ", not "undefined" + mark.
  let repaired = value.normalize("NFD").replace(INVISIBLE_BREAKS, "");
  if (/[\u0131\u0237]\p{M}/u.test(repaired)) repaired = repaired.replace(/\u0131(?=\p{M})/gu, "i").replace(/\u0237(?=\p{M})/gu, "j");
  if (repaired.includes("undefined")) {
    repaired = repaired.replace(/undefined(\p{M})\p{M}*/gu, (_, mark: string) => SPACING_ACCENTS[mark] ?? "");
  }
  // Composed, as search's tokenizer needs: the table gives some letters decomposed (\aa is "a" + ring).
  return repaired.normalize("NFC");
}

/** `repairDecodedText` on every string in a parsed item (titles, names, notes alike). */
export function repairDecodedValues<T>(value: T): T {
  if (typeof value === "string") return repairDecodedText(value) as T;
  if (Array.isArray(value)) return value.map((v) => repairDecodedValues(v)) as T;
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) out[key] = repairDecodedValues(v);
    return out as T;
  }
  return value;
}

/**
 * LaTeX commands a decoded value still holds because nothing knew them, as written (`\foo`), each once: for a warning
 * that the command was kept as written. Where an argument ran on after the name ("\foostudy"), the name is the longest
 * unknown command a parse in this isolate met that begins it.
 */
export function findLatexCommands(value: string): string[] {
  if (!value.includes("\\")) return [];
  const found = (value.match(/\\(?:[a-zA-Z]+|[^\sa-zA-Z])/gu) ?? []).map((match) => {
    for (let end = match.length; end > 1; end--) if (unknownCommandsMet.has(match.slice(1, end))) return match.slice(0, end);
    return match;
  });
  return [...new Set(found)];
}
