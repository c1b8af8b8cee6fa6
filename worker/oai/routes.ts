// HTTP for OAI-PMH 2.0 at /oai (GET and POST): the six verbs, selective harvesting, resumption tokens, deleted records.
import { type Context, Hono } from "hono";
import type { ItemKind } from "../../schema/vocabularies";
import { openDatabase, readBatch, type Database } from "../db/client";
import type { AppEnv } from "../env";
import { loadBriefings } from "../records/briefings";
import { loadLaySummaries } from "../records/lay-summaries";
import { type PublicationRows, shapePublications } from "../records/publications";
import { itemPagePath, KIND_TITLES } from "../records/public-documents";
import { TOPICS_QUERY } from "../search/queries";
import type { TopicRow } from "../search/search";
import { problemResponse, RepositoryError } from "../errors";
import { briefingDublinCore, laySummaryDublinCore, publicationDublinCore, type RecordLinks } from "./dublin-core";
import {
  dublinCorePublicationQueries,
  earliestDatestampQuery,
  recordCountQuery,
  recordHeaderQuery,
  type RecordHeaderRow,
  recordPageQuery,
  type RecordRange,
  type SetFilter,
} from "./oai-queries";
import {
  type ListState,
  METADATA_PREFIX,
  MIN_SECRET_LENGTH,
  OaiError,
  readDateBound,
  readRequest,
  signToken,
  toDatestamp,
  TOKEN_LIFETIME_MS,
  type Verb,
  verifyToken,
} from "./protocol";
import {
  type DublinCore,
  renderEnvelope,
  renderError,
  renderHeader,
  renderIdentify,
  renderMetadataFormats,
  renderRecord,
  renderResumptionToken,
  renderSets,
} from "./render-oai";

/** Records per ListRecords or ListIdentifiers response. */
export const OAI_PAGE_SIZE = 100;

/** What every verb's answer needs: the database, the time of the request, and this repository's names and links. */
type Harvest = { c: Context<AppEnv>; db: Database; now: Date; baseUrl: string; links: RecordLinks; identifierPrefix: string };

function identifierOf(h: Harvest, kind: ItemKind, id: string): string {
  return `${h.identifierPrefix}${kind}/${id}`;
}

/** `oai:<repository>:publications/<id>` → the item, or `idDoesNotExist`. */
function readIdentifier(h: Harvest, identifier: string): { kind: ItemKind; id: string } {
  const local = identifier.startsWith(h.identifierPrefix) ? identifier.slice(h.identifierPrefix.length) : "";
  const match = /^(publications|briefings|lay-summaries)\/([0-9A-HJKMNP-TV-Z]{26})$/u.exec(local);
  if (!match) throw new OaiError("idDoesNotExist", `'${identifier}' is not an identifier of this repository (they look like ${h.identifierPrefix}publications/<id>).`);
  return { kind: match[1] as ItemKind, id: match[2] };
}

function noSuchSet(spec: string): OaiError {
  return new OaiError("noRecordsMatch", `There is no set '${spec}' here: ListSets lists every set.`);
}

/** A set's records as the queries select them. A topic's slug is checked against the topics read with the first page. */
function readSet(spec: string | undefined): SetFilter {
  if (spec === undefined || spec === "kind") return undefined;
  if (spec === "topic") return { anyTopic: true };
  const kind = /^kind:(.+)$/u.exec(spec)?.[1];
  if (kind !== undefined && Object.hasOwn(KIND_TITLES, kind)) return { kind: kind as ItemKind };
  const slug = /^topic:(.+)$/u.exec(spec)?.[1];
  if (slug !== undefined) return { topicSlug: slug };
  throw noSuchSet(spec);
}

function setSpecsOf(row: RecordHeaderRow, topicSlugs: Map<number, string>): string[] {
  const topics = (JSON.parse(row.topic_ids) as number[]).map((id) => topicSlugs.get(id)).filter((slug): slug is string => slug !== undefined);
  return [`kind:${row.kind}`, ...topics.map((slug) => `topic:${slug}`)];
}

