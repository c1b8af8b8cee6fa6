// HTTP for briefings whose evidence changed, at the desk: what the review queue and a briefing's desk page read, and "Mark reviewed".
import { Hono } from "hono";
import { sql } from "drizzle-orm";
import { type Database, openDatabase, readBatch } from "../db/client";
import type { AppEnv } from "../env";
import { RepositoryError } from "../errors";
import { markNoticeReviewed } from "../records/evidence";
import { type EvidenceNotice, noticesOfBriefingsQuery, unreviewedNoticeCountQuery, unreviewedNoticesQuery } from "../records/evidence-notices";
import type { EvidenceQueue } from "../../web/desk/evidence-review";
import { readDeskForm, requireDeskRole } from "./guard";

/** As many notices as the queue shows at once: the rest wait their turn, oldest first, as the submitted items do. */
const EVIDENCE_QUEUE_SIZE = 50;

/** The unreviewed notices, oldest first, and how many there are, in one batch. */
export async function readEvidenceQueue(db: Database): Promise<EvidenceQueue> {
  const [notices, [count]] = await readBatch<[EvidenceNotice, { n: number }]>(db, [unreviewedNoticesQuery(EVIDENCE_QUEUE_SIZE), unreviewedNoticeCountQuery]);
  return { notices, total: count?.n ?? 0 };
}

/** Every notice on one briefing, oldest first, for its desk page. */
export async function readBriefingNotices(db: Database, briefingId: string): Promise<EvidenceNotice[]> {
  return db.all<EvidenceNotice>(noticesOfBriefingsQuery(sql`SELECT ${briefingId}`));
}

export const evidencePages = new Hono<AppEnv>();

/**
 * An editor marks a notice reviewed (the form carries the session's CSRF secret, as every desk form does) and goes back
 * where they were: the queue, or the briefing's desk page with a confirmation.
 */
evidencePages.post("/desk/evidence-notices/:id/reviewed", async (c) => {
  const { caller, session } = requireDeskRole(c, "editor");
  const form = await readDeskForm(c, session);
  const id = Number(c.req.param("id"));
  if (!Number.isSafeInteger(id) || id < 1) throw new RepositoryError("not_found", "There is no such notice: open the review queue again.");
  const notice = await markNoticeReviewed(openDatabase(c.env.DB), id, caller);
  return c.redirect(form.from === "briefing" ? `/desk/briefings/${notice.briefing_id}?done=evidence-reviewed` : "/review#evidence-changed", 303);
});
