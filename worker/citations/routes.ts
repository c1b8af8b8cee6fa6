// HTTP for GET /api/publications/:id/cite: a stored citation in the style asked for.
import { createRoute, z } from "@hono/zod-openapi";
import { createApiApp, problemResponses } from "../api-app";
import { openDatabase } from "../db/client";
import { requireVisibleRow } from "../records/lifecycle";
import { IdParams } from "../records/schemas";
import { CITATION_STYLES } from "./citation-js";
import { listCslItems } from "./queries";
import { getOrRenderCitation } from "./render-citations";

const CONTENT_TYPES = {
  apa: "text/plain",
  vancouver: "text/plain",
  harvard: "text/plain",
  bibtex: "application/x-bibtex",
  ris: "application/x-research-info-systems",
} as const;

export const citationsApi = createApiApp();

citationsApi.openapi(
  createRoute({
    method: "get",
    path: "/api/publications/{id}/cite",
    tags: ["Publications"],
    summary: "Cite a publication",
    description:
      "Citations are rendered once, in the background after deposit, and served from storage. A record citation-js " +
      "cannot render in the style asked for answers 422 (problem type `unrenderable`), naming in `available_styles` the " +
      "styles that work for it; `csl-json`, the stored record itself, always does.",
    request: { params: IdParams, query: z.object({ style: z.enum(CITATION_STYLES).default("apa") }) },
    responses: {
      200: {
        description: "The citation",
        content: {
          "text/plain": { schema: z.string() },
          "application/x-bibtex": { schema: z.string() },
          "application/x-research-info-systems": { schema: z.string() },
          "application/vnd.citationstyles.csl+json": { schema: z.object({}).passthrough() },
        },
      },
      ...problemResponses(404, 410),
      422: {
        description: "An unknown style (`errors` lists the problem), or one this record cannot be rendered in (`available_styles` lists those it can)",
        content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
      },
    },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const { style } = c.req.valid("query");
    const db = openDatabase(c.env.DB);
    await requireVisibleRow(db, "publications", id, c.get("caller"));
    if (style === "csl-json") {
      const [item] = await listCslItems(db, [id]);
      return c.body(item.csl, 200, { "content-type": "application/vnd.citationstyles.csl+json; charset=utf-8" });
    }
    const citation = await getOrRenderCitation(db, id, style);
    return c.body(citation, 200, { "content-type": `${CONTENT_TYPES[style]}; charset=utf-8` });
  },
);
