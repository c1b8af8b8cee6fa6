// When the search index (its FTS5 tables) fails, search alone answers 503 with Retry-After: pages, feeds, OAI-PMH and the API go on serving.
import { RepositoryError } from "../errors";

/** Runs a search; a failure that is not the reader's to fix (D1 or FTS5 refusing the query) becomes a 503. */
export async function unlessSearchFails<T>(search: () => Promise<T>): Promise<T> {
  try {
    return await search();
  } catch (error) {
    if (error instanceof RepositoryError) throw error;
    console.error("Search failed:", error);
    throw new RepositoryError("unavailable", "Search is not available just now. Try again in a minute; every page can still be reached from the home page and the browse lists.", {
      retry_after: 60,
    });
  }
}
