// HTTP for the equity pages: /equity (every value with counts), /equity/gaps (the gap map), /equity/:facet/:value.
import { Hono } from "hono";
import { EQUITY_FACET_SLUGS } from "../../schema/equity-vocabulary";
import { EquityIndexPage, EquityValuePage } from "../../web/pages/equity";
import { GapMapPage } from "../../web/pages/gap-map";
import { OutOfDatePage } from "../../web/pages/browse";
import { openDatabase } from "../db/client";
import { findEquityValuePage, loadEquityCounts, loadGapMap, shapeEquityIndex } from "../equity/equity-pages-data";
import { GapMapQuery, toGapMapRequest } from "../equity/api-routes";
import type { AppEnv } from "../env";
import { RepositoryError } from "../errors";
import { alternatesFor } from "../feeds/alternates";
import { parseQueryString } from "../feeds/routes";
import { equityFacet, isEquityFacet } from "../records/equity";

export const equityPages = new Hono<AppEnv>();

equityPages.get("/equity", async (c) => {
  const counts = await loadEquityCounts(openDatabase(c.env.DB));
  return c.html(<EquityIndexPage siteName={c.env.SITE_NAME} facets={shapeEquityIndex(counts)} />);
});

equityPages.get("/equity/gaps", async (c) => {
  const query = parseQueryString(GapMapQuery, c);
  const request = toGapMapRequest(query);
  const map = await loadGapMap(openDatabase(c.env.DB), request);
  const url = new URL(c.req.url);
  const chosen = { rows: request.rows, columns: request.columns, level: request.level, kinds: query.kind, within: query.within };
  return c.html(<GapMapPage siteName={c.env.SITE_NAME} map={map} chosen={chosen} apiHref={`/api/equity/gap-map${url.search}`} />);
});

equityPages.get("/equity/:facet/:value", async (c) => {
  const { facet, value } = c.req.param();
  if (!isEquityFacet(facet)) {
    throw new RepositoryError("not_found", `There is no facet '${facet}'. The facets are ${EQUITY_FACET_SLUGS.join(", ")}; every value is listed at /equity.`);
  }
  const cursor = c.req.query("cursor");
  try {
    const data = await findEquityValuePage(openDatabase(c.env.DB), facet, value, cursor);
    if (!data) throw new RepositoryError("not_found", `There is no ${equityFacet(facet)!.name.toLowerCase()} '${value}'. Every value is listed at /equity#${facet}.`);
    const feeds = alternatesFor(data.value.name, `/feeds/equity/${facet}/${value}`);
    const path = new URL(c.req.url).pathname;
    const nextHref = data.page.nextCursor === null ? null : `${path}?cursor=${encodeURIComponent(data.page.nextCursor)}`;
    return c.html(<EquityValuePage siteName={c.env.SITE_NAME} data={data} feeds={feeds} nextHref={nextHref} firstHref={cursor ? path : null} />);
  } catch (error) {
    if (!(error instanceof RepositoryError && error.code === "invalid" && cursor)) throw error;
    return c.html(<OutOfDatePage siteName={c.env.SITE_NAME} firstHref={new URL(c.req.url).pathname} />, 400);
  }
});
