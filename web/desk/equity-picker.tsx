// The equity tag picker the desk's forms share (a fieldset per facet, places by nation, NHS region and ICB, countries typed), and an item's tags as the desk shows them.
import type { Child } from "hono/jsx";
import { EQUITY_FACETS, type EquityFacetDefinition, type EquityValueDefinition } from "../../schema/equity-vocabulary";
import { type EquityTags, namedEquityTags } from "../../worker/records/equity";
import { SummaryList } from "../pages/item";
import { describedBy, FieldError } from "./desk-layout";

/**
 * What the picker shows: the values ticked, by facet (countries among the places), and countries typed but not yet
 * stored (kept as typed when one of them is unknown, so the author can mend it).
 */
export type EquityPickerValues = { checked: EquityTags; countries: string };

/** The hidden field that says a form carried the picker: a form without it leaves the item's tags as they are. */
export const EQUITY_PICKER_FIELD = "equity-picker";
/** The text field countries are typed into, by name or ISO code. */
export const EQUITY_COUNTRIES_FIELD = "equity-countries";

/** The form field (and the first checkbox's id, which the error summary links to) of one facet's checkboxes. */
export function equityFieldName(facet: string): string {
  return `equity-${facet}`;
}

/** The picker's values for an item's stored tags. */
export function equityPickerValuesOf(tags: EquityTags | undefined): EquityPickerValues {
  return { checked: tags ?? {}, countries: "" };
}

const FACETS = new Map(EQUITY_FACETS.map((f) => [f.slug, f]));
const PLACES = FACETS.get("place")!.values;
const COUNTRIES = PLACES.filter((v) => v.level === "country");
const UNITED_KINGDOM = PLACES.find((v) => v.slug === "gb")!;
const NATIONS = PLACES.filter((v) => v.level === "nation");
const REGIONS = PLACES.filter((v) => v.level === "nhs-region");
const ICBS_BY_REGION = new Map(REGIONS.map((r) => [r.slug, PLACES.filter((v) => v.level === "icb" && v.parent === r.slug)]));

type Props = { values: EquityPickerValues; problems: Record<string, string> };

/** One checkbox and its label; the first of a facet carries the facet's field id, for the error summary's link. */
function Choice({ facet, value, checked, first }: { facet: string; value: EquityValueDefinition; checked: boolean; first?: boolean }) {
  const id = first ? equityFieldName(facet) : `${equityFieldName(facet)}-${value.slug}`;
  return (
    <>
      <input type="checkbox" id={id} name={equityFieldName(facet)} value={value.slug} checked={checked} /> <label for={id}>{value.name}</label>
    </>
  );
}

/** A facet's values as a tree: each value with the narrower values under it (South Asian under minority ethnic communities). */
function ValueTree({ facet, values, parent, chosen, firstSlug }: { facet: EquityFacetDefinition; values: readonly EquityValueDefinition[]; parent?: string; chosen: string[]; firstSlug: string }) {
  const level = values.filter((v) => v.parent === parent);
  if (level.length === 0) return null;
  return (
    <ul class={parent ? "equity-choices equity-narrower" : "equity-choices equity-columns"}>
      {level.map((value) => (
        <li>
          <Choice facet={facet.slug} value={value} checked={chosen.includes(value.slug)} first={value.slug === firstSlug} />
          <ValueTree facet={facet} values={values} parent={value.slug} chosen={chosen} firstSlug={firstSlug} />
        </li>
      ))}
    </ul>
  );
}

/** A facet's fieldset: its legend, the question it answers, its error, and what holds its checkboxes. */
function FacetFieldset({ facet, error, children }: { facet: EquityFacetDefinition; error?: string; children: Child }) {
  const name = equityFieldName(facet.slug);
  return (
    <fieldset class={error ? "field has-error equity-facet" : "field equity-facet"} aria-describedby={describedBy(`${name}-hint`, error && `${name}-error`)}>
      <legend>{facet.name}</legend>
      <p class="meta" id={`${name}-hint`}>
        {facet.description}
      </p>
      <FieldError name={name} error={error} />
      {children}
    </fieldset>
  );
}

/**
 * Places as an editor looks for them: the UK and its nations; each NHS England region with its integrated care boards
 * folded under it (open where one is ticked); countries ticked so far, and a box to type more by name or code, with
 * the names offered as the editor types (a datalist, which needs no script).
 */
