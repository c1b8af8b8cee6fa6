// Running the Worker locally from a script, in a process group of its own: `wrangler dev`, or wrangler's startWorker
// without inspector; wait until it answers, stop the whole group.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { persistArgs, signalGroup, spawnWrangler } from "./local-d1.mjs";

/** wrangler dev builds the Worker and starts workerd first: usually 5 to 30 s, more on a cold, busy machine (CI). */
export const READY_TIMEOUT_MS = 120_000;
/** How long workerd gets to stop after SIGTERM before the group is killed outright. */
const STOP_GRACE_MS = 5_000;

export async function isAnswering(url) {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return true;
  } catch {
    return false;
  }
}

/** wrangler dev reads local secrets from here; it is gitignored. */
const DEV_VARS = fileURLToPath(new URL("../.dev.vars", import.meta.url));

/**
 * OAI resumption tokens are signed with OAI_TOKEN_SECRET, a secret in production (`wrangler secret put`). Locally a
 * random one is written to .dev.vars the first time, and kept, so tokens stay good across restarts.
 */
export function ensureDevSecrets() {
  const text = existsSync(DEV_VARS) ? readFileSync(DEV_VARS, "utf8") : "";
  if (/^OAI_TOKEN_SECRET\s*=/mu.test(text)) return;
  const separator = text === "" || text.endsWith("\n") ? "" : "\n";
  appendFileSync(DEV_VARS, `${separator}OAI_TOKEN_SECRET="${randomBytes(32).toString("base64url")}"\n`, { mode: 0o600 });
}

/**
 * Starts `wrangler dev` on 127.0.0.1:`port`, in a process group of its own (its workerd too), with the local D1 in
 * `persistTo` (see persistArgs when absent).
 * `output` gets wrangler's own output (process.stdout for a person; null to drop it, as benchmarks do).
 * `inspectorPort`: where the DevTools protocol reaches the Worker's isolate (benchmarks read its heap there).
 * @param {{ port: number, persistTo?: string, output?: NodeJS.WritableStream | null, inspectorPort?: number }} options
 */
export function startDevServer({ port, persistTo, output = process.stdout, inspectorPort }) {
  ensureDevSecrets();
  const inspectorArgs = inspectorPort === undefined ? [] : ["--inspector-port", String(inspectorPort)];
  const child = spawnWrangler(["dev", "--ip", "127.0.0.1", "--port", String(port), ...inspectorArgs, ...persistArgs(persistTo)], { detached: true });
  if (output) {
    child.stdout.pipe(output);
    child.stderr.pipe(output);
  } else {
    child.stdout.resume();
    child.stderr.resume();
  }
  const url = `http://127.0.0.1:${port}/`;
  const stop = () => {
    signalGroup(child, "SIGTERM");
    setTimeout(() => signalGroup(child, "SIGKILL"), STOP_GRACE_MS).unref();
  };
  /** True once the Worker answers at all (any status); false if wrangler exits or the timeout passes first. */
  const ready = (async () => {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline && child.exitCode === null && child.signalCode === null) {
      if (await isAnswering(url)) return true;
      await sleep(500);
    }
    return false;
  })();
  return { child, url, ready, stop };
}

/**
 * The Worker through wrangler's startWorker with the inspector and file watching off (scripts/worker-server.mjs), in a
 * process group of its own: what the benchmarks and the browser tests run. `wrangler dev`'s inspector proxy posts every
 * D1 answer to wrangler's node process, which falls behind under load (docs/architecture.md, "Load"), and its file
 * watching reloads the Worker, dropping the local queue, whenever a source file changes. Answers as startDevServer does;
 * `output` gets the server's own output (a stream), or null to drop it; `stop` resolves once the whole group has exited.
 * @param {{ port: number, persistTo: string, output?: NodeJS.WritableStream | null }} options
 */
export function startWorkerServer({ port, persistTo, output = null }) {
  const child = spawn(process.execPath, [path.resolve(import.meta.dirname, "worker-server.mjs"), String(port), persistTo], {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false" },
  });
  if (output) {
    child.stdout.pipe(output, { end: false });
    child.stderr.pipe(output, { end: false });
  } else child.stderr.resume();
  const ready = new Promise((resolve) => {
    let seen = "";
    child.stdout.on("data", (chunk) => {
      seen += chunk;
      if (seen.includes("ready http")) resolve(true);
    });
    child.once("exit", () => resolve(false));
    setTimeout(() => resolve(false), READY_TIMEOUT_MS).unref();
  });
  const exited = new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", resolve)));
  const stop = () => {
    signalGroup(child, "SIGTERM");
    setTimeout(() => signalGroup(child, "SIGKILL"), 10_000).unref();
    return exited;
  };
  return { child, url: `http://127.0.0.1:${port}/`, ready, stop, exited };
}
