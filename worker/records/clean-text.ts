// What may be stored as displayed text and as a link: no control or direction-override characters, only web and DOI
// addresses. Deposits (worker/deposit/normalise.ts) and the API's and desk's writes (worker/records/schemas.ts) use it.

/**
 * Characters that no reader should meet in displayed text: C0 controls except tab, line feed and carriage return
 * (which the text's own line breaks use), DEL, the C1 controls, and the bidirectional embeddings, overrides and
 * isolates (U+202A–U+202E, U+2066–U+2069) that make "abc\u202Egnp.exe" display as "abcexe.png". The left-to-right and
 * right-to-left marks (U+200E, U+200F, U+061C) stay: Urdu and Arabic summaries use them, and a mark cannot reverse a
 * run of text, only settle where a neutral character such as a full stop goes. Zero-width joiners stay too: Persian and
 * Urdu spelling needs them.
 */
const HIDDEN_CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/gu;

/** The text without control and direction-override characters (see HIDDEN_CONTROLS). */
export function removeControlCharacters(text: string): string {
  return text.replace(HIDDEN_CONTROLS, "");
}

/** Whether the text holds any character removeControlCharacters removes. */
export function hasControlCharacters(text: string): boolean {
  return new RegExp(HIDDEN_CONTROLS.source, "u").test(text);
}

/** The schemes a stored link may have: anything else (`javascript:`, `data:`, `vbscript:`, `file:`, `ftp:`) is no link. */
const LINK_PROTOCOLS = new Set(["http:", "https:", "doi:"]);

/**
 * The address as a link may be stored, or null when it is not an http, https or doi address. The address is read as a
 * browser reads it (WHATWG URL: tabs and line breaks dropped, so `java\tscript:` is `javascript:`), and an address
 * without a scheme is no link: a browser would take `citeseer.example.org/paper` as a path on this site.
 */
export function toStorableLink(address: string): string | null {
  const written = address.trim();
  if (!/^[a-z][a-z0-9+.-]*:/iu.test(written)) return null;
  let url: URL;
  try {
    url = new URL(written);
  } catch {
    return null;
  }
  if (!LINK_PROTOCOLS.has(url.protocol)) return null;
  if (url.protocol !== "doi:" && url.hostname === "") return null;
  return written;
}
