// Turns citation-js's parse errors into messages a researcher can act on, each naming the line of the file.
import type { ScannedEntry } from "./scan-bibtex";

/** How reports name an entry: by its key where it has one, always with its line. */
export function describeEntry(entry: ScannedEntry): string {
  return entry.key ? `entry '${entry.key}' at line ${entry.line}` : `the entry at line ${entry.line}`;
}

function countLines(text: string, end: number): number {
  let lines = 0;
  for (let i = text.indexOf("\n"); i >= 0 && i < end; i = text.indexOf("\n", i + 1)) lines++;
  return lines;
}

/**
 * citation-js reports positions in the text it was given. For the entry's structure ("(Main->" in the message) that
 * is the parse text, mapped back to the file with lineOffset. Inside a field value it counts within the value, so the
 * offending line is found by the excerpt citation-js prints of it.
 */
export function explainParseError(error: unknown, entry: ScannedEntry, lineOffset: number): string {
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split("\n")[0].trim();
  const position = /^(.*?) at line (\d+) col (\d+)/.exec(firstLine);
  if (!position) return `${describeEntry(entry)}: ${firstLine.replace(/:$/, "")}`;
  const [, problem, line, column] = position;
  if (message.includes("(Main->")) {
    return `${describeEntry(entry)}: ${problem} at line ${Number(line) - lineOffset + entry.line - 1}, column ${column}`;
  }
  const excerpt = message
    .split("\n")
    .find((l) => l.startsWith(`${line} `))
    ?.slice(line.length)
    .trim();
  const index = excerpt ? entry.text.indexOf(excerpt) : -1;
  const where = index >= 0 ? ` at line ${entry.line + countLines(entry.text, index)}` : "";
  return `${describeEntry(entry)}: a field value could not be read${where} (${problem})`;
}

