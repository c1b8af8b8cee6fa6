// HTTP for each item's page: a publication, a policy briefing or a lay summary, or its tombstone.
import { type Context, Hono } from "hono";
import { BriefingPage, LaySummaryPage, PublicationPage, WithdrawnPage } from "../../web/pages/item";
import { nowIso, openDatabase } from "../db/client";
import type { AppEnv } from "../env";
import { alternatesFor, MAX_PERSON_FEEDS_IN_HEAD } from "../feeds/alternates";
import { readBriefingPage, readLaySummaryPage, readPublicationPage } from "../records/item-page-queries";
import type { PublicState } from "../records/public-documents";

export const itemPages = new Hono<AppEnv>();

type Topic = { slug: string; name: string };
const topicFeeds = (topics: Topic[]) => topics.flatMap((t) => alternatesFor(t.name, `/feeds/topics/${t.slug}`));

function withdrawnPage(c: Context<AppEnv>, shown: PublicState, publication?: Parameters<typeof WithdrawnPage>[0]["publication"]) {
  const reason = shown.withdrawal_reason ?? "no reason was recorded.";
  const tombstone = { siteName: c.env.SITE_NAME, title: shown.title || "Untitled", withdrawnAt: shown.withdrawn_at ?? "", reason };
  return c.html(<WithdrawnPage {...tombstone} publication={publication} />, 410);
}

/**
 * A readable slug may follow an id (`/publications/01J…/debt-and-anxiety`): it is for people reading the address, and
 * the page is the same with any slug or none. The canonical address stays the bare id.
 */
const OPTIONAL_SLUG = "/:slug{[a-z0-9]+(?:-[a-z0-9]+)*}?";

/**
 * An item's page while it is public (a lay summary only while its publication is too), its tombstone (410) once it was
 * withdrawn after being public, as feeds and OAI-PMH tell it; 404 for anything never public. Each reads all it shows in
 * one D1 batch. Its feeds: its topics' and (for a publication) its first authors': a paper with hundreds of authors
 * would otherwise fill the head with links no browser or feed reader offers beyond the first few.
 */
itemPages.get(`/publications/:id${OPTIONAL_SLUG}`, async (c) => {
  const id = c.req.param("id");
  const page = await readPublicationPage(openDatabase(c.env.DB), id, nowIso());
  if (!page) return c.notFound();
  const { state, item, apa, citations, laySummaries, briefings, corrections } = page;
  if (state.state === "withdrawn") return withdrawnPage(c, state, { item, apa });
  const authorFeeds = item.authors.slice(0, MAX_PERSON_FEEDS_IN_HEAD).flatMap((a) => alternatesFor(a.name, `/feeds/people/${a.id}`));
  const origin = new URL(c.req.url).origin;
  return c.html(
    <PublicationPage
      siteName={c.env.SITE_NAME}
      origin={origin}
      item={item}
      feeds={[...topicFeeds(item.topics), ...authorFeeds]}
      citations={citations}
      laySummaries={laySummaries}
      briefings={briefings}
      corrections={corrections}
    />,
  );
});

itemPages.get(`/briefings/:id${OPTIONAL_SLUG}`, async (c) => {
  const page = await readBriefingPage(openDatabase(c.env.DB), c.req.param("id"), nowIso());
  if (!page) return c.notFound();
  if (page.state.state === "withdrawn") return withdrawnPage(c, page.state);
  const { item, evidence, apa, notices } = page;
  const origin = new URL(c.req.url).origin;
  return c.html(<BriefingPage siteName={c.env.SITE_NAME} origin={origin} item={item} feeds={topicFeeds(item.topics)} evidence={evidence} apa={apa} notices={notices} />);
});

itemPages.get(`/lay-summaries/:id${OPTIONAL_SLUG}`, async (c) => {
  const page = await readLaySummaryPage(openDatabase(c.env.DB), c.req.param("id"), nowIso());
  if (!page) return c.notFound();
  if (page.state.state === "withdrawn") return withdrawnPage(c, page.state);
  const { item, translations, paperEquity } = page;
  const origin = new URL(c.req.url).origin;
  return c.html(
    <LaySummaryPage siteName={c.env.SITE_NAME} origin={origin} item={item} feeds={topicFeeds(item.topics)} translations={translations} paperEquity={paperEquity} />,
  );
});
