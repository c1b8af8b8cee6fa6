// Starting bench/worker-server.mjs (the Worker through wrangler's startWorker, inspector off) from a benchmark, in a
// process group of its own, with the same shape of answer as scripts/dev-server.mjs's startDevServer.
import { spawn } from "node:child_process";
import path from "node:path";
import { signalGroup } from "../scripts/local-d1.mjs";

/**
 * `output` gets the server's own output (a stream), or null to drop it. `ready` is true once the Worker answers, false
 * if the server exits or two minutes pass first; `exited` settles when the whole group has stopped.
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
    setTimeout(() => resolve(false), 120_000).unref();
  });
  const exited = new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", resolve)));
  const stop = () => {
    signalGroup(child, "SIGTERM");
    setTimeout(() => signalGroup(child, "SIGKILL"), 10_000).unref();
    return exited;
  };
  return { child, url: `http://127.0.0.1:${port}/`, ready, stop, exited };
}
