// The gap map: a form choosing two equity facets, the counts as an accessible table, and a small heat map drawn on the server.
import { EQUITY_FACETS, PLACE_LEVEL_NAMES, PLACE_LEVELS, type EquityFacetSlug, type PlaceLevel } from "../../schema/equity-vocabulary";
import { ITEM_KIND_NAMES } from "../../schema/vocabularies";
import { cellSearchHref, type GapMap } from "../../worker/equity/gap-map";
import { Layout } from "../layout";

const plural = (n: number) => (n === 1 ? "1 item" : `${n} items`);

/** What the map counts, in words: "Population group by NHS England regions", and what it is limited to. */
export function describeGapMap(map: GapMap): string {
  const limits = [map.within ? `about ${map.within.name}` : "", map.kinds.length > 0 ? `${map.kinds.map((k) => ITEM_KIND_NAMES[k].many.toLowerCase()).join(" and ")} only` : ""].filter(Boolean);
  return `${map.rows.name} by ${map.columns.level ? map.columns.name : map.columns.name.toLowerCase()}${limits.length > 0 ? `, ${limits.join(", ")}` : ""}`;
}

/**
 * The counts as a table: a row header and a column header for every count, each count a link to the search that lists
 * those items, 0 marked as a gap, totals last. Totals are not links: a row's total counts items with any of the columns'
 * values, which no single search asks for.
 */