function headerOf(h: Harvest, row: RecordHeaderRow, topicSlugs: Map<number, string>) {
  return { identifier: identifierOf(h, row.kind, row.item_id), datestamp: toDatestamp(row.changed_at), setSpecs: setSpecsOf(row, topicSlugs), deleted: row.deleted === 1 };
}

/** Dublin Core for the records that are not deleted, loaded kind by kind (all kinds at once). */
async function loadDublinCore(h: Harvest, rows: readonly RecordHeaderRow[]): Promise<Map<string, DublinCore>> {
  const idsOf = (kind: ItemKind) => rows.filter((r) => r.kind === kind && r.deleted === 0).map((r) => r.item_id);
  const publicationIds = idsOf("publications");
  const [publications, briefings, laySummaries] = await Promise.all([
    publicationIds.length === 0 ? [] : readBatch<PublicationRows>(h.db, dublinCorePublicationQueries(publicationIds)).then((found) => shapePublications(publicationIds, found)),
    loadBriefings(h.db, idsOf("briefings")),
    loadLaySummaries(h.db, idsOf("lay-summaries")),
  ]);
  return new Map<string, DublinCore>([
    ...publications.map((p) => [p.id, publicationDublinCore(p, h.links)] as const),
    ...briefings.map((b) => [b.id, briefingDublinCore(b, h.links)] as const),
    ...laySummaries.map((l) => [l.id, laySummaryDublinCore(l, h.links)] as const),
  ]);
}

async function identify(h: Harvest): Promise<string> {
  const [earliest] = await h.db.all<{ changed_at: string }>(earliestDatestampQuery(h.now.toISOString()));
  return renderIdentify({
    repositoryName: h.c.env.SITE_NAME,
    baseUrl: h.baseUrl,
    adminEmail: h.c.env.ADMIN_EMAIL,
    earliestDatestamp: toDatestamp(earliest?.changed_at ?? h.now.toISOString()),
    repositoryIdentifier: h.c.env.OAI_REPOSITORY_IDENTIFIER,
    sampleIdentifier: identifierOf(h, "publications", "01KMZ0000000000000000000AB"),
  });
}

async function listMetadataFormats(h: Harvest, args: Record<string, string>): Promise<string> {
  if (args.identifier !== undefined) {
    const { kind, id } = readIdentifier(h, args.identifier);
    const [row] = await h.db.all<RecordHeaderRow>(recordHeaderQuery(kind, id, h.now.toISOString()));
    if (!row) throw new OaiError("idDoesNotExist", `There is no record '${args.identifier}'.`);
  }
  return renderMetadataFormats();
}

async function listSets(h: Harvest, args: Record<string, string>): Promise<string> {
  if (args.resumptionToken !== undefined) throw new OaiError("badResumptionToken", "The list of sets is never split, so it has no resumption tokens.");
  const topics = await h.db.all<TopicRow>(TOPICS_QUERY);
  return renderSets([
    { spec: "kind", name: "By kind of item" },
    ...(Object.entries(KIND_TITLES) as [ItemKind, string][]).map(([kind, name]) => ({ spec: `kind:${kind}`, name })),
    { spec: "topic", name: "By topic" },
    ...[...topics].sort((a, b) => a.slug.localeCompare(b.slug)).map((t) => ({ spec: `topic:${t.slug}`, name: t.name })),
  ]);
}

function requireOaiDc(metadataPrefix: string): void {
  if (metadataPrefix !== METADATA_PREFIX) {
    throw new OaiError("cannotDisseminateFormat", `This repository gives records as ${METADATA_PREFIX} only, not '${metadataPrefix}'.`);
  }
}

