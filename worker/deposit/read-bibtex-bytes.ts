// Turns a deposit's bytes into BibTeX text: finds their encoding, and refuses files that are not BibTeX at all.
import { RepositoryError } from "../errors";

export type BibtexText = {
  text: string;
  /** Whole-file warnings in plain words, e.g. the encoding the file was read in when it did not say. */
  warnings: string[];
};

const EXPORT_ADVICE = "export your library from Zotero, JabRef or Mendeley as BibTeX (.bib) and deposit that file";
const SAVE_AS_UTF8 =
  "save the file as UTF-8 (in JabRef: Library properties, Encoding; in Zotero's export dialog: Character encoding, Unicode (UTF-8)) and deposit it again";

/** Formats people send by mistake, told apart by their first bytes. */
const BINARY_FORMATS: { name: string; magic: (number | null)[] }[] = [
  { name: "a PDF", magic: [...ascii("%PDF-")] },
  // .docx, .xlsx, .odt and .zip are all ZIP archives; Word is the likely one here.
  { name: "a Word document (.docx) or another ZIP archive", magic: [0x50, 0x4b, 0x03, 0x04] },
  { name: "an empty ZIP archive", magic: [0x50, 0x4b, 0x05, 0x06] },
  { name: "an old Word document (.doc) or another Microsoft Office file", magic: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] },
  { name: "a PNG image", magic: [0x89, ...ascii("PNG")] },
  { name: "a JPEG image", magic: [0xff, 0xd8, 0xff] },
  { name: "a GIF image", magic: [...ascii("GIF8")] },
  { name: "a WebP image", magic: [...ascii("RIFF"), null, null, null, null, ...ascii("WEBP")] },
  { name: "a TIFF image", magic: [...ascii("II*"), 0] },
  { name: "a TIFF image", magic: [...ascii("MM"), 0, 0x2a] },
  { name: "a gzip archive", magic: [0x1f, 0x8b] },
  { name: "a bzip2 archive", magic: [...ascii("BZh")] },
  { name: "a 7-Zip archive", magic: [...ascii("7z"), 0xbc, 0xaf, 0x27, 0x1c] },
  { name: "a RAR archive", magic: [...ascii("Rar!")] },
  { name: "an XZ archive", magic: [0xfd, ...ascii("7zXZ")] },
  { name: "a SQLite database (perhaps a Zotero or JabRef library file itself)", magic: [...ascii("SQLite format 3"), 0] },
];

function ascii(text: string): number[] {
  return [...text].map((c) => c.charCodeAt(0));
}

function startsWithMagic(bytes: Uint8Array, magic: (number | null)[]): boolean {
  return bytes.length >= magic.length && magic.every((b, i) => b === null || bytes[i] === b);
}

function refuse(detail: string): never {
  throw new RepositoryError("invalid", detail);
}

/**
 * The text of a deposited BibTeX file. Its encoding is, in order: a byte order mark; the charset the request (or the
 * multipart part) declares; JabRef's `% Encoding:` line; UTF-8. Bytes that are not UTF-8 and name no other encoding are
 * read as Windows-1252, the encoding of Western European Windows, with a warning. A declared single-byte encoding
 * gives way to UTF-8 when the bytes are valid UTF-8 with accents in them, since text in those encodings almost never
 * is, and a file re-saved as UTF-8 often keeps its old `% Encoding:` line.
 */
export function readBibtexBytes(bytes: Uint8Array, declaredCharset?: string): BibtexText {
  refuseBinaryFormats(bytes);
  const warnings: string[] = [];
  const text = decodeBytes(bytes, declaredCharset, warnings);
  refuseOtherTextFormats(text);
  return { text, warnings };
}

function refuseBinaryFormats(bytes: Uint8Array): void {
  const format = BINARY_FORMATS.find((f) => startsWithMagic(bytes, f.magic));
  if (format) refuse(`This looks like ${format.name}, not a BibTeX file: ${EXPORT_ADVICE}.`);
}

