// The content model in D1: the single source of truth for every table (drizzle-kit generates migrations from it).
import { sql } from "drizzle-orm";
import { type AnySQLiteColumn, check, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { EQUITY_FACET_SLUGS } from "./equity-vocabulary";
import { EVIDENCE_CHANGES, ITEM_KINDS, LIFECYCLE_STATUSES, ROLES, TOKEN_PURPOSES } from "./vocabularies";

/** Timestamps are ISO 8601 strings in UTC (`2026-11-25T20:00:00.000Z`), so they sort and compare as text. */
const timestamps = {
  createdAt: text("created_at").notNull(),
  updatedAt: text("updated_at").notNull(),
};

/**
 * The lifecycle every item shares: draft → submitted → published → withdrawn.
 * A published item with `publish_at` in the future is embargoed: out of every public view until then.
 * A withdrawn item is never deleted: it keeps a tombstone with the reason.
 */
const lifecycle = {
  status: text("status", { enum: LIFECYCLE_STATUSES }).notNull(),
  publishAt: text("publish_at"),
  withdrawnAt: text("withdrawn_at"),
  withdrawalReason: text("withdrawal_reason"),
  createdBy: integer("created_by").references(() => apiTokens.id),
};

export const topics = sqliteTable("topics", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  description: text("description").notNull(),
});

