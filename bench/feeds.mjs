// `npm run bench:feeds`: feeds of 50 and 200 items in each format, conditional GETs answered 304, and a full OAI-PMH
// harvest, over the 20,000-item benchmark corpus (bench-corpus.mjs) through wrangler dev. Prints and writes
// bench/results/feeds.json.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { build } from "esbuild";
import { callApi } from "../scripts/api-client.mjs";
import { createApiToken } from "../scripts/api-tokens.mjs";
import { startDevServer } from "../scripts/dev-server.mjs";
import { openBenchCorpus } from "./bench-corpus.mjs";

const RESULTS_FILE = path.resolve(import.meta.dirname, "results/feeds.json");
/** Set to a folder a previous run of bench:feeds or bench:search loaded, to measure again without loading again. */
const REUSE_STATE = process.env.BENCH_STATE;
const PORT = 8792;
const TARGETS = { feed_50_at_worker_ms: 10, not_modified_at_worker_ms: 3 };
const FORMATS = ["rss", "atom", "json"];
const REQUESTS_PER_FEED = 100;
const NOT_MODIFIED_REQUESTS = 800;
/** Publications withdrawn (once, kept in a reused corpus) so that feeds show withdrawals and a harvest has deleted records. */
const WITHDRAWN_PUBLICATIONS = 100;

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
const round = (ms) => Math.round(ms * 100) / 100;
const summary = (times) => ({ p50_ms: round(percentile(times, 50)), p95_ms: round(percentile(times, 95)) });

async function timed(url, headers = {}) {
  const t0 = performance.now();
  const response = await fetch(url, { headers });
  const body = await response.text();
  const ms = performance.now() - t0;
  if (response.status !== 200 && response.status !== 304) throw new Error(`${url} answered ${response.status}: ${body.slice(0, 300)}`);
  return { ms, response, body };
}

/**
 * `rounds` rounds of one request to each of `requests` (name → { url, headers }), starting each round one place further
 * along: the times of each, the last body and status of each.
 */
async function timeInRounds(requests, rounds) {
  const names = Object.keys(requests);
  const times = Object.fromEntries(names.map((name) => [name, []]));
  const last = {};
  const status = {};
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(round + i) % names.length];
      const answer = await timed(requests[name].url, requests[name].headers);
      times[name].push(answer.ms);
      last[name] = answer.body;
      status[name] = answer.response.status;
    }
  }
  return { times, last, status };
}

async function timeRepeatedly(url, count, headers = {}) {
  const times = [];
  let last;
  for (let i = 0; i < count; i++) {
    last = await timed(url, headers);
    times.push(last.ms);
  }
  return { times, last };
}

/** The feed serialisers alone, in Node's V8 (workerd's engine): the Worker's own render-feeds.ts, bundled. */
async function measureRendering(persistTo, jsonFeeds) {
  const bundle = path.join(persistTo, "render-feeds.bundle.mjs");
  await build({ entryPoints: [path.resolve(import.meta.dirname, "../worker/feeds/render-feeds.ts")], bundle: true, format: "esm", platform: "node", outfile: bundle, logLevel: "error" });
  const { renderFeed } = await import(`${bundle}?${Date.now()}`);
  const results = {};
  for (const [limit, json] of Object.entries(jsonFeeds)) {
    // The same entries the Worker rendered, rebuilt as the serialisers' input.
    const feed = {
      id: json.feed_url,
      title: json.title,
      description: json.description,
      homeUrl: json.home_page_url,
      feedUrl: json.feed_url,
      updated: json.items[0]?.date_modified ?? new Date().toISOString(),
      publisher: json.authors[0].name,
      language: json.language,
      entries: json.items.map((item) => ({
        id: item.id,
        url: item.url,
        title: item.title,
        summary: item.content_text,
        published: item.date_published,
        updated: item.date_modified,
        authors: (item.authors ?? []).map((a) => a.name),
        categories: item.tags ?? [],
      })),
    };
    for (const format of FORMATS) {
      for (let i = 0; i < 20; i++) renderFeed(feed, format);
      const times = [];
      for (let i = 0; i < 200; i++) {
        const t0 = performance.now();
        renderFeed(feed, format);
        times.push(performance.now() - t0);
      }
      results[`${format}_${limit}`] = summary(times);
    }
  }
  return results;
}

