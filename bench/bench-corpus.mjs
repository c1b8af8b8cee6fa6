// The benchmark corpus in a local D1 of its own: the real files in ../shared/bib plus synthetic items up to BENCH_ITEMS
// (30,000 by default: 20,000 synthetic), loaded through the API once and reusable by later runs (`BENCH_STATE=<folder>`,
// whose loaded.json records its size), for bench:search and bench:feeds alike.
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { callApi } from "../scripts/api-client.mjs";
import { prepareApiToken } from "../scripts/api-tokens.mjs";
import { applyLocalMigrations, queryLocalD1, quoteSqlText } from "../scripts/local-d1.mjs";
import { generateCorpus, seededRandom } from "./synthetic-corpus.mjs";
import { startWorkerServer } from "../scripts/dev-server.mjs";
import { bundleForNode, findD1File, openSqlite } from "./worker-sql.mjs";

const BIB_DIR = path.resolve(import.meta.dirname, "../../shared/bib");
const LOADING_PORT = Number(process.env.BENCH_LOADING_PORT ?? 8790);
/** The deposit API's limits are 10,000 entries and 8 MB a request; chunks stay a little under the bytes. */
const DEPOSIT_MAX_ENTRIES = 10_000;
const DEPOSIT_MAX_BYTES = 7 * 1024 * 1024;
const TOPIC_COUNT = 17;
/**
 * A token may make 300 changes a minute (wrangler.toml, WRITE_RATE_LIMIT), and startWorker enforces it: each token
 * loading the corpus makes fewer than that in all, so none is ever held back.
 */
const CHANGES_PER_TOKEN = 250;
export const DEFAULT_ITEMS = 30_000;
/** What the real files add (30,088 public items with 20,000 synthetic ones): BENCH_ITEMS counts them in. */
const REAL_ITEMS_ALLOWANCE = 10_000;
/** The proportions of the 20,000 synthetic items the corpus always had: 19,000 publications, 600 briefings, 400 lay summaries. */
const SHARES = { publications: 0.95, briefings: 0.03, laySummaries: 0.02 };

const utf8 = new TextEncoder();

/** BENCH_ITEMS as a whole number (30,000 when unset). */
export function readBenchItems() {
  const value = Number(process.env.BENCH_ITEMS ?? DEFAULT_ITEMS);
  if (!Number.isInteger(value) || value < 1_000) throw new Error(`BENCH_ITEMS must be a whole number of at least 1000, not '${process.env.BENCH_ITEMS}'.`);
  return value;
}

const hasRealFiles = () => existsSync(BIB_DIR);

/** The synthetic corpus that makes `items` in all with the real files (if they are there). */
export function syntheticCorpusFor(items, withRealFiles = hasRealFiles()) {
  const synthetic = Math.max(1_000, items - (withRealFiles ? REAL_ITEMS_ALLOWANCE : 0));
  const briefings = Math.round(synthetic * SHARES.briefings);
  const laySummaries = Math.round(synthetic * SHARES.laySummaries);
  return generateCorpus({ publications: synthetic - briefings - laySummaries, briefings, laySummaries });
}

export const countSynthetic = (corpus) => corpus.publications.length + corpus.briefings.length + corpus.laySummaries.length;

