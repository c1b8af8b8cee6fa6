// The browse pages: every topic, one topic's items, one person's works, and each kind's list, each naming its feeds.
import { ITEM_KIND_NAMES, type ItemKind } from "../../schema/vocabularies";
import type { BrowseItem, BrowsePage, LaySummaryLink, PersonSummary, TopicSummary } from "../../worker/records/browse";
import { type AlternateFeed, Layout } from "../layout";
import { formatDate } from "./dates";
import { ItemLink } from "./item-link";
import { nameLanguage } from "./languages";
import { SubscribeBox } from "./subscribe-box";
import { listAuthors } from "./author-names";

/** What a reader weighs before opening an item: who wrote it or whom it is for, when, and (for a summary) its language and paper. */
function describeItem(item: BrowseItem): string[] {
  if (item.kind === "briefings") return [`For ${item.audience ?? "everyone"}`, formatDate(item.publicFrom)].filter(Boolean);
  if (item.kind === "lay-summaries") {
    return [item.language ? nameLanguage(item.language) : "", formatDate(item.publicFrom), listAuthors(item.people)].filter(Boolean);
  }
  return [listAuthors(item.people), item.year === null ? "" : String(item.year)].filter(Boolean);
}

export function ItemEntry({ item }: { item: BrowseItem }) {
  return (
    <li>
      <ItemLink kind={item.kind} id={item.itemId} title={item.title} language={item.language} />
      <div class="meta">{describeItem(item).join(" · ")}</div>
      {item.kind === "lay-summaries" && item.publicationTitle && <div class="meta">Summary of: {item.publicationTitle}</div>}
    </li>
  );
}

export function Pager({ nextHref, firstHref }: { nextHref: string | null; firstHref: string | null }) {
  if (!nextHref && !firstHref) return null;
  return (
    <nav class="pager" aria-label="Pages">
      {firstHref && <a href={firstHref}>First page</a>}
      {nextHref && (
        <a href={nextHref} rel="next">
          Next page
        </a>
      )}
    </nav>
  );
}

export type PagingProps = { nextHref: string | null; firstHref: string | null };

