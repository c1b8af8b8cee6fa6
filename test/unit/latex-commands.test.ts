// Unit tests for the LaTeX a deposit decodes: citation-js's tables extended from unicode2latex, and the repairs after.
import { beforeAll, describe, expect, it } from "vitest";
import { parseBibtex } from "../../worker/citations/citation-js";
import { findLatexCommands, loadLatexCommands, repairDecodedText } from "../../worker/citations/latex-commands";

beforeAll(loadLatexCommands);

/** The decoded title of a one-entry file whose title is `latex`. */
function decodeTitle(latex: string): unknown {
  return parseBibtex(`@article{k, title = {${latex}}}`)[0].title;
}

describe("LaTeX decoding", () => {
  it.each([
    ["H{\\aa}kansson", "Håkansson"],
    ["{\\AA}ngstr{\\\"o}m", "Ångström"],
    ['Na\\"{\\i}ve', "Naïve"],
    ['Na\\"\\i ve', "Naïve"],
    ["\\'{\\i}ndice", "índice"],
    ["\\v{\\j}", "ǰ"],
    ["input\\slash output", "input/output"],
    ["10\\,000", "10\u2009000"],
    ["in\\-equal\\-ities", "inequalities"],
    ["shelf\\/ful", "shelfful"],
    ["wait\\ldots", "wait…"],
    ["\\S 4 and \\P 2", "§4 and ¶2"],
    ["Smith\\dag", "Smith†"],
    ["$p$ $\\leq$ 0.05, $q$ $\\geq$ 1", "p ≤ 0.05, q ≥ 1"],
    ["2 \\times{} 2, $\\pm$3, $f \\circ g$", "2 × 2, ±3, f ∘g"],
    ["mean \\overline{x}", "mean x̅"],
    ["$\\langle a\\rangle$", "⟨a⟩"],
    ["the \\mbox{NHS} and \\hbox{GP}", "the NHS and GP"],
    ["\\ensuremath{\\alpha} and \\text{beta}", "α and beta"],
    ["\\LaTeX{} and \\TeX\\ in \\BibTeX", "LaTeX and TeX in BibTeX"],
    ["$\\mathbb{R}$ and \\frac{1}{2}", "ℝ and ½"],
    ["\\url{http://example.com/~user/a--b}", "http://example.com/~user/a--b"],
    ["see \\href{https://example.org/~team}{the site}", "see https://example.org/~team"],
    ["http://example.com/\\~{}user", "http://example.com/~user"],
    ["http://example.com/{\\~}user", "http://example.com/~user"],
    ["(0001{$\\overline$}) GaN", "(0001‾) GaN"],
    ['a {\\"} b', "a ¨ b"],
    // plugin-bibtex composes "undefined" + dot below into "undefineḍ": the bare accent must still be found.
    ["The {\\d} thing", "The  thing"], // (a deposit folds the two spaces into one)
    ["The {\\c} and {\\v} thing", "The ¸ and ˇ thing"],
  ])("decodes %s as %s", (latex, expected) => {
    expect(decodeTitle(latex)).toBe(expected);
  });

  it("decodes names the same way, so an author is found by the letters a reader types", () => {
    const [item] = parseBibtex('@article{k, author = {H{\\aa}kansson, Ann and Na\\"{\\i}ve, Bo}, title = {T}}');
    expect(item.author).toEqual([
      { family: "Håkansson", given: "Ann" },
      { family: "Naïve", given: "Bo" },
    ]);
  });

  it("leaves what citation-js already decodes as it was: its formatting and its accents", () => {
    expect(decodeTitle("\\emph{Mind} and \\textsubscript{2} and \\'e\\c{c}")).toBe("<i>Mind</i> and <sub>2</sub> and éç");
  });

  it("keeps an unknown command as written, and finds it for a warning", () => {
    const title = String(decodeTitle("A \\foo{study} of \\widetilde{x} and \\unknownMacro"));
    expect(title).toBe("A \\foostudy of x̃ and \\unknownMacro");
    expect(findLatexCommands(title)).toEqual(["\\foo", "\\unknownMacro"]);
    expect(findLatexCommands("Plain words, 50% & more")).toEqual([]);
  });
});

describe("repairDecodedText", () => {
  it("gives an accented dotless i or j its dot's letter back, composed", () => {
    expect(repairDecodedText("Na\u0131\u0308ve")).toBe("Naïve");
    expect(repairDecodedText("\u0237\u030c")).toBe("ǰ");
    expect(repairDecodedText("Kad\u0131k\u00f6y")).toBe("Kadıköy"); // a real dotless ı, unaccented, stays
  });

  it("drops soft hyphens and zero-width breaks, which stop a word being found", () => {
    expect(repairDecodedText("in\u00adequal\u200bities")).toBe("inequalities");
  });
});
