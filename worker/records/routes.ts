// HTTP for /api/publications, /api/briefings and /api/lay-summaries: list, read, create, edit, publish, withdraw.
import { createRoute, z } from "@hono/zod-openapi";
import type { ItemKind } from "../../schema/vocabularies";
import { createApiApp, problemResponses } from "../api-app";
import { hasRole, requireRole } from "../auth/tokens";
import { queueCitationRendering } from "../citations/render-citations";
import { nowIso, openDatabase, type Database } from "../db/client";
import type { Caller } from "../env";
import { RepositoryError } from "../errors";
import { createBriefing, loadBriefings, updateBriefing } from "./briefings";
import { createLaySummary, loadLaySummaries, updateLaySummary } from "./lay-summaries";
import { isPubliclyVisible, listPageIds, publishItem, requireEditable, requireVisibleRow, withdrawItem } from "./lifecycle";
import { loadPublications, updatePublication } from "./publications";
import {
  BriefingCreate,
  BriefingJson,
  BriefingPatch,
  IdParams,
  LaySummaryCreate,
  LaySummaryJson,
  LaySummaryPatch,
  ListQuery,
  pageOf,
  PublicationJson,
  PublicationPatch,
  PublishBody,
  WithdrawBody,
} from "./schemas";

type KindRoutes = {
  kind: ItemKind;
  tag: string;
  item: z.ZodTypeAny;
  /** `showHidden`: include links to items that are not public (editors only). */
  load: (db: Database, ids: readonly string[], showHidden: boolean) => Promise<unknown[]>;
  patch: z.ZodTypeAny;
  update: (db: Database, id: string, patch: any, caller: Caller) => Promise<unknown>;
  create?: { schema: z.ZodTypeAny; run: (db: Database, input: any, caller: Caller) => Promise<string> };
};

const KINDS: KindRoutes[] = [
  { kind: "publications", tag: "Publications", item: PublicationJson, load: loadPublications, patch: PublicationPatch, update: updatePublication },
  {
    kind: "briefings",
    tag: "Briefings",
    item: BriefingJson,
    load: loadBriefings,
    patch: BriefingPatch,
    update: updateBriefing,
    create: { schema: BriefingCreate, run: createBriefing },
  },
  {
    kind: "lay-summaries",
    tag: "Lay summaries",
    item: LaySummaryJson,
    load: loadLaySummaries,
    patch: LaySummaryPatch,
    update: updateLaySummary,
    create: { schema: LaySummaryCreate, run: createLaySummary },
  },
];

const json = (schema: z.ZodTypeAny, description: string) => ({ description, content: { "application/json": { schema } } });
const body = (schema: z.ZodTypeAny) => ({ body: { required: true, content: { "application/json": { schema } } } });
const bearer = [{ bearerAuth: [] }];

export const recordsApi = createApiApp();

