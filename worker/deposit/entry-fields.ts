// The fields an entry's source text names, with their raw values: to tell what citation-js dropped, and to read the
// few fields it has no mapping for (`titleaddon`).

/**
 * Field name (lower case) → raw value, outer braces or quotes removed, `#` parts joined as written. Reads only the
 * entry's own top level; the scanner has already found where the entry starts and ends.
 */
export function readEntryFields(entryText: string): Map<string, string> {
  const fields = new Map<string, string>();
  const open = entryText.search(/[{(]/);
  if (open < 0) return fields;
  const body = entryText.slice(open + 1);
  // Past the citation key: fields start after the first top-level comma.
  let i = body.indexOf(",");
  if (i < 0) return fields;
  i++;
  while (i < body.length) {
    const name = /^\s*([^\s=,{}"#%()]+)\s*=\s*/.exec(body.slice(i, i + 200));
    if (!name) break;
    i += name[0].length;
    const start = i;
    let depth = 0;
    let inQuote = false;
    for (; i < body.length; i++) {
      const c = body[i];
      if (c === "\\") {
        i++;
      } else if (c === "{") {
        depth++;
      } else if (c === "}") {
        if (depth === 0) break;
        depth--;
      } else if (c === '"' && depth === 0) {
        inQuote = !inQuote;
      } else if ((c === "," || c === ")") && depth === 0 && !inQuote) {
        break;
      }
    }
    const raw = body.slice(start, i).trim();
    fields.set(name[1].toLowerCase(), raw.replace(/^\{([\s\S]*)\}$|^"([\s\S]*)"$/, (_, braced, quoted) => braced ?? quoted).trim());
    if (body[i] !== ",") break;
    i++;
  }
  return fields;
}
