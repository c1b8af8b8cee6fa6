// What an item's page tells machines in its <head>: Highwire Press citation_* tags, schema.org JSON-LD, Open Graph, canonical.
import type { BriefingJson, LaySummaryJson, PublicationJson } from "../../worker/records/schemas";

/**
 * JSON in a `<script type="application/ld+json">` data block: `<` written as \u003c so no text in it (a title
 * holding `</script>`) can end the block; `>` and `&` likewise, which JSON parsers read back as the same characters.
 */
export function JsonLd({ data }: { data: unknown }) {
  const json = JSON.stringify(data).replace(/</gu, "\\u003c").replace(/>/gu, "\\u003e").replace(/&/gu, "\\u0026");
  return <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: json }} />;
}

/** About one search result's length: what search engines and link previews show. */
export function describeBriefly(text: string, limit = 200): string {
  const flat = text.replace(/\s+/gu, " ").trim();
  if (flat.length <= limit) return flat;
  const cut = flat.slice(0, limit - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), limit / 2))}…`;
}

/** The description, Open Graph tags and canonical link every item page has. */
function SharingTags({ url, title, description, siteName, type, published }: { url: string; title: string; description: string; siteName: string; type: string; published?: string | null }) {
  return (
    <>
      <link rel="canonical" href={url} />
      <meta name="description" content={description} />
      <meta property="og:type" content={type} />
      <meta property="og:title" content={title} />
      <meta property="og:description" content={description} />
      <meta property="og:url" content={url} />
      <meta property="og:site_name" content={siteName} />
      {published && <meta property="article:published_time" content={published} />}
    </>
  );
}

/** First and last page of a range such as `101–117` or `e1234`. */
export function splitPages(pages: string | null): { first: string | null; last: string | null } {
  if (!pages) return { first: null, last: null };
  const [first, last] = pages.split(/\s*[-–—]+\s*/u);
  return { first: first || null, last: last || null };
}

/** Google Scholar reads dates as 2021/03/14, 2021/03 or 2021. */
const scholarDate = (issued: string) => issued.replace(/-/gu, "/");

/**
 * Highwire Press tags as Google Scholar's inclusion guidelines list them: one citation_author per author in order,
 * the container under the name that fits the type (journal, book, report or thesis institution).
 */
function HighwireTags({ item, url }: { item: PublicationJson; url: string }) {
  const { first, last } = splitPages(item.pages);
  const isArticle = item.type.startsWith("article");
  const keywords = [...new Set([...item.keywords, ...item.topics.map((t) => t.name)])];
  const tag = (name: string, content: string | null | undefined) => (content ? <meta name={name} content={content} /> : null);
  return (
    <>
      {tag("citation_title", item.title)}
      {item.authors.map((author) => (
        <meta name="citation_author" content={author.name} />
      ))}
      {tag("citation_publication_date", item.issued && scholarDate(item.issued))}
      {isArticle && tag("citation_journal_title", item.container_title)}
      {!isArticle && item.type === "chapter" && tag("citation_inbook_title", item.container_title)}
      {!isArticle && item.type === "paper-conference" && tag("citation_conference_title", item.container_title)}
      {item.type === "thesis" && tag("citation_dissertation_institution", item.publisher)}
      {item.type === "report" && tag("citation_technical_report_institution", item.publisher)}
      {tag("citation_volume", item.volume)}
      {tag("citation_issue", item.issue)}
      {tag("citation_firstpage", first)}
      {tag("citation_lastpage", last)}
      {tag("citation_doi", item.doi)}
      {tag("citation_publisher", item.publisher)}
      {tag("citation_abstract_html_url", url)}
      {tag("citation_language", item.language)}
      {tag("citation_keywords", keywords.join("; "))}
    </>
  );
}

const personLd = (origin: string) => (author: { id: string; name: string; orcid: string | null }) => ({
  "@type": "Person",
  name: author.name,
  url: `${origin}/people/${author.id}`,
  ...(author.orcid ? { sameAs: `https://orcid.org/${author.orcid}` } : {}),
});

