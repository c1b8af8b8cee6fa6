// HTTP for /deposit: a .bib file or pasted BibTeX checked by the API's own dry run, then stored on confirmation.
import { sql } from "drizzle-orm";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { type CarriedFile, type DepositRow, DepositFormPage, DepositReportPage } from "../../web/desk/deposit";
import { myItemHref } from "../../web/desk/account";
import { DEPOSIT_JS } from "../../web/static/deposit";
import { queueCitationRendering } from "../citations/render-citations";
import { asJsonParameter, type Database, nowIso, openDatabase } from "../db/client";
import { depositBibtex, type DepositReport } from "../deposit/deposit-bibtex";
import { readBibtexBytes } from "../deposit/read-bibtex-bytes";
import type { AppEnv, Caller } from "../env";
import { RepositoryError } from "../errors";
import { equityFacet, type EquityTags, namedEquityTags } from "../records/equity";
import { seenByCaller } from "../records/lifecycle";
import { DEPOSIT_BODY_LIMIT_BYTES } from "../http-middleware";
import { requireCsrf, requireDeskRole, viewerOf } from "./guard";

export const depositPages = new Hono<AppEnv>();

/** The confirmation carries the file as base64, a third larger than the file the API would accept. */
const CONFIRM_BODY_LIMIT_BYTES = Math.ceil((DEPOSIT_BODY_LIMIT_BYTES * 4) / 3) + 64 * 1024;
const LIMIT_WORDS = `${Math.round(DEPOSIT_BODY_LIMIT_BYTES / 1024 / 1024)} MB`;

depositPages.get("/static/deposit.js", (c) =>
  c.body(DEPOSIT_JS, 200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "public, max-age=3600" }),
);

depositPages.get("/deposit", (c) => {
  const { caller, session } = requireDeskRole(c, "depositor");
  return c.html(<DepositFormPage siteName={c.env.SITE_NAME} viewer={viewerOf(caller, session)} />);
});

/** The form again with one problem on it, at `field`, and nothing stored. */
function refuseForm(c: Context<AppEnv>, field: "file" | "bibtex", message: string, status: 413 | 422, bibtex = "") {
  const { caller, session } = requireDeskRole(c, "depositor");
  return c.html(<DepositFormPage siteName={c.env.SITE_NAME} viewer={viewerOf(caller, session)} problems={{ [field]: message }} bibtex={bibtex} status={status} />, status);
}

/** Too large a body is answered on the form before any of it is read (a signed-out visitor still goes to sign in). */
function limitDepositForm(maxSize: number) {
  return bodyLimit({ maxSize, onError: (c) => refuseForm(c, "file", `This file is larger than the ${LIMIT_WORDS} a deposit may be. Split your library into smaller exports and deposit each.`, 413) });
}

depositPages.post("/deposit", limitDepositForm(DEPOSIT_BODY_LIMIT_BYTES));
depositPages.post("/deposit/confirm", limitDepositForm(CONFIRM_BODY_LIMIT_BYTES));

/** The form's fields, files kept, after the same-origin and CSRF checks every desk post passes. */
async function readDepositForm(c: Context<AppEnv>): Promise<{ caller: Caller; form: Record<string, string | File> }> {
  const { caller, session } = requireDeskRole(c, "depositor");
  const body = await c.req.parseBody().catch(() => {
    throw new RepositoryError("bad_request", "This form could not be read. Open the deposit page again and send the file again.");
  });
  const form: Record<string, string | File> = {};
  for (const [name, value] of Object.entries(body)) if (typeof value === "string" || value instanceof File) form[name] = value;
  requireCsrf(c, session, typeof form.csrf === "string" ? form.csrf : undefined);
  return { caller, form };
}

/** The `charset` a multipart part declares, if any (a browser rarely sends one for a file). */
function charsetOf(type: string): string {
  return /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(type)?.[1] ?? "";
}

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  // String.fromCharCode takes its arguments on the stack: a 3 MB file is turned into text a slice at a time.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64(data: string): Uint8Array | null {
  try {
    const binary = atob(data);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return null;
  }
}

/** The same dry run, or deposit, as POST /api/deposits, with each entry's title and authors as stored. */
async function runDeposit(c: Context<AppEnv>, caller: Caller, bytes: Uint8Array, charset: string, dryRun: boolean): Promise<DepositReport> {
  const { text, warnings } = readBibtexBytes(bytes, charset || undefined);
  const db = openDatabase(c.env.DB);
  const report = await depositBibtex(db, (ids) => queueCitationRendering(c.env.CITATION_QUEUE, ids), caller, text, { dryRun, fileWarnings: warnings, describe: true });
  if (report.entries.length === 0) throw new RepositoryError("invalid", "No BibTeX entries were found: each entry starts like @article{key, and ends with a closing brace.");
  return report;
}

type StoredRecord = { id: string; title: string | null; status: "draft" | "submitted" | "published" | "withdrawn" };

/**
 * The stored records an entry repeats that this person may see (public, their own, or any for an editor), all in one
 * query with the ids as one JSON parameter. Another's hidden record is left out, so the report does not describe it.
 */
async function findStoredRecords(db: Database, caller: Caller, ids: string[]): Promise<Map<string, StoredRecord>> {
  const rows = await db.all<StoredRecord>(
    sql`SELECT id, title, status FROM publications
      WHERE id IN (SELECT value FROM json_each(${asJsonParameter([...new Set(ids)])})) AND ${seenByCaller("publications", caller, nowIso())}`,
  );
  return new Map(rows.map((row) => [row.id, row]));
}

