// HTTP for review: /review (the queue), /desk/:kind/:id (an item's desk page, its history and an editor's actions) and
// /desk/publications/:id/edit; every action goes through records/lifecycle.ts and publications.ts, as the API's do.
import { type Context, Hono } from "hono";
import { sql } from "drizzle-orm";
import { ItemDeskPage, type DeskItem, type DoneKey, DONE_MESSAGES, formValuesOf, type HistoryEntry, PublicationEditPage, type PublicationFormValues } from "../../web/desk/item-desk";
import { type QueueEntry, type QueuePage, ReviewQueuePage } from "../../web/desk/review";
import { ITEM_KINDS, type ItemKind } from "../../schema/vocabularies";
import { hasRole } from "../auth/tokens";
import { queueCitationRendering } from "../citations/render-citations";
import { nowIso, openDatabase, readBatch, type Database } from "../db/client";
import { isId } from "../db/ids";
import type { AppEnv, Caller, DeskSession } from "../env";
import { RepositoryError } from "../errors";
import { loadBriefings } from "../records/briefings";
import { loadLaySummaries } from "../records/lay-summaries";
import { findLifecycleRow, isPubliclyVisible, type LifecycleRow, ownsItem, publishItem, requireEditable, returnItem, withdrawItem } from "../records/lifecycle";
import { loadPublications, updatePublication } from "../records/publications";
import { PublicationPatch, WithdrawBody } from "../records/schemas";
import { correctPublication } from "../records/evidence";
import { checkItemAgainstTarget } from "../records/plain-language-settings";
import { readBriefingNotices, readEvidenceQueue } from "./evidence-routes";
import { readEquityFormBody, sameEquityTags } from "./equity-form";
import { readQueueEquity } from "./tag-routes";
import { readDeskForm, requireCsrf, requireDeskRole, viewerOf } from "./guard";

export const reviewPages = new Hono<AppEnv>();

const TABLES: Record<ItemKind, string> = { publications: "publications", briefings: "briefings", "lay-summaries": "lay_summaries" };

/** A page of the queue: enough to review in one sitting, never a 7,000-entry deposit in one page. */
export const QUEUE_PAGE_SIZE = 50;

/** The submitted items of every kind, oldest change first (the time it was submitted, or last edited while waiting). */
async function readQueue(db: Database, page: number): Promise<QueuePage> {
  const queue = sql`
    SELECT 'publications' AS kind, id, title, updated_at, created_by FROM publications WHERE status = 'submitted'
    UNION ALL SELECT 'briefings', id, title, updated_at, created_by FROM briefings WHERE status = 'submitted'
    UNION ALL SELECT 'lay-summaries', id, title, updated_at, created_by FROM lay_summaries WHERE status = 'submitted'`;
  // Who submitted: the person behind the token that created it, else the deposit's or creation's actor in the audit log.
  const [entries, counts] = await readBatch<[QueueEntry, { kind: ItemKind; n: number }]>(db, [
    sql`WITH queue AS (${queue}), shown AS (SELECT * FROM queue ORDER BY updated_at, id LIMIT ${QUEUE_PAGE_SIZE} OFFSET ${(page - 1) * QUEUE_PAGE_SIZE})
      SELECT shown.kind, shown.id, shown.title, shown.updated_at AS waiting_since,
        coalesce(a.name, (SELECT actor FROM audit_log l WHERE l.kind = shown.kind AND l.item_id = shown.id AND l.action IN ('deposit', 'create') ORDER BY l.id DESC LIMIT 1), t.name) AS submitter
      FROM shown LEFT JOIN api_tokens t ON t.id = shown.created_by LEFT JOIN accounts a ON a.id = t.account_id
      ORDER BY shown.updated_at, shown.id`,
    sql`SELECT kind, count(*) AS n FROM (${queue}) GROUP BY kind`,
  ]);
  const byKind = Object.fromEntries(ITEM_KINDS.map((k) => [k, counts.find((c) => c.kind === k)?.n ?? 0])) as Record<ItemKind, number>;
  const total = Object.values(byKind).reduce((a, b) => a + b, 0);
  return { entries, total, byKind, page, pages: Math.max(1, Math.ceil(total / QUEUE_PAGE_SIZE)), perPage: QUEUE_PAGE_SIZE };
}

