// Evidence that stays honest: a briefing's chain of evidence as a caller may see it, corrections of papers, and notices reviewed.
import { type SQL, sql } from "drizzle-orm";
import type { z } from "@hono/zod-openapi";
import type { EvidenceChange, LifecycleStatus } from "../../schema/vocabularies";
import { hasRole } from "../auth/tokens";
import { nowIso, type Database, readBatch } from "../db/client";
import type { Caller } from "../env";
import { removeControlCharacters } from "./clean-text";
import { RepositoryError } from "../errors";
import { type EvidenceNotice, noticesOfBriefingsQuery } from "./evidence-notices";
import { auditStatement, guardChanged, requireVisibleRow, runCompareAndSet, seenByCaller } from "./lifecycle";
import { isListed } from "./public-documents";
import { updatePublication } from "./publications";
import type { PublicationPatch } from "./schemas";
import { indexItemsStatements } from "./search-documents";

/**
 * SQL true for the item `table.id` names when the caller may be told of it: what they may see (public, their own, or
 * anything for an editor), or the tombstone of what was public, which is public too. Never a draft or an embargoed item.
 */
function toldOf(table: string, caller: Caller | undefined, now: string): SQL {
  if (hasRole(caller, "editor")) return sql`1`;
  return sql`(${seenByCaller(table, caller, now)}
    OR EXISTS (SELECT 1 FROM search_documents AS d WHERE d.item_id = ${sql.identifier(table)}.id AND ${isListed(now)}))`;
}

export type EvidenceChain = {
  briefing: { id: string; title: string; status: LifecycleStatus };
  publications: {
    id: string;
    title: string | null;
    status: LifecycleStatus;
    withdrawn_at: string | null;
    withdrawal_reason: string | null;
    corrections: { note: string; at: string }[];
    lay_summaries: { id: string; language: string; title: string; status: LifecycleStatus }[];
  }[];
  notices: { change: EvidenceChange; publication_id: string; detail: string; at: string; reviewed_at: string | null }[];
};

type PaperRow = { id: string; title: string | null; status: LifecycleStatus; withdrawn_at: string | null; withdrawal_reason: string | null };
type CorrectionRow = { publication_id: string; note: string; at: string };
type SummaryRow = { publication_id: string; id: string; language: string; title: string; status: LifecycleStatus };

/**
 * The chain under a briefing, in one batch: the briefing (404 or 410 as its own address answers), each paper it cites
 * in its order with its corrections, each paper's lay summaries, and the briefing's notices. Each link the caller may
 * not be told of is left out, as if it did not exist. A lay summary of a withdrawn paper is withdrawn with it, as its
 * page says.
 */
export async function readEvidenceChain(db: Database, briefingId: string, caller: Caller | undefined): Promise<EvidenceChain> {
  const briefing = await requireVisibleRow(db, "briefings", briefingId, caller);
  const now = nowIso();
  const paperIds = sql`SELECT bp.publication_id FROM briefing_publications AS bp JOIN publications AS p ON p.id = bp.publication_id
    WHERE bp.briefing_id = ${briefingId} AND ${toldOf("p", caller, now)}`;
  const [papers, corrections, summaries, notices] = await readBatch<[PaperRow & { position: number }, CorrectionRow, SummaryRow, EvidenceNotice]>(db, [
    sql`SELECT p.id, p.title, p.status, p.withdrawn_at, p.withdrawal_reason, bp.position FROM briefing_publications AS bp
      JOIN publications AS p ON p.id = bp.publication_id WHERE bp.briefing_id = ${briefingId} AND ${toldOf("p", caller, now)} ORDER BY bp.position`,
    sql`SELECT publication_id, note, at FROM publication_corrections WHERE publication_id IN (${paperIds}) ORDER BY at, id`,
    sql`SELECT l.publication_id, l.id, l.language, l.title, CASE WHEN ld.withdrawn_at IS NOT NULL THEN 'withdrawn' ELSE l.status END AS status
      FROM lay_summaries AS l LEFT JOIN search_documents AS ld ON ld.item_id = l.id
      WHERE l.publication_id IN (${paperIds}) AND ${toldOf("l", caller, now)} ORDER BY l.publication_id, l.language`,
    noticesOfBriefingsQuery(sql`SELECT ${briefingId}`, sql`EXISTS (SELECT 1 FROM publications AS p WHERE p.id = n.publication_id AND ${toldOf("p", caller, now)})`),
  ]);
  return {
    briefing: { id: briefing.id, title: briefing.title ?? "", status: briefing.status },
    publications: papers.map((p) => ({
      id: p.id,
      title: p.title,
      status: p.status,
      withdrawn_at: p.withdrawn_at,
      withdrawal_reason: p.withdrawal_reason,
      corrections: corrections.filter((c) => c.publication_id === p.id).map((c) => ({ note: c.note, at: c.at })),
      lay_summaries: summaries.filter((s) => s.publication_id === p.id).map((s) => ({ id: s.id, language: s.language, title: s.title, status: s.status })),
    })),
    notices: notices.map((n) => ({ change: n.change, publication_id: n.publication_id, detail: n.detail, at: n.at, reviewed_at: n.reviewed_at })),
  };
}

