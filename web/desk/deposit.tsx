// The deposit pages of the desk: the form that sends a .bib file or pasted BibTeX, the report to check before storing, and the stored report.
import { CsrfField, DeskLayout, type DeskViewer, ErrorSummary } from "./desk-layout";

/** One entry of the report as the page shows it; links are worked out by the route, which knows the stored records. */
export type DepositRow = {
  key: string;
  line: number;
  status: "created" | "duplicate" | "invalid";
  title?: string;
  authors?: string[];
  error?: string;
  warnings: string[];
  /** For a new entry, the equity tags its keywords gave, each as "Perinatal (life-course stage)". */
  equityTags?: string[];
  /** A stored entry's page (its desk page while it waits for review). */
  href?: string;
  /** What a duplicate repeats: a stored record (linked when this person may open it) or an earlier entry of the file. */
  duplicateOf?: { kind: "stored"; title: string; href: string | null; note?: string } | { kind: "earlier"; index: number; key: string; line: number };
};

export type DepositCounts = { created: number; duplicates: number; failed: number; warnings: number };

/** The file carried from the report to the confirmation, so that storing needs no JavaScript and nothing kept on the server. */
export type CarriedFile = { data: string; charset: string; name: string };

const SCRIPT = <script src="/static/deposit.js" defer></script>;
/** Authors shown for one entry before the rest are counted: a consortium paper can list hundreds. */
const SHOWN_AUTHORS = 10;

function plural(count: number, one: string, many: string): string {
  return `${count.toLocaleString("en-GB")} ${count === 1 ? one : many}`;
}

function whatHappensToNew(role: DeskViewer["role"]): string {
  return role === "depositor" ? "New entries are submitted for review: an editor checks them before they are public." : "As an editor, your new entries are published as soon as you store them.";
}

export function DepositFormPage({ siteName, viewer, problems = {}, bibtex = "", status = 200 }: { siteName: string; viewer: DeskViewer; problems?: Record<string, string>; bibtex?: string; status?: number }) {
  const fileError = problems.file;
  const pasteError = problems.bibtex;
  return (
    <DeskLayout title={status === 200 ? "Deposit BibTeX" : "Error: Deposit BibTeX"} siteName={siteName} viewer={viewer} section="/deposit" head={SCRIPT}>
      <h1>Deposit BibTeX</h1>
      <ErrorSummary problems={problems} />
      <p>Send a BibTeX export from Zotero, JabRef or Mendeley as it is. You will see a report of every entry first: nothing is stored until you confirm.</p>
      <p>{whatHappensToNew(viewer.role)}</p>
      <form method="post" action="/deposit" enctype="multipart/form-data" class="desk-form" data-upload-progress="Sending the file">
        <CsrfField viewer={viewer} />
        <div class={fileError ? "field has-error" : "field"}>
          <label for="file">BibTeX file</label>
          <p class="meta" id="file-hint">
            A .bib file of up to 8 MB.
          </p>
          {fileError ? (
            <p class="field-error" id="file-error">
              <span class="visually-hidden">Error:</span> {fileError}
            </p>
          ) : null}
          <input
            id="file"
            name="file"
            type="file"
            accept=".bib,.bibtex,.txt,text/x-bibtex,application/x-bibtex,text/plain"
            aria-describedby={fileError ? "file-hint file-error" : "file-hint"}
            aria-invalid={fileError ? "true" : undefined}
          />
        </div>
        <div class={pasteError ? "field has-error" : "field"}>
          <label for="bibtex">Or paste BibTeX</label>
          <p class="meta" id="bibtex-hint">
            One or more entries, each starting like <code>@article{"{"}key,</code>
          </p>
          {pasteError ? (
            <p class="field-error" id="bibtex-error">
              <span class="visually-hidden">Error:</span> {pasteError}
            </p>
          ) : null}
          <textarea
            id="bibtex"
            name="bibtex"
            rows={10}
            spellcheck={false}
            aria-describedby={pasteError ? "bibtex-hint bibtex-error" : "bibtex-hint"}
            aria-invalid={pasteError ? "true" : undefined}
          >
            {bibtex}
          </textarea>
        </div>
        <UploadProgress />
        <button type="submit" class="button-primary">
          Check the entries
        </button>
      </form>
    </DeskLayout>
  );
}

