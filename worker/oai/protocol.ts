// OAI-PMH 2.0 requests as the protocol defines them: verbs, their arguments, dates, resumption tokens and every error.

export const VERBS = ["Identify", "ListMetadataFormats", "ListSets", "ListIdentifiers", "ListRecords", "GetRecord"] as const;
export type Verb = (typeof VERBS)[number];

export type OaiErrorCode =
  | "badVerb"
  | "badArgument"
  | "cannotDisseminateFormat"
  | "idDoesNotExist"
  | "noRecordsMatch"
  | "noMetadataFormats"
  | "noSetHierarchy"
  | "badResumptionToken";

/** A protocol error: answered with HTTP 200 and an `<error code="…">`, as OAI-PMH requires. */
export class OaiError extends Error {
  constructor(
    readonly code: OaiErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const METADATA_PREFIX = "oai_dc";

/** Each verb's arguments: required, optional, and `resumptionToken`, which must come alone. */
const ARGUMENTS: Record<Verb, { required: string[]; optional: string[]; exclusive?: string }> = {
  Identify: { required: [], optional: [] },
  ListMetadataFormats: { required: [], optional: ["identifier"] },
  ListSets: { required: [], optional: [], exclusive: "resumptionToken" },
  ListIdentifiers: { required: ["metadataPrefix"], optional: ["from", "until", "set"], exclusive: "resumptionToken" },
  ListRecords: { required: ["metadataPrefix"], optional: ["from", "until", "set"], exclusive: "resumptionToken" },
  GetRecord: { required: ["identifier", "metadataPrefix"], optional: [] },
};

export type OaiRequest = { verb: Verb; args: Record<string, string> };

/** Reads the verb and its arguments, or throws `badVerb` / `badArgument` naming what is wrong. */
export function readRequest(params: URLSearchParams): OaiRequest {
  const verbs = params.getAll("verb");
  if (verbs.length === 0) throw new OaiError("badVerb", "The request has no verb. Use one of: " + VERBS.join(", ") + ".");
  if (verbs.length > 1) throw new OaiError("badVerb", "The verb argument is repeated.");
  const verb = verbs[0] as Verb;
  if (!VERBS.includes(verb)) throw new OaiError("badVerb", `'${verbs[0]}' is not an OAI-PMH verb. Use one of: ${VERBS.join(", ")}.`);
  const rules = ARGUMENTS[verb];
  const args: Record<string, string> = {};
  for (const [key, value] of params) {
    if (key === "verb") continue;
    if (Object.hasOwn(args, key)) throw new OaiError("badArgument", `The argument '${key}' is repeated.`);
    if (!rules.required.includes(key) && !rules.optional.includes(key) && key !== rules.exclusive) {
      throw new OaiError("badArgument", `${verb} does not take the argument '${key}'.`);
    }
    args[key] = value;
  }
  if (rules.exclusive && Object.hasOwn(args, rules.exclusive)) {
    if (Object.keys(args).length > 1) throw new OaiError("badArgument", `${rules.exclusive} is an exclusive argument: send it with the verb alone.`);
    return { verb, args };
  }
  const missing = rules.required.filter((key) => !Object.hasOwn(args, key));
  if (missing.length > 0) throw new OaiError("badArgument", `${verb} needs the argument${missing.length > 1 ? "s" : ""} ${missing.join(" and ")}.`);
  return { verb, args };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/u;
const SECOND = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/u;

export type Granularity = "day" | "second";

/**
 * A `from` or `until` as the ISO text the datestamps are stored in (with milliseconds), as a half-open bound:
 * `from` is the first instant it covers, `until` the first instant after it (`until=2026-11-25` covers that whole day).
 */
export function readDateBound(name: "from" | "until", value: string): { iso: string; granularity: Granularity } {
  const granularity: Granularity | undefined = DAY.test(value) ? "day" : SECOND.test(value) ? "second" : undefined;
  const time = granularity === "day" ? Date.parse(`${value}T00:00:00Z`) : Date.parse(value);
  // A date that does not exist (2026-02-30) parses to another day, so it must print back as written.
  const written = Number.isNaN(time) ? "" : granularity === "day" ? new Date(time).toISOString().slice(0, 10) : toDatestamp(new Date(time).toISOString());
  if (granularity === undefined || written !== value) {
    throw new OaiError("badArgument", `'${name}' must be a date (YYYY-MM-DD) or a UTC time (YYYY-MM-DDThh:mm:ssZ), not '${value}'.`);
  }
  const end = name === "until" ? time + (granularity === "day" ? 86_400_000 : 1000) : time;
  return { iso: new Date(end).toISOString(), granularity };
}

/** A datestamp at the repository's granularity (seconds). */
export function toDatestamp(iso: string): string {
  return `${iso.slice(0, 19)}Z`;
}

/** Where a list harvest is: what was asked for, where the next page starts, and how far it has come. */
export type ListState = {
  verb: "ListIdentifiers" | "ListRecords";
  set?: string;
  from?: string;
  /** Fixed when the harvest starts, so records added or changed during it wait for the next one. */
  until: string;
  after?: { changedAt: string; id: number };
  cursor: number;
  completeListSize: number;
  expires: number;
};

/** How long a resumption token stays good: long enough to harvest 30,000 records slowly. */
export const TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000;

/** Shortest secret accepted: 32 characters (`openssl rand -base64 32` gives 44). */
export const MIN_SECRET_LENGTH = 32;

function bytesToBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/gu, "-").replace(/\//gu, "_").replace(/=+$/u, "");
}

/** The bytes of a base64url text, or undefined when it is not one (atob alone accepts padding and spaces). */
function base64UrlToBytes(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]+$/u.test(text)) return undefined;
  try {
    return Uint8Array.from(atob(text.replace(/-/gu, "+").replace(/_/gu, "/")), (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

/** Imported once per secret and isolate: importKey costs more than the signature itself. */
const keys = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
    keys.set(secret, key);
  }
  return key;
}

/**
 * `<state as base64url JSON>.<HMAC-SHA-256 of that text, base64url>`: a harvester can read where it is, but any edit
 * (or a token from another deployment) fails the signature before the state is trusted.
 */
export async function signToken(state: ListState, secret: string): Promise<string> {
  const payload = bytesToBase64Url(new TextEncoder().encode(JSON.stringify(state)));
  const signature = await crypto.subtle.sign("HMAC", await hmacKey(secret), new TextEncoder().encode(payload));
  return `${payload}.${bytesToBase64Url(new Uint8Array(signature))}`;
}

const isOptionalString = (value: unknown) => value === undefined || typeof value === "string";
const isCount = (value: unknown) => typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/u;
const isIso = (value: unknown) => typeof value === "string" && ISO_INSTANT.test(value);

/** Every field as signToken writes it: a signed token from an older release of this code must not reach the queries either. */
function isListState(value: unknown): value is ListState {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const state = value as Record<string, unknown>;
  const after = state.after as Record<string, unknown> | undefined;
  return (
    (state.verb === "ListIdentifiers" || state.verb === "ListRecords") &&
    isOptionalString(state.set) &&
    (state.from === undefined || isIso(state.from)) &&
    isIso(state.until) &&
    (after === undefined || (typeof after === "object" && after !== null && typeof after.changedAt === "string" && after.changedAt.length <= 40 && isCount(after.id))) &&
    isCount(state.cursor) &&
    isCount(state.completeListSize) &&
    isCount(state.expires)
  );
}

const NOT_OURS = "This resumption token is not one this repository issued (or it was changed): start the harvest again without it.";

/**
 * The state a token carries, or `badResumptionToken` if it is not one of ours (bad signature, edited, truncated, not
 * base64), is for another verb or has expired.
 */
export async function verifyToken(token: string, verb: Verb, now: number, secret: string): Promise<ListState> {
  const [payload, signature, ...rest] = token.split(".");
  const signatureBytes = signature === undefined ? undefined : base64UrlToBytes(signature);
  const payloadBytes = base64UrlToBytes(payload);
  if (rest.length > 0 || !signatureBytes || !payloadBytes) throw new OaiError("badResumptionToken", NOT_OURS);
  const genuine = await crypto.subtle.verify("HMAC", await hmacKey(secret), signatureBytes, new TextEncoder().encode(payload));
  if (!genuine) throw new OaiError("badResumptionToken", NOT_OURS);
  let state: unknown;
  try {
    state = JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(payloadBytes));
  } catch {
    throw new OaiError("badResumptionToken", NOT_OURS);
  }
  if (!isListState(state)) throw new OaiError("badResumptionToken", NOT_OURS);
  if (state.verb !== verb) throw new OaiError("badResumptionToken", `This resumption token continues ${state.verb}, not ${verb}.`);
  if (state.expires < now) throw new OaiError("badResumptionToken", "This resumption token has expired: start the harvest again.");
  return state;
}
