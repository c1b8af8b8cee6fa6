// `npm run check:clients` (CI runs it after the tests): the feeds, OAI-PMH and sitemap as clients nobody here wrote
// read them: Debian's python3-feedparser (RSS and Atom; its 6.0.10 has no JSON Feed support, so feedsmith reads those),
// the HTTP::OAI harvester (libhttp-oai-perl's oai_pmh) and xmllint.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseJsonFeed } from "feedsmith";
import { callApi } from "./api-client.mjs";
import { createApiToken } from "./api-tokens.mjs";
import { loadDemoCollection } from "./demo-collection.mjs";
import { startDevServer } from "./dev-server.mjs";
import { applyLocalMigrations } from "./local-d1.mjs";

const PORT = 8795;
/** A real export with a few hundred entries, so a harvest needs several resumption tokens (100 records a page). */
const REAL_FILE = path.resolve(import.meta.dirname, "../../shared/bib/bbt-97-jabref-groups.bib");
const TOOLS = { python: "/usr/bin/python3", harvester: "/usr/bin/oai_pmh", xmllint: "/usr/bin/xmllint" };

const failures = [];
function check(condition, message) {
  if (!condition) failures.push(message);
}

function run(command, args, input) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? "");
  });
}

const missing = Object.values(TOOLS).filter((tool) => !existsSync(tool));
if (missing.length > 0) {
  console.error(`Missing ${missing.join(", ")}: apt-get install python3-feedparser libhttp-oai-perl libxml2-utils`);
  process.exit(1);
}

const persistTo = await mkdtemp(path.join(tmpdir(), "mhi-outside-clients-"));
await applyLocalMigrations(persistTo);
const { token } = await createApiToken({ name: "check:clients", role: "editor" }, persistTo);
const server = startDevServer({ port: PORT, persistTo, output: null });
const base = server.url.replace(/\/$/u, "");

const api = (method, pathname, body, contentType = "application/json") => callApi(server.url, token, method, pathname, { body, contentType });

async function fetchText(pathname) {
  const response = await fetch(`${base}${pathname}`);
  if (response.status !== 200) throw new Error(`GET ${pathname} answered ${response.status}`);
  return response.text();
}

