// The home page: a search box first, the groups and stages of life a reader starts from, then the newest items of each kind.
import { ITEM_KIND_NAMES, type ItemKind } from "../../schema/vocabularies";
import { type AlternateFeed, Layout, SearchForm } from "../layout";
import type { EquityValueLink } from "../../worker/equity/equity-pages-data";
import { ValueLink } from "./equity";
import { ItemLink } from "./item-link";

/** `language`: the item's, so a screen reader reads a Welsh title in Welsh and an Urdu one runs right to left. */
export type HomeItem = { kind: ItemKind; id: string; title: string; meta: string; language: string | null };
/** The first click of "who and where": life-course stages and population groups, each with its count of public items. */
export type HomeEquityLinks = { lifeCourse: EquityValueLink[]; populationGroups: EquityValueLink[] };
export type HomeProps = {
  siteName: string;
  feeds: AlternateFeed[];
  publications: HomeItem[];
  briefings: HomeItem[];
  laySummaries: HomeItem[];
  equity: HomeEquityLinks;
};

function WhoAndWhere({ equity }: { equity: HomeEquityLinks }) {
  return (
    <section aria-labelledby="who-and-where" class="who-and-where">
      <h2 id="who-and-where">Find evidence by who and where</h2>
      <div class="columns">
        <div>
          <h3>Stage of life</h3>
          <ul class="equity-values">
            {equity.lifeCourse.map((value) => (
              <li>
                <ValueLink value={value} />
              </li>
            ))}
          </ul>
        </div>
        <div>
          <h3>Population group</h3>
          <ul class="equity-values">
            {equity.populationGroups.map((value) => (
              <li>
                <ValueLink value={value} />
              </li>
            ))}
          </ul>
        </div>
      </div>
      <p>
        <a href="/equity">Every group, characteristic and place</a> · <a href="/equity/gaps">The gap map: where the evidence is thin</a>
      </p>
    </section>
  );
}

function ItemList({ heading, items, empty, more }: { heading: string; items: HomeItem[]; empty: string; more: { href: string; label: string } }) {
  const id = heading.replace(/\W+/g, "-").toLowerCase();
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{heading}</h2>
      {items.length === 0 ? (
        <p>{empty}</p>
      ) : (
        <ul class="items">
          {items.map((item) => (
            <li>
              <ItemLink kind={item.kind} id={item.id} title={item.title} language={item.language} />
              <div class="meta">{item.meta}</div>
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href={more.href}>{more.label}</a>
      </p>
    </section>
  );
}

export function HomePage(props: HomeProps) {
  return (
    <Layout title="Home" siteName={props.siteName} feeds={props.feeds}>
      <h1>Research on mental health inequalities</h1>
      <p class="lead">
        The centre's research papers, policy briefings and plain-language summaries about why mental health differs between groups of people,
        and what can be done about it.
      </p>
      <SearchForm id="home-search" label="Search the repository" big />
      <p>
        Or <a href="/topics">browse by topic</a>.
      </p>
      <WhoAndWhere equity={props.equity} />
      <ItemList
        heading={ITEM_KIND_NAMES.briefings.many}
        items={props.briefings}
        empty="No briefings are published yet."
        more={{ href: "/briefings", label: `All ${ITEM_KIND_NAMES.briefings.many.toLowerCase()}` }}
      />
      <ItemList
        heading={ITEM_KIND_NAMES["lay-summaries"].many}
        items={props.laySummaries}
        empty="No plain-language summaries are published yet."
        more={{ href: "/lay-summaries", label: `All ${ITEM_KIND_NAMES["lay-summaries"].many.toLowerCase()}` }}
      />
      <ItemList
        heading="Latest publications"
        items={props.publications}
        empty="No publications are published yet."
        more={{ href: "/publications", label: "All publications" }}
      />
    </Layout>
  );
}
