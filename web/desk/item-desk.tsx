// An item's desk page (as it will appear, marked while not public, its history and an editor's actions) and a publication's editing form.
import { ITEM_KIND_NAMES } from "../../schema/vocabularies";
import { isSafeRichHtml } from "../../worker/deposit/markup";
import { itemPagePath } from "../../worker/records/public-documents";
import type { BriefingJson, LaySummaryJson, PublicationJson } from "../../worker/records/schemas";
import { formatDate } from "../pages/dates";
import { describeReadingLevel, nameLanguage, readDirection } from "../pages/languages";
import { nameType, Paragraphs, SummaryList } from "../pages/item";
import { renderMarkdown } from "../pages/markdown";
import { CsrfField, DeskLayout, type DeskViewer, ErrorSummary, TextArea, TextField } from "./desk-layout";
import { BriefingEvidenceChanges } from "./evidence-review";
import { EquityPicker, type EquityPickerValues, EquityTagsSection, equityPickerValuesOf } from "./equity-picker";
import { PlainLanguageSection } from "./plain-language-panel";
import type { PlainLanguageCheck } from "../../worker/records/plain-language";
import type { EvidenceNotice } from "../../worker/records/evidence-notices";

export type DeskItem =
  | { kind: "publications"; item: PublicationJson }
  | { kind: "briefings"; item: BriefingJson }
  | { kind: "lay-summaries"; item: LaySummaryJson };

export type HistoryEntry = { at: string; actor: string; action: string; detail: Record<string, unknown> };

/** What the page confirms after an action; the address carries only the key, so no one can make the page say anything else. */
export const DONE_MESSAGES = {
  published: "Published: it is public now.",
  embargoed: "Scheduled: it will be public from the date you chose.",
  returned: "Returned to the author with your note.",
  withdrawn: "Withdrawn: its page now says why.",
  saved: "Your changes are saved.",
  submitted: "Saved and submitted for review.",
  unchanged: "Nothing was changed.",
  corrected: "Corrected: its page shows your note, and every briefing citing it says so.",
  "evidence-reviewed": "Marked reviewed: readers of the briefing are told an editor reviewed it.",
  tagged: "Equity tags saved.",
} as const;
export type DoneKey = keyof typeof DONE_MESSAGES;

/** A date and time as "1 December 2026, 09:30 UTC". */
function formatMoment(iso: string): string {
  return `${formatDate(iso.slice(0, 10))}, ${iso.slice(11, 16)} UTC`;
}

function Time({ iso }: { iso: string }) {
  return <time datetime={iso}>{formatMoment(iso)}</time>;
}

/** Where the item stands, in words. */
function describeState(item: DeskItem["item"], isPublic: boolean): string {
  if (item.status === "draft") return "Draft: only its author and editors can see it.";
  if (item.status === "submitted") return "Submitted: waiting for an editor's review.";
  if (item.status === "withdrawn") return `Withdrawn${item.withdrawn_at ? ` on ${formatMoment(item.withdrawn_at)}` : ""}: ${item.withdrawal_reason ?? "no reason was recorded."}`;
  if (!isPublic && item.publish_at) return `Published under embargo: it becomes public on ${formatMoment(item.publish_at)}.`;
  return `Published${item.publish_at ? ` on ${formatMoment(item.publish_at)}` : ""}.`;
}

function statusClass(item: DeskItem["item"], returned: boolean): string {
  return `status status-${returned ? "returned" : item.status}`;
}

function statusWord(item: DeskItem["item"], returned: boolean, isPublic: boolean): string {
  if (returned) return "Returned to the author";
  if (item.status === "published" && !isPublic) return "Embargoed";
  return { draft: "Draft", submitted: "Waiting for review", published: "Published", withdrawn: "Withdrawn" }[item.status];
}

/** The address of an item's public page. */
function Topics({ topics }: { topics: { slug: string; name: string }[] }) {
  return topics.length === 0 ? null : <>{topics.map((t) => t.name).join(", ")}</>;
}

