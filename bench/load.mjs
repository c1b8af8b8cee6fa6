// `npm run bench:load`: 50 concurrent clients for 60 s on loopback (autocannon) against the Worker with a corpus of
// a few thousand items: searches, suggestions, pages, feeds, OAI-PMH ListRecords, the sitemap, and deposits from several
// tokens at once. Prints throughput, latency and every non-2xx status, then checks the database: each acknowledged
// deposit stored exactly once, and the tables, search, feeds, OAI-PMH and the sitemap agreeing on what is public.
// The Worker runs through wrangler's startWorker with the inspector off (scripts/worker-server.mjs): under `wrangler dev`
// its inspector proxy, not the Worker, falls over (LOAD_SERVER=wrangler-dev runs it that way, to see it happen).
// LOAD_SECONDS, LOAD_CLIENTS, LOAD_PUBLICATIONS, LOAD_PORT and LOAD_STATE (a loaded corpus to reuse) change the defaults.
// Writes bench/results/load.json.
import { createWriteStream } from "node:fs";
import { cp, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import autocannon from "autocannon";
import WebSocket from "ws";
import { createApiToken } from "../scripts/api-tokens.mjs";
import { applyLocalMigrations, queryLocalD1 } from "../scripts/local-d1.mjs";
import { generateCorpus, seededRandom } from "./synthetic-corpus.mjs";
import { startDevServer, startWorkerServer } from "../scripts/dev-server.mjs";

const RESULTS_FILE = path.resolve(import.meta.dirname, "results/load.json");
const readNumber = (name, fallback) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number above 0, not '${process.env[name]}'.`);
  return value;
};
const SECONDS = readNumber("LOAD_SECONDS", 60);
const CLIENTS = readNumber("LOAD_CLIENTS", 50);
const PUBLICATIONS = readNumber("LOAD_PUBLICATIONS", 3000);
const PORT = readNumber("LOAD_PORT", 8897);
/** A request still unanswered after this long counts as hung (autocannon's timeout). */
const TIMEOUT_S = 30;
const DEPOSIT_TOKENS = 4;
const INSPECTOR_PORT = PORT + 1000;
/** LOAD_MIX=oai,sitemap drives only those kinds (to find which one hurts); all of them by default. */
const MIX = process.env.LOAD_MIX?.split(",").map((k) => k.trim());
const LOAD_CHUNK = 250;

/** Each kind of request's share of the clients (deposits get at least one per token). */
const SHARES = { search: 0.16, suggest: 0.1, pages: 0.18, feeds: 0.1, oai: 0.2, sitemap: 0.12, deposits: 0.14 };
/** Kinds only LOAD_MIX asks for: files that touch neither D1 nor search (a baseline for the server itself). */
const EXTRA_KINDS = ["static"];

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] * 10) / 10;
}
const latencySummary = (times) => {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50_ms: percentile(sorted, 50), p95_ms: percentile(sorted, 95), p99_ms: percentile(sorted, 99), max_ms: sorted.at(-1) ?? null };
};

/** POST with retries on 429 (rate limits) and wrangler's reload at start; the parsed JSON of a 2xx answer. */
async function post(base, token, pathname, body, contentType) {
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(new URL(pathname, base), {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": contentType, accept: "application/json" },
      body: contentType === "application/json" ? JSON.stringify(body) : body,
    });
    const text = await response.text();
    if ((response.status === 429 || text.startsWith("Your worker restarted")) && attempt < 30) {
      await sleep(1000 * Number(response.headers.get("retry-after") ?? 1));
      continue;
    }
    if (!response.ok) throw new Error(`POST ${pathname} answered ${response.status}: ${text.slice(0, 500)}`);
    return JSON.parse(text);
  }
}

async function loadCorpus(base, token, corpus) {
  const publicationIds = [];
  for (let i = 0; i < corpus.publications.length; i += LOAD_CHUNK) {
    const chunk = corpus.publications.slice(i, i + LOAD_CHUNK);
    const report = await post(base, token, "api/deposits", chunk.map((p) => p.bibtex).join("\n\n"), "application/x-bibtex");
    for (const entry of report.entries) publicationIds.push(entry.id);
  }
  for (const briefing of corpus.briefings) {
    const { id } = await post(base, token, "api/briefings", briefing, "application/json");
    await post(base, token, `api/briefings/${id}/publish`, {}, "application/json");
  }
  for (const lay of corpus.laySummaries) {
    const { id } = await post(base, token, "api/lay-summaries", { ...lay.body, publication_id: publicationIds[lay.publicationIndex] }, "application/json");
    await post(base, token, `api/lay-summaries/${id}/publish`, {}, "application/json");
  }
  return publicationIds;
}

/** Deposit file n: 1 to 3 invented entries with DOIs of their own; files 2k and 2k+1 are the same file (sent twice). */
function depositFile(run, n) {
  const file = Math.floor(n / 2);
  const entries = 1 + (file % 3);
  return Array.from({ length: entries }, (_, e) => {
    const key = `load${run}n${file}x${e}`;
    return {
      doi: `10.5555/load.${run}.${file}.${e}`,
      bibtex: `@article{${key},
  author = {Wrenfield, Ottoline and Castellane, Bartholomew},
  title = {Load bench deposit ${file} entry ${e}: concurrent access to community wellbeing services},
  journal = {Journal of Invented Loads},
  year = {2025},
  doi = {10.5555/load.${run}.${file}.${e}}
}`,
    };
  });
}

function split(total) {
  const names = Object.keys(SHARES);
  const counts = Object.fromEntries(names.map((n) => [n, Math.max(1, Math.round(total * SHARES[n]))]));
  counts.deposits = Math.max(counts.deposits, Math.min(DEPOSIT_TOKENS, total));
  // Whatever rounding left over (or took too many) goes to or comes from the pages.
  counts.pages += total - Object.values(counts).reduce((a, b) => a + b, 0);
  if (!MIX) return counts;
  const chosen = Object.fromEntries([...names, ...EXTRA_KINDS].filter((n) => MIX.includes(n)).map((n) => [n, 0]));
  for (let i = 0; i < total; i++) chosen[Object.keys(chosen)[i % Object.keys(chosen).length]]++;
  return chosen;
}

/** The requests of each kind, as autocannon setupRequest functions drawing at random (seeded) from real paths. */
function readerPaths({ publicationIds, slugs, words, today }) {
  const random = seededRandom(7);
  const pick = (list) => list[Math.floor(random() * list.length)];
  return {
    search: () => (random() < 0.6 ? `/api/search?q=${encodeURIComponent(`${pick(words)} ${pick(words)}`)}` : `/search?q=${encodeURIComponent(pick(words))}`),
    suggest: () => `/api/suggest?q=${encodeURIComponent(pick(words).slice(0, 2 + Math.floor(random() * 4)))}`,
    pages: () => pick(["/", "/publications", "/briefings", "/topics", `/topics/${pick(slugs)}`, `/publications/${pick(publicationIds)}`, `/publications/${pick(publicationIds)}`]),
    feeds: () => pick(["/feeds/all.rss", "/feeds/all.atom", "/feeds/all.json", "/feeds/publications.rss?limit=200", `/feeds/topics/${pick(slugs)}.atom`]),
    oai: () =>
      `/oai?verb=ListRecords&metadataPrefix=oai_dc${pick(["", "", "&set=kind:publications", "&set=kind:briefings", "&set=kind:lay-summaries", `&set=topic:${pick(slugs)}`, `&from=${today}`, "&until=2001-01-01"])}`,
    sitemap: () => "/sitemap.xml",
    static: () => pick(["/robots.txt", "/static/site.css", "/favicon.svg"]),
  };
}

/**
 * The Worker isolate's used heap in MB, through the DevTools protocol (as bench/search.mjs reads it); the connection is
 * closed at once, because while it is open the inspector proxy copies every response body over it. Null if unreadable.
 */
async function readIsolateHeapMb() {
  let socket;
  try {
    const targets = await (await fetch(`http://127.0.0.1:${INSPECTOR_PORT}/json`, { signal: AbortSignal.timeout(2_000) })).json();
    socket = new WebSocket(targets[0].webSocketDebuggerUrl);
    await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
    const reply = new Promise((resolve) => socket.on("message", (message) => {
      const parsed = JSON.parse(message);
      if (parsed.id === 1) resolve(parsed);
    }));
    socket.send(JSON.stringify({ id: 1, method: "Runtime.getHeapUsage" }));
    const answer = await Promise.race([reply, sleep(5_000)]);
    return answer ? Math.round((answer.result.usedSize / 1_048_576) * 10) / 10 : null;
  } catch {
    return null;
  } finally {
    socket?.close();
  }
}

