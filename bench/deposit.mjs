// `npm run bench:deposit`: the 7,166-entry real BibTeX file deposited through the running Worker, against citation-js's
// bare parse of the same file in the same run; then how fast the queue renders every citation. Prints and writes
// bench/results/deposit.json.
import { createWriteStream } from "node:fs";
import { PassThrough } from "node:stream";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { plugins } from "@citation-js/core";
import "@citation-js/plugin-bibtex";
import { createApiToken } from "../scripts/api-tokens.mjs";
import { applyLocalMigrations, queryLocalD1 } from "../scripts/local-d1.mjs";
import { startWorkerServer } from "../scripts/dev-server.mjs";

const BIB_FILE = path.resolve(import.meta.dirname, "../../shared/bib/bbt-1436-3-large.bib");
const RESULTS_FILE = path.resolve(import.meta.dirname, "results/deposit.json");
// BENCH_PORT: another port when something else already serves on 8790.
const PORT = Number(process.env.BENCH_PORT ?? 8790);
const STYLES_RENDERED = 5;
// Generous: on a machine shared with other work the queue took 165 s (it takes under 60 s on a quiet one).
const CITATIONS_DEADLINE_MS = 300_000;
const QUIET_MS = 3_000;
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

/**
 * When the queue last finished a message, from the local queue's own log line (`QUEUE mhi-citations 1/1 (230ms)`).
 * Counting rows every few seconds instead started a wrangler process on the Worker's SQLite file each time, took a core
 * for seconds, and twice the local queue stopped for good while one ran.
 */
function watchQueue(stream, logFile) {
  const state = { lastAckAt: null, acked: 0, failed: 0 };
  let pending = "";
  stream.on("data", (chunk) => {
    logFile?.write(chunk);
    pending += chunk;
    const lines = pending.split("\n");
    pending = lines.pop();
    for (const line of lines) {
      // The log is coloured.
      const match = /QUEUE \S+ (\d+)\/(\d+)/.exec(line.replace(/\x1b\[[0-9;]*m/g, ""));
      if (!match) continue;
      state.acked += Number(match[1]);
      state.failed += Number(match[2]) - Number(match[1]);
      state.lastAckAt = performance.now();
    }
  });
  return state;
}

const persistTo = await mkdtemp(path.join(tmpdir(), "mhi-bench-deposit-"));
await applyLocalMigrations(persistTo);
const { token } = await createApiToken({ name: "bench:deposit", role: "editor" }, persistTo);
// Not `wrangler dev`: it reloads the Worker whenever a source file changes, and a reload drops the local queue's
// messages (twice in a shared working tree the count stopped for good at 16,750); its inspector proxy also ships every
// D1 answer to wrangler's node process, a cost production does not have. scripts/worker-server.mjs runs the same Worker
// and queue through wrangler's startWorker with neither.
// BENCH_LOG=<file>: the Worker's own output (the consumer's retries among it) goes there.
const serverOutput = new PassThrough();
const queue = watchQueue(serverOutput, process.env.BENCH_LOG ? createWriteStream(process.env.BENCH_LOG) : null);
const server = startWorkerServer({ port: PORT, persistTo, output: serverOutput });
try {
  if (!(await server.ready)) throw new Error("the Worker did not answer");
  const deposit = (body, query = "") =>
    fetch(`${server.url}api/deposits${query}`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/x-bibtex" }, body });

  // Both sides warm up the same way: one tiny parse (the Worker's first request also loads its modules). The bare
  // parse comes first: run between the Worker's warm-up and the deposit, on a busy machine it outlasted the server's
  // keep-alive, and the deposit, sent on the closed connection, failed with EPIPE.
  const bare = measureBareParse();
  await (await deposit("@misc{warmup, title = {Warm-up entry}, year = 1999}", "?dry_run=1")).json();

  const t0 = performance.now();
  const response = await deposit(source);
  const report = await response.json();
  const depositMs = performance.now() - t0;
  if (response.status !== 201) throw new Error(`deposit answered ${response.status}: ${JSON.stringify(report).slice(0, 500)}`);

  const expected = report.created * STYLES_RENDERED;
  let rendered = 0;
  let citationsMs = null;
  // The rows are counted only once the queue has been idle a while (no message finished for QUIET_MS): then the count
  // meets no write, and the figure is when the last message finished.
  while (performance.now() - t0 < CITATIONS_DEADLINE_MS) {
    await sleep(500);
    if (queue.lastAckAt === null || performance.now() - queue.lastAckAt < QUIET_MS) continue;
    const finishedAt = queue.lastAckAt;
    rendered = await countCitations(persistTo, rendered);
    console.error(`${((finishedAt - t0) / 1000).toFixed(1)} s: ${queue.acked} messages done (${queue.failed} to retry), ${rendered} of ${expected} citations`);
    if (rendered >= expected) {
      citationsMs = finishedAt - t0;
      break;
    }
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
    // Other work on the machine slows the deposit and the queue alike: figures under load are not comparable.
    cpus: availableParallelism(),
    load_average_1_min: Number(loadavg()[0].toFixed(2)),
    node: process.version,
    measured_at: new Date().toISOString(),
  };
  console.log(JSON.stringify(results, null, 2));
  await writeFile(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
  console.log(
    citationsMs === null
      ? `all citations: not all stored within ${CITATIONS_DEADLINE_MS / 1000} s (${rendered} of ${expected}); target ${TARGETS.all_citations_s} s`
      : `all citations: ${results.all_citations_s} s against the target of ${TARGETS.all_citations_s} s (${results.met.all_citations_within_60_s ? "met" : "not met"})`,
  );
  console.log(`written to ${path.relative(process.cwd(), RESULTS_FILE)}`);
} finally {
  await server.stop();
  await rm(persistTo, { recursive: true, force: true });
}
