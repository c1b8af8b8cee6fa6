// A briefing's Markdown as HTML: marked for the grammar, with raw HTML, images and unsafe links turned into text.
import { Marked, type Tokens } from "marked";

/** Text for an HTML text node or a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/&/gu, "&amp;").replace(/</gu, "&lt;").replace(/>/gu, "&gt;").replace(/"/gu, "&quot;").replace(/'/gu, "&#39;");
}

const PLACEHOLDER_ORIGIN = "https://same-site.invalid";

/**
 * The address a link may point to, as the browser will read it, or null: only web and mail addresses, and paths on
 * this site. marked passes `javascript:` and `data:` hrefs through as written, and has no sanitiser of its own since
 * version 5 (nor is there a DOM in workerd for DOMPurify). The address is parsed as a browser parses it, since browsers
 * drop tabs and line breaks (`java\tscript:`) and read `\` as `/` (`/\evil.example` is another site).
 */
export function safeHref(href: string): string | null {
  let url: URL;
  try {
    url = new URL(href.trim(), `${PLACEHOLDER_ORIGIN}/`);
  } catch {
    return null;
  }
  if (url.origin === PLACEHOLDER_ORIGIN) return `${url.pathname}${url.search}${url.hash}`;
  // Written without a scheme but leading off the site (`//host`, `/\host`): not what it looks like.
  if (!/^[a-z][a-z0-9+.-]*:/iu.test(href.trim())) return null;
  return url.protocol === "http:" || url.protocol === "https:" || url.protocol === "mailto:" ? url.href : null;
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
      const href = safeHref(token.href);
      if (href === null) return text;
      const title = token.title ? ` title="${escapeHtml(token.title)}"` : "";
      return `<a href="${escapeHtml(href)}"${title}>${text}</a>`;
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
