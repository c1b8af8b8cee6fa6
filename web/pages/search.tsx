// The search page: a GET form that works without JavaScript, counted filters, highlighted results, cursors and feeds.
import { EQUITY_FACET_SLUGS, type EquityFacetSlug } from "../../schema/equity-vocabulary";
import { ITEM_KIND_NAMES } from "../../schema/vocabularies";
import { broaderValues, equityFacet, equityValue } from "../../worker/records/equity";
import type { EquityCounts, EquityMatch, EquityValueCount } from "../../worker/search/equity-search";
import { SEARCH_KINDS, type SearchAnswer, type SearchHit, type SearchKind } from "../../worker/search/search";
import { type AlternateFeed, Layout } from "../layout";
import { ItemLink, languageAttributes } from "./item-link";
import { nameLanguage } from "./languages";
import { SubscribeBox } from "./subscribe-box";
import { listAuthors } from "./author-names";

/** The query string as the reader sent it: every value a string, repeatable filters as lists. */
export type SearchForm = {
  q?: string;
  kind: string[];
  topic: string[];
  /** Equity values by facet slug, each facet's parameter as given (`?place=north-west&place=london`). */
  equity: Partial<Record<EquityFacetSlug, string[]>>;
  year_from?: string;
  year_to?: string;
  person?: string;
  lang?: string;
  sort?: string;
  limit?: string;
  cursor?: string;
  page?: string;
};

/** A problem with the form: `name` is the parameter, `field` the id of the control to fix, if one is on the page. */
export type FieldError = { name: string; field?: string; message: string };

export type SearchResults = SearchAnswer & { page: number };

export type SearchPageProps = { siteName: string; form: SearchForm; results?: SearchResults; errors: FieldError[]; feeds: AlternateFeed[] };

const kindName = (kind: SearchKind) => ITEM_KIND_NAMES[SEARCH_KINDS[kind]];

const MATCHED_IN_WORDS: Record<SearchHit["matched_in"][number], string> = {
  title: "the title",
  authors: "the authors",
  text: "the text",
  subjects: "the subjects",
  doi: "the DOI",
};

/** The most recent years offered as links; the year boxes reach the rest. */
const YEAR_LINKS = 12;

function listInWords(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}

const ENTITIES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'" };

/**
 * The API's snippet (escaped text with `<mark>`) as JSX: only the marks become elements; the text between them is
 * unescaped here so that JSX escapes it again, once. Nothing of it is ever inserted as raw HTML.
 */
