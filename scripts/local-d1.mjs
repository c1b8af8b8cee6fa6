// Running wrangler from scripts, and the local D1 it keeps under .wrangler/state (the file `wrangler dev` serves too).
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const PROJECT_ROOT = fileURLToPath(new URL("..", import.meta.url));
const WRANGLER_BIN = fileURLToPath(new URL("../node_modules/.bin/wrangler", import.meta.url));

/** No prompts, no telemetry, no waiting on a terminal (DESIGN.md: how scripts run wrangler). */
const WRANGLER_ENV = { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false" };

/** stdin from /dev/null ("ignore"), output piped to the caller; extra spawn options (e.g. `detached`) pass through. */
export function spawnWrangler(args, options = {}) {
  return spawn(WRANGLER_BIN, args, { cwd: PROJECT_ROOT, env: WRANGLER_ENV, stdio: ["ignore", "pipe", "pipe"], ...options });
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
    const child = spawnWrangler(args);
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

/** Where the local D1 lives: wrangler's default (.wrangler/state, the one `npm start` serves) unless a folder is given. */
export function persistArgs(persistTo) {
  return persistTo ? ["--persist-to", persistTo] : [];
}

/** Idempotent: wrangler records applied migrations in the database and applies only the new ones. */
export async function applyLocalMigrations(persistTo) {
  await runWrangler(["d1", "migrations", "apply", "DB", "--local", ...persistArgs(persistTo)]);
}

/** `wrangler d1 execute --command` takes no bind parameters, so every string value goes in through this. */
export function quoteSqlText(value) {
  return `'${String(value).replaceAll("'", "''")}'`;
}

/** The rows of the last statement in `sql` (wrangler answers with one result set per statement). */
export async function queryLocalD1(sql, persistTo) {
  const stdout = await runWrangler(["d1", "execute", "DB", "--local", ...persistArgs(persistTo), "--json", "--command", sql]);
  let resultSets;
  try {
    resultSets = JSON.parse(stdout);
  } catch {
    throw new Error(`'wrangler d1 execute' printed something other than JSON:\n${stdout.trim()}`);
  }
  return resultSets.at(-1)?.results ?? [];
}
