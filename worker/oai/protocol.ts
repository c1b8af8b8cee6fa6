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

function toBase64Url(text: string): string {
  return btoa(String.fromCharCode(...new TextEncoder().encode(text))).replace(/\+/gu, "-").replace(/\//gu, "_").replace(/=+$/u, "");
}

function fromBase64Url(token: string): string {
  const binary = atob(token.replace(/-/gu, "+").replace(/_/gu, "/"));
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

export function encodeToken(state: ListState): string {
  return toBase64Url(JSON.stringify(state));
}

/** The state a token carries, or `badResumptionToken` if it is not one of ours, is for another verb or has expired. */
export function decodeToken(token: string, verb: Verb, now: number): ListState {
  let state: ListState;
  try {
    state = JSON.parse(fromBase64Url(token)) as ListState;
  } catch {
    throw new OaiError("badResumptionToken", "This resumption token is not one this repository issued.");
  }
  const valid =
    typeof state === "object" && state !== null && typeof state.until === "string" && typeof state.cursor === "number" &&
    typeof state.expires === "number" && typeof state.completeListSize === "number" &&
    (state.after === undefined || (typeof state.after.changedAt === "string" && typeof state.after.id === "number"));
  if (!valid) throw new OaiError("badResumptionToken", "This resumption token is not one this repository issued.");
  if (state.verb !== verb) throw new OaiError("badResumptionToken", `This resumption token continues ${state.verb}, not ${verb}.`);
  if (state.expires < now) throw new OaiError("badResumptionToken", "This resumption token has expired: start the harvest again.");
  return state;
}
