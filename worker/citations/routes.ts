// HTTP for GET /api/publications/:id/cite: a stored citation in the style asked for.
import { createRoute, z } from "@hono/zod-openapi";
import { sql } from "drizzle-orm";
import { createApiApp, problemResponses } from "../api-app";
import { type Database, openDatabase } from "../db/client";
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

/** The files a reference manager imports are downloads; the styles people read stay inline. */
const FILE_EXTENSIONS: Partial<Record<(typeof CITATION_STYLES)[number], string>> = { bibtex: "bib", ris: "ris", "csl-json": "json" };

/**
 * `attachment; filename="<BibTeX key or id>.<extension>"`: the key the researcher chose names the file, reduced to
 * characters every file system and header parser takes (a key may hold `:` or accents).
 */
async function describeDownload(db: Database, id: string, extension: string): Promise<string> {
  const [row] = await db.all<{ bibtex_key: string | null }>(sql`SELECT bibtex_key FROM publications WHERE id = ${id}`);
  const key = (row?.bibtex_key ?? "").normalize("NFKD").replace(/[^A-Za-z0-9._-]+/gu, "-").replace(/^[-.]+|-+$/gu, "");
  return `attachment; filename="${key || id}.${extension}"`;
}

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
        headers: z.object({
          "content-disposition": z.string().optional().openapi({
            description: "For bibtex, ris and csl-json: `attachment; filename=\"<BibTeX key or id>.bib\"` (`.ris`, `.json`), so a browser saves the file",
          }),
        }),
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
    const extension = FILE_EXTENSIONS[style];
    const disposition: Record<string, string> = extension ? { "content-disposition": await describeDownload(db, id, extension) } : {};
    if (style === "csl-json") {
      const [item] = await listCslItems(db, [id]);
      return c.body(item.csl, 200, { "content-type": "application/vnd.citationstyles.csl+json; charset=utf-8", ...disposition });
    }
    const citation = await getOrRenderCitation(db, id, style);
    return c.body(citation, 200, { "content-type": `${CONTENT_TYPES[style]}; charset=utf-8`, ...disposition });
  },
);