/** Publications' BibTeX in as few deposits as the API's limits allow. */
function depositChunks(publications) {
  const chunks = [];
  let current = [];
  let bytes = 0;
  for (const p of publications) {
    const size = utf8.encode(p.bibtex).length + 2;
    if (current.length > 0 && (current.length === DEPOSIT_MAX_ENTRIES || bytes + size > DEPOSIT_MAX_BYTES)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(p);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** The API calls loading `corpus` makes: a deposit per chunk and per real file, two per briefing and lay summary. */
const countChanges = (corpus) => depositChunks(corpus.publications).length + 10 + 2 * (corpus.briefings.length + corpus.laySummaries.length);

/** Enough editor tokens for the loading, made in one statement. */
async function createLoadingTokens(corpus, label, persistTo) {
  const tokens = Array.from({ length: Math.ceil(countChanges(corpus) / CHANGES_PER_TOKEN) }, (_, i) => prepareApiToken({ name: `bench:${label} ${i + 1}`, role: "editor" }));
  await queryLocalD1(tokens.map((t) => t.insert).join(";\n"), persistTo);
  return tokens.map((t) => t.token);
}

async function loadCorpus(corpus, persistTo, baseUrl, tokens, slugs) {
  let calls = 0;
  let stored = 0;
  const api = (method, pathname, body, contentType = "application/json") =>
    callApi(baseUrl, tokens[Math.floor(calls++ / CHANGES_PER_TOKEN)], method, pathname, { body, contentType });
  const idsByKey = new Map();
  const timings = {};
  let t0 = performance.now();
  const chunks = depositChunks(corpus.publications);
  for (const [n, chunk] of chunks.entries()) {
    const report = await api("POST", "api/deposits", chunk.map((p) => p.bibtex).join("\n\n"), "application/x-bibtex");
    stored += report.created;
    process.stdout.write(`\r  deposit ${n + 1} of ${chunks.length} (${stored} publications, ${Math.round((performance.now() - t0) / 1000)} s)`);
  }
  process.stdout.write("\n");
  // Read from the file (a second reader beside the Worker is fine): a large deposit's report did not give every entry's id.
  const sqlite = openSqlite(await findD1File(persistTo));
  for (const { bibtex_key, id } of await sqlite.query("SELECT bibtex_key, id FROM publications WHERE bibtex_key LIKE 'syn%'")) idsByKey.set(bibtex_key, id);
  sqlite.close();
  timings.synthetic_deposits_s = Math.round((performance.now() - t0) / 1000);
  t0 = performance.now();
  const realFiles = hasRealFiles() ? (await readdir(BIB_DIR)).filter((f) => f.endsWith(".bib")).sort() : [];
  for (const file of realFiles) await api("POST", "api/deposits", await readFile(path.join(BIB_DIR, file), "utf8"), "application/x-bibtex");
  timings.real_files_s = Math.round((performance.now() - t0) / 1000);
  t0 = performance.now();
  const random = seededRandom(3);
  for (const briefing of corpus.briefings) {
    const topics = [slugs[Math.floor(random() * slugs.length)]];
    const { id } = await api("POST", "api/briefings", { ...briefing, topics });
    await api("POST", `api/briefings/${id}/publish`, {});
  }
  for (const lay of corpus.laySummaries) {
    const publicationId = idsByKey.get(corpus.publications[lay.publicationIndex].key);
    const { id } = await api("POST", "api/lay-summaries", { ...lay.body, publication_id: publicationId });
    await api("POST", `api/lay-summaries/${id}/publish`, {});
  }
  timings.briefings_and_lay_summaries_s = Math.round((performance.now() - t0) / 1000);
  return { realFiles, timings, depositChunks: chunks.length };
}

/**
 * Deposits carry no topics, so the synthetic publications get theirs here, by key (reproducibly), straight into the
 * local D1 while the Worker is stopped; their search documents then take the new topic ids.
 */
async function assignSyntheticTopics(persistTo) {
  await queryLocalD1(
    `INSERT INTO publication_topics (publication_id, topic_id)
    SELECT id, 1 + CAST(substr(bibtex_key, 4) AS INTEGER) % ${TOPIC_COUNT} FROM publications WHERE bibtex_key LIKE 'syn%'
    UNION SELECT id, 1 + (CAST(substr(bibtex_key, 4) AS INTEGER) * 7 + 3) % ${TOPIC_COUNT} FROM publications
      WHERE bibtex_key LIKE 'syn%' AND CAST(substr(bibtex_key, 4) AS INTEGER) % 3 = 0`,
    persistTo,
  );
  await queryLocalD1(
    `UPDATE search_documents SET topic_ids = (SELECT json_group_array(topic_id) FROM publication_topics
    WHERE publication_id = search_documents.item_id) WHERE kind = 'publications'`,
    persistTo,
  );
}

/**
 * Which synthetic items an editor tagged in each equity facet, and with which values: an item whose number `n` gives
 * `n % every === at` carries the value at `floor(n / every)` of the facet's list. About one item in two names a place
 * (mostly an integrated care board, which implies its NHS region, England and the United Kingdom), one in three a
 * life-course stage, one in four a population group: denser than most repositories tag, so the counts cost no less.
 */
const EQUITY_TAGGING = [
  { facet: "place", every: 2, at: 0 },
  { facet: "life-course", every: 3, at: 1 },
  { facet: "population-group", every: 4, at: 0 },
  { facet: "socioeconomic-position", every: 5, at: 2 },
  { facet: "protected-characteristic", every: 7, at: 3 },
];
/** Countries tagged beside the UK's places: global work, a tenth of the places. */
const TAGGED_COUNTRIES = ["pk", "in", "bd", "ng", "gh", "ke", "za", "br", "us", "ie"];

/**
 * Equity tags for the synthetic publications (by key) and the briefings (by row), reproducibly, straight into the local
 * D1 while the Worker is stopped, with the broader values each implies as the API stores them (implied = 1); lay
 * summaries find their publication's through the view item_equity_tags. Skipped when the D1 already holds tags.
 */
async function assignSyntheticEquityTags(persistTo) {
  const [{ tagged }] = await queryLocalD1("SELECT count(*) AS tagged FROM equity_tags", persistTo);
  if (tagged > 0) return;
  const { EQUITY_FACETS } = await bundleForNode(path.join(persistTo, `equity-vocabulary.${Date.now()}.bundle.mjs`), 'export { EQUITY_FACETS } from "./schema/equity-vocabulary.ts";');
  const facets = new Map(EQUITY_FACETS.map((f) => [f.slug, f]));
  const candidates = (facet) => {
    const values = facets.get(facet).values;
    if (facet !== "place") return values.map((v) => v.slug);
    const uk = values.filter((v) => v.level === "icb" || v.level === "nhs-region" || v.level === "nation").map((v) => v.slug);
    // Nine UK places to each country: a tenth of the places are abroad.
    return uk.flatMap((slug, i) => (i % 9 === 8 ? [slug, TAGGED_COUNTRIES[Math.floor(i / 9) % TAGGED_COUNTRIES.length]] : [slug]));
  };
  const broader = [];
  for (const facet of EQUITY_FACETS) {
    const bySlug = new Map(facet.values.map((v) => [v.slug, v]));
    for (const value of facet.values) {
      for (let up = value.parent; up !== undefined; up = bySlug.get(up)?.parent) broader.push([`${facet.slug}/${value.slug}`, up]);
    }
  }
  const items = `(SELECT id, 'publications' AS kind, CAST(substr(bibtex_key, 4) AS INTEGER) AS n FROM publications WHERE bibtex_key LIKE 'syn%'
    UNION ALL SELECT id, 'briefings', rowid FROM briefings)`;
  const chosen = EQUITY_TAGGING.map(({ facet, every, at }) => {
    const list = quoteSqlText(JSON.stringify(candidates(facet)));
    return `INSERT INTO equity_tags (item_id, kind, facet, value, implied)
      SELECT id, kind, '${facet}', json_extract(${list}, '$[' || ((n / ${every}) % json_array_length(${list})) || ']'), 0 FROM ${items} WHERE n % ${every} = ${at}`;
  });
  const implied = `INSERT OR IGNORE INTO equity_tags (item_id, kind, facet, value, implied)
    SELECT t.item_id, t.kind, t.facet, json_extract(b.value, '$[1]'), 1 FROM equity_tags AS t
    JOIN json_each(${quoteSqlText(JSON.stringify(broader))}) AS b ON json_extract(b.value, '$[0]') = t.facet || '/' || t.value`;
  await queryLocalD1([...chosen, implied].join(";\n"), persistTo);
}

/**
 * Loads the corpus into a fresh local D1 through the Worker without an inspector (scripts/worker-server.mjs: under
 * wrangler dev every D1 answer is also posted to wrangler's node process). The deposits queue citation jobs, which the
 * same workerd renders while the loading goes on, so the load time includes that competition for the CPU; stopping the
 * server drops the jobs still queued. Its folder holds `loaded.json` (with the size) so a later run can reuse it.
 */
async function prepareState(label, items) {
  const corpus = syntheticCorpusFor(items);
  const persistTo = await mkdtemp(path.join(tmpdir(), `mhi-bench-${label}-${items}-`));
  console.log(`Local D1 in ${persistTo} (reuse it with BENCH_STATE=${persistTo})`);
  await applyLocalMigrations(persistTo);
  const tokens = await createLoadingTokens(corpus, label, persistTo);
  // Read before the Worker starts: while the Worker writes, a second SQLite connection can meet SQLITE_BUSY.
  const slugs = (await queryLocalD1("SELECT slug FROM topics ORDER BY id", persistTo)).map((r) => r.slug);
  console.log(`Loading ${countSynthetic(corpus)} synthetic items and the real BibTeX files (BENCH_ITEMS=${items})...`);
  const server = startWorkerServer({ port: LOADING_PORT, persistTo });
  let loaded;
  const t0 = performance.now();
  try {
    if (!(await server.ready)) throw new Error(`The Worker did not answer on port ${LOADING_PORT}`);
    loaded = await loadCorpus(corpus, persistTo, server.url, tokens, slugs);
  } finally {
    await server.stop();
  }
  const loadSeconds = Math.round((performance.now() - t0) / 1000);
  const [{ citations }] = await queryLocalD1("SELECT count(DISTINCT publication_id) AS citations FROM citations", persistTo).catch(() => [{ citations: null }]);
  await assignSyntheticTopics(persistTo);
  await applyLocalMigrations(persistTo);
  await assignSyntheticEquityTags(persistTo);
  loaded = { ...loaded, bench_items: items, synthetic_items: countSynthetic(corpus), load_s: loadSeconds, publications_with_citations_at_end_of_load: citations, loaded_at: new Date().toISOString() };
  console.log(`Loaded in ${loadSeconds} s (${JSON.stringify(loaded.timings)}; real files: ${loaded.realFiles.join(", ") || "none: ../shared/bib is absent"}).`);
  await writeFile(path.join(persistTo, "loaded.json"), JSON.stringify(loaded));
  return { persistTo, loaded, corpus };
}

/**
 * The loaded corpus: the one in `reuseFolder` (a folder a previous run printed; its migrations are brought up to date;
 * its size is the one it was loaded with, and a BENCH_ITEMS that disagrees is an error), or a new one of BENCH_ITEMS
 * items. `label` names a new folder. Answers the folder, what loaded.json records, and the synthetic corpus.
 */
export async function openBenchCorpus(reuseFolder, label) {
  if (!reuseFolder) return prepareState(label, readBenchItems());
  await applyLocalMigrations(reuseFolder);
  await assignSyntheticEquityTags(reuseFolder);
  const loaded = JSON.parse(await readFile(path.join(reuseFolder, "loaded.json"), "utf8"));
  // A folder loaded before BENCH_ITEMS existed holds the 30,000-item corpus.
  loaded.bench_items ??= DEFAULT_ITEMS;
  if (process.env.BENCH_ITEMS !== undefined && readBenchItems() !== loaded.bench_items) {
    throw new Error(`BENCH_STATE=${reuseFolder} holds the ${loaded.bench_items}-item corpus, not BENCH_ITEMS=${process.env.BENCH_ITEMS}.`);
  }
  const corpus = syntheticCorpusFor(loaded.bench_items, loaded.realFiles.length > 0);
  console.log(`Reusing the ${loaded.bench_items}-item corpus loaded in ${reuseFolder}.`);
  return { persistTo: reuseFolder, loaded, corpus };
}
