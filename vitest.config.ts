// Tests run inside the real workerd runtime against a migrated local D1 (migrations applied in test/apply-migrations.ts).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

/**
 * The real-world BibTeX corpus beside the repository: absent on a fresh clone, always present in CI
 * (docs/architecture.md, "Tests and fixtures").
 */
const SHARED_BIB_DIR = path.resolve(import.meta.dirname, "../shared/bib");

function readSharedBibFiles(): Record<string, string> {
  if (!existsSync(SHARED_BIB_DIR)) return {};
  const files: Record<string, string> = {};
  for (const name of readdirSync(SHARED_BIB_DIR).filter((n) => n.endsWith(".bib")).sort()) {
    files[name] = readFileSync(path.join(SHARED_BIB_DIR, name), "utf8");
  }
  return files;
}

export default defineConfig({
  plugins: [
    cloudflareTest(async () => ({
      wrangler: { configPath: "./wrangler.toml" },
      miniflare: {
        bindings: {
          TEST_MIGRATIONS: await readD1Migrations(path.join(import.meta.dirname, "schema/migrations")),
          SHARED_BIB_FILES: JSON.stringify(readSharedBibFiles()),
          // Small enough that the sitemap tests see it split into an index without depositing 50,000 items.
          SITEMAP_URLS_PER_FILE: "100",
          // A secret in production (`wrangler secret put`); a fixed one here, so tests can sign tokens of their own.
          OAI_TOKEN_SECRET: "test-only-oai-token-secret-0123456789abcdef",
        },
      },
    })),
  ],
  test: {
    setupFiles: ["./test/apply-migrations.ts"],
    include: ["test/unit/**/*.test.ts", "test/integration/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
