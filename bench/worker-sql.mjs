// For bench:search: the local D1's SQLite file opened straight (bench/sqlite-timer.py), the Worker's own search code
// bundled for Node and run over a D1 binding that answers from that file and records every statement, and the bare FTS5
// query for the same words. Both are then timed in one SQLite, on one database, in one process.
import { spawn } from "node:child_process";
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import { build } from "esbuild";

const ROOT = path.resolve(import.meta.dirname, "..");

/** The SQLite file wrangler keeps the local D1 in: the largest `.sqlite` under <persist>/v3/d1. */
export async function findD1File(persistTo) {
  const folder = path.join(persistTo, "v3", "d1", "miniflare-D1DatabaseObject");
  const files = (await readdir(folder)).filter((f) => f.endsWith(".sqlite") && f !== "metadata.sqlite");
  const sized = await Promise.all(files.map(async (f) => ({ file: path.join(folder, f), size: (await stat(path.join(folder, f))).size })));
  if (sized.length === 0) throw new Error(`No SQLite file in ${folder}`);
  return sized.sort((a, b) => b.size - a.size)[0].file;
}

/** A read-only connection to `file` in a Python process of its own: `query` answers rows, `time` answers milliseconds. */
export function openSqlite(file) {
  const child = spawn("python3", [path.join(import.meta.dirname, "sqlite-timer.py"), file], { stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout });
  const waiting = [];
  lines.on("line", (line) => waiting.shift()(JSON.parse(line)));
  const ask = (request) =>
    new Promise((resolve, reject) => {
      waiting.push((answer) => (answer.error ? reject(new Error(`${answer.error}\n${JSON.stringify(request).slice(0, 600)}`)) : resolve(answer)));
      child.stdin.write(`${JSON.stringify(request)}\n`);
    });
  return {
    /** Rows as objects, in column order. */
    async query(sql, params = []) {
      const { columns, rows } = await ask({ op: "query", sql, params });
      return rows.map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i]])));
    },
    async raw(sql, params = []) {
      return ask({ op: "query", sql, params });
    },
    /** Milliseconds for each statement, run one after another, every row fetched. */
    async time(statements) {
      return (await ask({ op: "time", statements })).ms;
    },
    close() {
      child.stdin.end();
    },
  };
}

/**
 * A D1 binding (as much of it as drizzle and worker/db/client.ts use) over `sqlite`, pushing each statement it runs,
 * with its bound values, onto `log.statements` while `log.statements` is an array.
 */
export function recordingD1(sqlite, log) {
  const statement = (sql, params = []) => {
    const run = async () => {
      log.statements?.push({ sql, params });
      return sqlite.raw(sql, params);
    };
    const objects = ({ columns, rows }) => rows.map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i]])));
    return {
      bind: (...values) => statement(sql, values.map((v) => (typeof v === "boolean" ? Number(v) : v))),
      async all() {
        return { results: objects(await run()), success: true, meta: {} };
      },
      async raw({ columnNames = false } = {}) {
        const answer = await run();
        return columnNames ? [answer.columns, ...answer.rows] : answer.rows;
      },
      async first(column) {
        const [row] = objects(await run());
        return row === undefined ? null : column === undefined ? row : row[column];
      },
      async run() {
        await run();
        return { results: [], success: true, meta: {} };
      },
      async execute() {
        return this.all();
      },
    };
  };
  return {
    prepare: (sql) => statement(sql),
    async batch(statements) {
      const results = [];
      for (const s of statements) results.push(await s.all());
      return results;
    },
  };
}

/**
 * The Worker's search (worker/search/search.ts's searchItems, with parse-query's functions and the drizzle client),
 * bundled from the working tree for Node: what runs is what the Worker runs.
 */
export async function bundleWorkerSearch(outFolder) {
  return bundleForNode(
    path.join(outFolder, `worker-search.${Date.now()}.bundle.mjs`),
    `export { searchItems } from "./worker/search/search.ts";
    export { parseQuery, toFtsExpressions } from "./worker/search/parse-query.ts";
    export { openDatabase } from "./worker/db/client.ts";
    export { SearchQuery } from "./worker/search/routes.ts";`,
  );
}

/** Bundles `exports` (export statements with paths from the repository's root) for Node into `outfile`, and imports it. */
export async function bundleForNode(outfile, exports) {
  await build({
    stdin: { contents: exports, resolveDir: ROOT, loader: "ts", sourcefile: "bench-bundle.ts" },
    bundle: true,
    format: "esm",
    platform: "node",
    outfile,
    logLevel: "error",
  });
  return import(outfile);
}

/** A search's URL parameters read into a SearchRequest by the route's own schema (worker/search/routes.ts), defaults included. */
export function toSearchRequest(worker, query, extra) {
  const params = new URLSearchParams(`q=${encodeURIComponent(query)}${extra}`);
  const values = Object.fromEntries([...new Set(params.keys())].map((name) => [name, params.getAll(name).length > 1 ? params.getAll(name) : params.get(name)]));
  return worker.SearchQuery.parse(values);
}

/** The bare FTS5 query the issue compares against: bm25 top 21 over search_fts, no joins, for the Worker's own expression. */
export function bareFtsStatement(text) {
  const match = text.match === null ? null : text.exclude === null ? text.match : `(${text.match}) NOT ${text.exclude}`;
  if (match === null) return null;
  return { sql: "SELECT rowid, bm25(search_fts, 10.0, 4.0, 1.0, 3.0, 2.0) FROM search_fts WHERE search_fts MATCH ? ORDER BY 2 LIMIT 21", params: [match] };
}
