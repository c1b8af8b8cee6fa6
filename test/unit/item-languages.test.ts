// Writing direction, language names and reading levels as the item pages state them.
import { describe, expect, it } from "vitest";
import { describeReadingLevel, nameLanguage, nameLanguageNatively, readDirection } from "../../web/pages/languages";

describe("readDirection", () => {
  it("is right to left for the right-to-left languages and their regional tags", () => {
    for (const tag of ["ar", "ar-EG", "ur", "ur-PK", "fa", "fa-IR", "he", "he-IL", "ps", "sd", "ug", "yi"]) expect(readDirection(tag), tag).toBe("rtl");
  });
  it("is left to right for others, and follows a script subtag over the language", () => {
    for (const tag of ["en", "en-GB", "cy", "pa", "ur-Latn", "sd-Deva"]) expect(readDirection(tag), tag).toBe("ltr");
    expect(readDirection("pa-Arab")).toBe("rtl");
  });
});

describe("language names", () => {
  it("names a language in English and in itself, Welsh included", () => {
    expect(nameLanguage("cy")).toBe("Welsh");
    expect(nameLanguageNatively("cy")).toBe("Cymraeg");
    expect(nameLanguageNatively("es")).toBe("español");
  });
});

describe("describeReadingLevel", () => {
  it("puts Flesch reading ease into Flesch's bands, in words", () => {
    expect(describeReadingLevel(95)).toBe("Very easy to read: about age 11");
    expect(describeReadingLevel(90)).toBe("Very easy to read: about age 11");
    expect(describeReadingLevel(85)).toBe("Easy to read: about age 12");
    expect(describeReadingLevel(72)).toBe("Fairly easy to read: about age 13");
    expect(describeReadingLevel(65)).toBe("Plain English: about age 13 to 15");
    expect(describeReadingLevel(55)).toBe("Fairly hard to read: about age 15 to 18");
    expect(describeReadingLevel(40)).toBe("Hard to read: university level");
    expect(describeReadingLevel(-10)).toBe("Very hard to read: graduate level");
  });
});
