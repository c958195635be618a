import { readFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import { parse } from "csv-parse/sync";
import { ADMIN_STATE } from "./support/env.ts";
import { type A11y, expect, snap, test } from "./support/fixtures.ts";

// Times must follow the event's zone, not the viewer's: browse from the other side of the world.
test.use({ storageState: ADMIN_STATE, timezoneId: "Pacific/Auckland" });

async function openSummit(page: Page, a11y: A11y) {
  await page.goto("/admin/events");
  await a11y.check();
  await page
    .getByRole("link", { name: /Social Media Summit 2027/ })
    .first()
    .click();
  await expect(page.getByRole("heading", { name: /Social Media Summit 2027/, level: 1 })).toBeVisible();
  await a11y.check();
}

test("an organiser filters the registrations table by need and downloads just those rows", async ({ page, a11y }) => {
  await openSummit(page, a11y);
  await page.getByRole("link", { name: "Registrations", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Registrations", level: 1 })).toBeVisible();
  const summary = page.getByText(/^\d+ registrations?\. Times are in/);
  const total = Number.parseInt((await summary.textContent()) ?? "", 10);
  expect(total).toBeGreaterThan(50);
  await expect(page.getByRole("navigation", { name: "Pagination" })).toBeVisible();
  await a11y.check();

  await page.getByLabel("Accessibility need").selectOption({ label: "Step-free access" });
  await page.getByLabel("Status").selectOption({ label: "Confirmed" });
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/need=STEP_FREE/);
  await expect(page).toHaveURL(/status=CONFIRMED/);
  // Other tests may register for the summit meanwhile, so the total can have grown.
  const filtered = page.getByText(/^\d+ registrations, \d+ shown\./);
  await expect(filtered).toBeVisible();
  const shown = Number((await filtered.textContent())?.match(/, (\d+) shown/)?.[1]);
  expect(shown).toBeGreaterThan(0);
  const rows = page.getByRole("table").getByRole("row");
  await expect(rows).toHaveCount(shown + 1);
  for (const row of await rows.all().then((all) => all.slice(1))) {
    await expect(row).toContainText("Step-free access");
    await expect(row).toContainText("Confirmed");
  }
  // The filters live in the URL: a reload keeps them.
  await page.reload();
  await expect(page.getByLabel("Accessibility need")).toHaveValue("STEP_FREE");
  await a11y.check();
  await snap(page, "admin-registrations-filtered");

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Export CSV (filtered)" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("social-media-summit-2027-registrations.csv");
  const records: Record<string, string>[] = parse(await readFile(await download.path(), "utf8"), { columns: true, bom: true });
  expect(records).toHaveLength(shown);
  for (const record of records) {
    expect(record["Accessibility needs"]).toContain("Step-free access");
    expect(record.Status).toBe("Confirmed");
  }

  await page.getByRole("link", { name: "Clear" }).click();
  await expect(summary).toBeVisible();
  await a11y.check();
});

test("the sales dashboard and the accessibility report render with their figures", async ({ page, a11y }) => {
  await openSummit(page, a11y);
  await page.getByRole("link", { name: "Sales", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Sales", level: 1 })).toBeVisible();
  await expect(page.getByText("Gross sales")).toBeVisible();
  await expect(page.getByRole("figure").filter({ hasText: "Registrations per day" })).toBeVisible();
  await expect(page.getByRole("figure").filter({ hasText: "Revenue per day" })).toBeVisible();
  // Each chart's numbers are in a table for screen readers.
  await expect(page.getByRole("table", { name: "Registrations per day" })).toBeAttached();
  await expect(page.getByRole("heading", { name: "Capacity by ticket type" })).toBeVisible();
  await expect(page.getByText(/^Sold \d+, Held \d+/).first()).toBeVisible();
  await a11y.check();
  await snap(page, "admin-sales-dashboard");

  await page.goBack();
  await page.getByRole("link", { name: "Accessibility report" }).click();
  await expect(page.getByRole("heading", { name: /Accessibility needs · Social Media Summit 2027/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: /^Step-free access \(\d+\)$/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: /^No photos or recordings \(\d+\)$/ })).toBeVisible();
  await expect(page.getByRole("button", { name: "Print this report" })).toBeVisible();
  await a11y.check();
});
