// `npm run export` then `npm run import` into a fresh folder: the restored repository answers every read exactly as the original did.
import { type ChildProcess, execFile, execFileSync, spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { findFreePort } from "./free-port";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const SCRIPT = (name: string) => path.join(ROOT, "scripts", name);
const WRANGLER = path.join(ROOT, "node_modules", ".bin", "wrangler");
const FIXTURE = new URL("../fixtures/backup.bib", import.meta.url);
/** Each wrangler run takes seconds, and tens of them on a busy 2-core machine; a cold `npm start` more. */
const STEP_TIMEOUT_MS = 300_000;
const EMBARGO_UNTIL = "2099-01-01T00:00:00.000Z";
const MAX_CRAWLED = 400;

const run = promisify(execFile);
const folders: string[] = [];
const servers: { child: ChildProcess; persistTo: string }[] = [];

/** The entries of a BibTeX file, less its @string, @comment and @preamble. */
async function countEntries(file: URL): Promise<number> {
  return ((await readFile(file, "utf8")).match(/^@(?!string|comment|preamble)\w+\s*\{/gimu) ?? []).length;
}

async function makeFolder(name: string): Promise<string> {
  const folder = await mkdtemp(path.join(tmpdir(), `mhi-backup-${name}-`));
  folders.push(folder);
  return folder;
}

function env(persistTo: string, port?: number): NodeJS.ProcessEnv {
  return { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false", PERSIST_TO: persistTo, ...(port ? { PORT: String(port) } : {}) };
}

/** `npm start` as a person runs it: migrates, serves, and loads the demo collection into an empty database. */
async function startRepository(persistTo: string, port: number): Promise<string> {
  const child = spawn(process.execPath, [SCRIPT("start.mjs")], { env: env(persistTo, port), detached: true, stdio: ["ignore", "pipe", "pipe"] });
  servers.push({ child, persistTo });
  let output = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk) => (output += chunk));
  child.stderr!.setEncoding("utf8").on("data", (chunk) => (output += chunk));
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  while (!output.includes("The repository is running at")) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`npm start did not come up:\n${output}`);
    await sleep(250);
  }
  return output;
}

/** Ends `npm start` and every process group serving that folder (wrangler dev and its workerd), and waits for the port. */
async function stopRepositories() {
  for (const { child, persistTo } of servers.splice(0)) {
    const groups = new Set<number>([child.pid!]);
    for (const line of execFileSync("ps", ["-A", "-ww", "-o", "pgid=,args="], { encoding: "utf8" }).split("\n")) {
      const match = line.trim().match(/^(\d+)\s+(.*)$/);
      if (match && match[2].includes(persistTo)) groups.add(Number(match[1]));
    }
    for (const group of groups) {
      try {
        process.kill(-group, "SIGKILL");
      } catch {
        // already gone
      }
    }
  }
}

async function waitUntilClosed(port: number) {
  for (let i = 0; i < 120; i++) {
    try {
      await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1_000) });
    } catch {
      return;
    }
    await sleep(250);
  }
  throw new Error(`port ${port} still answers`);
}

