// Text made safe for XML: what the feeds, OPML, OAI-PMH and the sitemap put inside elements and attributes.

/** Characters XML 1.0 forbids (most control characters, lone surrogates, U+FFFE and U+FFFF): dropped, not escaped. */
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/gu;

const XML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

/** Text safe inside an XML element or a quoted attribute. */
export function escapeXml(text: string): string {
  return text.replace(NOT_XML, "").replace(/[&<>"']/gu, (c) => XML_ESCAPES[c]);
}