/**
 * The resident memory of the server's workerd processes (the Worker's and wrangler's proxy's), in MB, from /proc: with
 * the inspector off there is no isolate heap to read. Null where /proc is not there.
 */
async function readWorkerdRssMb(groupId) {
  const { readdir } = await import("node:fs/promises");
  let kb = 0;
  try {
    for (const pid of await readdir("/proc")) {
      if (!/^\d+$/u.test(pid)) continue;
      const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
      // Fields after the parenthesised name: state, ppid, pgrp, ...
      const [, name, rest] = /^\d+ \((.*)\) (.*)$/su.exec(stat) ?? [];
      if (name !== "workerd" || Number(rest.split(" ")[2]) !== groupId) continue;
      kb += Number(/VmRSS:\s+(\d+)/u.exec(await readFile(`/proc/${pid}/status`, "utf8").catch(() => ""))?.[1] ?? 0);
    }
  } catch {
    return null;
  }
  return kb === 0 ? null : Math.round(kb / 102.4) / 10;
}

/** Samples `read` (MB) every 5 s until `stop` is called: the largest reading and every reading. */
function watchMemory(read) {
  const readings = [];
  let running = true;
  const done = (async () => {
    while (running) {
      const mb = await read();
      if (mb !== null) readings.push(mb);
      await sleep(5_000);
    }
  })();
  return async () => {
    running = false;
    await done;
    return { max_mb: readings.length ? Math.max(...readings) : null, readings };
  };
}