/** The state of a harvest that starts now: arguments checked, `until` fixed at the latest at this moment. */
function startList(h: Harvest, verb: ListState["verb"], args: Record<string, string>): Omit<ListState, "completeListSize"> {
  requireOaiDc(args.metadataPrefix);
  const from = args.from === undefined ? undefined : readDateBound("from", args.from);
  const until = args.until === undefined ? undefined : readDateBound("until", args.until);
  if (from && until && from.granularity !== until.granularity) throw new OaiError("badArgument", "'from' and 'until' must have the same granularity (both dates, or both times).");
  if (from && until && from.iso >= until.iso) throw new OaiError("badArgument", `'from' (${args.from}) is later than 'until' (${args.until}).`);
  const justAfterNow = new Date(h.now.getTime() + 1).toISOString();
  return {
    verb,
    set: args.set,
    from: from?.iso,
    until: until && until.iso < justAfterNow ? until.iso : justAfterNow,
    cursor: 0,
    expires: h.now.getTime() + TOKEN_LIFETIME_MS,
  };
}

/**
 * The key resumption tokens are signed with. Without one the lists refuse to run at all, whatever their size, rather
 * than hand out tokens anyone could forge or that break at the next deploy.
 */
function tokenSecret(h: Harvest): string {
  const secret = h.c.env.OAI_TOKEN_SECRET;
  if (typeof secret !== "string" || secret.length < MIN_SECRET_LENGTH) {
    throw new RepositoryError(
      "internal",
      `OAI-PMH lists are switched off: the secret that signs resumption tokens, OAI_TOKEN_SECRET, is ${secret ? `shorter than ${MIN_SECRET_LENGTH} characters` : "not set"}. ` +
        "Set it with `wrangler secret put OAI_TOKEN_SECRET` (for example to the output of `openssl rand -base64 32`).",
    );
  }
  return secret;
}

async function list(h: Harvest, verb: ListState["verb"], args: Record<string, string>): Promise<string> {
  const now = h.now.toISOString();
  const secret = tokenSecret(h);
  const resumed = args.resumptionToken === undefined ? undefined : await verifyToken(args.resumptionToken, verb, h.now.getTime(), secret);
  const started = resumed ?? startList(h, verb, args);
  const set = readSet(started.set);
  const range: RecordRange = { set, from: started.from, until: started.until, now };
  // One batch: the page, the topics (for set specs), and when the harvest starts, the list's size (carried in the token).
  const [rows, topics, counts = [{ count: resumed?.completeListSize ?? 0 }]] = await readBatch<[RecordHeaderRow, TopicRow, ...{ count: number }[]]>(h.db, [
    recordPageQuery(range, started.after, OAI_PAGE_SIZE + 1),
    TOPICS_QUERY,
    ...(resumed ? [] : [recordCountQuery(range)]),
  ]);
  if (set && "topicSlug" in set && !topics.some((t) => t.slug === set.topicSlug)) throw noSuchSet(started.set!);
  const state: ListState = { ...started, completeListSize: counts[0].count };
  if (rows.length === 0) throw new OaiError("noRecordsMatch", "No records match this request.");
  const page = rows.slice(0, OAI_PAGE_SIZE);
  const topicSlugs = new Map(topics.map((t) => [t.id, t.slug]));
  const metadata = verb === "ListRecords" ? await loadDublinCore(h, page) : undefined;
  const items = page
    // A record that stopped being public between the two reads has no metadata: it comes as deleted in the next harvest.
    .filter((row) => !metadata || row.deleted === 1 || metadata.has(row.item_id))
    .map((row) => (metadata ? renderRecord(headerOf(h, row, topicSlugs), metadata.get(row.item_id)) : renderHeader(headerOf(h, row, topicSlugs))));
  const last = page[page.length - 1];
  const more = rows.length > OAI_PAGE_SIZE;
  const next: ListState = { ...state, after: { changedAt: last.changed_at, id: last.id }, cursor: state.cursor + page.length, expires: h.now.getTime() + TOKEN_LIFETIME_MS };
  // Only a split list carries a token; its last page carries an empty one.
  const token =
    more || resumed
      ? renderResumptionToken(more ? await signToken(next, secret) : null, {
          expirationDate: toDatestamp(new Date(next.expires).toISOString()),
          completeListSize: state.completeListSize,
          cursor: state.cursor,
        })
      : "";
  return [`<${verb}>`, ...items, token, `</${verb}>`].join("\n");
}

