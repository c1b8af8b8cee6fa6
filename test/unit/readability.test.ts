import { describe, expect, it } from "vitest";
import { countSyllables, scoreReadability, scoreReadabilityFor } from "../../worker/records/readability";

describe("readability of lay summaries", () => {
  it("counts syllables of common English words", () => {
    expect(countSyllables("cat")).toBe(1);
    expect(countSyllables("table")).toBe(2);
    expect(countSyllables("health")).toBe(1);
    expect(countSyllables("anxiety")).toBe(4);
    expect(countSyllables("inequalities")).toBe(5);
  });

  it("hears a final -ed after t or d, and a final -es after a sibilant", () => {
    const counted = (words: string) => words.split(" ").map((w) => `${w} ${countSyllables(w)}`);
    expect(counted("needed reported included wanted started rated")).toEqual(["needed 2", "reported 3", "included 3", "wanted 2", "started 2", "rated 2"]);
    expect(counted("services places causes nurses changes boxes")).toEqual(["services 3", "places 2", "causes 2", "nurses 2", "changes 2", "boxes 2"]);
    expect(counted("talked used makes times lives")).toEqual(["talked 1", "used 1", "makes 1", "times 1", "lives 1"]);
  });

  it("scores short plain sentences as very easy and long technical ones as hard", () => {
    const plain = scoreReadability("The cat sat on the mat. It was a warm day. We went out to play.")!;
    const technical = scoreReadability(
      "Socioeconomic determinants of psychological morbidity demonstrate considerable heterogeneity across epidemiological investigations of intergenerational disadvantage.",
    )!;
    expect(plain.fleschReadingEase).toBeGreaterThan(90);
    expect(plain.fleschKincaidGrade).toBeLessThan(3);
    expect(technical.fleschReadingEase).toBeLessThan(0);
    expect(technical.fleschKincaidGrade).toBeGreaterThan(20);
  });

  it("matches the Flesch formulas on a hand-counted passage", () => {
    // 2 sentences, 12 words, 15 syllables: 206.835 - 1.015*6 - 84.6*1.25 = 95.0; 0.39*6 + 11.8*1.25 - 15.59 = 1.5
    const score = scoreReadability("Money worries can make people feel low. Help is there for you.")!;
    expect(score).toEqual({ fleschReadingEase: 95, fleschKincaidGrade: 1.5 });
  });

  it("gives no score for text without words or in a language other than English", () => {
    expect(scoreReadability("… 123 !!")).toBeNull();
    expect(scoreReadabilityFor("cy", "Mae iechyd meddwl yn bwysig.")).toBeNull();
    expect(scoreReadabilityFor("en-GB", "Help is there for you.")).not.toBeNull();
  });
});
