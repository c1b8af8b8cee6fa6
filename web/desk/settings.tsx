// The editors' settings page (/review/settings): the plain-language check's target reading age, who set it and when.
import type { PlainLanguageSettings } from "../../worker/records/plain-language-settings";
import { formatDate } from "../pages/dates";
import { CsrfField, DeskLayout, type DeskViewer, ErrorSummary, TextField } from "./desk-layout";

export function SettingsPage(props: { siteName: string; viewer: DeskViewer; settings: PlainLanguageSettings; saved?: boolean; problems?: Record<string, string>; value?: string }) {
  const { settings } = props;
  const problems = props.problems ?? {};
  const hasProblems = Object.keys(problems).length > 0;
  return (
    <DeskLayout title={`${hasProblems ? "Error: " : ""}Settings`} siteName={props.siteName} viewer={props.viewer} section="/review">
      <p>
        <a href="/review">Back to review</a>
      </p>
      <h1>Settings</h1>
      {props.saved ? (
        <div class="notice" role="status">
          <p>Saved: lay summaries and briefings are now checked against reading age {settings.target_reading_age}.</p>
        </div>
      ) : null}
      <ErrorSummary problems={problems} />
      <h2 id="plain-language-target">Plain-language target</h2>
      <p>
        Authors see the plain-language check as they write a lay summary or a briefing, and editors see it before publishing: the text's UK reading age (its
        Flesch–Kincaid school grade + 5) against this target. UK public health guidance for material for the public is a reading age of{" "}
        {settings.default_target_reading_age} or below.
      </p>
      <p>
        The target is reading age <strong>{settings.target_reading_age}</strong> or below
        {settings.updated_at ? (
          <>
            , set by {settings.updated_by ?? "an editor"} on <time datetime={settings.updated_at}>{formatDate(settings.updated_at.slice(0, 10))}</time>.
          </>
        ) : (
          ", the default."
        )}
      </p>
      <form method="post" action="/review/settings" class="desk-form" novalidate>
        <CsrfField viewer={props.viewer} />
        <TextField
          name="target_reading_age"
          label="Target reading age"
          type="number"
          hint={`A whole number of years from ${settings.min} to ${settings.max}. The check says a text meets the target when its reading age is this or lower.`}
          value={props.value ?? String(settings.target_reading_age)}
          error={problems.target_reading_age}
        />
        <button type="submit" class="button-primary">
          Save the target
        </button>
      </form>
    </DeskLayout>
  );
}