/** One autocannon run per kind, all at once; latencies and statuses gathered per kind and overall. */
async function drive(base, paths, counts, tokens) {
  const stats = {};
  const deposits = [];
  let sent = 0;
  const runs = Object.entries(counts).map(([kind, connections]) => {
    stats[kind] = { times: [], statuses: {}, errors: 0, timeouts: 0 };
    let requests;
    if (kind === "deposits") {
      requests = [
        {
          method: "POST",
          setupRequest: (req, context) => {
            const n = sent++;
            const file = depositFile(RUN, n);
            context.file = { n, dois: file.map((e) => e.doi) };
            return {
              ...req,
              path: "/api/deposits",
              headers: { authorization: `Bearer ${tokens[n % tokens.length]}`, "content-type": "application/x-bibtex", accept: "application/json" },
              body: file.map((e) => e.bibtex).join("\n\n"),
            };
          },
          onResponse: (status, body, context) => {
            let report;
            try {
              report = JSON.parse(body);
            } catch {
              report = undefined;
            }
            deposits.push({ n: context.file.n, dois: context.file.dois, status, entries: report?.entries?.map((e) => ({ status: e.status, id: e.id, duplicate_of: e.duplicate_of })) });
          },
        },
      ];
    } else {
      const next = paths[kind];
      const oaiTokens = [];
      requests = [
        {
          method: "GET",
          // A harvester mostly follows the resumption token it was given; sometimes it starts again.
          setupRequest: (req) => {
            if (kind === "oai" && oaiTokens.length > 0 && Math.random() < 0.5) return { ...req, path: `/oai?verb=ListRecords&resumptionToken=${encodeURIComponent(oaiTokens.pop())}` };
            return { ...req, path: next() };
          },
          onResponse:
            kind === "oai"
              ? (status, body) => {
                  const token = /<resumptionToken[^>]*>([^<]+)<\/resumptionToken>/u.exec(body)?.[1];
                  if (token && oaiTokens.length < 100) oaiTokens.push(token.replaceAll("&amp;", "&"));
                }
              : undefined,
        },
      ];
    }
    const instance = autocannon({ url: base, connections, duration: SECONDS, timeout: TIMEOUT_S, requests });
    instance.on("response", (client, statusCode, resBytes, responseTime) => {
      stats[kind].times.push(responseTime);
      stats[kind].statuses[statusCode] = (stats[kind].statuses[statusCode] ?? 0) + 1;
    });
    return instance;
  });
  const results = await Promise.all(runs);
  // autocannon counts a timeout as an error too: errors here are the others (refused or reset connections).
  Object.keys(counts).forEach((kind, i) => Object.assign(stats[kind], { errors: results[i].errors - results[i].timeouts, timeouts: results[i].timeouts }));
  return { stats, deposits, depositsSent: sent, results };
}

