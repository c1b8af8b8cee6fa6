// Briefings whose evidence changed: the notices a withdrawal or correction of a cited paper writes, and the reads of them.
import { type SQL, sql } from "drizzle-orm";
import type { EvidenceChange } from "../../schema/vocabularies";
import type { Statement } from "../db/client";
import type { Caller } from "../env";
import { isListed } from "./public-documents";
import { indexItemsInStatements } from "./search-documents";

/** A notice as every reader of it gets it: the page, the feeds, the evidence API, the desk. */
export type EvidenceNotice = {
  id: number;
  briefing_id: string;
  briefing_title: string;
  publication_id: string;
  publication_title: string | null;
  change: EvidenceChange;
  /** The withdrawal's reason or the correction's note. */
  detail: string;
  at: string;
  reviewed_at: string | null;
  reviewed_by: string | null;
};

/**
 * The briefings a change to the paper reaches: every one citing it but those already withdrawn (a tombstone is not
 * reviewed again). Read inside the batch that makes the change, so a briefing that cites the paper from a write just
 * before is never missed.
 */
function citingBriefings(publicationId: string): SQL {
  return sql`SELECT bp.briefing_id FROM briefing_publications AS bp JOIN briefings AS b ON b.id = bp.briefing_id
    WHERE bp.publication_id = ${publicationId} AND b.status <> 'withdrawn'`;
}

/**
 * The cascade, for the batch that withdraws or corrects a publication: one notice per citing briefing, its
 * `updated_at` moved to now and an audit row for it, then its search document rebuilt, so its feed entry (same id, new
 * updated date) and its OAI-PMH datestamp change with it. Each statement has seven bound parameters or fewer whatever
 * the number of briefings (INSERT … SELECT), and the batch grows by four statements, not by one per briefing.
 */
export function evidenceChangeStatements(publicationId: string, change: EvidenceChange, detail: string, caller: Caller, now: string): Statement[] {
  const citing = citingBriefings(publicationId);
  return [
    sql`INSERT INTO evidence_notices (briefing_id, publication_id, change, detail, at)
      SELECT briefing_id, ${publicationId}, ${change}, ${detail}, ${now} FROM (${citing})`,
    sql`UPDATE briefings SET updated_at = ${now} WHERE id IN (${citing})`,
    sql`INSERT INTO audit_log (at, token_id, actor, action, kind, item_id, detail)
      SELECT ${now}, ${caller.tokenId}, ${caller.name}, 'evidence-changed', 'briefings', briefing_id,
        json_object('publication_id', ${publicationId}, 'change', ${change}, 'note', ${detail}) FROM (${citing})`,
    ...indexItemsInStatements("briefings", citing),
  ];
}

/** A correction of a published paper, for the batch that makes it: the note for its page, and the cascade to its briefings. */
export function correctionStatements(publicationId: string, note: string, caller: Caller, now: string): Statement[] {
  return [
    sql`INSERT INTO publication_corrections (publication_id, note, at, actor) VALUES (${publicationId}, ${note}, ${now}, ${caller.name})`,
    ...evidenceChangeStatements(publicationId, "corrected", note, caller, now),
  ];
}

export type PublicationCorrection = { note: string; at: string };

/** A publication's corrections, oldest first, as its page lists them. */
export function correctionsOfPublicationQuery(publicationId: string): SQL {
  return sql`SELECT note, at FROM publication_corrections WHERE publication_id = ${publicationId} ORDER BY at, id`;
}

const NOTICE_COLUMNS = sql`n.id, n.briefing_id, b.title AS briefing_title, n.publication_id, p.title AS publication_title,
  n.change, n.detail, n.at, n.reviewed_at, n.reviewed_by`;

/**
 * SQL true for a notice whose paper the public may be told of: public now, or the tombstone of one that was (a paper
 * never public stays unknown, with what happened to it). `n` is the notice.
 */
export const noticeIsListed = (now: string) =>
  sql`EXISTS (SELECT 1 FROM search_documents AS d WHERE d.item_id = n.publication_id AND ${isListed(now)})`;

/** The notices of the briefings a one-column subquery names, oldest first, where `shown` (over `n`) holds. */
export function noticesOfBriefingsQuery(briefingIds: SQL, shown: SQL = sql`1`): SQL {
  return sql`SELECT ${NOTICE_COLUMNS} FROM evidence_notices AS n JOIN briefings AS b ON b.id = n.briefing_id
    JOIN publications AS p ON p.id = n.publication_id
    WHERE n.briefing_id IN (${briefingIds}) AND ${shown} ORDER BY n.briefing_id, n.at, n.id`;
}

/** The editors' queue of notices not yet reviewed, oldest first (the index on reviewed_at finds them). */
export function unreviewedNoticesQuery(limit: number): SQL {
  return sql`SELECT ${NOTICE_COLUMNS} FROM evidence_notices AS n JOIN briefings AS b ON b.id = n.briefing_id
    JOIN publications AS p ON p.id = n.publication_id
    WHERE n.reviewed_at IS NULL ORDER BY n.at, n.id LIMIT ${limit}`;
}

export const unreviewedNoticeCountQuery = sql`SELECT count(*) AS n FROM evidence_notices WHERE reviewed_at IS NULL`;

/**
 * A briefing's public notices as one JSON text, for a feed entry (`d` is the entry's search document): empty for
 * anything but a briefing. The paper's own document is looked up inside the EXISTS, where `d` is the paper's. Not in
 * order: the reader sorts them by `at`.
 */
export function feedNoticesColumn(now: string): SQL {
  return sql`CASE d.kind WHEN 'briefings' THEN (SELECT json_group_array(json_object('change', n.change, 'detail', n.detail, 'at', n.at,
      'reviewed_at', n.reviewed_at)) FROM evidence_notices AS n WHERE n.briefing_id = d.item_id AND ${noticeIsListed(now)})
    ELSE '[]' END`;
}

/** The rows a feed entry's notices column holds. */
export type FeedNotice = Pick<EvidenceNotice, "change" | "detail" | "at" | "reviewed_at">;
