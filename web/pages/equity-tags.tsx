// An item's equity tags, "Who and where", as links to each value's page (/equity/:facet/:value).
import { type EquityTags, namedEquityTags } from "../../worker/records/equity";

/** `tags` merged with `more` (a lay summary's paper's), each value once, in the vocabulary's facet order. */
export function mergeEquityTags(tags: EquityTags, more: EquityTags = {}): EquityTags {
  const merged: EquityTags = { ...tags };
  for (const [facet, values] of Object.entries(more) as [keyof EquityTags, string[]][]) merged[facet] = [...new Set([...(merged[facet] ?? []), ...values])];
  return merged;
}

/** The links, or false when there are none, for a SummaryList row that is then left out. */
export function equityTagLinks(tags: EquityTags) {
  const named = namedEquityTags(tags);
  if (named.length === 0) return false;
  return (
    <ul class="inline-list">
      {named.map((tag) => (
        <li>
          <a href={`/equity/${tag.facet}/${tag.value}`}>{tag.name}</a>
        </li>
      ))}
    </ul>
  );
}
