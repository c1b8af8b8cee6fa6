// The deposit's own queries: duplicate look-ups and chunked bulk inserts, each within D1's per-statement limits.
import { sql } from "drizzle-orm";
import { deposits } from "../../schema/tables";
import { doiKey, familyKeys, type DepositedAuthor, type DepositedPublication } from "./normalise";
import type { WorkIdentity } from "./same-work";
import { asJsonParameter, chunkByJsonSize, type Database, runBatch } from "../db/client";
import type { EquityTagRow } from "../records/equity";
import { indexItemsStatements } from "../records/search-documents";


/** A publication ready to store: every column, plus its authors in order with the person id each would get. */
export type PublicationInsert = Omit<DepositedPublication, "authors"> & {
  id: string;
  csl: string;
  bibtexKey: string | null;
  bibtex: string;
  /** `workKey` (same-work.ts): unique among stored publications. */
  workKey: string | null;
  /** The equity tags its keywords named, with the broader places they imply (records/equity.ts `equityRowsFor`). */
  equity: EquityTagRow[];
  authors: (DepositedAuthor & { personId: string })[];
};

export type InsertContext = {
  depositId: string;
  tokenId: number;
  actor: string;
  status: "published" | "submitted";
  publishAt: string | null;
  now: string;
};

/** Stored publications that share a DOI (compared in lower case) or a folded title with the deposit: the candidates for duplicates. */
export async function findPublicationsByDoiOrTitle(
  db: Database,
  doiKeys: readonly string[],
  titleKeys: readonly string[],
): Promise<(WorkIdentity & { id: string })[]> {
  const found = new Map<string, WorkIdentity & { id: string }>();
  const lookups = [
    ...chunkByJsonSize(doiKeys).map((chunk) => sql`lower(p.doi) IN (SELECT value FROM json_each(${asJsonParameter(chunk)}))`),
    ...chunkByJsonSize(titleKeys).map((chunk) => sql`p.title_key IN (SELECT value FROM json_each(${asJsonParameter(chunk)}))`),
  ];
  for (const condition of lookups) {
    const rows = await db.all<{ id: string; doi: string | null; title_key: string | null; issued_year: number | null; type: string; name_keys: string | null }>(
      sql`SELECT p.id, p.doi, p.title_key, p.issued_year, p.type,
          (SELECT json_group_array(pe.name_key) FROM publication_authors AS a JOIN people AS pe ON pe.id = a.person_id
            WHERE a.publication_id = p.id) AS name_keys
        FROM publications AS p WHERE ${condition} ORDER BY p.id`,
    );
    for (const row of rows) {
      const nameKeys = JSON.parse(row.name_keys ?? "[]") as string[];
      found.set(row.id, {
        id: row.id,
        doiKey: row.doi ? doiKey(row.doi) : null,
        titleKey: row.title_key,
        issuedYear: row.issued_year,
        type: row.type,
        familyKeys: familyKeys(nameKeys),
      });
    }
  }
  return [...found.values()];
}

/**
 * The deposit's row, with the entries already known to be duplicates or invalid: each chunk then adds what it stored,
 * in its own batch, so the counts are true however far the deposit gets.
 */
export async function insertDeposit(
  db: Database,
  id: string,
  tokenId: number,
  now: string,
  known: { duplicates: number; failed: number },
): Promise<void> {
  await db.insert(deposits).values({ id, tokenId, created: 0, duplicates: known.duplicates, failed: known.failed, createdAt: now });
}

/** The stored publication holding each work key, for entries that lost a race to it. */
export async function findPublicationsByWorkKey(db: Database, keys: readonly string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const chunk of chunkByJsonSize(keys)) {
    const rows = await db.all<{ id: string; work_key: string }>(
      sql`SELECT id, work_key FROM publications WHERE work_key IN (SELECT value FROM json_each(${asJsonParameter(chunk)}))`,
    );
    for (const row of rows) found.set(row.work_key, row.id);
  }
  return found;
}

/**
 * Stores one chunk of publications with their people, author links, audit rows, equity tags, search documents and the deposit's
 * counts in one D1 batch: a batch is a transaction, so each publication is stored whole or not at all, and the
 * deposit row always counts what is stored. A publication whose work key is already taken (a deposit of the same work
 * that won a race) is skipped by `ON CONFLICT DO NOTHING`, and so is everything of it: each later statement writes
 * only for the publications really inserted. Returns their ids. A handful of statements per chunk, each with one
 * bound list, whatever its size: the way past D1's 100-parameter and 1,000-statement limits (3,000 rows in 11 ms; see
 * docs/architecture.md, "D1 and Worker limits").
 */
