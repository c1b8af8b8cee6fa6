// A BibTeX deposit from file to report: scan, parse each entry alone, find duplicates, store in chunks, queue citations.
import type { Role } from "../../schema/vocabularies";
import { type CslItem, parseBibtex } from "../citations/citation-js";
import { loadLatexCommands } from "../citations/latex-commands";
import { sql } from "drizzle-orm";
import { hasRole } from "../auth/tokens";
import { asJsonParameter, chunkByJsonSize, nowIso, type Database } from "../db/client";
import { equityRowsFor, equityTagsFromKeywords, type EquityTags } from "../records/equity";
import { seenByCaller } from "../records/lifecycle";
import { newId } from "../db/ids";
import type { Caller } from "../env";
import { doiKey, familyKeys, toDepositedPublication, type DepositedPublication } from "./normalise";
import { readEntryFields } from "./entry-fields";
import { addWork, findSameWork, indexWorks, workKey, type WorkIdentity } from "./same-work";
import {
  findPublicationsByDoiOrTitle,
  findPublicationsByWorkKey,
  insertDeposit,
  insertPublicationChunk,
  type PublicationInsert,
} from "./queries";
import { RepositoryError } from "../errors";
import { describeEntry, explainParseError } from "./explain-parse-error";
import { buildEntryParseText, findEntryByKey, placeholderKey, scanBibtex, type BibtexScan, type ScannedEntry } from "./scan-bibtex";

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
  /**
   * For a new entry: the equity tags its keywords named (value slugs by facet, as the API's `equity` field), stored with
   * the publication. Its keywords are all kept as exported, these and the free ones alike.
   */
  equity?: EquityTags;
  /** The title and authors' names as stored: only when `describe` asks (the desk's report shows them, the API's does not). */
  title?: string;
  authors?: string[];
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
  const warnings: string[] = [];
  const parseText = buildEntryParseText(scan, entry);
  let items: CslItem[];
  try {
    items = parseBibtex(parseText.text);
  } catch (error) {
    // A crossref parent can make a child that reads well alone fail (an @inbook under a book with an editor and no
    // author: "Failed to convert bookauthor to container-author"). The child alone is better than nothing.
    const alone = entry.crossref === undefined ? undefined : { ...entry, crossref: undefined };
    const parsedAlone = alone && parseAlone(scan, alone);
    if (!parsedAlone) return explainParseError(error, entry, parseText.lineOffset);
    items = parsedAlone;
    warnings.push(`could not be read together with its crossref parent '${entry.crossref}', so it was read without it: check the fields it should inherit (${firstLine(error)})`);
  }
  if (entry.crossref !== undefined && !hasEntry(scan, entry.crossref)) {
    warnings.push(`its crossref '${entry.crossref}' is not in this file, so nothing was inherited from it`);
  }
  const wanted = (entry.key || placeholderKey(entry)).toLowerCase();
  const item = items.find((candidate) => String(candidate.id ?? "").toLowerCase() === wanted) ?? items[0];
  if (!item) return `${describeEntry(entry)}: citation-js could not read this entry`;
  const deposited = toDepositedPublication(item, { fields: readEntryFields(entry.text), undefinedMacros: parseText.undefinedMacros });
  if (!deposited) return `${describeEntry(entry)}: has no title, author, journal or book, DOI or URL: nothing to cite it by`;
  return { entry, csl: deposited.csl, publication: deposited.publication, warnings: [...warnings, ...deposited.warnings] };
}

function parseAlone(scan: BibtexScan, entry: ScannedEntry): CslItem[] | undefined {
  try {
    return parseBibtex(buildEntryParseText(scan, entry).text);
  } catch {
    return undefined;
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0].trim();
}

/** By the scan's own index: a search of every entry for each entry's crossref took 16 s for 10,000 entries. */
function hasEntry(scan: BibtexScan, key: string): boolean {
  return findEntryByKey(scan, key) !== undefined;
}

function workIdentity(publication: DepositedPublication): WorkIdentity {
  return {
    doiKey: publication.doi ? doiKey(publication.doi) : null,
    titleKey: publication.titleKey,
    issuedYear: publication.issuedYear,
    type: publication.type,
    familyKeys: familyKeys(publication.authors.map((author) => author.nameKey)),
  };
}

/** Editors' deposits are published at once; a depositor's wait, submitted, for an editor. */
function depositStatus(role: Role): "published" | "submitted" {
  return role === "depositor" ? "submitted" : "published";
}

/** Seconds a client is asked to wait before depositing again after the database failed part-way. */
const RETRY_AFTER_SECONDS = 10;

/**
 * Stores the entries chunk by chunk, each chunk in one batch (queries.ts), then queues their citations. An entry that
 * lost a race to a concurrent deposit of the same work is reported as a duplicate of the stored one. A chunk the
 * database refuses ends the deposit with 503: what earlier chunks stored stays, whole and counted on the deposit row,
 * and depositing the file again reports those entries as duplicates and stores the rest.
 */
