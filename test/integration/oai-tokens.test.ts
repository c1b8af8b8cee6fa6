// OAI-PMH resumption tokens are signed: an edited, forged, truncated or garbled token is badResumptionToken, never a 500.
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { oai as oaiRoutes } from "../../worker/oai/routes";
import { callApi, createToken, deposit } from "./helpers";

/** More than one page (100 records), so the first ListRecords page carries a token. */
const ENTRIES = 130;

function inventedBibtex(count: number): string {
  return Array.from(
    { length: count },
    (_, i) => `@article{tokentest${i},
  author = {Quillfeather, Odalys and Brannock, Tiberius},
  title = {Signed harvest token study number ${i} on neighbourhood wellbeing},
  journal = {Journal of Invented Results},
  year = {2024},
  volume = {${i + 1}}
}`,
  ).join("\n\n");
}

async function oaiXml(query: string): Promise<{ status: number; type: string | null; xml: string }> {
  const response = await callApi(`/oai?${query}`);
  return { status: response.status, type: response.headers.get("content-type"), xml: await response.text() };
}

function tokenIn(xml: string): string {
  const token = /<resumptionToken[^>]*>([^<]+)<\/resumptionToken>/u.exec(xml)?.[1];
  if (!token) throw new Error(`no resumption token in ${xml.slice(0, 500)}`);
  return token.replace(/&amp;/gu, "&");
}

const toBase64Url = (text: string) => btoa(text).replace(/\+/gu, "-").replace(/\//gu, "_").replace(/=+$/u, "");
const fromBase64Url = (text: string) => atob(text.replace(/-/gu, "+").replace(/_/gu, "/"));

/** The token with its state changed by hand and its signature (if any) kept: what a curious harvester would try. */
function editToken(token: string, edit: (state: Record<string, unknown>) => void): string {
  const [payload, ...signature] = token.split(".");
  const state = JSON.parse(fromBase64Url(payload)) as Record<string, unknown>;
  edit(state);
  return [toBase64Url(JSON.stringify(state)), ...signature].join(".");
}

let token: string;

beforeAll(async () => {
  const editor = await createToken("editor");
  const { status, report } = await deposit(inventedBibtex(ENTRIES), editor);
  expect(status, JSON.stringify(report).slice(0, 500)).toBe(201);
  const first = await oaiXml("verb=ListRecords&metadataPrefix=oai_dc");
  token = tokenIn(first.xml);
});

describe("OAI-PMH resumption tokens", () => {
  it("are signed, and a genuine one continues the harvest", async () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/u);
    const next = await oaiXml(`verb=ListRecords&resumptionToken=${encodeURIComponent(token)}`);
    expect(next.status).toBe(200);
    expect(next.xml).not.toContain("<error");
    expect(next.xml).toMatch(/<resumptionToken[^>]*cursor="100"/u);
  });

  const tampered: [string, () => string][] = [
    ['edited by hand to "from":{}', () => editToken(token, (s) => void (s.from = {}))],
    ["edited to skip ahead (cursor and position changed, signature kept)", () => editToken(token, (s) => void Object.assign(s, { cursor: 0, after: undefined, completeListSize: 1 }))],
    ["edited to never expire", () => editToken(token, (s) => void (s.expires = 9e15))],
    // The first character of the signature: the last one also carries padding bits that a decoder may ignore.
    ["with its signature changed in one character", () => {
      const at = token.indexOf(".") + 1;
      return token.slice(0, at) + (token[at] === "A" ? "B" : "A") + token.slice(at + 1);
    }],
    ["without its signature", () => token.split(".")[0]],
    ["truncated", () => token.slice(0, Math.floor(token.length / 2))],
    ["forged without a signature, as tokens were before", () => toBase64Url(JSON.stringify({ verb: "ListRecords", until: new Date().toISOString(), cursor: 0, completeListSize: 1, expires: Date.now() + 60_000 }))],
    ["not base64 at all", () => "%%%not*base64!!!.@@@"],
    ["with a third part", () => `${token}.extra`],
    ["empty parts", () => "."],
  ];

  it.each(tampered)("a token %s is badResumptionToken as OAI XML with HTTP 200", async (_, make) => {
    const { status, type, xml } = await oaiXml(`verb=ListRecords&resumptionToken=${encodeURIComponent(make())}`);
    expect(status).toBe(200);
    expect(type).toBe("text/xml; charset=utf-8");
    expect(xml).toContain('<error code="badResumptionToken">');
    expect(xml).not.toContain("<record>");
  });

  it("a token signed with another deployment's secret is badResumptionToken", async () => {
    const other = { ...env, OAI_TOKEN_SECRET: "another-deployment-secret-abcdefghijklmnop" };
    const response = await oaiRoutes.request(`http://repository.test/oai?verb=ListRecords&resumptionToken=${encodeURIComponent(token)}`, {}, other);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<error code="badResumptionToken">');
  });

  it("without a secret the lists answer a clear error naming it, and sign nothing; other verbs still answer", async () => {
    const { OAI_TOKEN_SECRET: _, ...withoutSecret } = env;
    const response = await oaiRoutes.request("http://repository.test/oai?verb=ListRecords&metadataPrefix=oai_dc", {}, withoutSecret);
    expect(response.status).toBe(500);
    expect(response.headers.get("content-type")).toBe("application/problem+json; charset=utf-8");
    const problem = (await response.json()) as { detail: string };
    expect(problem.detail).toContain("OAI_TOKEN_SECRET");
    expect(problem.detail).toContain("wrangler secret put OAI_TOKEN_SECRET");
    const identify = await oaiRoutes.request("http://repository.test/oai?verb=Identify", {}, withoutSecret);
    expect(identify.status).toBe(200);
    expect(await identify.text()).toContain("<Identify>");
  });
});
