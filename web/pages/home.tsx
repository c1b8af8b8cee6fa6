// The home page: what the repository holds and the newest published items of each kind.
import { type AlternateFeed, Layout } from "../layout";

export type HomeItem = { title: string; href: string; meta: string };
export type HomeProps = { siteName: string; feeds: AlternateFeed[]; publications: HomeItem[]; briefings: HomeItem[]; laySummaries: HomeItem[] };

function ItemList({ heading, items, empty }: { heading: string; items: HomeItem[]; empty: string }) {
  return (
    <section aria-labelledby={heading.replace(/\W+/g, "-").toLowerCase()}>
      <h2 id={heading.replace(/\W+/g, "-").toLowerCase()}>{heading}</h2>
      {items.length === 0 ? (
        <p>{empty}</p>
      ) : (
        <ul class="items">
          {items.map((item) => (
            <li>
              <a href={item.href}>{item.title}</a>
              <div class="meta">{item.meta}</div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function HomePage(props: HomeProps) {
  return (
    <Layout title="Home" siteName={props.siteName} feeds={props.feeds}>
      <h1>{props.siteName}</h1>
      <p>
        The centre's research papers, policy briefings and plain-language summaries about why mental health differs between groups of people,
        and what can be done about it.
      </p>
      <ItemList heading="Policy briefings" items={props.briefings} empty="No briefings are published yet." />
      <ItemList heading="Plain-language summaries" items={props.laySummaries} empty="No plain-language summaries are published yet." />
      <ItemList heading="Latest publications" items={props.publications} empty="No publications are published yet." />
    </Layout>
  );
}
