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
import { describeEntry, explainParseError } from "./explain-parse-error";
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
  /** What was stored other than as written, or not at all, in plain words: a researcher should read each. */
  warnings: string[];
};

export type DepositReport = {
  deposit_id: string | null;
  dry_run: boolean;
  status: "published" | "submitted";
  created: number;
  duplicates: number;
  failed: number;
  /** Every warning in the report: the file's own and its entries'. */
  warnings: number;
  /** Warnings about the file as a whole, such as the text encoding it was read in. */
  file_warnings: string[];
  entries: DepositEntryReport[];
};

type ParsedEntry = { entry: ScannedEntry; csl: CslItem; publication: DepositedPublication; warnings: string[] };

function parseEntry(scan: BibtexScan, entry: ScannedEntry): ParsedEntry | string {
  if (entry.error) return `${describeEntry(entry)}: ${entry.error}`;
  if (entry.type === "set") return `${describeEntry(entry)}: is a @set, a group of other entries rather than a reference; its members are deposited on their own`;
  const { text, lineOffset } = buildEntryParseText(scan, entry);
  let items: CslItem[];
  try {
    items = parseBibtex(text);
  } catch (error) {
    return explainParseError(error, entry, lineOffset);
  }
  const wanted = (entry.key || placeholderKey(entry)).toLowerCase();
  const csl = items.find((item) => String(item.id ?? "").toLowerCase() === wanted) ?? items[0];
  if (!csl) return `${describeEntry(entry)}: citation-js could not read this entry`;
  const publication = toDepositedPublication(csl);
  if (!publication) return `${describeEntry(entry)}: has no title, author, journal or book, DOI or URL: nothing to cite it by`;
  return { entry, csl, publication, warnings: [] };
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
  options: { dryRun: boolean; fileWarnings?: string[] },
): Promise<DepositReport> {
  const scan = scanBibtex(source);
  const reports: DepositEntryReport[] = [];
  const parsed: { report: DepositEntryReport; parsed: ParsedEntry }[] = [];
  for (const entry of scan.entries) {
    const result = parseEntry(scan, entry);
    const report: DepositEntryReport = { key: entry.key, line: entry.line, status: "invalid", warnings: [] };
    reports.push(report);
    if (typeof result === "string") {
      report.error = result;
    } else {
      report.warnings = result.warnings;
      parsed.push({ report, parsed: result });
    }
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
  const fileWarnings = options.fileWarnings ?? [];
  const warnings = reports.reduce((sum, r) => sum + r.warnings.length, fileWarnings.length);
  return { deposit_id: depositId, dry_run: options.dryRun, status, ...counts, warnings, file_warnings: fileWarnings, entries: reports };
}
