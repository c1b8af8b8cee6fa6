// What `npm run export` and `npm run import` share: the backup format, which tables it holds, and reaching D1 (local or remote) through wrangler.
import { existsSync } from "node:fs";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { persistArgs, spawnWrangler } from "./local-d1.mjs";

export const BACKUP_FORMAT = "mhi-repository-backup";
/** Raised when the file's layout changes; an importer refuses versions it does not know. */
export const BACKUP_VERSION = 1;

const PROJECT_ROOT = fileURLToPath(new URL("..", import.meta.url));
const MIGRATIONS_DIR = fileURLToPath(new URL("../schema/migrations/", import.meta.url));

/**
 * Derived tables: rebuilt on import from the tables they are made of, never exported. search_documents comes from the
 * views of migration 0004 (as worker/records/search-documents.ts rebuilds it); the FTS5 tables (and their shadow
 * tables) are external-content indexes of it, and search_filters (its narrow copy) and search_facet_sets (migrations
 * 0008 and 0009) are filled by its triggers too. Only each search document's row id is kept: pages, search, feeds,
 * the sitemap and OAI-PMH resumption tokens break ties by it, so the restored ids must be the same.
 */
export const DERIVED_TABLES = ["search_documents", "search_filters", "search_facet_sets", "search_fts", "suggest_fts"];

/** wrangler's own bookkeeping and SQLite's: the migration level is recorded separately, and sequences restored apart. */
function isBookkeeping(name) {
  return name === "d1_migrations" || name === "sqlite_sequence" || name.startsWith("_cf_") || name.startsWith("sqlite_");
}

/** The migration files this code applies, in order: a backup restores only into a database at the same level. */
export async function listCodeMigrations() {
  return (await readdir(MIGRATIONS_DIR)).filter((name) => name.endsWith(".sql")).sort();
}

/** `--remote` for the deployed database; else the local one in --persist-to, PERSIST_TO or .wrangler/state. */
export function describeTarget(target) {
  if (target.remote) return "the remote D1 database (binding DB in wrangler.toml)";
  const folder = target.persistTo || process.env.PERSIST_TO;
  return `the local database in ${folder ? path.resolve(folder) : ".wrangler/state"}`;
}

/** For reading: wrangler would make an empty database where there is none, and the export would read nothing. */
export function findMissingDatabase(target) {
  if (target.remote) return undefined;
  const folder = path.resolve(target.persistTo || process.env.PERSIST_TO || path.join(PROJECT_ROOT, ".wrangler", "state"));
  return existsSync(path.join(folder, "v3", "d1")) ? undefined : `there is no local database in ${folder} (is PERSIST_TO the folder npm start used?).`;
}

function targetArgs(target) {
  return target.remote ? ["--remote"] : ["--local", ...persistArgs(target.persistTo)];
}

function runWrangler(args) {
  return new Promise((resolve, reject) => {
    const child = spawnWrangler(args);
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk) => (stderr += chunk));
    child.on("error", (error) => reject(new Error(`could not run wrangler: ${error.message}. Has 'npm install' been run?`)));
    child.on("close", (code, signal) => {
      if (code === 0) return resolve(stdout);
      let jsonError;
      try {
        jsonError = JSON.parse(stdout)?.error?.text;
      } catch {
        jsonError = undefined;
      }
      const why = [jsonError, stderr.trim()].filter(Boolean).join("\n") || stdout.trim() || "(no output)";
      reject(new Error(`'wrangler ${args.slice(0, 3).join(" ")}' failed (${signal ?? `exit code ${code}`}):\n${why}`));
    });
  });
}

function parseResultSets(stdout) {
  try {
    return JSON.parse(stdout).map((set) => set.results ?? []);
  } catch {
    throw new Error(`'wrangler d1 execute' printed something other than JSON:\n${stdout.trim().slice(0, 2000)}`);
  }
}

/** Every statement's rows, one array per statement, in one wrangler run (each run costs seconds: batch what you can). */
export async function queryD1(statements, target) {
  const stdout = await runWrangler(["d1", "execute", "DB", ...targetArgs(target), "--json", "--command", statements.join(";\n")]);
  return parseResultSets(stdout);
}

/** Runs a file of statements (the way to send many, and long ones, in one wrangler run). */
export async function executeD1File(sqlText, target) {
  const folder = await mkdtemp(path.join(tmpdir(), "mhi-import-"));
  const file = path.join(folder, "import.sql");
  try {
    await writeFile(file, sqlText);
    return parseResultSets(await runWrangler(["d1", "execute", "DB", ...targetArgs(target), "--json", "--file", file]));
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

export async function applyMigrations(target) {
  await runWrangler(["d1", "migrations", "apply", "DB", ...targetArgs(target)]);
}

/** The tables in the database: `sqlite_master` rows (name and the statement that made it). */
export async function listTables(target) {
  const [tables] = await queryD1(["SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name"], target);
  return tables;
}

/** Which tables a backup holds and which it leaves out as derived (the FTS5 tables and their shadow tables among them). */
export function sortTables(tables) {
  const virtual = tables.filter((t) => /^CREATE VIRTUAL TABLE/i.test(t.sql ?? "")).map((t) => t.name);
  const isDerived = (name) => DERIVED_TABLES.includes(name) || virtual.some((v) => name === v || name.startsWith(`${v}_`));
  return {
    kept: tables.map((t) => t.name).filter((name) => !isBookkeeping(name) && !isDerived(name)),
    derived: tables.map((t) => t.name).filter(isDerived),
  };
}

/** The statements that describe `names`: for each, its columns and then its foreign keys (see orderTables). */
export function describeStatements(names) {
  return names.flatMap((name) => [`PRAGMA table_info(${quoteIdentifier(name)})`, `PRAGMA foreign_key_list(${quoteIdentifier(name)})`]);
}

/**
 * From the result sets of describeStatements: each table with its columns, parents before children, so rows can be
 * inserted in this order with foreign keys enforced (as D1 enforces them).
 */
export function orderTables(names, sets) {
  const info = new Map(names.map((name, i) => [name, { columns: sets[2 * i].map((c) => c.name), parents: sets[2 * i + 1].map((f) => f.table) }]));
  const ordered = [];
  const visit = (name, path) => {
    if (ordered.includes(name) || path.includes(name)) return;
    for (const parent of info.get(name)?.parents ?? []) if (parent !== name) visit(parent, [...path, name]);
    ordered.push(name);
  };
  for (const name of names) visit(name, []);
  return ordered.map((name) => ({ name, columns: info.get(name).columns }));
}

export function quoteIdentifier(name) {
  return `"${String(name).replaceAll('"', '""')}"`;
}

/**
 * A value as an SQL literal, exactly: text with a control character other than tab and line breaks (a NUL cannot sit
 * in an SQL string) goes as its UTF-8 bytes in hex, cast back to text.
 */
export function toSqlLiteral(value) {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`cannot restore the number ${value}`);
    return String(value);
  }
  if (typeof value === "boolean") return value ? "1" : "0";
  if (Array.isArray(value)) return `X'${Buffer.from(value).toString("hex")}'`;
  const text = String(value);
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/u.test(text)) return `CAST(X'${Buffer.from(text, "utf8").toString("hex")}' AS TEXT)`;
  return `'${text.replaceAll("'", "''")}'`;
}
