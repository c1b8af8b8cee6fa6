// `npm run bench:deposit`: the 7,166-entry real BibTeX file deposited through the running Worker, against citation-js's
// bare parse of the same file in the same run; then how fast the queue renders every citation. Prints and writes
// bench/results/deposit.json.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { plugins } from "@citation-js/core";
import "@citation-js/plugin-bibtex";
import { createApiToken } from "../scripts/api-tokens.mjs";
import { startDevServer } from "../scripts/dev-server.mjs";
import { applyLocalMigrations, queryLocalD1 } from "../scripts/local-d1.mjs";

const BIB_FILE = path.resolve(import.meta.dirname, "../../shared/bib/bbt-1436-3-large.bib");
const RESULTS_FILE = path.resolve(import.meta.dirname, "results/deposit.json");
const PORT = 8790;
const STYLES_RENDERED = 5;
const CITATIONS_DEADLINE_MS = 180_000;
const TARGETS = { deposit_to_parse_ratio: 3, all_citations_s: 60 };

const source = await readFile(BIB_FILE, "utf8").catch(() => {
  console.error(`${BIB_FILE} is missing: this benchmark needs the real corpus in ../shared/bib.`);
  process.exit(1);
});

/**
 * citation-js's own parse of the whole file. As it is, the file fails whole (one title of mangled MathML), so the one
 * entry that fails is cut out first: the bare parse then reads the same 7,165 entries the deposit stores or checks.
 */
function measureBareParse() {
  const start = source.indexOf("@article{odkhuu_2011");
  const end = source.indexOf("\n@", start + 1);
  const readable = source.slice(0, start) + source.slice(end);
  plugins.input.chain("@misc{warm, title = {Warm up}}", { forceType: "@biblatex/text", generateGraph: false });
  const t0 = performance.now();
  const items = plugins.input.chain(readable, { forceType: "@biblatex/text", generateGraph: false });
  return { entries: items.length, ms: performance.now() - t0 };
}

/** A count can meet the Worker mid-write (SQLITE_BUSY): that count is skipped, not fatal. */
async function countCitations(persistTo, previous) {
  try {
    const [row] = await queryLocalD1("SELECT count(*) AS n FROM citations", persistTo);
    return row.n;
  } catch {
    return previous;
  }
}

const persistTo = await mkdtemp(path.join(tmpdir(), "mhi-bench-deposit-"));
await applyLocalMigrations(persistTo);
const { token } = await createApiToken({ name: "bench:deposit", role: "editor" }, persistTo);
const server = startDevServer({ port: PORT, persistTo, output: null });
try {
  if (!(await server.ready)) throw new Error("wrangler dev did not answer");
  const deposit = (body, query = "") =>
    fetch(`${server.url}api/deposits${query}`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/x-bibtex" }, body });

  // Both sides warm up the same way: one tiny parse (the Worker's first request also loads its modules).
  await (await deposit("@misc{warmup, title = {Warm-up entry}, year = 1999}", "?dry_run=1")).json();

  const bare = measureBareParse();
  const t0 = performance.now();
  const response = await deposit(source);
  const report = await response.json();
  const depositMs = performance.now() - t0;
  if (response.status !== 201) throw new Error(`deposit answered ${response.status}: ${JSON.stringify(report).slice(0, 500)}`);

  const expected = report.created * STYLES_RENDERED;
  let rendered = 0;
  let citationsMs = null;
  while (performance.now() - t0 < CITATIONS_DEADLINE_MS) {
    rendered = await countCitations(persistTo, rendered);
    if (rendered >= expected) {
      citationsMs = performance.now() - t0;
      break;
    }
    // Each count starts a wrangler process, which takes a core for about a second: counting rarely keeps it off the
    // core the Worker renders on.
    await sleep(5000);
  }

  const results = {
    file: path.basename(BIB_FILE),
    entries: report.entries.length,
    created: report.created,
    duplicates: report.duplicates,
    failed: report.failed,
    deposit_ms: Math.round(depositMs),
    deposit_entries_per_s: Math.round(report.entries.length / (depositMs / 1000)),
    bare_parse_ms: Math.round(bare.ms),
    bare_parse_entries_per_s: Math.round(bare.entries / (bare.ms / 1000)),
    deposit_to_parse_ratio: Number((depositMs / bare.ms).toFixed(2)),
    citations_expected: expected,
    citations_rendered: rendered,
    all_citations_s: citationsMs === null ? null : Number((citationsMs / 1000).toFixed(1)),
    citations_per_s: citationsMs === null ? null : Math.round(rendered / (citationsMs / 1000)),
    targets: TARGETS,
    met: {
      deposit_within_3x_parse: depositMs / bare.ms <= TARGETS.deposit_to_parse_ratio,
      all_citations_within_60_s: citationsMs !== null && citationsMs <= TARGETS.all_citations_s * 1000,
    },
    node: process.version,
    measured_at: new Date().toISOString(),
  };
  console.log(JSON.stringify(results, null, 2));
  await writeFile(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`written to ${path.relative(process.cwd(), RESULTS_FILE)}`);
} finally {
  server.stop();
  await sleep(500);
  await rm(persistTo, { recursive: true, force: true });
}
