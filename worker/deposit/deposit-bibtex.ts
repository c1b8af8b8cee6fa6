// A BibTeX deposit from file to report: scan, parse each entry alone, find duplicates, store in chunks, queue citations.
import type { Role } from "../../schema/vocabularies";
import { type CslItem, parseBibtex } from "../citations/citation-js";
import { chunkByJsonSize, nowIso, type Database } from "../db/client";
import { newId } from "../db/ids";
import type { Caller } from "../env";
import { addWork, findSameWork, indexWorks, toDepositedPublication, type DepositedPublication, type WorkIdentity } from "./normalise";
import {
  findPublicationsByDoiOrTitle,
  insertDeposit,
  insertPublicationChunk,
  recordDepositCounts,
  type PublicationInsert,
} from "./queries";
import { buildEntryParseText, placeholderKey, scanBibtex, type BibtexScan, type ScannedEntry } from "./scan-bibtex";

export type DepositEntryReport = {
  key: string;
  line: number;
  status: "created" | "duplicate" | "invalid";
  id?: string;
  duplicate_of?: string;
  /** For a duplicate of an earlier entry in the same file: that entry's citation key. */
  duplicate_of_key?: string;
  error?: string;
};

export type DepositReport = {
  deposit_id: string | null;
  dry_run: boolean;
  status: "published" | "submitted";
  created: number;
  duplicates: number;
  failed: number;
  entries: DepositEntryReport[];
};

type ParsedEntry = { entry: ScannedEntry; csl: CslItem; publication: DepositedPublication };

