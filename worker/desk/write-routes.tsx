// HTTP for writing in the browser: /write/briefings and /write/lay-summaries (new), /desk/:kind/:id/edit, their live preview and plain-language check, and /static/write.js.
import { sql } from "drizzle-orm";
import { type Context, Hono } from "hono";
import type { z } from "@hono/zod-openapi";
import {
  type BriefingValues,
  BriefingFormPage,
  type LaySummaryValues,
  LaySummaryFormPage,
  type PaperChoice,
  SUMMARY_LANGUAGES,
  type WriteMode,
} from "../../web/desk/write";
import { type EquityPickerValues, equityPickerValuesOf } from "../../web/desk/equity-picker";
import { PlainLanguageReport, summarisePlainLanguage } from "../../web/desk/plain-language-panel";
import { renderMarkdown } from "../../web/pages/markdown";
import { WRITE_JS } from "../../web/static/write";
import type { ItemKind } from "../../schema/vocabularies";
import { asJsonParameter, nowIso, openDatabase, type Database } from "../db/client";
import { isId } from "../db/ids";
import type { AppEnv, Caller, DeskSession } from "../env";
import { RepositoryError } from "../errors";
import { createBriefing, loadBriefings, updateBriefing } from "../records/briefings";
import { createLaySummary, loadLaySummaries, updateLaySummary } from "../records/lay-summaries";
import { type LifecycleRow, ownedByCaller, requireEditable, requireVisibleRow, seenByCaller } from "../records/lifecycle";
import { briefingCheckText, MAX_CHECKED_CHARACTERS, type PlainLanguageCheck } from "../records/plain-language";
import { checkAgainstTarget, checkItemAgainstTarget } from "../records/plain-language-settings";
import { BriefingCreate, BriefingPatch, LaySummaryCreate, LaySummaryPatch } from "../records/schemas";
import { searchItems } from "../search/search";
import { readEquityForm } from "./equity-form";
import { readDeskForm, requireCsrf, requireDeskRole, viewerOf } from "./guard";

export const writePages = new Hono<AppEnv>();

writePages.get("/static/write.js", (c) =>
  c.body(WRITE_JS, 200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "public, max-age=3600" }),
);

/** What a button on the form asked for: save (as a draft, for review, or as it is), or only show the form again with more. */
type Action = "draft" | "submitted" | "save" | "find" | "preview" | "check" | "none";

function readAction(value: string | undefined): Action {
  return (["draft", "submitted", "save", "find", "preview", "check"] as const).find((a) => a === value) ?? "none";
}

/** Every value of a repeated field (checkboxes), as text. */
function allValues(body: Record<string, unknown>, name: string): string[] {
  const value = body[name];
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return [...new Set(values.filter((v): v is string => typeof v === "string" && v !== ""))];
}

/** The form's fields: the single ones after the CSRF check, the repeated ones (topics, papers) as lists. */
export async function readWriteForm(c: Context<AppEnv>, session: DeskSession) {
  const fields = await readDeskForm(c, session);
  const body = (await c.req.parseBody({ all: true })) as Record<string, unknown>;
  return { fields, list: (name: string) => allValues(body, name) };
}

async function listTopics(db: Database) {
  return db.all<{ slug: string; name: string }>(sql`SELECT slug, name FROM topics ORDER BY name`);
}

/**
 * The picked papers with their titles. A title the caller may not see (a paper that is not public and not theirs) is
 * not shown, though the paper stays picked when one of their briefings cites it (an editor may have); any other such
 * paper is left out, as one that does not exist, so a typed id tells nothing of it.
 */
async function describePapers(db: Database, caller: Caller, ids: readonly string[]): Promise<PaperChoice[]> {
  const valid = ids.filter(isId);
  if (valid.length === 0) return [];
  const rows = await db.all<{ id: string; title: string | null; year: number | null; visible: number }>(sql`
    SELECT id, title, issued_year AS year, ${seenByCaller("publications", caller, nowIso())} AS visible
    FROM publications WHERE id IN (SELECT value FROM json_each(${asJsonParameter(valid)}))
      AND (${seenByCaller("publications", caller, nowIso())}
        OR id IN (SELECT bp.publication_id FROM briefing_publications AS bp JOIN briefings AS b ON b.id = bp.briefing_id WHERE ${ownedByCaller(caller)}))`);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return valid.flatMap((id) => {
    const row = byId.get(id);
    if (!row) return [];
    return [row.visible ? { id, title: row.title ?? "Untitled", detail: row.year === null ? "" : `(${row.year})` } : { id, title: "A paper that is not public", detail: "" }];
  });
}

