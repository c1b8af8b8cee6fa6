// The forms an author writes a policy briefing or a plain-language summary in: Markdown with a preview, topics, evidence picked by searching, the plain-language check.
import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import type { PlainLanguageCheck } from "../../worker/records/plain-language";
import { nameLanguageNatively, readDirection } from "../pages/languages";
import { CsrfField, DeskLayout, type DeskViewer, describedBy, ErrorSummary, FieldError, TextArea, TextField } from "./desk-layout";
import { PlainLanguagePanel } from "./plain-language-panel";
import { EquityPicker, type EquityPickerValues } from "./equity-picker";

/** A publication as the form offers it: picked already, or found by a search. */
export type PaperChoice = { id: string; title: string; detail: string };

export type TopicChoice = { slug: string; name: string };

/**
 * The languages a summary may be written in: the schema takes any BCP 47 tag, and these are the languages the
 * centre's communities read (English first, then the UK's own, then the most spoken community languages).
 */
export const SUMMARY_LANGUAGES = ["en", "cy", "gd", "ga", "ur", "pa", "bn", "gu", "ar", "so", "pl", "ro", "pt", "es", "zh", "ti", "fa", "ps", "ku", "tr"] as const;

export type BriefingValues = {
  title: string;
  summary: string;
  key_messages: string;
  body: string;
  audience: string;
  topics: string[];
  publication_ids: string[];
  evidence_q: string;
  equity: EquityPickerValues;
};

export type LaySummaryValues = {
  publication_id: string;
  publication_q: string;
  title: string;
  body: string;
  language: string;
  topics: string[];
  equity: EquityPickerValues;
};

/** Where the form is: a new item, or an existing one (its status decides which buttons it has). */
export type WriteMode = { kind: "new" } | { kind: "edit"; id: string; status: "draft" | "submitted" | "published" | "withdrawn"; returnedNote?: string | null };

type Common = {
  siteName: string;
  viewer: DeskViewer;
  mode: WriteMode;
  problems: Record<string, string>;
  topics: TopicChoice[];
  /** The papers picked so far, with their titles. */
  picked: PaperChoice[];
  /** The papers a "Find papers" search found (not those already picked); `undefined` when nobody searched. */
  results?: PaperChoice[];
  /** The HTML of the body, after "Preview". */
  preview?: string;
  /** A line at the top after something was done that is not an error ("Nothing was saved"). */
  notice?: string;
  /** The plain-language check of the text, after "Check plain language" or "Preview", and on an edit form. */
  plainLanguage?: PlainLanguageCheck;
};

