import { describe, expect, it } from "vitest";
import { findSameWork, indexWorks, isSameWork, type WorkIdentity } from "../../worker/deposit/same-work";

const work = (fields: Partial<WorkIdentity>): WorkIdentity => ({
  doiKey: null, titleKey: "loneliness in invented towns", issuedYear: 2020, type: "article-journal", familyKeys: ["alpha"], ...fields,
});

/** Sameness must not depend on which record came first. */
function expectBothWays(a: WorkIdentity, b: WorkIdentity, same: boolean) {
  expect(isSameWork(a, b)).toBe(same);
  expect(isSameWork(b, a)).toBe(same);
}

describe("isSameWork", () => {
  it("takes a shared DOI as one work, with or without a subtitle, and under another title unless it is a chapter's", () => {
    expectBothWays(work({ doiKey: "10.1/x" }), work({ doiKey: "10.1/x", familyKeys: [] }), true);
    expectBothWays(work({ doiKey: "10.1/x" }), work({ doiKey: "10.1/x", titleKey: "loneliness in invented towns a cohort study" }), true);
    expectBothWays(work({ doiKey: "10.1/x" }), work({ doiKey: "10.1/x", titleKey: "a title an export mangled" }), true);
    // Chapters carry their book's DOI.
    expectBothWays(work({ doiKey: "10.1/x", type: "chapter" }), work({ doiKey: "10.1/x", type: "chapter", titleKey: "another chapter" }), false);
    expectBothWays(work({ doiKey: "10.1/x", type: "chapter" }), work({ doiKey: "10.1/x", type: "chapter", titleKey: "loneliness in invented towns part two" }), true);
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

describe("findSameWork over an index", () => {
  // 2,000 papers of one title and year by different teams: filed by family name, each is found by its namesakes only.
  const teams = Array.from({ length: 2000 }, (_, i) => ({ id: `p${i}`, work: work({ familyKeys: [`team${i}`, "shared"].slice(0, i % 2 === 0 ? 1 : 2) }) }));
  const index = indexWorks(teams);

  it("finds the stored record that shares a family name, and none where no author is shared", () => {
    expect(findSameWork(index, work({ familyKeys: ["nobody", "team1500"] }))?.id).toBe("p1500");
    expect(findSameWork(index, work({ familyKeys: ["shared"] }))?.id).toBe("p1");
    expect(findSameWork(index, work({ familyKeys: ["stranger"] }))).toBeUndefined();
  });

  it("matches a record without authors to the first of its title, and a record with authors to a stored authorless one", () => {
    expect(findSameWork(index, work({ familyKeys: [] }))?.id).toBe("p0");
    const withAnonymous = indexWorks([{ id: "anon", work: work({ familyKeys: [] }) }]);
    expect(findSameWork(withAnonymous, work({ familyKeys: ["anyone at all"] }))?.id).toBe("anon");
    expect(findSameWork(withAnonymous, work({ familyKeys: ["x"], issuedYear: 2021 }))).toBeUndefined();
  });
});
