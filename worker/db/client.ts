// The drizzle client over the D1 binding, and small helpers every query module shares.
import { is, SQL } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import { forgetDataVersion } from "./data-version";

export type Database = ReturnType<typeof openDatabase>;

/**
 * Without drizzle's `schema` option: nothing here uses its relational queries (`db.query`), and with it every request
 * walked every table to build their config (about 12% of the Worker's CPU under bench:load, docs/architecture.md "Load").
 */
export function openDatabase(d1: D1Database) {
  return drizzle(d1);
}

/** Now as the ISO 8601 UTC text every timestamp column holds. */
export function nowIso(): string {
  return new Date().toISOString();
}

/**
 * D1 on Cloudflare allows at most 100 bound parameters per statement, so a list of any length is
 * passed as one JSON parameter and unpacked in SQL with `json_each(?)`.
 */
export function asJsonParameter(values: readonly unknown[]): string {
  return JSON.stringify(values);
}

/** A statement for `runBatch`: raw SQL, or a drizzle query builder (insert, update, delete). */
export type Statement = SQL | { toSQL(): { sql: string; params: unknown[] } };

const dialect = new SQLiteSyncDialect();

/**
 * Runs statements as one D1 batch, which is one transaction: all of them happen or none do. Each statement's result
 * tells how many rows it changed (`meta.changes`).
 * (drizzle's own `db.batch` cannot take raw SQL with bound values, which the bulk `json_each` inserts need.)
 */
export async function runBatch(db: Database, statements: readonly Statement[]): Promise<D1Result[]> {
  const results = await db.$client.batch(statements.map((statement) => prepare(db, statement)));
  forgetDataVersion();
  return results;
}

function prepare(db: Database, statement: Statement): D1PreparedStatement {
  const query = is(statement, SQL) ? dialect.sqlToQuery(statement) : statement.toSQL();
  return db.$client.prepare(query.sql).bind(...query.params);
}

/** Reads several queries in one round trip to D1 (locally each costs a few milliseconds of its own), with each one's rows. */
export async function readBatch<T extends unknown[]>(db: Database, queries: { [K in keyof T]: SQL }): Promise<{ [K in keyof T]: T[K][] }> {
  const results = await db.$client.batch(queries.map((query) => prepare(db, query)));
  return results.map((result) => result.results) as { [K in keyof T]: T[K][] };
}

/** D1 allows 2 MB per bound value: a JSON parameter is kept well under that. */
export const MAX_JSON_PARAMETER_BYTES = 1_500_000;

const utf8 = new TextEncoder();

/**
 * Splits values into runs whose JSON stays under the per-value limit. Large runs keep the statement count low: the
 * 7,166-entry real file (3 MB) deposits in about ten chunks of four statements, far below 1,000 per invocation.
 */
export function chunkByJsonSize<T>(values: readonly T[], maxBytes = MAX_JSON_PARAMETER_BYTES): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let size = 2;
  for (const value of values) {
    const valueSize = utf8.encode(JSON.stringify(value)).length + 1;
    if (current.length > 0 && size + valueSize > maxBytes) {
      chunks.push(current);
      current = [];
      size = 2;
    }
    current.push(value);
    size += valueSize;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
