// The demo collection: loaded through the running Worker's HTTP API, so the real deposit, readability and citation code runs.
import { readFile } from "node:fs/promises";
import { callApi } from "./api-client.mjs";
import { createApiToken, revokeApiToken } from "./api-tokens.mjs";
import { queryLocalD1 } from "./local-d1.mjs";

const DEMO_BIBTEX = new URL("./demo/demo.bib", import.meta.url);
const DEMO_CONTENT = new URL("./demo/demo-content.json", import.meta.url);

/** Counted in the database, not through the API: drafts and withdrawn items count too, and the API hides them. */
export async function countStoredItems() {
  const [counts] = await queryLocalD1(
    "SELECT (SELECT count(*) FROM publications) AS publications, (SELECT count(*) FROM briefings) AS briefings, (SELECT count(*) FROM lay_summaries) AS lay_summaries",
  );
  return counts;
}

/**
 * Deposits demo.bib, tags the publications with topics and equity tags, then creates and publishes the briefings and lay summaries of
 * demo-content.json. Runs as a temporary admin token that is revoked afterwards, whatever happens. `persistTo` names the
 * local D1's folder when it is not wrangler's default (the browser tests' own database).
 */
export async function loadDemoCollection(baseUrl, persistTo) {
  const bibtex = await readFile(DEMO_BIBTEX, "utf8");
  const content = JSON.parse(await readFile(DEMO_CONTENT, "utf8"));
  const { prefix, token } = await createApiToken({ name: "npm start: demo loader (temporary)", role: "admin" }, persistTo);
  const api = (method, path, options) => callApi(baseUrl, token, method, path, options);
  try {
    const report = await api("POST", "/api/deposits", { body: bibtex, contentType: "application/x-bibtex" });
    const rejected = report.entries.filter((entry) => entry.status !== "created");
    if (rejected.length > 0) {
      console.warn(`Demo deposit: ${rejected.length} entries not created:\n${rejected.map((e) => `  ${e.key}: ${e.status} ${e.error ?? e.duplicate_of ?? ""}`).join("\n")}`);
    }
    const publicationIds = new Map(report.entries.filter((entry) => entry.id).map((entry) => [entry.key, entry.id]));
    const findPublicationId = (key) => {
      const id = publicationIds.get(key);
      if (!id) throw new Error(`demo-content.json names the publication '${key}', which the deposit of demo.bib did not create.`);
      return id;
    };

    // One PATCH per publication with its topics and its equity tags (who the research is about, and where).
    for (const key of new Set([...Object.keys(content.publication_topics), ...Object.keys(content.publication_equity)])) {
      const body = { topics: content.publication_topics[key], equity: content.publication_equity[key] };
      await api("PATCH", `/api/publications/${findPublicationId(key)}`, { body });
    }
    for (const { publication_keys, ...briefing } of content.briefings) {
      const created = await api("POST", "/api/briefings", { body: { ...briefing, publication_ids: publication_keys.map(findPublicationId) } });
      await api("POST", `/api/briefings/${created.id}/publish`, { body: {} });
    }
    for (const { publication_key, ...laySummary } of content.lay_summaries) {
      const created = await api("POST", "/api/lay-summaries", { body: { ...laySummary, publication_id: findPublicationId(publication_key) } });
      await api("POST", `/api/lay-summaries/${created.id}/publish`, { body: {} });
    }
    return { publications: report.created, briefings: content.briefings.length, laySummaries: content.lay_summaries.length };
  } finally {
    // The token's secret dies with this process anyway; revoking it keeps the token list honest.
    await revokeApiToken(prefix, persistTo).catch((error) => console.error(`Could not revoke the temporary demo token ${prefix}: ${error.message}`));
  }
}
