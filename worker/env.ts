// The Worker's bindings (wrangler.toml) and the per-request variables middleware sets.
import type { Role } from "../schema/vocabularies";

export type CitationJob = { publicationIds: string[] };

export type Bindings = {
  DB: D1Database;
  CITATION_QUEUE: Queue<CitationJob>;
  SITE_NAME: string;
};

/** Who is calling, once a bearer token has been checked; absent for anonymous readers. */
export type Caller = { tokenId: number; name: string; role: Role };

export type Variables = {
  caller: Caller | undefined;
  requestId: string;
};

export type AppEnv = { Bindings: Bindings; Variables: Variables };