function hash(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/**
 * Tokens and a signed-in desk session, stored the way `npm run token` and the desk store them (hashes only), with an
 * admin's account, an open invitation and a passkey: everything a backup must carry that no API call makes.
 */
async function addPeopleAndTokens(persistTo: string) {
  const token = (prefix: string) => `mhr_${prefix}_${randomBytes(32).toString("base64url")}`;
  const editor = token(randomBytes(4).toString("hex"));
  const depositor = token(randomBytes(4).toString("hex"));
  const session = randomBytes(32).toString("base64url");
  const prefixOf = (t: string) => t.split("_")[1];
  const statements = [
    `INSERT INTO api_tokens (name, role, prefix, hash) VALUES ('Backup test editor', 'editor', '${prefixOf(editor)}', '${hash(editor)}')`,
    `INSERT INTO api_tokens (name, role, prefix, hash) VALUES ('Backup test depositor', 'depositor', '${prefixOf(depositor)}', '${hash(depositor)}')`,
    "INSERT INTO accounts (name, email, role, created_at) VALUES ('Invented Admin', 'admin@example.org', 'admin', '2026-01-01T00:00:00.000Z')",
    "INSERT INTO accounts (name, email, role, created_at) VALUES ('Invited Person', 'invited@example.org', 'depositor', '2026-01-02T00:00:00.000Z')",
    `INSERT INTO api_tokens (name, role, prefix, hash, account_id, purpose) SELECT 'desk', 'admin', 'desk0001', '${hash(randomBytes(16).toString("hex"))}', id, 'desk' FROM accounts WHERE email = 'admin@example.org'`,
    `INSERT INTO sessions (hash, account_id, csrf, created_at, expires_at) SELECT '${hash(session)}', id, 'csrf-secret-of-the-test', '2026-01-01T00:00:00.000Z', '2099-01-01T00:00:00.000Z' FROM accounts WHERE email = 'admin@example.org'`,
    `INSERT INTO invitations (account_id, hash, invited_by, created_at, expires_at) SELECT id, '${hash("invitation")}', 'Invented Admin', '2026-01-02T00:00:00.000Z', '2099-01-01T00:00:00.000Z' FROM accounts WHERE email = 'invited@example.org'`,
    "INSERT INTO passkeys (id, account_id, public_key, counter, transports, created_at) SELECT 'cGFzc2tleQ', id, 'cHVibGljLWtleQ', 7, '[\"internal\"]', '2026-01-01T00:00:00.000Z' FROM accounts WHERE email = 'admin@example.org'",
    // A row longer than one D1 statement may be (100 KB), with control characters an SQL string literal cannot carry as they are.
    "INSERT INTO audit_log (at, actor, action, kind, item_id, detail) VALUES ('2026-01-01T00:00:00.000Z', 'backup test ' || char(27) || '[0m', 'note', 'publications', 'none', " +
      "'{\"long\": \"' || replace(hex(zeroblob(70000)), '00', 'ab' || char(1) || 'ü') || '\"}')",
  ];
  await run(WRANGLER, ["d1", "execute", "DB", "--local", "--persist-to", persistTo, "--command", statements.join(";\n")], { cwd: ROOT, env: env(persistTo) });
  return { editor, depositor, sessionCookie: `__Host-desk-session=${session}` };
}

/** A request that meets wrangler dev reloading the Worker (its files changed) is sent again, as scripts/api-client.mjs does. */
async function callApi(base: string, token: string, method: string, url: string, body?: unknown, contentType = "application/json") {
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(new URL(url, base), {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": contentType },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await response.text();
    if (text.startsWith("Your worker restarted mid-request") && attempt < 5) continue;
    if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${text}`);
    return JSON.parse(text);
  }
}

/**
 * Items in every state beside the demo's published ones: a depositor's deposit (submitted), one of its papers published
 * under an embargo, one published then withdrawn, a draft briefing, and lay summaries of a hidden paper.
 */
async function addItemsInEveryState(base: string, tokens: { editor: string; depositor: string }) {
  const report = await callApi(base, tokens.depositor, "POST", "/api/deposits", await readFile(FIXTURE, "utf8"), "application/x-bibtex");
  const id = (key: string) => report.entries.find((entry: { key: string }) => entry.key === key).id as string;
  const [submitted, withdrawn, published, embargoed] = ["quillfeather2021tenancy", "marrowby2019benefits", "vexley2024helplines", "ashgrove2022embargo"].map(id);
  await callApi(base, tokens.editor, "PATCH", `/api/publications/${published}`, { topics: ["housing-homelessness"] });
  await callApi(base, tokens.editor, "POST", `/api/publications/${published}/publish`, {});
  await callApi(base, tokens.editor, "POST", `/api/publications/${embargoed}/publish`, { publish_at: EMBARGO_UNTIL });
  await callApi(base, tokens.editor, "POST", `/api/publications/${withdrawn}/publish`, {});
  await callApi(base, tokens.editor, "POST", `/api/publications/${withdrawn}/withdraw`, { reason: "Withdrawn by its invented author: a test." });
  const draft = await callApi(base, tokens.editor, "POST", "/api/briefings", {
    title: "Sample briefing still in draft",
    summary: "An invented briefing nobody may see yet.",
    body: "Its **body**, in Markdown.",
    audience: "Invented readers",
    publication_ids: [published, submitted],
  });
  const hiddenSummary = await callApi(base, tokens.editor, "POST", "/api/lay-summaries", {
    publication_id: submitted,
    language: "en",
    title: "Sample summary of a paper waiting for review",
    body: "People who fear losing their home sleep less. This summary waits with its paper.",
  });
  await callApi(base, tokens.editor, "POST", `/api/lay-summaries/${hiddenSummary.id}/publish`, {});
  const publicSummary = await callApi(base, tokens.depositor, "POST", "/api/lay-summaries", {
    publication_id: published,
    language: "cy",
    title: "Crynodeb enghreifftiol",
    body: "Testun enghreifftiol am alwadau i linellau cymorth.",
    status: "submitted",
  });
  return { publications: [submitted, withdrawn, published, embargoed], briefings: [draft.id as string], laySummaries: [hiddenSummary.id as string, publicSummary.id as string] };
}

/** Validators too: a restored repository must not make caches and conditional requests think anything changed. */
type Answer = { url: string; as: string; status: number; type: string | null; etag: string | null; lastModified: string | null; body: string };

const LINK_PATTERNS = [/(?:href|src)="([^"]+)"/g, /<loc>([^<]+)<\/loc>/g, /xmlUrl="([^"]+)"/g, /<link>([^<]+)<\/link>/g, /<identifier>([^<]+)<\/identifier>/g];

/** Same-site links in a body (pages, feeds, sitemaps, OPML), HTML entities in them undone. */
function findLinks(body: string, base: string): string[] {
  const links: string[] = [];
  for (const pattern of LINK_PATTERNS) {
    for (const match of body.matchAll(pattern)) {
      const raw = match[1].replaceAll("&amp;", "&").replaceAll("&#38;", "&");
      try {
        const url = new URL(raw, base);
        if (url.origin === new URL(base).origin && !url.pathname.startsWith("/static/")) links.push(url.pathname + url.search);
      } catch {
        // not a URL (an OAI identifier, a mailto)
      }
    }
  }
  return links;
}

/** The desk is served at localhost (passkeys refuse an IP address): a signed-in caller asks there. */
async function ask(base: string, url: string, as: string, headers: Record<string, string>): Promise<Answer> {
  const at = headers.cookie ? base.replace("127.0.0.1", "localhost") : base;
  const response = await fetch(new URL(url, at), { headers, redirect: "manual" });
  const header = (name: string) => response.headers.get(name);
  return { url, as, status: response.status, type: header("content-type"), etag: header("etag"), lastModified: header("last-modified"), body: await response.text() };
}

/** What honestly differs between two servers answering the same data: the time OAI-PMH says it answered. */
function normalise(answer: Answer): Answer {
  return { ...answer, body: answer.body.replace(/<responseDate>[^<]*<\/responseDate>/g, "<responseDate/>") };
}

describe("npm run export and npm run import", () => {
  afterAll(async () => {
    await stopRepositories();
    for (const folder of folders) await rm(folder, { recursive: true, force: true });
  });

  it("restore into an empty folder a repository that answers every read exactly as the original did", { timeout: 6 * STEP_TIMEOUT_MS }, async () => {
    const port = await findFreePort();
    const base = `http://127.0.0.1:${port}/`;
    const original = await makeFolder("original");
    await startRepository(original, port);
    const tokens = await addPeopleAndTokens(original);
    const items = await addItemsInEveryState(base, tokens);

    const asWho: Record<string, Record<string, string>> = {
      anonymous: {},
      editor: { authorization: `Bearer ${tokens.editor}` },
      depositor: { authorization: `Bearer ${tokens.depositor}` },
      "signed-in admin": { cookie: tokens.sessionCookie },
    };
    const demo = (await (await fetch(new URL("/api/publications?limit=100", base))).json()) as { items: { id: string }[] };
    const allPublications = [...new Set([...items.publications, ...demo.items.map((p) => p.id)])];
    const api: [string, string][] = [];
    for (const kind of ["publications", "briefings", "lay-summaries"]) {
      api.push([`/api/${kind}?limit=100`, "anonymous"], [`/api/${kind}?limit=2`, "anonymous"]);
      for (const status of ["draft", "submitted", "published", "withdrawn"]) api.push([`/api/${kind}?status=${status}&limit=100`, "editor"], [`/api/${kind}?status=${status}`, "depositor"]);
    }
    const hidden = [...items.publications.map((id) => `/api/publications/${id}`), ...items.briefings.map((id) => `/api/briefings/${id}`), ...items.laySummaries.map((id) => `/api/lay-summaries/${id}`)];
    for (const url of hidden) api.push([url, "anonymous"], [url, "editor"], [url, "depositor"]);
    for (const id of allPublications) {
      api.push([`/api/publications/${id}`, "anonymous"]);
      for (const style of ["apa", "vancouver", "harvard", "bibtex", "ris", "csl-json"]) api.push([`/api/publications/${id}/cite?style=${style}`, "anonymous"]);
    }
    api.push([`/api/publications/${items.publications[0]}/cite?style=apa`, "editor"]);
    for (const q of ["debt", "sample", "tenancy", "helpline", "anxiety OR sleep", "godel"]) {
      api.push([`/api/search?q=${encodeURIComponent(q)}`, "anonymous"], [`/api/search?q=${encodeURIComponent(q)}&sort=newest`, "anonymous"]);
    }
    api.push(["/api/search?q=sample&kind=publication&year_from=2020", "anonymous"], ["/api/search?q=sample&limit=3", "anonymous"]);
    api.push(["/api/suggest?q=sam", "anonymous"], ["/api/suggest?q=deb", "anonymous"], ["/api/openapi.json", "anonymous"]);
    for (const url of ["/account", "/review", "/admin/people", "/account/tokens"]) api.push([url, "signed-in admin"]);
    for (const id of items.publications) api.push([`/desk/publications/${id}`, "signed-in admin"]);
    const oai = ["Identify", "ListSets", "ListMetadataFormats", "ListRecords&metadataPrefix=oai_dc", "ListIdentifiers&metadataPrefix=oai_dc"].map((verb) => `/oai?verb=${verb}`);
    const seeds = ["/", "/topics", "/publications", "/briefings", "/lay-summaries", "/feeds", "/feeds.opml", "/sitemap.xml", "/search?q=sample", "/about", ...oai];

    // The original: every listed API call as each caller, then every page, feed and sitemap reachable from the seeds.
    const before: Answer[] = [];
    for (const [url, as] of api) before.push(await ask(base, url, as, asWho[as]));
    const queue = [...seeds, ...items.publications.map((id) => `/publications/${id}`)];
    const seen = new Set(queue);
    while (queue.length > 0 && seen.size <= MAX_CRAWLED) {
      const answer = await ask(base, queue.shift()!, "anonymous", {});
      before.push(answer);
      for (const link of findLinks(answer.body, base)) {
        if (!seen.has(link) && seen.size < MAX_CRAWLED) {
          seen.add(link);
          queue.push(link);
        }
      }
    }
    expect(before.filter((a) => a.url.startsWith("/oai?verb=ListRecords"))[0].body).toContain("Sample report: Helpline calls");
    expect(before.find((a) => a.url === `/api/briefings/${items.briefings[0]}` && a.as === "editor")!.status).toBe(200);
    expect(before.find((a) => a.url === "/account" && a.as === "signed-in admin")!.body).toContain("Invented Admin");

    const backup = path.join(await makeFolder("files"), "backup.json");
    const exported = await run(process.execPath, [SCRIPT("export.mjs"), "--out", backup], { cwd: ROOT, env: env(original) });
    // Every entry of the demo collection and of the fixture is a publication of its own.
    const publications = (await countEntries(new URL("../../scripts/demo/demo.bib", import.meta.url))) + (await countEntries(FIXTURE));
    expect(exported.stdout).toMatch(new RegExp(`publications\\s+${publications}\\n`, "u"));
    expect(exported.stdout).toContain(`Wrote ${backup.replace(/\.json$/, ".bib")}: ${publications} publications, ${publications} as deposited`);
    const bibtex = await readFile(backup.replace(/\.json$/, ".bib"), "utf8");
    expect(bibtex).toContain("@inproceedings{ashgrove2022embargo,");
    expect(bibtex).toContain(`% ${items.publications[1]}, withdrawn, as deposited\n@book{marrowby2019benefits,`);
    // The file's @string macro is not stored with the entry: its value, which the record keeps, is written instead.
    expect(bibtex).toContain(`% ${items.publications[0]}, submitted, as deposited, with its @string macros written out`);
    expect(bibtex).toContain("journal  = {Journal of Backup Research},");

    await stopRepositories();
    await waitUntilClosed(port);
    const restored = await makeFolder("restored");
    const imported = await run(process.execPath, [SCRIPT("import.mjs"), backup], { cwd: ROOT, env: env(restored) });
    expect(imported.stdout).toMatch(new RegExp(`publications\\s+${publications}\\n`, "u"));
    expect(imported.stdout).toMatch(/search_documents\s+\d+ {2}\(rebuilt/);

    // A second import into the now full folder is refused, and changes nothing.
    const again = await run(process.execPath, [SCRIPT("import.mjs"), backup], { cwd: ROOT, env: env(restored) }).catch((error) => error);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("is not empty (");
    expect(again.stderr).toContain("import restores into an empty database only");

    const started = await startRepository(restored, port);
    expect(started).toContain("already holds");
    const after: Answer[] = [];
    for (const answer of before) after.push(await ask(base, answer.url, answer.as, asWho[answer.as]));

    // Every table as it was, row for row (hashes, sessions, passkeys, the audit log): the restored database exported again.
    const reexported = path.join(path.dirname(backup), "again.json");
    await run(process.execPath, [SCRIPT("export.mjs"), "--out", reexported], { cwd: ROOT, env: env(restored) });
    const [first, second] = await Promise.all([backup, reexported].map(async (file) => JSON.parse(await readFile(file, "utf8"))));
    for (const part of ["migrations", "counts", "sequences", "derived", "tables"]) expect(second[part]).toEqual(first[part]);
    const audit = first.tables.audit_log;
    const long = audit.rows.find((row: unknown[]) => row[audit.columns.indexOf("action")] === "note");
    expect(long[audit.columns.indexOf("detail")].length).toBe(70_000 * 4 + 12);
    expect(long[audit.columns.indexOf("actor")]).toBe("backup test \u001b[0m");

    // The exported BibTeX, deposited again (a dry run), is the same works: every entry a duplicate of what is stored.
    const redeposit = await callApi(base, tokens.editor, "POST", "/api/deposits?dry_run=1", bibtex, "application/x-bibtex");
    expect({ failed: redeposit.failed, created: redeposit.created, duplicates: redeposit.duplicates }).toEqual({ failed: 0, created: 0, duplicates: publications });

    expect(before.length).toBeGreaterThan(200);
    console.log(`Compared ${before.length} answers (${after.filter((a) => a.status === 200).length} of them 200), ${new Set(before.map((a) => a.url)).size} distinct addresses.`);
    const differing = after.map(normalise).filter((answer, i) => JSON.stringify(answer) !== JSON.stringify(normalise(before[i])));
    expect(differing.map((a) => `${a.as} ${a.url}`)).toEqual([]);
    expect(after.map(normalise)).toEqual(before.map(normalise));
  });
});
