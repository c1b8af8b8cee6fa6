// `npm run import`: restores a backup written by `npm run export` into an empty database, then rebuilds search from it.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import {
  applyMigrations,
  BACKUP_FORMAT,
  BACKUP_VERSION,
  describeStatements,
  describeTarget,
  executeD1File,
  listCodeMigrations,
  orderTables,
  queryD1,
  quoteIdentifier,
  sortTables,
  toSqlLiteral,
} from "./backup-d1.mjs";

const USAGE = `Usage:
  npm run import -- backup.json [--remote]
      restores backup.json (from npm run export) into the local database (PERSIST_TO, or .wrangler/state), which must
      hold nothing yet: a fresh folder, or one only migrated; --remote restores into the deployed D1 database instead`;

/** D1 refuses a statement over 100 KB: stay well under it, counting UTF-8 bytes. */
const MAX_STATEMENT_BYTES = 90_000;
/** A long text that alone would pass that is written in pieces of this size, appended one by one. */
const PIECE_BYTES = 40_000;
/** Statements per wrangler run: several megabytes of SQL, so progress shows and no run holds too much. */
const FILE_BYTES = 4_000_000;

/** What worker/records/search-documents.ts upserts from each kind's view (migration 0004). */
const SEARCH_SOURCES = { publications: "publication_search_sources", briefings: "briefing_search_sources", "lay-summaries": "lay_summary_search_sources" };
const SEARCH_COLUMNS = [
  "kind", "item_id", "title", "people", "body", "subjects", "doi", "year", "language", "sort_date", "topic_ids", "person_ids",
  "status", "publish_at", "parent_status", "parent_publish_at", "withdrawn_at", "withdrawal_reason", "changed_at", "news_at",
];

function exitWithUsage(problem) {
  console.error(`${problem}\n\n${USAGE}`);
  process.exit(1);
}