export function GapMapTable({ map, caption }: { map: GapMap; caption: string }) {
  return (
    <div class="table-scroll gap-map-scroll" role="region" aria-label={caption} tabindex={0}>
      <table class="gap-map">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{map.rows.name}</th>
            {map.columns.values.map((column) => (
              <th scope="col">{column.name}</th>
            ))}
            <th scope="col">Total</th>
          </tr>
        </thead>
        <tbody>
          {map.rows.values.map((row, r) => (
            <tr>
              <th scope="row" class={row.parent ? "narrower" : undefined}>
                {row.name}
              </th>
              {map.columns.values.map((column, c) => (
                <Cell count={map.counts[r][c]} href={cellSearchHref(map, row.slug, column.slug)} label={`${row.name}, ${column.name}`} />
              ))}
              <td class="total">{row.total}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            {map.columns.values.map((column) => (
              <td class="total">{column.total}</td>
            ))}
            <td class="total">{map.total}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/** A cell's count: a link to the search for its two values, or a 0 marked as a gap in words, not by colour alone. */
function Cell({ count, href, label }: { count: number; href: string; label: string }) {
  if (count === 0) {
    return (
      <td class="gap">
        0<span class="visually-hidden"> items: {label}</span> <span class="gap-mark">gap</span>
      </td>
    );
  }
  return (
    <td>
      <a href={href}>
        {count}
        <span class="visually-hidden">
          {" "}
          {count === 1 ? "item" : "items"}: {label}
        </span>
      </a>
    </td>
  );
}

/** Five shades: 0 (a gap, hatched), then quarters of the largest count. */
function shade(count: number, max: number): string {
  if (count === 0) return "heat-gap";
  return `heat-${Math.min(4, Math.ceil((count / max) * 4))}`;
}

/** The same counts as a heat map; the table is its full text alternative, the SVG's own says what stands out. */
export function GapMapChart({ map, id }: { map: GapMap; id: string }) {
  const cells = map.counts.flat();
  const max = Math.max(1, ...cells);
  const gaps = cells.filter((n) => n === 0).length;
  let best = { count: 0, row: "", column: "" };
  map.counts.forEach((counts, r) =>
    counts.forEach((count, c) => {
      if (count > best.count) best = { count, row: map.rows.values[r].name, column: map.columns.values[c].name };
    }),
  );
  const summary = `${cells.length} cells, ${gaps} of them gaps with no items.${best.count > 0 ? ` The most: ${best.row}, ${best.column} (${plural(best.count)}).` : ""} The table gives every count.`;
  const [labelWidth, headHeight, cellWidth, cellHeight] = [230, 130, 34, 22];
  const width = labelWidth + map.columns.values.length * cellWidth + 10;
  const height = headHeight + map.rows.values.length * cellHeight + 4;
  return (
    <figure class="gap-chart" tabindex={0}>
      <svg role="img" aria-labelledby={`${id}-title ${id}-desc`} viewBox={`0 0 ${width} ${height}`} width={width} height={height} xmlns="http://www.w3.org/2000/svg">
        <title id={`${id}-title`}>Heat map: {describeGapMap(map)}</title>
        <desc id={`${id}-desc`}>{summary}</desc>
        {map.columns.values.map((column, c) => (
          <text class="heat-label" transform={`translate(${labelWidth + c * cellWidth + cellWidth / 2 + 4} ${headHeight - 6}) rotate(-50)`}>
            {clip(column.name, 24)}
          </text>
        ))}
        {map.rows.values.map((row, r) => (
          <>
            <text class="heat-label" x={labelWidth - 6} y={headHeight + r * cellHeight + cellHeight / 2 + 4} text-anchor="end">
              {clip(row.name, 32)}
            </text>
            {map.columns.values.map((_, c) => (
              <rect class={shade(map.counts[r][c], max)} x={labelWidth + c * cellWidth} y={headHeight + r * cellHeight} width={cellWidth - 2} height={cellHeight - 2} />
            ))}
          </>
        ))}
      </svg>
      <figcaption class="meta">Darker means more items; cells with a dashed outline are gaps. {summary}</figcaption>
    </figure>
  );
}

function clip(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

export type GapMapPageProps = {
  siteName: string;
  map: GapMap;
  chosen: { rows: EquityFacetSlug; columns: EquityFacetSlug; level: PlaceLevel; kinds: string[]; within?: string };
  apiHref: string;
};

const KIND_CHOICES = [
  { value: "briefing", label: "Policy briefings" },
  { value: "lay-summary", label: "Plain-language summaries" },
  { value: "publication", label: "Publications" },
];

/** The form works without JavaScript: a GET to the same page, every choice in the address, so a map can be shared. */
export function GapMapPage({ siteName, map, chosen, apiHref }: GapMapPageProps) {
  const facetOptions = (selected: EquityFacetSlug) =>
    EQUITY_FACETS.map((f) => (
      <option value={f.slug} selected={f.slug === selected}>
        {f.name}
      </option>
    ));
  const caption = `${describeGapMap(map)}: public items in each cell`;
  return (
    <Layout title="Gap map: where the evidence is thin" siteName={siteName}>
      <p class="breadcrumb">
        <a href="/equity">Who and where</a>
      </p>
      <h1>Gap map: where the evidence is thin</h1>
      <p class="lead">How many published items the centre has for each pair of groups and places. A 0 is a gap: nothing published yet.</p>
      <form method="get" action="/equity/gaps" class="gap-map-form">
        <div class="field">
          <label for="gap-rows">Rows</label>
          <select id="gap-rows" name="rows">
            {facetOptions(chosen.rows)}
          </select>
        </div>
        <div class="field">
          <label for="gap-columns">Columns</label>
          <select id="gap-columns" name="columns">
            {facetOptions(chosen.columns)}
          </select>
        </div>
        <div class="field">
          <label for="gap-level">Places shown as</label>
          <select id="gap-level" name="level">
            {PLACE_LEVELS.map((level) => (
              <option value={level} selected={level === chosen.level}>
                {PLACE_LEVEL_NAMES[level].many}
              </option>
            ))}
          </select>
        </div>
        <fieldset class="field">
          <legend>Kinds of item (none ticked: all)</legend>
          {KIND_CHOICES.map((kind) => (
            <div class="choice">
              <input id={`gap-kind-${kind.value}`} type="checkbox" name="kind" value={kind.value} checked={chosen.kinds.includes(kind.value)} />
              <label for={`gap-kind-${kind.value}`}>{kind.label}</label>
            </div>
          ))}
        </fieldset>
        {chosen.within && <input type="hidden" name="within" value={chosen.within} />}
        <button type="submit">Show the map</button>
      </form>
      {map.within && (
        <p class="notice">
          Only items about {map.within.name}. <a href={`/equity/gaps?rows=${chosen.rows}&columns=${chosen.columns}&level=${chosen.level}`}>Show every item</a>.
        </p>
      )}
      <p>
        {plural(map.total)} in the map. {map.leftOut > 0 && `${map.leftOut} countries with no items are left out.`}
      </p>
      <GapMapChart map={map} id="gap-chart" />
      <GapMapTable map={map} caption={caption} />
      <p class="meta">
        The same counts as JSON: <a href={apiHref}>{apiHref}</a>
      </p>
    </Layout>
  );
}
