import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { callApi, createToken, deposit } from "./helpers";

let admin: string;
let editor: string;
let depositor: string;
let otherDepositor: string;
let publicationId: string;

const BRIEFING = {
  title: "Debt and anxiety in the North West",
  summary: "Debt worries and anxiety rise together; advice services help.",
  key_messages: ["Debt and anxiety go together.", "Advice early makes a difference."],
  body: "## What we found\n\nPeople in debt reported more anxiety.",
  audience: "Local authority commissioners",
  topics: ["income-debt-poverty", "place-deprivation"],
};

beforeAll(async () => {
  admin = await createToken("admin");
  editor = await createToken("editor", "Editor Eve");
  depositor = await createToken("depositor", "Depositor Dee");
  otherDepositor = await createToken("depositor", "Another Depositor");
  const { report } = await deposit("@article{rec1, title = {Records test paper}, author = {Tester, Tina}, year = 2022}", editor);
  publicationId = report.entries[0].id;
});

async function createBriefing(token: string, extra: Record<string, unknown> = {}) {
  const response = await callApi("/api/briefings", { method: "POST", token, json: { ...BRIEFING, publication_ids: [publicationId], ...extra } });
  return { response, body: await response.json<any>() };
}

describe("topics", () => {
  it("are seeded with the centre's seventeen themes", async () => {
    const { results } = await env.DB.prepare("SELECT slug FROM topics ORDER BY id").all<{ slug: string }>();
    expect(results.length).toBe(17);
    expect(results[0].slug).toBe("determinants");
    expect(results.map((r) => r.slug)).toContain("place-deprivation");
  });
});

describe("briefings", () => {
  it("creates a draft with its topics and evidence, hidden from the public until published", async () => {
    const { response, body } = await createBriefing(depositor);
    expect(response.status).toBe(201);
    expect(response.headers.get("location")).toBe(`/api/briefings/${body.id}`);
    expect(body).toMatchObject({ status: "draft", title: BRIEFING.title, key_messages: BRIEFING.key_messages, language: "en" });
    expect(body.publications).toEqual([{ id: publicationId, title: "Records test paper" }]);
    expect(body.topics.map((t: any) => t.slug).sort()).toEqual(["income-debt-poverty", "place-deprivation"]);

    expect((await callApi(`/api/briefings/${body.id}`)).status).toBe(404);
    expect((await callApi(`/api/briefings/${body.id}`, { token: depositor })).status).toBe(200);
    expect((await callApi(`/api/briefings/${body.id}`, { token: otherDepositor })).status).toBe(404);
    const publicList = await (await callApi("/api/briefings?limit=100")).json<any>();
    expect(publicList.items.map((i: any) => i.id)).not.toContain(body.id);

    const published = await callApi(`/api/briefings/${body.id}/publish`, { method: "POST", token: editor });
    expect(published.status).toBe(200);
    expect((await published.json<any>()).status).toBe("published");
    const read = await callApi(`/api/briefings/${body.id}`);
    expect(read.status).toBe(200);
    expect((await read.json<any>()).title).toBe(BRIEFING.title);
  });

  it("keeps an embargoed briefing out of public view until its publish-at time", async () => {
    const { body } = await createBriefing(editor);
    const future = new Date(Date.now() + 86_400_000).toISOString();
    const response = await callApi(`/api/briefings/${body.id}/publish`, { method: "POST", token: editor, json: { publish_at: future } });
    expect(await response.json()).toMatchObject({ status: "published", publish_at: future });
    expect((await callApi(`/api/briefings/${body.id}`)).status).toBe(404);
    const list = await (await callApi("/api/briefings?limit=100")).json<any>();
    expect(list.items.map((i: any) => i.id)).not.toContain(body.id);

    const past = new Date(Date.now() - 1000).toISOString();
    await callApi(`/api/briefings/${body.id}/publish`, { method: "POST", token: editor, json: { publish_at: past } });
    expect((await callApi(`/api/briefings/${body.id}`)).status).toBe(200);
  });

  it("withdraws with a reason and keeps a tombstone that says why", async () => {
    const { body } = await createBriefing(editor);
    await callApi(`/api/briefings/${body.id}/publish`, { method: "POST", token: editor });
    const withdrawn = await callApi(`/api/briefings/${body.id}/withdraw`, { method: "POST", token: editor, json: { reason: "Superseded by the 2026 update." } });
    expect(await withdrawn.json()).toMatchObject({ status: "withdrawn", withdrawal_reason: "Superseded by the 2026 update." });

    const gone = await callApi(`/api/briefings/${body.id}`);
    expect(gone.status).toBe(410);
    expect(gone.headers.get("content-type")).toContain("application/problem+json");
    expect(await gone.json()).toMatchObject({ status: 410, id: body.id, title: "Withdrawn", item_title: BRIEFING.title, withdrawal_reason: "Superseded by the 2026 update." });
    const again = await callApi(`/api/briefings/${body.id}/withdraw`, { method: "POST", token: editor, json: { reason: "Twice" } });
    expect(again.status).toBe(409);
    const row = await env.DB.prepare("SELECT status FROM briefings WHERE id = ?").bind(body.id).first<{ status: string }>();
    expect(row?.status).toBe("withdrawn");
  });

  it("records who changed what in the audit log", async () => {
    const { body } = await createBriefing(depositor);
    await callApi(`/api/briefings/${body.id}`, { method: "PATCH", token: depositor, json: { title: "A better title" } });
    await callApi(`/api/briefings/${body.id}/publish`, { method: "POST", token: editor });
    const { results } = await env.DB.prepare("SELECT actor, action FROM audit_log WHERE item_id = ? ORDER BY id").bind(body.id).all();
    expect(results).toEqual([
      { actor: "Depositor Dee", action: "create" },
      { actor: "Depositor Dee", action: "update" },
      { actor: "Editor Eve", action: "publish" },
    ]);
  });
});

