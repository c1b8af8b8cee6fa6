// Browser tests: the real Worker under `wrangler dev` with its own fresh D1 holding the demo collection, driven in
// Debian's headless Chromium (started in global-setup.ts).
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ["**/*.test.ts"],
    globalSetup: ["./global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