function PlaceChoices({ chosen, countries, countryError }: { chosen: string[]; countries: string; countryError?: string }) {
  const facet = "place";
  const chosenCountries = COUNTRIES.filter((c) => c.slug !== UNITED_KINGDOM.slug && chosen.includes(c.slug));
  return (
    <>
      <fieldset class="equity-subgroup">
        <legend>The United Kingdom and its nations</legend>
        <ul class="equity-choices equity-columns">
          {[UNITED_KINGDOM, ...NATIONS].map((value, i) => (
            <li>
              <Choice facet={facet} value={value} checked={chosen.includes(value.slug)} first={i === 0} />
            </li>
          ))}
        </ul>
      </fieldset>
      <fieldset class="equity-subgroup" aria-describedby="equity-regions-hint">
        <legend>NHS England regions and integrated care boards</legend>
        <p class="meta" id="equity-regions-hint">
          Tick a region for work across it. Open a region to tick its integrated care boards (ICBs).
        </p>
        <ul class="equity-choices">
          {REGIONS.map((region) => {
            const icbs = ICBS_BY_REGION.get(region.slug) ?? [];
            return (
              <li>
                <Choice facet={facet} value={region} checked={chosen.includes(region.slug)} />
                <details class="equity-icbs" open={icbs.some((icb) => chosen.includes(icb.slug))}>
                  <summary>
                    Its {icbs.length} integrated care boards<span class="visually-hidden"> in {region.name}</span>
                  </summary>
                  <ul class="equity-choices equity-narrower">
                    {icbs.map((icb) => (
                      <li>
                        <Choice facet={facet} value={icb} checked={chosen.includes(icb.slug)} />
                      </li>
                    ))}
                  </ul>
                </details>
              </li>
            );
          })}
        </ul>
      </fieldset>
      <fieldset class={countryError ? "equity-subgroup field has-error" : "equity-subgroup"}>
        <legend>Countries</legend>
        {chosenCountries.length > 0 ? (
          <ul class="equity-choices equity-columns">
            {chosenCountries.map((value) => (
              <li>
                <Choice facet={facet} value={value} checked />
              </li>
            ))}
          </ul>
        ) : null}
        <label for={EQUITY_COUNTRIES_FIELD}>{chosenCountries.length > 0 ? "Add more countries" : "Add countries"}</label>
        <p class="meta" id={`${EQUITY_COUNTRIES_FIELD}-hint`}>
          A country's name in English or its two-letter ISO code; several separated by commas, such as “Pakistan, IN”.
        </p>
        <FieldError name={EQUITY_COUNTRIES_FIELD} error={countryError} />
        <input
          type="text"
          id={EQUITY_COUNTRIES_FIELD}
          name={EQUITY_COUNTRIES_FIELD}
          value={countries}
          list="equity-country-names"
          autocomplete="off"
          aria-describedby={describedBy(`${EQUITY_COUNTRIES_FIELD}-hint`, countryError && `${EQUITY_COUNTRIES_FIELD}-error`)}
          aria-invalid={countryError ? "true" : undefined}
        />
        <datalist id="equity-country-names">
          {COUNTRIES.map((c) => (
            <option value={c.name}>{c.slug.toUpperCase()}</option>
          ))}
        </datalist>
      </fieldset>
    </>
  );
}

/**
 * The picker: what is chosen now, first, then a fieldset per facet. It posts each facet's ticked values under
 * `equity-<facet>` and typed countries under `equity-countries`; worker/desk/equity-form.ts reads them back.
 */
export function EquityPicker({ values, problems }: Props) {
  const chosen = namedEquityTags(values.checked);
  return (
    <fieldset id="equity" class="equity-picker" aria-describedby="equity-picker-hint">
      <legend>Equity tags</legend>
      <input type="hidden" name={EQUITY_PICKER_FIELD} value="1" />
      <p class="meta" id="equity-picker-hint">
        Who the evidence is about and where. Readers find the item under each tag, and under the wider places a place is in (Greater Manchester under North West, England and
        the United Kingdom). Tick all that apply; leave a facet empty when none does.
      </p>
      <p class="equity-chosen">
        <strong>Chosen now:</strong> {chosen.length === 0 ? "none yet." : chosen.map((t) => t.name).join("; ")}
      </p>
      {EQUITY_FACETS.map((facet) => {
        const ticked = values.checked[facet.slug] ?? [];
        const error = problems[equityFieldName(facet.slug)];
        return (
          <FacetFieldset facet={facet} error={error}>
            {facet.slug === "place" ? (
              <PlaceChoices chosen={ticked} countries={values.countries} countryError={problems[EQUITY_COUNTRIES_FIELD]} />
            ) : (
              <ValueTree facet={facet} values={facet.values} chosen={ticked} firstSlug={facet.values[0].slug} />
            )}
          </FacetFieldset>
        );
      })}
    </fieldset>
  );
}

/** An item's chosen tags on its desk page, facet by facet, with where to change them (null when the viewer may not). */
export function EquityTagsSection({ tags, changeHref, laySummary }: { tags: EquityTags; changeHref: string | null; laySummary?: boolean }) {
  const named = namedEquityTags(tags);
  const byFacet = EQUITY_FACETS.map((f) => [f.name, named.filter((t) => t.facet === f.slug).map((t) => t.name).join(", ")] as [string, string]);
  return (
    <section aria-labelledby="equity-tags" class="equity-tags">
      <h2 id="equity-tags">Equity tags</h2>
      {named.length === 0 ? <p>No equity tags yet.</p> : <SummaryList rows={byFacet} />}
      {laySummary ? <p class="meta">Readers also find a summary under its paper's tags.</p> : null}
      {changeHref ? (
        <p>
          <a href={changeHref}>{named.length === 0 ? "Add equity tags" : "Change the equity tags"}</a>
        </p>
      ) : null}
    </section>
  );
}
