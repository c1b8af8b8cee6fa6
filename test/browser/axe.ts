// The accessibility check every browser test shares: axe-core's WCAG 2.2 AA rules, run in a real Chromium.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { expect } from "vitest";

const WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"];

/**
 * No axe violations on the page. axe runs as a script in the page, which a context without JavaScript cannot run (it
 * waits for good): for such a page, say `javaScript: false`, and the same address is checked in a context with it.
 */
export async function expectNoAxeViolations(page: Page, { javaScript = true }: { javaScript?: boolean } = {}): Promise<void> {
  const context = javaScript ? null : await page.context().browser()!.newContext({ viewport: page.viewportSize() ?? undefined });
  try {
    const checked = context ? await context.newPage() : page;
    if (context) await checked.goto(page.url());
    const results = await new AxeBuilder({ page: checked }).withTags(WCAG_22_AA).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  } finally {
    await context?.close();
  }
}
