// Equity tags on items: the vocabulary looked up, tags checked and stored with the broader places they imply, read back.
import { sql, type SQL } from "drizzle-orm";
import { EQUITY_FACET_SLUGS, EQUITY_FACETS, type EquityFacetDefinition, type EquityFacetSlug, type EquityValueDefinition } from "../../schema/equity-vocabulary";
import type { ItemKind } from "../../schema/vocabularies";
import { asJsonParameter, type Database, type Statement } from "../db/client";
import { RepositoryError } from "../errors";
import { foldText } from "./fold-text";

/** Tags as requests send them and the API answers them: value slugs by facet, `{"place": ["greater-manchester"]}`. */
export type EquityTags = Partial<Record<EquityFacetSlug, string[]>>;
/** One chosen tag, named for display. */
export type EquityTagRef = { facet: EquityFacetSlug; value: string; name: string };
export type EquityTagRow = { facet: EquityFacetSlug; value: string; implied: 0 | 1 };

const FACETS_BY_SLUG = new Map<string, EquityFacetDefinition>(EQUITY_FACETS.map((f) => [f.slug, f]));
const VALUES = new Map<string, Map<string, EquityValueDefinition>>(
  EQUITY_FACETS.map((f) => [f.slug, new Map(f.values.map((v) => [v.slug, v]))]),
);

export function isEquityFacet(slug: string): slug is EquityFacetSlug {
  return FACETS_BY_SLUG.has(slug);
}

export function equityFacet(slug: string): EquityFacetDefinition | undefined {
  return FACETS_BY_SLUG.get(slug);
}

export function equityValue(facet: string, value: string): EquityValueDefinition | undefined {
  return VALUES.get(facet)?.get(value);
}

/** The broader values `value` implies, nearest first (Greater Manchester: North West, England, United Kingdom). */
export function broaderValues(facet: EquityFacetSlug, value: string): EquityValueDefinition[] {
  const chain: EquityValueDefinition[] = [];
  for (let v = equityValue(facet, value)?.parent; v !== undefined; v = equityValue(facet, v)?.parent) chain.push(equityValue(facet, v)!);
  return chain;
}

/** The values directly under `value` in its facet (North West: its three integrated care boards). */
export function narrowerValues(facet: EquityFacetSlug, value: string): EquityValueDefinition[] {
  return equityFacet(facet)?.values.filter((v) => v.parent === value) ?? [];
}

/**
 * The rows that store `tags`: each chosen value, and each broader value it implies (unless also chosen). A 422 names
 * every unknown facet and value at once, with where to find the known ones. `path` is the request field.
 */
export function equityRowsFor(tags: EquityTags, path = "equity"): EquityTagRow[] {
  const errors: { path: string; message: string }[] = [];
  for (const [facet, values] of Object.entries(tags)) {
    if (!isEquityFacet(facet)) {
      errors.push({ path: `${path}.${facet}`, message: `unknown equity facet '${facet}': known facets are ${EQUITY_FACET_SLUGS.join(", ")}` });
      continue;
    }
    for (const value of values ?? []) {
      if (!equityValue(facet, value)) errors.push({ path: `${path}.${facet}`, message: `unknown ${facet} value '${value}'` });
    }
  }
  if (errors.length > 0) {
    throw new RepositoryError("invalid", `Unknown equity tag: ${errors.map((e) => e.message).join("; ")}. Every facet and value is listed at /api/equity.`, { errors });
  }
  const rows = new Map<string, EquityTagRow>();
  for (const [facet, values] of Object.entries(tags) as [EquityFacetSlug, string[]][]) {
    for (const value of values ?? []) rows.set(`${facet}/${value}`, { facet, value, implied: 0 });
  }
  for (const row of [...rows.values()]) {
    for (const broader of broaderValues(row.facet, row.value)) {
      const key = `${row.facet}/${broader.slug}`;
      if (!rows.has(key)) rows.set(key, { facet: row.facet, value: broader.slug, implied: 1 });
    }
  }
  return [...rows.values()];
}

/** The statements that make an item's equity tags exactly `tags` (for a batch alongside the item's own write). */
export function replaceEquityStatements(kind: ItemKind, itemId: string, tags: EquityTags): Statement[] {
  const rows = equityRowsFor(tags);
  return [
    sql`DELETE FROM equity_tags WHERE item_id = ${itemId}`,
    sql`INSERT INTO equity_tags (item_id, kind, facet, value, implied)
        SELECT ${itemId}, ${kind}, json_extract(value, '$.facet'), json_extract(value, '$.value'), json_extract(value, '$.implied')
        FROM json_each(${asJsonParameter(rows)})`,
  ];
}

export type EquityRow = { item_id: string; facet: EquityFacetSlug; value: string };

