// The review queue's equity tags: each waiting item's tags with a link to tag it, and the line that confirms a save.
import type { EquityTagRef } from "../../worker/records/equity";
import type { ItemKind } from "../../schema/vocabularies";

/** The tags of the queue's items by id, and the item just tagged (when the editor comes back from tagging it). */
export type QueueEquity = { tags: Record<string, EquityTagRef[]>; tagged?: { title: string; href: string } };

/** Where the queue's page `page` sends an editor to tag an item, and back. */
export function queueTagsHref(kind: ItemKind, id: string, page: number): string {
  return `/desk/${kind}/${id}/tags?back=${encodeURIComponent(page > 1 ? `/review?page=${page}` : "/review")}`;
}

/** A queue entry's cell: its tags (or none yet), and the link to tag it, named with its title for a screen reader's list of links. */
export function QueueTagsCell({ tags, href, title }: { tags: EquityTagRef[]; href: string; title: string }) {
  return (
    <td data-label="Equity tags">
      {tags.length === 0 ? <span class="meta">None yet</span> : tags.map((t) => t.name).join("; ")}{" "}
      <a href={href} class="queue-tag-link">
        {tags.length === 0 ? "Add tags" : "Change tags"}
        <span class="visually-hidden"> for “{title}”</span>
      </a>
    </td>
  );
}

/** The confirmation after tagging from the queue: a change, so the item now waits at the queue's end. */
export function TaggedNotice({ tagged }: { tagged?: QueueEquity["tagged"] }) {
  return tagged ? (
    <div class="notice" role="status">
      <p>
        Equity tags saved for <a href={tagged.href}>{tagged.title}</a>. As a change to it, it now waits at the end of the queue.
      </p>
    </div>
  ) : null;
}
