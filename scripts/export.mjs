// `npm run export`: the whole repository as one versioned JSON file (every table's rows, except what is derived), and its publications as BibTeX.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { BACKUP_FORMAT, BACKUP_VERSION, DERIVED_TABLES, describeStatements, describeTarget, findMissingDatabase, listTables, orderTables, queryD1, quoteIdentifier, sortTables } from "./backup-d1.mjs";

const USAGE = `Usage:
  npm run export -- --out backup.json [--bibtex backup.bib] [--remote]
      writes every table of the local database (PERSIST_TO, or .wrangler/state) to backup.json, and every publication
      as BibTeX to backup.bib (by default the --out name with .bib); --remote reads the deployed D1 database instead`;

/** Rows per table per statement: a page of large publications (BibTeX, CSL-JSON) stays a few megabytes. */
const PAGE_ROWS = 500;
/** A table's next page waits for the next wrangler run once this many pages are asked for in one. */
const STATEMENTS_PER_RUN = 40;
const ATTEMPTS = 3;

function readOptions(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { out: { type: "string" }, bibtex: { type: "string" }, remote: { type: "boolean" }, "persist-to": { type: "string" }, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    console.error(`${error.message}\n\n${USAGE}`);
    process.exit(1);
  }
  const { out, bibtex, remote, help } = parsed.values;
  if (help) {
    console.log(USAGE);
    process.exit(0);
  }
  const stamp = new Date().toISOString().replaceAll(":", "-").slice(0, 19);
  const jsonPath = path.resolve(out ?? `backup-${stamp}.json`);
  const bibPath = path.resolve(bibtex ?? jsonPath.replace(/\.json$/i, "") + ".bib");
  return { jsonPath, bibPath, target: { remote: Boolean(remote), persistTo: parsed.values["persist-to"] } };
}

/**
 * What changes whenever anything is written: every write adds an audit row in its own batch, and the citation queue
 * stores renderings in the background. Read before and after: if it moved, the pages read may not fit together.
 */
const STAMP_QUERY = `SELECT (SELECT max(id) FROM audit_log) AS last_change, (SELECT max(rendered_at) FROM citations) AS last_render,
  (SELECT count(*) FROM citations) AS citations, (SELECT count(*) FROM sessions) AS sessions`;

/**
 * Everything in as few wrangler runs as it takes (each costs seconds): the tables' shapes, then keyset pages by rowid,
 * many tables a run, until every table has given a short page. Each run ends by reading the stamp again.
 */
async function readOnce(target) {
  const listed = await listTables(target);
  if (!listed.some((t) => t.name === "publications")) throw new Error(`${describeTarget(target)} holds no repository: it was never migrated.`);
  const { kept, derived } = sortTables(listed);
  const rows = new Map(kept.map((name) => [name, []]));
  const after = new Map(kept.map((name) => [name, 0]));
  const pageOf = (name) => `SELECT rowid AS _rowid_, * FROM ${quoteIdentifier(name)} WHERE rowid > ${after.get(name)} ORDER BY rowid LIMIT ${PAGE_ROWS}`;
  const keep = (names, sets) => {
    const full = [];
    names.forEach((name, i) => {
      const page = sets[i];
      rows.get(name).push(...page);
      if (page.length === PAGE_ROWS) {
        after.set(name, page.at(-1)._rowid_);
        full.push(name);
      }
    });
    return full;
  };

  const first = kept.slice(0, STATEMENTS_PER_RUN);
  const described = describeStatements(kept);
  // A sequence at 0 (an INSERT ... SELECT that inserted nothing leaves one) is the same as none: the next id is 1 either way.
  const sets = await queryD1(
    [STAMP_QUERY, ...described, "SELECT name FROM d1_migrations ORDER BY id", "SELECT id, kind, item_id FROM search_documents ORDER BY id", "SELECT name, seq FROM sqlite_sequence WHERE seq > 0 ORDER BY name", ...first.map(pageOf), STAMP_QUERY],
    target,
  );
  const stamp = JSON.stringify(sets[0]);
  let consistent = JSON.stringify(sets.at(-1)) === stamp;
  const tables = orderTables(kept, sets.slice(1, 1 + described.length));
  const [migrations, searchIds, sequences] = sets.slice(1 + described.length, 4 + described.length);
  let pending = [...kept.slice(first.length), ...keep(first, sets.slice(4 + described.length, -1))];
  while (pending.length > 0 && consistent) {
    const batch = pending.slice(0, STATEMENTS_PER_RUN);
    const more = await queryD1([...batch.map(pageOf), STAMP_QUERY], target);
    consistent = JSON.stringify(more.at(-1)) === stamp;
    pending = [...pending.slice(batch.length), ...keep(batch, more.slice(0, -1))];
  }
  return { consistent, tables, derived, rows, migrations: migrations.map((m) => m.name), searchIds, sequences };
}

async function readRepository(target) {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const read = await readOnce(target);
    if (read.consistent) return read;
    console.error(`The repository changed while it was being read (attempt ${attempt} of ${ATTEMPTS}): reading it again.`);
  }
  throw new Error("the repository kept changing while it was read (deposits, edits or citations being rendered): export it again when it is quiet.");
}