export const people = sqliteTable(
  "people",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    /** Lower-case, accent-free "family, given initials": how deposits recognise a person they already know. */
    nameKey: text("name_key").notNull(),
    orcid: text("orcid"),
    affiliation: text("affiliation"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [uniqueIndex("people_name_key").on(t.nameKey), uniqueIndex("people_orcid").on(t.orcid)],
);

export const publications = sqliteTable(
  "publications",
  {
    id: text("id").primaryKey(),
    /** CSL item type: article-journal, book, chapter, report, thesis, ... */
    type: text("type").notNull(),
    /**
     * An entry deposited without a title (older physics papers are cited by journal, volume and page) is shown by its
     * titleaddon, booktitle or note, else "Untitled", and its deposit report says so; null only in records deposited
     * before that rule. `titleKey` stays null for such a stand-in.
     */
    title: text("title"),
    /**
     * The title as the deposit marked it up (italics, bold, sub- and superscripts, small caps), as sanitised HTML that
     * holds only `i`, `b`, `sub`, `sup` and `span class="small-caps"`; null when the title is plain text. `title` is
     * the plain text everything else (search, feeds, OAI-PMH, RIS, `<title>`) uses.
     */
    titleHtml: text("title_html"),
    /** Lower-case, accent- and punctuation-free title: half of the title-plus-year duplicate check; null without a title. */
    titleKey: text("title_key"),
    containerTitle: text("container_title"),
    /** The issued date as far as it is known: `2020`, `2020-03` or `2020-03-14`. */
    issued: text("issued"),
    issuedYear: integer("issued_year"),
    volume: text("volume"),
    issue: text("issue"),
    pages: text("pages"),
    publisher: text("publisher"),
    /** The bare DOI (no `https://doi.org/` prefix) in the case it was deposited; compared in lower case. */
    doi: text("doi"),
    url: text("url"),
    abstract: text("abstract"),
    /** The abstract's marked-up form, as `titleHtml` is the title's; null when the abstract is plain text. */
    abstractHtml: text("abstract_html"),
    /** JSON array of strings. */
    keywords: text("keywords").notNull().default("[]"),
    language: text("language"),
    licence: text("licence"),
    /** The CSL-JSON item every citation is rendered from. */
    csl: text("csl").notNull(),
    bibtexKey: text("bibtex_key"),
    /** The entry exactly as deposited. */
    bibtex: text("bibtex"),
    depositId: text("deposit_id").references(() => deposits.id),
    /**
     * The work this record is, as the database holds it to once-only (worker/deposit/same-work.ts, `workKey`): from
     * the DOI, or from title, year, kind and first author's family name when there is no DOI. Null where the duplicate
     * rules could not call two such records one work, for a record an edit has retitled, and for a duplicate stored
     * before migration 0007.
     */
    workKey: text("work_key"),
    ...lifecycle,
    ...timestamps,
  },
  (t) => [
    uniqueIndex("publications_work_key").on(t.workKey),
    // Not unique: chapters of one book carry the book's DOI. On lower(doi): DOIs are case-insensitive.
    index("publications_doi_lower").on(sql`lower(${t.doi})`),
    index("publications_title_key").on(t.titleKey),
    index("publications_status").on(t.status, t.publishAt),
  ],
);

export const publicationAuthors = sqliteTable(
  "publication_authors",
  {
    publicationId: text("publication_id")
      .notNull()
      .references(() => publications.id),
    personId: text("person_id")
      .notNull()
      .references(() => people.id),
    position: integer("position").notNull(),
  },
  (t) => [primaryKey({ columns: [t.publicationId, t.position] }), index("publication_authors_person").on(t.personId)],
);

/** Citations are rendered once (in the background) and stored: never rendered on a hot read path. */
export const citations = sqliteTable(
  "citations",
  {
    publicationId: text("publication_id")
      .notNull()
      .references(() => publications.id),
    style: text("style").notNull(),
    /** The citation; "" when it could not be rendered. */
    body: text("body").notNull(),
    /** Why this style could not be rendered for this publication (citation-js's words); null when it was. */
    error: text("error"),
    renderedAt: text("rendered_at").notNull(),
  },
  // Pages' validators read max(rendered_at) on every version read (worker/db/data-version.ts): an index keeps it a seek.
  (t) => [primaryKey({ columns: [t.publicationId, t.style] }), index("citations_rendered_at").on(t.renderedAt)],
);

export const briefings = sqliteTable(
  "briefings",
  {
    id: text("id").primaryKey(),
    title: text("title").notNull(),
    summary: text("summary").notNull(),
    /** JSON array of strings, most important first. */
    keyMessages: text("key_messages").notNull().default("[]"),
    /** Markdown. */
    body: text("body").notNull(),
    audience: text("audience").notNull(),
    language: text("language").notNull().default("en"),
    ...lifecycle,
    ...timestamps,
  },
  (t) => [index("briefings_status").on(t.status, t.publishAt)],
);

export const briefingPublications = sqliteTable(
  "briefing_publications",
  {
    briefingId: text("briefing_id")
      .notNull()
      .references(() => briefings.id),
    publicationId: text("publication_id")
      .notNull()
      .references(() => publications.id),
    position: integer("position").notNull(),
  },
  (t) => [primaryKey({ columns: [t.briefingId, t.publicationId] })],
);

export const laySummaries = sqliteTable(
  "lay_summaries",
  {
    id: text("id").primaryKey(),
    publicationId: text("publication_id")
      .notNull()
      .references(() => publications.id),
    /** BCP 47 language tag: `en`, `cy`, `ur-PK`. One lay summary per publication and language. */
    language: text("language").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    /** Computed on save for English text; null for other languages. */
    fleschReadingEase: real("flesch_reading_ease"),
    fleschKincaidGrade: real("flesch_kincaid_grade"),
    ...lifecycle,
    ...timestamps,
  },
  (t) => [
    uniqueIndex("lay_summaries_publication_language").on(t.publicationId, t.language),
    index("lay_summaries_status").on(t.status, t.publishAt),
  ],
);

export const publicationTopics = sqliteTable(
  "publication_topics",
  {
    publicationId: text("publication_id")
      .notNull()
      .references(() => publications.id),
    topicId: integer("topic_id")
      .notNull()
      .references(() => topics.id),
  },
  (t) => [primaryKey({ columns: [t.publicationId, t.topicId] }), index("publication_topics_topic").on(t.topicId)],
);

export const briefingTopics = sqliteTable(
  "briefing_topics",
  {
    briefingId: text("briefing_id")
      .notNull()
      .references(() => briefings.id),
    topicId: integer("topic_id")
      .notNull()
      .references(() => topics.id),
  },
  (t) => [primaryKey({ columns: [t.briefingId, t.topicId] }), index("briefing_topics_topic").on(t.topicId)],
);

export const laySummaryTopics = sqliteTable(
  "lay_summary_topics",
  {
    laySummaryId: text("lay_summary_id")
      .notNull()
      .references(() => laySummaries.id),
    topicId: integer("topic_id")
      .notNull()
      .references(() => topics.id),
  },
  (t) => [primaryKey({ columns: [t.laySummaryId, t.topicId] }), index("lay_summary_topics_topic").on(t.topicId)],
);

export const deposits = sqliteTable("deposits", {
  id: text("id").primaryKey(),
  tokenId: integer("token_id")
    .notNull()
    .references(() => apiTokens.id),
  created: integer("created").notNull(),
  duplicates: integer("duplicates").notNull(),
  failed: integer("failed").notNull(),
  createdAt: text("created_at").notNull(),
});

/** Only a SHA-256 hash of each token is kept; `prefix` (shown to people) names a token for revocation. */
export const apiTokens = sqliteTable(
  "api_tokens",
  {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull(),
  role: text("role", { enum: ROLES }).notNull(),
  prefix: text("prefix").notNull().unique(),
  hash: text("hash").notNull().unique(),
  createdAt: text("created_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
  revokedAt: text("revoked_at"),
  /** The person the token acts for (null for tokens made before people could sign in). */
  accountId: integer("account_id").references((): AnySQLiteColumn => accounts.id),
  /** After this the token answers 401. Null: no expiry (tokens made with `npm run token`). */
  expiresAt: text("expires_at"),
  /**
   * `api` for a token a person or program holds; `desk` for the one each person acts through in the browser, never
   * shown to anyone: items, deposits and the audit log name a token, so the desk and the API share one trail.
   */
  purpose: text("purpose", { enum: TOKEN_PURPOSES }).notNull().default("api"),
  },
  (t) => [index("api_tokens_account").on(t.accountId)],
);

/** People who sign in to the desk. Their email is for invitations and notices only, never shown publicly. */
export const accounts = sqliteTable("accounts", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull(),
  email: text("email").notNull().unique(),
  role: text("role", { enum: ROLES }).notNull(),
  orcid: text("orcid"),
  createdAt: text("created_at").notNull(),
  /** A person whose access an admin ended: their sessions, passkeys and tokens no longer work. */
  disabledAt: text("disabled_at"),
});

/** A single-use link that lets an invited person register a passkey; only its hash is kept. */
export const invitations = sqliteTable("invitations", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  accountId: integer("account_id")
    .notNull()
    .references(() => accounts.id),
  hash: text("hash").notNull().unique(),
  invitedBy: text("invited_by").notNull(),
  createdAt: text("created_at").notNull(),
  expiresAt: text("expires_at").notNull(),
  usedAt: text("used_at"),
});

