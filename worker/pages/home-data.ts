// What the home page shows, read in one round trip to D1: the newest public items of each kind, with their one-line details,
// and the equity values a reader starts from, with their counts.
import { sql } from "drizzle-orm";
import type { HomeEquityLinks, HomeItem } from "../../web/pages/home";
import { type EquityCountRow, equityCountsQuery, HOME_EQUITY_FACETS, homeEquityLinks, toEquityCounts } from "../equity/equity-pages-data";
import { type Database, nowIso, readBatch } from "../db/client";
import { isPublicItem } from "../records/public-documents";

/** Items per list on the home page. */
export const HOME_LIST_LENGTH = 5;

type PublicationLine = { id: string; title: string | null; container_title: string | null; year: number | null; language: string | null; authors: string | null };
type BriefingLine = { id: string; title: string; audience: string; language: string };
type LaySummaryLine = { id: string; title: string; language: string; publication_title: string | null };

/*
 * Newest first by id (ids are time-ordered), as the lists by kind are: SQLite walks each primary key backwards, asking
 * the one visibility rule of each row, and stops after a few (see listPageIds). A lay summary is listed only while its
 * publication is public too, as the rule demands.
 */
function homeQueries(now: string) {
  return [
    sql`SELECT p.id, p.title, p.container_title, p.issued_year AS year, p.language,
          (SELECT group_concat(name, ', ') FROM (SELECT pe.name FROM publication_authors AS a JOIN people AS pe ON pe.id = a.person_id
             WHERE a.publication_id = p.id ORDER BY a.position)) AS authors
        FROM publications AS p WHERE ${isPublicItem(sql`p.id`, now)} ORDER BY p.id DESC LIMIT ${HOME_LIST_LENGTH}`,
    sql`SELECT b.id, b.title, b.audience, b.language FROM briefings AS b WHERE ${isPublicItem(sql`b.id`, now)} ORDER BY b.id DESC LIMIT ${HOME_LIST_LENGTH}`,
    sql`SELECT l.id, l.title, l.language, p.title AS publication_title FROM lay_summaries AS l JOIN publications AS p ON p.id = l.publication_id
        WHERE ${isPublicItem(sql`l.id`, now)} ORDER BY l.id DESC LIMIT ${HOME_LIST_LENGTH}`,
  ] as const;
}

export async function loadHomeLists(db: Database): Promise<{ publications: HomeItem[]; briefings: HomeItem[]; laySummaries: HomeItem[]; equity: HomeEquityLinks }> {
  const now = nowIso();
  const [publications, briefings, laySummaries, equityCounts] = await readBatch<[PublicationLine, BriefingLine, LaySummaryLine, EquityCountRow]>(db, [
    ...homeQueries(now),
    equityCountsQuery(now, HOME_EQUITY_FACETS),
  ]);
  return {
    equity: homeEquityLinks(toEquityCounts(equityCounts)),
    publications: publications.map((p) => ({
      title: p.title ?? `Untitled (${[p.container_title, p.year].filter(Boolean).join(", ")})`,
      kind: "publications",
      id: p.id,
      language: p.language,
      meta: [p.authors, p.year, p.container_title].filter(Boolean).join(" · "),
    })),
    briefings: briefings.map((b) => ({ kind: "briefings", id: b.id, title: b.title, language: b.language, meta: `For ${b.audience}` })),
    laySummaries: laySummaries.map((l) => ({
      title: l.title,
      kind: "lay-summaries",
      id: l.id,
      language: l.language,
      meta: `Summary of: ${l.publication_title ?? "an untitled publication"}`,
    })),
  };
}