/** LOAD_SERVER=wrangler-dev runs `wrangler dev` as the browser tests do (with its inspector proxy); by default startWorker. */
const SERVER = process.env.LOAD_SERVER ?? "start-worker";
if (!["start-worker", "wrangler-dev"].includes(SERVER)) throw new Error(`LOAD_SERVER is start-worker or wrangler-dev, not '${SERVER}'.`);

function startServer({ port, persistTo, output, inspectorPort }) {
  return SERVER === "wrangler-dev" ? startDevServer({ port, persistTo, output, inspectorPort }) : startWorkerServer({ port, persistTo, output });
}

async function getText(base, pathname) {
  const response = await fetch(new URL(pathname, base), { signal: AbortSignal.timeout(60_000) });
  return { status: response.status, text: await response.text() };
}

const readSearchTotal = async (base) => JSON.parse((await getText(base, "/api/search?limit=1")).text).total;

/**
 * What each public face says is public, once nothing changes any more. autocannon stops at the deadline without
 * waiting for answers, so a deposit it sent last may still be storing: the faces are counted again until search
 * gives the same total before and after them.
 */
async function countPublicFaces(base) {
  let faces;
  for (let attempt = 0; attempt < 5; attempt++) {
    faces = await countPublicFacesOnce(base);
    const after = await readSearchTotal(base);
    if (after === faces.search) return faces;
    await sleep(2_000);
  }
  return faces;
}

async function countPublicFacesOnce(base) {
  const search = await readSearchTotal(base);
  let oai = 0;
  let query = "verb=ListIdentifiers&metadataPrefix=oai_dc";
  let deleted = 0;
  for (let page = 0; page < 10_000; page++) {
    const { text } = await getText(base, `/oai?${query}`);
    if (text.includes('code="noRecordsMatch"')) break;
    if (text.includes("<error")) throw new Error(`OAI-PMH answered an error: ${text.slice(0, 500)}`);
    oai += text.split("<header").length - 1;
    deleted += text.split('<header status="deleted">').length - 1;
    const token = /<resumptionToken[^>]*>([^<]+)<\/resumptionToken>/u.exec(text)?.[1];
    if (!token) break;
    query = `verb=ListIdentifiers&resumptionToken=${encodeURIComponent(token.replaceAll("&amp;", "&"))}`;
  }
  const sitemapXml = (await getText(base, "/sitemap.xml")).text;
  let sitemap;
  if (sitemapXml.includes("<sitemapindex")) {
    sitemap = 0;
    for (const [, loc] of sitemapXml.matchAll(/<loc>([^<]+)<\/loc>/gu)) sitemap += ((await getText(base, new URL(loc).pathname)).text.match(/<url>/gu) ?? []).length;
  } else sitemap = (sitemapXml.match(/<url>/gu) ?? []).length;
  const feed = JSON.parse((await getText(base, "/feeds/all.json?limit=200")).text);
  return { search, oai: oai - deleted, oai_deleted: deleted, sitemap_items: sitemap - 3, feed_ids: feed.items.map((item) => item.url.split("/").at(-1)) };
}

