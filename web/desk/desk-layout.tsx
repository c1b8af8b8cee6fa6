// The desk's page shell: the site's layout with a bar naming who is signed in, the desk's sections for their role, and sign-out.
import type { Child } from "hono/jsx";
import { ROLES, type Role } from "../../schema/vocabularies";
import { Layout } from "../layout";

/** Who the page is for: their name and role, and the session's secret every form carries back. */
export type DeskViewer = { name: string; role: Role; csrf: string };

const DESK_SECTIONS: { href: string; label: string; least: Role }[] = [
  { href: "/account", label: "My work", least: "depositor" },
  { href: "/deposit", label: "Deposit BibTeX", least: "depositor" },
  { href: "/write/briefings", label: "Write a briefing", least: "depositor" },
  { href: "/write/lay-summaries", label: "Write a summary", least: "depositor" },
  { href: "/review", label: "Review", least: "editor" },
  { href: "/admin/people", label: "People", least: "admin" },
  { href: "/account/tokens", label: "API tokens", least: "depositor" },
];

function mayOpen(viewer: DeskViewer, least: Role): boolean {
  return ROLES.indexOf(viewer.role) >= ROLES.indexOf(least);
}

/** The hidden field that proves a form came from this session's own page (worker/desk/guard.ts checks it). */
export function CsrfField({ viewer }: { viewer: DeskViewer }) {
  return <input type="hidden" name="csrf" value={viewer.csrf} />;
}

export function DeskLayout({ title, siteName, viewer, section, head, children }: { title: string; siteName: string; viewer: DeskViewer; section?: string; head?: Child; children: Child }) {
  return (
    <Layout title={title} siteName={siteName} head={head}>
      <div class="desk-bar wide">
        <p class="desk-who">
          Signed in as <strong>{viewer.name}</strong> ({viewer.role})
        </p>
        <nav aria-label="Desk">
          <ul class="desk-nav">
            {DESK_SECTIONS.filter((s) => mayOpen(viewer, s.least)).map((s) => (
              <li>
                <a href={s.href} aria-current={s.href === section ? "page" : undefined}>
                  {s.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <form method="post" action="/sign-out" class="desk-sign-out">
          <CsrfField viewer={viewer} />
          <button type="submit">Sign out</button>
        </form>
      </div>
      {children}
    </Layout>
  );
}

/** A form's problems at its top, each linking to its field (GOV.UK's error summary); nothing when there are none. */
export function ErrorSummary({ problems }: { problems: Record<string, string> }) {
  const entries = Object.entries(problems);
  if (entries.length === 0) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex={-1}>
      <h2 id="error-summary-title">There is a problem</h2>
      <ul>
        {entries.map(([field, message]) => (
          <li>
            <a href={`#${field}`}>{message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The ids a field's hint and error carry, for `aria-describedby`; undefined when it has neither. */
export function describedBy(...ids: (string | false | null | 0 | undefined)[]): string | undefined {
  return ids.filter(Boolean).join(" ") || undefined;
}

/** A field's error under its label, announced with the word "Error" first. */
export function FieldError({ name, error }: { name: string; error?: string }) {
  return error ? (
    <p class="field-error" id={`${name}-error`}>
      <span class="visually-hidden">Error:</span> {error}
    </p>
  ) : null;
}

/** A field's label, hint and error around its control (GOV.UK's form group). */
function Field({ name, label, hint, error, children }: { name: string; label: string; hint?: Child; error?: string; children: Child }) {
  return (
    <div class={error ? "field has-error" : "field"}>
      <label for={name}>{label}</label>
      {hint ? (
        <p class="meta" id={`${name}-hint`}>
          {hint}
        </p>
      ) : null}
      <FieldError name={name} error={error} />
      {children}
    </div>
  );
}

/** A labelled text input with its hint and its error, described to screen readers. */
export function TextField(props: { name: string; label: string; value?: string; hint?: Child; error?: string; type?: string; required?: boolean; autocomplete?: string }) {
  return (
    <Field {...props}>
      <input
        id={props.name}
        name={props.name}
        type={props.type ?? "text"}
        value={props.value ?? ""}
        required={props.required}
        autocomplete={props.autocomplete}
        aria-describedby={describedBy(props.hint ? `${props.name}-hint` : undefined, props.error && `${props.name}-error`)}
        aria-invalid={props.error ? "true" : undefined}
      />
    </Field>
  );
}

/** A labelled text area, as TextField; `lang` and `dir` for text in another language, `data` for a script's hooks. */
export function TextArea(props: {
  name: string;
  label: string;
  value?: string;
  hint?: Child;
  error?: string;
  required?: boolean;
  rows?: number;
  lang?: string;
  dir?: string;
  data?: Record<string, string>;
}) {
  const data = Object.fromEntries(Object.entries(props.data ?? {}).map(([k, v]) => [`data-${k}`, v]));
  return (
    <Field {...props}>
      <textarea
        id={props.name}
        name={props.name}
        rows={props.rows ?? 6}
        required={props.required}
        lang={props.lang}
        dir={props.dir}
        aria-describedby={describedBy(props.hint ? `${props.name}-hint` : undefined, props.error && `${props.name}-error`)}
        aria-invalid={props.error ? "true" : undefined}
        {...data}
      >
        {props.value ?? ""}
      </textarea>
    </Field>
  );
}
