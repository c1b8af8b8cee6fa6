// HTTP for the browse pages: topics, a topic, a person, and the lists of publications, briefings and lay summaries.
import { type Context, Hono } from "hono";
import { KindListPage, OutOfDatePage, PersonPage, TopicPage, TopicsPage } from "../../web/pages/browse";
import type { ItemKind } from "../../schema/vocabularies";
import { openDatabase } from "../db/client";
import type { AppEnv } from "../env";
import { RepositoryError } from "../errors";
import { alternatesFor, EVERYTHING_FEEDS } from "../feeds/alternates";
import { findPersonPage, findTopicPage, listKindPage, listTopicSummaries } from "../records/browse";
import { KIND_TITLES } from "../records/public-documents";

export const browsePages = new Hono<AppEnv>();

/** The links between pages of one list: the next (with its cursor) and, past the first, back to the start. */
function pagingFor(c: Context<AppEnv>, nextCursor: string | null) {
  const path = new URL(c.req.url).pathname;
  return {
    nextHref: nextCursor === null ? null : `${path}?cursor=${encodeURIComponent(nextCursor)}`,
    firstHref: c.req.query("cursor") ? path : null,
  };
}

function isBadCursor(error: unknown): boolean {
  if (!(error instanceof RepositoryError) || error.code !== "invalid") return false;
  const errors = error.extensions.errors as { path?: string }[] | undefined;
  return errors?.some((e) => e.path === "cursor") ?? false;
}

/**
 * Renders a list page; a cursor no list gave (edited by hand, or kept from an older site) is the reader's to fix, so
 * it gets a 400 page that says the link is out of date and leads to the first page, not the generic error page.
 */
async function renderListPage(c: Context<AppEnv>, render: () => Promise<Response>): Promise<Response> {
  try {
    return await render();
  } catch (error) {
    if (!isBadCursor(error)) throw error;
    return c.html(<OutOfDatePage siteName={c.env.SITE_NAME} firstHref={new URL(c.req.url).pathname} />, 400);
  }
}

browsePages.get("/topics", async (c) => {
  const topics = await listTopicSummaries(openDatabase(c.env.DB));
  return c.html(<TopicsPage siteName={c.env.SITE_NAME} topics={topics} feeds={EVERYTHING_FEEDS} />);
});

browsePages.get("/topics/:slug", (c) =>
  renderListPage(c, async () => {
    const found = await findTopicPage(openDatabase(c.env.DB), c.req.param("slug"), c.req.query("cursor"));
    if (!found) return c.notFound();
    const feeds = alternatesFor(found.topic.name, `/feeds/topics/${found.topic.slug}`);
    return c.html(<TopicPage siteName={c.env.SITE_NAME} topic={found.topic} page={found.page} feeds={feeds} {...pagingFor(c, found.page.nextCursor)} />);
  }),
);

browsePages.get("/people/:id", (c) =>
  renderListPage(c, async () => {
    const found = await findPersonPage(openDatabase(c.env.DB), c.req.param("id"), c.req.query("cursor"));
    if (!found) return c.notFound();
    const feeds = alternatesFor(found.person.name, `/feeds/people/${found.person.id}`);
    return c.html(
      <PersonPage siteName={c.env.SITE_NAME} person={found.person} page={found.page} laySummaries={found.laySummaries} feeds={feeds} {...pagingFor(c, found.page.nextCursor)} />,
    );
  }),
);

for (const kind of ["publications", "briefings", "lay-summaries"] as const satisfies readonly ItemKind[]) {
  browsePages.get(`/${kind}`, (c) =>
    renderListPage(c, async () => {
      const page = await listKindPage(openDatabase(c.env.DB), kind, c.req.query("cursor"));
      const feeds = alternatesFor(KIND_TITLES[kind], `/feeds/${kind}`);
      return c.html(<KindListPage siteName={c.env.SITE_NAME} kind={kind} page={page} feeds={feeds} {...pagingFor(c, page.nextCursor)} />);
    }),
  );
}