async function checkDatabase(persistTo, deposits) {
  const now = new Date().toISOString();
  const q = (sql) => queryLocalD1(sql, persistTo);
  const [{ count: documents }] = await q(`SELECT count(*) AS count FROM search_documents AS d WHERE d.status = 'published' AND d.publish_at <= '${now}'
    AND (d.parent_status IS NULL OR (d.parent_status = 'published' AND d.parent_publish_at <= '${now}'))`);
  const [{ count: tables }] = await q(`SELECT
      (SELECT count(*) FROM publications WHERE status = 'published' AND publish_at <= '${now}')
    + (SELECT count(*) FROM briefings WHERE status = 'published' AND publish_at <= '${now}')
    + (SELECT count(*) FROM lay_summaries AS l JOIN publications AS p ON p.id = l.publication_id
        WHERE l.status = 'published' AND l.publish_at <= '${now}' AND p.status = 'published' AND p.publish_at <= '${now}') AS count`);
  const publicIds = new Set((await q(`SELECT d.item_id FROM search_documents AS d WHERE d.status = 'published' AND d.publish_at <= '${now}'`)).map((r) => r.item_id));
  const rows = await q(`SELECT lower(doi) AS doi, count(*) AS count FROM publications WHERE doi LIKE '10.5555/load.${RUN}.%' GROUP BY lower(doi)`);
  const stored = new Map(rows.map((r) => [r.doi, r.count]));
  const acknowledged = new Set();
  const refused = new Set();
  let invalidEntries = 0;
  for (const d of deposits) {
    d.dois.forEach((doi, i) => {
      const entry = d.entries?.[i];
      const stored = d.status >= 200 && d.status < 300 && (entry?.status === "created" || entry?.status === "duplicate");
      if (d.status >= 200 && d.status < 300 && !stored) invalidEntries++;
      (stored ? acknowledged : refused).add(doi);
    });
  }
  const lost = [...acknowledged].filter((doi) => !stored.has(doi));
  const doubled = [...stored].filter(([, count]) => count > 1).map(([doi, count]) => ({ doi, count }));
  return {
    tables,
    documents,
    publicIds,
    deposits: {
      requests: deposits.length,
      acknowledged_requests: deposits.filter((d) => d.status >= 200 && d.status < 300).length,
      acknowledged_dois: acknowledged.size,
      stored_dois: stored.size,
      lost: lost.length,
      doubled: doubled.length,
      doubled_rows: doubled.reduce((a, d) => a + d.count - 1, 0),
      examples: { lost: lost.slice(0, 5), doubled: doubled.slice(0, 5) },
      refused_but_stored: [...refused].filter((doi) => !acknowledged.has(doi) && stored.has(doi)).length,
      // Sent when autocannon's time ran out, so never answered: the Worker may still have stored them (once each).
      stored_without_answer: [...stored.keys()].filter((doi) => !acknowledged.has(doi) && !refused.has(doi)).length,
      entries_not_stored_by_report: invalidEntries,
    },
  };
}

/** A loaded corpus kept aside, copied for each run that names it (LOAD_STATE), so only the first run pays for loading. */
const REUSE_STATE = process.env.LOAD_STATE;

/** A new local D1 with the corpus loaded, kept in a template folder too; returns the run's folder and the ids. */
async function prepareState(logFile) {
  const folder = await mkdtemp(path.join(tmpdir(), "mhi-bench-load-"));
  await applyLocalMigrations(folder);
  const { token: loader } = await createApiToken({ name: "bench:load loader", role: "editor" }, folder);
  const corpus = generateCorpus({ publications: PUBLICATIONS, briefings: Math.ceil(PUBLICATIONS / 30), laySummaries: Math.ceil(PUBLICATIONS / 30) });
  const server = startServer({ port: PORT, persistTo: folder, output: createWriteStream(logFile) });
  try {
    if (!(await server.ready)) throw new Error(`The Worker (${SERVER}) did not answer on port ${PORT} (see ${logFile})`);
    console.log(`Loading ${corpus.publications.length} publications, ${corpus.briefings.length} briefings and ${corpus.laySummaries.length} lay summaries...`);
    const t0 = performance.now();
    const publicationIds = await loadCorpus(server.url, loader, corpus);
    console.log(`Loaded in ${Math.round((performance.now() - t0) / 1000)} s.`);
    await writeFile(path.join(folder, "loaded.json"), JSON.stringify({ publicationIds, words: corpus.vocabulary.slice(20, 400) }));
  } finally {
    server.stop();
    await new Promise((resolve) => (server.child.exitCode !== null || server.child.signalCode !== null ? resolve() : server.child.once("exit", resolve)));
  }
  const template = `${folder}-loaded`;
  await cp(folder, template, { recursive: true });
  console.log(`The loaded corpus is kept in ${template}: LOAD_STATE=${template} reuses it.`);
  return folder;
}