/** Shown by /static/deposit.js while a large file is sent; hidden (and never needed) without JavaScript. */
function UploadProgress() {
  return (
    <div class="deposit-progress">
      <div class="deposit-progress-bar" hidden>
        <label for="upload-progress">Progress</label>
        <progress id="upload-progress" max={100} value={0}>
          0%
        </progress>
      </div>
      <p class="deposit-progress-status" role="status"></p>
    </div>
  );
}

function statusLabel(row: DepositRow, stored: boolean, role: DeskViewer["role"]): { text: string; class: string } {
  if (row.status === "invalid") return { text: stored ? "Not stored" : "Cannot be stored", class: "status-invalid" };
  if (row.status === "duplicate") return { text: stored ? "Duplicate, not stored" : "Duplicate", class: "status-duplicate" };
  if (!stored) return { text: "New", class: "status-new" };
  return role === "depositor" ? { text: "Waiting for review", class: "status-submitted" } : { text: "Published", class: "status-published" };
}

/** The error without its "entry 'key' at line N: " opening, which the entry's own heading already says. */
function reasonOf(row: DepositRow): string {
  const opening = `${row.key ? `entry '${row.key}'` : "the entry"} at line ${row.line}: `;
  const error = row.error ?? "it could not be read";
  const reason = error.startsWith(opening) ? error.slice(opening.length) : error;
  // Without its opening, "is a @set, …" or "has no title, …" needs a subject to read as a sentence.
  return /^(?:is|has|could|cannot|uses|was) /u.test(reason) ? `It ${reason}` : reason;
}

function entryName(row: Pick<DepositRow, "key" | "line">): string {
  return row.key ? `${row.key} (line ${row.line})` : `the entry at line ${row.line}`;
}

function Authors({ authors }: { authors: string[] }) {
  if (authors.length === 0) return <p class="meta">No authors</p>;
  const shown = authors.slice(0, SHOWN_AUTHORS).join("; ");
  const more = authors.length - SHOWN_AUTHORS;
  return <p class="meta">By {more > 0 ? `${shown}; and ${plural(more, "other", "others")}` : shown}</p>;
}

