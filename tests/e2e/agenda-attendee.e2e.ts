import { DEMO, DEMO_PASSWORD } from "./support/env.ts";
import { expect, snap, test } from "./support/fixtures.ts";
import { submitLogIn } from "./support/users.ts";

const SUMMIT = "/events/social-media-summit-2027";
const SESSION = "Podcasting the caregiver years";

test("an attendee filters the summit agenda by track, stars a session and finds it in My agenda", async ({ page, a11y }) => {
  await page.goto(`/login?redirectTo=${encodeURIComponent(SUMMIT)}`);
  await a11y.check();
  await submitLogIn(page, DEMO.attendee.email, DEMO_PASSWORD);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Social Media Summit 2027");
  await a11y.check();

  await page.getByRole("link", { name: "Agenda", exact: true }).first().click();
  await expect(page).toHaveURL(`${SUMMIT}/agenda`);
  await expect(page.getByText("All times are in EDT (America/New_York)")).toBeVisible();
  await expect(page.getByRole("link", { name: "A social media policy people actually read" })).toBeVisible();
  await a11y.check();
  await snap(page, "agenda");

  await page.getByLabel("Track").selectOption({ label: "Patients & Caregivers" });
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/track=/);
  await expect(page.getByRole("link", { name: "Your story, your terms: sharing a diagnosis online" })).toBeVisible();
  await expect(page.getByRole("link", { name: "A social media policy people actually read" })).toHaveCount(0);
  await a11y.check();

  await page
    .getByRole("navigation", { name: "Days" })
    .getByRole("link", { name: /Wednesday/ })
    .click();
  await expect(page).toHaveURL(/day=2027-09-29/);
  await expect(page).toHaveURL(/track=/);
  const card = page.getByRole("article").filter({ has: page.getByRole("link", { name: SESSION }) });
  await expect(card).toContainText("10:30 – 11:30 AM EDT");
  await expect(card).toContainText("Patients & Caregivers");
  await a11y.check();

  await card.getByRole("button", { name: `Star “${SESSION}”` }).click();
  await expect(card.getByRole("button", { name: `Starred – remove “${SESSION}” from my agenda` })).toBeVisible();
  await a11y.check();

  await page.getByRole("navigation", { name: "Programme" }).getByRole("link", { name: "My agenda" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("My agenda · Social Media Summit 2027");
  await expect(page.getByRole("link", { name: SESSION })).toBeVisible();
  // The demo attendee starred two talks that run at the same time.
  await expect(page.getByText("2 of your sessions overlap")).toBeVisible();
  await expect(page.getByText("Overlaps with").first()).toBeVisible();
  await a11y.check();
  await snap(page, "my-agenda");

  // Leave the demo as it was for the other tests.
  const mine = page.getByRole("article").filter({ has: page.getByRole("link", { name: SESSION }) });
  await mine.getByRole("button", { name: `Starred – remove “${SESSION}” from my agenda` }).click();
  await expect(page.getByRole("link", { name: SESSION })).toHaveCount(0);
  await a11y.check();
});