function PublicationView({ item }: { item: PublicationJson }) {
  const issue = [item.volume && `volume ${item.volume}`, item.issue && `issue ${item.issue}`, item.pages && `pages ${item.pages}`].filter(Boolean).join(", ");
  return (
    <>
      {item.authors.length > 0 ? <p class="authors">{item.authors.map((a) => a.name).join(", ")}</p> : null}
      <SummaryList
        rows={[
          ["Type", nameType(item.type)],
          ["Published in", item.container_title],
          ["Date", item.issued && formatDate(item.issued)],
          ["Volume, issue, pages", issue],
          ["Publisher", item.publisher],
          ["DOI", item.doi && <span class="long-link">{item.doi}</span>],
          ["Web address", item.url && <span class="long-link">{item.url}</span>],
          ["Keywords", item.keywords.join(", ")],
          ["Language", item.language && nameLanguage(item.language)],
          ["Licence", item.licence],
          ["Topics", item.topics.length > 0 && <Topics topics={item.topics} />],
          ["BibTeX key", item.bibtex_key && <code>{item.bibtex_key}</code>],
        ]}
      />
      {item.abstract ? (
        <section aria-labelledby="abstract">
          <h3 id="abstract">Abstract</h3>
          {item.abstract_html && isSafeRichHtml(item.abstract_html) ? <p dangerouslySetInnerHTML={{ __html: item.abstract_html }} /> : <Paragraphs text={item.abstract} />}
        </section>
      ) : null}
    </>
  );
}