/** UTF-16 from its byte order mark, or from the zero bytes beside every ASCII character when it has none. */
function detectUtf16(bytes: Uint8Array): { encoding: "utf-16le" | "utf-16be"; bom: boolean } | null {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: "utf-16le", bom: true };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: "utf-16be", bom: true };
  const sample = Math.min(bytes.length, 512) & ~1;
  if (sample < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < sample; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = sample / 2;
  if (oddZeros > pairs * 0.9 && evenZeros === 0) return { encoding: "utf-16le", bom: false };
  if (evenZeros > pairs * 0.9 && oddZeros === 0) return { encoding: "utf-16be", bom: false };
  return null;
}

function decodeBytes(bytes: Uint8Array, declaredCharset: string | undefined, warnings: string[]): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return decodeUtf8(bytes.subarray(3), "Its byte order mark says it is UTF-8, but", warnings);
  const utf16 = detectUtf16(bytes);
  if (utf16) return new TextDecoder(utf16.encoding).decode(utf16.bom ? bytes.subarray(2) : bytes);
  refuseBinaryData(bytes);

  const declarations: { encoding: string; label: string; where: string }[] = [];
  const requestLabel = declaredCharset ? { label: declaredCharset, where: "The request says the file is" } : null;
  for (const declaration of [requestLabel, findEncodingComment(bytes)]) {
    if (!declaration) continue;
    const encoding = encodingOf(declaration.label);
    if (encoding) declarations.push({ ...declaration, encoding });
    else warnings.push(`${declaration.where} "${declaration.label}", an encoding we do not know; that was ignored.`);
  }
  const singleByte = declarations.find((d) => d.encoding !== "utf-8");
  const utf8 = tryUtf8(bytes);
  if (utf8 !== null) {
    if (singleByte && declarations[0] === singleByte && /[^\x00-\x7f]/.test(utf8)) {
      warnings.push(
        `${singleByte.where} ${singleByte.label}, but its accented letters are written in UTF-8, so it was read as UTF-8. Check accented names and titles in the report; if they are wrong, ${SAVE_AS_UTF8}.`,
      );
    }
    return utf8;
  }
  if (singleByte) return new TextDecoder(singleByte.encoding).decode(bytes);
  const saidUtf8 = declarations[0];
  return decodeUtf8(bytes, saidUtf8 ? `${saidUtf8.where} UTF-8, but` : "This file is not UTF-8:", warnings);
}

function tryUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
}

/** UTF-8 when the bytes are; else Windows-1252, said in a warning that starts with `but` ("... UTF-8, but"). */
function decodeUtf8(bytes: Uint8Array, but: string, warnings: string[]): string {
  const utf8 = tryUtf8(bytes);
  if (utf8 !== null) return utf8;
  const text = new TextDecoder("windows-1252").decode(bytes);
  refuseNonsense(text);
  const line = lineAt(bytes, findInvalidUtf8(bytes));
  const lead = but.endsWith(":") ? `${but} line ${line} is the first that is not` : `${but} line ${line} is not valid UTF-8`;
  warnings.push(
    `${lead}; it was read as Windows-1252 (Western European). Check accented names and titles in the report; if they are wrong, ${SAVE_AS_UTF8}.`,
  );
  return text;
}

/**
 * Windows-1252 gives every byte a character, so whether it "made sense" of a file is judged by what it gave: the five
 * bytes it leaves undefined (TextDecoder maps them to C1 controls) never occur in a Windows-1252 file, and a file
 * where more than 1 character in 100 is a control character is not text. A stray control character in a real export
 * (JabRef files hold a lost degree sign as \x01) is kept, as citation-js keeps it.
 */
function refuseNonsense(text: string): void {
  const undefinedByte = /[\x81\x8d\x8f\x90\x9d]/.exec(text);
  const controls = text.match(/[\x00-\x08\x0b\x0e-\x1f\x7f]/g)?.length ?? 0;
  const bad = undefinedByte ?? (controls * 100 > text.length ? /[\x00-\x08\x0b\x0e-\x1f\x7f]/.exec(text) : null);
  if (!bad) return;
  refuse(
    `Line ${countLines(text, bad.index)} holds bytes that make no sense as text in UTF-8 or in Windows-1252: ${SAVE_AS_UTF8}. If this is not a BibTeX file, ${EXPORT_ADVICE}.`,
  );
}

