import { describe, expect, it } from "vitest";
import { chunkByJsonSize } from "../../worker/db/client";

describe("chunkByJsonSize", () => {
  it("keeps every chunk's JSON under the byte limit, counting UTF-8 bytes, in order and without losing a value", () => {
    const values = Array.from({ length: 500 }, (_, i) => ({ i, text: "é".repeat(100 + (i % 7) * 50) }));
    const chunks = chunkByJsonSize(values, 20_000);
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) expect(new TextEncoder().encode(JSON.stringify(chunk)).length).toBeLessThanOrEqual(20_000);
    expect(chunks.flat()).toEqual(values);
  });

  it("puts a value larger than the limit in a chunk of its own", () => {
    const chunks = chunkByJsonSize(["small", "x".repeat(50), "small"], 30);
    expect(chunks).toEqual([["small"], ["x".repeat(50)], ["small"]]);
  });
});