function BriefingView({ item, isEditor }: { item: BriefingJson; isEditor: boolean }) {
  return (
    <>
      <p class="lede">{item.summary}</p>
      {item.key_messages.length > 0 ? (
        <section aria-labelledby="key-messages">
          <h3 id="key-messages">Key messages</h3>
          <ul>
            {item.key_messages.map((m) => (
              <li>{m}</li>
            ))}
          </ul>
        </section>
      ) : null}
      <SummaryList
        rows={[
          ["Audience", item.audience],
          ["Language", nameLanguage(item.language)],
          ["Topics", item.topics.length > 0 && <Topics topics={item.topics} />],
        ]}
      />
      <section aria-labelledby="briefing-body" lang={item.language} dir={readDirection(item.language)}>
        <h3 id="briefing-body">The briefing</h3>
        <div class="item-text" dangerouslySetInnerHTML={{ __html: renderMarkdown(item.body) }} />
      </section>
      {item.publications.length > 0 ? (
        <section aria-labelledby="evidence">
          <h3 id="evidence">Evidence</h3>
          <ul>
            {item.publications.map((p) => (
              <li>{isEditor ? <a href={`/desk/publications/${p.id}`}>{p.title ?? "Untitled publication"}</a> : (p.title ?? "Untitled publication")}</li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

function LaySummaryView({ item, isEditor }: { item: LaySummaryJson; isEditor: boolean }) {
  const paper = item.publication.title ?? "the research paper";
  return (
    <>
      <div lang={item.language} dir={readDirection(item.language)} class="item-text">
        <div dangerouslySetInnerHTML={{ __html: renderMarkdown(item.body) }} />
      </div>
      <SummaryList
        rows={[
          ["Language", nameLanguage(item.language)],
          ["Reading level", item.readability && describeReadingLevel(item.readability)],
          ["Topics", item.topics.length > 0 && <Topics topics={item.topics} />],
          ["Summarises", isEditor ? <a href={`/desk/publications/${item.publication.id}`}>{paper}</a> : paper],
        ]}
      />
    </>
  );
}

/** One audit row in words: what was done. */
function describeAction(entry: HistoryEntry): string {
  const d = entry.detail;
  switch (entry.action) {
    case "create":
      return d.status === "submitted" ? "Created and submitted for review" : "Created as a draft";
    case "deposit":
      return d.status === "published" ? "Deposited and published" : "Deposited and submitted for review";
    case "update": {
      const fields = Array.isArray(d.fields) ? (d.fields as string[]) : [];
      return fields.length > 0 ? `Changed ${fields.map((f) => f.replace(/_/gu, " ")).join(", ")}` : "Changed";
    }
    case "publish":
      return typeof d.publish_at === "string" && d.publish_at > entry.at ? `Scheduled to be public on ${formatMoment(d.publish_at)}` : "Published";
    case "return":
      return "Returned to the author";
    case "withdraw":
      return "Withdrawn";
    case "correct":
      return "Corrected";
    case "evidence-changed":
      return d.change === "corrected" ? "A publication it cites was corrected" : "A publication it cites was withdrawn";
    case "evidence-reviewed":
      return "Reviewed after a change to its evidence";
    default:
      return entry.action;
  }
}

/** The audit trail as a list, not a table: four columns of dates and names broke mid-word on a 320 px phone. */
function History({ history }: { history: HistoryEntry[] }) {
  return (
    <section aria-labelledby="history">
      <h2 id="history">History</h2>
      <p class="visually-hidden">Every change to this item, oldest first.</p>
      <ol class="desk-history">
        {history.map((entry) => {
          const note = typeof entry.detail.note === "string" ? entry.detail.note : typeof entry.detail.reason === "string" ? entry.detail.reason : null;
          return (
            <li>
              <p class="desk-history-what">{describeAction(entry)}</p>
              <p class="meta">
                <Time iso={entry.at} />, by {entry.actor}
              </p>
              {note !== null ? <p class="desk-history-note">“{note}”</p> : null}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

type ActionProps = { base: string; viewer: DeskViewer; problems: Record<string, string>; values: Record<string, string> };

function PublishActions({ base, viewer, problems, values, requested }: ActionProps & { requested: string | null }) {
  return (
    <>
      <section aria-labelledby="publish-now" class="desk-action">
        <h3 id="publish-now">Publish now</h3>
        <form method="post" action={`${base}/publish`} class="desk-form">
          <CsrfField viewer={viewer} />
          <input type="hidden" name="when" value="now" />
          <button type="submit" class="button-primary">
            Publish now
          </button>
        </form>
      </section>
      <section aria-labelledby="publish-later" class="desk-action">
        <h3 id="publish-later">Publish at a date (embargo)</h3>
        <form method="post" action={`${base}/publish`} class="desk-form" novalidate>
          <CsrfField viewer={viewer} />
          <input type="hidden" name="when" value="date" />
          <TextField
            name="publish_at"
            label="Public from"
            type="date"
            hint={`It stays out of every public page, feed and search until 00:00 UTC on this day. For example, 2027-03-01.${requested ? ` Its author asked for ${formatDate(requested.slice(0, 10))}.` : ""}`}
            value={values.publish_at ?? requested?.slice(0, 10)}
            error={problems.publish_at}
          />
          <button type="submit" class="button-primary">
            Publish at this date
          </button>
        </form>
      </section>
    </>
  );
}

function ReturnAction({ base, viewer, problems, values }: ActionProps) {
  return (
    <section aria-labelledby="return-to-author" class="desk-action">
      <h3 id="return-to-author">Return to the author</h3>
      <form method="post" action={`${base}/return`} class="desk-form" novalidate>
        <CsrfField viewer={viewer} />
        <TextArea name="note" label="Note to the author" hint="What to change before it can be published. The author sees this note." value={values.note} error={problems.note} required rows={4} />
        <button type="submit" class="button-primary">
          Return to the author
        </button>
      </form>
    </section>
  );
}

function WithdrawAction({ base, viewer, problems, values }: ActionProps) {
  return (
    <section aria-labelledby="withdraw" class="desk-action">
      <h3 id="withdraw">Withdraw</h3>
      <form method="post" action={`${base}/withdraw`} class="desk-form" novalidate>
        <CsrfField viewer={viewer} />
        <TextArea
          name="reason"
          label="Reason for withdrawing"
          hint="Shown to everyone on its page, which stays as a record that it was withdrawn (for example, “Retracted by the journal: data error.”)."
          value={values.reason}
          error={problems.reason}
          required
          rows={3}
        />
        <button type="submit" class="button-warning">
          Withdraw
        </button>
      </form>
    </section>
  );
}

export type ItemDeskProps = {
  siteName: string;
  viewer: DeskViewer;
  entry: DeskItem;
  isEditor: boolean;
  isPublic: boolean;
  /** Who created it, and when. */
  creator: { name: string | null; at: string };
  /** For editors; null for an author, who sees only the editor's note. */
  history: HistoryEntry[] | null;
  returned: { note: string; by: string } | null;
  editHref: string | null;
  done?: DoneKey;
  problems?: Record<string, string>;
  values?: Record<string, string>;
  /** A briefing's notices of changes to its evidence (evidence-review.tsx); none for other kinds. */
  evidenceNotices?: EvidenceNotice[];
  /** The plain-language check of a briefing or lay summary; none for a publication. */
  plainLanguage?: PlainLanguageCheck;
};

export function ItemDeskPage(props: ItemDeskProps) {
  const { entry, isEditor, isPublic, viewer } = props;
  const { item, kind } = entry;
  const problems = props.problems ?? {};
  const values = props.values ?? {};
  const base = `/desk/${kind}/${item.id}`;
  const title = item.title ?? "Untitled publication";
  const returned = props.returned !== null;
  const actions = { base, viewer, problems, values };
  const canPublish = item.status !== "withdrawn" && !isPublic;
  const lang = kind === "lay-summaries" ? entry.item.language : undefined;
  return (
    <DeskLayout title={`${Object.keys(problems).length > 0 ? "Error: " : ""}${title}`} siteName={props.siteName} viewer={viewer} section={isEditor ? "/review" : "/account"}>
      <p class="meta">{ITEM_KIND_NAMES[kind].one}</p>
      {kind === "publications" && entry.item.title_html && isSafeRichHtml(entry.item.title_html) ? (
        <h1 dangerouslySetInnerHTML={{ __html: entry.item.title_html }} />
      ) : (
        <h1 lang={lang} dir={lang ? readDirection(lang) : undefined}>
          {title}
        </h1>
      )}
      {props.done ? (
        <div class="notice" role="status">
          <p>{DONE_MESSAGES[props.done]}</p>
        </div>
      ) : null}
      <ErrorSummary problems={problems} />
      {isPublic ? (
        <p>
          This {ITEM_KIND_NAMES[kind].one.toLowerCase()} is public: <a href={itemPagePath(kind, item.id)}>see its public page</a>.
        </p>
      ) : (
        <p class="not-public" role="status">
          Not public. {describeState(item, isPublic)}
        </p>
      )}
      <section aria-labelledby="review-state" class="desk-item-state">
        <h2 id="review-state">Status</h2>
        <p>
          <span class={statusClass(item, returned)}>{statusWord(item, returned, isPublic)}</span>
          {props.creator.name ? ` Created by ${props.creator.name}` : " Created"}
          {props.creator.at ? (
            <>
              {" "}
              on <Time iso={props.creator.at} />
            </>
          ) : null}
          .
        </p>
        {props.returned ? (
          <div class="notice">
            <h3 class="notice-title">Editor's note{props.returned.by ? ` from ${props.returned.by}` : ""}</h3>
            <p>{props.returned.note}</p>
          </div>
        ) : null}
        {props.editHref ? (
          <p>
            <a href={props.editHref}>Edit this {ITEM_KIND_NAMES[kind].one.toLowerCase()}</a>
          </p>
        ) : null}
      </section>
      <BriefingEvidenceChanges notices={props.evidenceNotices ?? []} viewer={viewer} isEditor={isEditor} />
      <EquityTagsSection tags={item.equity} changeHref={props.editHref ? `${base}/tags` : null} laySummary={kind === "lay-summaries"} />
      <section aria-labelledby="preview" class="item desk-preview">
        <h2 id="preview">As it will appear</h2>
        {kind === "publications" ? <PublicationView item={entry.item} /> : kind === "briefings" ? <BriefingView item={entry.item} isEditor={isEditor} /> : <LaySummaryView item={entry.item} isEditor={isEditor} />}
      </section>
      <PlainLanguageSection check={props.plainLanguage} />
      {isEditor && item.status !== "withdrawn" ? (
        <section aria-labelledby="actions">
          <h2 id="actions">Actions</h2>
          {canPublish ? <PublishActions {...actions} requested={item.status !== "published" && item.publish_at && !isPublic ? item.publish_at : null} /> : null}
          {item.status === "submitted" ? <ReturnAction {...actions} /> : null}
          {item.status === "published" ? <WithdrawAction {...actions} /> : null}
        </section>
      ) : null}
      {props.history ? <History history={props.history} /> : null}
    </DeskLayout>
  );
}

export type TopicChoice = { slug: string; name: string };

export type PublicationEditProps = {
  siteName: string;
  viewer: DeskViewer;
  item: PublicationJson;
  topics: TopicChoice[];
  /** The author of a draft may submit it from here. */
  maySubmit: boolean;
  /** An editor may save a published paper's changes as a correction, with a note readers see. */
  mayCorrect?: boolean;
  problems?: Record<string, string>;
  values?: PublicationFormValues;
};

/** The form's fields as text, as they were sent (or as stored). */
export type PublicationFormValues = {
  title: string;
  abstract: string;
  keywords: string;
  language: string;
  licence: string;
  url: string;
  topics: string[];
  /** A published paper's correction note, as typed. */
  correctionNote?: string;
  equity: EquityPickerValues;
};

/** The stored publication as the form shows it. */
export function formValuesOf(item: PublicationJson): PublicationFormValues {
  return {
    title: item.title ?? "",
    abstract: item.abstract ?? "",
    keywords: item.keywords.join("\n"),
    language: item.language ?? "",
    licence: item.licence ?? "",
    url: item.url ?? "",
    topics: item.topics.map((t) => t.slug),
    equity: equityPickerValuesOf(item.equity),
  };
}

export function PublicationEditPage(props: PublicationEditProps) {
  const { item, viewer } = props;
  const problems = props.problems ?? {};
  const values = props.values ?? formValuesOf(item);
  const base = `/desk/publications/${item.id}`;
  const title = item.title ?? "Untitled publication";
  return (
    <DeskLayout title={`${Object.keys(problems).length > 0 ? "Error: " : ""}Edit: ${title}`} siteName={props.siteName} viewer={viewer} section={viewer.role === "depositor" ? "/account" : "/review"}>
      <p>
        <a href={base}>Back to the publication</a>
      </p>
      <h1>Edit a publication</h1>
      <ErrorSummary problems={problems} />
      <p>
        The authors, date, journal and DOI come from the deposited BibTeX and are not changed here. A changed title or abstract is stored as plain text (any italics or
        subscripts from the deposit are dropped).
      </p>
      <form method="post" action={`${base}/edit`} class="desk-form" novalidate>
        <CsrfField viewer={viewer} />
        <TextField name="title" label="Title" value={values.title} error={problems.title} required />
        <TextArea name="abstract" label="Abstract (optional)" hint="Leave a blank line between paragraphs." value={values.abstract} error={problems.abstract} rows={10} />
        <TextArea name="keywords" label="Keywords (optional)" hint="One a line, at most 50." value={values.keywords} error={problems.keywords} rows={4} />
        <TextField name="language" label="Language (optional)" hint="A language tag such as en, cy or ur-PK." value={values.language} error={problems.language} />
        <TextField name="licence" label="Licence (optional)" hint="For example, CC BY 4.0." value={values.licence} error={problems.licence} />
        <TextField name="url" label="Web address (optional)" type="url" hint="Where the full text can be read, starting https://" value={values.url} error={problems.url} />
        <fieldset class={problems.topics ? "field has-error" : "field"} aria-describedby={problems.topics ? "topics-error" : undefined}>
          <legend id="topics">Topics (optional)</legend>
          {problems.topics ? (
            <p class="field-error" id="topics-error">
              <span class="visually-hidden">Error:</span> {problems.topics}
            </p>
          ) : null}
          <ul class="topic-choices">
            {props.topics.map((t) => (
              <li>
                <input type="checkbox" name="topics" value={t.slug} id={`topic-${t.slug}`} checked={values.topics.includes(t.slug)} />{" "}
                <label for={`topic-${t.slug}`}>{t.name}</label>
              </li>
            ))}
          </ul>
        </fieldset>
        <EquityPicker values={values.equity} problems={problems} />
        {props.mayCorrect ? (
          <TextArea
            name="correction_note"
            label="Correction note (optional)"
            hint="It is published: if this save corrects it, say what was corrected. The note is shown on its page (“Corrected on …”), and every briefing citing it tells its readers. Leave it empty for a change that corrects nothing, such as a new topic."
            value={values.correctionNote}
            error={problems.correction_note}
            rows={3}
          />
        ) : null}
        <div class="button-row">
          <button type="submit" class="button-primary" name="submit_for_review" value="">
            Save
          </button>
          {props.maySubmit ? (
            <button type="submit" class="button-primary" name="submit_for_review" value="yes">
              Save and submit for review
            </button>
          ) : null}
          <a href={base}>Cancel</a>
        </div>
      </form>
    </DeskLayout>
  );
}
