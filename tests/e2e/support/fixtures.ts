import { mkdirSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type Frame, type Page } from "@playwright/test";
import { APP_URL, SCREENSHOTS_DIR } from "./env.ts";

export { expect };

const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const BLOCKING_IMPACTS = new Set(["serious", "critical"]);
// axe runs as a script inside each frame; a frame sandboxed without allow-scripts (the
// email preview) never answers, so check such a frame's document on its own instead.
const SCRIPTLESS_FRAMES = 'iframe[sandbox]:not([sandbox~="allow-scripts"])';

type Violation = Awaited<ReturnType<AxeBuilder["analyze"]>>["violations"][number];

function formatViolations(violations: Violation[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 5)
        .map((n) => `    - ${n.target.join(" ")}\n      ${(n.failureSummary ?? "").replace(/\n/g, "\n      ")}`)
        .join("\n");
      const more = v.nodes.length > 5 ? `\n    … and ${v.nodes.length - 5} more` : "";
      return `  [${v.impact}] ${v.id}: ${v.help}\n    ${v.helpUrl}\n${nodes}${more}`;
    })
    .join("\n");
}

/** axe's verdict on the page as it is now: every violation, and those serious enough to fail a test. */
export async function runAxe(page: Page) {
  await page.waitForLoadState("load");
  // A client-side navigation or form submission still under way would be judged half-done.
  await page.waitForFunction(() => {
    const router = (window as { __remixRouter?: { state: { navigation: { state: string } } } }).__remixRouter;
    return !router || router.state.navigation.state === "idle";
  });
  const { violations } = await new AxeBuilder({ page }).withTags(AXE_TAGS).exclude(SCRIPTLESS_FRAMES).analyze();
  return { violations, blocking: violations.filter((v) => BLOCKING_IMPACTS.has(v.impact ?? "")) };
}

/** Where a page is, as the accessibility record keys it: path and query. */
function pageKey(url: string): string | null {
  if (!url.startsWith(APP_URL)) return null;
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
}

export type A11y = {
  /**
   * Runs axe (WCAG 2.0/2.1 A and AA) on the page as it is now. Serious and critical
   * violations fail the test (softly, so one run lists every failing page).
   */
  check(page?: Page): Promise<void>;
};

/**
 * `a11y`: every page of the app that a test's `page` lands on must be checked with
 * `a11y.check()` before the test ends, or the test fails naming the pages it skipped.
 */
export const test = base.extend<{ a11y: A11y }>({
  a11y: async ({ page }, use, testInfo) => {
    const visited = new Set<string>();
    const checked = new Set<string>();
    const onNavigated = (frame: Frame) => {
      if (frame !== page.mainFrame()) return;
      const key = pageKey(frame.url());
      if (key) visited.add(key);
    };
    page.on("framenavigated", onNavigated);

    await use({
      async check(target = page) {
        const key = pageKey(target.url()) ?? target.url();
        const { violations, blocking } = await runAxe(target);
        checked.add(key);
        if (violations.length) {
          await testInfo.attach(`axe ${key}`, { body: JSON.stringify(violations, null, 2), contentType: "application/json" });
        }
        const summary = blocking.map((v) => `${v.id} (${v.impact}, ${v.nodes.length} element${v.nodes.length === 1 ? "" : "s"})`);
        expect.soft(summary, `axe found serious or critical violations on ${key}:\n${formatViolations(blocking)}`).toEqual([]);
      },
    });

    page.off("framenavigated", onNavigated);
    const unchecked = [...visited].filter((key) => !checked.has(key));
    expect(unchecked, "pages this test visited without an accessibility check").toEqual([]);
  },
});

/** Saves a full-page screenshot to $SCREENSHOTS_DIR when that is set; does nothing otherwise. */
export async function snap(page: Page, name: string) {
  if (!SCREENSHOTS_DIR) return;
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS_DIR, `${name}.png`), fullPage: true });
}