/** schema.org's description of a paper, on its own page. */
export function describeScholarlyArticle(item: PublicationJson, origin: string) {
  return {
    "@type": "ScholarlyArticle",
    "@id": `${origin}/publications/${item.id}`,
    url: `${origin}/publications/${item.id}`,
    name: item.title ?? "Untitled publication",
    headline: item.title ?? "Untitled publication",
    author: item.authors.map(personLd(origin)),
    ...(item.issued ? { datePublished: item.issued } : {}),
    ...(item.doi
      ? { identifier: { "@type": "PropertyValue", propertyID: "DOI", value: item.doi }, sameAs: `https://doi.org/${item.doi}` }
      : {}),
    ...(item.container_title
      ? {
          isPartOf: {
            "@type": item.type.startsWith("article") ? "Periodical" : "CreativeWork",
            name: item.container_title,
            ...(item.volume ? { volumeNumber: item.volume } : {}),
            ...(item.issue ? { issueNumber: item.issue } : {}),
          },
        }
      : {}),
    ...(item.pages ? { pagination: item.pages } : {}),
    ...(item.publisher ? { publisher: { "@type": "Organization", name: item.publisher } } : {}),
    ...(item.abstract ? { abstract: item.abstract } : {}),
    ...(item.keywords.length > 0 ? { keywords: item.keywords.join(", ") } : {}),
    ...(item.language ? { inLanguage: item.language } : {}),
    ...(item.topics.length > 0 ? { about: item.topics.map((t) => ({ "@type": "Thing", name: t.name })) } : {}),
  };
}

/** Authors named where a paper is only cited (a briefing's evidence): enough to recognise it, as a reference list would. */
const MAX_CITED_AUTHORS = 10;

/**
 * A paper as a briefing's `isBasedOn` names it: what identifies it, and nothing of its text (its own page describes it
 * in full), so a briefing resting on many papers keeps a small head.
 */
export function identifyScholarlyArticle(item: PublicationJson, origin: string) {
  return {
    "@type": "ScholarlyArticle",
    "@id": `${origin}/publications/${item.id}`,
    url: `${origin}/publications/${item.id}`,
    name: item.title ?? "Untitled publication",
    author: item.authors.slice(0, MAX_CITED_AUTHORS).map((a) => ({ "@type": "Person", name: a.name })),
    ...(item.issued ? { datePublished: item.issued } : {}),
    ...(item.doi
      ? { identifier: { "@type": "PropertyValue", propertyID: "DOI", value: item.doi }, sameAs: `https://doi.org/${item.doi}` }
      : {}),
  };
}

export function PublicationHead({ item, origin, siteName }: { item: PublicationJson; origin: string; siteName: string }) {
  const url = `${origin}/publications/${item.id}`;
  const title = item.title ?? "Untitled publication";
  const by = item.authors.map((a) => a.name).join(", ");
  const description = describeBriefly(item.abstract ?? [title, by, item.container_title, item.year].filter(Boolean).join(". "));
  return (
    <>
      <SharingTags url={url} title={title} description={description} siteName={siteName} type="article" published={item.issued} />
      <HighwireTags item={item} url={url} />
      <JsonLd data={{ "@context": "https://schema.org", ...describeScholarlyArticle(item, origin) }} />
    </>
  );
}

export function BriefingHead({ item, evidence, origin, siteName }: { item: BriefingJson; evidence: PublicationJson[]; origin: string; siteName: string }) {
  const url = `${origin}/briefings/${item.id}`;
  const description = describeBriefly(item.summary);
  return (
    <>
      <SharingTags url={url} title={item.title} description={description} siteName={siteName} type="article" published={item.publish_at} />
      <JsonLd
        data={{
          "@context": "https://schema.org",
          "@type": "Report",
          "@id": url,
          url,
          name: item.title,
          headline: item.title,
          description: item.summary,
          inLanguage: item.language,
          audience: { "@type": "Audience", audienceType: item.audience },
          ...(item.publish_at ? { datePublished: item.publish_at } : {}),
          publisher: { "@type": "Organization", name: siteName },
          ...(item.topics.length > 0 ? { about: item.topics.map((t) => ({ "@type": "Thing", name: t.name })) } : {}),
          isBasedOn: evidence.map((p) => identifyScholarlyArticle(p, origin)),
        }}
      />
    </>
  );
}

export function LaySummaryHead({ item, origin, siteName, translations }: { item: LaySummaryJson; origin: string; siteName: string; translations: { id: string; language: string }[] }) {
  const url = `${origin}/lay-summaries/${item.id}`;
  return (
    <>
      <SharingTags url={url} title={item.title} description={describeBriefly(item.body.replace(/[*_#`>]+/gu, ""))} siteName={siteName} type="article" published={item.publish_at} />
      {/* Each language version names all of them, itself included, as hreflang annotations ask. */}
      {[{ id: item.id, language: item.language }, ...translations].map((t) => (
        <link rel="alternate" hreflang={t.language} href={`${origin}/lay-summaries/${t.id}`} />
      ))}
      <JsonLd
        data={{
          "@context": "https://schema.org",
          "@type": "Article",
          "@id": url,
          url,
          name: item.title,
          headline: item.title,
          inLanguage: item.language,
          ...(item.publish_at ? { datePublished: item.publish_at } : {}),
          publisher: { "@type": "Organization", name: siteName },
          isBasedOn: { "@type": "ScholarlyArticle", "@id": `${origin}/publications/${item.publication.id}`, name: item.publication.title ?? "Untitled publication" },
        }}
      />
    </>
  );
}
