// What readers are told when the evidence under a briefing changed: one set of words for its page, its feed entry and the desk.
import type { EvidenceNotice, FeedNotice, PublicationCorrection } from "../../worker/records/evidence-notices";
import { itemPagePath } from "../../worker/records/public-documents";
import { formatDate } from "./dates";

/** Text as a sentence: a reason typed without a full stop gets one, one typed with it keeps just the one. */
function asSentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?…]$/u.test(trimmed) ? trimmed : `${trimmed}.`;
}

const CHANGED: Record<FeedNotice["change"], string> = { withdrawn: "withdrawn", corrected: "corrected" };

/** What happened to the paper, when, and why, as one sentence. */
export function describeEvidenceChange(notice: FeedNotice): string {
  return asSentence(`One of the studies this briefing rests on was ${CHANGED[notice.change]} on ${formatDate(notice.at)}: ${notice.detail}`);
}

/** Whether an editor has looked at the briefing again since (readers are not told who; the desk names them). */
export function describeEvidenceReview(notice: FeedNotice, reviewer = "An editor"): string {
  return notice.reviewed_at === null ? "The briefing has not yet been reviewed since." : `${reviewer} reviewed the briefing on ${formatDate(notice.reviewed_at)}.`;
}

/** The notice in full, as a feed entry states it. */
export function describeEvidenceNotice(notice: FeedNotice): string {
  return `${describeEvidenceChange(notice)} ${describeEvidenceReview(notice)}`;
}

/**
 * The notices near the top of a briefing's page, oldest first, each naming the paper and linking to it (a withdrawn
 * paper's address is its tombstone, which says why). A GOV.UK-style notification: a region with its own heading, so a
 * screen reader's list of landmarks and headings finds it.
 */
export function EvidenceNotices({ notices, paperLinks = "public" }: { notices: EvidenceNotice[]; paperLinks?: "public" | "desk" }) {
  if (notices.length === 0) return null;
  return (
    <section class="notice evidence-notices" aria-labelledby="evidence-changed">
      <h2 id="evidence-changed" class="notice-title">
        The evidence under this briefing has changed
      </h2>
      <ul>
        {notices.map((notice) => (
          <li>
            <p>
              {describeEvidenceChange(notice)} {describeEvidenceReview(notice)}
            </p>
            <p class="meta">
              The study:{" "}
              <a href={paperLinks === "desk" ? `/desk/publications/${notice.publication_id}` : itemPagePath("publications", notice.publication_id)}>
                {notice.publication_title ?? "Untitled publication"}
              </a>
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A publication's corrections near the top of its page, oldest first: "Corrected on 2 December 2026: …". */
export function Corrections({ corrections }: { corrections: PublicationCorrection[] }) {
  if (corrections.length === 0) return null;
  return (
    <section class="notice corrections" aria-labelledby="corrections">
      <h2 id="corrections" class="notice-title">
        {corrections.length === 1 ? "Correction" : "Corrections"}
      </h2>
      <ul>
        {corrections.map((correction) => (
          <li>
            Corrected on <time datetime={correction.at}>{formatDate(correction.at)}</time>: {correction.note}
          </li>
        ))}
      </ul>
    </section>
  );
}