/** The repository's published papers matching the words typed, leaving out those already picked. */
async function findPapers(c: Context<AppEnv>, db: Database, q: string, picked: readonly string[]): Promise<PaperChoice[]> {
  const answer = await searchItems(db, { q, kind: ["publication"], topic: [], sort: "relevance", limit: 10 }, (work) => c.executionCtx.waitUntil(work));
  return answer.items
    .filter((hit) => !picked.includes(hit.id))
    .map((hit) => {
      const authors = hit.authors.length > 3 ? `${hit.authors.slice(0, 3).join(", ")} et al.` : hit.authors.join(", ");
      const detail = [authors, hit.year === null ? "" : `(${hit.year})`].filter(Boolean).join(" ");
      return { id: hit.id, title: hit.title, detail };
    });
}

/** A search's words, or the problem with them. */
function checkQuery(q: string): string | undefined {
  return q.length > 200 ? "Search with at most 200 characters." : undefined;
}

/**
 * Enter in any field sends the form as "find" (its first button, so that Enter in a search box searches): with nothing
 * to search for, the form only comes back as it was.
 */
const NOTHING_SAVED = "Nothing was saved yet: use “Save as draft” or “Submit for review”. To find papers, type words from a title, an author's name or a DOI, then press “Find papers”.";

/** A request field's form field, its rule in words, and what to say when it was left empty. */
type FieldMessages = [field: string, rule: string, whenEmpty?: string];

/** The first problem zod found with each field, as the form's field names them, in words for the author. */
function problemsFrom(issues: readonly z.core.$ZodIssue[], messages: Record<string, FieldMessages>): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const issue of issues) {
    const [field, message, whenEmpty] = messages[String(issue.path[0])] ?? ["title", issue.message];
    // An empty field is "enter …"; one that is too long, or wrong, gets the field's rule.
    problems[field] ??= issue.code === "too_small" && issue.path.length === 1 && whenEmpty ? whenEmpty : message;
  }
  return problems;
}

/** A RepositoryError that names the fields at fault (an unknown topic or paper) as the form's problems, else nothing. */
function problemsFromError(error: unknown, messages: Record<string, FieldMessages>): Record<string, string> | undefined {
  if (!(error instanceof RepositoryError) || error.code !== "invalid") return undefined;
  const errors = (error.extensions.errors as { path: string }[] | undefined) ?? [];
  const problems: Record<string, string> = {};
  for (const e of errors) {
    const [field, message] = messages[e.path] ?? ["title", error.message];
    problems[field] ??= message;
  }
  return Object.keys(problems).length > 0 ? problems : { title: error.message };
}

/** A briefing's form as the check reads it: the summary, each key message (one a line) and the body. */
function briefingTextOf(v: { summary: string; key_messages: string; body: string }): string {
  return briefingCheckText({ summary: v.summary, key_messages: v.key_messages.split(/\r?\n/u), body: v.body });
}

/** The item an edit form is for, if the caller may change it: another depositor's is a 404, as in the API. */
async function requireEditableItem(c: Context<AppEnv>, kind: ItemKind): Promise<{ caller: Caller; session: DeskSession; db: Database; id: string; row: LifecycleRow }> {
  const { caller, session } = requireDeskRole(c, "depositor");
  const id = c.req.param("id") ?? "";
  const noun = kind === "briefings" ? "briefing" : "lay summary";
  if (!isId(id)) throw new RepositoryError("not_found", `There is no ${noun} with id '${id}'.`);
  const db = openDatabase(c.env.DB);
  const row = await requireVisibleRow(db, kind, id, caller);
  requireEditable(caller, row, kind);
  return { caller, session, db, id, row };
}

/** An editor's note, while the item is a draft because an editor returned it. */
async function findReturnedNote(db: Database, kind: ItemKind, id: string, status: string): Promise<string | null> {
  if (status !== "draft") return null;
  const last = await db.get<{ action: string; detail: string } | undefined>(sql`
    SELECT action, detail FROM audit_log WHERE kind = ${kind} AND item_id = ${id} AND action IN ('return', 'publish', 'withdraw', 'update', 'submit')
    ORDER BY id DESC LIMIT 1`);
  return last?.action === "return" ? ((JSON.parse(last.detail).note as string | undefined) ?? null) : null;
}

