// A list's author line: short lists whole, long ones counted.
import { describe, expect, it } from "vitest";
import { listAuthors } from "../../web/pages/author-names";

describe("listAuthors", () => {
  it("names up to four authors in full, and counts the rest past three", () => {
    expect(listAuthors([])).toBe("");
    expect(listAuthors(["Ana Example", "Ben Sample", "Cy Person", "Di Other"])).toBe("Ana Example, Ben Sample, Cy Person, Di Other");
    const many = Array.from({ length: 300 }, (_, i) => `Author ${i + 1}`);
    expect(listAuthors(many)).toBe("Author 1, Author 2, Author 3 and 297 more");
  });
});
