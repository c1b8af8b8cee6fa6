// Rate limits (Cloudflare's rate-limiting binding, which the local runtime runs) and body limits: what a flood of bad
// tokens, deposits or writes is answered, and that every POST route refuses a body past its limit.
import { SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { callApi, createToken } from "./helpers";
import { deskFetch, signInAs } from "./desk-helpers";

/** An address of its own for each run: the limits count per address, and other test files share the default one. */
function documentationAddress(): string {
  return `203.0.113.${Math.floor(Math.random() * 250) + 1}`;
}

/**
 * The local runtime counts in fixed windows that start on the minute, as Cloudflare's may: a flood that crossed one
 * would start counting again halfway. Each flood starts early in a minute, waiting for the next one if need be.
 */
async function startEarlyInAMinute(latest = 35_000): Promise<void> {
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > latest) await new Promise((resolve) => setTimeout(resolve, 60_000 - intoMinute + 200));
}

async function expectTooManyRequests(response: Response, detail: RegExp): Promise<void> {
  expect(response.status).toBe(429);
  expect(response.headers.get("retry-after")).toBe("60");
  expect(response.headers.get("content-type")).toBe("application/problem+json; charset=utf-8");
  const problem = await response.json<any>();
  expect(problem).toMatchObject({ status: 429, title: "Too many attempts", retry_after: 60 });
  expect(problem.detail).toMatch(detail);
}

describe("failed authentication", () => {
  it("answers 401 to the first 20 bad tokens from an address in a minute, then 429 with Retry-After, while good tokens still work", async () => {
    const address = documentationAddress();
    await startEarlyInAMinute();
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 25; i++) {
      last = await callApi("/api/briefings", { method: "POST", json: {}, token: `mhr_bad${i}_${crypto.randomUUID()}`, headers: { "cf-connecting-ip": address } });
      statuses.push(last.status);
      if (i < 24) await last.arrayBuffer();
    }
    expect(statuses).toEqual([...Array(20).fill(401), ...Array(5).fill(429)]);
    await expectTooManyRequests(last!, /^Too many requests with unknown or revoked tokens from this address\. Wait 60 seconds/u);

    // A malformed header counts as a failure too, and reading needs no token at all.
    const malformed = await callApi("/api/publications", { headers: { "cf-connecting-ip": address, authorization: "Basic abc" } });
    expect(malformed.status).toBe(429);
    expect((await callApi("/api/publications", { headers: { "cf-connecting-ip": address } })).status).toBe(200);
    const good = await createToken("depositor");
    expect((await callApi("/api/publications", { token: good, headers: { "cf-connecting-ip": address } })).status).toBe(200);

    // Another address is not affected.
    const elsewhere = await callApi("/api/publications", { token: "mhr_bad_elsewhere", headers: { "cf-connecting-ip": `198.51.100.${Math.floor(Math.random() * 250) + 1}` } });
    expect(elsewhere.status).toBe(401);
  });
});