/**
 * An editor corrects a published paper: a note saying what was corrected (shown on its page and to readers of every
 * briefing citing it), with any fields changed, in one batch. 404 for no such paper; 409 for one not published (a
 * draft is edited, a withdrawn one stays its tombstone) or one changed meanwhile. Returns the correction as stored.
 */
export async function correctPublication(
  db: Database,
  id: string,
  caller: Caller,
  note: string,
  patch: z.infer<typeof PublicationPatch>,
): Promise<{ note: string; at: string; citationsChanged: boolean }> {
  // Shown on pages and in feeds: no control or direction-override characters, whether it came by the API or the desk.
  note = removeControlCharacters(note).trim();
  if (note === "") throw new RepositoryError("invalid", "Say what was corrected: the note is shown on the paper's page and to readers of every briefing that cites it.", { errors: [{ path: "note", message: "empty" }] });
  const row = await requireVisibleRow(db, "publications", id, caller);
  if (row.status !== "published") {
    const state = row.status === "withdrawn" ? `withdrawn on ${row.withdrawn_at} (${row.withdrawal_reason}), and stays its tombstone` : `${row.status}: edit it instead`;
    throw new RepositoryError("conflict", `Only a published publication can be corrected; this one is ${state}.`);
  }
  const { citationsChanged } = await updatePublication(db, id, patch, caller, { note });
  const stored = await db.get<{ note: string; at: string }>(sql`SELECT note, at FROM publication_corrections WHERE publication_id = ${id} ORDER BY id DESC LIMIT 1`);
  return { ...stored!, citationsChanged };
}

/**
 * An editor marks a notice reviewed: when and by whom, an audit row on the briefing, and the briefing's feed entry and
 * page say so (its `updated_at` moves, its search document is rebuilt). A notice reviewed already is a 409 naming who
 * did it; of two editors at once, one wins.
 */
export async function markNoticeReviewed(db: Database, noticeId: number, caller: Caller): Promise<EvidenceNotice> {
  const notice = await db.get<EvidenceNotice | undefined>(noticesOfBriefingsQuery(sql`SELECT briefing_id FROM evidence_notices WHERE id = ${noticeId}`, sql`n.id = ${noticeId}`));
  if (!notice) throw new RepositoryError("not_found", `There is no evidence notice ${noticeId}.`);
  if (notice.reviewed_at !== null) throw new RepositoryError("conflict", `This notice was reviewed already, by ${notice.reviewed_by} on ${notice.reviewed_at}.`);
  const now = nowIso();
  await runCompareAndSet(db, "briefings", notice.briefing_id, [
    sql`UPDATE evidence_notices SET reviewed_at = ${now}, reviewed_by = ${caller.name} WHERE id = ${noticeId} AND reviewed_at IS NULL`,
    guardChanged(),
    sql`UPDATE briefings SET updated_at = ${now} WHERE id = ${notice.briefing_id}`,
    auditStatement(db, {
      caller,
      action: "evidence-reviewed",
      kind: "briefings",
      itemId: notice.briefing_id,
      detail: { notice: noticeId, publication_id: notice.publication_id, change: notice.change },
    }, now),
    ...indexItemsStatements("briefings", [notice.briefing_id]),
  ]);
  return { ...notice, reviewed_at: now, reviewed_by: caller.name };
}
