import { describe, expect, it } from "vitest";
import { isSameWork, type WorkIdentity } from "../../worker/deposit/same-work";

const work = (fields: Partial<WorkIdentity>): WorkIdentity => ({
  doiKey: null, titleKey: "loneliness in invented towns", issuedYear: 2020, type: "article-journal", familyKeys: ["alpha"], ...fields,
});

/** Sameness must not depend on which record came first. */
function expectBothWays(a: WorkIdentity, b: WorkIdentity, same: boolean) {
  expect(isSameWork(a, b)).toBe(same);
  expect(isSameWork(b, a)).toBe(same);
}

describe("isSameWork", () => {
  it("takes a shared DOI under one title as one work, and a shared DOI under two titles as two (chapters carry their book's DOI)", () => {
    expectBothWays(work({ doiKey: "10.1/x" }), work({ doiKey: "10.1/x", familyKeys: [] }), true);
    expectBothWays(work({ doiKey: "10.1/x" }), work({ doiKey: "10.1/x", titleKey: "another chapter" }), false);
  });

  it("keeps a book and its chapter apart whatever they share", () => {
    expectBothWays(work({ doiKey: "10.1/x", type: "book" }), work({ doiKey: "10.1/x", type: "chapter" }), false);
    expectBothWays(work({ type: "book" }), work({ type: "chapter" }), false);
  });

  it("keeps a book and a review of it apart", () => {
    expectBothWays(work({ type: "book" }), work({ type: "review-book", familyKeys: ["alpha"] }), false);
    expectBothWays(work({ type: "book", familyKeys: ["writer"] }), work({ type: "article-journal", familyKeys: ["reader"] }), false);
  });

  it("needs a shared family name for title and year, where both list authors", () => {
    expectBothWays(work({}), work({ familyKeys: ["gamma"] }), false);
    expectBothWays(work({ familyKeys: ["alpha", "beta"] }), work({ familyKeys: ["beta"], type: "document" }), true);
    expectBothWays(work({}), work({ familyKeys: [] }), true);
  });

  it("never takes two different DOIs, or two years, as one work", () => {
    expectBothWays(work({ doiKey: "10.1/x" }), work({ doiKey: "10.1/y" }), false);
    expectBothWays(work({}), work({ issuedYear: 2021 }), false);
  });
});
