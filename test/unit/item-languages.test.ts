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
  it("says Flesch's band of reading ease and the UK reading age (grade + 5), as the plain-language check does", () => {
    expect(describeReadingLevel({ flesch_reading_ease: 95, flesch_kincaid_grade: 3.2 })).toBe("Very easy to read: reading age 8");
    expect(describeReadingLevel({ flesch_reading_ease: 85, flesch_kincaid_grade: 5.6 })).toBe("Easy to read: reading age 11");
    expect(describeReadingLevel({ flesch_reading_ease: 65, flesch_kincaid_grade: 8.4 })).toBe("Plain English: reading age 13");
    expect(describeReadingLevel({ flesch_reading_ease: 55, flesch_kincaid_grade: 10.5 })).toBe("Fairly hard to read: reading age 16");
    expect(describeReadingLevel({ flesch_reading_ease: -10, flesch_kincaid_grade: 19 })).toBe("Very hard to read: reading age 24");
    expect(describeReadingLevel({ flesch_reading_ease: 100, flesch_kincaid_grade: -2 })).toBe("Very easy to read: reading age 5");
  });
});
