// How list pages mark a title's language and direction, and how every list's page cursor is made and checked.
import { describe, expect, it } from "vitest";
import { languageAttributes } from "../../web/pages/item-link";
import { decodeCursor, encodeCursor } from "../../worker/records/page-cursor";
import { RepositoryError } from "../../worker/errors";

describe("languageAttributes", () => {
  it("marks another language with lang and its direction, the page's own language with its direction only", () => {
    expect(languageAttributes("ur")).toEqual({ lang: "ur", dir: "rtl" });
    expect(languageAttributes("ar-EG")).toEqual({ lang: "ar-EG", dir: "rtl" });
    expect(languageAttributes("ur-Latn")).toEqual({ lang: "ur-Latn", dir: "ltr" });
    expect(languageAttributes("cy")).toEqual({ lang: "cy", dir: "ltr" });
    expect(languageAttributes("en")).toEqual({ dir: "ltr" });
    expect(languageAttributes("en-US")).toEqual({ dir: "ltr" });
  });

  it("leaves the direction to the browser where no language is known", () => {
    expect(languageAttributes(null)).toEqual({ dir: "auto" });
    expect(languageAttributes("")).toEqual({ dir: "auto" });
    // A BibTeX language name that was kept as written is not a language tag.
    expect(languageAttributes("English and French")).toEqual({ dir: "auto" });
    expect(languageAttributes("kurdish")).toEqual({ dir: "auto" });
  });
});

describe("page cursors", () => {
  const read = ([date, id, ...rest]: unknown[]) => (rest.length === 0 && typeof date === "string" && Number.isInteger(id) ? { date, id } : undefined);

  it("give back the key of the list that made them, whatever letters its name has", () => {
    const cursor = encodeCursor("person:Ünïcode-ش", ["2024-01-01", 7]);
    expect(cursor).toMatch(/^[\w-]+$/u);
    expect(decodeCursor("person:Ünïcode-ش", cursor, read)).toEqual({ date: "2024-01-01", id: 7 });
  });

  it("refuse another list's cursor, a key of the wrong shape and anything hand-edited, as invalid on `cursor`", () => {
    const cursor = encodeCursor("kind:publications", ["2024-01-01", 7]);
    for (const [scope, bad] of [
      ["kind:briefings", cursor],
      ["kind:publications", encodeCursor("kind:publications", [7, "2024-01-01"])],
      ["kind:publications", `${cursor}x`],
      ["kind:publications", "not a cursor"],
      ["kind:publications", ""],
    ]) {
      let thrown: unknown;
      try {
        decodeCursor(scope, bad, read);
      } catch (error) {
        thrown = error;
      }
      expect(thrown, bad).toBeInstanceOf(RepositoryError);
      expect((thrown as RepositoryError).extensions.errors).toEqual([{ path: "cursor", message: "not a cursor from this list" }]);
    }
  });
});