describe("deposits and writes per token", () => {
  let run: string;
  beforeAll(() => {
    run = crypto.randomUUID().slice(0, 8);
  });

  it("accepts 30 deposits a minute from one token and answers the rest of a flood 429, while another token deposits", async () => {
    const flooder = await createToken("depositor", "Flooding depositor");
    await startEarlyInAMinute();
    const responses = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        callApi("/api/deposits", {
          method: "POST",
          token: flooder,
          headers: { "content-type": "application/x-bibtex" },
          body: `@misc{flood${i}${run}, author = {Flood, Sample}, title = {Sample flood deposit ${i} ${run}}, year = 2020}`,
        }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(30);
    expect(statuses.filter((s) => s === 429)).toHaveLength(30);
    await expectTooManyRequests(responses[statuses.indexOf(429)], /^This token has made too many deposits in the last minute/u);
    for (const r of responses) if (!r.bodyUsed) await r.arrayBuffer();

    const other = await createToken("depositor", "Patient depositor");
    const calm = await callApi("/api/deposits", {
      method: "POST",
      token: other,
      headers: { "content-type": "application/x-bibtex" },
      body: `@misc{calm${run}, author = {Calm, Sample}, title = {Sample calm deposit ${run}}, year = 2020}`,
    });
    expect(calm.status).toBe(201);
    // Reading is never limited.
    expect((await callApi("/api/publications", { token: flooder })).status).toBe(200);
  });

  it("accepts 300 other writes a minute from one token, then answers 429", { timeout: 240_000 }, async () => {
    // 350 requests can take most of a minute on a busy machine: a flood that ran into the next minute is sent again,
    // with a new token, from the start of a minute.
    for (let attempt = 1; ; attempt++) {
      const writer = await createToken("editor", `Busy editor ${attempt}`);
      await startEarlyInAMinute(attempt === 1 ? 15_000 : 0);
      const minute = Math.floor(Date.now() / 60_000);
      // An empty change is refused (422) without reading the item: a cheap write to count.
      const change = () => callApi("/api/briefings/01JD3Q7Z8K5V2M4N6P8R0T2W4Y", { method: "PATCH", token: writer, json: {} });
      const responses = await Promise.all(Array.from({ length: 350 }, change));
      const statuses = responses.map((r) => r.status);
      await Promise.all(responses.map((r) => r.arrayBuffer()));
      const last = await change();
      if (Math.floor(Date.now() / 60_000) !== minute && attempt < 3) continue;
      expect(statuses.filter((s) => s === 422)).toHaveLength(300);
      expect(statuses.filter((s) => s === 429)).toHaveLength(50);
      await expectTooManyRequests(last, /^This token has made too many changes in the last minute/u);
      return;
    }
  });

  it("counts a signed-in person's desk deposits against their desk token", async () => {
    const person = await signInAs("depositor");
    await startEarlyInAMinute();
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) {
      const response = await deskFetch("/deposit", { person, form: { bibtex: `@misc{desk${i}${run}, author = {Desk, Sample}, title = {Sample desk flood ${i}}, year = 2021}` } });
      statuses.push(response.status);
      await response.arrayBuffer();
    }
    expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true);
    expect(statuses[30]).toBe(429);
  });
});

describe("body limits", () => {
  const twoMegabytes = "a".repeat(2 * 1024 * 1024);

  it("refuses a 2 MB form posted to /oai with 413", async () => {
    const response = await SELF.fetch("http://repository.test/oai", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `verb=Identify&padding=${twoMegabytes}`,
    });
    expect(response.status).toBe(413);
    expect(response.headers.get("content-type")).toBe("application/problem+json; charset=utf-8");
    expect((await response.json<any>()).detail).toBe("The body is larger than the 1 MB allowed here.");
  });

  it("refuses 2 MB on the API's writes and the desk's forms, but takes it as a deposit", async () => {
    const editor = await createToken("editor");
    const patch = await callApi("/api/briefings/01JD3Q7Z8K5V2M4N6P8R0T2W4Y", { method: "PATCH", token: editor, json: { title: twoMegabytes } });
    expect(patch.status).toBe(413);
    expect(patch.headers.get("content-type")).toBe("application/problem+json; charset=utf-8");
    await patch.arrayBuffer();

    const signIn = await SELF.fetch("http://repository.test/sign-in", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://repository.test" },
      body: `padding=${twoMegabytes}`,
    });
    expect(signIn.status).toBe(413);
    await signIn.arrayBuffer();

    const deposit = await callApi("/api/deposits?dry_run=1", {
      method: "POST",
      token: editor,
      headers: { "content-type": "application/x-bibtex" },
      body: `@comment{${twoMegabytes}}\n@misc{bigFile2020, author = {Large, Sample}, title = {Sample entry after a long comment}, year = 2020}`,
    });
    expect(deposit.status).toBe(200);
    expect((await deposit.json<any>()).entries.map((e: any) => e.key)).toEqual(["bigFile2020"]);
  });
});