/** A published or withdrawn item keeps its status when an editor edits it: only "Save changes" applies. */
function statusFor(action: Action, row: LifecycleRow | undefined): "draft" | "submitted" | undefined {
  const settled = row !== undefined && (row.status === "published" || row.status === "withdrawn");
  if (settled && action !== "save") throw new RepositoryError("conflict", `This item is ${row!.status}: its status stays as it is. Save the changes with “Save changes”.`);
  if (!settled && action === "save") return row === undefined ? "draft" : undefined;
  return action === "draft" || action === "submitted" ? action : undefined;
}

// ---------------------------------------------------------------------------------------------------------------- briefings

const BRIEFING_MESSAGES: Record<string, FieldMessages> = {
  title: ["title", "The title can be at most 300 characters.", "Enter a title."],
  summary: ["summary", "The summary can be at most 3,000 characters.", "Enter a summary."],
  key_messages: ["key_messages", "Write at most 12 key messages, one a line, each at most 500 characters."],
  body: ["body", "The body can be at most 200,000 characters."],
  audience: ["audience", "Say who the briefing is for in at most 200 characters.", "Enter who the briefing is for."],
  publication_ids: ["evidence_q", "Pick at most 100 papers, each one held in the repository."],
  topics: ["topics", "Pick at most 20 topics from the list."],
};

const EMPTY_BRIEFING: BriefingValues = { title: "", summary: "", key_messages: "", body: "", audience: "", topics: [], publication_ids: [], evidence_q: "", equity: equityPickerValuesOf({}) };

function readBriefingValues(fields: Record<string, string>, list: (name: string) => string[], equity: EquityPickerValues): BriefingValues {
  return {
    equity,
    title: fields.title ?? "",
    summary: fields.summary ?? "",
    key_messages: fields.key_messages ?? "",
    body: fields.body ?? "",
    audience: fields.audience ?? "",
    topics: list("topics"),
    publication_ids: list("publication_ids"),
    evidence_q: fields.evidence_q ?? "",
  };
}

function briefingInput(v: BriefingValues, status: "draft" | "submitted" | undefined) {
  const keyMessages = v.key_messages.split(/\r?\n/u).map((line) => line.trim()).filter(Boolean);
  return {
    title: v.title,
    summary: v.summary,
    key_messages: keyMessages,
    body: v.body.replace(/\r\n/gu, "\n"),
    audience: v.audience,
    publication_ids: v.publication_ids,
    topics: v.topics,
    ...(status === undefined ? {} : { status }),
  };
}

type BriefingTarget = { mode: WriteMode; action: string; row?: LifecycleRow; id?: string };

async function answerBriefingForm(c: Context<AppEnv>, caller: Caller, session: DeskSession, db: Database, target: BriefingTarget) {
  const { fields, list } = await readWriteForm(c, session);
  const equity = readEquityForm(list, (name) => fields[name]);
  const values = readBriefingValues(fields, list, equity.values);
  const action = readAction(fields.action);
  const render = async (extra: { problems?: Record<string, string>; results?: PaperChoice[]; preview?: string; notice?: string; plainLanguage?: PlainLanguageCheck }, status: 200 | 409 | 422 = 200) =>
    c.html(
      <BriefingFormPage
        siteName={c.env.SITE_NAME}
        viewer={viewerOf(caller, session)}
        mode={target.mode}
        action={target.action}
        values={values}
        topics={await listTopics(db)}
        picked={await describePapers(db, caller, values.publication_ids)}
        problems={extra.problems ?? {}}
        results={extra.results}
        preview={extra.preview}
        notice={extra.notice}
        plainLanguage={extra.plainLanguage}
      />,
      status,
    );
  if (action === "find") {
    const problem = checkQuery(values.evidence_q);
    if (problem) return render({ problems: { evidence_q: problem } }, 422);
    if (values.evidence_q.trim() === "") return render({ notice: NOTHING_SAVED });
    return render({ results: await findPapers(c, db, values.evidence_q, values.publication_ids) });
  }
  if (action === "preview") return render({ preview: renderMarkdown(values.body), plainLanguage: await checkAgainstTarget(db, briefingTextOf(values), "en") });
  if (action === "check") return render({ plainLanguage: await checkAgainstTarget(db, briefingTextOf(values), "en") });
  if (action === "none") return render({ notice: NOTHING_SAVED });

  const status = statusFor(action, target.row);
  const schema = target.id === undefined ? BriefingCreate : BriefingPatch;
  const parsed = schema.safeParse({ ...briefingInput(values, status), ...(equity.tags ? { equity: equity.tags } : {}) });
  if (!parsed.success || Object.keys(equity.problems).length > 0) return render({ problems: { ...(parsed.success ? {} : problemsFrom(parsed.error.issues, BRIEFING_MESSAGES)), ...equity.problems } }, 422);
  let id = target.id;
  try {
    if (id === undefined) id = await createBriefing(db, parsed.data as z.infer<typeof BriefingCreate>, caller);
    else await updateBriefing(db, id, parsed.data as z.infer<typeof BriefingPatch>, caller);
  } catch (error) {
    const problems = problemsFromError(error, BRIEFING_MESSAGES);
    if (problems) return render({ problems }, 422);
    throw error;
  }
  return c.redirect(`/desk/briefings/${id}`, 303);
}