describe("roles", () => {
  it("answers 401 without a token and 403 with too low a role", async () => {
    const { body } = await createBriefing(depositor);
    const anonymous = await callApi(`/api/briefings/${body.id}/publish`, { method: "POST" });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toContain("Bearer");
    const asDepositor = await callApi(`/api/briefings/${body.id}/publish`, { method: "POST", token: depositor });
    expect(asDepositor.status).toBe(403);
    expect((await asDepositor.json<any>()).detail).toContain("editor role");
    expect((await callApi("/api/briefings", { method: "POST", json: BRIEFING })).status).toBe(401);
    expect((await callApi(`/api/briefings/${body.id}/withdraw`, { method: "POST", token: depositor, json: { reason: "No reason" } })).status).toBe(403);
    expect((await callApi(`/api/briefings/${body.id}`, { method: "PATCH", token: otherDepositor, json: { title: "Hijack" } })).status).toBe(404);
    expect((await callApi(`/api/briefings/${body.id}/publish`, { method: "POST", token: admin })).status).toBe(200);
    expect((await callApi(`/api/briefings/${body.id}`, { method: "PATCH", token: depositor, json: { title: "Too late" } })).status).toBe(403);
  });

  it("rejects an unknown or revoked token rather than treating the caller as anonymous", async () => {
    expect((await callApi("/api/briefings", { token: "mhr_nope_nope" })).status).toBe(401);
    const token = await createToken("editor", "Soon revoked");
    await env.DB.prepare("UPDATE api_tokens SET revoked_at = '2026-01-01T00:00:00Z' WHERE name = 'Soon revoked'").run();
    expect((await callApi("/api/briefings", { token })).status).toBe(401);
  });

  it("publishes an editor's deposit at once and holds a depositor's for review", async () => {
    const fromDepositor = await deposit("@article{role1, title = {Held for review}, year = 2020}", depositor);
    expect(fromDepositor.report.status).toBe("submitted");
    const id = fromDepositor.report.entries[0].id;
    expect((await callApi(`/api/publications/${id}`)).status).toBe(404);
    const mine = await (await callApi("/api/publications?status=submitted", { token: depositor })).json<any>();
    expect(mine.items.map((i: any) => i.id)).toContain(id);
    const theirs = await (await callApi("/api/publications?status=submitted", { token: otherDepositor })).json<any>();
    expect(theirs.items.map((i: any) => i.id)).not.toContain(id);
    await callApi(`/api/publications/${id}/publish`, { method: "POST", token: editor });
    expect((await callApi(`/api/publications/${id}`)).status).toBe(200);
  });
});