const logFile = path.join(await mkdtemp(path.join(tmpdir(), "mhi-bench-load-log-")), "wrangler.log");
console.log(`wrangler's output goes to ${logFile}.`);
let persistTo;
if (REUSE_STATE) {
  persistTo = await mkdtemp(path.join(tmpdir(), "mhi-bench-load-"));
  await cp(REUSE_STATE, persistTo, { recursive: true });
  await applyLocalMigrations(persistTo);
  console.log(`Reusing the corpus loaded in ${REUSE_STATE} (copied to ${persistTo}).`);
} else persistTo = await prepareState(logFile);
const { publicationIds, words } = JSON.parse(await readFile(path.join(persistTo, "loaded.json"), "utf8"));
const tokens = [];
for (let i = 0; i < DEPOSIT_TOKENS; i++) tokens.push((await createApiToken({ name: `bench:load ${i}`, role: i === DEPOSIT_TOKENS - 1 ? "depositor" : "editor" }, persistTo)).token);
const slugs = (await queryLocalD1("SELECT slug FROM topics ORDER BY id", persistTo)).map((r) => r.slug);
/** Distinguishes this run's deposits from those of the run a reused corpus may come from. */
const RUN = Date.now().toString(36);

const server = startServer({ port: PORT, persistTo, output: createWriteStream(logFile, { flags: "a" }), inspectorPort: INSPECTOR_PORT });
let crashed = null;
let stopping = false;
server.child.on("exit", (code, signal) => {
  if (!stopping) crashed ??= `the server (${SERVER}) exited (${signal ?? `exit code ${code}`})`;
});
let report;
try {
  if (!(await server.ready)) throw new Error(`The Worker (${SERVER}) did not answer on port ${PORT} (see ${logFile})`);
  const counts = split(CLIENTS);
  console.log(`Driving ${CLIENTS} clients for ${SECONDS} s: ${Object.entries(counts).map(([k, n]) => `${k} ${n}`).join(", ")}.`);
  const paths = readerPaths({ publicationIds, slugs, words, today: new Date().toISOString().slice(0, 10) });
  const stopWatchingMemory = watchMemory(SERVER === "wrangler-dev" ? readIsolateHeapMb : () => readWorkerdRssMb(server.child.pid));
  const { stats, deposits, depositsSent, results } = await drive(server.url, paths, counts, tokens);
  const memory = await stopWatchingMemory();
  const all = Object.values(stats).flatMap((s) => s.times);
  const statuses = {};
  for (const s of Object.values(stats)) for (const [code, n] of Object.entries(s.statuses)) statuses[code] = (statuses[code] ?? 0) + n;
  const errors = Object.values(stats).reduce((a, s) => a + s.errors, 0);
  const timeouts = Object.values(stats).reduce((a, s) => a + s.timeouts, 0);
  const requests = results.reduce((a, r) => a + r.requests.total, 0);
  const alive = crashed === null && (await getText(server.url, "/").catch(() => ({ status: 0 }))).status === 200;
  report = {
    clients: CLIENTS,
    seconds: SECONDS,
    corpus_publications: publicationIds.length,
    requests_per_s: Math.round((all.length / SECONDS) * 10) / 10,
    responses: all.length,
    requests_sent: requests,
    latency: latencySummary(all),
    non_2xx: Object.fromEntries(Object.entries(statuses).filter(([code]) => !code.startsWith("2"))),
    status_5xx: Object.entries(statuses).filter(([code]) => code.startsWith("5")).reduce((a, [, n]) => a + n, 0),
    connection_errors: errors,
    timeouts_over_30_s: timeouts,
    server_alive_after: alive,
    server: SERVER,
    ...(SERVER === "wrangler-dev" ? { isolate_heap_mb: memory } : { workerd_rss_mb: memory }),
    by_kind: Object.fromEntries(Object.entries(stats).map(([kind, s]) => [kind, { clients: counts[kind], responses: s.times.length, ...latencySummary(s.times), statuses: s.statuses, errors: s.errors, timeouts: s.timeouts }])),
  };
  if (alive) {
    try {
      const faces = await countPublicFaces(server.url);
      report.public_counts = { search: faces.search, oai: faces.oai, oai_deleted: faces.oai_deleted, sitemap: faces.sitemap_items };
      report.feed_ids = faces.feed_ids;
    } catch (error) {
      report.server_alive_after = false;
      report.public_counts_error = `${error.message}${error.cause ? ` (${error.cause.message})` : ""}`;
    }
  }
  report.deposit_log = deposits;
  report.deposits_unanswered = depositsSent - deposits.length;
} finally {
  stopping = true;
  await server.stop();
  await new Promise((resolve) => (server.child.exitCode !== null || server.child.signalCode !== null ? resolve() : server.child.once("exit", resolve)));
}

