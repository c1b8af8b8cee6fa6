// What a request does, decided in one place for the rate limits, the body limits and the D1 session: read, deposit, or change.

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * POSTs that change nothing: OAI-PMH's form of its GET requests, the writing page's live preview (web/static/write.ts)
 * and the plain-language check (which the writing page also asks as the author types).
 */
const POSTS_THAT_ONLY_READ = new Set(["/oai", "/write/preview", "/write/plain-language", "/api/plain-language"]);

/** A method that never carries a change (nor, here, a body). */
export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method);
}

/** A request that writes nothing, whatever its method. */
export function changesNothing(method: string, path: string): boolean {
  return isSafeMethod(method) || (method === "POST" && POSTS_THAT_ONLY_READ.has(path));
}

/** The API's deposit, which takes a whole BibTeX export as its body. */
export const API_DEPOSIT_PATH = "/api/deposits";

/** The desk's two deposit steps (the report, then the confirmation), whose forms carry the file. */
export function isDeskDepositPath(path: string): boolean {
  return path === "/deposit" || path === "/deposit/confirm";
}
