// One item's page: a publication, a policy briefing (key messages first) or a lay summary (in its own language), or its tombstone.
import type { Child } from "hono/jsx";
import { isSafeRichHtml } from "../../worker/deposit/markup";
import type { BriefingLink, CitationText, LaySummaryLink } from "../../worker/records/item-page-queries";
import { itemPagePath } from "../../worker/records/public-documents";
import type { BriefingJson, LaySummaryJson, PublicationJson } from "../../worker/records/schemas";
import { type AlternateFeed, Layout } from "../layout";
import { BriefingHead, LaySummaryHead, PublicationHead } from "./item-metadata";
import { describeReadingLevel, nameLanguage, nameLanguageNatively, readDirection } from "./languages";
import { renderMarkdown, safeHref } from "./markdown";
import { formatDate, keepRealDate } from "./dates";
import { equityTagLinks, mergeEquityTags } from "./equity-tags";
import type { EquityTags } from "../../worker/records/equity";
import { Corrections, EvidenceNotices } from "./evidence-notices";
import type { EvidenceNotice, PublicationCorrection } from "../../worker/records/evidence-notices";

type TopicLink = { slug: string; name: string };

/** The styles a reader can copy from the page; the others are files to download. */
export const SHOWN_STYLES = [
  { style: "apa", name: "APA" },
  { style: "vancouver", name: "Vancouver" },
  { style: "harvard", name: "Harvard" },
] as const;
const DOWNLOADS = [
  { style: "bibtex", name: "BibTeX", note: "for Zotero, JabRef, LaTeX" },
  { style: "ris", name: "RIS", note: "for EndNote, Mendeley, RefWorks" },
  { style: "csl-json", name: "CSL-JSON", note: "for Zotero and citation processors" },
] as const;

const TYPE_NAMES: Record<string, string> = {
  "article-journal": "Journal article",
  article: "Article",
  "article-magazine": "Magazine article",
  "article-newspaper": "Newspaper article",
  book: "Book",
  chapter: "Book chapter",
  "paper-conference": "Conference paper",
  report: "Report",
  thesis: "Thesis",
  webpage: "Web page",
  dataset: "Dataset",
};
export const nameType = (type: string) => TYPE_NAMES[type] ?? type.replace(/-/gu, " ").replace(/^./u, (c) => c.toUpperCase());