/** A registered WebAuthn credential: its public key and signature counter (base64url). */
export const passkeys = sqliteTable(
  "passkeys",
  {
    id: text("id").primaryKey(),
    accountId: integer("account_id")
      .notNull()
      .references(() => accounts.id),
    publicKey: text("public_key").notNull(),
    counter: integer("counter").notNull(),
    /** JSON array of the authenticator's transports ("internal", "usb", "hybrid" …). */
    transports: text("transports").notNull().default("[]"),
    createdAt: text("created_at").notNull(),
    lastUsedAt: text("last_used_at"),
  },
  (t) => [index("passkeys_account").on(t.accountId)],
);

/**
 * A signed-in browser: the cookie holds a random id, only its hash is stored. `csrf` is the secret every form of the
 * session carries back. Ended at sign-out (server-side), or by expiry.
 */
export const sessions = sqliteTable(
  "sessions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    hash: text("hash").notNull().unique(),
    accountId: integer("account_id")
      .notNull()
      .references(() => accounts.id),
    csrf: text("csrf").notNull(),
    createdAt: text("created_at").notNull(),
    expiresAt: text("expires_at").notNull(),
    endedAt: text("ended_at"),
  },
  (t) => [index("sessions_account").on(t.accountId)],
);

/** A WebAuthn challenge waiting for its answer: single use, a few minutes long, tied to the browser by a cookie. */
export const passkeyChallenges = sqliteTable("passkey_challenges", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  hash: text("hash").notNull().unique(),
  challenge: text("challenge").notNull(),
  /** The invitation being accepted, for a registration; null for a sign-in. */
  invitationId: integer("invitation_id").references(() => invitations.id),
  expiresAt: text("expires_at").notNull(),
  usedAt: text("used_at"),
});

/** Every change: who, what, when. Append-only. */
/**
 * Always empty: a compare-and-set write puts `changes()` of its guarded UPDATE here, so an UPDATE that found the item
 * no longer as expected (another request changed it first) fails the CHECK and rolls its whole batch back
 * (worker/records/lifecycle.ts, `guardChanged`).
 */
