// The Worker through wrangler's startWorker API with the DevTools inspector off, in a process of its own.
// `wrangler dev` always runs an inspector proxy that turns on the runtime's Network domain: every D1 query, its whole
// answer base64-encoded, becomes an inspector event posted one by one to wrangler's node process, which under 50 clients
// falls behind until its connection to the proxy is lost and wrangler exits (docs/architecture.md, "Load").
// Run as `node scripts/worker-server.mjs <port> <persist folder>`; prints "ready <url>" once the Worker answers.
import { fileURLToPath } from "node:url";
import { unstable_startWorker } from "wrangler";
import { ensureDevSecrets } from "./dev-server.mjs";

const [port, persist] = process.argv.slice(2);
const CONFIG = fileURLToPath(new URL("../wrangler.toml", import.meta.url));

ensureDevSecrets();
const worker = await unstable_startWorker({
  config: CONFIG,
  // `wrangler dev` works this out from nodejs_compat and the compatibility date; startWorker leaves it unset.
  build: { nodejsCompatMode: "v2" },
  // The same layout as `wrangler dev --persist-to <persist>` (D1 under <persist>/v3), so scripts/local-d1.mjs reads it.
  dev: { inspector: false, server: { hostname: "127.0.0.1", port: Number(port) }, persist, watch: false, liveReload: false, logLevel: "warn" },
});
await worker.ready;
console.log(`ready ${(await worker.url).href}`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await worker.dispose();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
