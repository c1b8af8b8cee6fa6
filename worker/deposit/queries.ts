// The deposit's own queries: duplicate look-ups and chunked bulk inserts, each within D1's per-statement limits.
import { sql } from "drizzle-orm";
import { deposits } from "../../schema/tables";
import { doiKey, familyKeys, type DepositedAuthor, type DepositedPublication } from "./normalise";
import type { WorkIdentity } from "./same-work";
import { asJsonParameter, chunkByJsonSize, type Database, runBatch } from "../db/client";
import { indexItemsStatements } from "../records/search-documents";


/** A publication ready to store: every column, plus its authors in order with the person id each would get. */
export type PublicationInsert = Omit<DepositedPublication, "authors"> & {
  id: string;
  csl: string;
  bibtexKey: string | null;
  bibtex: string;
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

export async function insertDeposit(db: Database, id: string, tokenId: number, now: string): Promise<void> {
  await db.insert(deposits).values({ id, tokenId, created: 0, duplicates: 0, failed: 0, createdAt: now });
}

export async function recordDepositCounts(
  db: Database,
  id: string,
  counts: { created: number; duplicates: number; failed: number },
): Promise<void> {
  await db.run(sql`UPDATE deposits SET created = ${counts.created}, duplicates = ${counts.duplicates}, failed = ${counts.failed} WHERE id = ${id}`);
}

/**
 * Stores one chunk of publications with their people, author links and audit rows in one D1 batch: a batch is a
 * transaction, so each publication is stored whole or not at all. Six statements per chunk, each with one bound list,
 * whatever its size: the way past D1's 100-parameter and 1,000-statement limits (3,000 rows in 11 ms; see
 * docs/architecture.md, "D1 and Worker limits").
 */
export async function insertPublicationChunk(db: Database, chunk: readonly PublicationInsert[], context: InsertContext): Promise<void> {
  const people = new Map<string, { id: string; name: string; name_key: string }>();
  const links: { publication_id: string; name_key: string; position: number }[] = [];
  for (const publication of chunk) {
    publication.authors.forEach((author, position) => {
      if (!people.has(author.nameKey)) people.set(author.nameKey, { id: author.personId, name: author.name, name_key: author.nameKey });
      links.push({ publication_id: publication.id, name_key: author.nameKey, position });
    });
  }
  const rows = chunk.map((p) => ({ ...p, keywords: JSON.stringify(p.keywords), authors: undefined }));
  const c = context;
  await runBatch(db, [
    sql`INSERT INTO people (id, name, name_key, created_at)
      SELECT json_extract(value, '$.id'), json_extract(value, '$.name'), json_extract(value, '$.name_key'), ${c.now}
      FROM json_each(${JSON.stringify([...people.values()])}) WHERE true
      ON CONFLICT (name_key) DO NOTHING`,
    sql`INSERT INTO publications (id, type, title, title_html, title_key, container_title, issued, issued_year, volume, issue,
        pages, publisher, doi, url, abstract, abstract_html, keywords, language, licence, csl, bibtex_key, bibtex, deposit_id,
        status, publish_at, created_by, created_at, updated_at)
      SELECT json_extract(value, '$.id'), json_extract(value, '$.type'), json_extract(value, '$.title'),
        json_extract(value, '$.titleHtml'), json_extract(value, '$.titleKey'), json_extract(value, '$.containerTitle'), json_extract(value, '$.issued'),
        json_extract(value, '$.issuedYear'), json_extract(value, '$.volume'), json_extract(value, '$.issue'),
        json_extract(value, '$.pages'), json_extract(value, '$.publisher'), json_extract(value, '$.doi'),
        json_extract(value, '$.url'), json_extract(value, '$.abstract'), json_extract(value, '$.abstractHtml'),
        json_extract(value, '$.keywords'),
        json_extract(value, '$.language'), json_extract(value, '$.licence'), json_extract(value, '$.csl'),
        json_extract(value, '$.bibtexKey'), json_extract(value, '$.bibtex'), ${c.depositId},
        ${c.status}, ${c.publishAt}, ${c.tokenId}, ${c.now}, ${c.now}
      FROM json_each(${JSON.stringify(rows)})`,
    sql`INSERT INTO publication_authors (publication_id, person_id, position)
      SELECT json_extract(j.value, '$.publication_id'), people.id, json_extract(j.value, '$.position')
      FROM json_each(${JSON.stringify(links)}) AS j JOIN people ON people.name_key = json_extract(j.value, '$.name_key')`,
    sql`INSERT INTO audit_log (at, token_id, actor, action, kind, item_id, detail)
      SELECT ${c.now}, ${c.tokenId}, ${c.actor}, 'deposit', 'publications', value,
        json_object('deposit_id', ${c.depositId}, 'status', ${c.status})
      FROM json_each(${JSON.stringify(chunk.map((p) => p.id))})`,
    ...indexItemsStatements("publications", chunk.map((p) => p.id)),
  ]);
}
