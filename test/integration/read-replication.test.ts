// D1 read replication (worker/db/read-replicas.ts): a write hands back a bookmark, and reads that carry it see the write.
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { BOOKMARK_COOKIE, BOOKMARK_HEADER } from "../../worker/db/read-replicas";
import { DESK_ORIGIN, signInAs } from "./desk-helpers";
import { callApi, createToken } from "./helpers";

describe("reading your own writes through D1 sessions", () => {
  it("gives an API client the bookmark of its write, and the item to a read that carries it", async () => {
    const token = await createToken("depositor", "Bookmark tester");
    const created = await callApi("/api/briefings", {
      method: "POST",
      token,
      json: { title: "Ferries and the winter timetable", summary: "Fewer sailings leave islanders cut off.", body: "Islanders told us.", audience: "Ferry operators" },
    });
    expect(created.status).toBe(201);
    const bookmark = created.headers.get(BOOKMARK_HEADER);
    expect(bookmark).toMatch(/\S/u);
    // An API client is never given a cookie: it has the header.
    expect(created.headers.get("set-cookie") ?? "").not.toContain(BOOKMARK_COOKIE);

    const { id } = (await created.json()) as { id: string };
    const read = await callApi(`/api/briefings/${id}`, { token, headers: { [BOOKMARK_HEADER]: bookmark! } });
    expect(read.status).toBe(200);
    expect(((await read.json()) as { title: string }).title).toBe("Ferries and the winter timetable");
    expect(read.headers.get(BOOKMARK_HEADER)).toMatch(/\S/u);
  });

  it("gives a browser's write a bookmark cookie, and the page it goes to next shows the write", async () => {
    const person = await signInAs("depositor", { name: "Cookie Writer" });
    const form = new URLSearchParams([
      ["csrf", person.csrf],
      ["title", "Night buses for shift workers"],
      ["summary", "Shift workers cannot get home. Councils can act."],
      ["key_messages", "Night buses matter."],
      ["body", "Workers on late shifts told us so."],
      ["audience", "Transport planners"],
      ["action", "draft"],
    ]);
    const saved = await SELF.fetch(`${DESK_ORIGIN}/write/briefings`, {
      method: "POST",
      headers: { cookie: person.cookie, origin: DESK_ORIGIN, "content-type": "application/x-www-form-urlencoded" },
      body: form.toString(),
      redirect: "manual",
    });
    expect(saved.status).toBe(303);
    const cookie = saved.headers.get("set-cookie") ?? "";
    const bookmark = new RegExp(`${BOOKMARK_COOKIE}=([^;]+)`, "u").exec(cookie)?.[1];
    expect(bookmark).toBeDefined();
    expect(cookie).toMatch(/HttpOnly/iu);
    expect(cookie).toMatch(/Secure/iu);

    const next = await SELF.fetch(`${DESK_ORIGIN}${saved.headers.get("location")}`, {
      headers: { cookie: `${person.cookie}; ${BOOKMARK_COOKIE}=${bookmark}` },
    });
    expect(next.status).toBe(200);
    expect(await next.text()).toContain("Night buses for shift workers");
  });

  it("gives anonymous readers (harvesters posting to OAI-PMH too) no cookie and no bookmark, so their pages and feeds stay cacheable", async () => {
    for (const path of ["/", "/api/publications", "/feeds/publications.rss"]) {
      const response = await SELF.fetch(`http://repository.test${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get("set-cookie"), path).toBeNull();
      expect(response.headers.get(BOOKMARK_HEADER), path).toBeNull();
    }
    // A harvester's POST is OAI-PMH's form of a read.
    const harvest = await SELF.fetch("http://repository.test/oai", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "verb=Identify",
    });
    expect(harvest.status).toBe(200);
    expect(harvest.headers.get("set-cookie")).toBeNull();
    expect(harvest.headers.get(BOOKMARK_HEADER)).toBeNull();
  });

  it("ignores a bookmark that is not one, rather than failing the read", async () => {
    for (const bad of ["'; DROP TABLE publications; --", "x".repeat(300), "<script>", "00000085-0000024c-00004f6b-e31a37ea5bbd8d2a4ac1bbb6ae4e2fa8"]) {
      const response = await callApi("/api/publications", { headers: { [BOOKMARK_HEADER]: bad } });
      expect(response.status, bad).toBe(200);
    }
  });
});