export async function insertPublicationChunk(db: Database, chunk: readonly PublicationInsert[], context: InsertContext): Promise<Set<string>> {
  const people = new Map<string, { id: string; name: string; name_key: string; publication_ids: string[] }>();
  const links: { publication_id: string; name_key: string; position: number }[] = [];
  for (const publication of chunk) {
    publication.authors.forEach((author, position) => {
      const person = people.get(author.nameKey) ?? { id: author.personId, name: author.name, name_key: author.nameKey, publication_ids: [] };
      person.publication_ids.push(publication.id);
      people.set(author.nameKey, person);
      links.push({ publication_id: publication.id, name_key: author.nameKey, position });
    });
  }
  const rows = chunk.map((p) => ({ ...p, keywords: JSON.stringify(p.keywords), authors: undefined, equity: undefined }));
  const equityTags = chunk.filter((p) => p.equity.length > 0).map((p) => ({ id: p.id, rows: p.equity }));
  const ids = asJsonParameter(chunk.map((p) => p.id));
  const c = context;
  const results = await runBatch(db, [
    sql`INSERT INTO publications (id, type, title, title_html, title_key, container_title, issued, issued_year, volume, issue,
        pages, publisher, doi, url, abstract, abstract_html, keywords, language, licence, csl, bibtex_key, bibtex, deposit_id,
        work_key, status, publish_at, created_by, created_at, updated_at)
      SELECT json_extract(value, '$.id'), json_extract(value, '$.type'), json_extract(value, '$.title'),
        json_extract(value, '$.titleHtml'), json_extract(value, '$.titleKey'), json_extract(value, '$.containerTitle'), json_extract(value, '$.issued'),
        json_extract(value, '$.issuedYear'), json_extract(value, '$.volume'), json_extract(value, '$.issue'),
        json_extract(value, '$.pages'), json_extract(value, '$.publisher'), json_extract(value, '$.doi'),
        json_extract(value, '$.url'), json_extract(value, '$.abstract'), json_extract(value, '$.abstractHtml'),
        json_extract(value, '$.keywords'),
        json_extract(value, '$.language'), json_extract(value, '$.licence'), json_extract(value, '$.csl'),
        json_extract(value, '$.bibtexKey'), json_extract(value, '$.bibtex'), ${c.depositId}, json_extract(value, '$.workKey'),
        ${c.status}, ${c.publishAt}, ${c.tokenId}, ${c.now}, ${c.now}
      FROM json_each(${JSON.stringify(rows)}) WHERE true
      ON CONFLICT DO NOTHING`,
    // Ids are new, so a publication with one of them is one this batch inserted.
    sql`INSERT INTO people (id, name, name_key, created_at)
      SELECT json_extract(j.value, '$.id'), json_extract(j.value, '$.name'), json_extract(j.value, '$.name_key'), ${c.now}
      FROM json_each(${JSON.stringify([...people.values()])}) AS j
      WHERE EXISTS (SELECT 1 FROM publications WHERE id IN (SELECT value FROM json_each(json_extract(j.value, '$.publication_ids'))))
      ON CONFLICT (name_key) DO NOTHING`,
    sql`INSERT INTO publication_authors (publication_id, person_id, position)
      SELECT p.id, people.id, json_extract(j.value, '$.position')
      FROM json_each(${JSON.stringify(links)}) AS j
        JOIN publications AS p ON p.id = json_extract(j.value, '$.publication_id')
        JOIN people ON people.name_key = json_extract(j.value, '$.name_key')`,
    sql`INSERT INTO audit_log (at, token_id, actor, action, kind, item_id, detail)
      SELECT ${c.now}, ${c.tokenId}, ${c.actor}, 'deposit', 'publications', p.id,
        json_object('deposit_id', ${c.depositId}, 'status', ${c.status})
      FROM json_each(${ids}) AS j JOIN publications AS p ON p.id = j.value ORDER BY j.key`,
    // Before the search documents, which may read them. One statement for the chunk's tags, written only for the
    // publications this batch inserted (a duplicate that lost a race adds no tags to the record that won).
    ...(equityTags.length === 0
      ? []
      : [
          sql`INSERT INTO equity_tags (item_id, kind, facet, value, implied)
            SELECT p.id, 'publications', json_extract(t.value, '$.facet'), json_extract(t.value, '$.value'), json_extract(t.value, '$.implied')
            FROM json_each(${JSON.stringify(equityTags)}) AS j
              JOIN publications AS p ON p.id = json_extract(j.value, '$.id')
              JOIN json_each(json_extract(j.value, '$.rows')) AS t`,
        ]),
    ...indexItemsStatements("publications", chunk.map((p) => p.id)),
    sql`UPDATE deposits SET created = created + (SELECT count(*) FROM publications WHERE id IN (SELECT value FROM json_each(${ids}))),
        duplicates = duplicates + ${chunk.length} - (SELECT count(*) FROM publications WHERE id IN (SELECT value FROM json_each(${ids})))
      WHERE id = ${c.depositId}`,
    sql`SELECT id FROM publications WHERE id IN (SELECT value FROM json_each(${ids}))`,
  ]);
  return new Set((results[results.length - 1].results as { id: string }[]).map((row) => row.id));
}
