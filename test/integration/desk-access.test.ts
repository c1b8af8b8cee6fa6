// Who may open what on the desk: every desk route and method, for a visitor who is not signed in, each role, an expired
// session, and a person who does not own the item, with the status each must get. A new desk route gets a row here.
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { deskFetch, type DeskPerson, signInAs } from "./desk-helpers";

type Who = "visitor" | "expired" | "depositor" | "editor" | "admin" | "owner" | "stranger";
type Expect = Partial<Record<Who, number>>;
type Route = { method: "GET" | "POST"; path: () => string; form?: () => Record<string, string>; expect: Expect };

const SIGN_IN = 303;
/** Pages any signed-in person may open; visitors and expired sessions are sent to sign in. */
const PERSONAL: Expect = { visitor: SIGN_IN, expired: SIGN_IN, depositor: 200, editor: 200, admin: 200 };
/** Admin-only pages and actions. */
const ADMIN_ONLY = (ok: number): Expect => ({ visitor: SIGN_IN, expired: SIGN_IN, depositor: 403, editor: 403, admin: ok });

let people: Record<Exclude<Who, "visitor">, DeskPerson>;
let target: DeskPerson;

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
];

describe("the desk's access table", () => {
  for (const route of ROUTES) {
    for (const [who, status] of Object.entries(route.expect) as [Who, number][]) {
      it(`${route.method} ${route.path.toString().replace(/^\(\) => /u, "")} as ${who}: ${status}`, async () => {
        prefixes = [await targetTokenPrefix(), await targetTokenPrefix()];
        const person = who === "visitor" ? undefined : people[who];
        const response = await deskFetch(route.path(), { method: route.method, person, form: route.form?.() });
        expect(response.status).toBe(status);
        const signedOut = who === "visitor" || who === "expired";
        if (signedOut && status === SIGN_IN && route.method === "GET") expect(response.headers.get("location")).toMatch(/^\/sign-in\?next=/u);
      });
    }
  }
});
