import { describe, expect, it } from "vitest";
import { renderMarkdown, safeHref } from "../../web/pages/markdown";

describe("safeHref", () => {
  it("keeps web and mail addresses, and paths on this site", () => {
    expect(safeHref("https://example.org/more?x=1#y")).toBe("https://example.org/more?x=1#y");
    expect(safeHref("mailto:team@example.org")).toBe("mailto:team@example.org");
    expect(safeHref("/publications/01ABC")).toBe("/publications/01ABC");
    expect(safeHref("#evidence")).toBe("/#evidence");
  });

  it("refuses script, data and addresses that lead off the site while looking local, as a browser would read them", () => {
    for (const href of ["javascript:alert(1)", " JavaScript:alert(1)", "java\tscript:alert(1)", "java\nscript:alert(1)", "data:text/html,<b>x</b>", "//evil.example/", "/\\evil.example/", "\\\\evil.example/", "vbscript:x"]) {
      expect(safeHref(href), JSON.stringify(href)).toBeNull();
    }
  });
});

describe("renderMarkdown", () => {
  it("shows a link that is not safe as its text", () => {
    expect(renderMarkdown("[a](<java\tscript:alert(1)>) and [b](/\\evil.example)")).toBe("<p>a and b</p>\n");
  });
});
