// The fields an entry's source text names, where each value lies, and their raw values: to tell what citation-js
// dropped, to read the few fields it has no mapping for (`titleaddon`), and to point a parse error at its line.

export type EntryField = { name: string; start: number; end: number };

/**
 * The fields of an entry the scanner accepted, with where each value starts and ends in its text. Values are braced,
 * quoted, numbers or macro names, joined by `#`.
 */
export function listEntryFields(text: string): EntryField[] {
  const fields: EntryField[] = [];
  const open = text.search(/[{(]/);
  const comma = text.indexOf(",", open);
  if (open < 0 || comma < 0) return fields;
  const field = /\s*(?:%[^\n]*\n\s*)*,?\s*(?:%[^\n]*\n\s*)*([^\s=,{}()"#%]+)\s*=\s*/y;
  let i = comma + 1;
  for (;;) {
    field.lastIndex = i;
    const match = field.exec(text);
    if (!match) return fields;
    const start = field.lastIndex;
    i = start;
    for (;;) {
      i = skipValuePart(text, i);
      const hash = /\s*#\s*/y;
      hash.lastIndex = i;
      if (!hash.exec(text)) break;
      i = hash.lastIndex;
    }
    fields.push({ name: match[1].toLowerCase(), start, end: i });
  }
}

function skipValuePart(text: string, i: number): number {
  const c = text[i];
  if (c !== "{" && c !== '"') {
    const bare = /[^\s,#{}()"]*/y;
    bare.lastIndex = i;
    bare.exec(text);
    return bare.lastIndex;
  }
  let depth = 0;
  for (let j = i + (c === '"' ? 1 : 0); j < text.length; j++) {
    const d = text[j];
    if (d === "\\") j++;
    else if (d === "{") depth++;
    else if (d === "}") {
      depth--;
      if (c === "{" && depth === 0) return j + 1;
    } else if (d === '"' && c === '"' && depth === 0) return j + 1;
  }
  return text.length;
}

/** Field name (lower case) → raw value as written, outer braces or quotes removed; the first of a repeated field wins. */
export function readEntryFields(entryText: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const field of listEntryFields(entryText)) {
    if (fields.has(field.name)) continue;
    const raw = entryText.slice(field.start, field.end).trim();
    const delimited = (raw.startsWith("{") && raw.endsWith("}")) || (raw.length > 1 && raw.startsWith('"') && raw.endsWith('"'));
    fields.set(field.name, delimited ? raw.slice(1, -1).trim() : raw);
  }
  return fields;
}