writePages.get("/write/briefings", async (c) => {
  const { caller, session } = requireDeskRole(c, "depositor");
  const db = openDatabase(c.env.DB);
  return c.html(
    <BriefingFormPage
      siteName={c.env.SITE_NAME}
      viewer={viewerOf(caller, session)}
      mode={{ kind: "new" }}
      action="/write/briefings"
      values={EMPTY_BRIEFING}
      topics={await listTopics(db)}
      picked={[]}
      problems={{}}
    />,
  );
});

writePages.post("/write/briefings", async (c) => {
  const { caller, session } = requireDeskRole(c, "depositor");
  return answerBriefingForm(c, caller, session, openDatabase(c.env.DB), { mode: { kind: "new" }, action: "/write/briefings" });
});

writePages.get("/desk/briefings/:id/edit", async (c) => {
  const { caller, session, db, id, row } = await requireEditableItem(c, "briefings");
  const [item] = await loadBriefings(db, [id], true);
  const values: BriefingValues = {
    title: item.title,
    summary: item.summary,
    key_messages: item.key_messages.join("\n"),
    body: item.body,
    audience: item.audience,
    topics: item.topics.map((t) => t.slug),
    publication_ids: item.publications.map((p) => p.id),
    evidence_q: "",
    equity: equityPickerValuesOf(item.equity),
  };
  return c.html(
    <BriefingFormPage
      siteName={c.env.SITE_NAME}
      viewer={viewerOf(caller, session)}
      mode={{ kind: "edit", id, status: row.status, returnedNote: await findReturnedNote(db, "briefings", id, row.status) }}
      action={`/desk/briefings/${id}/edit`}
      values={values}
      topics={await listTopics(db)}
      picked={await describePapers(db, caller, values.publication_ids)}
      problems={{}}
      plainLanguage={await checkItemAgainstTarget(db, { kind: "briefings", item })}
    />,
  );
});

writePages.post("/desk/briefings/:id/edit", async (c) => {
  const { caller, session, db, id, row } = await requireEditableItem(c, "briefings");
  const mode: WriteMode = { kind: "edit", id, status: row.status };
  return answerBriefingForm(c, caller, session, db, { mode, action: `/desk/briefings/${id}/edit`, row, id });
});

// ------------------------------------------------------------------------------------------------------------ lay summaries

const LAY_SUMMARY_MESSAGES: Record<string, FieldMessages> = {
  publication_id: ["publication_q", "Pick the paper the summary is about: search for it, then choose it."],
  language: ["language", "Choose the language the summary is written in."],
  title: ["title", "The title can be at most 300 characters.", "Enter a title."],
  body: ["body", "The summary can be at most 50,000 characters.", "Write the summary."],
  topics: ["topics", "Pick at most 20 topics from the list."],
};

const EMPTY_LAY_SUMMARY: LaySummaryValues = { publication_id: "", publication_q: "", title: "", body: "", language: "en", topics: [], equity: equityPickerValuesOf({}) };

function readLaySummaryValues(fields: Record<string, string>, list: (name: string) => string[], equity: EquityPickerValues): LaySummaryValues {
  return {
    equity,
    publication_id: list("publication_id")[0] ?? "",
    publication_q: fields.publication_q ?? "",
    title: fields.title ?? "",
    body: fields.body ?? "",
    language: fields.language ?? "en",
    topics: list("topics"),
  };
}

type LaySummaryTarget = { mode: WriteMode; action: string; row?: LifecycleRow; id?: string; publicationFixed?: PaperChoice; language?: string };

