// Controlled vocabularies shared by the schema and validation: lifecycle statuses, roles and kinds of item.

export const LIFECYCLE_STATUSES = ["draft", "submitted", "published", "withdrawn"] as const;
export type LifecycleStatus = (typeof LIFECYCLE_STATUSES)[number];

/** depositor < editor < admin: each role can do everything the one before it can. */
export const ROLES = ["depositor", "editor", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** The three kinds of item, as they appear in URLs (`/api/lay-summaries`). */
export const ITEM_KINDS = ["publications", "briefings", "lay-summaries"] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];
