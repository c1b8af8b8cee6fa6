// The only module that imports citation-js: BibTeX text to CSL-JSON, and CSL-JSON to formatted citations.
import { type CslItem, plugins } from "@citation-js/core";
import "@citation-js/plugin-bibtex";
import "@citation-js/plugin-csl";
import "@citation-js/plugin-ris";

export type { CslItem };

/** Parses BibTeX (or BibLaTeX) text; throws citation-js's own SyntaxError, with a line and column, on malformed input. */
export function parseBibtex(text: string): CslItem[] {
  return plugins.input.chain(text, { forceType: "@biblatex/text", generateGraph: false });
}

/** The styles a citation can be asked for; `csl-json` is the stored item itself and needs no rendering. */
export const CITATION_STYLES = ["apa", "vancouver", "harvard", "bibtex", "ris", "csl-json"] as const;
export type CitationStyle = (typeof CITATION_STYLES)[number];
export const RENDERED_STYLES = ["apa", "vancouver", "harvard", "bibtex", "ris"] as const satisfies readonly CitationStyle[];
export type RenderedStyle = (typeof RENDERED_STYLES)[number];

/** plugin-csl ships APA, Vancouver and Harvard (as `harvard1`), and the en-US locale but no en-GB. */
const CSL_TEMPLATES: Partial<Record<RenderedStyle, string>> = { apa: "apa", vancouver: "vancouver", harvard: "harvard1" };

/**
 * The first CSL render in an isolate takes about 900 ms (style and locale set-up), later ones about 1 ms per entry
 * and style: so this runs in the citation queue's consumer, never on a hot read path.
 */
export function renderCitation(item: CslItem, style: RenderedStyle): string {
  const template = CSL_TEMPLATES[style];
  if (template) {
    const text = plugins.output.format("bibliography", [item], { template, format: "text", lang: "en-US" }).trim();
    // A bibliography of one still numbers its entry ("1. Okafor E, ..."): a citation on its own has no number.
    return style === "vancouver" ? text.replace(/^1\.\s+/, "") : text;
  }
  if (style === "bibtex") {
    // Keep the depositor's own citation key rather than citation-js's generated one.
    plugins.config.get("@bibtex").format.useIdAsLabel = true;
    return plugins.output.format("bibtex", [item], { format: "text" }).trim();
  }
  return plugins.output.format("ris", [item], { format: "text" }).trim();
}