if (crashed !== null || !report?.server_alive_after) {
  const log = await readFile(logFile, "utf8").catch(() => "");
  console.error(`The Worker did not survive the load (${crashed ?? "it stopped answering"}). The end of wrangler's output:\n${log.slice(-3000)}`);
}
if (report) {
  const db = await checkDatabase(persistTo, report.deposit_log);
  const feedNotPublic = (report.feed_ids ?? []).filter((id) => !db.publicIds.has(id)).length;
  report.public_counts = { tables: db.tables, search_documents: db.documents, ...report.public_counts, feed_items_not_public: feedNotPublic };
  report.deposits = { ...db.deposits, unanswered_requests: report.deposits_unanswered };
  delete report.deposits_unanswered;
  const counts = Object.entries(report.public_counts).filter(([name]) => ["tables", "search_documents", "search", "oai", "sitemap"].includes(name)).map(([, n]) => n);
  report.public_counts_agree = counts.length === 5 && counts.every((n) => n === counts[0]) && feedNotPublic === 0;
  delete report.deposit_log;
  delete report.feed_ids;
  report.passed = report.status_5xx === 0 && report.timeouts_over_30_s === 0 && report.server_alive_after && db.deposits.lost === 0 && db.deposits.doubled === 0 && report.public_counts_agree;
  report.measured_at = new Date().toISOString();
  await writeFile(RESULTS_FILE, `${JSON.stringify(report, null, 2)}\n`);

  console.log(`\n${report.responses} responses in ${SECONDS} s: ${report.requests_per_s} requests/s; p50 ${report.latency.p50_ms} ms, p95 ${report.latency.p95_ms} ms, p99 ${report.latency.p99_ms} ms (max ${report.latency.max_ms} ms).`);
  const memory = report.isolate_heap_mb ?? report.workerd_rss_mb;
  console.log(`${report.isolate_heap_mb ? "Isolate heap" : "workerd resident memory"} (every 5 s): max ${memory.max_mb} MB; readings ${memory.readings.join(" ")}.`);
  console.log(`Non-2xx: ${JSON.stringify(report.non_2xx)}; connection errors ${report.connection_errors}; timeouts (> ${TIMEOUT_S} s) ${report.timeouts_over_30_s}; server alive after: ${report.server_alive_after}.`);
  for (const [kind, s] of Object.entries(report.by_kind)) console.log(`  ${kind.padEnd(9)} ${String(s.clients).padStart(3)} clients ${String(s.responses).padStart(6)} responses  p50 ${s.p50_ms} ms  p95 ${s.p95_ms} ms  p99 ${s.p99_ms} ms  ${JSON.stringify(s.statuses)}`);
  const d = report.deposits;
  console.log(`Deposits: ${d.requests + d.unanswered_requests} sent, ${d.requests} answered, ${d.acknowledged_requests} acknowledged (${d.acknowledged_dois} distinct DOIs); lost ${d.lost}, doubled ${d.doubled} (${d.doubled_rows} extra rows); refused but stored ${d.refused_but_stored}; unanswered at the deadline ${d.unanswered_requests} (${d.stored_without_answer} of their DOIs stored).`);
  console.log(`Public items: ${JSON.stringify(report.public_counts)} → ${report.public_counts_agree ? "all agree" : "DISAGREE"}.`);
  console.log(`${report.passed ? "PASSED" : "FAILED"}: zero 5xx, no hung request, server alive, nothing lost or doubled, every face agrees. Written to ${path.relative(process.cwd(), RESULTS_FILE)}.`);
  process.exitCode = report.passed ? 0 : 1;
} else process.exitCode = 1;
