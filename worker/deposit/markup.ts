// A decoded BibTeX value (text with the few tags citation-js emits for \emph, \textsubscript …) as plain text and as rich HTML.
//
// Written here rather than with a sanitiser library because the input is not HTML: citation-js leaves the value's own
// `<`, `>` and `&` unescaped ("p < 0.05 & rising"), so an HTML parser (sanitize-html's htmlparser2, js-xss) would read
// "a <b" as a tag or "&lt" as an entity and change the words. What is needed is to recognise the exact tags
// plugin-bibtex writes (lib/input/constants.js `formatting`) and escape everything else; the HTML is then built only
// from escaped text and five fixed tags, so it is safe by construction.

/** The plain text everything reads (search, feeds, citations, `<title>`) and, where the value had markup, its HTML. */
export type SeparatedMarkup = { text: string | null; html: string | null };

type Kind = "i" | "b" | "sub" | "sup" | "small-caps" | "nocase";
type MarkupNode = string | { kind: Kind; children: MarkupNode[] };

const OPENING_TAGS: Record<string, Kind> = {
  "<i>": "i",
  "<b>": "b",
  "<sub>": "sub",
  "<sup>": "sup",
  '<span style="font-variant:small-caps;">': "small-caps",
  '<span class="nocase">': "nocase",
};
const CLOSING_TAGS: Record<string, (kind: Kind) => boolean> = {
  "</i>": (kind) => kind === "i",
  "</b>": (kind) => kind === "b",
  "</sub>": (kind) => kind === "sub",
  "</sup>": (kind) => kind === "sup",
  "</span>": (kind) => kind === "small-caps" || kind === "nocase",
};
const TAG = /(<\/?(?:i|b|sub|sup)>|<span style="font-variant:small-caps;">|<span class="nocase">|<\/span>)/u;

/** Pairs each tag with its closing tag; a tag without its pair is the value's own text, as any other `<` is. */
function parseMarkup(value: string): MarkupNode[] {
  const pieces = value.split(TAG);
  const pairedWith = new Map<number, number>();
  const open: number[] = [];
  pieces.forEach((piece, i) => {
    if (i % 2 === 0) return;
    if (piece in OPENING_TAGS) {
      open.push(i);
    } else {
      const top = open.at(-1);
      if (top !== undefined && CLOSING_TAGS[piece](OPENING_TAGS[pieces[top]])) {
        pairedWith.set(top, i);
        open.pop();
      }
    }
  });
  const root: MarkupNode[] = [];
  const stack: { children: MarkupNode[]; closesAt: number }[] = [{ children: root, closesAt: -1 }];
  pieces.forEach((piece, i) => {
    const current = stack[stack.length - 1];
    if (i === current.closesAt) {
      stack.pop();
    } else if (pairedWith.has(i)) {
      const node = { kind: OPENING_TAGS[piece], children: [] as MarkupNode[] };
      current.children.push(node);
      stack.push({ children: node.children, closesAt: pairedWith.get(i)! });
    } else if (piece !== "") {
      current.children.push(piece);
    }
  });
  return root;
}

const SUPERSCRIPTS: Record<string, string> = {
  ...pairs("0123456789+-−=()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾"),
  ...pairs("abcdefghijklmnoprstuvwxyz", "ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ"),
  ...pairs("ABDEGHIJKLMNOPRTUVW", "ᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂ"),
};
const SUBSCRIPTS: Record<string, string> = {
  ...pairs("0123456789+-−=()", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎"),
  ...pairs("aehijklmnoprstuvxə", "ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓₔ"),
  ...pairs("βγρφχ", "ᵦᵧᵨᵩᵪ"),
};

function pairs(from: string, to: string): Record<string, string> {
  const targets = [...to];
  return Object.fromEntries([...from].map((c, i) => [c, targets[i]]));
}

/** "x" → "ₓ" when every character has a Unicode sub- or superscript form; "1,2" (no comma form) stays "1,2". */
function toScript(text: string, forms: Record<string, string>): string {
  const characters = [...text];
  return characters.length > 0 && characters.every((c) => c in forms) ? characters.map((c) => forms[c]).join("") : text;
}

function toPlain(nodes: MarkupNode[]): string {
  return nodes
    .map((node) => {
      if (typeof node === "string") return node;
      const inner = toPlain(node.children);
      if (node.kind === "sub") return toScript(inner, SUBSCRIPTS);
      if (node.kind === "sup") return toScript(inner, SUPERSCRIPTS);
      return inner;
    })
    .join("");
}

export function escapeHtmlText(text: string): string {
  return text.replace(/&/gu, "&amp;").replace(/</gu, "&lt;").replace(/>/gu, "&gt;");
}

/** The HTML of the nodes, and whether any of it is markup a reader sees (a nocase span or an empty tag is not). */
function toHtml(nodes: MarkupNode[]): { html: string; marked: boolean } {
  let marked = false;
  const html = nodes
    .map((node) => {
      if (typeof node === "string") return escapeHtmlText(node.replace(/\s+/gu, " "));
      const inner = toHtml(node.children);
      marked ||= inner.marked;
      if (node.kind === "nocase" || inner.html.trim() === "") return inner.html;
      marked = true;
      return node.kind === "small-caps" ? `<span class="small-caps">${inner.html}</span>` : `<${node.kind}>${inner.html}</${node.kind}>`;
    })
    .join("");
  return { html, marked };
}

/**
 * Splits a value citation-js decoded into its plain text (no tags; sub- and superscripts as Unicode where every
 * character has a form; small caps as written) and, only where it had markup, rich HTML that holds nothing but `i`,
 * `b`, `sub`, `sup` and `span class="small-caps"`. Whitespace runs become one space, as everywhere in a deposit.
 */
export function separateMarkup(value: unknown): SeparatedMarkup {
  if (typeof value !== "string" && typeof value !== "number") return { text: null, html: null };
  // Most values hold no tag at all: no tree to build (measured: a third of a deposit's normalising time went here).
  if (typeof value === "number" || !value.includes("<")) {
    const text = String(value).replace(/\s+/gu, " ").trim();
    return { text: text === "" ? null : text, html: null };
  }
  const nodes = parseMarkup(value);
  const text = toPlain(nodes).replace(/\s+/gu, " ").trim();
  if (text === "") return { text: null, html: null };
  const { html, marked } = toHtml(nodes);
  return { text, html: marked ? html.replace(/^ +| +$/gu, "") : null };
}

const RICH_TAG = /<\/?(?:i|b|sub|sup)>|<span class="small-caps">|<\/span>/gu;

/**
 * Whether stored rich HTML is only what `separateMarkup` makes: its five tags and escaped text. A page puts it in as
 * HTML only then; anything else (a row written some other way) is shown as its plain text.
 */
export function isSafeRichHtml(html: string): boolean {
  const text = html.replace(RICH_TAG, "");
  return !/[<>]/u.test(text) && !/&(?!(?:amp|lt|gt|quot|#39);)/u.test(text);
}