async function answerLaySummaryForm(c: Context<AppEnv>, caller: Caller, session: DeskSession, db: Database, target: LaySummaryTarget) {
  const { fields, list } = await readWriteForm(c, session);
  const equity = readEquityForm(list, (name) => fields[name]);
  const values = readLaySummaryValues(fields, list, equity.values);
  // An existing summary's paper and language stay as they are (the API cannot change them either).
  if (target.language !== undefined) values.language = target.language;
  const action = readAction(fields.action);
  const render = async (
    extra: { problems?: Record<string, string>; results?: PaperChoice[]; preview?: string; notice?: string; plainLanguage?: PlainLanguageCheck },
    status: 200 | 409 | 422 = 200,
  ) =>
    c.html(
      <LaySummaryFormPage
        siteName={c.env.SITE_NAME}
        viewer={viewerOf(caller, session)}
        mode={target.mode}
        action={target.action}
        values={values}
        topics={await listTopics(db)}
        picked={target.publicationFixed ? [] : await describePapers(db, caller, values.publication_id ? [values.publication_id] : [])}
        publicationFixed={target.publicationFixed}
        problems={extra.problems ?? {}}
        results={extra.results}
        preview={extra.preview}
        notice={extra.notice}
        plainLanguage={extra.plainLanguage}
      />,
      status,
    );
  if (action === "find") {
    const problem = checkQuery(values.publication_q);
    if (problem) return render({ problems: { publication_q: problem } }, 422);
    if (values.publication_q.trim() === "") return render({ notice: NOTHING_SAVED });
    return render({ results: await findPapers(c, db, values.publication_q, values.publication_id ? [values.publication_id] : []) });
  }
  if (action === "preview") return render({ preview: renderMarkdown(values.body), plainLanguage: await checkAgainstTarget(db, values.body, values.language) });
  if (action === "check") return render({ plainLanguage: await checkAgainstTarget(db, values.body, values.language) });
  if (action === "none") return render({ notice: NOTHING_SAVED });

  const status = statusFor(action, target.row);
  // A form that comes back with a problem shows the check too, as it stood before the save was tried.
  const withCheck = async () => ({ plainLanguage: await checkAgainstTarget(db, values.body, values.language) });
  const input =
    target.id === undefined
      ? { publication_id: values.publication_id, language: values.language, title: values.title, body: values.body.replace(/\r\n/gu, "\n"), topics: values.topics, status }
      : { title: values.title, body: values.body.replace(/\r\n/gu, "\n"), topics: values.topics, ...(status === undefined ? {} : { status }) };
  const parsed = (target.id === undefined ? LaySummaryCreate : LaySummaryPatch).safeParse({ ...input, ...(equity.tags ? { equity: equity.tags } : {}) });
  const problems = { ...(parsed.success ? {} : problemsFrom(parsed.error.issues, LAY_SUMMARY_MESSAGES)), ...equity.problems };
  if (target.id === undefined && !(SUMMARY_LANGUAGES as readonly string[]).includes(values.language)) problems.language ??= LAY_SUMMARY_MESSAGES.language[1];
  if (!parsed.success || Object.keys(problems).length > 0) return render({ problems, ...(await withCheck()) }, 422);
  let id = target.id;
  try {
    if (id === undefined) id = await createLaySummary(db, parsed.data as z.infer<typeof LaySummaryCreate>, caller);
    else await updateLaySummary(db, id, parsed.data as z.infer<typeof LaySummaryPatch>, caller);
  } catch (error) {
    if (error instanceof RepositoryError && error.code === "conflict") {
      return render({ problems: { language: "This paper already has a summary in this language: pick another language, or edit that summary from My work." }, ...(await withCheck()) }, 409);
    }
    const found = problemsFromError(error, LAY_SUMMARY_MESSAGES);
    if (found) return render({ problems: found, ...(await withCheck()) }, 422);
    throw error;
  }
  return c.redirect(`/desk/lay-summaries/${id}`, 303);
}

writePages.get("/write/lay-summaries", async (c) => {
  const { caller, session } = requireDeskRole(c, "depositor");
  const db = openDatabase(c.env.DB);
  // A paper's page may link here with the paper already picked.
  const publication = c.req.query("publication_id") ?? "";
  return c.html(
    <LaySummaryFormPage
      siteName={c.env.SITE_NAME}
      viewer={viewerOf(caller, session)}
      mode={{ kind: "new" }}
      action="/write/lay-summaries"
      values={{ ...EMPTY_LAY_SUMMARY, publication_id: publication }}
      topics={await listTopics(db)}
      picked={await describePapers(db, caller, publication ? [publication] : [])}
      problems={{}}
    />,
  );
});

