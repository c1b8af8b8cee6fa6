// Who may open what on the desk: every desk route and method, for a visitor who is not signed in, each role, an expired
// session, and a person who does not own the item, with the status each must get. A new desk route gets a row here.
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { hashToken } from "../../worker/auth/tokens";
import { deskFetch, type DeskPerson, signInAs } from "./desk-helpers";
import { createItem, deposit } from "./helpers";

type Who = "visitor" | "expired" | "depositor" | "editor" | "admin" | "owner" | "stranger";
type Expect = Partial<Record<Who, number>>;
type Route = {
  method: "GET" | "POST";
  /** A function, so that a route that changes its item gets a fresh one for each request. */
  path: () => string | Promise<string>;
  form?: () => Record<string, string>;
  /** A JSON body sent with the session's secret in X-CSRF-Token, as the desk's scripts send it. */
  json?: unknown;
  expect: Expect;
};

const SIGN_IN = 303;
/** Pages any signed-in person may open; visitors and expired sessions are sent to sign in. */
const PERSONAL: Expect = { visitor: SIGN_IN, expired: SIGN_IN, depositor: 200, editor: 200, admin: 200 };
/** Admin-only pages and actions. */
const ADMIN_ONLY = (ok: number): Expect => ({ visitor: SIGN_IN, expired: SIGN_IN, depositor: 403, editor: 403, admin: ok });

let people: Record<Exclude<Who, "visitor">, DeskPerson>;
let target: DeskPerson;
/** An API token of the owner's: what it creates is the owner's, on the desk as in the API. */
let ownerToken: string;
let ownerPublication: string;

/** A briefing the owner wrote and submitted, fresh for each request that changes it. */
async function ownerBriefing(): Promise<string> {
  return createItem("briefings", { title: "Access table briefing", summary: "S.", body: "B.", audience: "Public", key_messages: ["K"], status: "submitted" }, ownerToken);
}

/** A lay summary the owner wrote of their own paper, in a language not used yet for it (one per paper and language). */
let summaryLanguages = ["cy", "fr", "de", "es", "it", "pl", "pt", "ro", "nl", "sv", "da", "fi", "cs", "hu", "el", "ga", "ur", "ar", "bn", "pa"];
async function ownerLaySummary(): Promise<string> {
  return createItem("lay-summaries", { publication_id: ownerPublication, language: summaryLanguages.shift(), title: "Access table summary", body: "Short words." }, ownerToken);
}

beforeAll(async () => {
  people = {
    expired: await signInAs("admin", { expired: true }),
    depositor: await signInAs("depositor"),
    editor: await signInAs("editor"),
    admin: await signInAs("admin"),
    owner: await signInAs("depositor"),
    stranger: await signInAs("depositor"),
  };
  target = await signInAs("depositor");
  ownerToken = `mhr_acc${crypto.randomUUID().slice(0, 5)}_${crypto.randomUUID().replace(/-/g, "")}`;
  await env.DB.prepare("INSERT INTO api_tokens (name, role, prefix, hash, account_id) VALUES ('Owner script', 'depositor', ?, ?, ?)")
    .bind(ownerToken.split("_")[1], await hashToken(ownerToken), people.owner.accountId)
    .run();
  const { report } = await deposit("@article{accessTable2024, author = {Example, Owner}, title = {An invented paper for the access table}, journal = {Invented}, year = 2024}", ownerToken);
  ownerPublication = report.entries[0].id;
});

/** A token of the target person's, made fresh for each request that revokes one. */
async function targetTokenPrefix(): Promise<string> {
  const prefix = `acc${crypto.randomUUID().slice(0, 8)}`;
  await env.DB.prepare("INSERT INTO api_tokens (name, role, prefix, hash, account_id) VALUES ('Target token', 'depositor', ?, ?, ?)")
    .bind(prefix, crypto.randomUUID(), target.accountId)
    .run();
  return prefix;
}

let prefixes: string[] = [];

