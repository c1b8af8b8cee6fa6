// `npm start`: migrate the local D1, serve the Worker with `wrangler dev`, and load the demo collection into an empty database.
import { setTimeout as sleep } from "node:timers/promises";
import { countStoredItems, loadDemoCollection } from "./demo-collection.mjs";
import { applyLocalMigrations, spawnWrangler } from "./local-d1.mjs";

const HOST = "127.0.0.1";
const PORT = 8787;
const BASE_URL = `http://${HOST}:${PORT}/`;
/** wrangler dev builds the Worker and starts workerd first: usually 5 to 15 s, more on a cold machine. */
const READY_TIMEOUT_MS = 60_000;
/** How long workerd gets to stop after SIGTERM before the group is killed outright. */
const STOP_GRACE_MS = 5_000;

async function isAnswering(url) {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return true;
  } catch {
    return false;
  }
}

/** True once the Worker answers at all (any status); false if wrangler exits or the timeout passes first. */
async function waitUntilAnswering(url, wrangler) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline && wrangler.exitCode === null && wrangler.signalCode === null) {
    if (await isAnswering(url)) return true;
    await sleep(500);
  }
  return false;
}

/** wrangler runs workerd as its own child: signalling the whole group (wrangler has its own) stops both. */
function signalGroup(wrangler, signal) {
  try {
    process.kill(-wrangler.pid, signal);
  } catch (error) {
    if (error.code !== "ESRCH") throw error;
  }
}

function startWrangler() {
  const wrangler = spawnWrangler(["dev", "--ip", HOST, "--port", String(PORT)], { detached: true });
  wrangler.stdout.pipe(process.stdout);
  wrangler.stderr.pipe(process.stderr);
  let stopping = false;
  const stop = (reason) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${reason}: stopping wrangler dev.`);
    signalGroup(wrangler, "SIGTERM");
    setTimeout(() => signalGroup(wrangler, "SIGKILL"), STOP_GRACE_MS).unref();
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  // npm runs this under `sh -c`, and a SIGTERM sent to npm kills that shell but never reaches this process.
  const parentPid = process.ppid;
  setInterval(() => {
    if (process.ppid !== parentPid) stop("npm went away");
  }, 1_000).unref();
  wrangler.on("exit", (code, signal) => {
    // Whatever wrangler left behind in its group (a workerd that outlived it) goes with it.
    signalGroup(wrangler, "SIGKILL");
    if (!stopping) console.error(`wrangler dev exited (${signal ?? `exit code ${code}`}).`);
    process.exit(stopping ? 0 : (code ?? 1));
  });
  return wrangler;
}

async function loadDemoIfEmpty() {
  const counts = await countStoredItems();
  const stored = counts.publications + counts.briefings + counts.lay_summaries;
  if (stored > 0) {
    console.log(`The local database already holds ${stored} items, so the demo collection was not loaded.`);
    return;
  }
  console.log("The local database is empty: loading the demo collection through the API...");
  const loaded = await loadDemoCollection(BASE_URL);
  console.log(`Demo collection loaded: ${loaded.publications} publications, ${loaded.briefings} briefings, ${loaded.laySummaries} lay summaries.`);
}

if (await isAnswering(BASE_URL)) {
  console.error(`Something already answers at ${BASE_URL}: is another 'npm start' still running? ('pgrep -fa workerd' shows it.)`);
  process.exit(1);
}
try {
  await applyLocalMigrations();
} catch (error) {
  console.error(`Could not migrate the local database: ${error.message}`);
  process.exit(1);
}

const wrangler = startWrangler();
if (await waitUntilAnswering(BASE_URL, wrangler)) {
  try {
    await loadDemoIfEmpty();
  } catch (error) {
    console.error(`\nLoading the demo collection failed (the server keeps running):\n  ${error.message}\n`);
  }
  console.log(`\nThe repository is running at ${BASE_URL}`);
  console.log(`For an API token: npm run token -- --role editor --name "Your name"`);
  console.log("Press Ctrl-C to stop.\n");
} else if (wrangler.exitCode === null) {
  console.error(`\n${BASE_URL} did not answer within ${READY_TIMEOUT_MS / 1000} s: the demo collection was not loaded. wrangler dev keeps running.`);
}