function DepositEntry({ row, index, stored, role }: { row: DepositRow; index: number; stored: boolean; role: DeskViewer["role"] }) {
  const label = statusLabel(row, stored, role);
  const heading = row.title ?? (row.key ? `Entry ${row.key}` : "Entry without a key");
  return (
    <li id={`entry-${index}`} class={`deposit-entry deposit-entry-${row.status}`}>
      <p class="deposit-entry-where">
        <span class={`status ${label.class}`}>{label.text}</span> <span class="meta">Line {row.line}</span>
        {row.key ? (
          <>
            {" "}
            <code class="deposit-key">{row.key}</code>
          </>
        ) : null}
      </p>
      <h3 class="deposit-entry-title">{row.href ? <a href={row.href}>{heading}</a> : heading}</h3>
      {row.authors ? <Authors authors={row.authors} /> : null}
      {row.status === "invalid" ? (
        <p class="deposit-reason">
          <strong>Why:</strong> {reasonOf(row)}
        </p>
      ) : null}
      {row.duplicateOf?.kind === "stored" ? (
        <p>
          Already in the repository: {row.duplicateOf.href ? <a href={row.duplicateOf.href}>{row.duplicateOf.title}</a> : <cite>{row.duplicateOf.title}</cite>}
          {row.duplicateOf.note ? ` (${row.duplicateOf.note})` : null}
        </p>
      ) : null}
      {row.duplicateOf?.kind === "earlier" ? (
        <p>
          Repeats <a href={`#entry-${row.duplicateOf.index}`}>{entryName(row.duplicateOf)}</a>, earlier in this file.
        </p>
      ) : null}
      {row.equityTags && row.equityTags.length > 0 ? <p class="deposit-equity">Tagged from keywords: {row.equityTags.join(", ")}</p> : null}
      {row.warnings.length > 0 ? (
        <div class="deposit-warnings">
          <p class="deposit-warnings-title">{plural(row.warnings.length, "warning", "warnings")}</p>
          <ul>
            {row.warnings.map((warning) => (
              <li>{warning}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </li>
  );
}

function Counts({ counts, stored, role, total }: { counts: DepositCounts; stored: boolean; role: DeskViewer["role"]; total: number }) {
  const created = stored ? (role === "depositor" ? "stored, waiting for review" : "stored and published") : "new, to be stored";
  return (
    <>
      <p>{plural(total, "entry", "entries")} in the file:</p>
      <ul class="deposit-counts">
        <li>
          <strong>{counts.created.toLocaleString("en-GB")}</strong> {created}
        </li>
        <li>
          <strong>{counts.duplicates.toLocaleString("en-GB")}</strong> {counts.duplicates === 1 ? "duplicate" : "duplicates"}, not stored again
        </li>
        <li>
          <strong>{counts.failed.toLocaleString("en-GB")}</strong> {stored ? "not stored" : "cannot be stored"}
        </li>
        <li>
          <strong>{counts.warnings.toLocaleString("en-GB")}</strong> {counts.warnings === 1 ? "warning" : "warnings"}
        </li>
      </ul>
    </>
  );
}

export function DepositReportPage(props: {
  siteName: string;
  viewer: DeskViewer;
  stored: boolean;
  fileName: string | null;
  counts: DepositCounts;
  fileWarnings: string[];
  rows: DepositRow[];
  carried?: CarriedFile;
}) {
  const { viewer, stored, counts, rows } = props;
  const title = stored ? (counts.created > 0 ? "Deposit stored" : "Nothing was stored") : "Check your deposit";
  const confirmLabel = `Confirm and store ${plural(counts.created, "new entry", "new entries")}`;
  const canConfirm = !stored && counts.created > 0 && props.carried;
  return (
    <DeskLayout title={title} siteName={props.siteName} viewer={viewer} section="/deposit" head={SCRIPT}>
      <h1 tabindex={-1}>{title}</h1>
      {props.fileName ? <p class="meta">From {props.fileName}</p> : null}
      <Counts counts={counts} stored={stored} role={viewer.role} total={rows.length} />
      {props.fileWarnings.length > 0 ? (
        <div class="notice">
          <h2 class="notice-title">About the whole file</h2>
          <ul>
            {props.fileWarnings.map((warning) => (
              <li>{warning}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {stored ? (
        <p class="button-row">
          {counts.created > 0 ? <a href="/account">See your work</a> : null}
          <a href="/deposit">Deposit another file</a>
        </p>
      ) : canConfirm ? (
        <form method="post" action="/deposit/confirm" enctype="multipart/form-data" id="deposit-confirm" class="deposit-confirm" data-upload-progress="Storing the entries">
          <CsrfField viewer={viewer} />
          <input type="hidden" name="data" value={props.carried!.data} />
          <input type="hidden" name="charset" value={props.carried!.charset} />
          <input type="hidden" name="name" value={props.carried!.name} />
          <p>
            {whatHappensToNew(viewer.role)} Duplicates and entries that cannot be stored are left out.
          </p>
          <UploadProgress />
          <div class="button-row">
            <button type="submit" class="button-primary">
              {confirmLabel}
            </button>
            <a href="/deposit">Start again with another file</a>
          </div>
        </form>
      ) : (
        <p>
          Nothing in this file can be stored: every entry is a duplicate or cannot be read. <a href="/deposit">Deposit another file</a>
        </p>
      )}
      <h2>Entries, in the order of the file</h2>
      <ol class="deposit-entries">
        {rows.map((row, index) => (
          <DepositEntry row={row} index={index + 1} stored={stored} role={viewer.role} />
        ))}
      </ol>
      {canConfirm && rows.length > 5 ? (
        <p>
          <button type="submit" form="deposit-confirm" class="button-primary">
            {confirmLabel}
          </button>
        </p>
      ) : null}
    </DeskLayout>
  );
}
