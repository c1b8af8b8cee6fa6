// Each kind of item as simple Dublin Core (oai_dc), the record format every harvester reads.
import { type EquityTags, namedEquityTags } from "../records/equity";
import type { BriefingJson, LaySummaryJson, PublicationJson } from "../records/schemas";
import type { DublinCore } from "./render-oai";

/** Where links in a record point: the item pages of this repository. */
export type RecordLinks = { page: (kind: "publications" | "briefings" | "lay-summaries", id: string) => string; publisher: string };

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : undefined);
/**
 * An item's chosen equity tags by name: places are where the work is about, Dublin Core's `coverage` ("Greater
 * Manchester"); every other facet is a `subject` ("Perinatal"). Implied broader places are left to the harvester.
 */
function equityDublinCore(tags: EquityTags): { subject: string[]; coverage: string[] } {
  const named = namedEquityTags(tags);
  return { subject: named.filter((t) => t.facet !== "place").map((t) => t.name), coverage: named.filter((t) => t.facet === "place").map((t) => t.name) };
}

const present = (...values: (string | null | undefined)[]) => values.filter((v): v is string => typeof v === "string" && v.trim() !== "");

export function publicationDublinCore(p: PublicationJson, links: RecordLinks): DublinCore {
  const source = present(p.container_title, p.volume && `vol. ${p.volume}`, p.issue && `no. ${p.issue}`, p.pages && `pp. ${p.pages}`).join(", ");
  const equity = equityDublinCore(p.equity);
  return {
    title: present(p.title),
    creator: p.authors.map((a) => a.name),
    subject: [...p.keywords, ...p.topics.map((t) => t.name), ...equity.subject],
    description: present(p.abstract),
    publisher: present(p.publisher),
    date: present(p.issued),
    type: ["Text", p.type],
    identifier: present(links.page("publications", p.id), p.doi && `https://doi.org/${p.doi}`, p.url),
    source: present(source),
    language: present(p.language),
    coverage: equity.coverage,
    rights: present(p.licence),
  };
}

export function briefingDublinCore(b: BriefingJson, links: RecordLinks): DublinCore {
  const equity = equityDublinCore(b.equity);
  return {
    title: [b.title],
    creator: [links.publisher],
    subject: [...b.topics.map((t) => t.name), ...equity.subject],
    description: [b.summary, ...b.key_messages],
    publisher: [links.publisher],
    date: present(day(b.publish_at)),
    type: ["Text", "policy briefing"],
    identifier: [links.page("briefings", b.id)],
    language: [b.language],
    relation: b.publications.map((p) => links.page("publications", p.id)),
    coverage: equity.coverage,
  };
}

export function laySummaryDublinCore(l: LaySummaryJson, links: RecordLinks): DublinCore {
  const equity = equityDublinCore(l.equity);
  return {
    title: [l.title],
    subject: [...l.topics.map((t) => t.name), ...equity.subject],
    description: [l.body],
    publisher: [links.publisher],
    date: present(day(l.publish_at)),
    type: ["Text", "plain-language summary"],
    identifier: [links.page("lay-summaries", l.id)],
    language: [l.language],
    relation: [links.page("publications", l.publication.id)],
    coverage: equity.coverage,
  };
}
