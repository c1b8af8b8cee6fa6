// The page an editor (or an item's author) tags one item on, reached from the review queue or the item's desk page.
import { ITEM_KIND_NAMES, type ItemKind } from "../../schema/vocabularies";
import { CsrfField, DeskLayout, type DeskViewer, ErrorSummary } from "./desk-layout";
import { EquityPicker, type EquityPickerValues } from "./equity-picker";

export type ItemTagsProps = {
  siteName: string;
  viewer: DeskViewer;
  kind: ItemKind;
  id: string;
  title: string;
  values: EquityPickerValues;
  problems: Record<string, string>;
  /** Where saving (or cancelling) returns to: the review queue's page it came from, or the item's desk page. */
  back: string;
};

export function ItemTagsPage(props: ItemTagsProps) {
  const { kind, id, back } = props;
  const kindName = ITEM_KIND_NAMES[kind].one.toLowerCase();
  const fromQueue = back.startsWith("/review");
  const hasProblems = Object.keys(props.problems).length > 0;
  return (
    <DeskLayout title={`${hasProblems ? "Error: " : ""}Equity tags: ${props.title}`} siteName={props.siteName} viewer={props.viewer} section={props.viewer.role === "depositor" ? "/account" : "/review"}>
      <p>
        <a href={back}>{fromQueue ? "Back to the review queue" : `Back to the ${kindName}`}</a>
      </p>
      <h1>Equity tags</h1>
      <p>
        For the {kindName} <a href={`/desk/${kind}/${id}`}>{props.title}</a>.
      </p>
      <ErrorSummary problems={props.problems} />
      <form method="post" action={`/desk/${kind}/${id}/tags`} class="desk-form" novalidate>
        <CsrfField viewer={props.viewer} />
        <input type="hidden" name="back" value={back} />
        <EquityPicker values={props.values} problems={props.problems} />
        <div class="button-row">
          <button type="submit" class="button-primary">
            {fromQueue ? "Save tags and return to the queue" : "Save tags"}
          </button>
          <a href={back}>Cancel</a>
        </div>
      </form>
    </DeskLayout>
  );
}
