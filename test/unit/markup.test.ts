// Unit tests for separating a decoded BibTeX value into plain text and sanitised rich HTML.
import { beforeAll, describe, expect, it } from "vitest";
import { parseBibtex } from "../../worker/citations/citation-js";
import { loadLatexCommands } from "../../worker/citations/latex-commands";
import { isSafeRichHtml, separateMarkup } from "../../worker/deposit/markup";

beforeAll(loadLatexCommands);

describe("separateMarkup", () => {
  it("gives sub- and superscripts as Unicode in the plain text and as tags in the HTML", () => {
    expect(separateMarkup("In<sub>x</sub>Ga<sub>1-x</sub>N and 10<sup>th</sup> and E = mc<sup>2</sup>")).toEqual({
      text: "InₓGa₁₋ₓN and 10ᵗʰ and E = mc²",
      html: "In<sub>x</sub>Ga<sub>1-x</sub>N and 10<sup>th</sup> and E = mc<sup>2</sup>",
    });
  });

  it("keeps a script's plain characters when one of them has no Unicode form", () => {
    expect(separateMarkup("Smith<sup>a,b</sup> and CO<sub>2 q</sub>").text).toBe("Smitha,b and CO2 q");
  });

  it("keeps italics, bold and small caps as text, and marks them up in the HTML", () => {
    const { text, html } = separateMarkup('The <i>Lancet</i>, <b>bold</b> and <span style="font-variant:small-caps;">Nhs</span>');
    expect(text).toBe("The Lancet, bold and Nhs");
    expect(html).toBe('The <i>Lancet</i>, <b>bold</b> and <span class="small-caps">Nhs</span>');
  });

  it("has no HTML for a plain value, or one whose only tags are nocase spans or empty", () => {
    expect(separateMarkup("Debt and anxiety")).toEqual({ text: "Debt and anxiety", html: null });
    expect(separateMarkup('<span class="nocase">NHS</span> waiting <i></i>lists')).toEqual({ text: "NHS waiting lists", html: null });
  });

  it("escapes the value's own <, > and &, and any tag citation-js does not write", () => {
    const { text, html } = separateMarkup('p < 0.05 & <i>n</i> > 3 <script>alert(1)</script> <span style="color:red">x</span> <b>open');
    expect(text).toBe('p < 0.05 & n > 3 <script>alert(1)</script> <span style="color:red">x</span> <b>open');
    expect(html).toBe(
      'p &lt; 0.05 &amp; <i>n</i> &gt; 3 &lt;script&gt;alert(1)&lt;/script&gt; &lt;span style="color:red"&gt;x&lt;/span&gt; &lt;b&gt;open',
    );
    expect(isSafeRichHtml(html!)).toBe(true);
  });

  it("treats crossed tags as text rather than guessing", () => {
    expect(separateMarkup("<i>a<b>b</i>c</b>").html).toBe("&lt;i&gt;a<b>b&lt;/i&gt;c</b>");
  });

  it("collapses whitespace and gives nothing for an empty value", () => {
    expect(separateMarkup("  two\n  lines ")).toEqual({ text: "two lines", html: null });
    expect(separateMarkup("  ")).toEqual({ text: null, html: null });
    expect(separateMarkup(undefined)).toEqual({ text: null, html: null });
  });

  it("separates what citation-js decodes from a BibTeX title", () => {
    const [item] = parseBibtex(
      "@article{k, title = {In\\textsubscript{x}Ga\\textsubscript{1-x}N, H$_2$O and \\emph{Salmonella} in \\textsc{Nhs} care}}",
    );
    expect(separateMarkup(item.title)).toEqual({
      text: "InₓGa₁₋ₓN, H₂O and Salmonella in Nhs care",
      html: 'In<sub>x</sub>Ga<sub>1-x</sub>N, H₂O and <i>Salmonella</i> in <span class="small-caps">Nhs</span> care',
    });
  });
});

describe("isSafeRichHtml", () => {
  it("accepts only the five tags and escaped text", () => {
    expect(isSafeRichHtml('a <i>b</i> <span class="small-caps">c</span> &amp; &lt;')).toBe(true);
    expect(isSafeRichHtml("<img src=x onerror=alert(1)>")).toBe(false);
    expect(isSafeRichHtml('<span class="nocase">x</span>')).toBe(false);
    expect(isSafeRichHtml("a & b")).toBe(false);
  });
});
