// `npm start` (scripts/start.mjs) as a person runs it, on another PORT and its own PERSIST_TO: closing its terminal stops it.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { findFreePort } from "./free-port";

const START_SCRIPT = fileURLToPath(new URL("../../scripts/start.mjs", import.meta.url));
/** A cold first run builds the Worker and starts workerd on a busy 2-core machine: be patient, but poll. */
const STARTUP_TIMEOUT_MS = 240_000;
const SHUTDOWN_TIMEOUT_MS = 30_000;

interface ProcessEntry {
  pid: number;
  ppid: number;
  pgid: number;
  command: string;
}

interface StartedScript {
  child: ChildProcess;
  url: string;
  persistTo: string;
  output: () => string;
  /** Every process group seen under the script, kept for the assertions and for cleaning up after a failure. */
  groups: Set<number>;
}

let started: StartedScript | undefined;

/** Every live process (zombies hold no port and wait only for a parent to reap them). */
function listProcesses(): ProcessEntry[] {
  return execFileSync("ps", ["-A", "-ww", "-o", "pid=,ppid=,pgid=,stat=,args="], { encoding: "utf8" })
    .split("\n")
    .map((line) => line.trim().match(/^(\d+)\s+(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/))
    .filter((fields) => fields !== null && !fields[4].startsWith("Z"))
    .map((fields) => ({ pid: Number(fields![1]), ppid: Number(fields![2]), pgid: Number(fields![3]), command: fields![5] }));
}

function findDescendants(rootPid: number): ProcessEntry[] {
  const processes = listProcesses();
  const found = new Set([rootPid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const entry of processes) {
      if (found.has(entry.ppid) && !found.has(entry.pid)) {
        found.add(entry.pid);
        grew = true;
      }
    }
  }
  return processes.filter((entry) => found.has(entry.pid));
}

function rememberGroups(script: StartedScript) {
  for (const entry of findDescendants(script.child.pid!)) script.groups.add(entry.pgid);
}

async function isAnswering(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return true;
  } catch {
    return false;
  }
}

async function waitFor(what: string, timeoutMs: number, check: () => boolean | Promise<boolean>, script: StartedScript) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(250);
  }
  throw new Error(`${what} within ${timeoutMs / 1000} s. scripts/start.mjs printed:\n${script.output()}`);
}

async function startScript(): Promise<StartedScript> {
  const port = await findFreePort();
  const persistTo = await mkdtemp(path.join(tmpdir(), "mhi-start-test-"));
  // detached: its own process group, as under npm in a terminal, so the test's own group never gets its signals.
  const child = spawn(process.execPath, [START_SCRIPT], {
    env: { ...process.env, PORT: String(port), PERSIST_TO: persistTo },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk) => (output += chunk));
  child.stderr!.setEncoding("utf8").on("data", (chunk) => (output += chunk));
  started = { child, url: `http://127.0.0.1:${port}/`, persistTo, output: () => output, groups: new Set([child.pid!]) };
  return started;
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Until the port answers, noting the process groups under the script as they appear (wrangler, workerd, d1 commands). */
async function waitUntilAnswering(script: StartedScript) {
  await waitFor(
    `${script.url} did not answer`,
    STARTUP_TIMEOUT_MS,
    async () => {
      if (hasExited(script.child)) throw new Error(`scripts/start.mjs exited early:\n${script.output()}`);
      rememberGroups(script);
      return isAnswering(script.url);
    },
    script,
  );
}

/** What closing the terminal does: the terminal's end of the output goes away, and the script gets SIGHUP. */
async function hangUp(script: StartedScript) {
  rememberGroups(script);
  script.child.stdout!.destroy();
  script.child.stderr!.destroy();
  process.kill(script.child.pid!, "SIGHUP");
  await waitFor("scripts/start.mjs did not exit after SIGHUP", SHUTDOWN_TIMEOUT_MS, () => hasExited(script.child), script);
}

/** Processes of any group seen under the script, or wrangler commands on its database (one started after the last look). */
function findLeftovers(script: StartedScript): string[] {
  return listProcesses()
    .filter((entry) => script.groups.has(entry.pgid) || entry.command.includes(script.persistTo))
    .map((entry) => `${entry.pid} (group ${entry.pgid}): ${entry.command}`);
}

async function expectNothingLeft(script: StartedScript) {
  await waitFor(`${script.url} still answers after SIGHUP`, SHUTDOWN_TIMEOUT_MS, async () => !(await isAnswering(script.url)), script);
  const deadline = Date.now() + SHUTDOWN_TIMEOUT_MS;
  while (findLeftovers(script).length > 0 && Date.now() < deadline) await sleep(250);
  expect(findLeftovers(script)).toEqual([]);
}

afterEach(async () => {
  // Whatever happened, nothing of this test may go on serving or holding its database folder.
  const script = started;
  started = undefined;
  if (!script) return;
  if (!hasExited(script.child)) rememberGroups(script);
  for (const entry of listProcesses()) if (entry.command.includes(script.persistTo)) script.groups.add(entry.pgid);
  for (const group of script.groups) {
    try {
      process.kill(-group, "SIGKILL");
    } catch {
      // already gone
    }
  }
  await rm(script.persistTo, { recursive: true, force: true });
});

describe("npm start (scripts/start.mjs)", () => {
  it("serves on PORT with the database in PERSIST_TO, prints that address, and a hangup stops wrangler and workerd", { timeout: STARTUP_TIMEOUT_MS + 120_000 }, async () => {
    const script = await startScript();
    await waitUntilAnswering(script);
    await waitFor("the demo collection was not loaded", STARTUP_TIMEOUT_MS, () => script.output().includes("The repository is running at"), script);

    expect(script.output()).toContain(`The repository is running at ${script.url}\n`);
    const response = await fetch(new URL("/api/publications", script.url));
    const publications = (await response.json()) as { items: { title: string }[] };
    expect(publications.items.length).toBeGreaterThan(0);
    expect(publications.items.every((item) => item.title.startsWith("Sample"))).toBe(true);
    expect(existsSync(path.join(script.persistTo, "v3", "d1"))).toBe(true);

    await hangUp(script);
    expect(script.child.exitCode).toBe(0);
    await expectNothingLeft(script);
  });

  it("stops everything when the hangup comes while the demo collection is still loading", { timeout: STARTUP_TIMEOUT_MS + 60_000 }, async () => {
    const script = await startScript();
    await waitUntilAnswering(script);

    await hangUp(script);
    expect(script.output()).not.toContain("The repository is running at");
    await expectNothingLeft(script);
  });
});
