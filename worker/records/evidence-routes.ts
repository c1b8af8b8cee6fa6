// HTTP for evidence that stays honest: POST /api/publications/:id/corrections and GET /api/briefings/:id/evidence.
import { createRoute, z } from "@hono/zod-openapi";
import { EVIDENCE_CHANGES, LIFECYCLE_STATUSES } from "../../schema/vocabularies";
import { createApiApp, problemResponses } from "../api-app";
import { requireRole } from "../auth/tokens";
import { queueCitationRendering } from "../citations/render-citations";
import { openDatabase } from "../db/client";
import { removeControlCharacters } from "./clean-text";
import { correctPublication, readEvidenceChain } from "./evidence";
import { loadPublications } from "./publications";
import { IdParams, PublicationJson, PublicationPatch } from "./schemas";

const CorrectionNote = z
  .string()
  .overwrite(removeControlCharacters)
  .trim()
  .min(1, { message: "Say what was corrected: the note is shown on the paper's page and to readers of every briefing that cites it." })
  .max(2000, { message: "The note must be 2,000 characters or fewer." })
  .openapi({ example: "The journal published an erratum: table 2 gave the wrong sample size (412, not 421)." });

export const CorrectionBody = z
  .object({ note: CorrectionNote, ...PublicationPatch.shape })
  .omit({ status: true })
  .strict()
  .openapi("CorrectionBody", { description: "What was corrected, and any of the fields a PATCH takes (but `status`), changed in the same write." });

const CorrectionJson = z
  .object({
    note: z.string(),
    at: z.string(),
    publication: PublicationJson,
  })
  .openapi("Correction");

const LifecycleStatus = z.enum(LIFECYCLE_STATUSES);

const EvidenceChainJson = z
  .object({
    briefing: z.object({ id: z.string(), title: z.string(), status: LifecycleStatus }),
    publications: z.array(
      z.object({
        id: z.string(),
        title: z.string().nullable(),
        status: LifecycleStatus,
        withdrawn_at: z.string().nullable(),
        withdrawal_reason: z.string().nullable(),
        corrections: z.array(z.object({ note: z.string(), at: z.string() })),
        lay_summaries: z.array(
          z.object({
            id: z.string(),
            language: z.string(),
            title: z.string(),
            status: LifecycleStatus.openapi({ description: "`withdrawn` also when its publication was withdrawn after both were public: its page says so." }),
          }),
        ),
      }),
    ).openapi({ description: "The publications the briefing cites, in its order; one the caller may not see is left out (a withdrawn one that was public is shown, withdrawn)." }),
    notices: z
      .array(
        z.object({
          change: z.enum(EVIDENCE_CHANGES),
          publication_id: z.string(),
          detail: z.string().openapi({ description: "The withdrawal's reason or the correction's note." }),
          at: z.string(),
          reviewed_at: z.string().nullable().openapi({ description: "When an editor reviewed the briefing after the change; null until then." }),
        }),
      )
      .openapi({ description: "Each withdrawal or correction of a cited publication since the briefing cited it, oldest first." }),
  })
  .openapi("EvidenceChain");

export const evidenceApi = createApiApp();

evidenceApi.openapi(
  createRoute({
    method: "post",
    path: "/api/publications/{id}/corrections",
    tags: ["Publications"],
    summary: "Correct a published publication, with a note saying what was corrected",
    description:
      "Editors only. The note is shown on the publication's page; every briefing citing it gets a notice (on its page, in its feed entry with a new updated date, and in the editors' queue) in the same write.",
    security: [{ bearerAuth: [] }],
    request: { params: IdParams, body: { required: true, content: { "application/json": { schema: CorrectionBody } } } },
    responses: {
      201: { description: "The correction, and the publication as corrected", content: { "application/json": { schema: CorrectionJson } } },
      ...problemResponses(401, 403, 404, 409, 413, 415, 422, 429),
    },
  }),
  async (c) => {
    const caller = requireRole(c.get("caller"), "editor");
    const { id } = c.req.valid("param");
    const { note, ...patch } = c.req.valid("json");
    const db = openDatabase(c.env.DB);
    const correction = await correctPublication(db, id, caller, note, patch);
    if (correction.citationsChanged) await queueCitationRendering(c.env.CITATION_QUEUE, [id]);
    const [publication] = await loadPublications(db, [id]);
    return c.json({ note: correction.note, at: correction.at, publication }, 201);
  },
);

evidenceApi.openapi(
  createRoute({
    method: "get",
    path: "/api/briefings/{id}/evidence",
    tags: ["Briefings"],
    summary: "The chain of evidence under a briefing, with each link's status",
    description:
      "The briefing, the publications it cites (with their corrections and withdrawals), their plain-language summaries, and the notices of changes to them. Visibility as everywhere: without a token, only what is public and the tombstones of what was; editors see everything.",
    request: { params: IdParams },
    responses: { 200: { description: "The chain", content: { "application/json": { schema: EvidenceChainJson } } }, ...problemResponses(404, 410, 422) },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    return c.json(await readEvidenceChain(openDatabase(c.env.DB), id, c.get("caller")), 200);
  },
);
