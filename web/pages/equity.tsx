// The equity pages: every facet and value with counts (/equity), and one value's page with its items, feeds and cross table.
import type { EquityIndexFacet, EquityValueLink, EquityValuePageData } from "../../worker/equity/equity-pages-data";
import { type AlternateFeed, Layout } from "../layout";
import { ItemsByKind, Pager, type PagingProps } from "./browse";
import { describeGapMap, GapMapTable } from "./gap-map";
import { SubscribeBox } from "./subscribe-box";

export const countText = (n: number) => (n === 1 ? "1 item" : `${n} items`);

export const equityValuePath = (facet: string, value: string) => `/equity/${facet}/${value}`;

/** A value as a link with its count; a value with nothing yet is still a link (its page says so and offers its feed). */
export function ValueLink({ value }: { value: EquityValueLink }) {
  return (
    <>
      <a href={equityValuePath(value.facet, value.slug)}>{value.name}</a> <span class="count">({countText(value.count)})</span>
    </>
  );
}

export function EquityIndexPage({ siteName, facets }: { siteName: string; facets: EquityIndexFacet[] }) {
  return (
    <Layout title="Find evidence by who and where" siteName={siteName}>
      <h1>Find evidence by who and where</h1>
      <p class="lead">
        Every item is tagged with the people it is about and the places it covers. Choose a group, a stage of life or a place to see what the centre has,
        and follow it as a feed.
      </p>
      <p>
        <a href="/equity/gaps">See the gap map</a>: where the evidence is thin.
      </p>
      <nav aria-label="Facets" class="facet-contents">
        <ul>
          {facets.map((facet) => (
            <li>
              <a href={`#${facet.slug}`}>{facet.name}</a>
            </li>
          ))}
        </ul>
      </nav>
      {facets.map((facet) => (
        <section aria-labelledby={facet.slug} class="equity-index-facet">
          <h2 id={facet.slug}>{facet.name}</h2>
          <p>{facet.description}</p>
          {facet.groups.map((group) => (
            <>
              {group.heading && <h3>{group.heading}</h3>}
              {group.values.length === 0 ? (
                <p>None yet.</p>
              ) : (
                <ul class="equity-values">
                  {group.values.map((value) => (
                    <li>
                      <ValueLink value={value} />
                      {value.narrower.length > 0 && (
                        <ul>
                          {value.narrower.map((narrower) => (
                            <li>
                              <ValueLink value={narrower} />
                            </li>
                          ))}
                        </ul>
                      )}
                    </li>
                  ))}
                </ul>
              )}
            </>
          ))}
        </section>
      ))}
    </Layout>
  );
}

export function EquityValuePage(props: { siteName: string; data: EquityValuePageData; feeds: AlternateFeed[] } & PagingProps) {
  const { facet, value, page, crossTable } = props.data;
  const caption = `${describeGapMap(crossTable)}: public items in each`;
  return (
    <Layout title={`${value.name} · ${facet.name}`} siteName={props.siteName} feeds={props.feeds}>
      <p class="breadcrumb">
        <a href="/equity">Who and where</a> › <a href={`/equity#${facet.slug}`}>{facet.name}</a>
      </p>
      <h1>{value.name}</h1>
      <p class="lead">{value.description}</p>
      <p class="meta">{props.data.count === 0 ? "Nothing is published about this yet." : countText(props.data.count)}</p>
      {(props.data.broader.length > 0 || props.data.narrower.length > 0) && (
        <ul class="equity-related">
          {props.data.broader.length > 0 && (
            <li>
              <span class="label">Part of:</span>{" "}
              {props.data.broader.map((v, i) => (
                <>
                  {i > 0 && " › "}
                  <ValueLink value={v} />
                </>
              ))}
            </li>
          )}
          {props.data.narrower.length > 0 && (
            <li>
              <span class="label">Includes:</span>
              <ul>
                {props.data.narrower.map((v) => (
                  <li>
                    <ValueLink value={v} />
                  </li>
                ))}
              </ul>
            </li>
          )}
        </ul>
      )}
      <section aria-labelledby="cross-table">
        <h2 id="cross-table">Narrow it down</h2>
        {crossTable.rows.values.length === 0 ? (
          <p>Nothing here is tagged with a {crossTable.rows.name.toLowerCase()} yet.</p>
        ) : (
          <>
            <p>Each number is a search for the items in that row and column. A 0 is a gap: nothing published yet.</p>
            <GapMapTable map={crossTable} caption={caption} />
          </>
        )}
        {props.data.emptyRows.length > 0 && crossTable.rows.values.length > 0 && (
          <p>
            {crossTable.rows.name} with no items here yet: {props.data.emptyRows.join("; ")}.
          </p>
        )}
        <p class="meta">
          <a href={`/equity/gaps?rows=${crossTable.rows.facet}&columns=${crossTable.columns.facet}&within=${facet.slug}:${value.slug}`}>Open this as a gap map</a>
        </p>
      </section>
      <ItemsByKind items={page.items} />
      <Pager nextHref={props.nextHref} firstHref={props.firstHref} />
      <SubscribeBox heading={`Subscribe to ${value.name}`} what={`new items about ${value.name}`} feeds={props.feeds} />
    </Layout>
  );
}
