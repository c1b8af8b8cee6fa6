// `npm start`: migrate the local D1, serve the Worker with `wrangler dev`, and load the demo collection into an empty database.
import { countStoredItems, loadDemoCollection } from "./demo-collection.mjs";
import { isAnswering, READY_TIMEOUT_MS, signalGroup, startDevServer } from "./dev-server.mjs";
import { applyLocalMigrations } from "./local-d1.mjs";

const PORT = 8787;
const BASE_URL = `http://127.0.0.1:${PORT}/`;

function startWrangler() {
  const server = startDevServer({ port: PORT });
  const wrangler = server.child;
  let stopping = false;
  const stop = (reason) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${reason}: stopping wrangler dev.`);
    server.stop();
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
  return server;
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

const server = startWrangler();
if (await server.ready) {
  try {
    await loadDemoIfEmpty();
  } catch (error) {
    console.error(`\nLoading the demo collection failed (the server keeps running):\n  ${error.message}\n`);
  }
  console.log(`\nThe repository is running at ${BASE_URL}`);
  console.log(`For an API token: npm run token -- --role editor --name "Your name"`);
  console.log("Press Ctrl-C to stop.\n");
} else if (server.child.exitCode === null) {
  console.error(`\n${BASE_URL} did not answer within ${READY_TIMEOUT_MS / 1000} s: the demo collection was not loaded. wrangler dev keeps running.`);
}
