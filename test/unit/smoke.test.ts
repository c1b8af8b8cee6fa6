import { env } from "cloudflare:test";
import { expect, it } from "vitest";
it("has topics", async () => {
  const r = await env.DB.prepare("select count(*) as n from topics").first<{ n: number }>();
  expect(r!.n).toBe(17);
  expect(Object.keys(JSON.parse(env.SHARED_BIB_FILES)).length).toBe(6);
});
