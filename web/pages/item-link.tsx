// A link to an item by its title, as every list shows one: its own page's address, its language and its direction.
import type { ItemKind } from "../../schema/vocabularies";
import { itemPagePath } from "../../worker/records/public-documents";
import { readDirection } from "./languages";

/** The language every list page is written in (Layout's default). */
export const PAGE_LANGUAGE = "en-GB";

/** The shape of a BCP 47 tag (`ur`, `en-GB`, `pa-Arab`); the deposit maps BibTeX's language names to these. */
const LANGUAGE_TAG = /^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$/iu;

const primarySubtag = (tag: string) => tag.toLowerCase().split(/[-_]/u)[0];

/**
 * `lang` when the text's language is not the page's (so a screen reader reads a Welsh title in Welsh; `en` on an en-GB
 * page is the same language and says nothing new), and `dir` always: an Urdu title runs right to left inside an English
 * list, and a title of unknown language takes its direction from its own first strong letter.
 */
export function languageAttributes(language: string | null | undefined, pageLanguage = PAGE_LANGUAGE): { lang?: string; dir: "ltr" | "rtl" | "auto" } {
  // A BibTeX `language` no table knew is stored as written ("Kurdish", "English and French"): not a tag to put in `lang`.
  if (!language || !LANGUAGE_TAG.test(language)) return { dir: "auto" };
  const dir = readDirection(language);
  return primarySubtag(language) === primarySubtag(pageLanguage) ? { dir } : { lang: language, dir };
}

export function ItemLink({ kind, id, title, language }: { kind: ItemKind; id: string; title: string; language?: string | null }) {
  return (
    <a href={itemPagePath(kind, id)} {...languageAttributes(language)}>
      {title || "Untitled"}
    </a>
  );
}
