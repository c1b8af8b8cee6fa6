// A briefing's Markdown as HTML: marked for the grammar, with raw HTML, images and unsafe links turned into text.
import { Marked, type Tokens } from "marked";

/** Text for an HTML text node or a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/&/gu, "&amp;").replace(/</gu, "&lt;").replace(/>/gu, "&gt;").replace(/"/gu, "&quot;").replace(/'/gu, "&#39;");
}

/**
 * Only web, mail and same-site addresses become links: marked passes `javascript:` and `data:` hrefs through as
 * written, and it has no sanitiser of its own since version 5 (there is no DOM in workerd for DOMPurify either).
 */
function isSafeHref(href: string): boolean {
  const trimmed = href.trim();
  if (/^(https?:|mailto:)/iu.test(trimmed)) return true;
  // No scheme at all: a path, a fragment or a query on this site.
  return !/^[a-z][a-z0-9+.-]*:/iu.test(trimmed) && !trimmed.startsWith("//");
}

const markdown = new Marked({
  gfm: true,
  async: false,
  renderer: {
    // Raw HTML in the Markdown is shown as the text the author typed, never run or rendered.
    html(token: Tokens.HTML | Tokens.Tag) {
      return token.block ? `<p>${escapeHtml(token.text)}</p>\n` : escapeHtml(token.text);
    },
    // The page's own h1 and h2 come first: the body's headings sit below them.
    heading(token: Tokens.Heading) {
      const level = Math.min(token.depth + 1, 6);
      return `<h${level}>${this.parser.parseInline(token.tokens)}</h${level}>\n`;
    },
    link(token: Tokens.Link) {
      const text = this.parser.parseInline(token.tokens);
      if (!isSafeHref(token.href)) return text;
      const title = token.title ? ` title="${escapeHtml(token.title)}"` : "";
      return `<a href="${escapeHtml(token.href.trim())}"${title}>${text}</a>`;
    },
    // Pages make no third-party requests: an image is its description.
    image(token: Tokens.Image) {
      return escapeHtml(token.text);
    },
  },
});

/** The HTML of a briefing's Markdown body, safe to put in the page as it is. */
export function renderMarkdown(source: string): string {
  return markdown.parse(source, { async: false }) as string;
}