export const writeGuards = sqliteTable("write_guards", { changed: integer("changed").notNull() }, () => [
  check("item_changed_by_another_request", sql`changed = 1`),
]);

export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: text("at").notNull(),
    tokenId: integer("token_id").references(() => apiTokens.id),
    actor: text("actor").notNull(),
    action: text("action").notNull(),
    kind: text("kind").notNull(),
    itemId: text("item_id").notNull(),
    /** JSON: the fields changed, a reason, counts. */
    detail: text("detail").notNull().default("{}"),
  },
  (t) => [index("audit_log_item").on(t.kind, t.itemId)],
);

/**
 * One row per item (publication, briefing or lay summary): the text search reads, the filters and facets it applies,
 * and the lifecycle columns that decide visibility at query time (an embargo ends without any write). Rebuilt from
 * the item's own tables in the same batch as every write (worker/records/search-documents.ts); the FTS5 table
 * `search_fts` indexes it as external content, kept in step by triggers (migration 0003).
 */
export const searchDocuments = sqliteTable(
  "search_documents",
  {
    /** The FTS5 rowid. */
    id: integer("id").primaryKey({ autoIncrement: true }),
    // The short columns every search reads for each match come first, the text last: SQLite reads a row's columns in
    // order, and a long abstract before them would cost a walk past it (or into overflow pages) for every match.
    kind: text("kind", { enum: ITEM_KINDS }).notNull(),
    status: text("status", { enum: LIFECYCLE_STATUSES }).notNull(),
    publishAt: text("publish_at"),
    /**
     * A lay summary's publication's lifecycle (null for other kinds): its document holds that publication's title
     * and authors, so it is only shown while the publication is public too.
     */
    parentStatus: text("parent_status", { enum: LIFECYCLE_STATUSES }),
    parentPublishAt: text("parent_publish_at"),
    year: integer("year"),
    language: text("language"),
    /** What "newest" sorts by: a publication's issued date, else when the item was published. */
    sortDate: text("sort_date").notNull(),
    /** JSON arrays: the item's topic ids and author person ids. */
    topicIds: text("topic_ids").notNull(),
    personIds: text("person_ids").notNull(),
    itemId: text("item_id").notNull().unique(),
    title: text("title").notNull(),
    /** Author names in order, joined by "; " (a lay summary has its publication's authors). */
    people: text("people").notNull(),
    /** Keywords, topic names, journal or publisher: short words that say what the item is about. */
    subjects: text("subjects").notNull(),
    doi: text("doi").notNull(),
    /** An abstract; a briefing's summary, key messages and body; a lay summary's text. */
    body: text("body").notNull(),
    /**
     * When an item that had been public left public view for good: its withdrawal, or (for a lay summary) its
     * publication's. Null otherwise. Feeds keep such an item as withdrawn; OAI-PMH reports it as a deleted record.
     */
    withdrawnAt: text("withdrawn_at"),
    withdrawalReason: text("withdrawal_reason"),
    /**
     * When what harvesters see of the item last changed: its last edit, the end of its embargo, or (for a lay
     * summary) its publication's. The OAI-PMH datestamp.
     */
    changedAt: text("changed_at").notNull().default(""),
    /**
     * When the item last made news, the order feeds list it in: when it became public (its publish-at, or for a lay
     * summary its publication's if later), or when it was withdrawn. Null while it was never public.
     */
    newsAt: text("news_at"),
    /**
     * THE visibility rule as one value: when the item became public (for a lay summary, the later of its own publish-at
     * and its publication's), or null while it or its publication is not published. Public now is `public_from <= now`
     * (worker/records/public-documents.ts `isPublicNow`), so an embargo still ends on time without a write.
     */
    publicFrom: text("public_from").generatedAlwaysAs(
      sql`CASE WHEN status <> 'published' THEN NULL WHEN parent_status IS NULL THEN publish_at WHEN parent_status = 'published' THEN max(publish_at, parent_publish_at) END`,
      { mode: "virtual" },
    ),
  },
  (t) => [
    index("search_documents_public_from").on(t.publicFrom),
    index("search_documents_visible").on(t.status, t.publishAt),
    index("search_documents_sort_date").on(t.sortDate),
    index("search_documents_news_at").on(t.newsAt),
    index("search_documents_changed_at").on(t.changedAt, t.id),
  ],
);

