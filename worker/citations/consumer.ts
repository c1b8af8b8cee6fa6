// The citation queue's consumer: each message names publications whose citations are still to be rendered.
import { openDatabase } from "../db/client";
import type { Bindings, CitationJob } from "../env";
import { renderAndStoreCitations } from "./render-citations";

export async function consumeCitationJobs(batch: MessageBatch<CitationJob>, env: Bindings): Promise<void> {
  const db = openDatabase(env.DB);
  for (const message of batch.messages) {
    try {
      await renderAndStoreCitations(db, message.body.publicationIds);
      message.ack();
    } catch (error) {
      // Rendering failures are stored as such: only D1 failing leaves a message to be tried again.
      console.error("storing citations failed; retrying", { publicationIds: message.body.publicationIds.length, error: String(error) });
      message.retry();
    }
  }
}
