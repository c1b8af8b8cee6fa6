// The bindings that vitest.config.ts adds for tests, on top of the Worker's own.
import type { D1Migration } from "cloudflare:test";
import type { Bindings } from "../worker/env";

declare global {
  namespace Cloudflare {
    interface Env extends Bindings {
      TEST_MIGRATIONS: D1Migration[];
      /** JSON object: file name → text of each `.bib` file in ../shared/bib, or `{}` when that folder is absent. */
      SHARED_BIB_FILES: string;
    }
  }
}