reviewPages.get("/review", async (c) => {
  const { caller, session } = requireDeskRole(c, "editor");
  const asked = c.req.query("page");
  const page = asked === undefined ? 1 : Number(asked);
  if (!Number.isSafeInteger(page) || page < 1) return c.redirect("/review", 303);
  const db = openDatabase(c.env.DB);
  const [queue, evidence] = await Promise.all([readQueue(db, page), readEvidenceQueue(db)]);
  if (page > queue.pages) return c.redirect(queue.pages > 1 ? `/review?page=${queue.pages}` : "/review", 303);
  const equity = await readQueueEquity(db, queue.entries, c.req.query("tagged"));
  return c.html(<ReviewQueuePage siteName={c.env.SITE_NAME} viewer={viewerOf(caller, session)} queue={queue} evidence={evidence} equity={equity} />);
});

/**
 * An editor who is reading an item's public page opens its desk page from the address: any address or path that names
 * a kind and an id (`https://…/publications/01J…/a-slug`, `/briefings/01J…`).
 */
reviewPages.get("/desk/open", async (c) => {
  const { caller, session } = requireDeskRole(c, "editor");
  const address = c.req.query("address") ?? "";
  const named = /\/(publications|briefings|lay-summaries)\/([0-9A-Za-z]{26})(?:[/?#]|$)/u.exec(address);
  if (named) return c.redirect(`/desk/${named[1]}/${named[2].toUpperCase()}`, 303);
  const queue = await readQueue(openDatabase(c.env.DB), 1);
  const problem = "Paste the address of an item's page: it has /publications/, /briefings/ or /lay-summaries/ and the item's id in it.";
  return c.html(<ReviewQueuePage siteName={c.env.SITE_NAME} viewer={viewerOf(caller, session)} queue={queue} lookupProblem={problem} />, 422);
});

/** The item in the address, when the caller may see its desk page: editors any, an author their own; 404 for the rest. */
async function requireDeskItem(c: Context<AppEnv>, caller: Caller, fixedKind?: ItemKind): Promise<{ kind: ItemKind; row: LifecycleRow }> {
  const kind = fixedKind ?? (c.req.param("kind") as ItemKind);
  const id = c.req.param("id") ?? "";
  const missing = new RepositoryError("not_found", "There is no item at this address, or it is not yours to see.");
  if (!ITEM_KINDS.includes(kind) || !isId(id)) throw missing;
  const row = await findLifecycleRow(openDatabase(c.env.DB), kind, id);
  // An item someone else wrote is not admitted to exist, even when it is public: its public page is the one to read.
  if (!row || !(hasRole(caller, "editor") || ownsItem(caller, row))) throw missing;
  return { kind, row };
}

async function loadDeskItem(db: Database, kind: ItemKind, id: string): Promise<DeskItem> {
  if (kind === "publications") return { kind, item: (await loadPublications(db, [id]))[0] };
  if (kind === "briefings") return { kind, item: (await loadBriefings(db, [id], true))[0] };
  return { kind, item: (await loadLaySummaries(db, [id], true))[0] };
}

/** The item's audit rows, oldest first, and the name of who created it. */
async function readHistory(db: Database, kind: ItemKind, id: string) {
  const [rows, creators] = await readBatch<[{ at: string; actor: string; action: string; detail: string }, { name: string | null; at: string }]>(db, [
    sql`SELECT at, actor, action, detail FROM audit_log WHERE kind = ${kind} AND item_id = ${id} ORDER BY id`,
    sql`SELECT coalesce(a.name, t.name) AS name, i.created_at AS at FROM ${sql.identifier(TABLES[kind])} i
      LEFT JOIN api_tokens t ON t.id = i.created_by LEFT JOIN accounts a ON a.id = t.account_id WHERE i.id = ${id}`,
  ]);
  const history: HistoryEntry[] = rows.map((r) => ({ at: r.at, actor: r.actor, action: r.action, detail: parseDetail(r.detail) }));
  return { history, creator: creators[0] ?? { name: null, at: "" } };
}

function parseDetail(detail: string): Record<string, unknown> {
  try {
    const parsed = JSON.parse(detail) as unknown;
    return parsed !== null && typeof parsed === "object" ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Where an item is edited: a publication here, a briefing or lay summary on the writing desk's own form. */
function editHrefFor(caller: Caller, kind: ItemKind, row: LifecycleRow): string | null {
  const editable = hasRole(caller, "editor") ? row.status !== "withdrawn" : row.status === "draft" || row.status === "submitted";
  return editable ? `/desk/${kind}/${row.id}/edit` : null;
}

async function renderItemPage(
  c: Context<AppEnv>,
  who: { caller: Caller; session: DeskSession },
  kind: ItemKind,
  row: LifecycleRow,
  extra: { done?: DoneKey; problems?: Record<string, string>; values?: Record<string, string> } = {},
  status: 200 | 409 | 422 = 200,
) {
  const db = openDatabase(c.env.DB);
  const [entry, { history, creator }, evidenceNotices] = await Promise.all([
    loadDeskItem(db, kind, row.id),
    readHistory(db, kind, row.id),
    kind === "briefings" ? readBriefingNotices(db, row.id) : [],
  ]);
  const isEditor = hasRole(who.caller, "editor");
  const last = history[history.length - 1];
  const returned = entry.item.status === "draft" && last?.action === "return" && typeof last.detail.note === "string" ? { note: last.detail.note, by: last.actor } : null;
  return c.html(
    <ItemDeskPage
      siteName={c.env.SITE_NAME}
      viewer={viewerOf(who.caller, who.session)}
      entry={entry}
      isEditor={isEditor}
      isPublic={isPubliclyVisible(entry.item, nowIso())}
      creator={creator}
      history={isEditor ? history : null}
      returned={returned}
      editHref={editHrefFor(who.caller, kind, row)}
      evidenceNotices={evidenceNotices}
      plainLanguage={await checkItemAgainstTarget(db, entry)}
      {...extra}
    />,
    status,
  );
}

reviewPages.get("/desk/:kind/:id", async (c) => {
  const who = requireDeskRole(c, "depositor");
  const { kind, row } = await requireDeskItem(c, who.caller);
  const done = c.req.query("done");
  return renderItemPage(c, who, kind, row, { done: done !== undefined && done in DONE_MESSAGES ? (done as DoneKey) : undefined });
});

/**
 * An editor's action on an item: the form is read and checked, `act` runs it through lifecycle.ts, and the browser goes
 * back to the item's page with a confirmation; a problem in the form, or a conflict (returning a published item), is
 * shown on the page itself, next to the form it came from.
 */
function handleAction(
  check: (form: Record<string, string>) => Record<string, string>,
  act: (db: Database, kind: ItemKind, row: LifecycleRow, caller: Caller, form: Record<string, string>) => Promise<DoneKey>,
  conflictField: (form: Record<string, string>) => string,
) {
  return async (c: Context<AppEnv>) => {
    const who = requireDeskRole(c, "editor");
    const form = await readDeskForm(c, who.session);
    const { kind, row } = await requireDeskItem(c, who.caller);
    const problems = check(form);
    if (Object.keys(problems).length > 0) return renderItemPage(c, who, kind, row, { problems, values: form }, 422);
    try {
      const done = await act(openDatabase(c.env.DB), kind, row, who.caller, form);
      return c.redirect(`/desk/${kind}/${row.id}?done=${done}`, 303);
    } catch (error) {
      if (!(error instanceof RepositoryError) || error.code !== "conflict") throw error;
      const fresh = (await findLifecycleRow(openDatabase(c.env.DB), kind, row.id)) ?? row;
      return renderItemPage(c, who, kind, fresh, { problems: { [conflictField(form)]: error.message }, values: form }, 409);
    }
  };
}

/** A date typed as YYYY-MM-DD (what a date input sends): the start of that day in UTC, or the problem with it. */
export function readEmbargoDate(value: string | undefined, now: string): { at: string } | { problem: string } {
  const text = (value ?? "").trim();
  if (text === "") return { problem: "Enter the date it should become public, such as 2027-03-01." };
  const match = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(text);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (!match || !date || date.getUTCMonth() !== Number(match[2]) - 1 || date.getUTCDate() !== Number(match[3])) {
    return { problem: "Enter a real date as year, month and day, such as 2027-03-01." };
  }
  const at = date.toISOString();
  if (at <= now) return { problem: "The date must be after today. To make it public today, use “Publish now”." };
  if (Number(match[1]) > new Date(now).getUTCFullYear() + 10) return { problem: "The date must be within the next ten years." };
  return { at };
}

reviewPages.post(
  "/desk/:kind/:id/publish",
  handleAction(
    (form): Record<string, string> => {
      if (form.when !== "date") return {};
      const date = readEmbargoDate(form.publish_at, nowIso());
      return "problem" in date ? { publish_at: date.problem } : {};
    },
    async (db, kind, row, caller, form) => {
      if (form.when === "date") {
        const date = readEmbargoDate(form.publish_at, nowIso()) as { at: string };
        await publishItem(db, kind, row.id, caller, date.at);
        return "embargoed";
      }
      // "Now" means now: an embargo the author asked for is set aside (the date form keeps it).
      await publishItem(db, kind, row.id, caller, isPubliclyVisible(row, nowIso()) ? undefined : nowIso());
      return "published";
    },
    (form) => (form.when === "date" ? "publish_at" : "publish-now"),
  ),
);

reviewPages.post(
  "/desk/:kind/:id/return",
  handleAction(
    (form): Record<string, string> => {
      const note = (form.note ?? "").trim();
      if (note === "") return { note: "Enter a note that tells the author what to change." };
      if (note.length > 2000) return { note: "The note must be 2,000 characters or fewer." };
      return {};
    },
    async (db, kind, row, caller, form) => {
      await returnItem(db, kind, row.id, caller, (form.note ?? "").trim());
      return "returned";
    },
    () => "note",
  ),
);

reviewPages.post(
  "/desk/:kind/:id/withdraw",
  handleAction(
    (form): Record<string, string> => {
      const reason = (form.reason ?? "").trim();
      if (reason === "") return { reason: "Enter the reason it is withdrawn: readers of its page will see it." };
      if (!WithdrawBody.safeParse({ reason }).success) return { reason: "The reason must be between 3 and 2,000 characters." };
      return {};
    },
    async (db, kind, row, caller, form) => {
      await withdrawItem(db, kind, row.id, caller, (form.reason ?? "").trim());
      return "withdrawn";
    },
    () => "reason",
  ),
);

/** The publication in the address, when the caller may change it (editors, or its author before it is published). */
async function requireEditablePublication(c: Context<AppEnv>, caller: Caller): Promise<LifecycleRow> {
  const { row } = await requireDeskItem(c, caller, "publications");
  requireEditable(caller, row, "publications");
  return row;
}

async function readTopicChoices(db: Database) {
  return db.all<{ slug: string; name: string }>(sql`SELECT slug, name FROM topics ORDER BY name`);
}

/** Plain words for each field PublicationPatch refuses. */
const FIELD_PROBLEMS: Record<string, string> = {
  title: "Enter a title of at most 1,000 characters.",
  abstract: "The abstract must be 20,000 characters or fewer.",
  keywords: "Give at most 50 keywords, one a line, each at most 200 characters.",
  licence: "The licence must be 200 characters or fewer.",
  url: "Enter a full web address, such as https://example.org/paper, or leave it empty.",
  topics: "Choose at most 20 topics.",
};

/** Text areas come back with CRLF line ends; what is stored has LF. */
const normaliseLines = (text: string) => text.replace(/\r\n?/gu, "\n");

/**
 * The form as a PublicationPatch holding only what changed: sending an unchanged title back would drop the deposit's
 * markup of it and re-render its citations for nothing.
 */
function diffPublication(stored: PublicationFormValues, sent: PublicationFormValues): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  const optional = (value: string) => (value.trim() === "" ? null : value.trim());
  if (sent.title.trim() !== stored.title) patch.title = sent.title.trim();
  if (normaliseLines(sent.abstract).trim() !== normaliseLines(stored.abstract).trim()) patch.abstract = optional(normaliseLines(sent.abstract));
  const keywords = normaliseLines(sent.keywords).split("\n").map((k) => k.trim()).filter((k) => k !== "");
  if (keywords.join("\n") !== stored.keywords) patch.keywords = keywords;
  for (const field of ["language", "licence", "url"] as const) if (sent[field].trim() !== stored[field]) patch[field] = optional(sent[field]);
  if ([...sent.topics].sort().join(" ") !== [...stored.topics].sort().join(" ")) patch.topics = sent.topics;
  return patch;
}

async function renderEditPage(c: Context<AppEnv>, who: { caller: Caller; session: DeskSession }, row: LifecycleRow, extra: { problems?: Record<string, string>; values?: PublicationFormValues } = {}, status: 200 | 409 | 422 = 200) {
  const db = openDatabase(c.env.DB);
  const [[item], topics] = await Promise.all([loadPublications(db, [row.id]), readTopicChoices(db)]);
  const maySubmit = row.status === "draft" && ownsItem(who.caller, row);
  return c.html(
    <PublicationEditPage siteName={c.env.SITE_NAME} viewer={viewerOf(who.caller, who.session)} item={item} topics={topics} maySubmit={maySubmit} mayCorrect={mayCorrect(who.caller, row)} {...extra} />,
    status,
  );
}

/** A published paper's edit may be a correction, with a note readers see: for editors (only they may edit it now). */
const mayCorrect = (caller: Caller, row: LifecycleRow) => row.status === "published" && hasRole(caller, "editor");

reviewPages.get("/desk/publications/:id/edit", async (c) => {
  const who = requireDeskRole(c, "depositor");
  const row = await requireEditablePublication(c, who.caller);
  return renderEditPage(c, who, row);
});

reviewPages.post("/desk/publications/:id/edit", async (c) => {
  const who = requireDeskRole(c, "depositor");
  // Read with every value of a repeated field (the topics' checkboxes), then the same checks as readDeskForm's.
  const body = await c.req.parseBody({ all: true }).catch(() => {
    throw new RepositoryError("bad_request", "This form could not be read. Open the page again and send it again.");
  });
  requireCsrf(c, who.session, typeof body.csrf === "string" ? body.csrf : undefined);
  const row = await requireEditablePublication(c, who.caller);
  const db = openDatabase(c.env.DB);
  const text = (name: string) => (typeof body[name] === "string" ? (body[name] as string) : "");
  const topics = ([] as unknown[]).concat(body.topics ?? []).filter((t): t is string => typeof t === "string");
  const equity = readEquityFormBody(body);
  const sent: PublicationFormValues = { title: text("title"), abstract: text("abstract"), keywords: text("keywords"), language: text("language"), licence: text("licence"), url: text("url"), topics, equity: equity.values };
  const [stored] = await loadPublications(db, [row.id]);
  const patch = diffPublication(formValuesOf(stored), sent);
  if (equity.tags && !sameEquityTags(equity.tags, stored.equity)) patch.equity = equity.tags;
  const submit = text("submit_for_review") === "yes" && row.status === "draft" && ownsItem(who.caller, row);
  if (submit) patch.status = "submitted";
  // With a correction note, the save is a correction (even of no field: an erratum may change nothing stored here).
  const correctionNote = mayCorrect(who.caller, row) ? normaliseLines(text("correction_note")).trim() : "";
  if (correctionNote.length > 2000) {
    return renderEditPage(c, who, row, { problems: { correction_note: "The correction note must be 2,000 characters or fewer." }, values: { ...sent, correctionNote } }, 422);
  }
  if (Object.keys(equity.problems).length > 0) return renderEditPage(c, who, row, { problems: equity.problems, values: { ...sent, correctionNote } }, 422);
  if (Object.keys(patch).length === 0 && correctionNote === "") return c.redirect(`/desk/publications/${row.id}?done=unchanged`, 303);
  // A correction of a note alone changes no field: nothing to check but the note.
  const parsed = Object.keys(patch).length === 0 ? ({ success: true, data: {} } as const) : PublicationPatch.safeParse(patch);
  if (!parsed.success) {
    const problems: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? "title");
      problems[field] ??= field === "language" ? issue.message : (FIELD_PROBLEMS[field] ?? issue.message);
    }
    return renderEditPage(c, who, row, { problems, values: { ...sent, correctionNote } }, 422);
  }
  try {
    const result = correctionNote !== "" ? await correctPublication(db, row.id, who.caller, correctionNote, parsed.data) : await updatePublication(db, row.id, parsed.data, who.caller);
    if (result.citationsChanged) await queueCitationRendering(c.env.CITATION_QUEUE, [row.id]);
  } catch (error) {
    // A topic that does not exist (a stale form) is the one refusal updatePublication makes.
    if (error instanceof RepositoryError && (error.code === "invalid" || error.code === "conflict")) return renderEditPage(c, who, row, { problems: { topics: error.message }, values: { ...sent, correctionNote } }, 422);
    throw error;
  }
  return c.redirect(`/desk/publications/${row.id}?done=${correctionNote !== "" ? "corrected" : submit ? "submitted" : "saved"}`, 303);
});