/** The chosen (not implied) tags of the items a one-column subquery names, for a caller that reads them in its batch. */
export function equityTagsForQuery(itemIds: SQL): SQL {
  return sql`SELECT item_id, facet, value FROM equity_tags WHERE item_id IN (${itemIds}) AND implied = 0 ORDER BY item_id, facet, value`;
}

export async function listEquityTagsFor(db: Database, itemIds: readonly string[]): Promise<Map<string, EquityTags>> {
  return groupEquityTags(await db.all<EquityRow>(equityTagsForQuery(sql`SELECT value FROM json_each(${asJsonParameter(itemIds)})`)));
}

/** Rows grouped as the API answers them: by item, then facet (in the vocabulary's facet order), value slugs sorted. */
export function groupEquityTags(rows: readonly EquityRow[]): Map<string, EquityTags> {
  const byItem = new Map<string, EquityTags>();
  for (const row of rows) {
    const tags = byItem.get(row.item_id) ?? {};
    (tags[row.facet] ??= []).push(row.value);
    byItem.set(row.item_id, tags);
  }
  for (const [item, tags] of byItem) {
    byItem.set(item, Object.fromEntries(EQUITY_FACET_SLUGS.filter((f) => tags[f]).map((f) => [f, tags[f]!.sort()])) as EquityTags);
  }
  return byItem;
}

/** `tags` with each value's name, facet by facet in the vocabulary's order: what pages show. */
export function namedEquityTags(tags: EquityTags): EquityTagRef[] {
  return EQUITY_FACET_SLUGS.flatMap((facet) =>
    (tags[facet] ?? []).map((value) => ({ facet, value, name: equityValue(facet, value)?.name ?? value })),
  );
}

/**
 * The ids of the items a reader finds under one value, whatever their kind: tagged with it or a narrower value, and lay
 * summaries of publications so tagged (the view `item_equity_tags`). Visibility is the caller's to apply.
 */
export function equityItemIdsQuery(facet: EquityFacetSlug, value: string): SQL {
  return sql`SELECT item_id FROM item_equity_tags WHERE facet = ${facet} AND value = ${value}`;
}

/** Every way a keyword may name a value, folded: its slug, its name and its aliases. Built on first use. */
let keywordIndex: Map<string, { facet: EquityFacetSlug; value: string }[]> | undefined;


function keywordLookup(): Map<string, { facet: EquityFacetSlug; value: string }[]> {
  if (keywordIndex) return keywordIndex;
  const index = new Map<string, { facet: EquityFacetSlug; value: string }[]>();
  const add = (key: string, facet: EquityFacetSlug, value: string) => {
    const folded = foldText(key);
    if (folded.length === 0) return;
    const list = index.get(folded) ?? [];
    if (!list.some((t) => t.facet === facet && t.value === value)) list.push({ facet, value });
    index.set(folded, list);
  };
  for (const facet of EQUITY_FACETS) {
    for (const value of facet.values) {
      // A two-letter country code alone is too easily a word ("in", "no"): codes match only as `place:pk`.
      if (value.level !== "country") add(value.slug, facet.slug, value.slug);
      add(value.name, facet.slug, value.slug);
      for (const alias of value.aliases ?? []) add(alias, facet.slug, value.slug);
    }
  }
  keywordIndex = index;
  return index;
}

/**
 * The equity tags a deposit's keywords name: a keyword that is a value's name, slug or alias ("Perinatal", "BAME",
 * "Greater Manchester", "Pakistan"), or `facet:value` ("place:pk", "Population group: Carers"). A keyword may name
 * values in more than one facet ("pregnancy": perinatal, and the protected characteristic). Every keyword stays in the
 * publication's keywords as exported, matched or not.
 */
export function equityTagsFromKeywords(keywords: readonly string[]): EquityTags {
  const tags: EquityTags = {};
  const lookup = keywordLookup();
  for (const keyword of keywords) {
    for (const { facet, value } of matchKeyword(keyword, lookup)) {
      const list = (tags[facet] ??= []);
      if (!list.includes(value)) list.push(value);
    }
  }
  return tags;
}

function matchKeyword(keyword: string, lookup: Map<string, { facet: EquityFacetSlug; value: string }[]>): { facet: EquityFacetSlug; value: string }[] {
  const qualified = /^\s*([^:]+?)\s*:\s*(.+?)\s*$/u.exec(keyword);
  if (qualified) {
    const facet = EQUITY_FACETS.find((f) => foldText(f.slug) === foldText(qualified[1]) || foldText(f.name) === foldText(qualified[1]));
    if (facet) {
      const wanted = foldText(qualified[2]);
      const byCode = facet.values.find((v) => foldText(v.slug) === wanted);
      if (byCode) return [{ facet: facet.slug, value: byCode.slug }];
      return (lookup.get(wanted) ?? []).filter((t) => t.facet === facet.slug);
    }
  }
  return lookup.get(foldText(keyword)) ?? [];
}