function buildBackup({ tables, derived, rows, migrations, searchIds, sequences }, target) {
  const backupTables = {};
  for (const { name, columns } of tables) {
    const names = ["_rowid_", ...columns];
    backupTables[name] = { columns: names, rows: rows.get(name).map((row) => names.map((column) => row[column] ?? null)) };
  }
  return {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    exported_at: new Date().toISOString(),
    source: target.remote ? "remote" : "local",
    migrations,
    migration_level: migrations.at(-1) ?? null,
    derived: {
      note: "Not exported: rebuilt by npm run import from the tables above. Only each search document's id is kept, since lists, search, feeds, the sitemap and OAI-PMH order ties by it.",
      tables: [...new Set([...DERIVED_TABLES, ...derived])].sort(),
      search_document_ids: searchIds.map((d) => [d.id, d.kind, d.item_id]),
    },
    /** AUTOINCREMENT counters: ids are never handed out twice, even after rows were deleted (ended challenges). */
    sequences: Object.fromEntries(sequences.map((s) => [s.name, s.seq])),
    counts: Object.fromEntries(tables.map(({ name }) => [name, rows.get(name).length])),
    tables: backupTables,
  };
}

/** citation-js only for the records deposited without BibTeX (made through the API): loaded only when there are some. */
async function loadBibtexWriter() {
  const { Cite } = await import("@citation-js/core");
  await import("@citation-js/plugin-bibtex");
  return (csl) => new Cite(JSON.parse(csl)).format("bibtex");
}

const MONTHS = new Set(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]);
/** A field whose whole value is one @string macro: `journal = jdmhi,`. */
const MACRO_FIELD = /^(\s*)([A-Za-z][\w-]*)(\s*=\s*)([A-Za-z][\w:.+/-]*)(\s*,?\s*)$/u;
/** The fields whose macro the stored record still knows the value of. */
const MACRO_VALUES = { journal: "container_title", journaltitle: "container_title", booktitle: "container_title", publisher: "publisher" };

/**
 * A stored entry names the @string macros of the file it came from, which are not stored: where the record holds the
 * value (a journal, book title or publisher), it is written in braces instead; other macros are named, to be told.
 */
function inlineMacros(entry, valueOf) {
  const unresolved = [];
  const lines = entry.split("\n").map((line) => {
    const match = line.match(MACRO_FIELD);
    if (!match || MONTHS.has(match[4].toLowerCase())) return line;
    const value = valueOf(MACRO_VALUES[match[2].toLowerCase()]);
    if (!value) {
      unresolved.push(match[4]);
      return line;
    }
    return `${match[1]}${match[2]}${match[3]}{${value.replaceAll("{", "\\{").replaceAll("}", "\\}")}}${match[5]}`;
  });
  return { text: lines.join("\n"), unresolved };
}

/** The entries as deposited where kept; otherwise written from the stored CSL-JSON. Each says which record it is. */
async function buildBibtex(publications) {
  const at = (row, name) => (name ? row[publications.columns.indexOf(name)] : undefined);
  let toBibtex;
  let generated = 0;
  const unresolved = new Set();
  const parts = [`% ${publications.rows.length} publications exported ${new Date().toISOString()} by npm run export.\n`];
  for (const row of publications.rows) {
    let entry = at(row, "bibtex");
    let how = "as deposited";
    if (entry) {
      const inlined = inlineMacros(entry, (column) => at(row, column));
      if (inlined.text !== entry) how = "as deposited, with its @string macros written out";
      entry = inlined.text;
      for (const name of inlined.unresolved) unresolved.add(name);
    } else {
      toBibtex ??= await loadBibtexWriter();
      try {
        entry = toBibtex(at(row, "csl")).trim();
      } catch (error) {
        entry = `% citation-js could not write this record as BibTeX: ${String(error.message).replaceAll("\n", " ")}`;
      }
      how = "written from its CSL-JSON (no BibTeX was deposited)";
      generated++;
    }
    parts.push(`% ${at(row, "id")}, ${at(row, "status")}, ${how}\n${entry.trim()}\n`);
  }
  if (unresolved.size > 0) parts.splice(1, 0, `% These @string macros were defined in the files deposited, which are not kept: ${[...unresolved].sort().join(", ")}\n`);
  return { text: parts.join("\n"), generated, unresolved: [...unresolved].sort() };
}

function printCounts(counts) {
  const width = Math.max(...Object.keys(counts).map((name) => name.length));
  for (const [name, count] of Object.entries(counts)) console.log(`  ${name.padEnd(width)}  ${count}`);
}

async function main() {
  const { jsonPath, bibPath, target } = readOptions(process.argv.slice(2));
  const missing = findMissingDatabase(target);
  if (missing) throw new Error(missing);
  console.log(`Reading ${describeTarget(target)}...`);
  const backup = buildBackup(await readRepository(target), target);
  // It holds token, session and invitation hashes: readable by its owner only.
  await writeFile(jsonPath, JSON.stringify(backup), { mode: 0o600 });
  const bibtex = await buildBibtex(backup.tables.publications);
  await writeFile(bibPath, bibtex.text);
  console.log(`Wrote ${jsonPath} (format ${BACKUP_FORMAT} version ${BACKUP_VERSION}, migration level ${backup.migration_level}), rows per table:`);
  printCounts(backup.counts);
  console.log(`Not exported, rebuilt on import: ${backup.derived.tables.join(", ")} (the ids of ${backup.derived.search_document_ids.length} search documents are kept).`);
  const kept = backup.counts.publications - bibtex.generated;
  console.log(`Wrote ${bibPath}: ${backup.counts.publications} publications, ${kept} as deposited, ${bibtex.generated} written from their CSL-JSON.`);
  if (bibtex.unresolved.length > 0) console.log(`  Some entries use @string macros their own files defined, which are not kept: ${bibtex.unresolved.join(", ")}.`);
}

try {
  await main();
} catch (error) {
  console.error(`npm run export failed: ${error.message}`);
  process.exit(1);
}