export function TopicsPage({ siteName, topics, feeds }: { siteName: string; topics: TopicSummary[]; feeds: AlternateFeed[] }) {
  return (
    <Layout title="Topics" siteName={siteName} feeds={feeds}>
      <h1>Topics</h1>
      <p>Every publication, policy briefing and plain-language summary is filed under one or more topics.</p>
      <ul class="items topics">
        {topics.map((topic) => (
          <li>
            <a href={`/topics/${topic.slug}`}>{topic.name}</a>
            <div class="meta">{topic.count === 1 ? "1 item" : `${topic.count} items`}</div>
            <p>{topic.description}</p>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

/** Consecutive items of one kind, so a topic page shows each kind under its own heading (a page may hold the end of one and the start of the next). */
export function groupByKind(items: BrowseItem[]): { kind: ItemKind; items: BrowseItem[] }[] {
  const groups: { kind: ItemKind; items: BrowseItem[] }[] = [];
  for (const item of items) {
    const last = groups[groups.length - 1];
    if (last && last.kind === item.kind) last.items.push(item);
    else groups.push({ kind: item.kind, items: [item] });
  }
  return groups;
}

/** A page's items under a heading per kind (briefings, then summaries, then publications): a topic's or an equity value's. */
export function ItemsByKind({ items }: { items: BrowseItem[] }) {
  return (
    <>
      {groupByKind(items).map((group) => (
        <section aria-labelledby={`kind-${group.kind}`}>
          <h2 id={`kind-${group.kind}`}>{ITEM_KIND_NAMES[group.kind].many}</h2>
          <ul class="items">
            {group.items.map((item) => (
              <ItemEntry item={item} />
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}

export function TopicPage(props: { siteName: string; topic: TopicSummary; page: BrowsePage; feeds: AlternateFeed[] } & PagingProps) {
  const { topic, page } = props;
  return (
    <Layout title={topic.name} siteName={props.siteName} feeds={props.feeds}>
      <p class="breadcrumb">
        <a href="/topics">Topics</a>
      </p>
      <h1>{topic.name}</h1>
      <p>{topic.description}</p>
      <p class="meta">{topic.count === 0 ? "Nothing is published on this topic yet." : topic.count === 1 ? "1 item" : `${topic.count} items`}</p>
      <ItemsByKind items={page.items} />
      <Pager nextHref={props.nextHref} firstHref={props.firstHref} />
      <SubscribeBox heading="Subscribe to this topic" what="new items on this topic" feeds={props.feeds} />
    </Layout>
  );
}

/** An ORCID iD as its bare sixteen digits, whether stored bare or as its orcid.org address. */
function bareOrcid(orcid: string): string {
  return orcid.replace(/^https?:\/\/(www\.)?orcid\.org\//iu, "");
}

export function PersonPage(props: { siteName: string; person: PersonSummary; page: BrowsePage; laySummaries: LaySummaryLink[]; feeds: AlternateFeed[] } & PagingProps) {
  const { person, page } = props;
  const summariesOf = (publicationId: string) => props.laySummaries.filter((s) => s.publicationId === publicationId);
  return (
    <Layout title={person.name} siteName={props.siteName} feeds={props.feeds}>
      <h1>{person.name}</h1>
      {person.orcid && (
        <p>
          ORCID iD: <a href={`https://orcid.org/${bareOrcid(person.orcid)}`}>{bareOrcid(person.orcid)}</a>
        </p>
      )}
      <h2>Publications</h2>
      <ul class="items">
        {page.items.map((item) => {
          const summaries = summariesOf(item.itemId);
          return (
            <li>
              <ItemLink kind="publications" id={item.itemId} title={item.title} language={item.language} />
              <div class="meta">{describeItem(item).join(" · ")}</div>
              {summaries.length > 0 && (
                <div class="lay-summary-links">
                  Plain-language summaries:{" "}
                  <ul>
                    {summaries.map((s) => (
                      <li>
                        <ItemLink kind="lay-summaries" id={s.itemId} title={s.title} language={s.language} />{" "}
                        <span class="meta">({nameLanguage(s.language)})</span>
                      </li>
                    ))}
                  </ul>
                </div>
              )}
            </li>
          );
        })}
      </ul>
      <Pager nextHref={props.nextHref} firstHref={props.firstHref} />
      <SubscribeBox heading="Subscribe to this person's work" what={`new work by ${person.name} and plain-language summaries of it`} feeds={props.feeds} />
    </Layout>
  );
}

const KIND_INTROS: Record<ItemKind, string> = {
  publications: "Research papers, reports and books by the centre's researchers, newest first.",
  briefings: "Short briefings for policymakers and services, setting out what the evidence means for them, newest first.",
  "lay-summaries": "Our research explained in plain words, in English and other languages, newest first.",
};

export function KindListPage(props: { siteName: string; kind: ItemKind; page: BrowsePage; feeds: AlternateFeed[] } & PagingProps) {
  const heading = ITEM_KIND_NAMES[props.kind].many;
  return (
    <Layout title={heading} siteName={props.siteName} feeds={props.feeds}>
      <h1>{heading}</h1>
      <p>{KIND_INTROS[props.kind]}</p>
      {props.page.items.length === 0 ? (
        <p>Nothing is published here yet.</p>
      ) : (
        <ul class="items">
          {props.page.items.map((item) => (
            <ItemEntry item={item} />
          ))}
        </ul>
      )}
      <Pager nextHref={props.nextHref} firstHref={props.firstHref} />
      <SubscribeBox heading={`Subscribe to ${heading.toLowerCase()}`} what={`new ${heading.toLowerCase()}`} feeds={props.feeds} />
    </Layout>
  );
}

/** A page address whose cursor no list gave (hand-edited, or from an older version of the site): what happened, and the way back. */
export function OutOfDatePage({ siteName, firstHref }: { siteName: string; firstHref: string }) {
  return (
    <Layout title="This page link is out of date" siteName={siteName}>
      <h1>This page link is out of date</h1>
      <p>The link to this page of the list no longer works. It may have been changed by hand, or saved from an older version of the site.</p>
      <p>
        <a href={firstHref}>Go to the first page</a> and follow "Next page" from there.
      </p>
    </Layout>
  );
}
