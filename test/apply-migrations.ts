// Setup for every test file: applies schema/migrations to the test's local D1 (a no-op when already applied).
import { applyD1Migrations, env } from "cloudflare:test";

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