async function getRecord(h: Harvest, args: Record<string, string>): Promise<string> {
  const { kind, id } = readIdentifier(h, args.identifier);
  requireOaiDc(args.metadataPrefix);
  const [[row], topics] = await readBatch<[RecordHeaderRow, TopicRow]>(h.db, [recordHeaderQuery(kind, id, h.now.toISOString()), TOPICS_QUERY]);
  if (!row) throw new OaiError("idDoesNotExist", `There is no record '${args.identifier}'.`);
  const metadata = await loadDublinCore(h, [row]);
  if (row.deleted === 0 && !metadata.has(row.item_id)) throw new OaiError("idDoesNotExist", `There is no record '${args.identifier}'.`);
  return `<GetRecord>${renderRecord(headerOf(h, row, new Map(topics.map((t) => [t.id, t.slug]))), metadata.get(row.item_id))}</GetRecord>`;
}

const ANSWERS: Record<Verb, (h: Harvest, args: Record<string, string>) => Promise<string>> = {
  Identify: (h) => identify(h),
  ListMetadataFormats: listMetadataFormats,
  ListSets: listSets,
  ListIdentifiers: (h, args) => list(h, "ListIdentifiers", args),
  ListRecords: (h, args) => list(h, "ListRecords", args),
  GetRecord: getRecord,
};

/** `params` is undefined for a POST whose body is not a form. */
async function answer(c: Context<AppEnv>, params: URLSearchParams | undefined): Promise<Response> {
  const origin = new URL(c.req.url).origin;
  const h: Harvest = {
    c,
    db: openDatabase(c.env.DB),
    now: new Date(),
    baseUrl: `${origin}/oai`,
    links: { page: (kind, id) => origin + itemPagePath(kind, id), publisher: c.env.SITE_NAME },
    identifierPrefix: `oai:${c.env.OAI_REPOSITORY_IDENTIFIER}:`,
  };
  const responseDate = toDatestamp(h.now.toISOString());
  let echo: Record<string, string> | null = null;
  let body: string;
  try {
    if (!params) throw new OaiError("badArgument", "Send a POST request's arguments as application/x-www-form-urlencoded.");
    const request = readRequest(params);
    echo = { verb: request.verb, ...request.args };
    body = await ANSWERS[request.verb](h, request.args);
  } catch (error) {
    // A deployment without its secret: said plainly to the harvester and in the log, not as an HTML error page.
    if (error instanceof RepositoryError && error.code === "internal") {
      console.error(error.message);
      return problemResponse(error, "/oai");
    }
    if (!(error instanceof OaiError)) throw error;
    // After badVerb or badArgument the request is not echoed: only the base URL (OAI-PMH 2.0, section 3.2).
    if (error.code === "badVerb" || error.code === "badArgument") echo = null;
    body = renderError(error.code, error.message);
  }
  return c.body(renderEnvelope(responseDate, h.baseUrl, echo, body), 200, { "content-type": "text/xml; charset=utf-8" });
}

export const oai = new Hono<AppEnv>();

oai.get("/oai", (c) => answer(c, new URL(c.req.url).searchParams));

oai.post("/oai", async (c) => {
  const type = (c.req.header("content-type") ?? "").split(";")[0].trim().toLowerCase();
  const form = type === "application/x-www-form-urlencoded" ? new TextDecoder().decode(await c.req.arrayBuffer()) : undefined;
  return answer(c, form === undefined ? undefined : new URLSearchParams(form));
});