function TopicsField({ topics, chosen, error }: { topics: TopicChoice[]; chosen: string[]; error?: string }) {
  return (
    <fieldset class={error ? "field has-error write-topics" : "field write-topics"} aria-describedby={describedBy("topics-hint", error && "topics-error")}>
      <legend>Topics</legend>
      <p class="meta" id="topics-hint">
        Pick up to 20: readers find the item under each.
      </p>
      <FieldError name="topics" error={error} />
      <ul class="write-choices">
        {topics.map((topic, i) => (
          <li>
            <input type="checkbox" id={i === 0 ? "topics" : `topics-${topic.slug}`} name="topics" value={topic.slug} checked={chosen.includes(topic.slug)} />{" "}
            <label for={i === 0 ? "topics" : `topics-${topic.slug}`}>{topic.name}</label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

/**
 * Papers picked by searching the repository. Without JavaScript, "Find papers" sends the whole form back and the page
 * returns with everything typed kept and the matches as boxes to tick; /static/write.js shows the same matches as the
 * author types. `multiple`: checkboxes (a briefing's evidence) or radio buttons (the one paper a summary summarises).
 */
function PaperPicker(props: { name: string; queryName: string; legend: string; hint: string; query: string; picked: PaperChoice[]; results?: PaperChoice[]; multiple: boolean; error?: string; action: string }) {
  const type = props.multiple ? "checkbox" : "radio";
  const box = (paper: PaperChoice, checked: boolean) => (
    <li>
      <input type={type} id={`${props.name}-${paper.id}`} name={props.name} value={paper.id} checked={checked} />{" "}
      <label for={`${props.name}-${paper.id}`}>
        {paper.title}
        {paper.detail ? <span class="meta write-paper-detail"> {paper.detail}</span> : null}
      </label>
    </li>
  );
  return (
    <fieldset id="papers" class={props.error ? "field has-error write-papers" : "field write-papers"} aria-describedby={describedBy(`${props.queryName}-hint`, props.error && `${props.queryName}-error`)}>
      <legend>{props.legend}</legend>
      <p class="meta" id={`${props.queryName}-hint`}>
        {props.hint}
      </p>
      <FieldError name={props.queryName} error={props.error} />
      {props.picked.length > 0 ? (
        <>
          <p class="write-list-title">{props.multiple ? "Picked" : "Picked paper"}</p>
          <ul class="write-choices" data-picked>
            {props.picked.map((paper) => box(paper, true))}
          </ul>
        </>
      ) : null}
      <label for={props.queryName}>Search the repository's papers</label>
      <div class="search-row write-search">
        <input type="search" id={props.queryName} name={props.queryName} value={props.query} autocomplete="off" data-paper-search={props.name} data-paper-type={type} />
        <button type="submit" name="action" value="find" formaction={`${props.action}#papers`}>
          Find papers
        </button>
      </div>
      <div id={`${props.name}-results`} class="write-results" data-results>
        {props.results === undefined ? null : props.results.length === 0 ? (
          <p role="status">No other papers match “{props.query}”.</p>
        ) : (
          <>
            <p class="write-list-title" role="status">
              {props.results.length === 1 ? "1 paper matches" : `${props.results.length} papers match`} “{props.query}”
            </p>
            <ul class="write-choices">{props.results.map((paper) => box(paper, false))}</ul>
          </>
        )}
      </div>
    </fieldset>
  );
}

/** The body's preview, under the form: filled by "Preview", and as the author types by /static/write.js. */
function PreviewPanel({ html }: { html?: string }) {
  return (
    <section id="preview" class="write-preview" aria-labelledby="preview-title" data-preview>
      <h2 id="preview-title">Preview</h2>
      <div class="write-preview-body" data-preview-body>
        {html === undefined ? <p class="meta">Press “Preview” to see the text as readers will.</p> : raw(html)}
      </div>
    </section>
  );
}

/** Save or submit; an item an editor edits after publication keeps its status and is only saved. */
function SaveButtons({ mode }: { mode: WriteMode }) {
  const settled = mode.kind === "edit" && (mode.status === "published" || mode.status === "withdrawn");
  return (
    <div class="button-row write-save">
      {settled ? (
        <button type="submit" name="action" value="save" class="button-primary">
          Save changes
        </button>
      ) : (
        <>
          <button type="submit" name="action" value="draft">
            Save as draft
          </button>
          <button type="submit" name="action" value="submitted" class="button-primary">
            Submit for review
          </button>
        </>
      )}
    </div>
  );
}

function statusLine(mode: WriteMode, action: string): Child {
  if (mode.kind === "new") return null;
  const words = { draft: "a draft", submitted: "waiting for review", published: "published", withdrawn: "withdrawn" }[mode.status];
  return (
    <>
      <p>
        This item is <strong>{words}</strong>. <a href={action.replace(/\/edit$/u, "")}>Back to the item</a>
      </p>
      {mode.returnedNote ? (
        <div class="notice">
          <h2 class="notice-title">Returned to you by an editor</h2>
          <p>{mode.returnedNote}</p>
        </div>
      ) : null}
    </>
  );
}

/**
 * The button Enter presses (a form's first): "find", so that Enter in a paper search searches, and Enter elsewhere only
 * brings the form back, never saving or submitting by accident. Out of sight and out of the tab order: the visible
 * "Find papers" is the one people use.
 */
function DefaultButton() {
  return (
    <button type="submit" name="action" value="find" class="visually-hidden" tabindex={-1} aria-hidden="true">
      Find papers
    </button>
  );
}

function Notice({ text }: { text?: string }) {
  return text ? (
    <p class="notice" role="status">
      {text}
    </p>
  ) : null;
}

const MARKDOWN_HINT = (
  <>
    Markdown: a blank line between paragraphs, <code>## Heading</code>, <code>**bold**</code>, <code>- </code> for a list, <code>[words](https://…)</code> for a link.
  </>
);

export function BriefingFormPage(props: Common & { values: BriefingValues; action: string }) {
  const { values: v, problems: p } = props;
  const heading = props.mode.kind === "new" ? "Write a policy briefing" : "Edit the policy briefing";
  return (
    <DeskLayout title={heading} siteName={props.siteName} viewer={props.viewer} section={props.mode.kind === "new" ? "/write/briefings" : undefined} head={<script src="/static/write.js" defer></script>}>
      <h1>{heading}</h1>
      {statusLine(props.mode, props.action)}
      <ErrorSummary problems={p} />
      <Notice text={props.notice} />
      <form method="post" action={props.action} class="desk-form write-form" novalidate data-write="briefings">
        <CsrfField viewer={props.viewer} />
        <DefaultButton />
        <TextField name="title" label="Title" value={v.title} error={p.title} hint="At most 300 characters." />
        <TextArea name="summary" label="Summary" rows={4} value={v.summary} error={p.summary} hint="A paragraph that says what the briefing is about and who should act. At most 3,000 characters." data={{ "check-source": "" }} />
        <TextArea name="key_messages" label="Key messages" rows={5} value={v.key_messages} error={p.key_messages} hint="One message a line, up to 12, each at most 500 characters. They come first on the page." data={{ "check-source": "" }} />
        <TextArea name="body" label="Body" rows={14} value={v.body} error={p.body} hint={MARKDOWN_HINT} data={{ "preview-source": "", "check-source": "" }} />
        <div class="button-row">
          <button type="submit" name="action" value="preview" formaction={`${props.action}#preview`}>
            Preview
          </button>
        </div>
        <PlainLanguagePanel check={props.plainLanguage} action={props.action} />
        <TextField name="audience" label="Audience" value={v.audience} error={p.audience} hint="Who it is written for, e.g. “Local authority commissioners”." />
        <TopicsField topics={props.topics} chosen={v.topics} error={p.topics} />
        <EquityPicker values={v.equity} problems={p} />
        <PaperPicker
          name="publication_ids"
          queryName="evidence_q"
          legend="Evidence"
          hint="The papers in the repository the briefing rests on, up to 100: search by title, author or DOI, then tick them."
          query={v.evidence_q}
          picked={props.picked}
          results={props.results}
          multiple
          error={p.evidence_q}
          action={props.action}
        />
        <SaveButtons mode={props.mode} />
      </form>
      <PreviewPanel html={props.preview} />
    </DeskLayout>
  );
}

export function LaySummaryFormPage(props: Common & { values: LaySummaryValues; action: string; publicationFixed?: PaperChoice }) {
  const { values: v, problems: p } = props;
  const heading = props.mode.kind === "new" ? "Write a plain-language summary" : "Edit the plain-language summary";
  const languageName = (tag: string) => nameLanguageNatively(tag) === tag ? tag : `${nameLanguageNatively(tag)}${tag === "en" ? "" : ` (${tag})`}`;
  return (
    <DeskLayout title={heading} siteName={props.siteName} viewer={props.viewer} section={props.mode.kind === "new" ? "/write/lay-summaries" : undefined} head={<script src="/static/write.js" defer></script>}>
      <h1>{heading}</h1>
      {statusLine(props.mode, props.action)}
      <ErrorSummary problems={p} />
      <Notice text={props.notice} />
      <form method="post" action={props.action} class="desk-form write-form" novalidate data-write="lay-summaries">
        <CsrfField viewer={props.viewer} />
        <DefaultButton />
        {props.publicationFixed ? (
          <div class="field">
            <p class="write-list-title">Summary of</p>
            <p>{props.publicationFixed.title}</p>
            <p class="write-list-title">Language</p>
            <p>{languageName(v.language)}</p>
            <input type="hidden" name="language" value={v.language} />
          </div>
        ) : (
          <>
            <PaperPicker
              name="publication_id"
              queryName="publication_q"
              legend="The paper it summarises"
              hint="Search by title, author or DOI, then pick one."
              query={v.publication_q}
              picked={props.picked}
              results={props.results}
              multiple={false}
              error={p.publication_q}
              action={props.action}
            />
            <div class={p.language ? "field has-error" : "field"}>
              <label for="language">Language</label>
              <p class="meta" id="language-hint">
                A paper has one summary in each language.
              </p>
              <FieldError name="language" error={p.language} />
              <select id="language" name="language" aria-describedby={describedBy("language-hint", p.language && "language-error")} aria-invalid={p.language ? "true" : undefined}>
                {SUMMARY_LANGUAGES.map((tag) => (
                  <option value={tag} selected={v.language === tag}>
                    {languageName(tag)}
                  </option>
                ))}
              </select>
            </div>
          </>
        )}
        <TextField name="title" label="Title" value={v.title} error={p.title} hint="At most 300 characters, in the summary's language." />
        <TextArea
          name="body"
          label="Summary"
          rows={14}
          value={v.body}
          error={p.body}
          lang={v.language}
          dir={readDirection(v.language)}
          hint={<>Short sentences and everyday words. {MARKDOWN_HINT}</>}
          data={{ "preview-source": "", "check-source": "" }}
        />
        <div class="button-row">
          <button type="submit" name="action" value="preview" formaction={`${props.action}#preview`}>
            Preview
          </button>
        </div>
        <PlainLanguagePanel check={props.plainLanguage} action={props.action} />
        <TopicsField topics={props.topics} chosen={v.topics} error={p.topics} />
        <EquityPicker values={v.equity} problems={p} />
        <SaveButtons mode={props.mode} />
      </form>
      <PreviewPanel html={props.preview} />
    </DeskLayout>
  );
}
