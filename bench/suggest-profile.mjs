// `node bench/suggest-profile.mjs`: where an as-you-type suggestion's time goes, over the bench:search corpus and its
// 200 fixed suggestions: the Worker's SQL alone (SQLite CLI on the local D1's file), its JavaScript alone (Node, the
// Worker's own modules bundled), and the Worker at the client less a static request, each word typed for the first time
// and again. BENCH_STATE=<folder> reuses a loaded corpus (as bench:search prints); PORT (8800) serves the Worker.
import { execFileSync, spawn } from "node:child_process";
import path from "node:path";
import * as benchCorpus from "./bench-corpus.mjs";
import { buildSuggestions } from "./search-queries.mjs";
import { bundleForNode, findD1File } from "./worker-sql.mjs";

const PORT = Number(process.env.PORT ?? 8800);
/** Each statement runs this many times in one SQLite session; the median is kept (the first run warms the page cache). */
const SQL_RUNS = 5;
const TARGET_P95_MS = 5;

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const round = (ms) => Math.round(ms * 100) / 100;
const spread = (values) => ({ p50: round(percentile(values, 50)), p95: round(percentile(values, 95)), max: round(Math.max(...values)) });

const opened = await benchCorpus.openBenchCorpus(process.env.BENCH_STATE, "search");
const persistTo = opened.persistTo;
// The corpus comes with the opened folder (it depends on BENCH_ITEMS); older versions exported the one corpus.
const corpus = opened.corpus ?? benchCorpus.corpus;
const databaseFile = await findD1File(persistTo);
const suggestions = buildSuggestions(corpus);

/** The Worker's own suggestion modules, bundled for Node. */
async function loadWorkerModules() {
  return bundleForNode(
    path.join(persistTo, "suggest-profile.bundle.mjs"),
    `export { planSuggestions, readTyped, composeSuggestions, MAX_SUGGESTIONS } from "./worker/search/suggest";
    export { titleSuggestionsQuery, peopleSuggestionsQuery } from "./worker/search/suggest-queries";
    export { vocabularyVersionQuery, TOPICS_QUERY } from "./worker/search/queries";
    export { buildVocabulary } from "./worker/search/vocabulary";
    export { isPublicNow } from "./worker/records/public-documents";
    export { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
    export { sql } from "drizzle-orm";`,
  );
}

const sqlite = (script) => execFileSync("sqlite3", ["-readonly", databaseFile], { input: script, encoding: "utf8", maxBuffer: 1 << 28 });
const readJson = (query) => JSON.parse(sqlite(`.mode json\n${query};\n`) || "[]");

/** A drizzle SQL object as text the SQLite CLI runs, its parameters written in as literals. */
function inlineSql(dialect, query) {
  const { sql, params } = dialect.sqlToQuery(query);
  let i = 0;
  return sql.replace(/\?/gu, () => {
    const value = params[i++];
    return typeof value === "number" ? String(value) : `'${String(value).replace(/'/gu, "''")}'`;
  });
}

/** CPU time (user + sys) and wall time of one statement, the median of SQL_RUNS runs in one session. */
function timeStatement(statement) {
  const out = sqlite(`.output /dev/null\n.timer on\n${Array.from({ length: SQL_RUNS }, () => `${statement};`).join("\n")}\n`);
  const runs = [...out.matchAll(/real ([\d.]+) user ([\d.]+) sys ([\d.]+)/gu)].map((m) => ({ wall: Number(m[1]) * 1000, cpu: (Number(m[2]) + Number(m[3])) * 1000 }));
  return { cpu: percentile(runs.map((r) => r.cpu), 50), wall: percentile(runs.map((r) => r.wall), 50) };
}