for (const k of KINDS) {
  const base = `/api/${k.kind}`;
  const one = async (db: Database, id: string, caller: Caller | undefined) => (await k.load(db, [id], hasRole(caller, "editor")))[0];

  recordsApi.openapi(
    createRoute({
      method: "get",
      path: base,
      tags: [k.tag],
      summary: `List ${k.tag.toLowerCase()}, newest first`,
      request: { query: ListQuery },
      responses: { 200: json(pageOf(k.item, `${k.tag.replace(/ /g, "")}Page`), "One page; pass `next_cursor` as `cursor` for the next"), ...problemResponses(401, 422) },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const db = openDatabase(c.env.DB);
      const page = await listPageIds(db, k.kind, c.get("caller"), query);
      return c.json({ items: await k.load(db, page.ids, hasRole(c.get("caller"), "editor")), next_cursor: page.nextCursor }, 200);
    },
  );

  recordsApi.openapi(
    createRoute({
      method: "get",
      path: `${base}/{id}`,
      tags: [k.tag],
      summary: "Read one item",
      request: { params: IdParams },
      responses: { 200: json(k.item, "The item"), ...problemResponses(404, 410, 422) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const db = openDatabase(c.env.DB);
      await requireVisibleRow(db, k.kind, id, c.get("caller"));
      return c.json(await one(db, id, c.get("caller")), 200);
    },
  );

  if (k.create) {
    const create = k.create;
    recordsApi.openapi(
      createRoute({
        method: "post",
        path: base,
        tags: [k.tag],
        summary: "Create a draft (or submit it for an editor with `status: submitted`)",
        security: bearer,
        request: body(create.schema),
        responses: { 201: json(k.item, "Created"), ...problemResponses(401, 403, 409, 413, 415, 422, 429) },
      }),
      async (c) => {
        const caller = requireRole(c.get("caller"), "depositor");
        const db = openDatabase(c.env.DB);
        const id = await create.run(db, c.req.valid("json" as never), caller);
        c.header("location", `${base}/${id}`);
        return c.json(await one(db, id, c.get("caller")), 201);
      },
    );
  }

  recordsApi.openapi(
    createRoute({
      method: "patch",
      path: `${base}/{id}`,
      tags: [k.tag],
      summary: "Change some fields",
      description: "Editors may change any item; a depositor only their own, before it is published.",
      security: bearer,
      request: { params: IdParams, ...body(k.patch) },
      responses: { 200: json(k.item, "The item as changed"), ...problemResponses(401, 403, 404, 409, 413, 415, 422, 429) },
    }),
    async (c) => {
      const caller = requireRole(c.get("caller"), "depositor");
      const { id } = c.req.valid("param");
      const db = openDatabase(c.env.DB);
      const row = await requireVisibleRow(db, k.kind, id, caller);
      requireEditable(caller, row, k.kind);
      const patch = c.req.valid("json" as never) as Record<string, unknown>;
      if (patch.status !== undefined && row.status === "published") {
        throw new RepositoryError("conflict", "This item is published: withdraw it instead of moving it back to draft.");
      }
      if (patch.publish_at !== undefined && isPubliclyVisible(row, nowIso())) {
        throw new RepositoryError("conflict", `This item has been public since ${row.publish_at}: its publication time stays as it is (withdraw it, with a reason, to take it down).`);
      }
      if (patch.status !== undefined && row.status === "withdrawn") {
        throw new RepositoryError("conflict", "This item was withdrawn: a withdrawn item stays withdrawn, as its tombstone.");
      }
      const result = await k.update(db, id, patch, caller);
      if ((result as { citationsChanged?: boolean } | undefined)?.citationsChanged) await queueCitationRendering(c.env.CITATION_QUEUE, [id]);
      return c.json(await one(db, id, c.get("caller")), 200);
    },
  );

  recordsApi.openapi(
    createRoute({
      method: "post",
      path: `${base}/{id}/publish`,
      tags: [k.tag],
      summary: "Publish now, or at `publish_at` (an embargo)",
      security: bearer,
      request: { params: IdParams, body: { required: false, content: { "application/json": { schema: PublishBody } } } },
      responses: { 200: json(k.item, "The item as published"), ...problemResponses(401, 403, 404, 409, 415, 422, 429) },
    }),
    async (c) => {
      const caller = requireRole(c.get("caller"), "editor");
      const { id } = c.req.valid("param");
      const { publish_at } = c.req.valid("json");
      const db = openDatabase(c.env.DB);
      await publishItem(db, k.kind, id, caller, publish_at);
      return c.json(await one(db, id, c.get("caller")), 200);
    },
  );

  recordsApi.openapi(
    createRoute({
      method: "post",
      path: `${base}/{id}/withdraw`,
      tags: [k.tag],
      summary: "Withdraw, with a reason: the item stays as a tombstone, never deleted",
      security: bearer,
      request: { params: IdParams, ...body(WithdrawBody) },
      responses: { 200: json(k.item, "The tombstone"), ...problemResponses(401, 403, 404, 409, 415, 422, 429) },
    }),
    async (c) => {
      const caller = requireRole(c.get("caller"), "editor");
      const { id } = c.req.valid("param");
      const db = openDatabase(c.env.DB);
      const { reason } = c.req.valid("json") as { reason: string };
      await withdrawItem(db, k.kind, id, caller, reason);
      return c.json(await one(db, id, c.get("caller")), 200);
    },
  );
}
