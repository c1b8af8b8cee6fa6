// HTTP for the search page (/search, the search API as a GET form) and its enhancing script (/static/suggest.js).
import { z } from "@hono/zod-openapi";
import { EQUITY_FACET_SLUGS, EQUITY_FACETS } from "../../schema/equity-vocabulary";
import { Hono } from "hono";
import { type FieldError, type SearchForm, SearchPage, type SearchResults } from "../../web/pages/search";
import { SUGGEST_JS } from "../../web/static/suggest";
import { openDatabase } from "../db/client";
import type { AppEnv } from "../env";
import { RepositoryError } from "../errors";
import { alternatesFor } from "../feeds/alternates";
import { SEARCH_FILTER_FIELDS, YEARS_IN_ORDER } from "../search/routes";
import { searchItems } from "../search/search";
import { unlessSearchFails } from "../search/search-outage";

export const searchPages = new Hono<AppEnv>();

const SearchPageQuery = z
  .object({
    ...SEARCH_FILTER_FIELDS,
    sort: z.enum(["relevance", "newest", "oldest"]).default("relevance"),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(200).optional(),
    /** Which page this is, for the reader only: the cursor is what finds it. */
    page: z.coerce.number().int().min(1).max(100_000).default(1),
  })
  .refine(...YEARS_IN_ORDER);

const SCALARS = ["q", "year_from", "year_to", "person", "lang", "sort", "limit", "cursor", "page"] as const;

/** What a reader sees for each field the request rules reject, in the words of the form (GOV.UK's "Enter …" style). */
const FIELD_MESSAGES: Record<string, { message: string; field?: string }> = {
  q: { message: "Enter at most 500 characters to search for", field: "search-q" },
  year_from: { message: "Enter the first year as 4 digits, like 2019", field: "year-from" },
  year_to: { message: "Enter the last year as 4 digits, like 2024", field: "year-to" },
  sort: { message: "Sort by relevance, newest or oldest", field: "sort" },
  limit: { message: "Results per page must be a whole number from 1 to 100" },
  kind: { message: "Choose publications, policy briefings or plain-language summaries" },
  topic: { message: "A topic in this address is not one of ours: choose one from the list" },
  lang: { message: "A language must be a code such as en or cy" },
  person: { message: "The person in this address is not one we know" },
  cursor: { message: "This page link is out of date: start again from the first page" },
  page: { message: "The page number must be a whole number" },
  ...Object.fromEntries(
    EQUITY_FACETS.map((facet) => [facet.slug, { message: `A ${facet.name.toLowerCase()} in this address is not one of ours: choose one from the list under “Who and where”` }]),
  ),
};

/** The query string as the form sent it: repeatable filters as lists, blank fields as absent. */
function readForm(queries: Record<string, string[]>): SearchForm {
  const first = (name: string) => queries[name]?.find((v) => v.trim() !== "")?.trim();
  const many = (name: string) => (queries[name] ?? []).flatMap((v) => v.split(",")).map((v) => v.trim()).filter((v) => v !== "");
  const equity = Object.fromEntries(EQUITY_FACET_SLUGS.flatMap((facet) => (many(facet).length > 0 ? [[facet, many(facet)]] : [])));
  const form: SearchForm = { kind: many("kind"), topic: many("topic"), equity };
  for (const name of SCALARS) {
    const value = first(name);
    if (value !== undefined) form[name] = value;
  }
  return form;
}

function toFieldErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]): FieldError[] {
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  for (const issue of issues) {
    const name = String(issue.path[0] ?? "q");
    const out = issue.message === "year_from is after year_to";
    const key = out ? "order" : name;
    if (seen.has(key)) continue;
    seen.add(key);
    errors.push(out ? { name: "year_from", field: "year-from", message: "The first year must be the same as the last year or before it" } : { name, ...(FIELD_MESSAGES[name] ?? { message: issue.message }) });
  }
  return errors;
}

/** The feed address of this search: its filters without order or page, as /feeds/search.rss takes them. */
function feedQuery(form: SearchForm): string {
  const params = new URLSearchParams();
  if (form.q) params.set("q", form.q);
  for (const kind of form.kind) params.append("kind", kind);
  for (const topic of form.topic) params.append("topic", topic);
  for (const name of ["year_from", "year_to", "person", "lang"] as const) if (form[name]) params.set(name, form[name]);
  for (const facet of EQUITY_FACET_SLUGS) for (const value of form.equity[facet] ?? []) params.append(facet, value);
  const query = params.toString();
  return query === "" ? "" : `?${query}`;
}

searchPages.get("/search", async (c) => {
  const form = readForm(c.req.queries());
  const siteName = c.env.SITE_NAME;
  const searched =
    form.q !== undefined ||
    form.kind.length + form.topic.length + Object.keys(form.equity).length > 0 ||
    ["year_from", "year_to", "person", "lang"].some((n) => form[n as keyof SearchForm] !== undefined);
  const feedSearch = feedQuery(form);
  const feeds = searched ? alternatesFor(form.q ? `Search: ${form.q}` : "This search", "/feeds/search", feedSearch) : [];
  const render = (status: 200 | 400, results?: SearchResults, errors: FieldError[] = []) =>
    c.html(<SearchPage siteName={siteName} form={form} results={results} errors={errors} feeds={feeds} />, status);

  const parsed = SearchPageQuery.safeParse({ ...form, ...form.equity });
  if (!parsed.success) return render(400, undefined, toFieldErrors(parsed.error.issues));
  if (!searched) return render(200);
  const { page, ...request } = parsed.data;
  const db = openDatabase(c.env.DB);
  try {
    // The language filter's counts are a facet of the answer, read in the search's own batch.
    // So are the equity values' counts, which the API gives only when asked ("Who and where").
    const answer = await unlessSearchFails(() => searchItems(db, { ...request, equity_counts: true }, (work) => c.executionCtx.waitUntil(work)));
    return render(200, { ...answer, page });
  } catch (error) {
    // A bad topic or an old cursor is the reader's to fix: the form again, saying what to change.
    if (error instanceof RepositoryError && error.code === "invalid") {
      const issues = (error.extensions.errors as { path: string; message: string }[] | undefined) ?? [{ path: "q", message: error.message }];
      return render(400, undefined, toFieldErrors(issues.map((i) => ({ path: [i.path], message: i.message }))));
    }
    throw error;
  }
});

searchPages.get("/static/suggest.js", (c) =>
  c.body(SUGGEST_JS, 200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "public, max-age=3600" }),
);
