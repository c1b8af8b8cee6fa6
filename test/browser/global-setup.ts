// Starts the Worker once for all browser tests: a fresh D1 in a temporary folder, migrated, with the demo collection.
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { loadDemoCollection } from "../../scripts/demo-collection.mjs";
import { startWorkerServer } from "../../scripts/dev-server.mjs";
import { applyLocalMigrations } from "../../scripts/local-d1.mjs";
import { CHROMIUM_PATH } from "./chromium";

/** BROWSER_TEST_PORT lets two runs of the browser tests share a machine. */
const PORT = Number(process.env.BROWSER_TEST_PORT ?? 8793);

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    /** The Worker's local D1 folder: a test can make itself a token there (scripts/api-tokens.mjs). */
    persistTo: string;
  }
}

export default async function setup(project: TestProject) {
  if (!existsSync(CHROMIUM_PATH)) return;
  const persistTo = await mkdtemp(path.join(tmpdir(), "mhi-browser-"));
  await applyLocalMigrations(persistTo);
  // Through wrangler's startWorker with the inspector and file watching off, as the benchmarks: no reload when a source
  // file changes, and no inspector proxy posting every D1 answer to wrangler's node process (docs/architecture.md).
  const server = startWorkerServer({ port: PORT, persistTo, output: null });
  if (!(await server.ready)) {
    await server.stop();
    throw new Error("The Worker did not answer: the browser tests cannot run");
  }
  await loadDemoCollection(server.url, persistTo);
  project.provide("baseUrl", server.url);
  project.provide("persistTo", persistTo);
  return async () => {
    await server.stop();
    await rm(persistTo, { recursive: true, force: true });
  };
}