function readOptions(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { remote: { type: "boolean" }, "persist-to": { type: "string" }, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    exitWithUsage(error.message);
  }
  if (parsed.values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (parsed.positionals.length !== 1) exitWithUsage("Give one backup file, written by npm run export.");
  return { file: path.resolve(parsed.positionals[0]), target: { remote: Boolean(parsed.values.remote), persistTo: parsed.values["persist-to"] } };
}

class RefusedImport extends Error {}

async function readBackup(file) {
  let backup;
  try {
    backup = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    throw new RefusedImport(`${file} could not be read as JSON: ${error.message}`);
  }
  if (backup?.format !== BACKUP_FORMAT) throw new RefusedImport(`${file} is not a backup written by npm run export (no "format": "${BACKUP_FORMAT}").`);
  if (backup.version !== BACKUP_VERSION) {
    throw new RefusedImport(`${file} is a backup of format version ${backup.version}; this code reads version ${BACKUP_VERSION} only.`);
  }
  const codeMigrations = await listCodeMigrations();
  if (JSON.stringify(backup.migrations) !== JSON.stringify(codeMigrations)) {
    throw new RefusedImport(
      `${file} was exported from a database at migration ${backup.migration_level}, and this code is at ${codeMigrations.at(-1)}: ` +
        "its tables may not have the same columns. Import it with the version of the code that made it (git log schema/migrations), " +
        "then upgrade the usual way (npm start, or npm run deploy, applies the newer migrations).",
    );
  }
  return backup;
}

/**
 * Refuses a database that holds anything: only the topics the migrations seed may be there (they are replaced by the
 * backup's). Returns the database's tables, parents first.
 */
async function checkEmpty(target, backup) {
  // The backup's own table names (migrations match) describe the database in the same wrangler run that counts its rows.
  const names = Object.keys(backup.tables);
  const described = describeStatements(names);
  const sets = await queryD1(
    [
      "SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name",
      ...described,
      ...names.map((name) => `SELECT count(*) AS n FROM ${quoteIdentifier(name)}`),
      "SELECT count(*) AS n FROM search_documents",
    ],
    target,
  );
  const { kept } = sortTables(sets[0]);
  const unknown = names.filter((name) => !kept.includes(name));
  if (unknown.length > 0) throw new RefusedImport(`the backup holds tables this database does not have: ${unknown.join(", ")}.`);
  const absent = kept.filter((name) => !names.includes(name));
  if (absent.length > 0) throw new RefusedImport(`the backup has no table ${absent.join(", ")}, which this database has.`);
  const tables = orderTables(names, sets.slice(1, 1 + described.length));
  const counts = names.map((name, i) => [name, sets[1 + described.length + i][0].n]);
  counts.push(["search_documents", sets.at(-1)[0].n]);
  const held = counts.filter(([name, n]) => n > 0 && name !== "topics");
  if (held.length > 0) {
    throw new RefusedImport(
      `${describeTarget(target)} is not empty (${held.map(([name, n]) => `${n} ${name}`).join(", ")}): import restores into an empty database only, so that ` +
        "nothing is mixed or overwritten. " +
        (target.remote
          ? "Create a new D1 database for it (wrangler d1 create), point wrangler.toml at it, and import again."
          : "Stop npm start, then import into a new folder (PERSIST_TO=<new folder> npm run import -- <file>), or move the old folder away first."),
    );
  }
  for (const { name, columns } of tables) {
    const saved = backup.tables[name];
    const missing = saved.columns.filter((c) => c !== "_rowid_" && !columns.includes(c));
    if (missing.length > 0) throw new RefusedImport(`the database's table ${name} has no column ${missing.join(", ")}, which the backup holds.`);
  }
  return tables;
}

function byteLength(text) {
  return Buffer.byteLength(text, "utf8");
}

/** Code points, not UTF-16 units: a piece never ends in half a surrogate pair. */
function splitText(text, maxBytes) {
  const pieces = [];
  let piece = "";
  let bytes = 0;
  for (const char of text) {
    const size = byteLength(char);
    if (bytes + size > maxBytes) {
      pieces.push(piece);
      piece = "";
      bytes = 0;
    }
    piece += char;
    bytes += size;
  }
  pieces.push(piece);
  return pieces;
}

/**
 * A row too long for one statement: inserted with its longest texts empty, biggest first until the INSERT fits (four
 * texts of 30 KB each fit no statement, though none is long alone), then each appended in pieces.
 */
function* insertLongRow(head, table, columns, row) {
  const literals = row.map(toSqlLiteral);
  const rowid = row[columns.indexOf("_rowid_")];
  if (!Number.isSafeInteger(rowid)) throw new Error(`A row of ${table} has no row id (_rowid_): this backup is damaged.`);
  const texts = literals.map((literal, i) => i).filter((i) => typeof row[i] === "string").sort((a, b) => byteLength(literals[b]) - byteLength(literals[a]));
  const long = [];
  const insertWith = () => `${head}(${literals.map((literal, i) => (long.includes(i) ? "''" : literal)).join(", ")})`;
  while (byteLength(insertWith()) > MAX_STATEMENT_BYTES && texts.length > 0) long.push(texts.shift());
  yield insertWith();
  for (const i of long) {
    // Hex doubles a text's size: such pieces are half as long.
    const pieceBytes = literals[i].startsWith("CAST(") ? PIECE_BYTES / 2 : PIECE_BYTES;
    for (const piece of splitText(row[i], pieceBytes)) {
      yield `UPDATE ${quoteIdentifier(table)} SET ${quoteIdentifier(columns[i])} = ${quoteIdentifier(columns[i])} || ${toSqlLiteral(piece)} WHERE rowid = ${rowid}`;
    }
  }
}

/** Multi-row INSERTs of whole rows in their rowid order, each under D1's statement limit; rowids kept. */
function* insertStatements(table, { columns, rows }) {
  const head = `INSERT INTO ${quoteIdentifier(table)} (${columns.map(quoteIdentifier).join(", ")}) VALUES `;
  let tuples = [];
  let bytes = byteLength(head);
  for (const row of rows) {
    const tuple = `(${row.map(toSqlLiteral).join(", ")})`;
    const size = byteLength(tuple) + 2;
    if (bytes + size > MAX_STATEMENT_BYTES && tuples.length > 0) {
      yield head + tuples.join(", ");
      tuples = [];
      bytes = byteLength(head);
    }
    if (bytes + size > MAX_STATEMENT_BYTES) {
      yield* insertLongRow(head, table, columns, row);
      continue;
    }
    tuples.push(tuple);
    bytes += size;
  }
  if (tuples.length > 0) yield head + tuples.join(", ");
}

/**
 * The search documents, built from the restored items by the views the Worker builds them from, each under the id it
 * had (the full-text tables follow by their triggers); then any item the backup gave no id, under a new one.
 */
function* rebuildSearchStatements(searchIds) {
  const columns = SEARCH_COLUMNS.join(", ");
  const viewColumns = SEARCH_COLUMNS.map((c) => `v.${c}`).join(", ");
  for (const [kind, view] of Object.entries(SEARCH_SOURCES)) {
    const ids = searchIds.filter(([, k]) => k === kind).map(([id, , itemId]) => [id, itemId]);
    let chunk = [];
    let bytes = 0;
    const statement = () =>
      `INSERT INTO search_documents (id, ${columns}) SELECT json_extract(m.value, '$[0]'), ${viewColumns} FROM json_each(${toSqlLiteral(JSON.stringify(chunk))}) AS m ` +
      `JOIN ${view} AS v ON v.item_id = json_extract(m.value, '$[1]') ORDER BY 1`;
    for (const pair of ids) {
      const size = byteLength(JSON.stringify(pair)) + 1;
      if (bytes + size > MAX_STATEMENT_BYTES - 2_000 && chunk.length > 0) {
        yield statement();
        chunk = [];
        bytes = 0;
      }
      chunk.push(pair);
      bytes += size;
    }
    if (chunk.length > 0) yield statement();
    yield `INSERT INTO search_documents (${columns}) SELECT ${columns} FROM ${view} WHERE item_id NOT IN (SELECT item_id FROM search_documents) ORDER BY item_id`;
  }
}

/** Groups statements into files of a few megabytes. */
function* groupIntoFiles(statements) {
  let file = [];
  let bytes = 0;
  for (const statement of statements) {
    const size = byteLength(statement) + 2;
    if (bytes + size > FILE_BYTES && file.length > 0) {
      yield file;
      file = [];
      bytes = 0;
    }
    file.push(statement);
    bytes += size;
  }
  if (file.length > 0) yield file;
}

function* allStatements(backup, tables) {
  // The migrations seed the topics; the backup's (with their ids) replace them. Nothing refers to them yet.
  yield "DELETE FROM topics";
  for (const { name } of tables) yield* insertStatements(name, backup.tables[name]);
  yield* rebuildSearchStatements(backup.derived?.search_document_ids ?? []);
}

async function restoreSequences(backup, target) {
  // Inserting explicit ids already moves each counter to the largest: only a counter that was past it needs setting.
  // (Search documents' ids have gaps: every upsert that updates still draws one.)
  const largestId = (name) => {
    if (name === "search_documents") return (backup.derived?.search_document_ids ?? []).reduce((largest, [id]) => Math.max(largest, id), 0);
    const table = backup.tables[name];
    const column = table.columns.indexOf("id");
    return column < 0 ? 0 : table.rows.reduce((largest, row) => Math.max(largest, Number(row[column]) || 0), 0);
  };
  const sequences = Object.entries(backup.sequences ?? {}).filter(
    ([name, seq]) => (backup.tables[name] || name === "search_documents") && Number(seq) > largestId(name),
  );
  if (sequences.length === 0) return;
  const statements = sequences.map(([name, seq]) => `UPDATE sqlite_sequence SET seq = max(seq, ${Number(seq)}) WHERE name = ${toSqlLiteral(name)}`);
  try {
    await executeD1File(statements.join(";\n"), target);
  } catch (error) {
    // Only the ids of rows added later depend on it; the import stands without it.
    console.warn(`The AUTOINCREMENT counters could not be restored (${error.message.split("\n")[0]}): new rows get ids after the largest restored one.`);
  }
}

/** Counts every restored table, and has both full-text indexes check themselves against the search documents. */
async function verify(backup, tables, target) {
  const names = [...tables.map((t) => t.name), "search_documents"];
  const sets = await queryD1(
    [
      ...names.map((name) => `SELECT count(*) AS n FROM ${quoteIdentifier(name)}`),
      "INSERT INTO search_fts (search_fts) VALUES ('integrity-check')",
      "INSERT INTO suggest_fts (suggest_fts) VALUES ('integrity-check')",
    ],
    target,
  );
  const counts = Object.fromEntries(names.map((name, i) => [name, sets[i][0].n]));
  const wrong = tables.filter(({ name }) => counts[name] !== backup.tables[name].rows.length);
  if (wrong.length > 0) {
    throw new Error(`after the import, ${wrong.map(({ name }) => `${name} holds ${counts[name]} rows, not ${backup.tables[name].rows.length}`).join("; ")}.`);
  }
  return counts;
}

async function main() {
  const { file, target } = readOptions(process.argv.slice(2));
  const backup = await readBackup(file);
  console.log(`Restoring ${file} (exported ${backup.exported_at}, migration level ${backup.migration_level}) into ${describeTarget(target)}...`);
  await applyMigrations(target);
  const tables = await checkEmpty(target, backup);
  const files = [...groupIntoFiles(allStatements(backup, tables))];
  try {
    for (const [i, statements] of files.entries()) {
      if (files.length > 1) console.log(`  part ${i + 1} of ${files.length} (${statements.length} statements)`);
      await executeD1File(statements.join(";\n"), target);
    }
  } catch (error) {
    throw new Error(
      `${error.message}\n\nThe import stopped part-way, so ${describeTarget(target)} now holds part of the backup. ` +
        (target.remote ? "Restore it to before the import with wrangler d1 time-travel, or use a new database, and import again." : "Delete that folder and import again."),
    );
  }
  await restoreSequences(backup, target);
  const counts = await verify(backup, tables, target);
  console.log("Restored, rows per table:");
  const width = Math.max(...Object.keys(counts).map((name) => name.length));
  for (const [name, count] of Object.entries(counts)) console.log(`  ${name.padEnd(width)}  ${count}${name === "search_documents" ? "  (rebuilt, with search_fts and suggest_fts: both pass their integrity-check)" : ""}`);
}

try {
  await main();
} catch (error) {
  console.error(error instanceof RefusedImport ? `npm run import refused: ${error.message}` : `npm run import failed: ${error.message}`);
  process.exit(1);
}
