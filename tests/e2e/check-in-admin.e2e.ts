import type { Page } from "@playwright/test";
import { DateTime } from "luxon";
import { listSnapshot, notYetIn, SUMMIT } from "./support/door.ts";
import { ADMIN_STATE } from "./support/env.ts";
import { type A11y, expect, snap, test } from "./support/fixtures.ts";

// The organisers' side of the door: lists with their progress, the arrivals dashboard that
// updates itself while people are scanned in, and a new list for the workshop's door. Times
// must follow the event's zone, not the viewer's: browse from the other side of the world.
test.use({ storageState: ADMIN_STATE, timezoneId: "Pacific/Auckland" });

async function openCheckIn(page: Page, a11y: A11y) {
  await page.goto("/admin/events");
  await a11y.check();
  await page
    .getByRole("link", { name: new RegExp(SUMMIT) })
    .first()
    .click();
  await expect(page.getByRole("heading", { name: new RegExp(SUMMIT), level: 1 })).toBeVisible();
  await a11y.check();
  await page.getByRole("link", { name: "Check-in", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Door check-in", level: 1 })).toBeVisible();
  await a11y.check();
}

test("an organiser follows the first morning's arrivals and sees a new arrival appear by itself", async ({ page, a11y }) => {
  // The page asks for fresh figures every 10 s.
  test.setTimeout(90_000);
  await openCheckIn(page, a11y);
  const table = page.getByRole("table", { name: /Check-in lists/ });
  await expect(table.getByRole("row", { name: /Main entrance \(all three days\)/ })).toContainText(/\d+ of \d+ checked in/);
  await expect(table.getByRole("row", { name: /Day 3 — Wednesday/ })).toContainText("0 of");
  const day3 = await table.getByRole("link", { name: "Day 3 — Wednesday" }).getAttribute("href");
  await snap(page, "check-in-lists");

  await page.getByRole("navigation", { name: "Door check-in" }).getByRole("link", { name: "Arrivals" }).click();
  await expect(page.getByRole("heading", { name: "Arrivals", level: 1 })).toBeVisible();
  await a11y.check();
  await page.getByRole("link", { name: /^Monday 27 September 2027 \(\d+\)$/ }).click();
  await expect(page).toHaveURL(/day=2027-09-27/);
  await expect(page.getByRole("link", { name: /^Monday 27 September 2027/ })).toHaveAttribute("aria-current", "page");
  const summary = page.getByRole("status").filter({ hasText: / arrived on / });
  await expect(summary).toContainText(/^\d+ people arrived on Monday 27 September 2027; \d+ of \d+ in on Main entrance/);
  // Quarter hours in the summit's zone (New York), whatever the viewer's.
  await expect(page.getByRole("table", { name: "Arrivals on Monday 27 September 2027" })).toContainText(
    "8:30 AM EDT to 8:45 AM EDT",
  );
  await expect(page.getByRole("table", { name: /not checked in on Main entrance/ })).toBeVisible();
  await expect(page.getByRole("table", { name: /already checked in/ })).toContainText("Door 2 — Harbor atrium");
  await a11y.check();
  await snap(page, "check-in-arrivals");

  // Today's view, then someone is checked in at a door: the page shows it without a reload.
  const summitZone = "America/New_York";
  const today = DateTime.now().setZone(summitZone).toFormat("yyyy-LL-dd");
  await page.goto(`${page.url().split("?")[0]}?day=${today}`);
  await a11y.check();
  const before = Number.parseInt((await summary.textContent()) ?? "", 10);
  const listId = day3?.split("/").pop() ?? "";
  const snapshot = await listSnapshot(page.request, listId);
  // The last of those still to come (the scanner's tests take the first ones), never the demo attendee.
  const person = notYetIn(snapshot)
    .filter((e) => e.email !== "attendee@summit.test")
    .at(-1);
  if (!person) throw new Error("Day 3 should have people still to come");
  const device = await page.request.post("/api/check-in/devices", {
    data: { eventId: snapshot.list.eventId, name: "Door E2E arrivals" },
  });
  expect(device.status()).toBe(200);
  const scan = await page.request.post("/api/check-in/scan", {
    data: {
      listId,
      deviceId: (await device.json()).id,
      nonce: `e2e-arrivals-${Date.now()}`,
      registrationId: person.registrationId,
    },
  });
  expect((await scan.json()).kind).toBe("ADMIT");
  await expect(async () => {
    expect(Number.parseInt((await summary.textContent()) ?? "", 10)).toBeGreaterThan(before);
  }).toPass({ timeout: 30_000 });
  await a11y.check();
});

test("an organiser adds a list for the workshop's door", async ({ page, a11y }) => {
  await openCheckIn(page, a11y);
  await page.getByRole("link", { name: "New list" }).click();
  await expect(page.getByRole("heading", { name: "New check-in list", level: 1 })).toBeVisible();
  await a11y.check();
  const name = `Workshop door ${Date.now().toString(36)}`;
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("One workshop").check();
  await page.getByLabel("Workshop", { exact: true }).selectOption({
    label: "Hands-on: plan, film and caption a one-minute health video — Tuesday 28 September 2027, 1:45 PM EDT",
  });
  await page.getByLabel("Virtual").uncheck();
  await page.getByRole("button", { name: "Add list" }).click();
  await expect(page.getByText(`${name} added.`)).toBeVisible();
  const row = page.getByRole("table", { name: /Check-in lists/ }).getByRole("row", { name: new RegExp(name) });
  await expect(row).toContainText("Hands-on: plan, film and caption a one-minute health video");
  await expect(row).not.toContainText("Virtual");
  await a11y.check();

  await page.getByRole("navigation", { name: "Door check-in" }).getByRole("link", { name: "Staff & devices" }).click();
  await expect(page.getByRole("heading", { name: "Staff & devices", level: 1 })).toBeVisible();
  await expect(page.getByText("staff@summit.test")).toBeVisible();
  await expect(page.getByRole("row", { name: /Door 1 — Main hall/ })).toBeVisible();
  await a11y.check();
  await snap(page, "check-in-staff");
});