try {
  if (!(await server.ready)) throw new Error("wrangler dev did not answer");
  await loadDemoCollection(server.url, persistTo);
  // A withdrawn briefing: feeds must show it as withdrawn, the harvester must get it as a deleted record.
  const [briefing] = (await api("GET", "/api/briefings?limit=1")).items;
  await api("POST", `/api/briefings/${briefing.id}/withdraw`, { reason: "Withdrawn by the outside-clients check." });
  if (existsSync(REAL_FILE)) await api("POST", "/api/deposits", await readFile(REAL_FILE, "utf8"), "application/x-bibtex");
  else {
    const entries = Array.from({ length: 300 }, (_, i) => `@misc{check${i}, author = {Checker${i}, Sample}, title = {Sample check entry ${i}}, year = 2020}`);
    await api("POST", "/api/deposits", entries.join("\n"), "application/x-bibtex");
  }

  // What each feed should hold, from the JSON API: its public items (search totals) and the withdrawn briefing.
  const total = async (query) => (await api("GET", `/api/search?limit=1&${query}`)).total;
  const topics = (await api("GET", "/api/search?limit=1")).facets.topic;
  const allTopics = (await fetchText("/feeds.opml")).match(/feeds\/topics\/[a-z0-9-]+\.rss/gu).map((p) => p.slice(13, -4));
  const withdrawnTopics = new Set(briefing.topics.map((t) => t.slug));
  const person = (await api("GET", "/api/publications?limit=1")).items[0].authors[0];
  const feeds = [
    { path: "/feeds/all", expected: (await total("")) + 1 },
    { path: "/feeds/publications", expected: await total("kind=publication") },
    { path: "/feeds/briefings", expected: (await total("kind=briefing")) + 1 },
    { path: "/feeds/lay-summaries", expected: await total("kind=lay-summary") },
    ...allTopics.map((slug) => ({
      path: `/feeds/topics/${slug}`,
      expected: (topics.find((t) => t.value === slug)?.count ?? 0) + (withdrawnTopics.has(slug) ? 1 : 0),
    })),
    { path: `/feeds/people/${person.id}`, expected: await total(`person=${person.id}`) },
  ];
  const searches = ["q=mental%20health&kind=briefing", "q=debt", "topic=housing-homelessness&kind=lay-summary"];
  for (const query of searches) feeds.push({ path: "/feeds/search", query, expected: await total(query) });
  const urls = feeds.flatMap((feed) => ["rss", "atom", "json"].map((format) => ({ ...feed, format, url: `${base}${feed.path}.${format}${feed.query ? `?${feed.query}` : ""}` })));

  const xmlFeeds = urls.filter((u) => u.format !== "json");
  const read = await run(TOOLS.python, [path.resolve(import.meta.dirname, "../.ci/read-feeds.py")], JSON.stringify(xmlFeeds.map((u) => u.url)));
  if (read.code !== 0) throw new Error(`read-feeds.py failed:\n${read.stderr}`);
  const report = JSON.parse(read.stdout);
  for (const u of urls.filter((u) => u.format === "json")) {
    const response = await fetch(u.url);
    try {
      const json = JSON.parse(await response.text());
      const feed = parseJsonFeed(json);
      const entries = (feed.items ?? []).map((i) => ({ id: i.id, title: i.title, link: i.url }));
      report[u.url] = { status: response.status, bozo: false, version: json.version === "https://jsonfeed.org/version/1.1" ? "json11" : json.version, entries };
    } catch (error) {
      report[u.url] = { status: response.status, bozo: true, bozo_exception: String(error), entries: [] };
    }
  }
  const titles = new Map();
  const titleOf = async (link) => {
    const [kind, id] = new URL(link).pathname.split("/").slice(1);
    if (!titles.has(id)) {
      const response = await fetch(`${base}/api/${kind}/${id}`);
      const body = await response.json();
      titles.set(id, response.status === 410 ? `Withdrawn: ${body.item_title}` : (body.title ?? "Untitled publication"));
    }
    return titles.get(id);
  };
  let entriesChecked = 0;
  for (const u of urls) {
    const seen = report[u.url];
    const where = `${u.path}.${u.format}${u.query ? `?${u.query}` : ""}`;
    check(seen.status === 200, `${where}: HTTP ${seen.status}`);
    check(!seen.bozo, `${where}: not well-formed to its parser: ${seen.bozo_exception}`);
    check(seen.version === { rss: "rss20", atom: "atom10", json: "json11" }[u.format], `${where}: read as version '${seen.version}'`);
    check(seen.entries.length === Math.min(50, u.expected), `${where}: ${seen.entries.length} entries, expected ${Math.min(50, u.expected)}`);
    for (const entry of seen.entries) {
      const title = await titleOf(entry.link);
      check(entry.title === title, `${where}: entry title '${entry.title}', the API says '${title}'`);
      entriesChecked++;
    }
  }
  console.log(`${urls.length} feeds (${feeds.length} × RSS and Atom read by feedparser, JSON Feed by feedsmith), ${entriesChecked} entries, titles checked against the API.`);

  // The whole repository, harvested by HTTP::OAI through its resumption tokens.
  const harvested = await run(TOOLS.harvester, ["--request", "ListRecords", "--metadataPrefix", "oai_dc", `${base}/oai`]);
  check(harvested.code === 0, `oai_pmh failed: ${harvested.stderr.slice(0, 500)}`);
  // oai_pmh ends each record with a form feed, which can follow the metadata on the same line as the next header.
  const identifiers = [...harvested.stdout.matchAll(/(?:^|\f)identifier: (\S+)$/gmu)].map((m) => m[1]);
  const deleted = [...harvested.stdout.matchAll(/^status: deleted$/gmu)].length;
  const publicTotal = await total("");
  check(identifiers.length === publicTotal + 1, `oai_pmh harvested ${identifiers.length} records, expected ${publicTotal} public + 1 deleted`);
  check(new Set(identifiers).size === identifiers.length, `oai_pmh harvested ${identifiers.length - new Set(identifiers).size} records twice`);
  check(deleted === 1, `oai_pmh saw ${deleted} deleted records, expected 1`);
  const pages = Math.ceil(identifiers.length / 100);
  console.log(`oai_pmh: ${identifiers.length} records (${deleted} deleted) in ${pages} responses, each once.`);

  // Well-formed XML, by xmllint.
  const firstId = identifiers[0];
  const xmlPaths = [
    "/feeds/all.rss",
    "/feeds/all.atom",
    `/feeds/topics/${allTopics[0]}.rss`,
    "/feeds.opml",
    "/sitemap.xml",
    "/oai?verb=Identify",
    "/oai?verb=ListSets",
    "/oai?verb=ListMetadataFormats",
    "/oai?verb=ListRecords&metadataPrefix=oai_dc",
    `/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=${encodeURIComponent(firstId)}`,
    "/oai?verb=Nonsense",
  ];
  for (const xmlPath of xmlPaths) {
    const lint = await run(TOOLS.xmllint, ["--noout", "-"], await fetchText(xmlPath));
    check(lint.code === 0, `xmllint: ${xmlPath} is not well-formed: ${lint.stderr.slice(0, 300)}`);
  }
  console.log(`xmllint: ${xmlPaths.length} responses well-formed.`);
} finally {
  server.stop();
  await new Promise((resolve) => server.child.once("exit", resolve));
  await rm(persistTo, { recursive: true, force: true });
}

if (failures.length > 0) {
  console.error(`\n${failures.length} problems:\n${failures.slice(0, 50).map((f) => `  - ${f}`).join("\n")}`);
  process.exit(1);
}
console.log("Every feed, the OAI-PMH harvest and the XML checks passed.");
