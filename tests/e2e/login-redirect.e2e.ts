import { DEMO, DEMO_PASSWORD } from "./support/env.ts";
import { expect, test } from "./support/fixtures.ts";
import { submitLogIn } from "./support/users.ts";

test("a signed-out visit to an admin page goes through login and back to that page", async ({ page, a11y }) => {
  await page.goto("/admin/events");
  await expect(page).toHaveURL("/login?redirectTo=%2Fadmin%2Fevents");
  await a11y.check();

  await submitLogIn(page, DEMO.organizer.email, DEMO_PASSWORD);
  await expect(page).toHaveURL("/admin/events");
  await expect(page.getByRole("heading", { name: "Events", level: 1 })).toBeVisible();
  await expect(page.getByRole("status")).toHaveText(`Welcome back, ${DEMO.organizer.name}.`);
  await expect(page.getByRole("table")).toContainText("Social Media Summit 2027");
  await a11y.check();
});

test("the login page refuses to send people to another site afterwards", async ({ page, a11y }) => {
  await page.goto("/login?redirectTo=%2F%2Fevil.example%2Fphish");
  await a11y.check();
  await submitLogIn(page, DEMO.attendee.email, DEMO_PASSWORD);
  await expect(page.getByRole("status")).toHaveText(`Welcome back, ${DEMO.attendee.name}.`);
  await expect(page).toHaveURL("/");
  await a11y.check();
});