/** A GOV.UK-style summary list: each row a key and its value, rows without a value left out. */
export function SummaryList({ rows }: { rows: [string, Child | null | undefined | false][] }) {
  const shown = rows.filter(([, value]) => value !== null && value !== undefined && value !== false && value !== "");
  if (shown.length === 0) return null;
  return (
    <dl class="summary-list">
      {shown.map(([key, value]) => (
        <div>
          <dt>{key}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function TopicLinks({ topics }: { topics: TopicLink[] }) {
  return (
    <ul class="inline-list">
      {topics.map((topic) => (
        <li>
          <a href={`/topics/${topic.slug}`}>{topic.name}</a>
        </li>
      ))}
    </ul>
  );
}

/**
 * A deposit's marked-up title or abstract (italics, sub- and superscripts …) where it has one that holds only markup.ts's
 * tags, else its plain text (escaped by JSX).
 */
function RichText({ as: Tag, html, text }: { as: "h1" | "p"; html: string | null; text: string }) {
  if (html && isSafeRichHtml(html)) return <Tag dangerouslySetInnerHTML={{ __html: html }} />;
  return <Tag>{text}</Tag>;
}

/** Plain text in paragraphs, one per blank-line-separated block. */
export function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text
        .split(/\n\s*\n/u)
        .map((block) => block.trim())
        .filter((block) => block !== "")
        .map((block) => (
          <p>{block}</p>
        ))}
    </>
  );
}

type AuthorLink = { id: string; name: string };

/** Authors named before the rest fold away: a consortium's 300 names would push the paper's details screens down. */
const AUTHORS_SHOWN = 10;

function listAuthorLinks(authors: AuthorLink[]) {
  return authors.map((author, i) => (
    <>
      {i > 0 && ", "}
      <a href={`/people/${author.id}`}>{author.name}</a>
    </>
  ));
}

/** Every author linked; past a dozen, the first ten, and the rest in a disclosure that opens without JavaScript. */
function AuthorLinks({ authors }: { authors: AuthorLink[] }) {
  if (authors.length === 0) return null;
  if (authors.length <= AUTHORS_SHOWN + 2) return <p class="authors">{listAuthorLinks(authors)}</p>;
  const rest = authors.slice(AUTHORS_SHOWN);
  return (
    <div class="authors">
      <p>{listAuthorLinks(authors.slice(0, AUTHORS_SHOWN))},</p>
      <details class="more-authors">
        <summary>{`and ${rest.length} more authors`}</summary>
        <p>{listAuthorLinks(rest)}</p>
      </details>
    </div>
  );
}

/** The styles shown as text: one whose rendering failed is left out; none rendered yet says so. */
function CitationTexts({ citations }: { citations: CitationText[] }) {
  const shown = SHOWN_STYLES.flatMap(({ style, name }) => {
    const found = citations.find((c) => c.style === style && c.error === null && c.body !== "");
    return found ? [{ name, body: found.body }] : [];
  });
  if (shown.length === 0) return <p>Formatted citations are still being prepared: please look again in a minute, or download the record below.</p>;
  return (
    <dl class="citations">
      {shown.map(({ name, body }) => (
        <div>
          <dt>{name}</dt>
          <dd>
            <p class="citation">{body}</p>
          </dd>
        </div>
      ))}
    </dl>
  );
}

export type PublicationPageProps = {
  siteName: string;
  origin: string;
  item: PublicationJson;
  feeds: AlternateFeed[];
  citations: CitationText[];
  laySummaries: LaySummaryLink[];
  briefings: BriefingLink[];
  corrections: PublicationCorrection[];
};

/** A deposited web address: a link only when it is a web address (a deposit keeps `javascript:…` as written, as text). */
function WebAddress({ url }: { url: string }) {
  const href = safeHref(url);
  return href !== null && /^https?:/u.test(href) ? (
    <a class="long-link" href={href}>
      {url}
    </a>
  ) : (
    <span class="long-link">{url}</span>
  );
}

export function PublicationPage({ siteName, origin, item, feeds, citations, laySummaries, briefings, corrections }: PublicationPageProps) {
  const title = item.title ?? "Untitled publication";
  const isArticle = item.type.startsWith("article");
  return (
    <Layout title={title} siteName={siteName} feeds={feeds} head={<PublicationHead item={item} origin={origin} siteName={siteName} />}>
      <article class="item">
        <p class="meta">{nameType(item.type)}</p>
        <RichText as="h1" html={item.title_html} text={title} />
        <AuthorLinks authors={item.authors} />
        <Corrections corrections={corrections} />
        <SummaryList
          rows={[
            [isArticle ? "Journal" : "Published in", item.container_title],
            ["Volume", item.volume],
            ["Issue", item.issue],
            ["Pages", item.pages],
            ["Publisher", item.publisher],
            ["Date", item.issued && <time datetime={keepRealDate(item.issued)}>{formatDate(item.issued)}</time>],
            ["Type", nameType(item.type)],
            ["DOI", item.doi && <a class="long-link" href={`https://doi.org/${item.doi}`}>{`https://doi.org/${item.doi}`}</a>],
            ["Web address", item.url && <WebAddress url={item.url} />],
          ]}
        />
        {item.abstract && (
          <section aria-labelledby="abstract">
            <h2 id="abstract">Abstract</h2>
            {item.abstract_html ? <RichText as="p" html={item.abstract_html} text={item.abstract} /> : <Paragraphs text={item.abstract} />}
          </section>
        )}
        {item.keywords.length > 0 && <p class="meta">Keywords: {item.keywords.join("; ")}</p>}
        {item.topics.length > 0 && (
          <section aria-labelledby="topics">
            <h2 id="topics">Topics</h2>
            <TopicLinks topics={item.topics} />
          </section>
        )}
        {equityTagLinks(item.equity) && (
          <section aria-labelledby="who-and-where">
            <h2 id="who-and-where">Who and where</h2>
            {equityTagLinks(item.equity)}
          </section>
        )}
        {laySummaries.length > 0 && (
          <section aria-labelledby="lay-summaries">
            <h2 id="lay-summaries">Plain-language summaries</h2>
            <ul>
              {laySummaries.map((summary) => (
                <li>
                  <a href={itemPagePath("lay-summaries", summary.id)} hreflang={summary.language} lang={summary.language} dir={readDirection(summary.language)}>
                    {summary.title}
                  </a>{" "}
                  <span class="meta">({nameLanguage(summary.language)})</span>
                </li>
              ))}
            </ul>
          </section>
        )}
        {briefings.length > 0 && (
          <section aria-labelledby="cited-by">
            <h2 id="cited-by">Policy briefings that cite it</h2>
            <ul>
              {briefings.map((briefing) => (
                <li>
                  <a href={itemPagePath("briefings", briefing.id)}>{briefing.title}</a> <span class="meta">for {briefing.audience}</span>
                </li>
              ))}
            </ul>
          </section>
        )}
        <section aria-labelledby="cite" class="cite">
          <h2 id="cite">Cite this</h2>
          <CitationTexts citations={citations} />
          <h3>Download the reference</h3>
          <ul>
            {DOWNLOADS.map(({ style, name, note }) => (
              <li>
                <a href={`/api/publications/${item.id}/cite?style=${style}`} download>
                  {name}
                </a>{" "}
                <span class="meta">{note}</span>
              </li>
            ))}
          </ul>
        </section>
      </article>
    </Layout>
  );
}

/** One paper in a briefing's reference list: its stored APA text where there is one, else authors, year and title. */
function Reference({ paper, apa }: { paper: PublicationJson; apa: string | undefined }) {
  const title = paper.title ?? "Untitled publication";
  const text = apa ?? `${paper.authors.map((a) => a.name).join(", ")}${paper.authors.length > 0 ? " " : ""}(${paper.year ?? "n.d."}). ${title}.${paper.container_title ? ` ${paper.container_title}.` : ""}`;
  return (
    <li>
      {text}{" "}
      <a href={itemPagePath("publications", paper.id)} class="no-print-url">
        About this paper<span class="visually-hidden">: {title}</span>
      </a>
    </li>
  );
}

export type BriefingPageProps = {
  siteName: string;
  origin: string;
  item: BriefingJson;
  feeds: AlternateFeed[];
  evidence: PublicationJson[];
  apa: Map<string, string>;
  notices: EvidenceNotice[];
};

export function BriefingPage({ siteName, origin, item, feeds, evidence, apa, notices }: BriefingPageProps) {
  const dir = readDirection(item.language);
  return (
    <Layout title={item.title} siteName={siteName} feeds={feeds} head={<BriefingHead item={item} evidence={evidence} origin={origin} siteName={siteName} />}>
      <article class="item briefing">
        <p class="meta">Policy briefing</p>
        <h1 lang={item.language} dir={dir}>
          {item.title}
        </h1>
        <EvidenceNotices notices={notices} />
        <SummaryList
          rows={[
            ["Published", item.publish_at && <time datetime={item.publish_at}>{formatDate(item.publish_at)}</time>],
            ["For", item.audience],
            ["Topics", item.topics.length > 0 && <TopicLinks topics={item.topics} />],
            ["Who and where", equityTagLinks(item.equity)],
          ]}
        />
        {item.key_messages.length > 0 && (
          <section aria-labelledby="key-messages" class="notice key-messages">
            <h2 id="key-messages">Key messages</h2>
            <ol lang={item.language} dir={dir}>
              {item.key_messages.map((message) => (
                <li>{message}</li>
              ))}
            </ol>
          </section>
        )}
        <div lang={item.language} dir={dir} class="item-text">
          <p class="lead">{item.summary}</p>
          <div dangerouslySetInnerHTML={{ __html: renderMarkdown(item.body) }} />
        </div>
        {evidence.length > 0 && (
          <section aria-labelledby="evidence">
            <h2 id="evidence">The evidence</h2>
            <ol class="references">
              {evidence.map((paper) => (
                <Reference paper={paper} apa={apa.get(paper.id)} />
              ))}
            </ol>
          </section>
        )}
      </article>
    </Layout>
  );
}

export type LaySummaryPageProps = {
  siteName: string;
  origin: string;
  item: LaySummaryJson;
  feeds: AlternateFeed[];
  translations: LaySummaryLink[];
  /** The paper's equity tags: the summary is found under them too, so its page shows them. */
  paperEquity: EquityTags;
};

export function LaySummaryPage({ siteName, origin, item, feeds, translations, paperEquity }: LaySummaryPageProps) {
  return (
    <Layout title={item.title} siteName={siteName} feeds={feeds} head={<LaySummaryHead item={item} origin={origin} siteName={siteName} translations={translations} />}>
      <article class="item">
        <p class="meta">Plain-language summary</p>
        {/* The summary's own words carry its language and direction; the page around them is in English. */}
        <div lang={item.language} dir={readDirection(item.language)} class="item-text">
          <h1>{item.title}</h1>
          <div dangerouslySetInnerHTML={{ __html: renderMarkdown(item.body) }} />
        </div>
        <SummaryList
          rows={[
            ["Language", nameLanguage(item.language)],
            ["Reading level", item.readability && describeReadingLevel(item.readability)],
            ["Topics", item.topics.length > 0 && <TopicLinks topics={item.topics} />],
            ["Who and where", equityTagLinks(mergeEquityTags(item.equity, paperEquity))],
          ]}
        />
        {translations.length > 0 && (
          <section aria-labelledby="other-languages">
            <h2 id="other-languages">In other languages</h2>
            <ul>
              {translations.map((t) => (
                <li>
                  <a href={itemPagePath("lay-summaries", t.id)} hreflang={t.language} lang={t.language} dir={readDirection(t.language)}>
                    {nameLanguageNatively(t.language)}
                  </a>
                  {nameLanguageNatively(t.language) !== nameLanguage(t.language) && <span class="meta"> ({nameLanguage(t.language)})</span>}
                </li>
              ))}
            </ul>
          </section>
        )}
        {/* A public summary's paper is public too; only records deposited before untitled entries got a stand-in lack a title. */}
        {item.publication.title !== null ? (
          <p>
            This summarises the research paper <a href={itemPagePath("publications", item.publication.id)}>{item.publication.title}</a>.
          </p>
        ) : (
          <p>
            This summarises <a href={itemPagePath("publications", item.publication.id)}>the research paper</a>.
          </p>
        )}
      </article>
    </Layout>
  );
}

export type WithdrawnPageProps = {
  siteName: string;
  title: string;
  withdrawnAt: string;
  reason: string;
  /** A withdrawn publication keeps its authors and citation, so what cites it can still be traced. */
  publication?: { item: PublicationJson; apa: string | undefined };
};

/** What a withdrawn item's address shows: that it was withdrawn, when and why (HTTP 410). */
export function WithdrawnPage({ siteName, title, withdrawnAt, reason, publication }: WithdrawnPageProps) {
  return (
    <Layout title={`Withdrawn: ${title}`} siteName={siteName} head={<meta name="robots" content="noindex" />}>
      <article class="item">
        <h1>Withdrawn: {title}</h1>
        <p class="notice">
          This was withdrawn on <time datetime={withdrawnAt.slice(0, 10)}>{withdrawnAt ? formatDate(withdrawnAt) : "an unrecorded date"}</time>. The reason given: {reason}
        </p>
        {publication && (
          <>
            {/* Names, not links: a person whose only work was this one has no public page. */}
            <p class="authors">{publication.item.authors.map((a) => a.name).join(", ")}</p>
            <h2>Citation</h2>
            <p class="citation">
              {publication.apa ??
                [publication.item.authors.map((a) => a.name).join(", "), publication.item.year && `(${publication.item.year})`, publication.item.title, publication.item.container_title]
                  .filter(Boolean)
                  .join(". ")}
            </p>
            {publication.item.doi && (
              <p>
                DOI: <a class="long-link" href={`https://doi.org/${publication.item.doi}`}>{`https://doi.org/${publication.item.doi}`}</a>
              </p>
            )}
          </>
        )}
      </article>
    </Layout>
  );
}
