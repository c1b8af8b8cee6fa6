// HTTP for POST /api/deposits: a BibTeX file in, a report of every entry out.
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { createApiApp, problemResponses } from "../api-app";
import { requireRole } from "../auth/tokens";
import { queueCitationRendering } from "../citations/render-citations";
import { openDatabase } from "../db/client";
import type { AppEnv } from "../env";
import { RepositoryError } from "../errors";
import { depositBibtex, hideUnseenDuplicates } from "./deposit-bibtex";
import { readBibtexBytes, type BibtexText } from "./read-bibtex-bytes";

const DepositEntry = z.object({
  key: z.string(),
  line: z.number().openapi({ description: "Line of the entry's `@` in the file" }),
  status: z.enum(["created", "duplicate", "invalid"]),
  id: z.string().optional(),
  duplicate_of: z.string().optional().openapi({ description: "The id of the stored publication this entry repeats" }),
  duplicate_of_key: z.string().optional().openapi({ description: "For a repeat within the same file: the earlier entry's key" }),
  error: z.string().optional().openapi({ example: "entry 'smith2020' at line 41: missing closing brace" }),
  warnings: z.array(z.string()).openapi({
    description: "What was stored other than as written, in plain words (an undefined @string macro kept as its name, a year read from text, LaTeX left undecoded)",
  }),
  equity: z
    .record(z.string(), z.array(z.string()))
    .optional()
    .openapi({
      description:
        "For a new entry: the equity tags its `keywords` named (a value's name, slug or alias, or `facet:value` such as `place:pk`), value slugs by facet as in /api/equity, stored with the publication with the broader places they imply. Every keyword is kept as exported; those that name no value stay free keywords.",
      example: { "life-course": ["perinatal"], place: ["north-west"] },
    }),
});

const DepositReport = z
  .object({
    deposit_id: z.string().nullable(),
    dry_run: z.boolean(),
    status: z.enum(["published", "submitted"]).openapi({ description: "What created entries became: an editor's are published, a depositor's wait for review" }),
    created: z.number(),
    duplicates: z.number(),
    failed: z.number(),
    warnings: z.number().openapi({ description: "How many warnings the report holds, the file's and its entries'" }),
    file_warnings: z.array(z.string()).openapi({ description: "Warnings about the whole file, such as the encoding it was read in" }),
    entries: z.array(DepositEntry),
  })
  .openapi("DepositReport");

/** Plain OpenAPI schemas, not zod: the body is read by readBibtex below, never by a validator. */
const bibtexText = { schema: { type: "string" as const, example: "@article{smith2020, title = {Debt and anxiety}, year = 2020}" } };
const DepositQuery = z.object({
  dry_run: z.enum(["0", "1", "true", "false"]).optional().openapi({ description: "`1`: the same report, nothing written" }),
});

/** The `charset` parameter of a content type, if any. */
function readCharset(contentType: string): string | undefined {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType);
  return match?.[1];
}

/**
 * The whole body, before anything is written: an upload cut off part-way (the client gone, the connection reset, or
 * fewer bytes than its Content-Length) is a 400 and stores nothing, never a shorter file deposited as if whole.
 */
async function readWholeBody(c: Context<AppEnv>): Promise<Uint8Array> {
  const cutOff = () => new RepositoryError("bad_request", "The upload was cut off before the whole file arrived, so nothing was stored: send the file again.");
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await c.req.arrayBuffer());
  } catch {
    throw cutOff();
  }
  const declared = Number.parseInt(c.req.header("content-length") ?? "", 10);
  if (Number.isSafeInteger(declared) && bytes.length < declared) throw cutOff();
  return bytes;
}

/** The file's text from any of the accepted bodies (415 for anything else), with warnings about how it was read. */
async function readBibtex(c: Context<AppEnv>): Promise<BibtexText> {
  const contentType = c.req.header("content-type") ?? "";
  const type = contentType.split(";")[0].trim().toLowerCase();
  if (type === "application/x-bibtex" || type === "text/plain" || type === "text/x-bibtex") {
    return readBibtexBytes(await readWholeBody(c), readCharset(contentType));
  }
  if (type === "multipart/form-data") {
    const form = await c.req.parseBody().catch(() => {
      throw new RepositoryError("bad_request", "The multipart form could not be read: send the .bib file as the form field 'file' (curl -F file=@library.bib).");
    });
    const file = form.file;
    if (file instanceof File) return readBibtexBytes(new Uint8Array(await file.arrayBuffer()), readCharset(file.type));
    if (typeof file === "string") return readBibtexBytes(new TextEncoder().encode(file));
    throw new RepositoryError("invalid", "The form has no 'file' field: attach the .bib file as 'file'.", { errors: [{ path: "file", message: "missing" }] });
  }
  throw new RepositoryError(
    "unsupported_media_type",
    `A deposit is a BibTeX file sent as application/x-bibtex, text/plain or a multipart form field 'file', not ${type || "a body without a content type"}.`,
  );
}

export const depositsApi = createApiApp();

depositsApi.openapi(
  createRoute({
    method: "post",
    path: "/api/deposits",
    tags: ["Deposits"],
    summary: "Deposit a BibTeX file",
    description:
      "Every entry is reported: created, duplicate (by DOI, or by title and year, in the file or already stored) or invalid (with the line and the reason). One bad entry never sinks the file. An editor's entries are published at once; a depositor's are submitted for review. Citations are rendered in the background. Keywords that name an equity value (/api/equity: a name, slug or alias, or `facet:value` such as `place:pk`) tag the new publication, and each new entry's `equity` says which; every keyword is kept as exported.",
    security: [{ bearerAuth: [] }],
    request: {
      query: DepositQuery,
      body: {
        required: true,
        content: {
          "application/x-bibtex": bibtexText,
          "text/plain": bibtexText,
          "multipart/form-data": { schema: { type: "object" as const, properties: { file: { type: "string" as const, format: "binary" } }, required: ["file"] } },
        },
      },
    },
    responses: {
      201: { description: "Stored; the report lists every entry", content: { "application/json": { schema: DepositReport } } },
      200: { description: "A dry run, or nothing new to store; the report lists every entry", content: { "application/json": { schema: DepositReport } } },
      ...problemResponses(400, 401, 403, 413, 415, 422, 429, 503),
    },
  }),
  async (c) => {
    const caller = requireRole(c.get("caller"), "depositor");
    const dryRun = ["1", "true"].includes(c.req.valid("query").dry_run ?? "");
    const { text, warnings } = await readBibtex(c);
    const db = openDatabase(c.env.DB);
    const report = await depositBibtex(db, (ids) => queueCitationRendering(c.env.CITATION_QUEUE, ids), caller, text, { dryRun, fileWarnings: warnings });
    if (report.entries.length === 0) {
      throw new RepositoryError("invalid", "No BibTeX entries were found in this file: each entry starts like '@article{key,'.");
    }
    await hideUnseenDuplicates(db, caller, report.entries);
    return c.json(report, report.created > 0 && !dryRun ? 201 : 200);
  },
);
