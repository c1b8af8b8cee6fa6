// The home page: a search box first, then the newest published items of each kind.
import { type AlternateFeed, Layout, SearchForm } from "../layout";

/** `lang`: the item's language, so a screen reader reads a Welsh title in Welsh. */
export type HomeItem = { title: string; href: string; meta: string; lang?: string };
export type HomeProps = { siteName: string; feeds: AlternateFeed[]; publications: HomeItem[]; briefings: HomeItem[]; laySummaries: HomeItem[] };

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
              <a href={item.href} lang={item.lang}>
                {item.title}
              </a>
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
      <ItemList
        heading="Policy briefings"
        items={props.briefings}
        empty="No briefings are published yet."
        more={{ href: "/briefings", label: "All policy briefings" }}
      />
      <ItemList
        heading="Plain-language summaries"
        items={props.laySummaries}
        empty="No plain-language summaries are published yet."
        more={{ href: "/lay-summaries", label: "All plain-language summaries" }}
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
