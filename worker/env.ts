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
  /** Signs OAI-PMH resumption tokens (HMAC-SHA-256): a secret (`wrangler secret put`), never in wrangler.toml. */
  OAI_TOKEN_SECRET?: string;
  /** URLs per sitemap file; past this the sitemap becomes an index of several (the protocol's limit is 50,000). */
  SITEMAP_URLS_PER_FILE: string;
  /** Limits sign-in, invitation and passkey attempts per address (worker/desk/rate-limit.ts). */
  DESK_RATE_LIMIT: RateLimit;
  /** Refused bearer tokens per client address (worker/auth/rate-limits.ts). */
  AUTH_FAILURE_RATE_LIMIT: RateLimit;
  /** Deposits per token, the API's and the desk's, dry runs included. */
  DEPOSIT_RATE_LIMIT: RateLimit;
  /** Other writes (POST, PUT, PATCH, DELETE) per token. */
  WRITE_RATE_LIMIT: RateLimit;
};

/**
 * Who is calling, once a bearer token or a desk session has been checked; absent for anonymous readers. `tokenId` is
 * the token acted through (a signed-in person's hidden desk token); `accountId` the person, when the token has one:
 * what a person owns is what any of their tokens created.
 */
export type Caller = { tokenId: number; accountId: number | null; name: string; role: Role };

/** A signed-in browser: its person, and the secret its forms carry back (worker/desk/sessions.ts). */
export type DeskSession = { sessionId: number; accountId: number; csrf: string; expiresAt: string };

export type Variables = {
  caller: Caller | undefined;
  /** Set on desk pages for a signed-in browser. */
  session: DeskSession | undefined;
  requestId: string;
};

export type AppEnv = { Bindings: Bindings; Variables: Variables };
