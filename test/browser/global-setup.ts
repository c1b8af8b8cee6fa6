// Starts the Worker once for all browser tests: a fresh D1 in a temporary folder, migrated, with the demo collection, an
// editor's API token and a signed-in admin whose session the tests invite people with.
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { createApiToken } from "../../scripts/api-tokens.mjs";
import { loadDemoCollection } from "../../scripts/demo-collection.mjs";
import { startWorkerServer } from "../../scripts/dev-server.mjs";
import { createInvitation } from "../../scripts/invitations.mjs";
import { applyLocalMigrations } from "../../scripts/local-d1.mjs";
import { CHROMIUM_PATH } from "./chromium";
import { signInWithInvitation } from "./passkey-sign-in";

/** BROWSER_TEST_PORT lets two runs of the browser tests share a machine. */
const PORT = Number(process.env.BROWSER_TEST_PORT ?? 8793);

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    /** The Worker's local D1 folder. Tests never write it from another process while the Worker runs: see below. */
    persistTo: string;
    /** An editor's API token, made before the Worker started. */
    editorToken: string;
    /** The `Cookie` header of a signed-in admin's desk session: tests invite people through /admin/people with it. */
    adminCookie: string;
  }
}

export default async function setup(project: TestProject) {
  if (!existsSync(CHROMIUM_PATH)) return;
  const persistTo = await mkdtemp(path.join(tmpdir(), "mhi-browser-"));
  await applyLocalMigrations(persistTo);
  // Written into the D1 by `wrangler d1 execute` before the Worker starts, never while it runs: in about one full run in
  // three, a page load right after such a write from a second process never finished (docs/architecture.md).
  const adminInvitation = await createInvitation({ name: "Browser tests admin", email: "browser-tests-admin@example.org", role: "admin" }, persistTo);
  const { token: editorToken } = await createApiToken({ name: "Browser tests editor", role: "editor" }, persistTo);
  // Through wrangler's startWorker with the inspector and file watching off, as the benchmarks: no reload when a source
  // file changes, and no inspector proxy posting every D1 answer to wrangler's node process (docs/architecture.md).
  const server = startWorkerServer({ port: PORT, persistTo, output: null });
  if (!(await server.ready)) {
    await server.stop();
    throw new Error("The Worker did not answer: the browser tests cannot run");
  }
  // Passkeys need a domain name, not 127.0.0.1 (test/browser/desk-session.ts deskUrl).
  const adminLink = new URL(`/invitations/${adminInvitation.secret}`, server.url);
  adminLink.hostname = "localhost";
  try {
    await loadDemoCollection(server.url, persistTo);
    project.provide("adminCookie", await signInWithInvitation(adminLink.href));
  } catch (error) {
    await server.stop();
    throw error;
  }
  project.provide("baseUrl", server.url);
  project.provide("persistTo", persistTo);
  project.provide("editorToken", editorToken);
  return async () => {
    await server.stop();
    await rm(persistTo, { recursive: true, force: true });
  };
}