writePages.post("/write/lay-summaries", async (c) => {
  const { caller, session } = requireDeskRole(c, "depositor");
  return answerLaySummaryForm(c, caller, session, openDatabase(c.env.DB), { mode: { kind: "new" }, action: "/write/lay-summaries" });
});

async function loadLaySummaryTarget(c: Context<AppEnv>) {
  const found = await requireEditableItem(c, "lay-summaries");
  const [item] = await loadLaySummaries(found.db, [found.id], true);
  const [publication] = await describePapers(found.db, found.caller, [item.publication.id]);
  return { ...found, item, publication };
}

writePages.get("/desk/lay-summaries/:id/edit", async (c) => {
  const { caller, session, db, id, row, item, publication } = await loadLaySummaryTarget(c);
  const values: LaySummaryValues = { publication_id: item.publication.id, publication_q: "", title: item.title, body: item.body, language: item.language, topics: item.topics.map((t) => t.slug), equity: equityPickerValuesOf(item.equity) };
  return c.html(
    <LaySummaryFormPage
      siteName={c.env.SITE_NAME}
      viewer={viewerOf(caller, session)}
      mode={{ kind: "edit", id, status: row.status, returnedNote: await findReturnedNote(db, "lay-summaries", id, row.status) }}
      action={`/desk/lay-summaries/${id}/edit`}
      values={values}
      topics={await listTopics(db)}
      picked={[]}
      publicationFixed={publication}
      problems={{}}
      plainLanguage={await checkItemAgainstTarget(db, { kind: "lay-summaries", item })}
    />,
  );
});

writePages.post("/desk/lay-summaries/:id/edit", async (c) => {
  const { caller, session, db, id, row, item, publication } = await loadLaySummaryTarget(c);
  const mode: WriteMode = { kind: "edit", id, status: row.status };
  return answerLaySummaryForm(c, caller, session, db, { mode, action: `/desk/lay-summaries/${id}/edit`, row, id, publicationFixed: publication, language: item.language });
});

// ------------------------------------------------------------------------------------------------ as the author types (JS)

/** The JSON a live preview or score sends: the text (and its language), with the session's CSRF secret in X-CSRF-Token. */
async function readTypedText(c: Context<AppEnv>): Promise<{ body: string; language: string }> {
  const { session } = requireDeskRole(c, "depositor");
  requireCsrf(c, session, undefined);
  const sent = (await c.req.json().catch(() => null)) as { body?: unknown; language?: unknown } | null;
  if (!sent || typeof sent.body !== "string" || sent.body.length > 200_000) throw new RepositoryError("bad_request", "Send JSON with the text as `body` (at most 200,000 characters).");
  return { body: sent.body, language: typeof sent.language === "string" ? sent.language : "en" };
}

writePages.post("/write/preview", async (c) => {
  const { body } = await readTypedText(c);
  return c.json({ html: renderMarkdown(body) });
});

/**
 * The plain-language check as the author types: the form's checked fields by name (a summary's `body` and `language`;
 * a briefing's `summary`, `key_messages` and `body`), answered with the report's HTML and its one-line summary.
 */
writePages.post("/write/plain-language", async (c) => {
  const { session } = requireDeskRole(c, "depositor");
  requireCsrf(c, session, undefined);
  const sent = (await c.req.json().catch(() => null)) as Record<string, unknown> | null;
  const field = (name: string) => (sent && typeof sent[name] === "string" ? (sent[name] as string) : undefined);
  const body = field("body");
  if (body === undefined) throw new RepositoryError("bad_request", "Send JSON with the text as `body`, and for a briefing its `summary` and `key_messages`.");
  const briefing = field("summary") !== undefined || field("key_messages") !== undefined;
  const text = briefing ? briefingTextOf({ summary: field("summary") ?? "", key_messages: field("key_messages") ?? "", body }) : body;
  if (text.length > MAX_CHECKED_CHARACTERS) throw new RepositoryError("payload_too_large", `The check takes at most ${MAX_CHECKED_CHARACTERS.toLocaleString("en-GB")} characters.`);
  const check = await checkAgainstTarget(openDatabase(c.env.DB), text, field("language") ?? "en");
  return c.json({ summary: summarisePlainLanguage(check), html: String(<PlainLanguageReport check={check} />) });
});