describe("lay summaries", () => {
  it("scores English for readability on save and again on edit", async () => {
    const response = await callApi("/api/lay-summaries", {
      method: "POST",
      token: depositor,
      json: { publication_id: publicationId, language: "EN-gb", title: "What we found", body: "Money worries can make people feel low. Help is there for you." },
    });
    expect(response.status).toBe(201);
    const created = await response.json<any>();
    expect(created).toMatchObject({ language: "en-GB", publication: { id: publicationId, title: "Records test paper" } });
    expect(created.readability).toEqual({ flesch_reading_ease: 95, flesch_kincaid_grade: 1.5 });

    const edited = await callApi(`/api/lay-summaries/${created.id}`, {
      method: "PATCH",
      token: depositor,
      json: { body: "Socioeconomic determinants of psychological morbidity demonstrate considerable heterogeneity." },
    });
    expect((await edited.json<any>()).readability.flesch_reading_ease).toBeLessThan(0);
  });

  it("gives no readability score to a language it cannot score, and one summary per language", async () => {
    const welsh = { publication_id: publicationId, language: "cy", title: "Beth wnaethom ni ei ddarganfod", body: "Mae pryderon am arian yn gallu gwneud i bobl deimlo'n isel." };
    const first = await callApi("/api/lay-summaries", { method: "POST", token: editor, json: welsh });
    expect((await first.json<any>()).readability).toBeNull();
    const second = await callApi("/api/lay-summaries", { method: "POST", token: editor, json: welsh });
    expect(second.status).toBe(409);
    expect((await second.json<any>()).detail).toContain("already has a lay summary in 'cy'");
  });
});

describe("pagination", () => {
  it("walks every published item once, newest first, with no gaps or repeats", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const { body } = await createBriefing(editor, { title: `Paged briefing ${i}` });
      await callApi(`/api/briefings/${body.id}/publish`, { method: "POST", token: editor });
      ids.push(body.id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await (await callApi(`/api/briefings?limit=3${cursor ? `&cursor=${cursor}` : ""}`)).json();
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((i: any) => i.id));
      cursor = page.next_cursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual([...seen].sort().reverse());
    const paged = seen.filter((id) => ids.includes(id));
    expect(paged).toEqual([...ids].reverse());
  });
});

describe("lifecycle rules", () => {
  it("keeps an embargo set at creation when an editor publishes without a date", async () => {
    const future = new Date(Date.now() + 86_400_000).toISOString();
    const { body } = await createBriefing(editor, { publish_at: future });
    const published = await (await callApi(`/api/briefings/${body.id}/publish`, { method: "POST", token: editor })).json<any>();
    expect(published).toMatchObject({ status: "published", publish_at: future });
    expect((await callApi(`/api/briefings/${body.id}`)).status).toBe(404);
  });

  it("never brings a withdrawn item back, and keeps one that was never public unknown to the public", async () => {
    const { body } = await createBriefing(editor);
    await callApi(`/api/briefings/${body.id}/withdraw`, { method: "POST", token: editor, json: { reason: "Drafted in error." } });
    expect((await callApi(`/api/briefings/${body.id}`)).status).toBe(404);
    const toDraft = await callApi(`/api/briefings/${body.id}`, { method: "PATCH", token: editor, json: { status: "draft" } });
    expect(toDraft.status).toBe(409);
    const publish = await callApi(`/api/briefings/${body.id}/publish`, { method: "POST", token: editor });
    expect(publish.status).toBe(409);
    const row = await env.DB.prepare("SELECT status FROM briefings WHERE id = ?").bind(body.id).first<{ status: string }>();
    expect(row?.status).toBe("withdrawn");
  });

  it("shows the public only the evidence that is public itself", async () => {
    const { report } = await deposit("@article{hiddenEvidence, title = {Not yet public evidence}, year = 2025}", depositor);
    const hiddenId = report.entries[0].id;
    const { body } = await createBriefing(editor, { publication_ids: [publicationId, hiddenId] });
    await callApi(`/api/briefings/${body.id}/publish`, { method: "POST", token: editor });
    const asPublic = await (await callApi(`/api/briefings/${body.id}`)).json<any>();
    expect(asPublic.publications.map((p: any) => p.id)).toEqual([publicationId]);
    const asEditor = await (await callApi(`/api/briefings/${body.id}`, { token: editor })).json<any>();
    expect(asEditor.publications.map((p: any) => p.id)).toEqual([publicationId, hiddenId]);
  });
});
