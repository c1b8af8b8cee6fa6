// The Worker's bindings (wrangler.toml) and the per-request variables middleware sets.
import type { Role } from "../schema/vocabularies";

export type CitationJob = { publicationIds: string[] };

export type Bindings = {
  DB: D1Database;
  CITATION_QUEUE: Queue<CitationJob>;
  SITE_NAME: string;
  /** Where harvesters write about problems (OAI-PMH Identify). */
  ADMIN_EMAIL: string;
  /** The domain name in this repository's OAI identifiers: `oai:<it>:publications/<id>`. Never change it once harvested. */
  OAI_REPOSITORY_IDENTIFIER: string;
  /** URLs per sitemap file; past this the sitemap becomes an index of several (the protocol's limit is 50,000). */
  SITEMAP_URLS_PER_FILE: string;
};

/** Who is calling, once a bearer token has been checked; absent for anonymous readers. */
export type Caller = { tokenId: number; name: string; role: Role };

export type Variables = {
  caller: Caller | undefined;
  requestId: string;
};

export type AppEnv = { Bindings: Bindings; Variables: Variables };
