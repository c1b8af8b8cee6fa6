// Tests that run in Node against the real Worker (wrangler's startWorker): the browser tests, driven in Debian's headless
// Chromium against their own fresh D1 holding the demo collection (started in global-setup.ts), and the scripts' tests
// (test/scripts), which start their own servers.
import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    root: path.resolve(import.meta.dirname, ".."),
    include: ["browser/**/*.test.ts", "scripts/**/*.test.ts"],
    globalSetup: ["./browser/global-setup.ts"],
    // Generous: CI runs these cold, on a shared 2-core machine, and one test walks several pages with axe.
    testTimeout: 180_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