/** A NUL byte among the first 8 KB means binary data, not a text file in any single-byte or UTF-8 encoding. */
function refuseBinaryData(bytes: Uint8Array): void {
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) refuse(`This file holds binary data, not text, so it is not a BibTeX file: ${EXPORT_ADVICE}.`);
}

/** JabRef writes `% Encoding: UTF-8` (or `UTF8`, `ISO8859_1`, `Cp1252`) on one of its first lines. */
function findEncodingComment(bytes: Uint8Array): { label: string; where: string } | null {
  const head = new TextDecoder("windows-1252").decode(bytes.subarray(0, 1024));
  const match = /^[ \t]*%[ \t]*Encoding[ \t]*:[ \t]*([\w.:-]+)/im.exec(head.split("\n").slice(0, 5).join("\n"));
  return match ? { label: match[1], where: "Its `% Encoding:` line says the file is" } : null;
}

/** The WHATWG encoding a label names, trying Java's spellings (JabRef's) too; undefined when unknown. */
export function encodingOf(label: string): string | undefined {
  const candidates = [label, label.replace(/_/g, "-"), label.replace(/^cp[-_]?(\d+)$/i, "windows-$1"), label.replace(/^ISO8859[-_]?(\d+)$/i, "iso-8859-$1")];
  for (const candidate of candidates) {
    try {
      return new TextDecoder(candidate.trim()).encoding;
    } catch {
      // not a label TextDecoder knows; try the next spelling
    }
  }
  return undefined;
}

/** The offset of the first byte that breaks UTF-8, or -1. */
export function findInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let length: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [length, min] = [2, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [length, min] = [3, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [length, min] = [4, 0x10000];
    else return i;
    if (i + length > bytes.length) return i;
    let codePoint = b & (0xff >> (length + 1));
    for (let j = 1; j < length; j++) {
      const next = bytes[i + j];
      if ((next & 0xc0) !== 0x80) return i;
      codePoint = (codePoint << 6) | (next & 0x3f);
    }
    if (codePoint < min || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return i;
    i += length;
  }
  return -1;
}

/** 1-based line of a byte offset, for encodings where a line feed is the byte 0x0A. */
function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

function countLines(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

/** Other reference formats, and web pages, told apart by how they start; none can start a BibTeX file. */
function refuseOtherTextFormats(text: string): void {
  const start = text.slice(0, 4096).replace(/^[\s\ufeff]+/, "");
  const other = identifyTextFormat(start, text);
  if (other) refuse(`This looks like ${other}, not a BibTeX file: ${EXPORT_ADVICE}.`);
}

function identifyTextFormat(start: string, text: string): string | null {
  if (/^TY {2}- /.test(start)) return "a RIS file (.ris)";
  if (/^%0 /.test(start)) return "an EndNote tagged export (.enw)";
  if (/^PMID- /.test(start)) return "a PubMed (MEDLINE) export (.nbib)";
  if (/^\{\\rtf/.test(start)) return "a Rich Text (RTF) document";
  if (/^<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>])/i.test(start)) return "a web page (HTML)";
  if (start.startsWith("<")) {
    if (/<records>\s*<record>/.test(start) || /<xml>\s*<records>/.test(start)) return "an EndNote XML export";
    if (/<mods[\s>:]|<modsCollection/.test(start)) return "a MODS XML file";
    if (/<html[\s>]/i.test(start)) return "a web page (HTML)";
    return "an XML file";
  }
  if (start.startsWith("[") || start.startsWith("{")) {
    try {
      const json: unknown = JSON.parse(text);
      const first = Array.isArray(json) ? json[0] : json;
      const isCsl = typeof first === "object" && first !== null && "type" in first && ("title" in first || "author" in first || "id" in first);
      return isCsl ? "CSL-JSON" : "a JSON file";
    } catch {
      return null;
    }
  }
  return null;
}