/** Every record once, following resumption tokens: how long the whole harvest takes and each response. */
async function harvest(base, verb) {
  const pageTimes = [];
  const identifiers = [];
  let deleted = 0;
  let query = `verb=${verb}&metadataPrefix=oai_dc`;
  const t0 = performance.now();
  for (;;) {
    const { ms, body } = await timed(`${base}oai?${query}`);
    pageTimes.push(ms);
    if (body.includes("<error")) throw new Error(`${verb} answered an error: ${body.slice(0, 500)}`);
    for (const match of body.matchAll(/<identifier>([^<]+)<\/identifier>/gu)) identifiers.push(match[1]);
    deleted += body.split('<header status="deleted">').length - 1;
    const token = /<resumptionToken[^>]*>([^<]*)<\/resumptionToken>/u.exec(body)?.[1];
    if (!token) break;
    query = `verb=${verb}&resumptionToken=${encodeURIComponent(token)}`;
  }
  const totalMs = performance.now() - t0;
  return {
    records: identifiers.length,
    distinct_records: new Set(identifiers).size,
    deleted_records: deleted,
    responses: pageTimes.length,
    total_s: Math.round(totalMs / 100) / 10,
    records_per_s: Math.round(identifiers.length / (totalMs / 1000)),
    response: summary(pageTimes),
  };
}

/** Withdraws the newest public publications until WITHDRAWN_PUBLICATIONS are withdrawn. */
async function withdrawSome(base, token) {
  const api = (method, pathname, body) => callApi(base, token, method, pathname, { body });
  const already = (await api("GET", `api/publications?status=withdrawn&limit=100`)).items.length;
  let page = await api("GET", "api/publications?limit=100");
  for (let i = already; i < WITHDRAWN_PUBLICATIONS && page.items.length > 0; ) {
    for (const item of page.items) {
      if (i++ >= WITHDRAWN_PUBLICATIONS) break;
      await api("POST", `api/publications/${item.id}/withdraw`, { reason: "Withdrawn by bench:feeds, so that feeds and harvests carry withdrawals." });
    }
    if (!page.next_cursor) break;
    page = await api("GET", `api/publications?limit=100&cursor=${page.next_cursor}`);
  }
}