const ROUTES: Route[] = [
  { method: "GET", path: () => "/sign-in", expect: { visitor: 200, expired: 200, depositor: 200, admin: 200 } },
  { method: "POST", path: () => "/sign-out", form: () => ({}), expect: { visitor: 303, expired: 303 } },
  { method: "GET", path: () => "/account", expect: PERSONAL },
  { method: "GET", path: () => "/account/tokens", expect: PERSONAL },
  { method: "POST", path: () => "/account/tokens", form: () => ({ name: "Access table", role: "depositor", days: "30" }), expect: PERSONAL },
  { method: "POST", path: () => `/account/tokens/${prefixes.shift()}/revoke`, form: () => ({}), expect: { visitor: SIGN_IN, expired: SIGN_IN, depositor: 404, editor: 404 } },
  { method: "GET", path: () => "/admin", expect: ADMIN_ONLY(303) },
  { method: "GET", path: () => "/admin/people", expect: ADMIN_ONLY(200) },
  { method: "POST", path: () => "/admin/people", form: () => ({ name: "Table Person", email: `table-${crypto.randomUUID().slice(0, 8)}@example.org`, role: "depositor", orcid: "" }), expect: ADMIN_ONLY(200) },
  { method: "POST", path: () => `/admin/people/${target.accountId}/role`, form: () => ({ role: "depositor" }), expect: ADMIN_ONLY(303) },
  { method: "POST", path: () => `/admin/tokens/${prefixes.shift()}/revoke`, form: () => ({}), expect: ADMIN_ONLY(303) },
  { method: "POST", path: () => `/admin/people/${target.accountId}/disable`, form: () => ({}), expect: { visitor: SIGN_IN, expired: SIGN_IN, depositor: 403, editor: 403 } },

  // Depositing.
  { method: "GET", path: () => "/deposit", expect: PERSONAL },
  { method: "POST", path: () => "/deposit", form: () => ({ bibtex: "@misc{accessDry, title = {A dry run only}, year = 2024}" }), expect: PERSONAL },
  { method: "POST", path: () => "/deposit/confirm", form: () => ({ data: "", charset: "utf-8", name: "" }), expect: { visitor: SIGN_IN, expired: SIGN_IN, depositor: 422, editor: 422 } },

  // Writing.
  { method: "GET", path: () => "/write/briefings", expect: PERSONAL },
  { method: "GET", path: () => "/write/lay-summaries", expect: PERSONAL },
  { method: "POST", path: () => "/write/briefings", form: () => ({ action: "draft", title: "", summary: "", key_messages: "", body: "", audience: "" }), expect: { visitor: SIGN_IN, expired: SIGN_IN, depositor: 422, editor: 422 } },
  { method: "POST", path: () => "/write/lay-summaries", form: () => ({ action: "draft", title: "", body: "", language: "en" }), expect: { visitor: SIGN_IN, expired: SIGN_IN, depositor: 422, editor: 422 } },
  { method: "POST", path: () => "/write/preview", json: { body: "**Bold**" }, expect: { visitor: SIGN_IN, expired: SIGN_IN, depositor: 200, editor: 200 } },
  { method: "POST", path: () => "/write/plain-language", json: { body: "A short text.", language: "en" }, expect: { visitor: SIGN_IN, expired: SIGN_IN, depositor: 200, editor: 200 } },
  { method: "GET", path: async () => `/desk/briefings/${await ownerBriefing()}/edit`, expect: { visitor: SIGN_IN, expired: SIGN_IN, owner: 200, stranger: 404, editor: 200, admin: 200 } },
  { method: "GET", path: async () => `/desk/lay-summaries/${await ownerLaySummary()}/edit`, expect: { visitor: SIGN_IN, owner: 200, stranger: 404, editor: 200 } },
  {
    method: "POST",
    path: async () => `/desk/briefings/${await ownerBriefing()}/edit`,
    form: () => ({ action: "submitted", title: "Access table briefing, changed", summary: "S.", key_messages: "K", body: "B.", audience: "Public" }),
    expect: { visitor: SIGN_IN, expired: SIGN_IN, owner: 303, stranger: 404, editor: 303 },
  },

  // Reviewing.
  { method: "GET", path: () => `/desk/open?address=/publications/${ownerPublication}`, expect: { visitor: SIGN_IN, expired: SIGN_IN, depositor: 403, owner: 403, editor: 303, admin: 303 } },
  { method: "GET", path: () => "/review", expect: { visitor: SIGN_IN, expired: SIGN_IN, depositor: 403, editor: 200, admin: 200 } },
  { method: "GET", path: () => "/review/settings", expect: { visitor: SIGN_IN, expired: SIGN_IN, depositor: 403, owner: 403, editor: 200, admin: 200 } },
  { method: "POST", path: () => "/review/settings", form: () => ({ target_reading_age: "not a number" }), expect: { visitor: SIGN_IN, expired: SIGN_IN, depositor: 403, editor: 422, admin: 422 } },
  { method: "GET", path: async () => `/desk/briefings/${await ownerBriefing()}`, expect: { visitor: SIGN_IN, expired: SIGN_IN, owner: 200, stranger: 404, editor: 200, admin: 200 } },
  { method: "GET", path: () => `/desk/publications/${ownerPublication}`, expect: { owner: 200, stranger: 404, editor: 200 } },
  { method: "GET", path: () => `/desk/publications/${ownerPublication}/edit`, expect: { visitor: SIGN_IN, owner: 200, stranger: 404, editor: 200 } },
  { method: "POST", path: async () => `/desk/briefings/${await ownerBriefing()}/publish`, form: () => ({ when: "now" }), expect: { visitor: SIGN_IN, expired: SIGN_IN, owner: 403, stranger: 403, editor: 303, admin: 303 } },
  { method: "POST", path: async () => `/desk/briefings/${await ownerBriefing()}/return`, form: () => ({ note: "Please add the sample size." }), expect: { visitor: SIGN_IN, owner: 403, stranger: 403, editor: 303 } },
  { method: "POST", path: async () => `/desk/briefings/${await ownerBriefing()}/withdraw`, form: () => ({ reason: "Submitted twice by mistake." }), expect: { visitor: SIGN_IN, owner: 403, stranger: 403, editor: 303 } },
  // Equity tags: the owner tags their own waiting item, an editor any, another depositor is told it does not exist.
  { method: "GET", path: async () => `/desk/briefings/${await ownerBriefing()}/tags`, expect: { visitor: SIGN_IN, expired: SIGN_IN, owner: 200, stranger: 404, editor: 200, admin: 200 } },
  {
    method: "POST",
    path: async () => `/desk/briefings/${await ownerBriefing()}/tags`,
    form: () => ({ "equity-picker": "1", "equity-life-course": "perinatal", "equity-countries": "" }),
    expect: { visitor: SIGN_IN, expired: SIGN_IN, owner: 303, stranger: 404, editor: 303, admin: 303 },
  },
];

describe("the desk's access table", () => {
  for (const route of ROUTES) {
    for (const [who, status] of Object.entries(route.expect) as [Who, number][]) {
      it(`${route.method} ${route.path.toString().replace(/^\(\) => /u, "")} as ${who}: ${status}`, async () => {
        prefixes = [await targetTokenPrefix(), await targetTokenPrefix()];
        const person = who === "visitor" ? undefined : people[who];
        const path = await route.path();
        const response =
          route.json === undefined
            ? await deskFetch(path, { method: route.method, person, form: route.form?.() })
            : await deskFetch(path, { method: "POST", person, body: JSON.stringify(route.json), headers: { "content-type": "application/json", ...(person ? { "x-csrf-token": person.csrf } : {}) } });
        expect(response.status).toBe(status);
        const signedOut = who === "visitor" || who === "expired";
        if (signedOut && status === SIGN_IN && route.method === "GET") expect(response.headers.get("location")).toMatch(/^\/sign-in\?next=/u);
      });
    }
  }
});
