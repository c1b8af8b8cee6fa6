// `npm start`: migrate the local D1, serve the Worker with `wrangler dev`, and load the demo collection into an empty database.
import { countStoredItems, loadDemoCollection } from "./demo-collection.mjs";
import { isAnswering, READY_TIMEOUT_MS, startDevServer } from "./dev-server.mjs";
import { applyLocalMigrations, signalGroup, stopWranglerCommands } from "./local-d1.mjs";

const DEFAULT_PORT = 8787;

/** PORT from the environment, or 8787; anything but a whole number from 1 to 65535 stops here, before wrangler starts. */
function readPort(value) {
  if (value === undefined || value.trim() === "") return DEFAULT_PORT;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`PORT must be a whole number from 1 to 65535, not '${value}'.`);
    process.exit(1);
  }
  return port;
}

const PORT = readPort(process.env.PORT);
const BASE_URL = `http://127.0.0.1:${PORT}/`;

/** Set once wrangler dev has been started; until then stopping only has the short wrangler commands to end. */
let server;
let stopping = false;

/**
 * wrangler dev runs in a process group of its own, which no terminal signal reaches: whatever stops this script has to
 * stop that group, or wrangler and workerd go on serving the port. Closing the terminal sends SIGHUP.
 */
function stop(reason) {
  if (stopping) return;
  stopping = true;
  stopWranglerCommands();
  if (!server) process.exit(0);
  server.stop();
  console.log(`\n${reason}: stopping wrangler dev.`);
}

// After a hangup the terminal is gone and every write to it fails: that must not kill this script before wrangler stops.
process.stdout.on("error", () => {});
process.stderr.on("error", () => {});
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => stop(signal));
// npm runs this under `sh -c`, and a SIGTERM sent to npm kills that shell but never reaches this process.
const parentPid = process.ppid;
setInterval(() => {
  if (process.ppid !== parentPid) stop("npm went away");
}, 1_000).unref();

function startWrangler() {
  const started = startDevServer({ port: PORT });
  const wrangler = started.child;
  wrangler.on("exit", (code, signal) => {
    // Whatever wrangler left behind in its group (a workerd that outlived it) goes with it.
    signalGroup(wrangler, "SIGKILL");
    stopWranglerCommands();
    if (!stopping) console.error(`wrangler dev exited (${signal ?? `exit code ${code}`}).`);
    process.exit(stopping ? 0 : (code ?? 1));
  });
  return started;
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
  console.error(`Something already answers at ${BASE_URL}: is another 'npm start' still running? ('pgrep -fa workerd' shows it; PORT=<another> npm start serves elsewhere.)`);
  process.exit(1);
}
if (process.env.PERSIST_TO) console.log(`The local database is in ${process.env.PERSIST_TO} (PERSIST_TO).`);
try {
  await applyLocalMigrations();
} catch (error) {
  console.error(`Could not migrate the local database: ${error.message}`);
  process.exit(1);
}

server = startWrangler();
if (await server.ready) {
  try {
    await loadDemoIfEmpty();
  } catch (error) {
    // Stopping kills the loader's wrangler commands: that failure is no news.
    if (!stopping) console.error(`\nLoading the demo collection failed (the server keeps running):\n  ${error.message}\n`);
  }
  if (!stopping) {
    console.log(`\nThe repository is running at ${BASE_URL}`);
    console.log(`For an API token: npm run token -- --role editor --name "Your name"`);
    console.log("Press Ctrl-C to stop.\n");
  }
} else if (server.child.exitCode === null && !stopping) {
  console.error(`\n${BASE_URL} did not answer within ${READY_TIMEOUT_MS / 1000} s: the demo collection was not loaded. wrangler dev keeps running.`);
}
