// One item's page: a publication, a policy briefing (key messages first) or a lay summary (in its own language), or its tombstone.
import { isSafeRichHtml } from "../../worker/deposit/markup";
import { itemPagePath } from "../../worker/records/public-documents";
import type { BriefingJson, LaySummaryJson, PublicationJson } from "../../worker/records/schemas";
import { type AlternateFeed, Layout } from "../layout";

type TopicLink = { slug: string; name: string };

/** Paragraphs, headings and bulleted lists of the Markdown a briefing is written in; the rest stays as text (escaped by JSX). */
function MarkdownText({ text }: { text: string }) {
  return (
    <>
      {text
        .split(/\n\s*\n/u)
        .map((block) => block.trim())
        .filter((block) => block !== "")
        .map((block) => {
          const heading = /^#{1,6}\s+(.*)$/su.exec(block);
          if (heading) return <h3>{heading[1]}</h3>;
          const lines = block.split("\n").map((line) => line.trim());
          if (lines.every((line) => /^[-*]\s+/u.test(line))) {
            return (
              <ul>
                {lines.map((line) => (
                  <li>{line.replace(/^[-*]\s+/u, "")}</li>
                ))}
              </ul>
            );
          }
          return <p>{lines.join(" ")}</p>;
        })}
    </>
  );
}

function Topics({ topics }: { topics: TopicLink[] }) {
  if (topics.length === 0) return null;
  return (
    <section aria-labelledby="topics">
      <h2 id="topics">Topics</h2>
      <ul>
        {topics.map((topic) => (
          <li>
            {topic.name} (<a href={`/feeds/topics/${topic.slug}.rss`} aria-label={`Feed of new items on ${topic.name}`}>feed</a>)
          </li>
        ))}
      </ul>
    </section>
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

export function PublicationPage({ siteName, item, feeds }: { siteName: string; item: PublicationJson; feeds: AlternateFeed[] }) {
  const title = item.title ?? "Untitled publication";
  const source = [item.container_title, item.volume && `volume ${item.volume}`, item.issue && `issue ${item.issue}`, item.pages && `pages ${item.pages}`]
    .filter(Boolean)
    .join(", ");
  return (
    <Layout title={title} siteName={siteName} feeds={feeds}>
      <article>
        <RichText as="h1" html={item.title_html} text={title} />
        {item.authors.length > 0 && (
          <p>
            {item.authors.map((author, i) => (
              <>
                {i > 0 && ", "}
                <a href={`/feeds/people/${author.id}.rss`} aria-label={`${author.name}: feed of their work`}>
                  {author.name}
                </a>
              </>
            ))}
          </p>
        )}
        <dl class="facts">
          {source && (
            <>
              <dt>Published in</dt>
              <dd>{source}</dd>
            </>
          )}
          {item.issued && (
            <>
              <dt>Date</dt>
              <dd>{item.issued}</dd>
            </>
          )}
          {item.publisher && (
            <>
              <dt>Publisher</dt>
              <dd>{item.publisher}</dd>
            </>
          )}
          {item.doi && (
            <>
              <dt>DOI</dt>
              <dd>
                <a href={`https://doi.org/${item.doi}`}>{item.doi}</a>
              </dd>
            </>
          )}
        </dl>
        {item.abstract && (
          <section aria-labelledby="abstract">
            <h2 id="abstract">Abstract</h2>
            {item.abstract_html ? <RichText as="p" html={item.abstract_html} text={item.abstract} /> : <MarkdownText text={item.abstract} />}
          </section>
        )}
        {item.keywords.length > 0 && <p class="meta">Keywords: {item.keywords.join("; ")}</p>}
        <Topics topics={item.topics} />
        <p class="meta">
          Cite it: <a href={`/api/publications/${item.id}/cite?style=apa`}>APA</a> ·{" "}
          <a href={`/api/publications/${item.id}/cite?style=vancouver`}>Vancouver</a> · <a href={`/api/publications/${item.id}/cite?style=harvard`}>Harvard</a> ·{" "}
          <a href={`/api/publications/${item.id}/cite?style=bibtex`}>BibTeX</a>
        </p>
      </article>
    </Layout>
  );
}

export function BriefingPage({ siteName, item, feeds }: { siteName: string; item: BriefingJson; feeds: AlternateFeed[] }) {
  return (
    <Layout title={item.title} siteName={siteName} feeds={feeds}>
      <article>
        <p class="meta">Policy briefing · for {item.audience}</p>
        <h1 lang={item.language}>{item.title}</h1>
        <section aria-labelledby="key-messages" class="notice">
          <h2 id="key-messages">Key messages</h2>
          <ol lang={item.language}>
            {item.key_messages.map((message) => (
              <li>{message}</li>
            ))}
          </ol>
        </section>
        <div lang={item.language} class="item-text">
          <p>{item.summary}</p>
          <MarkdownText text={item.body} />
        </div>
        {item.publications.length > 0 && (
          <section aria-labelledby="evidence">
            <h2 id="evidence">The evidence</h2>
            <ul>
              {item.publications.map((p) => (
                <li>
                  <a href={itemPagePath("publications", p.id)}>{p.title ?? "Untitled publication"}</a>
                </li>
              ))}
            </ul>
          </section>
        )}
        <Topics topics={item.topics} />
      </article>
    </Layout>
  );
}

export function LaySummaryPage({ siteName, item, feeds }: { siteName: string; item: LaySummaryJson; feeds: AlternateFeed[] }) {
  return (
    <Layout title={item.title} siteName={siteName} feeds={feeds}>
      <article>
        <p class="meta">Plain-language summary</p>
        {/* The summary's own words carry its language; the page around them is in English. */}
        <div lang={item.language} class="item-text">
          <h1>{item.title}</h1>
          <MarkdownText text={item.body} />
        </div>
        {item.publication.title !== null && (
          <p>
            This summarises the research paper <a href={itemPagePath("publications", item.publication.id)}>{item.publication.title}</a>.
          </p>
        )}
        <Topics topics={item.topics} />
      </article>
    </Layout>
  );
}

/** What a withdrawn item's address shows: that it was withdrawn, when and why (HTTP 410). */
export function WithdrawnPage({ siteName, title, withdrawnAt, reason }: { siteName: string; title: string; withdrawnAt: string; reason: string }) {
  return (
    <Layout title={`Withdrawn: ${title}`} siteName={siteName}>
      <h1>Withdrawn: {title}</h1>
      <p class="notice">
        This was withdrawn on {withdrawnAt.slice(0, 10)}. The reason given: {reason}
      </p>
    </Layout>
  );
}
