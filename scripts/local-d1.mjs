// Running wrangler from scripts, and the local D1 it keeps under .wrangler/state (the file `wrangler dev` serves too).
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const PROJECT_ROOT = fileURLToPath(new URL("..", import.meta.url));
const WRANGLER_BIN = fileURLToPath(new URL("../node_modules/.bin/wrangler", import.meta.url));

/** No prompts, no telemetry, no waiting on a terminal (docs/architecture.md, "Running wrangler from scripts"). */
const WRANGLER_ENV = { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false" };

/** stdin from /dev/null ("ignore"), output piped to the caller; extra spawn options (e.g. `detached`) pass through. */
export function spawnWrangler(args, options = {}) {
  return spawn(WRANGLER_BIN, args, { cwd: PROJECT_ROOT, env: WRANGLER_ENV, stdio: ["ignore", "pipe", "pipe"], ...options });
}

/**
 * Signals a child started with `detached: true` and everything in its process group: wrangler runs a second node, which
 * runs workerd, and signalling wrangler alone leaves those two running.
 */
export function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch (error) {
    if (error.code !== "ESRCH") throw error;
  }
}

/** The short wrangler commands (d1 execute, migrations) still running, each leading a process group of its own. */
const runningCommands = new Set();

/** For a script that is being stopped: kills the wrangler commands it is waiting on, with their workerd. */
export function stopWranglerCommands() {
  for (const child of runningCommands) signalGroup(child, "SIGKILL");
}

/** With --json, wrangler reports a failed statement on stdout (`{"error": {"text": ...}}`), not on stderr. */
function describeWranglerFailure(stdout, stderr) {
  let jsonError;
  try {
    jsonError = JSON.parse(stdout)?.error?.text;
  } catch {
    jsonError = undefined;
  }
  const parts = [jsonError, stderr.trim()].filter(Boolean);
  return parts.length > 0 ? parts.join("\n") : stdout.trim() || "(no output)";
}

function runWrangler(args) {
  return new Promise((resolve, reject) => {
    const child = spawnWrangler(args, { detached: true });
    runningCommands.add(child);
    child.on("exit", () => runningCommands.delete(child));
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk) => (stderr += chunk));
    child.on("error", (error) => reject(new Error(`could not run wrangler (${WRANGLER_BIN}): ${error.message}. Has 'npm install' been run?`)));
    child.on("close", (code, signal) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`'wrangler ${args.slice(0, 3).join(" ")}' failed (${signal ?? `exit code ${code}`}):\n${describeWranglerFailure(stdout, stderr)}`));
    });
  });
}

/**
 * Where the local D1 lives: the folder given, else the environment's PERSIST_TO (so `npm start` and `npm run token`
 * agree on it), else wrangler's default, .wrangler/state.
 */
export function persistArgs(persistTo) {
  const folder = persistTo || process.env.PERSIST_TO;
  return folder ? ["--persist-to", path.resolve(folder)] : [];
}

/** Idempotent: wrangler records applied migrations in the database and applies only the new ones. */
export async function applyLocalMigrations(persistTo) {
  await runWrangler(["d1", "migrations", "apply", "DB", "--local", ...persistArgs(persistTo)]);
}

/** `wrangler d1 execute --command` takes no bind parameters, so every string value goes in through this. */
export function quoteSqlText(value) {
  return `'${String(value).replaceAll("'", "''")}'`;
}

/**
 * A running Worker (npm start, the browser tests' server) writes to the same SQLite file: while it holds the write lock
 * (a deposit's batch, the citation queue storing), wrangler's statement fails with SQLITE_BUSY and nothing of it is
 * applied, so it is tried again after a pause.
 */
const BUSY_RETRIES = 5;

async function executeLocalD1(sql, persistTo) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await runWrangler(["d1", "execute", "DB", "--local", ...persistArgs(persistTo), "--json", "--command", sql]);
    } catch (error) {
      if (attempt >= BUSY_RETRIES || !/SQLITE_BUSY|database is locked/u.test(String(error))) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000 * attempt));
    }
  }
}

/** The rows of the last statement in `sql` (wrangler answers with one result set per statement). */
export async function queryLocalD1(sql, persistTo) {
  const stdout = await executeLocalD1(sql, persistTo);
  let resultSets;
  try {
    resultSets = JSON.parse(stdout);
  } catch {
    throw new Error(`'wrangler d1 execute' printed something other than JSON:\n${stdout.trim()}`);
  }
  return resultSets.at(-1)?.results ?? [];
}