function renderSnippet(snippet: string) {
  const parts = snippet.split(/(<mark>.*?<\/mark>)/su);
  return parts.map((part) => {
    const marked = /^<mark>(.*)<\/mark>$/su.exec(part);
    const text = (marked ? marked[1] : part).replace(/&(?:amp|lt|gt|quot|#39);/gu, (e) => ENTITIES[e]);
    return marked ? <mark>{text}</mark> : text;
  });
}

/** The address of this search with some parameters changed; a new selection starts again at the first page. */
function searchHref(form: SearchForm, change: Partial<SearchForm>, keepPage = false): string {
  const next = { ...form, ...change };
  const params = new URLSearchParams();
  if (next.q) params.set("q", next.q);
  for (const kind of next.kind) params.append("kind", kind);
  for (const topic of next.topic) params.append("topic", topic);
  for (const name of ["year_from", "year_to", "person", "lang"] as const) if (next[name]) params.set(name, next[name]);
  for (const facet of EQUITY_FACET_SLUGS) for (const value of next.equity[facet] ?? []) params.append(facet, value);
  if (next.sort && next.sort !== "relevance") params.set("sort", next.sort);
  if (next.limit) params.set("limit", next.limit);
  if (keepPage && next.cursor) params.set("cursor", next.cursor);
  if (keepPage && next.page && next.page !== "1") params.set("page", next.page);
  const query = params.toString();
  return query === "" ? "/search" : `/search?${query}`;
}

const toggled = (values: string[], value: string) => (values.includes(value) ? values.filter((v) => v !== value) : [...values, value]);

function hasFilters(form: SearchForm): boolean {
  return form.kind.length + form.topic.length + Object.values(form.equity).flat().length > 0 || Boolean(form.year_from || form.year_to || form.person || form.lang);
}

/** Where a reader fixes an error: its field, or for a page link that no longer works, this search's first page. */
function errorHref(form: SearchForm, error: FieldError): string | undefined {
  if (error.field) return `#${error.field}`;
  return error.name === "cursor" || error.name === "page" ? searchHref(form, {}) : undefined;
}

function ErrorSummary({ form, errors }: { form: SearchForm; errors: FieldError[] }) {
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex={-1} autofocus>
      <h2 id="error-summary-title">There is a problem</h2>
      <ul>
        {errors.map((e) => (
          <li>{errorHref(form, e) ? <a href={errorHref(form, e)}>{e.message}</a> : e.message}</li>
        ))}
      </ul>
    </div>
  );
}

function errorFor(errors: FieldError[], field: string): FieldError | undefined {
  return errors.find((e) => e.field === field);
}

function FieldErrorText({ error, id }: { error?: FieldError; id: string }) {
  return error ? (
    <p class="field-error" id={id}>
      <span class="visually-hidden">Error: </span>
      {error.message}
    </p>
  ) : null;
}

function SearchFormBox({ form, errors }: { form: SearchForm; errors: FieldError[] }) {
  const qError = errorFor(errors, "search-q");
  const fromError = errorFor(errors, "year-from");
  const toError = errorFor(errors, "year-to");
  const sort = form.sort ?? "relevance";
  // A value the summary names is not carried on, or sending the form again would bring the same error back.
  const bad = new Set(errors.map((e) => e.name));
  const carried = (name: keyof SearchForm | EquityFacetSlug) => !bad.has(name);
  return (
    <form method="get" action="/search" class="search-page-form" role="search" aria-label="Search the repository">
      <div class={qError ? "field has-error" : "field"}>
        <label for="search-q" class="field-label">
          Search publications, policy briefings and plain-language summaries
        </label>
        <p id="search-q-hint" class="meta">
          All words must match. Use "quotes" for a phrase, -word to leave a word out, OR for either word, author:name for a person.
        </p>
        <FieldErrorText error={qError} id="search-q-error" />
        <div class="search-page-row">
          <div class="combo">
            <input
              id="search-q"
              name="q"
              type="search"
              value={form.q ?? ""}
              autocomplete="off"
              spellcheck={false}
              data-suggest=""
              aria-describedby={qError ? "search-q-hint search-q-error" : "search-q-hint"}
            />
          </div>
          <button type="submit">Search</button>
        </div>
      </div>
      {(carried("kind") ? form.kind : []).map((v) => (
        <input type="hidden" name="kind" value={v} />
      ))}
      {(carried("topic") ? form.topic : []).map((v) => (
        <input type="hidden" name="topic" value={v} />
      ))}
      {EQUITY_FACET_SLUGS.flatMap((facet) => (carried(facet) ? (form.equity[facet] ?? []) : []).map((v) => <input type="hidden" name={facet} value={v} />))}
      {form.person && carried("person") ? <input type="hidden" name="person" value={form.person} /> : null}
      {form.lang && carried("lang") ? <input type="hidden" name="lang" value={form.lang} /> : null}
      {form.limit && carried("limit") ? <input type="hidden" name="limit" value={form.limit} /> : null}
      <fieldset class="refine">
        <legend>Years and order</legend>
        <div class="refine-row">
          <div class={fromError ? "field has-error" : "field"}>
            <label for="year-from">From year</label>
            <FieldErrorText error={fromError} id="year-from-error" />
            <input id="year-from" name="year_from" type="text" inputmode="numeric" size={6} value={form.year_from ?? ""} aria-describedby={fromError ? "year-from-error" : undefined} />
          </div>
          <div class={toError ? "field has-error" : "field"}>
            <label for="year-to">To year</label>
            <FieldErrorText error={toError} id="year-to-error" />
            <input id="year-to" name="year_to" type="text" inputmode="numeric" size={6} value={form.year_to ?? ""} aria-describedby={toError ? "year-to-error" : undefined} />
          </div>
          <div class="field">
            <label for="sort">Sort by</label>
            <select id="sort" name="sort">
              <option value="relevance" selected={sort === "relevance"}>
                Relevance
              </option>
              <option value="newest" selected={sort === "newest"}>
                Newest first
              </option>
              <option value="oldest" selected={sort === "oldest"}>
                Oldest first
              </option>
            </select>
          </div>
          <button type="submit" class="secondary">
            Apply
          </button>
        </div>
      </fieldset>
    </form>
  );
}

type FacetLink = { label: string; count: number; href: string; selected: boolean };

/** A facet's links under its heading; under "Who and where" the headings are a level down (`sub`). */
function FacetGroup({ heading, links, sub = false }: { heading: string; links: FacetLink[]; sub?: boolean }) {
  if (links.length === 0) return null;
  return (
    <div class="facet">
      {sub ? <h4>{heading}</h4> : <h3>{heading}</h3>}
      <ul>
        {links.map((link) => (
          <li>
            <a href={link.href} class={link.selected ? "selected" : undefined} aria-current={link.selected ? "true" : undefined}>
              {link.selected ? <span class="visually-hidden">Remove filter: </span> : null}
              {link.label} <span class="count">({link.count})</span>
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Places shown at first in "Who and where": UK nations and NHS England regions; boards and countries this many, then "more". */
const PLACES_SHOWN = 5;
const WIDE_PLACES = new Set(["nation", "nhs-region"]);

/** A facet's values as links, the chosen ones first (each removes its filter), then the counted ones that add one. */
function equityLinks(form: SearchForm, facet: EquityFacetSlug, counted: EquityValueCount[]): FacetLink[] {
  const chosen = form.equity[facet] ?? [];
  const hrefWith = (values: string[]) => searchHref(form, { equity: { ...form.equity, [facet]: values } });
  const selected = chosen.map((value) => ({
    label: equityValue(facet, value)?.name ?? value,
    count: counted.find((c) => c.value === value)?.count ?? 0,
    href: hrefWith(toggled(chosen, value)),
    selected: true,
  }));
  // A value broader than a chosen one would narrow nothing (North West chosen: England, the United Kingdom).
  const implied = new Set(chosen.flatMap((value) => broaderValues(facet, value).map((b) => b.slug)));
  const others = counted.filter((c) => !chosen.includes(c.value) && !implied.has(c.value)).map((c) => ({ label: c.label, count: c.count, href: hrefWith([...chosen, c.value]), selected: false }));
  return [...selected, ...others];
}

/**
 * "Who and where": each equity facet's values among the results, as filter links like the other facets. Place is kept
 * short: the UK nations and NHS regions with results, and the first few boards and countries, the rest under "More places".
 */
function EquityFacets({ form, counts }: { form: SearchForm; counts?: EquityCounts | null }) {
  if (counts === undefined) return null;
  if (counts === null) {
    const chosen = EQUITY_FACET_SLUGS.flatMap((facet) => equityLinks(form, facet, []));
    return (
      <div class="facet equity-facets">
        <h3>Who and where</h3>
        <p class="meta">Too many results to count by group and place: add words or a filter to see them.</p>
        {chosen.length > 0 ? <FacetGroup heading="Chosen" links={chosen} sub /> : null}
      </div>
    );
  }
  const groups = EQUITY_FACET_SLUGS.map((facet) => {
    const heading = equityFacet(facet)?.name ?? facet;
    if (facet !== "place") return <FacetGroup heading={heading} links={equityLinks(form, facet, counts[facet])} sub />;
    const all = equityLinks(form, facet, counts.place);
    const adding = (values: EquityValueCount[]) => equityLinks(form, facet, values).filter((l) => !l.selected);
    const chosen = form.equity.place ?? [];
    const unchosen = counts.place.filter((c) => !chosen.includes(c.value));
    const wide = unchosen.filter((c) => c.value === "gb" || (c.level !== undefined && WIDE_PLACES.has(c.level)));
    const narrow = unchosen.filter((c) => !wide.includes(c));
    const more = adding(narrow.slice(PLACES_SHOWN));
    return (
      <>
        <FacetGroup heading={heading} links={[...all.filter((l) => l.selected), ...adding(wide), ...adding(narrow.slice(0, PLACES_SHOWN))]} sub />
        {more.length > 0 ? (
          <details class="facet-more">
            <summary>More places ({more.length})</summary>
            <FacetGroup heading="More places" links={more} sub />
          </details>
        ) : null}
      </>
    );
  });
  return (
    <section class="equity-facets" aria-labelledby="equity-facets-heading">
      <h3 id="equity-facets-heading">Who and where</h3>
      {groups}
    </section>
  );
}

/** "Tagged: Perinatal · North West (via Greater Manchester)": which of a result's tags the equity filters found it by. */
function EquityMatched({ matches }: { matches?: EquityMatch[] }) {
  if (!matches || matches.length === 0) return null;
  const words = matches.map((m) => {
    if (!m.via) return m.label;
    if (m.via.from === "item") return `${m.label} (via ${m.via.label})`;
    return m.via.value === m.value ? `${m.label} (its publication's tag)` : `${m.label} (via its publication's tag ${m.via.label})`;
  });
  return <p class="meta matched">Tagged: {words.join(" · ")}</p>;
}

function Facets({ form, results }: { form: SearchForm; results: SearchResults }) {
  const kinds = results.facets.kind.map((f) => ({
    label: kindName(f.value).many,
    count: f.count,
    href: searchHref(form, { kind: toggled(form.kind, f.value) }),
    selected: form.kind.includes(f.value),
  }));
  const topics = results.facets.topic.map((f) => ({
    label: f.label || f.value,
    count: f.count,
    href: searchHref(form, { topic: toggled(form.topic, f.value) }),
    selected: form.topic.includes(f.value),
  }));
  const years = results.facets.year.slice(0, YEAR_LINKS).map((f) => {
    const selected = form.year_from === String(f.value) && form.year_to === String(f.value);
    const year = selected ? undefined : String(f.value);
    return { label: String(f.value), count: f.count, href: searchHref(form, { year_from: year, year_to: year }), selected };
  });
  const languages = results.facets.language.map((f) => {
    const selected = form.lang?.toLowerCase() === f.value;
    return { label: nameLanguage(f.value), count: f.count, href: searchHref(form, { lang: selected ? undefined : f.value }), selected };
  });
  return (
    <aside class="facets" aria-labelledby="filters-heading">
      <h2 id="filters-heading">Filter results</h2>
      <a href="#results-heading" class="skip-facets">
        Skip to the results
      </a>
      {hasFilters(form) ? (
        <p>
          <a href={searchHref({ q: form.q, kind: [], topic: [], equity: {}, sort: form.sort, limit: form.limit }, {})}>Clear all filters</a>
        </p>
      ) : null}
      <FacetGroup heading="Kind" links={kinds} />
      <FacetGroup heading="Topic" links={topics} />
      <FacetGroup heading="Year" links={years} />
      <FacetGroup heading="Language" links={languages} />
      <EquityFacets form={form} counts={results.facets.equity} />
    </aside>
  );
}

function Result({ hit }: { hit: SearchHit }) {
  const meta = [listAuthors(hit.authors), hit.year].filter((v) => v !== "" && v !== null).join(" · ");
  return (
    <li class="result">
      <p class="result-kind">{kindName(hit.kind).one}</p>
      {/* The heading too, so an Urdu title lines up on the right with its snippet. */}
      <h3 {...languageAttributes(hit.language)}>
        <ItemLink kind={SEARCH_KINDS[hit.kind]} id={hit.id} title={hit.title} language={hit.language} />
      </h3>
      {meta ? <p class="meta">{meta}</p> : null}
      {hit.snippet ? (
        <p class="snippet" {...languageAttributes(hit.language)}>
          {renderSnippet(hit.snippet)}
        </p>
      ) : null}
      {hit.matched_in.length > 0 ? <p class="meta matched">Matched in {listInWords(hit.matched_in.map((m) => MATCHED_IN_WORDS[m]))}</p> : null}
      <EquityMatched matches={hit.matched_equity} />
    </li>
  );
}

function countInWords(total: number, q?: string): string {
  const noun = total === 1 ? "result" : "results";
  return q ? `${total.toLocaleString("en-GB")} ${noun} for “${q}”` : `${total.toLocaleString("en-GB")} ${noun}`;
}

function NoResults({ form, results }: { form: SearchForm; results: SearchResults }) {
  return (
    <div class="no-results">
      <p>Nothing we hold matches {form.q ? `“${form.q}”` : "this search"}{hasFilters(form) ? " with these filters" : ""}. You could:</p>
      <ul>
        {results.did_you_mean ? (
          <li>
            search for <a href={searchHref(form, { q: results.did_you_mean })}>{results.did_you_mean}</a> instead
          </li>
        ) : null}
        <li>check the spelling, or use fewer or more general words</li>
        {hasFilters(form) ? (
          <li>
            <a href={searchHref({ q: form.q, kind: [], topic: [], equity: {}, sort: form.sort }, {})}>search again without the filters</a>
          </li>
        ) : null}
        <li>
          browse <a href="/search?kind=briefing">every policy briefing</a> or <a href="/search?kind=lay-summary">every plain-language summary</a>
        </li>
      </ul>
    </div>
  );
}

function Results({ form, results }: { form: SearchForm; results: SearchResults }) {
  const nextPage = results.next_cursor ? searchHref({ ...form, cursor: results.next_cursor, page: String(results.page + 1) }, {}, true) : undefined;
  return (
    <section class="results" aria-labelledby="results-heading">
      <h2 id="results-heading">{results.total === 0 ? `No results${form.q ? ` for “${form.q}”` : ""}` : countInWords(results.total, form.q)}</h2>
      {results.did_you_mean && results.total > 0 ? (
        <p class="did-you-mean">
          Did you mean <a href={searchHref(form, { q: results.did_you_mean })}>{results.did_you_mean}</a>?
        </p>
      ) : null}
      {results.total === 0 ? (
        <NoResults form={form} results={results} />
      ) : (
        <>
          {results.page > 1 ? <p class="meta">Page {results.page}</p> : null}
          <ol class="result-list">
            {results.items.map((hit) => (
              <Result hit={hit} />
            ))}
          </ol>
          {nextPage || results.page > 1 ? (
            <nav class="pagination" aria-label="Result pages">
              {results.page > 1 ? <a href={searchHref(form, {})}>First page</a> : null}
              {nextPage ? (
                <a href={nextPage} rel="next">
                  Next page<span class="visually-hidden"> (page {results.page + 1})</span>
                </a>
              ) : null}
            </nav>
          ) : null}
        </>
      )}
    </section>
  );
}

function SearchTips() {
  return (
    <section aria-labelledby="tips-heading">
      <h2 id="tips-heading">How to search</h2>
      <ul>
        <li>Type a few words: every word must appear. Words in a title count for more.</li>
        <li>Accents and capitals do not matter: godel finds Gödel.</li>
        <li>
          Put a phrase in quotes ("social prescribing"), a minus before a word to leave it out (-covid), OR between two words for either, and a star
          at the end for every ending (precar*).
        </li>
        <li>Search one field with title:, author: or doi:, as in author:okafor.</li>
      </ul>
      <p>
        Or start from <a href="/search?kind=briefing">every policy briefing</a>, <a href="/search?kind=lay-summary">every plain-language summary</a> or{" "}
        <a href="/search?kind=publication">every publication</a>, newest first.
      </p>
    </section>
  );
}

export function SearchPage({ siteName, form, results, errors, feeds }: SearchPageProps) {
  const title = `${errors.length > 0 ? "Error: " : ""}${form.q ? `${form.q} – ` : ""}Search`;
  return (
    <Layout title={title} siteName={siteName} feeds={feeds}>
      <div class="search-page wide">
        {errors.length > 0 ? <ErrorSummary form={form} errors={errors} /> : null}
        <h1>Search</h1>
        <SearchFormBox form={form} errors={errors} />
        {results ? (
          <div class="search-body">
            <Facets form={form} results={results} />
            <div class="search-main">
              <Results form={form} results={results} />
              <SubscribeBox heading="Subscribe to this search" what="new items that match this search" feeds={feeds} />
            </div>
          </div>
        ) : errors.length === 0 ? (
          <SearchTips />
        ) : null}
        <div id="suggest-status" class="visually-hidden" role="status" aria-live="polite"></div>
      </div>
      <script src="/static/suggest.js" defer></script>
    </Layout>
  );
}
