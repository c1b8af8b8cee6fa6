// `npm run bench:pages`: time to the first byte of each public page, over the demo collection, through wrangler dev.
// Prints and writes bench/results/pages.json. Add a page to PAGES (or pass more paths: `node bench/pages.mjs /search?q=debt`).
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createApiToken, revokeApiToken } from "../scripts/api-tokens.mjs";
import { loadDemoCollection } from "../scripts/demo-collection.mjs";
import { startDevServer } from "../scripts/dev-server.mjs";
import { applyLocalMigrations } from "../scripts/local-d1.mjs";

const RESULTS_FILE = path.resolve(import.meta.dirname, "results/pages.json");
const PORT = Number(process.env.PORT ?? 8796);
const REQUESTS_PER_PAGE = Number(process.env.REQUESTS ?? 200);
const TARGET_P50_MS = 50;

/**
 * The pages measured: a path, or a function of the running Worker's URL that finds one (an item's page needs an id).
 * Paths that answer 404 until their page is built are measured all the same, and their status is reported.
 */
const PAGES = [
  "/",
  "/about",
  "/accessibility",
  "/feeds",
  "/api/docs",
  "/search?q=debt",
  "/topics",
  "/publications",
  "/briefings",
  "/lay-summaries",
  "/no-such-page",
  (base) => newestItemPath(base, "publications"),
  (base) => newestItemPath(base, "briefings"),
  (base) => newestItemPath(base, "lay-summaries"),
  // Real consortium papers list 50-500 authors: the demo has none, so the invented 300-author test fixture stands in.
  (base) => depositedPath(base, path.resolve(import.meta.dirname, "../test/fixtures/many-authors.bib")),
];

let persistTo;

/** Deposits a BibTeX file as an editor (so it is public at once) and gives the page of its first entry. */
async function depositedPath(base, file) {
  const { prefix, token } = await createApiToken({ name: "bench:pages", role: "editor" }, persistTo);
  try {
    const response = await fetch(new URL("/api/deposits", base), {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/x-bibtex" },
      body: await readFile(file, "utf8"),
    });
    const { entries } = await response.json();
    return `/publications/${entries[0].id}`;
  } finally {
    await revokeApiToken(prefix, persistTo);
  }
}

async function newestItemPath(base, kind) {
  const { items } = await (await fetch(new URL(`/api/${kind}?limit=1`, base))).json();
  return `/${kind}/${items[0].id}`;
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
const round = (ms) => Math.round(ms * 100) / 100;

/** Milliseconds until the status line and headers arrive (fetch resolves then); the body is read after the clock stops. */
async function timeFirstByte(url, headers = {}) {
  const t0 = performance.now();
  const response = await fetch(url, { headers });
  const ms = performance.now() - t0;
  const body = await response.arrayBuffer();
  return { ms, status: response.status, bytes: body.byteLength, etag: response.headers.get("etag") };
}

/** Each round asks for every page once, so no page has the machine to itself or always goes first. */
async function measure(base, paths) {
  const results = Object.fromEntries(paths.map((p) => [p, { times: [], conditional: [], status: 0, bytes: 0, etag: null }]));
  for (const p of paths) {
    const first = await timeFirstByte(new URL(p, base));
    Object.assign(results[p], { status: first.status, bytes: first.bytes, etag: first.etag });
  }
  for (let round = 0; round < REQUESTS_PER_PAGE; round++) {
    for (const p of paths) {
      results[p].times.push((await timeFirstByte(new URL(p, base))).ms);
      if (results[p].etag) results[p].conditional.push((await timeFirstByte(new URL(p, base), { "if-none-match": results[p].etag })).ms);
    }
  }
  return Object.fromEntries(
    Object.entries(results).map(([p, r]) => [
      p,
      {
        status: r.status,
        bytes: r.bytes,
        first_byte_p50_ms: round(percentile(r.times, 50)),
        first_byte_p95_ms: round(percentile(r.times, 95)),
        ...(r.conditional.length > 0 ? { not_modified_p50_ms: round(percentile(r.conditional, 50)) } : {}),
      },
    ]),
  );
}

persistTo = await mkdtemp(path.join(tmpdir(), "mhi-bench-pages-"));
await applyLocalMigrations(persistTo);
const server = startDevServer({ port: PORT, persistTo, output: null });
try {
  if (!(await server.ready)) throw new Error("wrangler dev did not answer");
  await loadDemoCollection(server.url, persistTo);
  const paths = [];
  for (const page of [...PAGES, ...process.argv.slice(2)]) paths.push(typeof page === "function" ? await page(server.url) : page);
  // The Worker's first requests load its modules: not what a reader waits for.
  for (const p of paths) await timeFirstByte(new URL(p, server.url));
  const pages = await measure(server.url, paths);
  console.table(pages);
  const slow = Object.entries(pages).filter(([, r]) => r.status === 200 && r.first_byte_p50_ms > TARGET_P50_MS);
  const results = { measured_at: new Date().toISOString(), requests_per_page: REQUESTS_PER_PAGE, target_first_byte_p50_ms: TARGET_P50_MS, pages };
  await writeFile(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
  console.log(slow.length === 0 ? `Every page's median first byte is under ${TARGET_P50_MS} ms.` : `Over ${TARGET_P50_MS} ms: ${slow.map(([p]) => p).join(", ")}`);
} finally {
  server.stop();
  await rm(persistTo, { recursive: true, force: true });
}