/**
 * What every match of a search reads, and nothing more: one short row per search document (same id), copied from it
 * by triggers (migration 0008). A word in ten thousand items then reads ten thousand of these instead of ten thousand
 * rows carrying whole abstracts; titles, names and highlights are read for the page alone (worker/search/queries.ts).
 */
export const searchFilters = sqliteTable(
  "search_filters",
  {
    id: integer("id").primaryKey(),
    kind: text("kind", { enum: ITEM_KINDS }).notNull(),
    publicFrom: text("public_from"),
    year: integer("year"),
    language: text("language"),
    sortDate: text("sort_date").notNull(),
    topicIds: text("topic_ids").notNull(),
    /** Its kind, year, topics and language as one number (`search_facet_sets`): what facet counts group by. */
    facetSet: integer("facet_set").notNull().default(0),
  },
  (t) => [index("search_filters_sort_date").on(t.sortDate)],
);

/**
 * Each combination of kind, year, topics and language (in lower case) that some search document has, once: facet
 * counts group a search's matches by this id, then read the few hundred combinations, rather than sorting every match
 * by four text columns (for a word in 15,000 of 30,000 items, 5 ms against 12; SQLite CLI). Filled by the triggers of
 * migration 0009; a combination no document has any more stays, unread.
 */
export const searchFacetSets = sqliteTable(
  "search_facet_sets",
  {
    id: integer("id").primaryKey(),
    kind: text("kind", { enum: ITEM_KINDS }).notNull(),
    year: integer("year"),
    topicIds: text("topic_ids").notNull(),
    language: text("language"),
  },
  (t) => [uniqueIndex("search_facet_sets_combination").on(t.kind, sql`coalesce(${t.year}, -99999)`, t.topicIds, sql`coalesce(${t.language}, '')`)],
);

/**
 * The equity lens's tags (schema/equity-vocabulary.ts): one row per item, facet and value. A value an editor or a
 * deposit chose has `implied` 0; each broader value it implies (Greater Manchester: North West, England, United
 * Kingdom) has a row with `implied` 1, so filters, counts and the gap map read one value without walking the tree.
 * The view `item_equity_tags` (migration 0010) adds to each lay summary its publication's tags: what readers filter by.
 */
export const equityTags = sqliteTable(
  "equity_tags",
  {
    itemId: text("item_id").notNull(),
    kind: text("kind", { enum: ITEM_KINDS }).notNull(),
    facet: text("facet", { enum: EQUITY_FACET_SLUGS }).notNull(),
    value: text("value").notNull(),
    implied: integer("implied").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.facet, t.value] }), index("equity_tags_value").on(t.facet, t.value, t.itemId)],
);

/**
 * A change to a publication that a briefing rests on: its withdrawal, or a correction. Written in the same batch as
 * the change, one row per briefing citing it; shown on the briefing and in its feed item, and in the editors' queue
 * until an editor marks it reviewed.
 */
export const evidenceNotices = sqliteTable(
  "evidence_notices",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    briefingId: text("briefing_id")
      .notNull()
      .references(() => briefings.id),
    publicationId: text("publication_id")
      .notNull()
      .references(() => publications.id),
    change: text("change", { enum: EVIDENCE_CHANGES }).notNull(),
    /** The withdrawal's reason or the correction's note, as the editor gave it. */
    detail: text("detail").notNull(),
    at: text("at").notNull(),
    reviewedAt: text("reviewed_at"),
    reviewedBy: text("reviewed_by"),
  },
  (t) => [index("evidence_notices_briefing").on(t.briefingId, t.at), index("evidence_notices_reviewed").on(t.reviewedAt)],
);

/** A correction to a published publication: what was corrected, in the editor's words, shown on its page. */
export const publicationCorrections = sqliteTable(
  "publication_corrections",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    publicationId: text("publication_id")
      .notNull()
      .references(() => publications.id),
    note: text("note").notNull(),
    at: text("at").notNull(),
    actor: text("actor").notNull(),
  },
  (t) => [index("publication_corrections_publication").on(t.publicationId, t.at)],
);

/** Settings editors change in the desk, one row per key (the plain-language target reading age). */
export const settings = sqliteTable("settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  updatedAt: text("updated_at").notNull(),
  updatedBy: text("updated_by"),
});