function profileInNode(modules) {
  const now = new Date().toISOString();
  const dialect = new modules.SQLiteSyncDialect();
  const publicRows = readJson(inlineSql(dialect, modules.sql`SELECT title, people, subjects FROM search_documents AS d WHERE ${modules.isPublicNow(now)}`));
  const topics = readJson(inlineSql(dialect, modules.TOPICS_QUERY));
  let t0 = performance.now();
  const vocabulary = modules.buildVocabulary(publicRows);
  const vocabularyBuildMs = performance.now() - t0;
  const times = { plan: [], titles_sql: [], people_sql: [], version_sql: [], compose: [] };
  const wall = { titles_sql: [], people_sql: [] };
  const asked = [];
  for (const text of suggestions) {
    const { words, typing } = modules.readTyped(text);
    if (words.length === 0) continue;
    const plan = modules.planSuggestions(vocabulary, words, typing);
    const titlesQuery = inlineSql(dialect, modules.titleSuggestionsQuery(plan.titleMatch, modules.MAX_SUGGESTIONS, now));
    const peopleQuery = inlineSql(dialect, modules.peopleSuggestionsQuery(plan.peopleMatch, 50, now));
    for (const [name, query] of [["titles_sql", titlesQuery], ["people_sql", peopleQuery]]) {
      const { cpu, wall: w } = timeStatement(query);
      times[name].push(cpu);
      wall[name].push(w);
    }
    times.version_sql.push(timeStatement(inlineSql(dialect, modules.vocabularyVersionQuery(now))).cpu);
    asked.push({ words, typing, titles: readJson(titlesQuery), authors: readJson(peopleQuery) });
  }
  // Timed as in an isolate that has answered a few suggestions already: the first calls pay for compiling the code.
  for (const { words, typing, titles, authors } of asked) modules.composeSuggestions(modules.planSuggestions(vocabulary, words, typing), topics, authors, titles);
  for (const { words, typing, titles, authors } of asked) {
    t0 = performance.now();
    const plan = modules.planSuggestions(vocabulary, words, typing);
    times.plan.push(performance.now() - t0);
    t0 = performance.now();
    modules.composeSuggestions(plan, topics, authors, titles);
    times.compose.push(performance.now() - t0);
  }
  return {
    vocabulary_build_ms: Math.round(vocabularyBuildMs),
    cpu_ms: Object.fromEntries(Object.entries(times).map(([k, v]) => [k, spread(v)])),
    sql_wall_ms: Object.fromEntries(Object.entries(wall).map(([k, v]) => [k, spread(v)])),
  };
}

/** The Worker through wrangler's startWorker with no inspector (scripts/worker-server.mjs), in a process of its own. */
async function startWorker() {
  const child = spawn(process.execPath, [path.resolve(import.meta.dirname, "../scripts/worker-server.mjs"), String(PORT), persistTo], { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the Worker exited (${code}) before it answered`)));
    child.stdout.on("data", (chunk) => {
      const ready = /ready (\S+)/u.exec(String(chunk));
      if (ready) resolve(ready[1]);
    });
  });
  return { url, stop: () => new Promise((resolve) => child.once("exit", resolve).kill("SIGTERM")) };
}

async function timedFetch(url) {
  const t0 = performance.now();
  const response = await fetch(url);
  await response.text();
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  return performance.now() - t0;
}

async function profileWorker() {
  const worker = await startWorker();
  try {
    const suggestUrl = (text) => `${worker.url}api/suggest?q=${encodeURIComponent(text)}`;
    const first = await timedFetch(suggestUrl("men"));
    // The first suggestion in an isolate builds the vocabulary; let any background rebuild it started finish.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const passes = {};
    // The same route with one letter typed is answered before any query: what the route costs without D1.
    const withoutD1 = [];
    for (const pass of ["first_time", "again"]) {
      const suggest = [];
      const nothing = [];
      for (const text of suggestions) {
        suggest.push(await timedFetch(suggestUrl(text)));
        nothing.push(await timedFetch(`${worker.url}static/site.css`));
        if (pass === "first_time") withoutD1.push(await timedFetch(suggestUrl("m")));
      }
      const [s, n] = [spread(suggest), spread(nothing)];
      passes[pass] = {
        suggest: s,
        null_request: n,
        // Each suggestion less the static request made just after it, and the two spreads' difference.
        at_worker: spread(suggest.map((ms, i) => ms - nothing[i])),
        less_null: { p50: round(s.p50 - n.p50), p95: round(s.p95 - n.p95) },
      };
    }
    // "again" answers every suggestion from memory after one round trip that reads only the data's version: the
    // difference from the route without D1 is what a D1 round trip costs on this path.
    return { first_suggest_in_isolate_ms: round(first), route_without_d1: spread(withoutD1), ...passes };
  } finally {
    await worker.stop();
  }
}

const modules = await loadWorkerModules();
console.log(`Profiling ${suggestions.length} suggestions over ${databaseFile}`);
const node = profileInNode(modules);
const worker = await profileWorker();
const result = { items: readJson("SELECT count(*) AS n FROM search_documents")[0].n, suggestions: suggestions.length, ...node, worker, measured_at: new Date().toISOString() };
console.log(JSON.stringify(result, null, 2));
const p95 = worker.first_time.at_worker.p95;
console.log(`suggest p95 at the Worker (client less a static request), words typed for the first time: ${p95} ms (target < ${TARGET_P95_MS}): ${p95 < TARGET_P95_MS ? "met" : "NOT met"}`);
