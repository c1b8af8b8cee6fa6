// The benchmark corpus in a local D1 of its own: 20,000 synthetic items plus every real file in ../shared/bib, loaded
// through the API once and reusable by later runs (`BENCH_STATE=<folder>`), for bench:search and bench:feeds alike.
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { callApi } from "../scripts/api-client.mjs";
import { createApiToken } from "../scripts/api-tokens.mjs";
import { startDevServer } from "../scripts/dev-server.mjs";
import { applyLocalMigrations, queryLocalD1 } from "../scripts/local-d1.mjs";
import { generateCorpus, seededRandom } from "./synthetic-corpus.mjs";

const BIB_DIR = path.resolve(import.meta.dirname, "../../shared/bib");
const LOADING_PORT = 8790;
const DEPOSIT_CHUNK = 2_000;
const TOPIC_COUNT = 17;

export const corpus = generateCorpus();
export const SYNTHETIC_ITEMS = corpus.publications.length + corpus.briefings.length + corpus.laySummaries.length;

async function loadCorpus(baseUrl, token, slugs) {
  const api = (method, pathname, body, contentType = "application/json") => callApi(baseUrl, token, method, pathname, { body, contentType });
  const idsByKey = new Map();
  for (let i = 0; i < corpus.publications.length; i += DEPOSIT_CHUNK) {
    const chunk = corpus.publications.slice(i, i + DEPOSIT_CHUNK);
    const report = await api("POST", "api/deposits", chunk.map((p) => p.bibtex).join("\n\n"), "application/x-bibtex");
    for (const entry of report.entries) idsByKey.set(entry.key, entry.id);
  }
  const realFiles = existsSync(BIB_DIR) ? (await readdir(BIB_DIR)).filter((f) => f.endsWith(".bib")).sort() : [];
  for (const file of realFiles) await api("POST", "api/deposits", await readFile(path.join(BIB_DIR, file), "utf8"), "application/x-bibtex");
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
  return { realFiles };
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

/** Loads the corpus into a fresh local D1; its folder holds `loaded.json` so a later run can reuse it. */
async function prepareState(label) {
  const persistTo = await mkdtemp(path.join(tmpdir(), `mhi-bench-${label}-`));
  console.log(`Local D1 in ${persistTo} (reuse it with BENCH_STATE=${persistTo})`);
  await applyLocalMigrations(persistTo);
  const { token } = await createApiToken({ name: `bench:${label}`, role: "editor" }, persistTo);
  // Read before wrangler dev starts: while the Worker writes, a second SQLite connection can meet SQLITE_BUSY.
  const slugs = (await queryLocalD1("SELECT slug FROM topics ORDER BY id", persistTo)).map((r) => r.slug);
  console.log(`Loading ${SYNTHETIC_ITEMS} synthetic items and the real BibTeX files...`);
  const server = startDevServer({ port: LOADING_PORT, persistTo, output: null });
  let loaded;
  try {
    if (!(await server.ready)) throw new Error("wrangler dev did not answer");
    const t0 = performance.now();
    loaded = await loadCorpus(server.url, token, slugs);
    console.log(`Loaded in ${Math.round((performance.now() - t0) / 1000)} s (real files: ${loaded.realFiles.join(", ") || "none: ../shared/bib is absent"}).`);
  } finally {
    server.stop();
  }
  await new Promise((resolve) => server.child.once("exit", resolve));
  await assignSyntheticTopics(persistTo);
  await applyLocalMigrations(persistTo);
  await writeFile(path.join(persistTo, "loaded.json"), JSON.stringify(loaded));
  return { persistTo, loaded };
}

/**
 * The loaded corpus: the one in `reuseFolder` (a folder a previous run printed; its migrations are brought up to date),
 * or a new one. `label` names a new folder.
 */
export async function openBenchCorpus(reuseFolder, label) {
  if (!reuseFolder) return prepareState(label);
  await applyLocalMigrations(reuseFolder);
  const loaded = JSON.parse(await readFile(path.join(reuseFolder, "loaded.json"), "utf8"));
  console.log(`Reusing the corpus loaded in ${reuseFolder}.`);
  return { persistTo: reuseFolder, loaded };
}
