// Policy briefings written by the centre: shaped for the API, created and edited with their topics and evidence.
import { and, eq, sql, type SQL } from "drizzle-orm";
import { z } from "@hono/zod-openapi";
import { briefings } from "../../schema/tables";
import { asJsonParameter, nowIso, type Database, readBatch, runBatch, type Statement } from "../db/client";
import { newId } from "../db/ids";
import type { Caller } from "../env";
import { RepositoryError } from "../errors";
import { auditStatement, guardChanged, inIdOrder, lifecycleJson, newItemLifecycle, runCompareAndSet, seenByCaller, stillEditable } from "./lifecycle";
import { equityTagsForQuery, groupEquityTags, replaceEquityStatements, type EquityRow } from "./equity";
import { isPublicItem } from "./public-documents";
import { indexItemsStatements } from "./search-documents";
import type { BriefingCreate, BriefingJson, BriefingPatch } from "./schemas";
import { groupTopics, replaceTopicsStatements, resolveTopicIds, type TopicRow, topicsForQuery } from "./topics";

/** `showHidden`: list evidence that is not public (a draft, embargoed or withdrawn paper): for editors only. */
export async function loadBriefings(db: Database, ids: readonly string[], showHidden = false): Promise<BriefingJson[]> {
  if (ids.length === 0) return [];
  const queries = briefingQueries(sql`SELECT value FROM json_each(${asJsonParameter(ids)})`, showHidden ? null : nowIso());
  return shapeBriefings(ids, await readBatch<BriefingRows>(db, queries));
}

type EvidenceRow = { briefing_id: string; id: string; title: string | null };
export type BriefingRows = [Record<string, unknown>, EvidenceRow, TopicRow, EquityRow];

/**
 * The queries behind `loadBriefings` for the ids a one-column subquery names, for a caller that reads them in its own
 * batch; `publicAt` null lists hidden evidence too (editors only).
 */
export function briefingQueries(ids: SQL, publicAt: string | null): [SQL, SQL, SQL, SQL] {
  return [
    sql`SELECT * FROM briefings WHERE id IN (${ids})`,
    sql`SELECT bp.briefing_id, p.id, p.title FROM briefing_publications AS bp JOIN publications AS p ON p.id = bp.publication_id
        WHERE bp.briefing_id IN (${ids})
          AND ${publicAt === null ? sql`1` : isPublicItem(sql`p.id`, publicAt)}
        ORDER BY bp.briefing_id, bp.position`,
    topicsForQuery("briefings", ids),
    equityTagsForQuery(ids),
  ];
}

export function shapeBriefings(
  ids: readonly string[],
  [rows, evidence, topicRows, equityRows]: [Record<string, unknown>[], EvidenceRow[], TopicRow[], EquityRow[]],
): BriefingJson[] {
  const topics = groupTopics(topicRows);
  const equity = groupEquityTags(equityRows);
  const evidenceBy = new Map<string, { id: string; title: string | null }[]>();
  for (const e of evidence) evidenceBy.set(e.briefing_id, [...(evidenceBy.get(e.briefing_id) ?? []), { id: e.id, title: e.title }]);
  return inIdOrder(ids, rows).map((r) => ({
      kind: "briefing" as const,
      id: r.id as string,
      title: r.title as string,
      summary: r.summary as string,
      key_messages: JSON.parse(r.key_messages as string) as string[],
      body: r.body as string,
      audience: r.audience as string,
      language: r.language as string,
      publications: evidenceBy.get(r.id as string) ?? [],
      topics: topics.get(r.id as string) ?? [],
      equity: equity.get(r.id as string) ?? {},
      ...lifecycleJson(r),
    }));
}

/**
 * 422 naming the ids that are not publications here: a briefing rests only on evidence the repository holds. Another
 * depositor's paper that is not public is answered as one that does not exist, so the answer tells nothing of it;
 * evidence the briefing already cites (an editor may have added a paper under review) may stay.
 */