function duplicateLink(record: StoredRecord | undefined): DepositRow["duplicateOf"] {
  // A record the person may not see (another's, not public) is not described: its title and state are not theirs to learn.
  if (!record) return { kind: "stored", title: "a record already stored", href: null };
  const note = record.status === "submitted" ? "waiting for review" : record.status === "draft" ? "a draft" : record.status === "withdrawn" ? "withdrawn" : undefined;
  return { kind: "stored", title: record.title || "Untitled", href: myItemHref({ kind: "publications", id: record.id, status: record.status }), note };
}

/** Tags as the report names them: "Perinatal (life-course stage)", "North West (place)". */
function describeEquityTags(tags: EquityTags): string[] {
  return namedEquityTags(tags).map((tag) => `${tag.name} (${equityFacet(tag.facet)!.name.toLowerCase()})`);
}

/** The report's entries as the page shows them: stored pages, and what each duplicate repeats. */
async function toRows(c: Context<AppEnv>, caller: Caller, report: DepositReport): Promise<DepositRow[]> {
  const storedIds = report.entries.filter((e) => e.status === "duplicate" && !e.duplicate_of_key && e.duplicate_of).map((e) => e.duplicate_of!);
  const stored = storedIds.length > 0 ? await findStoredRecords(openDatabase(c.env.DB), caller, storedIds) : new Map<string, StoredRecord>();
  const firstByKey = new Map<string, number>();
  return report.entries.map((entry, index) => {
    if (entry.status === "created" && entry.key && !firstByKey.has(entry.key)) firstByKey.set(entry.key, index);
    const row: DepositRow = { key: entry.key, line: entry.line, status: entry.status, title: entry.title, authors: entry.authors, error: entry.error, warnings: entry.warnings };
    if (entry.equity) row.equityTags = describeEquityTags(entry.equity);
    if (entry.status === "created" && entry.id) row.href = myItemHref({ kind: "publications", id: entry.id, status: report.status });
    if (entry.status === "duplicate" && entry.duplicate_of_key !== undefined) {
      const earlier = firstByKey.get(entry.duplicate_of_key);
      row.duplicateOf =
        earlier === undefined
          ? { kind: "stored", title: entry.duplicate_of_key ? `entry ${entry.duplicate_of_key}, earlier in this file` : "an entry without a key, earlier in this file", href: null }
          : { kind: "earlier", index: earlier + 1, key: entry.duplicate_of_key, line: report.entries[earlier].line };
    } else if (entry.status === "duplicate") {
      row.duplicateOf = duplicateLink(stored.get(entry.duplicate_of ?? ""));
    }
    return row;
  });
}

async function showReport(c: Context<AppEnv>, caller: Caller, report: DepositReport, fileName: string | null, carried?: CarriedFile) {
  const session = c.get("session")!;
  const rows = await toRows(c, caller, report);
  const counts = { created: report.created, duplicates: report.duplicates, failed: report.failed, warnings: report.warnings };
  return c.html(
    <DepositReportPage
      siteName={c.env.SITE_NAME}
      viewer={viewerOf(caller, session)}
      stored={!report.dry_run}
      fileName={fileName}
      counts={counts}
      fileWarnings={report.file_warnings}
      rows={rows}
      carried={carried}
    />,
  );
}

/** A file or pasted text that is not a BibTeX deposit is a problem on the form, never a 500, and nothing is stored. */
function refuseInput(c: Context<AppEnv>, field: "file" | "bibtex", error: unknown, bibtex: string) {
  if (error instanceof RepositoryError && (error.code === "invalid" || error.code === "payload_too_large")) {
    return refuseForm(c, field, error.message, error.code === "invalid" ? 422 : 413, bibtex);
  }
  throw error;
}

depositPages.post("/deposit", async (c) => {
  const { caller, form } = await readDepositForm(c);
  const file = form.file instanceof File && form.file.size > 0 ? form.file : null;
  const pasted = typeof form.bibtex === "string" ? form.bibtex : "";
  if (form.file instanceof File && form.file.size === 0 && form.file.name !== "") {
    return refuseForm(c, "file", `The file ${form.file.name} is empty. Export your library again and choose the new file.`, 422, pasted);
  }
  if (file && pasted.trim() !== "") return refuseForm(c, "file", "Choose a file or paste BibTeX, not both: clear the pasted text to send the file.", 422, pasted);
  if (!file && pasted.trim() === "") return refuseForm(c, "file", "Choose a .bib file, or paste BibTeX into the box below.", 422);
  const bytes = file ? new Uint8Array(await file.arrayBuffer()) : new TextEncoder().encode(pasted);
  const charset = file ? charsetOf(file.type) : "utf-8";
  try {
    const report = await runDeposit(c, caller, bytes, charset, true);
    return await showReport(c, caller, report, file?.name ?? null, { data: toBase64(bytes), charset, name: file?.name ?? "" });
  } catch (error) {
    return refuseInput(c, file ? "file" : "bibtex", error, pasted);
  }
});

depositPages.post("/deposit/confirm", async (c) => {
  const { caller, form } = await readDepositForm(c);
  const bytes = typeof form.data === "string" ? fromBase64(form.data) : null;
  if (!bytes || bytes.length === 0) return refuseForm(c, "file", "The file to store did not arrive whole. Choose the file again, check its report and confirm.", 422);
  if (bytes.length > DEPOSIT_BODY_LIMIT_BYTES) return refuseForm(c, "file", `This file is larger than the ${LIMIT_WORDS} a deposit may be.`, 413);
  const charset = typeof form.charset === "string" ? form.charset : "";
  const name = typeof form.name === "string" && form.name !== "" ? form.name : null;
  try {
    return await showReport(c, caller, await runDeposit(c, caller, bytes, charset, false), name);
  } catch (error) {
    return refuseInput(c, "file", error, "");
  }
});
