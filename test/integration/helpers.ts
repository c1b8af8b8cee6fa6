// What integration tests share: tokens made in the real test D1, and requests through the real Worker.
import { env, SELF } from "cloudflare:test";
import { expect } from "vitest";
import { hashToken } from "../../worker/auth/tokens";
import type { Role } from "../../schema/vocabularies";

let tokenCount = 0;

/** Makes a token the way scripts/token.mjs does (random secret, SHA-256 stored) and returns the secret. */
export async function createToken(role: Role, name = `Test ${role}`): Promise<string> {
  const prefix = `t${++tokenCount}${crypto.randomUUID().slice(0, 6)}`;
  const token = `mhr_${prefix}_${crypto.randomUUID().replace(/-/g, "")}`;
  await env.DB.prepare("INSERT INTO api_tokens (name, role, prefix, hash) VALUES (?, ?, ?, ?)").bind(name, role, prefix, await hashToken(token)).run();
  return token;
}

export async function callApi(path: string, init: RequestInit & { token?: string; json?: unknown } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set("authorization", `Bearer ${init.token}`);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set("content-type", "application/json");
    body = JSON.stringify(init.json);
  }
  return SELF.fetch(`http://repository.test${path}`, { ...init, headers, body });
}

export async function deposit(bibtex: string, token: string, query = ""): Promise<{ status: number; report: any }> {
  const response = await callApi(`/api/deposits${query}`, {
    method: "POST",
    token,
    headers: { "content-type": "application/x-bibtex" },
    body: bibtex,
  });
  return { status: response.status, report: await response.json() };
}

/** The real BibTeX corpus from ../shared/bib, or an empty object where it is absent (a fresh clone). */
export const SHARED_BIB: Record<string, string> = JSON.parse(env.SHARED_BIB_FILES);
export const HAS_SHARED_BIB = Object.keys(SHARED_BIB).length > 0;

/** Creates a briefing or lay summary draft (`kind` as in the API path) and returns its id; fails the test otherwise. */
export async function createItem(kind: string, json: Record<string, unknown>, token: string): Promise<string> {
  const response = await callApi(`/api/${kind}`, { method: "POST", token, json });
  expect(response.status, await response.clone().text()).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

/** Publishes an item now, or at `body.publish_at`; fails the test otherwise. */
export async function publishItem(kind: string, id: string, token: string, body: Record<string, unknown> = {}): Promise<void> {
  const response = await callApi(`/api/${kind}/${id}/publish`, { method: "POST", token, json: body });
  expect(response.status, await response.clone().text()).toBe(200);
}