async function checkPublicationIds(db: Database, ids: readonly string[], caller: Caller, briefingId?: string): Promise<void> {
  if (ids.length === 0) return;
  const found = await db.all<{ id: string }>(
    sql`SELECT id FROM publications WHERE id IN (SELECT value FROM json_each(${asJsonParameter(ids)}))
      AND (${seenByCaller("publications", caller, nowIso())} OR id IN (SELECT publication_id FROM briefing_publications WHERE briefing_id = ${briefingId ?? ""}))`,
  );
  const known = new Set(found.map((r) => r.id));
  const missing = ids.filter((id) => !known.has(id));
  if (missing.length > 0) {
    throw new RepositoryError("invalid", `No publication with id ${missing.map((id) => `'${id}'`).join(", ")}: a briefing can only cite publications held here.`, {
      errors: missing.map((id) => ({ path: "publication_ids", message: `unknown publication '${id}'` })),
    });
  }
}

function evidenceStatements(briefingId: string, publicationIds: readonly string[]): Statement[] {
  return [
    sql`DELETE FROM briefing_publications WHERE briefing_id = ${briefingId}`,
    sql`INSERT INTO briefing_publications (briefing_id, publication_id, position)
        SELECT ${briefingId}, value, key FROM json_each(${asJsonParameter([...new Set(publicationIds)])})`,
  ];
}

export async function createBriefing(db: Database, input: z.infer<typeof BriefingCreate>, caller: Caller): Promise<string> {
  const publicationIds = input.publication_ids ?? [];
  await checkPublicationIds(db, publicationIds, caller);
  const topicIds = await resolveTopicIds(db, input.topics ?? []);
  const id = newId();
  const now = nowIso();
  await runBatch(db, [
    db.insert(briefings).values({
      id,
      title: input.title,
      summary: input.summary,
      keyMessages: JSON.stringify(input.key_messages ?? []),
      body: input.body,
      audience: input.audience,
      language: input.language ?? "en",
      ...newItemLifecycle(input, caller, now),
    }),
    ...evidenceStatements(id, publicationIds),
    ...replaceTopicsStatements("briefings", id, topicIds),
    ...replaceEquityStatements("briefings", id, input.equity ?? {}),
    auditStatement(db, { caller, action: "create", kind: "briefings", itemId: id, detail: { status: input.status ?? "draft" } }, now),
    ...indexItemsStatements("briefings", [id]),
  ]);
  return id;
}

export async function updateBriefing(db: Database, id: string, patch: z.infer<typeof BriefingPatch>, caller: Caller): Promise<void> {
  if (patch.publication_ids) await checkPublicationIds(db, patch.publication_ids, caller, id);
  const topicIds = patch.topics === undefined ? undefined : await resolveTopicIds(db, patch.topics);
  const now = nowIso();
  const changes: Partial<typeof briefings.$inferInsert> = { updatedAt: now };
  if (patch.title !== undefined) changes.title = patch.title;
  if (patch.summary !== undefined) changes.summary = patch.summary;
  if (patch.key_messages !== undefined) changes.keyMessages = JSON.stringify(patch.key_messages);
  if (patch.body !== undefined) changes.body = patch.body;
  if (patch.audience !== undefined) changes.audience = patch.audience;
  if (patch.language !== undefined) changes.language = patch.language;
  if (patch.status !== undefined) changes.status = patch.status;
  if (patch.publish_at !== undefined) changes.publishAt = patch.publish_at;
  await runCompareAndSet(db, "briefings", id, [
    db.update(briefings).set(changes).where(and(eq(briefings.id, id), stillEditable(caller, patch, now))),
    guardChanged(),
    ...(patch.publication_ids === undefined ? [] : evidenceStatements(id, patch.publication_ids)),
    ...(topicIds === undefined ? [] : replaceTopicsStatements("briefings", id, topicIds)),
    ...(patch.equity === undefined ? [] : replaceEquityStatements("briefings", id, patch.equity)),
    auditStatement(db, { caller, action: "update", kind: "briefings", itemId: id, detail: { fields: Object.keys(patch) } }, now),
    ...indexItemsStatements("briefings", [id]),
  ]);
}
