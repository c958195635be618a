import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { APIRequestContext, Page } from "@playwright/test";
import type { CheckInSnapshot } from "../../../app/modules/badges/offline/snapshot.ts";
import { DEMO_PASSWORD, SCREENSHOTS_DIR } from "./env.ts";
import { type A11y, expect } from "./fixtures.ts";
import { submitLogIn } from "./users.ts";

// The door scanner's browser tests: the demo staff account, the summit's check-in lists, and
// the server's own view of a list (its snapshot API) to check what reached it.

export const STAFF_EMAIL = "staff@summit.test";
export const SUMMIT = "Social Media Summit 2027";

export type DoorList = { name: string; id: string };

/** A device name no other test (or earlier run) uses. */
export const deviceName = (label: string) => `Door E2E ${label} ${randomBytes(2).toString("hex")}`;

/** Logs the demo staff member in straight to /staff; returns the summit's lists as linked there. */
export async function openStaffHome(page: Page, a11y: A11y): Promise<DoorList[]> {
  await page.goto("/login?redirectTo=%2Fstaff");
  await a11y.check(page);
  await submitLogIn(page, STAFF_EMAIL, DEMO_PASSWORD);
  await expect(page.getByRole("heading", { name: "Door check-in", level: 1 })).toBeVisible();
  await a11y.check(page);
  const links = page.getByRole("region", { name: SUMMIT }).getByRole("link", { name: /^Scan: / });
  await expect(links.first()).toBeVisible();
  const lists: DoorList[] = [];
  for (const link of await links.all()) {
    const href = (await link.getAttribute("href")) ?? "";
    const name = ((await link.locator("span > span").first().textContent()) ?? "").replace(/^Scan: /, "");
    lists.push({ name, id: new URL(href, "http://x").searchParams.get("list") ?? "" });
  }
  return lists;
}

/** From /staff: opens the list's scanner and names this phone; returns once the list is on the phone. */
export async function openScanner(page: Page, a11y: A11y, list: DoorList, device: string) {
  const name = list.name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  await page
    .getByRole("region", { name: SUMMIT })
    .getByRole("link", { name: new RegExp(`^Scan: ${name}(\\s|$)`) })
    .click();
  await expect(page.getByRole("heading", { name: `Scan: ${list.name}`, level: 1 })).toBeVisible();
  await page.getByLabel("Device name").fill(device);
  await a11y.check(page);
  await page.getByRole("button", { name: "Save name" }).click();
  await expect(page.getByText(`This device: ${device}`)).toBeVisible();
  await expect(connection(page)).toHaveText("online");
  await expect(page.getByText(/list updated/)).toBeVisible();
  await a11y.check(page);
}

export const connection = (page: Page) => page.getByRole("status", { name: "Connection" });
export const verdict = (page: Page) => page.getByRole("status", { name: "Verdict" });

/** The server's copy of the list, as the scanner downloads it (with the staff's session). */
export async function listSnapshot(request: APIRequestContext, listId: string): Promise<CheckInSnapshot> {
  const response = await request.get(`/api/check-in/lists/${listId}/snapshot`);
  expect(response.status(), await response.text()).toBe(200);
  return response.json();
}

/** People on the list who may pass and are not in yet, by name. */
export function notYetIn(snapshot: CheckInSnapshot) {
  const inside = new Set(snapshot.checkIns.map((c) => c.registrationId));
  const admits = new Set(snapshot.list.admits);
  return snapshot.entries
    .filter((e) => e.status === "CONFIRMED" && admits.has(e.ticketTypeId) && !inside.has(e.registrationId))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Like snap(), but the phone's screen as staff see it: a verdict covers the viewport, not the page. */
export async function snapScreen(page: Page, name: string) {
  if (!SCREENSHOTS_DIR) return;
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS_DIR, `${name}.png`) });
}

/** Clears the verdict for the next person: Next, unless the screen already cleared itself (after 2.5 s). */
export async function nextPerson(page: Page) {
  await page
    .getByRole("button", { name: "Next" })
    .click({ timeout: 1_000 })
    .catch(() => undefined);
  await expect(verdict(page)).toHaveText("");
}
