// Briefings whose evidence changed, as editors see them: the section of the review queue, and the list on a briefing's desk page.
import type { EvidenceNotice } from "../../worker/records/evidence-notices";
import { formatDate } from "../pages/dates";
import { describeEvidenceReview } from "../pages/evidence-notices";
import { CsrfField, type DeskViewer } from "./desk-layout";

/** The notices not yet reviewed (the first page of them, oldest first) and how many there are in all. */
export type EvidenceQueue = { notices: EvidenceNotice[]; total: number };

/** Where a "Mark reviewed" form sends the editor back to: the queue, or the briefing's desk page. */
type ReviewedFrom = "review" | "briefing";

const WHAT_HAPPENED: Record<EvidenceNotice["change"], string> = { withdrawn: "Withdrawn", corrected: "Corrected" };

function MarkReviewedForm({ notice, viewer, from }: { notice: EvidenceNotice; viewer: DeskViewer; from: ReviewedFrom }) {
  return (
    <form method="post" action={`/desk/evidence-notices/${notice.id}/reviewed`} class="desk-form">
      <CsrfField viewer={viewer} />
      <input type="hidden" name="from" value={from} />
      <button type="submit" class="button-primary">
        Mark reviewed<span class="visually-hidden"> for {notice.briefing_title}, after “{notice.publication_title ?? "Untitled publication"}” was {notice.change}</span>
      </button>
    </form>
  );
}

/**
 * The queue's section: each unreviewed notice (which briefing, which paper, what happened and when), with a form that
 * marks it reviewed. A list, not a table: a reason runs to several lines, and a table of five columns broke on a phone.
 */
export function EvidenceChangesSection({ notices, total, viewer }: EvidenceQueue & { viewer: DeskViewer }) {
  return (
    <section aria-labelledby="evidence-changed">
      <h2 id="evidence-changed">Briefings whose evidence changed</h2>
      {total === 0 ? (
        <p>No briefing is waiting for a look. When a publication a briefing cites is withdrawn or corrected, the briefing appears here until an editor reviews it.</p>
      ) : (
        <>
          <p>
            {total === 1 ? "1 change is" : `${total.toLocaleString("en-GB")} changes are`} waiting for an editor to review the briefing, oldest first
            {total > notices.length ? ` (the first ${notices.length} shown)` : ""}. Readers of each briefing see the change until then.
          </p>
          <ol class="desk-history evidence-queue">
            {notices.map((notice) => (
              <li>
                <p class="desk-history-what">
                  <a href={`/desk/briefings/${notice.briefing_id}`}>{notice.briefing_title}</a>
                </p>
                <p>
                  {WHAT_HAPPENED[notice.change]} on <time datetime={notice.at}>{formatDate(notice.at)}</time>:{" "}
                  <a href={`/desk/publications/${notice.publication_id}`}>{notice.publication_title ?? "Untitled publication"}</a>
                </p>
                <p class="desk-history-note">“{notice.detail}”</p>
                <MarkReviewedForm notice={notice} viewer={viewer} from="review" />
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

/** A briefing's desk page: every notice on it, reviewed or not; editors can mark the unreviewed ones reviewed. */
export function BriefingEvidenceChanges({ notices, viewer, isEditor }: { notices: EvidenceNotice[]; viewer: DeskViewer; isEditor: boolean }) {
  if (notices.length === 0) return null;
  return (
    <section aria-labelledby="evidence-changed" class="notice">
      <h2 id="evidence-changed" class="notice-title">
        The evidence under this briefing has changed
      </h2>
      <ol class="desk-history">
        {notices.map((notice) => (
          <li>
            <p class="desk-history-what">
              {WHAT_HAPPENED[notice.change]} on <time datetime={notice.at}>{formatDate(notice.at)}</time>:{" "}
              <a href={`/desk/publications/${notice.publication_id}`}>{notice.publication_title ?? "Untitled publication"}</a>
            </p>
            <p class="desk-history-note">“{notice.detail}”</p>
            <p class="meta">{describeEvidenceReview(notice, notice.reviewed_by ?? undefined)}</p>
            {isEditor && notice.reviewed_at === null ? <MarkReviewedForm notice={notice} viewer={viewer} from="briefing" /> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
