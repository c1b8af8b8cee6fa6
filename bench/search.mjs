// `npm run bench:search`: 500 fixed queries and 200 suggestions through the running Worker over 20,000 synthetic items
// plus every real file in ../shared/bib, against MiniSearch over every field in Node in the same run. Prints and writes
// bench/results/search.json.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { build } from "esbuild";
import MiniSearch from "minisearch";
import WebSocket from "ws";
import { startDevServer } from "../scripts/dev-server.mjs";
import { queryLocalD1 } from "../scripts/local-d1.mjs";
import { corpus, openBenchCorpus, SYNTHETIC_ITEMS } from "./bench-corpus.mjs";
import { buildQueries, buildSuggestions } from "./search-queries.mjs";
const RESULTS_FILE = path.resolve(import.meta.dirname, "results/search.json");
/** Set to a folder a previous run loaded (printed at the start) to measure again without loading again. */
const REUSE_STATE = process.env.BENCH_STATE;
const PORT = 8791;
const INSPECTOR_PORT = 9239;
const TARGETS = { p95_ms: 15, suggest_p95_ms: 5, cold_first_query_ms: 300, isolate_heap_mb: 32 };

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
const round = (ms) => Math.round(ms * 100) / 100;

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

/**
 * Starts wrangler dev and resolves once the Worker serves its stylesheet (a request that touches neither D1 nor
 * search): the first search is then the first one the new isolate answers, with nothing of search warmed up.
 */
async function startQuietly(persistTo) {
  const server = startDevServer({ port: PORT, persistTo, output: null, inspectorPort: INSPECTOR_PORT });
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
  const response = await fetch(url);
  const body = await response.json();
  const ms = performance.now() - t0;
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}: ${JSON.stringify(body).slice(0, 300)}`);
  return { ms, body };
}

const { persistTo, loaded } = await openBenchCorpus(REUSE_STATE, "search");
const queryLocalD1Safe = (sql) => queryLocalD1(sql, persistTo);

async function countCitations() {
  const [{ n }] = await queryLocalD1Safe("SELECT count(*) AS n FROM citations");
  return n;
}

/**
 * What the vocabulary keeps, measured in Node (V8, as in workerd) where a garbage collection can be forced: the
 * Worker's own `buildVocabulary`, bundled from worker/search/vocabulary.ts, over the same public items.
 */
async function measureVocabularyHeapMb(rows) {
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
async function measureBaseline(queries, rows) {
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
    p50_ms: round(percentile(times, 50)),
    p95_ms: round(percentile(times, 95)),
    build_ms: Math.round(buildMs),
    heap_mb: Math.round(heapMb),
  };
}

const [{ items }] = await queryLocalD1Safe("SELECT count(*) AS items FROM search_documents WHERE status = 'published'");

const queries = buildQueries(corpus);
const suggestions = buildSuggestions(corpus);
// A new wrangler dev is a new isolate (and drops the citation jobs the deposits queued, which would compete for the cores).
const publicRows = await queryLocalD1Safe("SELECT id, title, people, body, subjects FROM search_documents WHERE status = 'published'");
// Counted while no Worker runs: `wrangler d1 execute` can hang on a database wrangler dev is opening.
console.log("Counting stored citations...");
const citationsBefore = await countCitations();
console.log("Starting a new wrangler dev (a new isolate)...");
const server = await startQuietly(persistTo);
console.log("Timing the first search, then 500 searches and 200 suggestions...");
let result;
try {
  const base = server.url;
  const cold = await timed(`${base}api/search?q=${encodeURIComponent("mental health inequalities")}`);
  const heapAfterFirstQuery = await readIsolateHeapMb();

  const byType = new Map();
  const searchTimes = [];
  for (const { type, query, extra } of queries) {
    const { ms } = await timed(`${base}api/search?q=${encodeURIComponent(query)}${extra}`);
    searchTimes.push(ms);
    byType.set(type, [...(byType.get(type) ?? []), ms]);
  }
  const heapAfterSearch = await readIsolateHeapMb();

  const firstSuggest = await timed(`${base}api/suggest?q=men`);
  // The first suggestion in an isolate builds the vocabulary; wait out any background rebuild it started.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const suggestTimes = [];
  for (const text of suggestions) suggestTimes.push((await timed(`${base}api/suggest?q=${encodeURIComponent(text)}`)).ms);
  const heapAfterSuggest = await readIsolateHeapMb();

  // What any request costs on this path (wrangler's proxy, HTTP, the router) before search does anything.
  const nullTimes = [];
  for (let i = 0; i < 100; i++) {
    const t0 = performance.now();
    await (await fetch(`${base}static/site.css`)).text();
    nullTimes.push(performance.now() - t0);
  }

  result = {
    items,
    synthetic_items: SYNTHETIC_ITEMS,
    real_files: loaded.realFiles,
    queries: queries.length,
    p50_ms: round(percentile(searchTimes, 50)),
    p95_ms: round(percentile(searchTimes, 95)),
    p99_ms: round(percentile(searchTimes, 99)),
    suggest_p50_ms: round(percentile(suggestTimes, 50)),
    suggest_p95_ms: round(percentile(suggestTimes, 95)),
    null_request_p50_ms: round(percentile(nullTimes, 50)),
    null_request_p95_ms: round(percentile(nullTimes, 95)),
    cold_first_query_ms: round(cold.ms),
    first_suggest_ms: round(firstSuggest.ms),
    // The smallest reading once the vocabulary exists: an upper bound on what the isolate keeps (readings include garbage).
    isolate_heap_mb: Math.min(heapAfterSearch, heapAfterSuggest),
    heap_mb: { after_first_query: heapAfterFirstQuery, after_500_queries: heapAfterSearch, after_suggestions: heapAfterSuggest },
    p95_ms_by_query_type: Object.fromEntries([...byType].map(([type, times]) => [type, round(percentile(times, 95))])),
    vocabulary: await measureVocabularyHeapMb(publicRows),
    baseline: await measureBaseline(queries, publicRows),
    targets: TARGETS,
    method:
      "Times are measured at the client, over HTTP to wrangler dev on this machine, one request at a time: an upper bound on the time at the Worker, which includes what any request costs on this path (null_request_*: a static file through the same proxy). The isolate's used heap is read through the DevTools protocol; wrangler's inspector proxy ignores requests for a garbage collection, so each reading includes garbage, and isolate_heap_mb (the smallest reading once the vocabulary is built) is an upper bound on what search keeps.",
    measured_at: new Date().toISOString(),
  };
} finally {
  server.stop();
}
await new Promise((resolve) => server.child.once("exit", resolve));
// Zero when no citation job (queued by the deposits) ran while the queries were timed.
result.citations_rendered_while_measuring = (await countCitations()) - citationsBefore;

await writeFile(RESULTS_FILE, `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result, null, 2));
const verdict = (name, value, target) => console.log(`${name}: ${value} (target ${target}) ${value <= target ? "met" : "NOT met"}`);
verdict("search p95 ms", result.p95_ms, TARGETS.p95_ms);
verdict("suggest p95 ms", result.suggest_p95_ms, TARGETS.suggest_p95_ms);
verdict("cold first query ms", result.cold_first_query_ms, TARGETS.cold_first_query_ms);
verdict("search memory MB (the vocabulary, in V8 after a collection)", result.vocabulary.heap_mb, TARGETS.isolate_heap_mb);
console.log(`isolate used heap, garbage included: ${result.heap_mb.after_first_query} MB after the first query, ${result.heap_mb.after_500_queries} after 500, ${result.heap_mb.after_suggestions} after the suggestions`);
process.exit(0);
