// The plain-language check as an author and an editor read it: the reading age against the editors' target, then long
// sentences, passive verbs, jargon with plain alternatives, and figures to write as "1 in 4" (worker/records/plain-language.ts).
import { type PlainLanguageCheck, writeCount } from "../../worker/records/plain-language";

/** How many of each kind of finding are listed; the rest are counted in the sentence above the list. */
const LISTED = 8;

/** One short line for the live region, read out as the author types: the reading age and what there is to fix. */
export function summarisePlainLanguage(check: PlainLanguageCheck): string {
  if (!check.readability) return check.statements[0] ?? "";
  const r = check.readability;
  const target = `Reading age ${r.reading_age}: ${r.meets_target ? "meets" : "above"} the target of ${check.target_reading_age} or below.`;
  const counts: [number, string, string][] = [
    [check.long_sentences?.sentences.length ?? 0, "long sentence", "long sentences"],
    [check.passive_voice?.clauses.length ?? 0, "passive verb", "passive verbs"],
    [check.jargon?.terms.length ?? 0, "jargon term", "jargon terms"],
    [check.natural_frequencies?.figures.length ?? 0, "figure to write as 1 in n", "figures to write as 1 in n"],
  ];
  const found = counts.filter(([n]) => n > 0).map(([n, one, many]) => `${writeCount(n)} ${n === 1 ? one : many}`);
  const listed = found.join(", ");
  return `${target} ${found.length === 0 ? "Nothing else to fix." : `${listed.charAt(0).toUpperCase()}${listed.slice(1)}.`}`;
}

function Part({ id, title, statement, children }: { id: string; title: string; statement: string; children?: unknown }) {
  return (
    <section aria-labelledby={id} class="plain-language-part">
      <h3 id={id}>{title}</h3>
      <p>{statement}</p>
      {children}
    </section>
  );
}

function More({ shown, total }: { shown: number; total: number }) {
  return total > shown ? <p class="meta">And {writeCount(total - shown)} more.</p> : null;
}

/** The check's findings; `idPrefix` keeps the headings' ids apart where two reports share a page. */
export function PlainLanguageReport({ check, idPrefix = "pl" }: { check: PlainLanguageCheck; idPrefix?: string }) {
  const r = check.readability;
  if (!r) {
    return (
      <div class="plain-language-report" data-plain-language-report>
        {check.statements.map((s) => (
          <p>{s}</p>
        ))}
      </div>
    );
  }
  const long = check.long_sentences!;
  const passive = check.passive_voice!;
  const jargon = check.jargon!;
  const figures = check.natural_frequencies!;
  return (
    <div class="plain-language-report" data-plain-language-report>
      <p class="plain-language-target">
        <span class={r.meets_target ? "status status-published" : "status status-returned"} data-plain-language-verdict>
          {r.meets_target ? "Meets the target" : "Above the target"}
        </span>{" "}
        <span data-reading-age>{r.statement}</span> {r.target_statement}
      </p>
      <dl class="plain-language-scores">
        <dt>Reading age (UK)</dt>
        <dd>
          {r.reading_age} (target: {check.target_reading_age} or below)
        </dd>
        <dt>Flesch reading ease</dt>
        <dd>
          <span data-reading-ease>{r.flesch_reading_ease.toFixed(1)}</span> out of 100 (higher is easier; 60 or more is plain English)
        </dd>
        <dt>School grade (Flesch–Kincaid)</dt>
        <dd data-reading-grade>{r.flesch_kincaid_grade.toFixed(1)}</dd>
        <dt>Sentences and words</dt>
        <dd>{check.counts!.statement}</dd>
      </dl>
      <Part id={`${idPrefix}-long`} title="Long sentences" statement={long.statement}>
        {long.sentences.length > 0 ? (
          <>
            <ul>
              {long.sentences.slice(0, LISTED).map((s) => (
                <li>
                  Sentence {s.number}, {s.words} words: “{s.text}”
                </li>
              ))}
            </ul>
            <More shown={LISTED} total={long.sentences.length} />
          </>
        ) : null}
      </Part>
      <Part id={`${idPrefix}-jargon`} title="Jargon" statement={jargon.statement}>
        {jargon.terms.length > 0 ? (
          <>
            <ul data-plain-language-jargon>
              {jargon.terms.slice(0, LISTED * 2).map((t) => (
                <li>
                  <strong>{t.found[0].text}</strong>
                  {t.found.length > 1 ? ` (${t.found.length} times)` : ""}: say “{t.plain}”.{t.note ? ` ${t.note}` : ""}
                </li>
              ))}
            </ul>
            <More shown={LISTED * 2} total={jargon.terms.length} />
          </>
        ) : null}
      </Part>
      <Part id={`${idPrefix}-passive`} title="Passive voice" statement={passive.statement}>
        {passive.clauses.length > 0 ? (
          <>
            <ul>
              {passive.clauses.slice(0, LISTED).map((p) => (
                <li>
                  “{p.text}”, sentence {p.sentence}
                </li>
              ))}
            </ul>
            <More shown={LISTED} total={passive.clauses.length} />
          </>
        ) : null}
      </Part>
      <Part id={`${idPrefix}-numbers`} title="Numbers" statement={figures.statement}>
        {figures.figures.length > 0 ? (
          <>
            <ul>
              {figures.figures.slice(0, LISTED).map((f) => (
                <li>
                  “{f.text}”: say “{f.natural_frequency}”, sentence {f.sentence}
                </li>
              ))}
            </ul>
            <More shown={LISTED} total={figures.figures.length} />
          </>
        ) : null}
      </Part>
    </div>
  );
}

/**
 * The check on a writing form, under the text it checks: filled by "Check plain language" and "Preview" without
 * JavaScript, and as the author types by /static/write.js, which replaces the report and says the one-line summary in
 * the polite live region (the whole report read out on every pause would drown the author).
 */
export function PlainLanguagePanel({ check, action }: { check?: PlainLanguageCheck; action: string }) {
  return (
    <section id="plain-language" class="plain-language" aria-labelledby="plain-language-title" data-plain-language>
      <h2 id="plain-language-title">Plain language</h2>
      <p role="status" class="plain-language-summary" data-plain-language-status>
        {check ? summarisePlainLanguage(check) : ""}
      </p>
      <div data-plain-language-body>
        {check ? (
          <PlainLanguageReport check={check} />
        ) : (
          <p class="meta">Press “Check plain language” or “Preview” to check the reading age, long sentences, jargon and numbers.</p>
        )}
      </div>
      <div class="button-row">
        <button type="submit" name="action" value="check" formaction={`${action}#plain-language`}>
          Check plain language
        </button>
      </div>
    </section>
  );
}

/** The check on an item's desk page, just before an editor's publish actions: the target, whether it is met, and why. */
export function PlainLanguageSection({ check }: { check?: PlainLanguageCheck }) {
  if (!check) return null;
  return (
    <section aria-labelledby="plain-language-check" class="plain-language" data-plain-language>
      <h2 id="plain-language-check">Plain language</h2>
      <p class="meta">
        The check of the text as it stands against the editors' target, reading age {check.target_reading_age} or below (<a href="/review/settings">settings</a>).
      </p>
      <PlainLanguageReport check={check} idPrefix="desk-pl" />
    </section>
  );
}