const { persistTo, loaded } = await openBenchCorpus(REUSE_STATE, "feeds");
const { token } = await createApiToken({ name: "bench:feeds", role: "editor" }, persistTo);
console.log("Starting wrangler dev...");
const server = startDevServer({ port: PORT, persistTo, output: null });
let result;
try {
  if (!(await server.ready)) throw new Error("wrangler dev did not answer");
  const base = server.url;
  await withdrawSome(base, token);
  const publicItems = (await callApi(base, token, "GET", "api/search?limit=1")).total;
  console.log(`${publicItems} public items. Timing...`);
  // Warm up: the first requests in an isolate compile code and open the database.
  for (let i = 0; i < 20; i++) await timed(`${base}feeds/all.rss`);

  // Each set of requests is timed in rounds, each request once per round in a rotating order, with a request that does
  // nothing (the stylesheet) among them: so every figure and its baseline meet the same machine at the same moments.
  const NULL = { url: `${base}static/site.css` };
  const feeds = {};
  const bodies = {};
  const baselines = {};
  for (const limit of [50, 200]) {
    const urls = { null: NULL, ...Object.fromEntries(FORMATS.map((format) => [format, { url: `${base}feeds/all.${format}?limit=${limit}` }])) };
    const { times, last } = await timeInRounds(urls, REQUESTS_PER_FEED);
    baselines[limit] = summary(times.null);
    for (const format of FORMATS) feeds[`all_${format}_${limit}`] = { ...summary(times[format]), bytes: Buffer.byteLength(last[format]) };
    bodies[limit] = JSON.parse(last.json);
  }
  const newest = (await (await fetch(`${base}api/publications?limit=1`)).json()).items[0];
  const others = await timeInRounds(
    {
      null: NULL,
      topic_rss_50: { url: `${base}feeds/topics/housing-homelessness.rss` },
      person_rss_50: { url: `${base}feeds/people/${newest.authors[0].id}.rss` },
      search_rss_50: { url: `${base}feeds/search.rss?q=mental%20health` },
      kind_briefings_atom_50: { url: `${base}feeds/briefings.atom` },
    },
    REQUESTS_PER_FEED,
  );
  for (const [name, times] of Object.entries(others.times)) if (name !== "null") feeds[name] = summary(times);

  // Conditional GETs answered 304: in rounds with the null request, then eight at a time.
  const etag = (await timed(`${base}feeds/all.rss`)).response.headers.get("etag");
  const conditional = { url: `${base}feeds/all.rss`, headers: { "if-none-match": etag } };
  const notModifiedRounds = await timeInRounds({ null: NULL, not_modified: conditional }, NOT_MODIFIED_REQUESTS);
  if (notModifiedRounds.status.not_modified !== 304) throw new Error(`a conditional GET answered ${notModifiedRounds.status.not_modified}, not 304`);
  const t0 = performance.now();
  await Promise.all(Array.from({ length: 8 }, () => timeRepeatedly(conditional.url, NOT_MODIFIED_REQUESTS / 4, conditional.headers)));
  const concurrentSeconds = (performance.now() - t0) / 1000;
  const notModifiedTimes = notModifiedRounds.times.not_modified;
  const notModified = {
    ...summary(notModifiedTimes),
    null_request: summary(notModifiedRounds.times.null),
    requests_per_s_one_at_a_time: Math.round(NOT_MODIFIED_REQUESTS / (notModifiedTimes.reduce((a, b) => a + b, 0) / 1000)),
    requests_per_s_eight_at_a_time: Math.round((NOT_MODIFIED_REQUESTS * 2) / concurrentSeconds),
  };

  console.log("Harvesting the whole repository with ListIdentifiers, then ListRecords...");
  const listIdentifiers = await harvest(base, "ListIdentifiers");
  const listRecords = await harvest(base, "ListRecords");
  // Every public item once (as search counts them), and the withdrawn ones as deleted records.
  for (const list of [listIdentifiers, listRecords]) {
    if (list.records - list.deleted_records !== publicItems || list.distinct_records !== list.records || list.deleted_records < WITHDRAWN_PUBLICATIONS) {
      throw new Error(`a harvest gave ${list.records} records (${list.distinct_records} distinct, ${list.deleted_records} deleted) for ${publicItems} public items`);
    }
  }

  result = {
    public_items: publicItems,
    withdrawn_publications: WITHDRAWN_PUBLICATIONS,
    real_files: loaded.realFiles,
    null_request_with_feeds: baselines,
    feeds,
    // Client time less a request that does nothing on the same path (a static file), timed in the same rounds: an
    // estimate of the time at the Worker.
    feed_50_at_worker_estimate_ms: Object.fromEntries(FORMATS.map((f) => [f, round(feeds[`all_${f}_50`].p50_ms - baselines[50].p50_ms)])),
    feed_200_at_worker_estimate_ms: Object.fromEntries(FORMATS.map((f) => [f, round(feeds[`all_${f}_200`].p50_ms - baselines[200].p50_ms)])),
    rendering_only_in_node: await measureRendering(persistTo, bodies),
    not_modified: notModified,
    not_modified_at_worker_estimate_ms: round(notModified.p50_ms - notModified.null_request.p50_ms),
    oai_harvest: { list_identifiers: listIdentifiers, list_records: listRecords },
    targets: TARGETS,
    method:
      "Times are measured at the client over HTTP to wrangler dev on this machine, one request at a time unless said: an upper bound on the time at the Worker, which includes what any request costs on this path. Each set is timed in rounds (each request once per round, in a rotating order) together with a null request (a static file through the same proxy); the *_at_worker_estimate figures subtract that null request's p50. rendering_only_in_node times the Worker's own serialisers (bundled) in Node's V8 on the same entries.",
    measured_at: new Date().toISOString(),
  };
} finally {
  server.stop();
}
await new Promise((resolve) => server.child.once("exit", resolve));
await writeFile(RESULTS_FILE, `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result, null, 2));
const verdict = (name, value, target) => console.log(`${name}: ${value} (target < ${target}) ${value < target ? "met" : "NOT met"}`);
for (const format of FORMATS) verdict(`50-item ${format} feed at the Worker (p50 less null request), ms`, result.feed_50_at_worker_estimate_ms[format], TARGETS.feed_50_at_worker_ms);
verdict("304 at the Worker (p50 less null request), ms", result.not_modified_at_worker_estimate_ms, TARGETS.not_modified_at_worker_ms);
process.exit(0);
