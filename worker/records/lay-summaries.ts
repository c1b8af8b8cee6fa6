// Plain-language summaries of publications, one per language, scored for readability on every save.
import { and, eq, sql, type SQL } from "drizzle-orm";
import { z } from "@hono/zod-openapi";
import { laySummaries } from "../../schema/tables";
import { asJsonParameter, nowIso, type Database, readBatch, runBatch } from "../db/client";
import { newId } from "../db/ids";
import type { Caller } from "../env";
import { RepositoryError } from "../errors";
import { auditStatement, guardChanged, inIdOrder, lifecycleJson, newItemLifecycle, runCompareAndSet, seenByCaller, stillEditable } from "./lifecycle";
import { equityTagsForQuery, groupEquityTags, replaceEquityStatements, type EquityRow } from "./equity";
import { isPublicItem } from "./public-documents";
import { indexItemsStatements } from "./search-documents";
import { scoreReadabilityFor } from "./readability";
import type { LaySummaryCreate, LaySummaryJson, LaySummaryPatch } from "./schemas";
import { groupTopics, replaceTopicsStatements, resolveTopicIds, type TopicRow, topicsForQuery } from "./topics";

/** `showHidden`: name the summarised publication even when it is not public: for editors only. */
export async function loadLaySummaries(db: Database, ids: readonly string[], showHidden = false): Promise<LaySummaryJson[]> {
  if (ids.length === 0) return [];
  const queries = laySummaryQueries(sql`SELECT value FROM json_each(${asJsonParameter(ids)})`, showHidden ? null : nowIso());
  return shapeLaySummaries(ids, await readBatch<LaySummaryRows>(db, queries));
}

export type LaySummaryRows = [Record<string, unknown>, TopicRow, EquityRow];

/**
 * The queries behind `loadLaySummaries` for the ids a one-column subquery names, for a caller that reads them in its
 * own batch; `publicAt` null names a publication that is not public too (editors only).
 */
export function laySummaryQueries(ids: SQL, publicAt: string | null): [SQL, SQL, SQL] {
  return [
    sql`SELECT l.*, CASE WHEN ${publicAt === null ? sql`1` : isPublicItem(sql`p.id`, publicAt)} THEN p.title END AS publication_title
        FROM lay_summaries AS l JOIN publications AS p ON p.id = l.publication_id
        WHERE l.id IN (${ids})`,
    topicsForQuery("lay-summaries", ids),
    equityTagsForQuery(ids),
  ];
}

export function shapeLaySummaries(ids: readonly string[], [rows, topicRows, equityRows]: [Record<string, unknown>[], TopicRow[], EquityRow[]]): LaySummaryJson[] {
  const topics = groupTopics(topicRows);
  const equity = groupEquityTags(equityRows);
  return inIdOrder(ids, rows).map((r) => ({
      kind: "lay-summary" as const,
      id: r.id as string,
      publication: { id: r.publication_id as string, title: r.publication_title as string | null },
      language: r.language as string,
      title: r.title as string,
      body: r.body as string,
      readability:
        r.flesch_reading_ease === null
          ? null
          : { flesch_reading_ease: r.flesch_reading_ease as number, flesch_kincaid_grade: r.flesch_kincaid_grade as number },
      topics: topics.get(r.id as string) ?? [],
      equity: equity.get(r.id as string) ?? {},
      ...lifecycleJson(r),
    }));
}

/**
 * A lay summary summarises a publication the caller may see: another depositor's paper under review is answered as one
 * that does not exist, word for word, so the answer tells nothing of it.
 */
