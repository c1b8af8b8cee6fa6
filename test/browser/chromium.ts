// Debian's Chromium, driven by playwright-core (`npx playwright install` cannot download a browser here: docs/architecture.md,
// "Browser tests").
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

export const CHROMIUM_PATH = "/usr/bin/chromium";
export const HAS_CHROMIUM = existsSync(CHROMIUM_PATH);

// CI installs Chromium (.ci/run): there, its absence is a failure, not a reason to skip every browser test.
if (process.env.CI === "true" && !HAS_CHROMIUM) throw new Error(`${CHROMIUM_PATH} is missing: .ci/run installs Debian's chromium package`);

/**
 * Without the background-networking flags Chromium keeps reaching for Google's hosts, which this network refuses.
 * playwright-core gives every launch a fresh, empty profile folder of its own.
 */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