async function storeEntries(
  db: Database,
  queueCitations: (publicationIds: string[]) => Promise<void>,
  caller: Caller,
  deposit: {
    depositId: string;
    status: "published" | "submitted";
    toStore: { report: DepositEntryReport; row: PublicationInsert }[];
    known: { duplicates: number; failed: number };
  },
): Promise<void> {
  const { depositId, status } = deposit;
  const now = nowIso();
  const stored: string[] = [];
  const queueStored = () =>
    // The entries are stored whatever happens here: a citation the queue never renders is rendered when first asked for.
    queueCitations(stored).catch((error) => console.error("could not queue citation rendering", { depositId, error: String(error) }));
  try {
    await insertDeposit(db, depositId, caller.tokenId, now, deposit.known);
    const context = { depositId, tokenId: caller.tokenId, actor: caller.name, status, publishAt: status === "published" ? now : null, now };
    for (const chunk of chunkByJsonSize(deposit.toStore)) {
      const inserted = await insertPublicationChunk(db, chunk.map((s) => s.row), context);
      const lost = chunk.filter((s) => !inserted.has(s.row.id));
      const winners = await findPublicationsByWorkKey(db, lost.map((s) => s.row.workKey).filter((key): key is string => key !== null));
      for (const { report, row } of lost) {
        delete report.id;
        delete report.equity;
        report.status = "duplicate";
        const winner = row.workKey === null ? undefined : winners.get(row.workKey);
        if (winner) report.duplicate_of = winner;
      }
      stored.push(...chunk.filter((s) => inserted.has(s.row.id)).map((s) => s.row.id));
    }
  } catch (error) {
    if (error instanceof RepositoryError) throw error;
    console.error("a deposit stopped part-way: the database refused a chunk", { depositId, stored: stored.length, error: String(error) });
    await queueStored();
    throw new RepositoryError(
      "unavailable",
      `The database failed part-way through this deposit. ${stored.length} of its ${deposit.toStore.length} new entries were stored whole (deposit ${depositId}) and nothing of the others was written: deposit the file again in ${RETRY_AFTER_SECONDS} seconds, and the stored ones will be reported as duplicates.`,
      { retry_after: RETRY_AFTER_SECONDS, deposit_id: depositId, created: stored.length },
    );
  }
  await queueStored();
}

export async function depositBibtex(
  db: Database,
  queueCitations: (publicationIds: string[]) => Promise<void>,
  caller: Caller,
  source: string,
  options: { dryRun: boolean; fileWarnings?: string[]; describe?: boolean },
): Promise<DepositReport> {
  await loadLatexCommands();
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
      if (options.describe) Object.assign(report, { title: result.publication.title, authors: result.publication.authors.map((a) => a.name) });
      parsed.push({ report, parsed: result });
    }
  }

  const works = parsed.map(({ parsed: p }) => workIdentity(p.publication));
  const doiKeys = [...new Set(works.map((work) => work.doiKey).filter((key): key is string => !!key))];
  const titleKeys = [...new Set(works.map((work) => work.titleKey).filter((key): key is string => !!key))];
  const stored = await findPublicationsByDoiOrTitle(db, doiKeys, titleKeys);
  const storedByKey = indexWorks(stored.map((work) => ({ work, id: work.id })));
  const seenByKey = indexWorks<{ work: WorkIdentity; report: DepositEntryReport }>([]);
  const toStore: { report: DepositEntryReport; row: PublicationInsert }[] = [];
  /** Each repeat within the file, with the earlier entry it repeats (whose id is known only once it is stored). */
  const repeats: { report: DepositEntryReport; earlier: DepositEntryReport }[] = [];
  for (const [index, { report, parsed: p }] of parsed.entries()) {
    const work = works[index];
    const storedMatch = findSameWork(storedByKey, work);
    if (storedMatch) {
      Object.assign(report, { status: "duplicate", duplicate_of: storedMatch.id });
      continue;
    }
    const earlier = findSameWork(seenByKey, work);
    if (earlier) {
      Object.assign(report, { status: "duplicate", duplicate_of_key: earlier.report.key });
      repeats.push({ report, earlier: earlier.report });
      continue;
    }
    addWork(seenByKey, { work, report });
    report.status = "created";
    const id = newId();
    if (!options.dryRun) report.id = id;
    report.equity = equityTagsFromKeywords(p.publication.keywords);
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
        workKey: workKey(work),
        equity: equityRowsFor(report.equity),
        authors: authors.map((a) => ({ ...a, personId: newId() })),
      },
    });
  }

  const status = depositStatus(caller.role);
  const count = (status: DepositEntryReport["status"]) => reports.filter((r) => r.status === status).length;
  let depositId: string | null = null;
  if (!options.dryRun && toStore.length > 0) {
    depositId = newId();
    await storeEntries(db, queueCitations, caller, { depositId, status, toStore, known: { duplicates: count("duplicate"), failed: count("invalid") } });
  }
  for (const { report, earlier } of repeats) {
    const id = earlier.id ?? earlier.duplicate_of;
    if (id) report.duplicate_of = id;
  }

  const counts = { created: count("created"), duplicates: count("duplicate"), failed: count("invalid") };
  const fileWarnings = options.fileWarnings ?? [];
  const warnings = reports.reduce((sum, r) => sum + r.warnings.length, fileWarnings.length);
  return { deposit_id: depositId, dry_run: options.dryRun, status, ...counts, warnings, file_warnings: fileWarnings, entries: reports };
}

/**
 * A repeat of a record the caller may not see (another depositor's paper under review or embargo) is still a duplicate,
 * as each work is held once, but the API's report does not name that record: its id is not the caller's to probe
 * (visibility, issue 12). The desk's report, which reads the full report, links no such record (desk/deposit-routes.tsx).
 */
export async function hideUnseenDuplicates(db: Database, caller: Caller, reports: DepositEntryReport[]): Promise<void> {
  const ids = [...new Set(reports.flatMap((r) => (r.duplicate_of ? [r.duplicate_of] : [])))];
  if (ids.length === 0 || hasRole(caller, "editor")) return;
  const seen = await db.all<{ id: string }>(
    sql`SELECT id FROM publications WHERE id IN (SELECT value FROM json_each(${asJsonParameter(ids)})) AND ${seenByCaller("publications", caller, nowIso())}`,
  );
  const known = new Set(seen.map((r) => r.id));
  for (const report of reports) if (report.duplicate_of && !known.has(report.duplicate_of)) delete report.duplicate_of;
}
