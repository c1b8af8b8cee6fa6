// HTTP for /desk/:kind/:id/tags, the page an item's equity tags are chosen on (from the review queue or its desk page), and the queue's view of tags.
import { type Context, Hono } from "hono";
import { ITEM_KINDS, type ItemKind } from "../../schema/vocabularies";
import { equityPickerValuesOf } from "../../web/desk/equity-picker";
import { ItemTagsPage } from "../../web/desk/item-tags";
import type { QueueEquity } from "../../web/desk/queue-tags";
import { hasRole } from "../auth/tokens";
import { openDatabase, type Database } from "../db/client";
import { isId } from "../db/ids";
import type { AppEnv, Caller, DeskSession } from "../env";
import { RepositoryError } from "../errors";
import { loadBriefings, updateBriefing } from "../records/briefings";
import { type EquityTags, listEquityTagsFor, namedEquityTags } from "../records/equity";
import { loadLaySummaries, updateLaySummary } from "../records/lay-summaries";
import { findLifecycleRow, type LifecycleRow, ownsItem, requireEditable } from "../records/lifecycle";
import { loadPublications, updatePublication } from "../records/publications";
import { readEquityForm, sameEquityTags } from "./equity-form";
import { requireDeskRole, viewerOf } from "./guard";
import { readWriteForm } from "./write-routes";

export const tagPages = new Hono<AppEnv>();

/** Where a tags page may return to: a page of the review queue, else the item's own desk page. */
function readBack(kind: ItemKind, id: string, asked: string | undefined): string {
  return asked !== undefined && /^\/review(?:\?page=[1-9]\d{0,6})?$/u.test(asked) ? asked : `/desk/${kind}/${id}`;
}

/**
 * The item in the address, when the caller may tag it: editors any (but a withdrawn one), an author their own while it
 * is a draft or waiting, as for editing it. Someone else's item is a 404, as on its desk page.
 */
async function requireTaggableItem(c: Context<AppEnv>, db: Database, caller: Caller): Promise<{ kind: ItemKind; row: LifecycleRow }> {
  const kind = c.req.param("kind") as ItemKind;
  const id = c.req.param("id") ?? "";
  const missing = new RepositoryError("not_found", "There is no item at this address, or it is not yours to see.");
  if (!ITEM_KINDS.includes(kind) || !isId(id)) throw missing;
  const row = await findLifecycleRow(db, kind, id);
  if (!row || !(hasRole(caller, "editor") || ownsItem(caller, row))) throw missing;
  requireEditable(caller, row, kind);
  if (row.status === "withdrawn") throw new RepositoryError("conflict", "This item is withdrawn: its tags stay as they were when it was withdrawn.");
  return { kind, row };
}

/** The item's title and stored tags. */
async function loadTagged(db: Database, kind: ItemKind, id: string): Promise<{ title: string; equity: EquityTags }> {
  const [item] = kind === "publications" ? await loadPublications(db, [id]) : kind === "briefings" ? await loadBriefings(db, [id], true) : await loadLaySummaries(db, [id], true);
  return { title: item.title ?? "Untitled publication", equity: item.equity };
}

/** The tags stored through the same records code as the API's PATCH, so the audit log and search documents follow. */
async function saveTags(db: Database, kind: ItemKind, id: string, equity: EquityTags, caller: Caller): Promise<void> {
  if (kind === "publications") await updatePublication(db, id, { equity }, caller);
  else if (kind === "briefings") await updateBriefing(db, id, { equity }, caller);
  else await updateLaySummary(db, id, { equity }, caller);
}

function renderTagsPage(
  c: Context<AppEnv>,
  who: { caller: Caller; session: DeskSession },
  page: { kind: ItemKind; id: string; title: string; back: string },
  values: ReturnType<typeof equityPickerValuesOf>,
  problems: Record<string, string> = {},
  status: 200 | 409 | 422 = 200,
) {
  return c.html(<ItemTagsPage siteName={c.env.SITE_NAME} viewer={viewerOf(who.caller, who.session)} {...page} values={values} problems={problems} />, status);
}

tagPages.get("/desk/:kind/:id/tags", async (c) => {
  const who = requireDeskRole(c, "depositor");
  const db = openDatabase(c.env.DB);
  const { kind, row } = await requireTaggableItem(c, db, who.caller);
  const { title, equity } = await loadTagged(db, kind, row.id);
  return renderTagsPage(c, who, { kind, id: row.id, title, back: readBack(kind, row.id, c.req.query("back")) }, equityPickerValuesOf(equity));
});

tagPages.post("/desk/:kind/:id/tags", async (c) => {
  const who = requireDeskRole(c, "depositor");
  const { fields, list } = await readWriteForm(c, who.session);
  const db = openDatabase(c.env.DB);
  const { kind, row } = await requireTaggableItem(c, db, who.caller);
  const { title, equity: stored } = await loadTagged(db, kind, row.id);
  const back = readBack(kind, row.id, fields.back);
  const page = { kind, id: row.id, title, back };
  const sent = readEquityForm(list, (name) => fields[name]);
  // A post without the picker (not this page's form) changes nothing, rather than clearing every tag.
  if (sent.tags === undefined && Object.keys(sent.problems).length === 0) {
    return c.redirect(back.startsWith("/review") ? back : `/desk/${kind}/${row.id}?done=unchanged`, 303);
  }
  const tags = sent.tags ?? {};
  if (Object.keys(sent.problems).length > 0) return renderTagsPage(c, who, page, sent.values, sent.problems, 422);
  const changed = !sameEquityTags(tags, stored);
  if (changed) {
    try {
      await saveTags(db, kind, row.id, tags, who.caller);
    } catch (error) {
      // Another change landed first (or the item left the author's hands meanwhile): the form comes back to be sent again.
      if (!(error instanceof RepositoryError) || !["conflict", "forbidden", "invalid"].includes(error.code)) throw error;
      return renderTagsPage(c, who, page, sent.values, { equity: error.message }, error.code === "invalid" ? 422 : 409);
    }
  }
  if (back.startsWith("/review")) return c.redirect(changed ? `${back}${back.includes("?") ? "&" : "?"}tagged=${kind}/${row.id}` : back, 303);
  return c.redirect(`/desk/${kind}/${row.id}?done=${changed ? "tagged" : "unchanged"}`, 303);
});

/**
 * What the review queue shows of tags: each entry's, and the item named by `?tagged=<kind>/<id>` after a save (when
 * it exists; the address only names it, so the page never says anything it was not told by the database).
 */
export async function readQueueEquity(db: Database, entries: readonly { kind: ItemKind; id: string }[], tagged: string | undefined): Promise<QueueEquity> {
  const byItem = await listEquityTagsFor(db, entries.map((e) => e.id));
  const tags = Object.fromEntries(entries.map((e) => [e.id, namedEquityTags(byItem.get(e.id) ?? {})]));
  const [kind, id] = (tagged ?? "").split("/") as [ItemKind, string | undefined];
  if (!ITEM_KINDS.includes(kind) || id === undefined || !isId(id)) return { tags };
  const row = await findLifecycleRow(db, kind, id);
  return row ? { tags, tagged: { title: row.title ?? "Untitled publication", href: `/desk/${kind}/${id}` } } : { tags };
}
