// Controlled vocabularies shared by the schema and validation: lifecycle statuses, roles and kinds of item.

export const LIFECYCLE_STATUSES = ["draft", "submitted", "published", "withdrawn"] as const;
export type LifecycleStatus = (typeof LIFECYCLE_STATUSES)[number];

/** depositor < editor < admin: each role can do everything the one before it can. */
export const ROLES = ["depositor", "editor", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** `api`: a token someone holds; `desk`: the hidden token a person's browser sessions act through. */
export const TOKEN_PURPOSES = ["api", "desk"] as const;

/** The three kinds of item, as they appear in URLs (`/api/lay-summaries`). */
export const ITEM_KINDS = ["publications", "briefings", "lay-summaries"] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

/** Each kind's name as readers see it, one and many: page headings, search results, feed titles, OAI-PMH set names. */
export const ITEM_KIND_NAMES: Record<ItemKind, { one: string; many: string }> = {
  publications: { one: "Publication", many: "Publications" },
  briefings: { one: "Policy briefing", many: "Policy briefings" },
  "lay-summaries": { one: "Plain-language summary", many: "Plain-language summaries" },
};

/** What can happen to a publication a briefing rests on that readers of the briefing must be told. */
export const EVIDENCE_CHANGES = ["withdrawn", "corrected"] as const;
export type EvidenceChange = (typeof EVIDENCE_CHANGES)[number];