export async function createLaySummary(db: Database, input: z.infer<typeof LaySummaryCreate>, caller: Caller): Promise<string> {
  const now = nowIso();
  const publication = await db.get<{ id: string } | undefined>(
    sql`SELECT id FROM publications WHERE id = ${input.publication_id} AND ${seenByCaller("publications", caller, now)}`,
  );
  if (!publication) {
    throw new RepositoryError("invalid", `No publication with id '${input.publication_id}': a lay summary summarises a publication held here.`, {
      errors: [{ path: "publication_id", message: "unknown publication" }],
    });
  }
  const conflict = await findLanguageConflict(db, input, caller, now);
  if (conflict) throw conflict;
  const topicIds = await resolveTopicIds(db, input.topics ?? []);
  const readability = scoreReadabilityFor(input.language, input.body);
  const id = newId();
  await runBatch(db, [
    db.insert(laySummaries).values({
      id,
      publicationId: input.publication_id,
      language: input.language,
      title: input.title,
      body: input.body,
      fleschReadingEase: readability?.fleschReadingEase ?? null,
      fleschKincaidGrade: readability?.fleschKincaidGrade ?? null,
      ...newItemLifecycle(input, caller, now),
    }),
    ...replaceTopicsStatements("lay-summaries", id, topicIds),
    ...replaceEquityStatements("lay-summaries", id, input.equity ?? {}),
    auditStatement(db, { caller, action: "create", kind: "lay-summaries", itemId: id, detail: { status: input.status ?? "draft" } }, now),
    ...indexItemsStatements("lay-summaries", [id]),
  ]).catch(async (error: unknown) => {
    // Two summaries in one language that raced past the check above: the unique index keeps the first, and the
    // second is answered as if it had come after it, not with a 500.
    if (!String(error).includes("UNIQUE constraint failed: lay_summaries.publication_id")) throw error;
    throw (await findLanguageConflict(db, input, caller, now)) ?? error;
  });
  return id;
}

/** One summary per language is the rule, so another's existence is told: its id only to whoever may see it. */
async function findLanguageConflict(db: Database, input: { publication_id: string; language: string }, caller: Caller, now: string): Promise<RepositoryError | undefined> {
  const existing = await db.get<{ id: string; seen: number } | undefined>(
    sql`SELECT id, ${seenByCaller("lay_summaries", caller, now)} AS seen FROM lay_summaries
      WHERE publication_id = ${input.publication_id} AND language = ${input.language}`,
  );
  if (!existing) return undefined;
  return new RepositoryError(
    "conflict",
    existing.seen
      ? `This publication already has a lay summary in '${input.language}' (${existing.id}): edit that one instead.`
      : `This publication already has a lay summary in '${input.language}', not yet public: an editor can tell you more.`,
    existing.seen ? { existing_id: existing.id } : {},
  );
}

export async function updateLaySummary(db: Database, id: string, patch: z.infer<typeof LaySummaryPatch>, caller: Caller): Promise<void> {
  const topicIds = patch.topics === undefined ? undefined : await resolveTopicIds(db, patch.topics);
  const now = nowIso();
  const changes: Partial<typeof laySummaries.$inferInsert> = { updatedAt: now };
  if (patch.title !== undefined) changes.title = patch.title;
  if (patch.body !== undefined) {
    const current = await db.select({ language: laySummaries.language }).from(laySummaries).where(eq(laySummaries.id, id)).get();
    const readability = scoreReadabilityFor(current!.language, patch.body);
    Object.assign(changes, {
      body: patch.body,
      fleschReadingEase: readability?.fleschReadingEase ?? null,
      fleschKincaidGrade: readability?.fleschKincaidGrade ?? null,
    });
  }
  if (patch.status !== undefined) changes.status = patch.status;
  if (patch.publish_at !== undefined) changes.publishAt = patch.publish_at;
  await runCompareAndSet(db, "lay-summaries", id, [
    db.update(laySummaries).set(changes).where(and(eq(laySummaries.id, id), stillEditable(caller, patch, now))),
    guardChanged(),
    ...(topicIds === undefined ? [] : replaceTopicsStatements("lay-summaries", id, topicIds)),
    ...(patch.equity === undefined ? [] : replaceEquityStatements("lay-summaries", id, patch.equity)),
    auditStatement(db, { caller, action: "update", kind: "lay-summaries", itemId: id, detail: { fields: Object.keys(patch) } }, now),
    ...indexItemsStatements("lay-summaries", [id]),
  ]);
}