function describe(entry: ScannedEntry): string {
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
function explainParseError(error: unknown, entry: ScannedEntry, lineOffset: number): string {
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split("\n")[0].trim();
  const position = /^(.*?) at line (\d+) col (\d+)/.exec(firstLine);
  if (!position) return `${describe(entry)}: ${firstLine.replace(/:$/, "")}`;
  const [, problem, line, column] = position;
  if (message.includes("(Main->")) {
    return `${describe(entry)}: ${problem} at line ${Number(line) - lineOffset + entry.line - 1}, column ${column}`;
  }
  const excerpt = message
    .split("\n")
    .find((l) => l.startsWith(`${line} `))
    ?.slice(line.length)
    .trim();
  const index = excerpt ? entry.text.indexOf(excerpt) : -1;
  const where = index >= 0 ? ` at line ${entry.line + countLines(entry.text, index)}` : "";
  return `${describe(entry)}: a field value could not be read${where} (${problem})`;
}

function parseEntry(scan: BibtexScan, entry: ScannedEntry): ParsedEntry | string {
  if (entry.error) return `${describe(entry)}: ${entry.error}`;
  if (entry.type === "set") return `${describe(entry)}: is a @set, a group of other entries rather than a reference; its members are deposited on their own`;
  const { text, lineOffset } = buildEntryParseText(scan, entry);
  let items: CslItem[];
  try {
    items = parseBibtex(text);
  } catch (error) {
    return explainParseError(error, entry, lineOffset);
  }
  const wanted = (entry.key || placeholderKey(entry)).toLowerCase();
  const csl = items.find((item) => String(item.id ?? "").toLowerCase() === wanted) ?? items[0];
  if (!csl) return `${describe(entry)}: citation-js could not read this entry`;
  const publication = toDepositedPublication(csl);
  if (!publication) return `${describe(entry)}: has no title, author, journal or book, DOI or URL: nothing to cite it by`;
  return { entry, csl, publication };
}

/** Editors' deposits are published at once; a depositor's wait, submitted, for an editor. */
function depositStatus(role: Role): "published" | "submitted" {
  return role === "depositor" ? "submitted" : "published";
}

export async function depositBibtex(
  db: Database,
  queueCitations: (publicationIds: string[]) => Promise<void>,
  caller: Caller,
  source: string,
  options: { dryRun: boolean },
): Promise<DepositReport> {
  const scan = scanBibtex(source);
  const reports: DepositEntryReport[] = [];
  const parsed: { report: DepositEntryReport; parsed: ParsedEntry }[] = [];
  for (const entry of scan.entries) {
    const result = parseEntry(scan, entry);
    const report: DepositEntryReport = { key: entry.key, line: entry.line, status: "invalid" };
    reports.push(report);
    if (typeof result === "string") report.error = result;
    else parsed.push({ report, parsed: result });
  }

  const dois = [...new Set(parsed.map((p) => p.parsed.publication.doi).filter((d): d is string => !!d))];
  const titleKeys = [...new Set(parsed.map((p) => p.parsed.publication.titleKey).filter((k): k is string => !!k))];
  const stored = await findPublicationsByDoiOrTitle(db, dois, titleKeys);
  const storedByKey = indexWorks(stored.map((work) => ({ work, id: work.id })));
  const seenByKey = indexWorks<{ work: WorkIdentity; report: DepositEntryReport }>([]);
  const toStore: { report: DepositEntryReport; row: PublicationInsert }[] = [];
  for (const { report, parsed: p } of parsed) {
    const work = p.publication;
    const storedMatch = findSameWork(storedByKey, work);
    if (storedMatch) {
      Object.assign(report, { status: "duplicate", duplicate_of: storedMatch.id });
      continue;
    }
    const earlier = findSameWork(seenByKey, work);
    if (earlier) {
      Object.assign(report, { status: "duplicate", duplicate_of_key: earlier.report.key });
      if (earlier.report.id) report.duplicate_of = earlier.report.id;
      continue;
    }
    addWork(seenByKey, { work, report });
    report.status = "created";
    const id = newId();
    if (!options.dryRun) report.id = id;
    const { authors, ...fields } = p.publication;
    toStore.push({
      report,
      row: {
        ...fields,
        id,
        // A keyless entry's `citation-key` is only the placeholder citation-js was given: BibTeX output makes a real one.
        csl: JSON.stringify({ ...p.csl, id, "citation-key": p.entry.key || undefined }),
        bibtexKey: p.entry.key || null,
        bibtex: p.entry.text,
        authors: authors.map((a) => ({ ...a, personId: newId() })),
      },
    });
  }

  const status = depositStatus(caller.role);
  let depositId: string | null = null;
  if (!options.dryRun && toStore.length > 0) {
    const now = nowIso();
    depositId = newId();
    await insertDeposit(db, depositId, caller.tokenId, now);
    const context = { depositId, tokenId: caller.tokenId, actor: caller.name, status, publishAt: status === "published" ? now : null, now };
    for (const chunk of chunkByJsonSize(toStore)) {
      try {
        await insertPublicationChunk(db, chunk.map((s) => s.row), context);
      } catch (error) {
        // Most likely a concurrent deposit of the same works; the database's own words stay in the log.
        console.error("a deposit chunk was not stored", { depositId, entries: chunk.length, error: String(error) });
        for (const { report } of chunk) {
          delete report.id;
          Object.assign(report, {
            status: "invalid",
            error: `${report.key ? `entry '${report.key}'` : "entry"} at line ${report.line}: could not be stored, and nothing of it was written; deposit the file again to retry`,
          });
        }
      }
    }
  }

  const count = (status: DepositEntryReport["status"]) => reports.filter((r) => r.status === status).length;
  const counts = { created: count("created"), duplicates: count("duplicate"), failed: count("invalid") };
  if (depositId) {
    await recordDepositCounts(db, depositId, counts);
    // The entries are stored whatever happens here: a citation the queue never renders is rendered when first asked for.
    await queueCitations(toStore.filter((s) => s.report.status === "created").map((s) => s.row.id)).catch((error) =>
      console.error("could not queue citation rendering", { depositId, error: String(error) }),
    );
  }
  return { deposit_id: depositId, dry_run: options.dryRun, status, ...counts, entries: reports };
}
