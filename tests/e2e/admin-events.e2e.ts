import { randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import { ADMIN_STATE } from "./support/env.ts";
import { expect, snap, test } from "./support/fixtures.ts";

// Dates must follow the event's zone, not the viewer's: browse from the other side of the world.
test.use({ storageState: ADMIN_STATE, timezoneId: "Pacific/Auckland" });

async function eventCount(page: Page): Promise<number> {
  const subtitle = await page.getByText(/^\d+ events?$/).textContent();
  return Number.parseInt(subtitle ?? "", 10);
}

async function fillEventForm(page: Page, values: { name: string; slug: string; startsAt: string; endsAt: string }) {
  await page.getByLabel("Event name").fill(values.name);
  await page.getByLabel("Web address name").fill(values.slug);
  await page.getByLabel("Kind").selectOption({ label: "Workshop" });
  await page.getByLabel("Campus").selectOption({ label: "Scottsdale" });
  await page.getByLabel("Time zone").selectOption("America/Phoenix");
  await page.getByLabel("Starts").fill(values.startsAt);
  await page.getByLabel("Ends").fill(values.endsAt);
  await page.getByLabel("Description").fill("An evening of practice for caregivers who tell their stories online.");
  await page.getByRole("checkbox", { name: /Published/ }).check();
}

test("an organiser's invalid event is refused field by field; a valid one is listed in its own zone", async ({
  page,
  a11y,
  browser,
}) => {
  const suffix = randomBytes(3).toString("hex");
  const name = `Caregiver Storytelling Lab ${suffix}`;
  const slug = `caregiver-storytelling-${suffix}`;
  // 18:00 in Phoenix (UTC−7, no DST) is already the next day in UTC, so a UTC slip would show 11–13.
  const valid = { name, slug, startsAt: "2027-11-10T18:00", endsAt: "2027-11-12T19:00" };

  await page.goto("/admin/events");
  const before = await eventCount(page);
  await a11y.check();

  await page.getByRole("link", { name: "New event" }).click();
  await expect(page.getByRole("heading", { name: "New event", level: 1 })).toBeVisible();
  await a11y.check();

  await fillEventForm(page, { ...valid, slug: "social-media-summit-2027", endsAt: "2027-11-09T17:00" });
  await page.getByRole("button", { name: "Create event" }).click();
  await expect(page.getByText("The end must be after the start")).toBeVisible();
  await expect(page.getByLabel("Ends")).toHaveAttribute("aria-invalid", "true");
  await expect(page).toHaveURL("/admin/events/new");
  await a11y.check();
  await snap(page, "admin-new-event-errors");

  await page.getByLabel("Ends").fill(valid.endsAt);
  await page.getByRole("button", { name: "Create event" }).click();
  await expect(page.getByText("Another event already uses this web address name.")).toBeVisible();
  await expect(page.getByLabel("Web address name")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("The end must be after the start")).toBeHidden();
  await expect(page).toHaveURL("/admin/events/new");
  await a11y.check();

  // Without JavaScript the server applies the same schema and says the same thing.
  const noScript = await browser.newContext({ storageState: ADMIN_STATE, javaScriptEnabled: false });
  const plain = await noScript.newPage();
  await plain.goto("/admin/events/new");
  await fillEventForm(plain, { ...valid, endsAt: "2027-11-09T17:00" });
  await plain.getByRole("button", { name: "Create event" }).click();
  await expect(plain.getByText("The end must be after the start")).toBeVisible();
  await expect(plain.getByLabel("Event name")).toHaveValue(name);
  await noScript.close();

  await page.getByLabel("Web address name").fill(slug);
  await page.getByRole("button", { name: "Create event" }).click();
  await expect(page.getByRole("status")).toHaveText(`${name} created.`);
  await expect(page.getByRole("heading", { name: `Edit ${name}`, level: 1 })).toBeVisible();
  await expect(page.getByLabel("Starts")).toHaveValue(valid.startsAt);
  await expect(page.getByLabel("Time zone")).toHaveValue("America/Phoenix");
  await a11y.check();

  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Events" }).click();
  await expect(page.getByRole("table")).toContainText(name);
  expect(await eventCount(page), "only the valid submission created an event").toBe(before + 1);
  await expect(page.getByRole("row").filter({ hasText: name })).toContainText("10–12 November 2027");
  await a11y.check();

  await page.goto("/");
  const scottsdale = page.getByRole("region", { name: /Scottsdale/ });
  const card = scottsdale.getByRole("listitem").filter({ hasText: name });
  await expect(card).toContainText("10–12 November 2027");
  await expect(card).toContainText("Times in MST (America/Phoenix)");
  await a11y.check();
  await snap(page, "home-with-new-event");

  await card.getByRole("link", { name }).click();
  await expect(page).toHaveURL(`/events/${slug}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  await expect(page.getByText("Wednesday 10 November 2027, 6:00 PM MST")).toBeVisible();
  await expect(page.getByText("Friday 12 November 2027, 7:00 PM MST")).toBeVisible();
  await a11y.check();
});
