// Publications as the API shows them, and the edits an editor may make after deposit.
import { and, eq, sql, type SQL } from "drizzle-orm";
import { z } from "@hono/zod-openapi";
import { publications } from "../../schema/tables";
import { asJsonParameter, nowIso, type Database, readBatch } from "../db/client";
import type { Caller } from "../env";
import { correctionStatements } from "./evidence-notices";
import { equityTagsForQuery, groupEquityTags, replaceEquityStatements, type EquityRow } from "./equity";
import { foldText } from "./fold-text";
import { auditStatement, guardChanged, inIdOrder, lifecycleJson, runCompareAndSet, stillEditable } from "./lifecycle";
import { keepWorkKeyAfterRetitle } from "../deposit/same-work";
import { indexItemsStatements } from "./search-documents";
import type { PublicationJson, PublicationPatch } from "./schemas";
import { groupTopics, replaceTopicsStatements, resolveTopicIds, type TopicRow, topicsForQuery } from "./topics";

type PublicationRow = typeof publications.$inferSelect;

/** Loads and shapes publications in the order of `ids` (three queries in one batch whatever the page size). */
export async function loadPublications(db: Database, ids: readonly string[]): Promise<PublicationJson[]> {
  if (ids.length === 0) return [];
  return shapePublications(ids, await readBatch<PublicationRows>(db, publicationQueries(sql`SELECT value FROM json_each(${asJsonParameter(ids)})`)));
}

type AuthorRow = { publication_id: string; id: string; name: string; orcid: string | null };
export type PublicationRows = [Record<string, unknown>, AuthorRow, TopicRow, EquityRow];

/** The queries behind `loadPublications` for the ids a one-column subquery names, for a caller that reads them in its own batch. */
export function publicationQueries(ids: SQL): [SQL, SQL, SQL, SQL] {
  return [
    sql`SELECT * FROM publications WHERE id IN (${ids})`,
    sql`SELECT a.publication_id, p.id, p.name, p.orcid FROM publication_authors AS a JOIN people AS p ON p.id = a.person_id
        WHERE a.publication_id IN (${ids}) ORDER BY a.publication_id, a.position`,
    topicsForQuery("publications", ids),
    equityTagsForQuery(ids),
  ];
}

/** `publicationQueries`' rows as the API shows them, in the order of `ids` (an id without a row is left out). */
export function shapePublications(
  ids: readonly string[],
  [rows, authors, topicRows, equityRows]: [Record<string, unknown>[], AuthorRow[], TopicRow[], EquityRow[]],
): PublicationJson[] {
  const topics = groupTopics(topicRows);
  const equity = groupEquityTags(equityRows);
  const authorsBy = new Map<string, { id: string; name: string; orcid: string | null }[]>();
  for (const a of authors) {
    const list = authorsBy.get(a.publication_id) ?? [];
    list.push({ id: a.id, name: a.name, orcid: a.orcid });
    authorsBy.set(a.publication_id, list);
  }
  return inIdOrder(ids, rows).map((r) => ({
      kind: "publication" as const,
      id: r.id as string,
      type: r.type as string,
      title: r.title as string | null,
      title_html: r.title_html as string | null,
      authors: authorsBy.get(r.id as string) ?? [],
      container_title: r.container_title as string | null,
      issued: r.issued as string | null,
      year: r.issued_year as number | null,
      volume: r.volume as string | null,
      issue: r.issue as string | null,
      pages: r.pages as string | null,
      publisher: r.publisher as string | null,
      doi: r.doi as string | null,
      url: r.url as string | null,
      abstract: r.abstract as string | null,
      abstract_html: r.abstract_html as string | null,
      keywords: JSON.parse(r.keywords as string) as string[],
      language: r.language as string | null,
      licence: r.licence as string | null,
      topics: topics.get(r.id as string) ?? [],
      equity: equity.get(r.id as string) ?? {},
      bibtex_key: r.bibtex_key as string | null,
      ...lifecycleJson(r),
    }));
}

/** CSL-JSON field for each editable column: the stored item follows every edit, so citations stay true. */
const CSL_FIELDS = { title: "title", abstract: "abstract", keywords: "keyword", language: "language", licence: "license", url: "URL" } as const;

/**
 * Returns true when the edit changed what citations are rendered from (so they must be rendered again). With
 * `correction`, the edit (of no fields, or some) is a correction of a published paper: it lands only while the paper
 * is still published, with its note and the notices to every briefing citing it, all in the same batch.
 */
export async function updatePublication(
  db: Database,
  id: string,
  patch: z.infer<typeof PublicationPatch>,
  caller: Caller,
  correction?: { note: string },
): Promise<{ citationsChanged: boolean }> {
  const current = (await db.select().from(publications).where(eq(publications.id, id)).get()) as PublicationRow;
  const now = nowIso();
  const csl = JSON.parse(current.csl) as Record<string, unknown>;
  const changes: Partial<PublicationRow> = { updatedAt: now };
  let citationsChanged = false;
  for (const [field, cslField] of Object.entries(CSL_FIELDS) as [keyof typeof CSL_FIELDS, string][]) {
    const value = patch[field];
    if (value === undefined) continue;
    citationsChanged = true;
    if (value === null) delete csl[cslField];
    else csl[cslField] = Array.isArray(value) ? value.join(", ") : value;
  }
  // An edit is plain text: the deposit's markup of what it replaces would show the old words.
  if (patch.title !== undefined) {
    Object.assign(changes, { title: patch.title, titleHtml: null, titleKey: foldText(patch.title), workKey: keepWorkKeyAfterRetitle(current.workKey) });
  }
  if (patch.abstract !== undefined) Object.assign(changes, { abstract: patch.abstract, abstractHtml: null });
  if (patch.keywords !== undefined) changes.keywords = JSON.stringify(patch.keywords);
  if (patch.language !== undefined) changes.language = patch.language;
  if (patch.licence !== undefined) changes.licence = patch.licence;
  if (patch.url !== undefined) changes.url = patch.url;
  if (patch.status !== undefined) changes.status = patch.status;
  changes.csl = JSON.stringify(csl);
  const topicIds = patch.topics === undefined ? undefined : await resolveTopicIds(db, patch.topics);
  await runCompareAndSet(db, "publications", id, [
    // The CSL-JSON is rebuilt from the row as read: an edit that landed meanwhile would be lost from it, so this one waits its turn (409).
    db
      .update(publications)
      .set(changes)
      .where(and(eq(publications.id, id), eq(publications.updatedAt, current.updatedAt), stillEditable(caller, patch, now), correction && eq(publications.status, "published"))),
    guardChanged(),
    ...(topicIds === undefined ? [] : replaceTopicsStatements("publications", id, topicIds)),
    ...(patch.equity === undefined ? [] : replaceEquityStatements("publications", id, patch.equity)),
    ...(citationsChanged ? [sql`DELETE FROM citations WHERE publication_id = ${id}`] : []),
    auditStatement(db, { caller, action: correction ? "correct" : "update", kind: "publications", itemId: id, detail: { fields: Object.keys(patch), ...correction } }, now),
    ...indexItemsStatements("publications", [id]),
    ...(correction ? correctionStatements(id, correction.note, caller, now) : []),
  ]);
  return { citationsChanged };
}
