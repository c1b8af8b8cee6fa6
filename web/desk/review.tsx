// The editors' review queue: every submitted item, oldest first, a page at a time, with who submitted it and when.
import { ITEM_KIND_NAMES, type ItemKind } from "../../schema/vocabularies";
import { formatDate } from "../pages/dates";
import { DeskLayout, type DeskViewer, ErrorSummary, TextField } from "./desk-layout";
import { EvidenceChangesSection, type EvidenceQueue } from "./evidence-review";
import { type QueueEquity, QueueTagsCell, queueTagsHref, TaggedNotice } from "./queue-tags";

export type QueueEntry = { kind: ItemKind; id: string; title: string | null; submitter: string | null; waiting_since: string };

export type QueuePage = {
  entries: QueueEntry[];
  total: number;
  byKind: Record<ItemKind, number>;
  page: number;
  pages: number;
  perPage: number;
};

/** "12,345" as a person reads a count. */
function countOf(n: number): string {
  return n.toLocaleString("en-GB");
}

/** The queue's page links: plain links, so paging needs no JavaScript. */
function Pager({ page, pages }: { page: number; pages: number }) {
  if (pages <= 1) return null;
  return (
    <nav aria-label="Pages of the review queue" class="review-pager">
      <ul class="button-row">
        {page > 1 ? (
          <li>
            <a href={page === 2 ? "/review" : `/review?page=${page - 1}`} rel="prev">
              Previous page
            </a>
          </li>
        ) : null}
        <li>
          Page {page} of {pages}
        </li>
        {page < pages ? (
          <li>
            <a href={`/review?page=${page + 1}`} rel="next">
              Next page
            </a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}

export function ReviewQueuePage({
  siteName,
  viewer,
  queue,
  evidence,
  equity,
  lookupProblem,
}: {
  siteName: string;
  viewer: DeskViewer;
  queue: QueuePage;
  /** Briefings whose evidence changed, not yet reviewed; left out where the page only answers a lookup. */
  evidence?: EvidenceQueue;
  /** Each entry's equity tags, and the item just tagged; left out where the page only answers a lookup. */
  equity?: QueueEquity;
  lookupProblem?: string;
}) {
  const { entries, total, byKind, page, pages, perPage } = queue;
  const first = (page - 1) * perPage + 1;
  const kinds = (Object.keys(byKind) as ItemKind[]).filter((k) => byKind[k] > 0);
  return (
    <DeskLayout title={page > 1 ? `Review (page ${page})` : "Review"} siteName={siteName} viewer={viewer} section="/review">
      <h1>Review</h1>
      <TaggedNotice tagged={equity?.tagged} />
      {total === 0 ? (
        <p>Nothing is waiting for review. Items that depositors and authors submit appear here, oldest first.</p>
      ) : (
        <>
          <p>
            {total === 1 ? "1 item is" : `${countOf(total)} items are`} waiting for review
            {kinds.length > 0 ? ` (${kinds.map((k) => `${countOf(byKind[k])} ${(byKind[k] === 1 ? ITEM_KIND_NAMES[k].one : ITEM_KIND_NAMES[k].many).toLowerCase()}`).join(", ")})` : ""}, oldest first.
            {pages > 1 ? ` Showing ${countOf(first)} to ${countOf(first + entries.length - 1)}.` : ""}
          </p>
          <div class="table-scroll wide">
            <table class="desk-table review-queue">
              <caption class="visually-hidden">Items waiting for review, oldest first</caption>
              <thead>
                <tr>
                  <th scope="col">Title</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Submitted by</th>
                  <th scope="col">Waiting since</th>
                  {equity ? <th scope="col">Equity tags</th> : null}
                </tr>
              </thead>
              <tbody>
                {entries.map((entry) => (
                  <tr>
                    <td>
                      <a href={`/desk/${entry.kind}/${entry.id}`}>{entry.title || "Untitled"}</a>
                    </td>
                    <td data-label="Kind">{ITEM_KIND_NAMES[entry.kind].one}</td>
                    <td data-label="Submitted by">{entry.submitter ?? "Unknown"}</td>
                    <td data-label="Waiting since">
                      <time datetime={entry.waiting_since}>{formatDate(entry.waiting_since.slice(0, 10))}</time>
                    </td>
                    {equity ? <QueueTagsCell tags={equity.tags[entry.id] ?? []} href={queueTagsHref(entry.kind, entry.id, page)} title={entry.title || "Untitled"} /> : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager page={page} pages={pages} />
        </>
      )}
      {evidence ? <EvidenceChangesSection {...evidence} viewer={viewer} /> : null}
      <p>
        <a href="/review/settings">Settings</a>: the plain-language target reading age for lay summaries and briefings.
      </p>
      <h2 id="manage">Manage any item</h2>
      <ErrorSummary problems={lookupProblem ? { address: lookupProblem } : {}} />
      <form method="get" action="/desk/open" class="desk-form">
        <TextField
          name="address"
          label="Address of the item's page"
          hint="Paste the address of a publication, briefing or summary (for example from its public page) to publish, edit or withdraw it."
          error={lookupProblem}
          autocomplete="off"
        />
        <button type="submit" class="button-primary">
          Open its desk page
        </button>
      </form>
    </DeskLayout>
  );
}
