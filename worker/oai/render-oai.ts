// OAI-PMH responses as XML: the envelope, each verb's body, record headers, Dublin Core metadata and errors.
import { escapeXml } from "../xml";
import { METADATA_PREFIX, type OaiErrorCode } from "./protocol";

const OAI_NAMESPACE = "http://www.openarchives.org/OAI/2.0/";
const XSI = "http://www.w3.org/2001/XMLSchema-instance";

/** The fifteen Dublin Core elements, each repeatable, in the order oai_dc's schema lists them (the records use most of them). */
export const DC_ELEMENTS = ["title", "creator", "subject", "description", "publisher", "contributor", "date", "type", "format", "identifier", "source", "language", "relation", "coverage", "rights"] as const;
export type DublinCore = Partial<Record<(typeof DC_ELEMENTS)[number], string[]>>;

/**
 * The response around a verb's body. `request` holds the verb and arguments when they were valid; for `badVerb` and
 * `badArgument` it is null and the `<request>` element carries only the base URL, as the protocol asks.
 */
export function renderEnvelope(responseDate: string, baseUrl: string, request: Record<string, string> | null, body: string): string {
  const attributes = Object.entries(request ?? {})
    .map(([key, value]) => ` ${key}="${escapeXml(value)}"`)
    .join("");
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<OAI-PMH xmlns="${OAI_NAMESPACE}" xmlns:xsi="${XSI}" xsi:schemaLocation="${OAI_NAMESPACE} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd">`,
    `<responseDate>${responseDate}</responseDate>`,
    `<request${attributes}>${escapeXml(baseUrl)}</request>`,
    body,
    "</OAI-PMH>",
  ].join("\n");
}

export function renderError(code: OaiErrorCode, message: string): string {
  return `<error code="${code}">${escapeXml(message)}</error>`;
}

export type IdentifyFacts = {
  repositoryName: string;
  baseUrl: string;
  adminEmail: string;
  earliestDatestamp: string;
  repositoryIdentifier: string;
  sampleIdentifier: string;
};

export function renderIdentify(facts: IdentifyFacts): string {
  return [
    "<Identify>",
    `<repositoryName>${escapeXml(facts.repositoryName)}</repositoryName>`,
    `<baseURL>${escapeXml(facts.baseUrl)}</baseURL>`,
    "<protocolVersion>2.0</protocolVersion>",
    `<adminEmail>${escapeXml(facts.adminEmail)}</adminEmail>`,
    `<earliestDatestamp>${facts.earliestDatestamp}</earliestDatestamp>`,
    "<deletedRecord>persistent</deletedRecord>",
    "<granularity>YYYY-MM-DDThh:mm:ssZ</granularity>",
    "<description>",
    '<oai-identifier xmlns="http://www.openarchives.org/OAI/2.0/oai-identifier" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/oai-identifier http://www.openarchives.org/OAI/2.0/oai-identifier.xsd">',
    "<scheme>oai</scheme>",
    `<repositoryIdentifier>${escapeXml(facts.repositoryIdentifier)}</repositoryIdentifier>`,
    "<delimiter>:</delimiter>",
    `<sampleIdentifier>${escapeXml(facts.sampleIdentifier)}</sampleIdentifier>`,
    "</oai-identifier>",
    "</description>",
    "</Identify>",
  ].join("\n");
}

export function renderMetadataFormats(): string {
  return [
    "<ListMetadataFormats>",
    "<metadataFormat>",
    `<metadataPrefix>${METADATA_PREFIX}</metadataPrefix>`,
    "<schema>http://www.openarchives.org/OAI/2.0/oai_dc.xsd</schema>",
    "<metadataNamespace>http://www.openarchives.org/OAI/2.0/oai_dc/</metadataNamespace>",
    "</metadataFormat>",
    "</ListMetadataFormats>",
  ].join("\n");
}

export function renderSets(sets: readonly { spec: string; name: string }[]): string {
  return ["<ListSets>", ...sets.map((s) => `<set><setSpec>${escapeXml(s.spec)}</setSpec><setName>${escapeXml(s.name)}</setName></set>`), "</ListSets>"].join("\n");
}

export type RecordHeader = { identifier: string; datestamp: string; setSpecs: string[]; deleted: boolean };

export function renderHeader(header: RecordHeader): string {
  return [
    header.deleted ? '<header status="deleted">' : "<header>",
    `<identifier>${escapeXml(header.identifier)}</identifier>`,
    `<datestamp>${header.datestamp}</datestamp>`,
    ...header.setSpecs.map((spec) => `<setSpec>${escapeXml(spec)}</setSpec>`),
    "</header>",
  ].join("");
}

export function renderDublinCore(dc: DublinCore): string {
  const elements = DC_ELEMENTS.flatMap((name) => (dc[name] ?? []).filter((v) => v.trim() !== "").map((value) => `<dc:${name}>${escapeXml(value)}</dc:${name}>`));
  return [
    '<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/oai_dc/ http://www.openarchives.org/OAI/2.0/oai_dc.xsd">',
    ...elements,
    "</oai_dc:dc>",
  ].join("");
}

/** A record: its header, and its metadata unless it is deleted (a deleted record has none). */
export function renderRecord(header: RecordHeader, dc: DublinCore | undefined): string {
  if (!header.deleted && !dc) throw new Error(`record ${header.identifier} has no metadata`);
  return `<record>${renderHeader(header)}${header.deleted ? "" : `<metadata>${renderDublinCore(dc!)}</metadata>`}</record>`;
}

/**
 * The token that continues an incomplete list, with its expiry, the list's size and how many records came before
 * this page; on the last page an empty token, which tells the harvester the list is complete.
 */
export function renderResumptionToken(token: string | null, attributes: { expirationDate?: string; completeListSize: number; cursor: number }): string {
  const expiry = token !== null && attributes.expirationDate ? ` expirationDate="${attributes.expirationDate}"` : "";
  return `<resumptionToken${expiry} completeListSize="${attributes.completeListSize}" cursor="${attributes.cursor}">${token === null ? "" : escapeXml(token)}</resumptionToken>`;
}
