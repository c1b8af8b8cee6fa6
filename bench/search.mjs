// `npm run bench:search`: 535 fixed queries (500, and 35 with equity filters) and 200 suggestions over the benchmark corpus (BENCH_ITEMS items, 30,000 by
// default: the real files in ../shared/bib plus synthetic ones). In one run, on one database, for each query type: bare
// FTS5 (bm25 top 21 over search_fts, the Worker's own FTS5 expression, no joins) and the Worker's own SQL, both timed
// straight on the local D1's SQLite file; then the Worker at the client less a static request, with the inspector off;
// then the isolate's heap under wrangler dev (which needs the inspector). Prints the table and the targets met or not;
// writes bench/results/search.json (30,000 items) or bench/results/search-<n>k.json.
import { execFileSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { build } from "esbuild";
import MiniSearch from "minisearch";
import WebSocket from "ws";
import { countSynthetic, DEFAULT_ITEMS, openBenchCorpus } from "./bench-corpus.mjs";
import { buildQueries, buildSuggestions } from "./search-queries.mjs";
import { bareFtsStatement, bundleWorkerSearch, findD1File, openSqlite, recordingD1, toSearchRequest } from "./worker-sql.mjs";
import { startDevServer, startWorkerServer } from "../scripts/dev-server.mjs";

/** Set to a folder a previous run loaded (printed at the start) to measure again without loading again. */
const REUSE_STATE = process.env.BENCH_STATE;
/** The Worker without inspector listens here, wrangler dev (for the heap readings) on the next port. */
const PORT = Number(process.env.BENCH_PORT ?? 8791);
const INSPECTOR_PORT = Number(process.env.BENCH_INSPECTOR_PORT ?? 9239);
const TARGETS = {
  p95_ms: 15,
  p95_ms_applies_to: "every query type but 'word: common', at the Worker (client less null)",
  ratio_to_bare_fts5: 2,
  suggest_p95_ms: 5,
  cold_first_query_ms: 300,
  search_memory_mb: 32,
  p95_ms_at_150k: 50,
};
/** MiniSearch over every field takes about 6 MB and 0.5 s of Node per 1,000 items: the baseline is left out above this. */
const BASELINE_MAX_ITEMS = 60_000;

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
const round = (ms) => Math.round(ms * 100) / 100;
const spread = (values) => ({ p50_ms: round(percentile(values, 50)), p95_ms: round(percentile(values, 95)) });
const sum = (values) => values.reduce((a, b) => a + b, 0);
const median = (values) => percentile(values, 50);
/** Timed passes over the searches (after one untimed pass), for the SQL and at the client alike. */
const TIMED_PASSES = Number(process.env.BENCH_PASSES ?? 3);

/** What of the Worker's code and schema was measured: the commit, and the files under worker/ and schema/ changed since. */
function describeWorkingTree() {
  const git = (...args) => execFileSync("git", args, { cwd: path.resolve(import.meta.dirname, ".."), encoding: "utf8" });
  try {
    const changed = git("status", "--porcelain", "--", "worker", "schema").split("\n").filter(Boolean).map((l) => l.slice(3));
    return { commit: git("rev-parse", "--short", "HEAD").trim(), uncommitted_worker_or_schema_files: changed };
  } catch {
    return null;
  }
}

/**
 * The Worker isolate's used heap in MB, read through the DevTools protocol. wrangler's inspector proxy ignores
 * requests for a garbage collection, so a reading includes garbage not yet collected. The connection is closed at
 * once: while it is open, the proxy reports every request (bodies included) over it, which would slow the timing.
 */
async function readIsolateHeapMb() {
  const targets = await (await fetch(`http://127.0.0.1:${INSPECTOR_PORT}/json`)).json();
  const socket = new WebSocket(targets[0].webSocketDebuggerUrl);
  await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
  const reply = await new Promise((resolve) => {
    socket.on("message", (message) => {
      const parsed = JSON.parse(message);
      if (parsed.id === 1) resolve(parsed);
    });
    socket.send(JSON.stringify({ id: 1, method: "Runtime.getHeapUsage" }));
  });
  socket.close();
  return Math.round((reply.result.usedSize / 1_048_576) * 10) / 10;
}

/** wrangler dev with its inspector, once the Worker serves its stylesheet (a request that touches neither D1 nor search). */
async function startDevWithInspector(persistTo) {
  const server = startDevServer({ port: PORT + 1, persistTo, output: null, inspectorPort: INSPECTOR_PORT });
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    try {
      const targets = await (await fetch(`http://127.0.0.1:${INSPECTOR_PORT}/json`)).json();
      if (targets[0]?.webSocketDebuggerUrl && (await fetch(`${server.url}static/site.css`)).ok) return server;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  server.stop();
  throw new Error("wrangler dev's inspector never listed the Worker");
}

async function timed(url) {
  const t0 = performance.now();
  const response = await fetch(url, { signal: AbortSignal.timeout(60_000) });
  const body = await response.json();
  const ms = performance.now() - t0;
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}: ${JSON.stringify(body).slice(0, 300)}`);
  return { ms, body };
}

async function timedNull(base) {
  const t0 = performance.now();
  await (await fetch(`${base}static/site.css`, { signal: AbortSignal.timeout(60_000) })).text();
  return performance.now() - t0;
}

const searchUrl = (base, { query, extra }) => `${base}api/search?q=${encodeURIComponent(query)}${extra}`;

/**
 * What the vocabulary keeps, measured in Node (V8, as in workerd) where a garbage collection can be forced: the
 * Worker's own `buildVocabulary`, bundled from worker/search/vocabulary.ts, over the same public items.
 */
async function measureVocabularyHeapMb(persistTo, rows) {
  const bundle = path.join(persistTo, "vocabulary.bundle.mjs");
  await build({ entryPoints: [path.resolve(import.meta.dirname, "../worker/search/vocabulary.ts")], bundle: true, format: "esm", platform: "node", outfile: bundle, logLevel: "error" });
  const { buildVocabulary } = await import(bundle);
  const sources = rows.map(({ title, people, subjects }) => ({ title, people, subjects }));
  global.gc();
  const before = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const vocabulary = buildVocabulary(sources);
  const buildMs = performance.now() - t0;
  global.gc();
  const heapMb = (process.memoryUsage().heapUsed - before) / 1_048_576;
  return { words: vocabulary.size, heap_mb: Math.round(heapMb * 10) / 10, build_ms_in_node: Math.round(buildMs) };
}

/** The obvious design, for the record: MiniSearch over every field of every public item, in Node. */
function measureBaseline(queries, rows) {
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const index = new MiniSearch({ fields: ["title", "people", "body", "subjects"], searchOptions: { boost: { title: 10, people: 4, subjects: 3 } } });
  index.addAll(rows);
  const buildMs = performance.now() - t0;
  global.gc?.();
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1_048_576;
  const times = [];
  for (const { query } of queries) {
    const words = query.replace(/\b(title|author|doi):/gu, "").replace(/"/gu, "");
    const start = performance.now();
    index.search(words.replace(/\*/gu, ""), { combineWith: "AND", prefix: words.includes("*") });
    times.push(performance.now() - start);
  }
  return {
    engine: "MiniSearch 7.2 over title, people, body and subjects, in Node (no HTTP, no filters or facets)",
    items: rows.length,
    ...spread(times),
    build_ms: Math.round(buildMs),
    heap_mb: Math.round(heapMb),
  };
}

const { persistTo, loaded, corpus } = await openBenchCorpus(REUSE_STATE, "search");
const benchItems = loaded.bench_items;
const RESULTS_FILE = path.resolve(import.meta.dirname, benchItems === DEFAULT_ITEMS ? "results/search.json" : `results/search-${Math.round(benchItems / 1000)}k.json`);
const sqlite = openSqlite(await findD1File(persistTo));
const [{ items }] = await sqlite.query("SELECT count(*) AS items FROM search_documents WHERE status = 'published'");
const countCitations = async () => (await sqlite.query("SELECT count(*) AS n FROM citations"))[0].n;
const queries = buildQueries(corpus);
const suggestions = buildSuggestions(corpus);
const tree = describeWorkingTree();
console.log(`${items} public items; ${queries.length} searches, ${suggestions.length} suggestions.`);
// First, while this process holds little else that a collection could free mid-measure.
const publicRows = await sqlite.query("SELECT id, title, people, body, subjects FROM search_documents WHERE status = 'published'");
const vocabulary = await measureVocabularyHeapMb(persistTo, publicRows);

// 1. The SQL, with no Worker running: the Worker's search code over a D1 binding that answers from the same file and
// records each statement it runs (the page, the facets, topics, the vocabulary's version and, for a query that finds
// almost nothing, the count for its spelling correction); and the bare FTS5 query for the same expression.
console.log("Recording the Worker's SQL for each search (its own code, bundled)...");
const worker = await bundleWorkerSearch(persistTo);
const log = { statements: undefined };
const db = worker.openDatabase(recordingD1(sqlite, log));
const background = [];
const waitUntil = (work) => background.push(work.catch(() => {}));
// The vocabulary is built once per isolate (by the first search that finds almost nothing): built here, untimed.
await worker.searchItems(db, toSearchRequest(worker, "mentl helth", ""), waitUntil);
await Promise.all(background);
const recorded = [];
for (const q of queries) {
  log.statements = [];
  const answer = await worker.searchItems(db, toSearchRequest(worker, q.query, q.extra), waitUntil);
  const bare = bareFtsStatement(worker.toFtsExpressions(worker.parseQuery(q.query.trim())));
  recorded.push({ ...q, statements: log.statements, bare, total: answer.total });
}
log.statements = undefined;
await Promise.all(background);
console.log(`Timing bare FTS5 and the Worker's SQL in one SQLite (one pass to warm, ${TIMED_PASSES} timed)...`);
const sqlPasses = [];
for (let pass = 0; pass <= TIMED_PASSES; pass++) {
  const times = [];
  for (const r of recorded) {
    const ms = await sqlite.time([r.bare, ...r.statements].filter(Boolean));
    times.push(r.bare ? { bare: ms[0], worker: sum(ms.slice(1)) } : { bare: null, worker: sum(ms) });
  }
  if (pass > 0) sqlPasses.push(times);
}
// Each search's time is its median over the timed passes: a search the machine happened to interrupt once does not
// become the p95 (each type has about 50 searches, so its p95 is its third slowest).
const sqlTimes = recorded.map((r, i) => ({
  bare: r.bare ? median(sqlPasses.map((times) => times[i].bare)) : null,
  worker: median(sqlPasses.map((times) => times[i].worker)),
}));

// 2. The Worker at the client, with the inspector off; each search followed by a static request (the null request).
const citationsBefore = await countCitations();
console.log(`Starting the Worker without inspector (a new isolate); the first search, then ${queries.length} searches ${TIMED_PASSES + 1} times (the last ${TIMED_PASSES} timed) and 200 suggestions...`);
const server = startWorkerServer({ port: PORT, persistTo });
const client = { search: [], null: [], suggest: [] };
let cold;
let firstSuggest;
const mismatched = [];
try {
  if (!(await server.ready)) throw new Error(`The Worker did not answer on port ${PORT}`);
  const base = server.url;
  await timedNull(base);
  cold = await timed(searchUrl(base, { query: "mental health inequalities", extra: "" }));
  const searchPasses = [];
  const nullPasses = [];
  for (let pass = 0; pass <= TIMED_PASSES; pass++) {
    const searchTimes = [];
    const nullTimes = [];
    for (const [i, q] of queries.entries()) {
      const { ms, body } = await timed(searchUrl(base, q));
      searchTimes.push(ms);
      nullTimes.push(await timedNull(base));
      if (pass === 1 && body.total !== recorded[i].total) mismatched.push({ query: q.query, extra: q.extra, worker: body.total, recorded: recorded[i].total });
    }
    if (pass > 0) {
      searchPasses.push(searchTimes);
      nullPasses.push(nullTimes);
    }
  }
  // As for the SQL: each search's (and each null request's) median over the timed passes.
  client.search = queries.map((_, i) => median(searchPasses.map((times) => times[i])));
  client.null = queries.map((_, i) => median(nullPasses.map((times) => times[i])));
  firstSuggest = await timed(`${base}api/suggest?q=men`);
  // The first suggestion in an isolate may build the vocabulary; wait out any background rebuild it started.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  for (const text of suggestions) {
    client.suggest.push((await timed(`${base}api/suggest?q=${encodeURIComponent(text)}`)).ms);
    client.null.push(await timedNull(base));
  }
} finally {
  await server.stop();
}

// 3. The isolate's heap, which only an inspector can read: wrangler dev, the same searches and suggestions once.
console.log("Reading the isolate's heap under wrangler dev (with its inspector)...");
const dev = await startDevWithInspector(persistTo);
let heap;
const devSearch = [];
try {
  const base = dev.url;
  await timed(searchUrl(base, { query: "mental health inequalities", extra: "" }));
  const afterFirstQuery = await readIsolateHeapMb();
  for (const q of queries) devSearch.push((await timed(searchUrl(base, q))).ms);
  const afterSearch = await readIsolateHeapMb();
  await timed(`${base}api/suggest?q=men`);
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  for (const text of suggestions) await timed(`${base}api/suggest?q=${encodeURIComponent(text)}`);
  const afterSuggest = await readIsolateHeapMb();
  heap = { after_first_query: afterFirstQuery, after_500_queries: afterSearch, after_suggestions: afterSuggest };
} finally {
  dev.stop();
}
await new Promise((resolve) => (dev.child.exitCode !== null || dev.child.signalCode !== null ? resolve() : dev.child.once("exit", resolve)));
// Zero when no citation job (queued by the deposits) ran while the queries were timed.
const citationsRendered = (await countCitations()) - citationsBefore;

sqlite.close();

const types = [...new Set(queries.map((q) => q.type))];
const nullSpread = spread(client.null);
const lessNull = (s) => ({ p50_ms: round(s.p50_ms - nullSpread.p50_ms), p95_ms: round(s.p95_ms - nullSpread.p95_ms) });
const rowFor = (indices) => {
  const bareTimes = indices.map((i) => sqlTimes[i].bare).filter((ms) => ms !== null);
  const bare = bareTimes.length === 0 ? { p50_ms: null, p95_ms: null } : spread(bareTimes);
  const workerSql = spread(indices.map((i) => sqlTimes[i].worker));
  const atClient = spread(indices.map((i) => client.search[i]));
  const atWorker = lessNull(atClient);
  return {
    queries: indices.length,
    bare_fts5: bare,
    worker_sql: workerSql,
    worker_client: atClient,
    worker_client_less_null: atWorker,
    ratio_worker_to_bare_p95: bare.p95_ms === null ? null : round(atWorker.p95_ms / bare.p95_ms),
    ratio_worker_sql_to_bare_p95: bare.p95_ms === null ? null : round(workerSql.p95_ms / bare.p95_ms),
  };
};
const indicesOf = (type) => queries.flatMap((q, i) => (q.type === type ? [i] : []));
const byType = Object.fromEntries(types.map((type) => [type, rowFor(indicesOf(type))]));
const all = rowFor(queries.map((_, i) => i));
// The 500 searches the figures before the equity lens were taken over.
const allButEquity = rowFor(queries.flatMap((q, i) => (q.type.startsWith("equity") ? [] : [i])));
const suggestSpread = spread(client.suggest);

const result = {
  items,
  bench_items: benchItems,
  synthetic_items: loaded.synthetic_items ?? countSynthetic(corpus),
  real_files: loaded.realFiles,
  load: loaded.load_s === undefined ? null : { seconds: loaded.load_s, ...loaded.timings, deposit_requests: loaded.depositChunks, publications_with_citations_at_end_of_load: loaded.publications_with_citations_at_end_of_load },
  queries: queries.length,
  all_queries: all,
  all_but_equity_queries: allButEquity,
  by_query_type: byType,
  null_request: nullSpread,
  p50_ms: all.worker_client.p50_ms,
  p95_ms: all.worker_client.p95_ms,
  p99_ms: round(percentile(client.search, 99)),
  suggest_p50_ms: suggestSpread.p50_ms,
  suggest_p95_ms: suggestSpread.p95_ms,
  suggest_less_null: lessNull(suggestSpread),
  cold_first_query_ms: round(cold.ms),
  first_suggest_ms: round(firstSuggest.ms),
  // The smallest reading once the vocabulary exists: an upper bound on what the isolate keeps (readings include garbage).
  isolate_heap_mb: Math.min(heap.after_500_queries, heap.after_suggestions),
  heap_mb: heap,
  wrangler_dev_client: spread(devSearch),
  vocabulary,
  baseline: items <= BASELINE_MAX_ITEMS ? measureBaseline(queries, publicRows) : `left out above ${BASELINE_MAX_ITEMS} items (memory and time)`,
  worker_sql_statements_per_search: { min: Math.min(...recorded.map((r) => r.statements.length)), max: Math.max(...recorded.map((r) => r.statements.length)) },
  totals_differing_between_worker_and_recorded_sql: mismatched.slice(0, 10),
  targets: TARGETS,
  method:
    "One run, one database. SQL: the Worker's own search code (worker/search/search.ts's searchItems, bundled from the working tree with esbuild) runs in Node over a D1 binding that answers from the local D1's SQLite file and records every statement it runs with its bound values; those statements (worker_sql, summed per search) and bare FTS5 for the same search (SELECT rowid, bm25(search_fts, 10.0, 4.0, 1.0, 3.0, 2.0) FROM search_fts WHERE search_fts MATCH ? ORDER BY 2 LIMIT 21, with the FTS5 expression parseQuery and toFtsExpressions build) are timed one after the other for each search, in one read-only connection of the system's SQLite 3.40.1 (Python's sqlite3 module, time.perf_counter_ns, every row fetched), after a first untimed pass over all of them, in BENCH_PASSES (3) timed passes; each search's time (SQL, client and its null request alike) is its median over the timed passes, so one interruption by the machine does not make a type's p95 (its third slowest of about 50); no Worker runs meanwhile. Client: the Worker through wrangler's startWorker with the inspector off (scripts/worker-server.mjs), a new isolate; the first search is cold_first_query_ms; then the 500 searches in one untimed and BENCH_PASSES (3) timed passes, each search followed by a static file (the null request: HTTP, the router, no D1); worker_client_less_null is the client's p50 and p95 less the null request's p50 and p95, and the ratio to bare FTS5 uses it. Heap: a separate phase under wrangler dev, whose inspector can read the isolate's used heap (it ignores requests for a garbage collection, so readings include garbage; isolate_heap_mb is an upper bound); its client times (wrangler_dev_client) include the inspector proxy's cost. search memory is the vocabulary's heap, measured in Node after a forced collection. Workerd's own SQLite is newer than 3.40, so worker_sql is the Worker's statements, not workerd's execution of them.",
  working_tree: tree,
  measured_at: new Date().toISOString(),
  citations_rendered_while_measuring: citationsRendered,
};
await writeFile(RESULTS_FILE, `${JSON.stringify(result, null, 2)}\n`);

const pad = (text, n) => String(text).padEnd(n);
const num = (value) => String(value).padStart(9);
console.log(`\n${items} public items (BENCH_ITEMS=${benchItems}); p95 in ms; Worker = client less null (null p50 ${nullSpread.p50_ms}, p95 ${nullSpread.p95_ms})`);
console.log(`${pad("query type", 14)} ${num("bare FTS5")} ${num("Wkr SQL")} ${num("Worker")} ${num("Wkr/bare")} ${num("SQL/bare")}`);
for (const [type, row] of [...Object.entries(byType), ["all", all], ["all but equity", allButEquity]]) {
  console.log(`${pad(type, 14)} ${num(row.bare_fts5.p95_ms)} ${num(row.worker_sql.p95_ms)} ${num(row.worker_client_less_null.p95_ms)} ${num(row.ratio_worker_to_bare_p95)} ${num(row.ratio_worker_sql_to_bare_p95)}`);
}
console.log(`suggestions p95 ${result.suggest_less_null.p95_ms} ms at the Worker (${suggestSpread.p95_ms} at the client); cold first search ${result.cold_first_query_ms} ms`);
if (result.load) console.log(`loaded in ${result.load.seconds} s (${JSON.stringify(loaded.timings)})`);
if (mismatched.length > 0) console.log(`WARNING: ${mismatched.length} searches gave the Worker a different total from the recorded SQL (see the result file).`);
const verdict = (name, value, target) => console.log(`${name}: ${value} (target ${target}) ${value <= target ? "met" : "NOT met"}`);
for (const [type, row] of Object.entries(byType)) if (type !== "word: common") verdict(`search p95 ms, ${type}`, row.worker_client_less_null.p95_ms, TARGETS.p95_ms);
for (const [type, row] of Object.entries(byType)) if (row.ratio_worker_to_bare_p95 !== null) verdict(`ratio to bare FTS5 p95, ${type}`, row.ratio_worker_to_bare_p95, TARGETS.ratio_to_bare_fts5);
verdict("suggest p95 ms", result.suggest_less_null.p95_ms, TARGETS.suggest_p95_ms);
verdict("cold first query ms", result.cold_first_query_ms, TARGETS.cold_first_query_ms);
verdict("search memory MB (the vocabulary, in V8 after a collection)", result.vocabulary.heap_mb, TARGETS.search_memory_mb);
if (benchItems >= 150_000) verdict("search p95 ms at 150,000 items (all queries)", all.worker_client_less_null.p95_ms, TARGETS.p95_ms_at_150k);
console.log(`isolate used heap, garbage included: ${heap.after_first_query} MB after the first query, ${heap.after_500_queries} after 500, ${heap.after_suggestions} after the suggestions`);
console.log(`Written to ${path.relative(process.cwd(), RESULTS_FILE)}.`);
process.exit(0);
